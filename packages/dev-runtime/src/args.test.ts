import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PLATFORM, checkReplicaNames, parseArgs, replicasFor, UsageError } from './args.ts';

const names = ['claims-api', 'citizen-api'];

describe('npm start arguments', () => {
  it('runs the definition replicas when nothing is given', () => {
    const o = parseArgs([]);
    assert.equal(replicasFor(o, 'claims-api', 1), 1);
    assert.equal(o.dataDir, '.data');
    assert.equal(o.fresh, false);
  });

  it('applies a bare --replicas to every service and a named one to that service only', () => {
    const o = parseArgs(['--replicas', '2', '--replicas=claims-api=3', '--fresh']);
    checkReplicaNames(o, names);
    assert.equal(replicasFor(o, 'claims-api', 1), 3);
    assert.equal(replicasFor(o, 'citizen-api', 1), 2);
    assert.equal(o.fresh, true);
  });

  it('refuses an unknown service, a bad count and an unknown flag', () => {
    assert.throws(
      () => {
        checkReplicaNames(parseArgs(['--replicas', 'ghost=2']), names);
      },
      (e: unknown) => e instanceof UsageError && /unknown service "ghost"/.test(e.message),
    );
    assert.throws(() => parseArgs(['--replicas', '0']), /whole number from 1 to 32/);
    assert.throws(() => parseArgs(['--replicas']), /whole number/);
    assert.throws(() => parseArgs(['--turbo']), /unknown option "--turbo"/);
  });

  it('runs the DWP definition unless --platform names another', () => {
    assert.equal(DEFAULT_PLATFORM, 'dwp');
    assert.equal(parseArgs([]).platform, 'dwp');
    assert.equal(parseArgs(['--platform', 'trading']).platform, 'trading');
    assert.equal(parseArgs(['--platform=webapp', '--fresh']).platform, 'webapp');
  });

  it('refuses a --platform that is missing or is not a file name in platforms/', () => {
    for (const argv of [['--platform'], ['--platform', '../infra/bin/app'], ['--platform', 'Dwp'], ['--platform=']]) {
      assert.throws(
        () => parseArgs(argv),
        (e: unknown) => {
          assert.ok(e instanceof UsageError);
          assert.equal(e.code, 'DEV_ERR_USAGE');
          assert.match(e.message, /--platform takes a definition's name/);
          return true;
        },
        argv.join(' '),
      );
    }
  });
});
