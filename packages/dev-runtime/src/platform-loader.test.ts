import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from './args.ts';
import { exportNameOf, loadPlatform, platformNames } from './platform-loader.ts';

describe('loading a platform by name', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'platforms-'));
    // The same @dwp/platform module this process loaded, so its definePlatform is the one that counts.
    const definition = `import { definePlatform } from '${import.meta.resolve('@dwp/platform')}';
export const tradingDesk = definePlatform({
  name: 'trading-desk',
  clusters: [{ name: 'web', tier: 'web' }],
  services: [{ name: 'frontend', tier: 'web', cluster: 'web', port: 80, cpu: 512, memory: 1024, tasks: { min: 1, max: 2 } }],
  serviceDiscovery: { namespace: 'trading.local', healthCheck: { type: 'HTTP', path: '/health', intervalSeconds: 30, failureThreshold: 3 } },
  loadBalancing: {
    public: { name: 'public-alb', scheme: 'internet-facing', listeners: [{ port: 80, protocol: 'HTTP' }], targets: ['frontend'] },
    healthCheck: { path: '/health', intervalSeconds: 30, healthyThreshold: 2, unhealthyThreshold: 5 },
  },
  environments: [{ name: 'prod' }],
  deployment: { strategy: 'rolling' },
});
`;
    await writeFile(join(dir, 'trading-desk.ts'), definition);
    await writeFile(join(dir, 'look-alike.ts'), `export const lookAlike = { name: 'look-alike', services: [] };\n`);
    await writeFile(join(dir, 'trading-desk.test.ts'), '');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("names a definition's export after its file", () => {
    assert.equal(exportNameOf('dwp'), 'dwp');
    assert.equal(exportNameOf('trading-desk'), 'tradingDesk');
  });

  it('lists the definitions in the folder, leaving tests out', () => {
    assert.deepEqual(platformNames(dir), ['look-alike', 'trading-desk']);
  });

  it('loads the definition a file exports under its name', async () => {
    const platform = await loadPlatform(dir, 'trading-desk');
    assert.equal(platform.name, 'trading-desk');
    assert.equal(platform.services[0]?.name, 'frontend');
  });

  it('refuses a name with no file, listing the known ones', async () => {
    await assert.rejects(
      loadPlatform(dir, 'ghost'),
      (e: unknown) =>
        e instanceof UsageError && /no platform "ghost" in .*; known: look-alike, trading-desk/.test(e.message),
    );
  });

  it('refuses an export that definePlatform did not check, whatever its shape', async () => {
    await assert.rejects(
      loadPlatform(dir, 'look-alike'),
      (e: unknown) => e instanceof UsageError && /exports no definition named "lookAlike"/.test(e.message),
    );
  });
});
