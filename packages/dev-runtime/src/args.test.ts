import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, replicasFor, UsageError } from './args.ts';

const names = ['claims-api', 'citizen-api'];

describe('npm start arguments', () => {
  it('runs the definition replicas when nothing is given', () => {
    const o = parseArgs([], names);
    assert.equal(replicasFor(o, 'claims-api', 1), 1);
    assert.equal(o.dataDir, '.data');
    assert.equal(o.fresh, false);
  });

  it('applies a bare --replicas to every service and a named one to that service only', () => {
    const o = parseArgs(['--replicas', '2', '--replicas=claims-api=3', '--fresh'], names);
    assert.equal(replicasFor(o, 'claims-api', 1), 3);
    assert.equal(replicasFor(o, 'citizen-api', 1), 2);
    assert.equal(o.fresh, true);
  });

  it('refuses an unknown service, a bad count and an unknown flag', () => {
    assert.throws(() => parseArgs(['--replicas', 'ghost=2'], names), (e: unknown) => e instanceof UsageError && /unknown service "ghost"/.test(e.message));
    assert.throws(() => parseArgs(['--replicas', '0'], names), /whole number from 1 to 32/);
    assert.throws(() => parseArgs(['--replicas'], names), /whole number/);
    assert.throws(() => parseArgs(['--turbo'], names), /unknown option "--turbo"/);
  });
});
