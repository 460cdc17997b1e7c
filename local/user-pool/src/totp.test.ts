import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeForStep, matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep, TOTP_PERIOD_S } from './totp.ts';

/** RFC 6238 appendix B's SHA-1 seed, the ASCII "12345678901234567890", in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** RFC 6238 appendix B, SHA-1 rows: Unix time in seconds and the 8-digit TOTP. */
const RFC_VECTORS: ReadonlyArray<readonly [number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP codes', () => {
  it('computes the RFC 6238 SHA-1 test vectors (8 digits)', () => {
    for (const [seconds, expected] of RFC_VECTORS)
      assert.equal(codeForStep(RFC_SECRET, totpStep(seconds * 1000), 8), expected, `T=${seconds}`);
  });

  it('gives the six-digit code an authenticator shows: the low six digits of the RFC values', () => {
    for (const [seconds, expected] of RFC_VECTORS)
      assert.equal(totpCode(RFC_SECRET, seconds * 1000), expected.slice(-6), `T=${seconds}`);
  });

  it('keeps one code for a whole 30-second step and changes it at the next', () => {
    const start = 1_700_000_010 * 1000 - ((1_700_000_010 * 1000) % (TOTP_PERIOD_S * 1000));
    assert.equal(totpCode(RFC_SECRET, start), totpCode(RFC_SECRET, start + 29_999));
    assert.notEqual(totpCode(RFC_SECRET, start), totpCode(RFC_SECRET, start + 30_000));
  });

  it('makes new secrets of 160 random bits in base32', () => {
    const a = newTotpSecret();
    assert.match(a, /^[A-Z2-7]{32}$/);
    assert.notEqual(a, newTotpSecret());
  });

  it('refuses a secret that is not base32', () => {
    assert.throws(() => totpCode('not base32!'), TypeError);
  });

  it('writes the key URI an authenticator app reads', () => {
    const text = otpauthUri(RFC_SECRET, 'test-citizen', 'DWP local');
    assert.ok(text.startsWith('otpauth://totp/DWP%20local:test-citizen?'), text);
    const uri = new URL(text);
    assert.equal(uri.searchParams.get('secret'), RFC_SECRET);
    assert.equal(uri.searchParams.get('issuer'), 'DWP local');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
  });
});

describe('matching a submitted code', () => {
  const secret = newTotpSecret();
  const at = 1_900_000_015_000;
  const step = totpStep(at);

  it('accepts the current step and one either side, naming the step it matched', () => {
    for (const delta of [-1, 0, 1])
      assert.deepEqual(matchTotp(secret, codeForStep(secret, step + delta), at, -1), {
        kind: 'accepted',
        step: step + delta,
      });
  });

  it('refuses a code two steps away from the clock', () => {
    for (const delta of [-2, 2])
      assert.equal(matchTotp(secret, codeForStep(secret, step + delta), at, -1).kind, 'mismatch');
  });

  it('refuses a code of a step already used, and of any earlier step, as a replay', () => {
    assert.equal(matchTotp(secret, codeForStep(secret, step), at, step).kind, 'replayed');
    assert.equal(matchTotp(secret, codeForStep(secret, step - 1), at, step).kind, 'replayed');
    assert.deepEqual(matchTotp(secret, codeForStep(secret, step + 1), at, step), { kind: 'accepted', step: step + 1 });
  });

  it('refuses anything but six digits', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ` ${codeForStep(secret, step).slice(1)}`])
      assert.equal(matchTotp(secret, code, at, -1).kind, 'mismatch');
  });
});
