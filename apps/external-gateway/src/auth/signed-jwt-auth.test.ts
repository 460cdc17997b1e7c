import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import type { Dispatcher } from 'undici';
import { CLIENT_ASSERTION_TYPE, SignedJwtAuth } from './signed-jwt-auth.ts';

const TOKEN_URL = 'https://nhs.example/oauth2/token';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A dispatcher that answers every token request and keeps the forms it was sent. */
function tokenEndpoint(forms: URLSearchParams[]): Dispatcher {
  return {
    request: async (opts: { body: string }) => {
      forms.push(new URLSearchParams(opts.body));
      return {
        statusCode: 200,
        headers: {},
        body: {
          text: async () =>
            JSON.stringify({ access_token: `t${forms.length}`, expires_in: '599', token_type: 'Bearer' }),
        },
      };
    },
  } as unknown as Dispatcher;
}

describe('SignedJwtAuth (NHS England private_key_jwt)', () => {
  it('asks for a token with an RS512 client assertion as NHS England specifies it', async () => {
    const forms: URLSearchParams[] = [];
    const auth = new SignedJwtAuth(
      {
        auth: 'mtls-oauth2-jwt',
        tokenUrl: TOKEN_URL,
        clientId: 'api-key-1',
        signingKid: 'kid-1',
        signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        clientCert: '',
        clientKey: '',
      },
      { upstream: 'nhs', dispatcher: tokenEndpoint(forms) },
    );
    const headers: Record<string, string> = { 'x-request-id': 'not-a-uuid' };
    await auth.apply(headers, new AbortController().signal);
    assert.equal(headers.authorization, 'Bearer t1');
    assert.match(headers['x-request-id']!, /^[0-9a-f-]{36}$/);
    const form = forms[0]!;
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('client_assertion_type'), CLIENT_ASSERTION_TYPE);
    const jwt = form.get('client_assertion')!;
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'RS512', typ: 'JWT', kid: 'kid-1' });
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'kid-1', alg: 'RS512' }] });
    const { payload } = await jwtVerify(jwt, jwks, { issuer: 'api-key-1', subject: 'api-key-1', audience: TOKEN_URL });
    assert.ok(payload.exp! - payload.iat! <= 300);
    assert.ok(payload.jti);
  });

  it('reuses the token, and asks again with a new assertion once told it was refused', async () => {
    const forms: URLSearchParams[] = [];
    const auth = new SignedJwtAuth(
      {
        auth: 'mtls-oauth2-jwt',
        tokenUrl: TOKEN_URL,
        clientId: 'c',
        signingKid: 'k',
        signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        clientCert: '',
        clientKey: '',
      },
      { upstream: 'nhs', dispatcher: tokenEndpoint(forms) },
    );
    const signal = new AbortController().signal;
    await auth.apply({}, signal);
    await auth.apply({}, signal);
    assert.equal(forms.length, 1);
    auth.invalidate();
    await auth.apply({}, signal);
    assert.equal(forms.length, 2);
    assert.notEqual(forms[0]!.get('client_assertion'), forms[1]!.get('client_assertion'));
  });
});
