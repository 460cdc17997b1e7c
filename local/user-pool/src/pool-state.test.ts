import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NO_LOCKOUT } from './lockout.ts';
import { StateFileError, StateWriter, loadState, type PoolState } from './pool-state.ts';
import { newSigningKey } from './signing-keys.ts';

describe('loadState', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pool-state-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads back what StateWriter wrote', async () => {
    const file = join(dir, 'ok.json');
    const state: PoolState = {
      users: {
        alice: {
          username: 'alice',
          sub: 'sub-1',
          passwordHash: 'hash',
          status: 'CONFIRMED',
          attributes: { email: 'alice@example.com' },
          groups: ['citizen'],
          createdAt: '2024-01-01T00:00:00.000Z',
          confirmation: undefined,
          lockout: NO_LOCKOUT,
        },
      },
      sessions: {},
      keys: [await newSigningKey()],
    };
    await new StateWriter(file).save(state);
    assert.deepEqual(await loadState(file), state);
  });

  it('gives a clear error naming the file for a damaged state file', async () => {
    const cases = {
      'truncated.json': '{"users":{"alice":',
      'wrong-shape.json': JSON.stringify({ users: { alice: { username: 'alice' } }, sessions: {}, keys: 'none' }),
      'null.json': 'null',
    };
    for (const [name, text] of Object.entries(cases)) {
      const file = join(dir, name);
      await writeFile(file, text);
      await assert.rejects(loadState(file), (e: unknown) => {
        assert.ok(e instanceof StateFileError, `${name}: ${String(e)}`);
        assert.equal(e.file, file);
        assert.match(e.message, new RegExp(`state file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged`));
        return true;
      });
    }
  });
});
