/**
 * The primary gateway's authorizer against every kind of bad token, through the public entry of a
 * running platform, and the user pool's key rotation without a restart. Tokens with exactly one
 * thing wrong are signed with the pool's own key (read from its data folder), so each case fails
 * for its own reason and no other.
 */
import assert from 'node:assert/strict';
import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, importJWK, type JWK, type JWTPayload } from 'jose';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

describe('the gateway authorizer', () => {
  let started: TestPlatform;
  let dataDir: string;
  let platform: LocalPlatform;
  let good: string;
  let claims: JWTPayload;
  let poolKey: { kid: string; privateJwk: JWK; publicJwk: JWK };

  const me = (authorization?: string) =>
    fetch(`${platform.entryUrl}/api/identity/me`, { headers: authorization ? { authorization } : {} });
  const expectUnauthorized = async (authorization: string | undefined, why: string) => {
    const res = await me(authorization);
    assert.equal(res.status, 401, why);
    assert.deepEqual(await res.json(), { message: 'Unauthorized' }, why);
  };
  const signInAs = async (username: string) =>
    (await signIn(platform.entryUrl, await seededUser(dataDir, username))).accessToken;
  /** A token like the good one, signed with the pool's own key, with some claims changed. */
  const variant = async (changes: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT({ ...claims, ...changes })
      .setProtectedHeader({ alg: 'RS256', kid: poolKey.kid, ...header })
      .sign(await importJWK(poolKey.privateJwk, 'RS256'));

  before(async () => {
    started = await startTestPlatform('tokens');
    ({ platform, dataDir } = started);
    good = await signInAs('test-citizen');
    claims = decodeJwt(good);
    const state = JSON.parse(await readFile(join(dataDir, 'user-pool', 'state.json'), 'utf8')) as {
      keys: Array<{ kid: string; privateJwk: JWK; publicJwk: JWK }>;
    };
    poolKey = state.keys.find((k) => k.kid === decodeProtectedHeader(good).kid)!;
  });
  after(async () => {
    await ifAssigned(started)?.stop();
  });

  it('lets a good access token through, with or without the Bearer prefix', async () => {
    for (const authorization of [`Bearer ${good}`, good]) {
      const res = await me(authorization);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { username: string }).username, 'test-citizen');
    }
  });

  it('refuses a request with no token', () => expectUnauthorized(undefined, 'missing'));

  it('refuses a malformed token', async () => {
    await expectUnauthorized('Bearer not-a-jwt', 'garbage');
    await expectUnauthorized(`Bearer ${good.split('.').slice(0, 2).join('.')}`, 'two parts');
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthorized(`Bearer ${await variant({ iat: now - 7200, exp: now - 3600 })}`, 'expired');
  });

  it('refuses a token that is not valid yet', async () => {
    await expectUnauthorized(
      `Bearer ${await variant({ nbf: Math.floor(Date.now() / 1000) + 3600 })}`,
      'nbf in the future',
    );
  });

  it('refuses a token from another issuer', async () => {
    await expectUnauthorized(
      `Bearer ${await variant({ iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Someone' })}`,
      'wrong iss',
    );
  });

  it('refuses a token for another app client, and an ID token in place of an access token', async () => {
    await expectUnauthorized(`Bearer ${await variant({ client_id: 'someoneelse' })}`, 'wrong client_id');
    await expectUnauthorized(`Bearer ${await variant({ token_use: 'id', aud: claims.client_id })}`, 'token_use id');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const unsigned = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`;
    await expectUnauthorized(`Bearer ${unsigned}`, 'alg none');
  });

  it('refuses a token HMAC-signed with the public key (algorithm confusion)', async () => {
    const pem = createPublicKey({ key: poolKey.publicJwk, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: poolKey.kid }))}.${b64url(JSON.stringify(claims))}`;
    const forged = `${head}.${createHmac('sha256', pem).update(head).digest('base64url')}`;
    await expectUnauthorized(`Bearer ${forged}`, 'HS256 with the public key');
  });

  it('refuses a token signed by a key the pool does not publish, under its own kid or an unknown one', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = await importJWK({ ...(await exportJWK(privateKey)), alg: 'RS256' }, 'RS256');
    await expectUnauthorized(
      `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: poolKey.kid }).sign(foreign)}`,
      'forged under the pool kid',
    );
    await expectUnauthorized(
      `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'not-a-pool-key' }).sign(foreign)}`,
      'unknown kid',
    );
  });

  it('refuses a client-supplied identity header: only the gateway may set it', async () => {
    const res = await fetch(`${platform.entryUrl}/api/identity/me`, { headers: { 'x-dwp-service-token': 'anything' } });
    assert.equal(res.status, 401);
  });

  it('accepts tokens signed with a new key after the pool rotates its keys, without a restart, and still the old ones', async () => {
    const pool = platform.status().standIns.find((s) => s.name === 'user-pool')!.endpoint;
    const { activeKid } = (await (await fetch(`${pool}/__local/rotate-keys`, { method: 'POST' })).json()) as {
      activeKid: string;
    };
    const fresh = await signInAs('test-citizen');
    assert.equal(decodeProtectedHeader(fresh).kid, activeKid, 'the new token is signed with the new key');
    assert.notEqual(activeKid, poolKey.kid);
    assert.equal((await me(`Bearer ${fresh}`)).status, 200, 'the gateway fetched the JWKS again for the unknown kid');
    assert.equal((await me(`Bearer ${good}`)).status, 200, 'the previous key is still published');
  });

  it('lets a service reached without the gateway (as API Gateway reaches it on AWS) check the user token itself', async () => {
    const identity = platform.registry.get('identity-api-1')!;
    const direct = (authorization: string) =>
      fetch(`http://${identity.host}:${identity.port}/identity/me`, { headers: { authorization } });
    const ok = await direct(`Bearer ${good}`);
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { username: string }).username, 'test-citizen');
    for (const bad of [
      await variant({ client_id: 'another-client' }),
      await variant({ token_use: 'id' }),
      `${good.slice(0, -4)}AAAA`,
    ]) {
      const res = await direct(`Bearer ${bad}`);
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'SVC_ERR_UNAUTHENTICATED');
    }
  });

  it('refuses a token once its user has signed out, and every other token of that user', async () => {
    const first = await signInAs('test-caseworker');
    const second = await signInAs('test-caseworker');
    assert.equal((await me(`Bearer ${second}`)).status, 200);
    const out = await fetch(`${platform.entryUrl}/api/identity/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first}` },
    });
    assert.equal(out.status, 200);
    await expectUnauthorized(`Bearer ${first}`, 'the token that signed out');
    // Another token of the same user, last seen live by the gateway: refused once its cached
    // "live" answer lapses (at most LIVE_ANSWER_TTL_MS), as Cognito now refuses it.
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await me(`Bearer ${second}`)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 401);
  });
});
