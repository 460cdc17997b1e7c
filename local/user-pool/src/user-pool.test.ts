/** The local user pool driven by the AWS SDK's own Cognito client, as identity-api drives Cognito. */
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
  AssociateSoftwareTokenCommand,
  ConfirmSignUpCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock } from '@dwp/clock';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { DEFAULT_PASSWORD_POLICY } from './password-policy.ts';
import { loadState } from './pool-state.ts';
import { startTestPool } from './testing/start-test-pool.ts';
import { UserPool } from './user-pool.ts';

const POOL_ID = 'eu-west-2_TestPool1';
const CLIENT_ID = 'testclient123';
const PASSWORD = 'Corr3ct-horse!';

describe('the local user pool', () => {
  let dir: string;
  let stop: (() => void) | undefined;
  let stateFile: string;
  let base: string;
  let client: CognitoIdentityProviderClient;
  let pool: UserPool;
  const clock = new FakeClock(Date.now());
  const codes = new Map<string, string>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'user-pool-'));
    const started = await startTestPool({ ...cfg(), dir });
    ({ client, pool, endpoint: base, stateFile } = started);
    stop = started.stop;
  });
  after(async () => {
    stop?.();
    await rm(dir, { recursive: true, force: true });
  });

  const errorLine = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

  function cfg(issuer = `${base}/${POOL_ID}`) {
    return {
      poolId: POOL_ID,
      clientId: CLIENT_ID,
      issuer,
      groups: ['citizen', 'caseworker', 'admin'],
      selfSignUpGroup: 'citizen',
      passwordPolicy: DEFAULT_PASSWORD_POLICY,
      tokenLifetimeSeconds: 3600,
      codeLifetimeMs: 60_000,
      deliverCode: (u: string, c: string) => void codes.set(u, c),
      clock,
    };
  }

  const signIn = (username: string, password = PASSWORD) =>
    client.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );

  async function registered(username: string): Promise<void> {
    await client.send(
      new SignUpCommand({
        ClientId: CLIENT_ID,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    await client.send(
      new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: username, ConfirmationCode: codes.get(username)! }),
    );
  }

  it('refuses a sign-up whose password breaks the policy', async () => {
    await assert.rejects(
      client.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: 'weak', Password: 'password' })),
      (e: Error) => e.name === 'InvalidPasswordException' && /uppercase/.test(e.message),
    );
  });

  it('signs up, refuses sign-in until confirmed, refuses a wrong code, then confirms', async () => {
    const out = await client.send(
      new SignUpCommand({
        ClientId: CLIENT_ID,
        Username: 'alice',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }],
      }),
    );
    assert.equal(out.UserConfirmed, false);
    assert.equal(out.CodeDeliveryDetails?.Destination, 'a***@e***');
    await assert.rejects(signIn('alice'), (e: Error) => e.name === 'UserNotConfirmedException');
    await assert.rejects(
      client.send(
        new ConfirmSignUpCommand({
          ClientId: CLIENT_ID,
          Username: 'alice',
          ConfirmationCode: '000000' === codes.get('alice') ? '111111' : '000000',
        }),
      ),
      (e: Error) => e.name === 'CodeMismatchException',
    );
    await client.send(
      new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: 'alice', ConfirmationCode: codes.get('alice')! }),
    );
    await assert.rejects(
      client.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: 'Alice', Password: PASSWORD })),
      (e: Error) => e.name === 'UsernameExistsException',
    );
  });

  it('issues RS256 access and ID tokens with Cognito claims that verify against the JWKS', async () => {
    const out = await signIn('alice');
    const result = out.AuthenticationResult!;
    const jwks = createRemoteJWKSet(new URL(`${base}/${POOL_ID}/.well-known/jwks.json`));
    const { payload: access, protectedHeader } = await jwtVerify(result.AccessToken!, jwks, {
      issuer: `${base}/${POOL_ID}`,
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, CLIENT_ID);
    assert.equal(access.username, 'alice');
    assert.deepEqual(access['cognito:groups'], ['citizen']);
    const { payload: id } = await jwtVerify(result.IdToken!, jwks, {
      issuer: `${base}/${POOL_ID}`,
      audience: CLIENT_ID,
    });
    assert.equal(id.token_use, 'id');
    assert.equal(id.email, 'alice@example.com');
    assert.equal(id.sub, access.sub);
  });

  it('refreshes with the refresh token and keeps the session', async () => {
    const first = (await signIn('alice')).AuthenticationResult!;
    const again = await client.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
      }),
    );
    assert.equal(
      decodeJwt(again.AuthenticationResult!.AccessToken!).origin_jti,
      decodeJwt(first.AccessToken!).origin_jti,
    );
    assert.equal(again.AuthenticationResult!.RefreshToken, undefined);
  });

  it('revokes access and refresh tokens on global sign-out', async () => {
    const s = (await signIn('alice')).AuthenticationResult!;
    assert.equal((await client.send(new GetUserCommand({ AccessToken: s.AccessToken! }))).Username, 'alice');
    await client.send(new GlobalSignOutCommand({ AccessToken: s.AccessToken! }));
    await assert.rejects(
      client.send(new GetUserCommand({ AccessToken: s.AccessToken! })),
      (e: Error) => e.name === 'NotAuthorizedException' && /revoked/.test(e.message),
    );
    await assert.rejects(
      client.send(
        new InitiateAuthCommand({
          ClientId: CLIENT_ID,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: s.RefreshToken! },
        }),
      ),
      (e: Error) => e.name === 'NotAuthorizedException' && /revoked/.test(e.message),
    );
    const fresh = (await signIn('alice')).AuthenticationResult!;
    assert.equal((await client.send(new GetUserCommand({ AccessToken: fresh.AccessToken! }))).Username, 'alice');
  });

  it('answers an unknown user exactly as a wrong password', async () => {
    const messages = await Promise.all([
      signIn('nobody').catch(errorLine),
      signIn('alice', 'Wr0ng-pass!').catch(errorLine),
    ]);
    assert.deepEqual(messages, [
      'NotAuthorizedException: Incorrect username or password.',
      'NotAuthorizedException: Incorrect username or password.',
    ]);
  });

  it('takes usernames that name Object.prototype members as any other', async () => {
    assert.equal(
      await signIn('constructor').catch(errorLine),
      'NotAuthorizedException: Incorrect username or password.',
    );
    await registered('__proto__');
    const out = await signIn('__proto__');
    assert.ok(out.AuthenticationResult?.AccessToken, 'the user named __proto__ signs in');
    assert.equal(decodeJwt(out.AuthenticationResult.AccessToken).username, '__proto__');
  });

  it('locks a user out after five failed attempts, even with the right password, until the lockout passes', async () => {
    await registered('bob');
    for (let i = 0; i < 4; i++) await assert.rejects(signIn('bob', 'Wr0ng-pass!'), /Incorrect username or password/);
    await assert.rejects(signIn('bob', 'Wr0ng-pass!'), /Password attempts exceeded/);
    await assert.rejects(signIn('bob'), /Password attempts exceeded/);
    clock.tick(1000);
    assert.ok((await signIn('bob')).AuthenticationResult?.AccessToken);
  });

  it('signs new tokens with a new key after rotation and keeps the old key published', async () => {
    const before = (await signIn('alice')).AuthenticationResult!.AccessToken!;
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = (await (await fetch(`${base}/__local/rotate-keys`, { method: 'POST' })).json()) as {
      activeKid: string;
    };
    const afterToken = (await signIn('alice')).AuthenticationResult!.AccessToken!;
    assert.equal(decodeProtectedHeader(afterToken).kid, rotated.activeKid);
    assert.notEqual(rotated.activeKid, oldKid);
    const kids = (
      (await (await fetch(`${base}/${POOL_ID}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }
    ).keys.map((k) => k.kid);
    assert.ok(kids.includes(oldKid!) && kids.includes(rotated.activeKid));
  });

  it('lets an administrator create a staff user with a permanent password and a group', async () => {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: 'carol',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'carol@dwp.example' }],
      }),
    );
    await assert.rejects(signIn('carol'), /Incorrect username or password/, 'no password of hers is set yet');
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: POOL_ID, Username: 'carol', Password: PASSWORD, Permanent: true }),
    );
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: 'carol', GroupName: 'caseworker' }),
    );
    assert.deepEqual(decodeJwt((await signIn('carol')).AuthenticationResult!.AccessToken!)['cognito:groups'], [
      'caseworker',
    ]);
    await assert.rejects(
      client.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: 'carol', GroupName: 'root' })),
      (e: Error) => e.name === 'ResourceNotFoundException',
    );
  });

  it('neither challenges sign-in nor offers a software token while the pool MFA is OFF', async () => {
    const out = await signIn('alice');
    assert.equal(out.ChallengeName, undefined);
    await assert.rejects(
      client.send(new AssociateSoftwareTokenCommand({ AccessToken: out.AuthenticationResult!.AccessToken! })),
      (e: Error) => e.name === 'SoftwareTokenMFANotFoundException',
    );
  });

  it('keeps users and keys across a restart', async () => {
    const reopened = await UserPool.open(cfg(), stateFile, await loadState(stateFile));
    assert.deepEqual(reopened.jwks(), pool.jwks());
  });

  it('refuses malformed requests with InvalidParameterException', async () => {
    const res = await fetch(base, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{"ClientId":',
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, 'InvalidParameterException');
    const unknown = await fetch(base, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.DeleteUserPool' },
      body: '{}',
    });
    assert.equal(((await unknown.json()) as { __type: string }).__type, 'UnknownOperationException');
  });
});
