/**
 * A service reached without the primary gateway's token, as API Gateway's private integration
 * reaches it on AWS: it checks the user's own Cognito access token, here issued by the local
 * Cognito-compatible pool through the AWS SDK.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestPool } from '@dwp/user-pool/testing';
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { ConfigError } from '../config.ts';
import { createService } from '../create-service.ts';
import { envFor, platform, signerFor } from './identity.fixture.ts';
import { SERVICE_TOKEN_HEADER } from './service-token.ts';

const POOL_ID = 'eu-west-2_UserTok1';
const CLIENT_ID = 'usertokenclient';
const PASSWORD = 'Corr3ct-horse!';

describe('a service checking the user token itself', () => {
  let dir: string;
  let stop: (() => void) | undefined;
  let endpoint: string;
  let client: CognitoIdentityProviderClient;
  let cognitoEnv: NodeJS.ProcessEnv;

  async function user(username: string, group: string, ...moreGroups: string[]) {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@dwp.example` }],
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: POOL_ID, Username: username, Password: PASSWORD, Permanent: true }),
    );
    for (const g of [group, ...moreGroups])
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: username, GroupName: g }));
  }
  const signIn = async (username: string) =>
    (
      await client.send(
        new InitiateAuthCommand({
          ClientId: CLIENT_ID,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: PASSWORD },
        }),
      )
    ).AuthenticationResult!;

  async function orders(env: NodeJS.ProcessEnv = { ...envFor('orders-api'), ...cognitoEnv }) {
    const s = await createService({ platform, name: 'orders-api', env });
    s.app.get('/orders/whoami', async (req) => req.caller);
    s.app.get('/orders/open', { config: { auth: 'public' } }, async (req) => req.caller);
    return s.app;
  }
  const call = async (headers: Record<string, string>, url = '/orders/whoami', env?: NodeJS.ProcessEnv) => {
    const app = await orders(env);
    try {
      return await app.inject({ method: 'GET', url, headers });
    } finally {
      await app.close();
    }
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'user-token-'));
    // The pool has a group the definition does not name: membership of it is no role.
    const started = await startTestPool({
      dir,
      poolId: POOL_ID,
      clientId: CLIENT_ID,
      groups: ['citizen', 'caseworker', 'admin', 'auditor'],
    });
    ({ client, endpoint } = started);
    stop = started.stop;
    cognitoEnv = {
      COGNITO_ISSUER: `${endpoint}/${POOL_ID}`,
      COGNITO_CLIENT_ID: CLIENT_ID,
      COGNITO_ENDPOINT: endpoint,
      COGNITO_REGION: 'eu-west-2',
    };
    await user('alice', 'citizen');
    await user('carol', 'caseworker');
    await user('dave', 'auditor', 'citizen');
  });
  after(async () => {
    stop?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('knows the user, and their roles, from their own access token, with or without Bearer', async () => {
    const { AccessToken } = await signIn('alice');
    const sub = decodeJwt(AccessToken!).sub;
    for (const authorization of [`Bearer ${AccessToken}`, AccessToken!]) {
      const res = await call({ authorization });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { kind: 'user', user: { sub, username: 'alice', roles: ['citizen'] } });
    }
  });

  it("takes as roles only the token's groups that the definition's user pool names", async () => {
    const { AccessToken } = await signIn('dave');
    assert.deepEqual(decodeJwt(AccessToken!)['cognito:groups'], ['auditor', 'citizen']);
    const res = await call({ authorization: `Bearer ${AccessToken}` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      kind: 'user',
      user: { sub: decodeJwt(AccessToken!).sub, username: 'dave', roles: ['citizen'] },
    });
  });

  it('refuses an ID token in place of an access token', async () => {
    const { IdToken } = await signIn('alice');
    const res = await call({ authorization: `Bearer ${IdToken}` });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'SVC_ERR_UNAUTHENTICATED');
  });

  it('refuses a token signed by a key the pool does not publish, under the pool key id', async () => {
    const { AccessToken } = await signIn('carol');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(AccessToken!))
      .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(AccessToken!).kid! })
      .sign(privateKey);
    assert.equal((await call({ authorization: `Bearer ${forged}` })).statusCode, 401);
  });

  it('refuses a token whose user has signed out, by asking the pool', async () => {
    const { AccessToken } = await signIn('alice');
    await client.send(new GlobalSignOutCommand({ AccessToken: AccessToken! }));
    const res = await call({ authorization: `Bearer ${AccessToken}` });
    assert.equal(res.statusCode, 401);
  });

  it('ignores a bad token on a public route, as API Gateway ignores it on a method without auth', async () => {
    const res = await call({ authorization: 'Bearer not-a-token' }, '/orders/open');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { kind: 'anonymous' });
  });

  it('takes the signed service token before the Authorization header', async () => {
    const { AccessToken } = await signIn('carol');
    const citizen = { sub: 'u-1', username: 'alice', roles: ['citizen'] };
    const res = await call({
      authorization: `Bearer ${AccessToken}`,
      [SERVICE_TOKEN_HEADER]: await (await signerFor('ids-api')).sign('orders-api', citizen),
    });
    assert.deepEqual(res.json(), { kind: 'user', user: citizen });
  });

  it('does not look at the Authorization header when no user pool is configured', async () => {
    const { AccessToken } = await signIn('alice');
    const res = await call({ authorization: `Bearer ${AccessToken}` }, '/orders/whoami', envFor('orders-api'));
    assert.equal(res.statusCode, 401);
  });

  it('refuses to start with a user pool issuer but no app client, naming the variable', async () => {
    const { COGNITO_CLIENT_ID: _omitted, ...partial } = cognitoEnv;
    await assert.rejects(
      orders({ ...envFor('orders-api'), ...partial }),
      (e: unknown) => e instanceof ConfigError && e.variables.includes('COGNITO_CLIENT_ID'),
    );
  });
});
