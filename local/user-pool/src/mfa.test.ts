/** Software token (TOTP) MFA on the local user pool, driven by the AWS SDK's own Cognito client. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock } from '@dwp/clock';
import { decodeJwt } from 'jose';
import { AUTH_SESSION_VALIDITY_MS } from './auth-sessions.ts';
import type { MfaConfiguration } from './mfa-challenge.ts';
import type { PoolState } from './pool-state.ts';
import { startTestPool } from './testing/start-test-pool.ts';
import { codeForStep, totpCode, totpStep } from './totp.ts';

const POOL_ID = 'eu-west-2_MfaPool1';
const CLIENT_ID = 'mfaclient123';
const PASSWORD = 'Corr3ct-horse!';
const STEP_MS = 30_000;

/** The pool's clock: five seconds into a time step, moved only by the tests. */
const clock = new FakeClock(Math.floor(Date.now() / STEP_MS) * STEP_MS + 5_000);
/** Moves the clock to the next TOTP step, so a new code is due. */
const nextStep = () => {
  clock.tick(STEP_MS);
};

interface RunningPool {
  readonly client: CognitoIdentityProviderClient;
  readonly stateFile: string;
  readonly stop: () => void;
}

async function startPool(dir: string, mfa: MfaConfiguration): Promise<RunningPool> {
  const { client, stateFile, stop } = await startTestPool({
    dir,
    name: mfa,
    poolId: POOL_ID,
    clientId: CLIENT_ID,
    groups: ['citizen', 'caseworker'],
    mfa,
    clock,
  });
  return { client, stateFile, stop };
}

/** Asserts a Cognito error by its type and message, as the SDK raises it. */
const cognitoError = (name: string, message?: string | RegExp) => (e: Error) => {
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  if (typeof message === 'string') assert.equal(e.message, message);
  else if (message) assert.match(e.message, message);
  return true;
};

describe('software token MFA on the local user pool', () => {
  let dir: string;
  let optional: RunningPool;
  let required: RunningPool;

  const running: RunningPool[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'user-pool-mfa-'));
    optional = await startPool(dir, 'OPTIONAL');
    running.push(optional);
    required = await startPool(dir, 'ON');
    running.push(required);
  });
  after(async () => {
    for (const pool of running) pool.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const signIn = (pool: RunningPool, username: string, password = PASSWORD): Promise<InitiateAuthCommandOutput> =>
    pool.client.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );

  const answer = (pool: RunningPool, username: string, session: string | undefined, code: string) =>
    pool.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT_ID,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );

  async function createUser(pool: RunningPool, username: string): Promise<void> {
    await pool.client.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    await pool.client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: POOL_ID, Username: username, Password: PASSWORD, Permanent: true }),
    );
  }

  /** A user of the OPTIONAL pool enrolled as an app does it: signed in, associate, verify, prefer. Returns the secret. */
  async function enrolled(username: string): Promise<string> {
    await createUser(optional, username);
    const accessToken = (await signIn(optional, username)).AuthenticationResult!.AccessToken!;
    const { SecretCode } = await optional.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    await optional.client.send(
      new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(SecretCode!, clock.now()) }),
    );
    await optional.client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    // Verification used this step's code; sign-ins that follow need the next one.
    nextStep();
    return SecretCode!;
  }

  it('enrols an authenticator with an access token, reports it, and then challenges sign-in for its code', async () => {
    await createUser(optional, 'tess');
    const first = await signIn(optional, 'tess');
    assert.equal(first.ChallengeName, undefined, 'no challenge before enrolment in an OPTIONAL pool');
    const accessToken = first.AuthenticationResult!.AccessToken!;
    const before = await optional.client.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.equal(before.UserMFASettingList, undefined);
    assert.equal(before.PreferredMfaSetting, undefined);

    const associated = await optional.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const secret = associated.SecretCode!;
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(associated.Session, undefined, 'no session when called with an access token');
    await assert.rejects(
      optional.client.send(
        new VerifySoftwareTokenCommand({
          AccessToken: accessToken,
          UserCode: codeForStep(secret, totpStep(clock.now()) + 5),
        }),
      ),
      cognitoError('EnableSoftwareTokenMFAException', 'Code mismatch'),
    );
    const verified = await optional.client.send(
      new VerifySoftwareTokenCommand({
        AccessToken: accessToken,
        UserCode: totpCode(secret, clock.now()),
        FriendlyDeviceName: 'Tess phone',
      }),
    );
    assert.equal(verified.Status, 'SUCCESS');
    assert.equal(verified.Session, undefined);
    await optional.client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );

    const me = await optional.client.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    const admin = await optional.client.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: 'tess' }));
    assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(admin.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');

    const challenged = await signIn(optional, 'tess');
    assert.equal(challenged.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(challenged.AuthenticationResult, undefined, 'no tokens before the code');
    assert.deepEqual(challenged.ChallengeParameters, { USER_ID_FOR_SRP: 'tess', FRIENDLY_DEVICE_NAME: 'Tess phone' });
    assert.ok(challenged.Session && challenged.Session.length >= 20);
    nextStep();
    const done = await answer(optional, 'tess', challenged.Session, totpCode(secret, clock.now()));
    assert.equal(done.ChallengeName, undefined);
    assert.equal(decodeJwt(done.AuthenticationResult!.AccessToken!).username, 'tess');
    assert.ok(done.AuthenticationResult!.RefreshToken);
  });

  it('keeps the secret in the pool state file, as it keeps password hashes', async () => {
    const secret = await enrolled('stella');
    const state = JSON.parse(await readFile(optional.stateFile, 'utf8')) as PoolState;
    const token = state.users.stella!.softwareToken!;
    assert.equal(token.secret, secret);
    assert.equal(token.enabled, true);
    assert.equal(token.lastUsedStep, totpStep(clock.now()) - 1, 'the step verification used is remembered');
  });

  it('refuses a code already used within its window, and a session used once already', async () => {
    const secret = await enrolled('rory');
    const first = await signIn(optional, 'rory');
    const code = totpCode(secret, clock.now());
    await answer(optional, 'rory', first.Session, code);

    const again = await signIn(optional, 'rory');
    await assert.rejects(
      answer(optional, 'rory', again.Session, code),
      cognitoError('ExpiredCodeException', 'Your software token has already been used once.'),
    );
    await assert.rejects(
      answer(optional, 'rory', again.Session, codeForStep(secret, totpStep(clock.now()) - 1)),
      cognitoError('ExpiredCodeException'),
      'an older step counts as used too',
    );
    // One step ahead of the clock is within drift, and unused.
    const ahead = await answer(optional, 'rory', again.Session, codeForStep(secret, totpStep(clock.now()) + 1));
    assert.ok(ahead.AuthenticationResult?.AccessToken);
    await assert.rejects(
      answer(optional, 'rory', again.Session, codeForStep(secret, totpStep(clock.now()) + 1)),
      cognitoError('NotAuthorizedException', 'Invalid session for the user, session can only be used once.'),
    );
  });

  it('answers a wrong code with CodeMismatchException and refuses codes beyond one step of drift', async () => {
    const secret = await enrolled('wanda');
    const { Session } = await signIn(optional, 'wanda');
    const wrong = codeForStep(secret, totpStep(clock.now()) + 9);
    await assert.rejects(
      answer(optional, 'wanda', Session, wrong),
      cognitoError('CodeMismatchException', 'Invalid code received for user.'),
    );
    await assert.rejects(
      answer(optional, 'wanda', Session, codeForStep(secret, totpStep(clock.now()) + 2)),
      cognitoError('CodeMismatchException'),
    );
    await assert.rejects(
      answer(optional, 'wanda', Session, codeForStep(secret, totpStep(clock.now()) - 2)),
      cognitoError('CodeMismatchException'),
    );
    // A wrong code does not spend the session.
    assert.ok(
      (await answer(optional, 'wanda', Session, totpCode(secret, clock.now()))).AuthenticationResult?.AccessToken,
    );
  });

  it('locks the user out after repeated wrong codes, counted with wrong passwords, until the lockout passes', async () => {
    const secret = await enrolled('larry');
    const wrong = codeForStep(secret, totpStep(clock.now()) + 9);
    const first = await signIn(optional, 'larry');
    for (let i = 0; i < 2; i++)
      await assert.rejects(answer(optional, 'larry', first.Session, wrong), cognitoError('CodeMismatchException'));
    await assert.rejects(
      signIn(optional, 'larry', 'Wr0ng-pass!'),
      cognitoError('NotAuthorizedException', 'Incorrect username or password.'),
    );
    // The right password again does not wipe the count, or a known password would buy endless guesses.
    const second = await signIn(optional, 'larry');
    await assert.rejects(answer(optional, 'larry', second.Session, wrong), cognitoError('CodeMismatchException'));
    await assert.rejects(
      answer(optional, 'larry', second.Session, wrong),
      cognitoError('NotAuthorizedException', 'Password attempts exceeded'),
      'the fifth failure locks',
    );
    await assert.rejects(
      answer(optional, 'larry', second.Session, totpCode(secret, clock.now())),
      cognitoError('NotAuthorizedException', 'Password attempts exceeded'),
      'even the right code',
    );
    await assert.rejects(
      signIn(optional, 'larry'),
      cognitoError('NotAuthorizedException', 'Password attempts exceeded'),
      'and the right password',
    );
    clock.tick(1000);
    assert.ok(
      (await answer(optional, 'larry', second.Session, totpCode(secret, clock.now()))).AuthenticationResult
        ?.AccessToken,
    );
  });

  it('refuses an expired session and an unknown one, as Cognito words it', async () => {
    const secret = await enrolled('eddie');
    const { Session } = await signIn(optional, 'eddie');
    clock.tick(AUTH_SESSION_VALIDITY_MS);
    await assert.rejects(
      answer(optional, 'eddie', Session, totpCode(secret, clock.now())),
      cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
    );
    await assert.rejects(
      answer(optional, 'eddie', 'A'.repeat(64), totpCode(secret, clock.now())),
      cognitoError('NotAuthorizedException', 'Invalid session for the user.'),
    );
    // Just inside three minutes, a session still works.
    const fresh = await signIn(optional, 'eddie');
    clock.tick(AUTH_SESSION_VALIDITY_MS - 1);
    assert.ok(
      (await answer(optional, 'eddie', fresh.Session, totpCode(secret, clock.now()))).AuthenticationResult?.AccessToken,
    );
  });

  it('refuses a session that another user names', async () => {
    await enrolled('nina');
    const { Session } = await signIn(optional, 'nina');
    await assert.rejects(
      answer(optional, 'tess', Session, '123456'),
      cognitoError('NotAuthorizedException', 'Invalid session for the user.'),
    );
  });

  it('does not challenge a refresh', async () => {
    const secret = await enrolled('ruth');
    const { Session } = await signIn(optional, 'ruth');
    const tokens = (await answer(optional, 'ruth', Session, totpCode(secret, clock.now()))).AuthenticationResult!;
    const refreshed = await optional.client.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    assert.equal(refreshed.ChallengeName, undefined);
    assert.equal(decodeJwt(refreshed.AuthenticationResult!.AccessToken!).username, 'ruth');
  });

  it('turns MFA off with SetUserMFAPreference, so sign-in needs the password only, and an administrator turns it back on', async () => {
    const secret = await enrolled('dora');
    const { Session } = await signIn(optional, 'dora');
    const accessToken = (await answer(optional, 'dora', Session, totpCode(secret, clock.now()))).AuthenticationResult!
      .AccessToken!;
    await optional.client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    const me = await optional.client.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.equal(me.UserMFASettingList, undefined);
    assert.equal(me.PreferredMfaSetting, undefined);
    const plain = await signIn(optional, 'dora');
    assert.equal(plain.ChallengeName, undefined);
    assert.ok(plain.AuthenticationResult?.AccessToken);

    await optional.client.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: POOL_ID,
        Username: 'dora',
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    assert.equal((await signIn(optional, 'dora')).ChallengeName, 'SOFTWARE_TOKEN_MFA');
  });

  it('refuses to turn on a software token the user has not verified, and SMS MFA, which the pool cannot deliver', async () => {
    await createUser(optional, 'vic');
    const accessToken = (await signIn(optional, 'vic')).AuthenticationResult!.AccessToken!;
    await optional.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    await assert.rejects(
      optional.client.send(
        new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true } }),
      ),
      cognitoError('InvalidParameterException', 'User has not set up software token mfa'),
    );
    await assert.rejects(
      optional.client.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: POOL_ID,
          Username: 'vic',
          SoftwareTokenMfaSettings: { Enabled: true },
        }),
      ),
      cognitoError('InvalidParameterException', 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA'),
    );
    await assert.rejects(
      optional.client.send(
        new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SMSMfaSettings: { Enabled: true } }),
      ),
      cognitoError('InvalidParameterException', 'User does not have delivery config set to turn on SMS_MFA'),
    );
    assert.equal((await signIn(optional, 'vic')).ChallengeName, undefined, 'an unverified token changes nothing');
  });

  it('takes an access token or a session for AssociateSoftwareToken, not both and not neither', async () => {
    await assert.rejects(
      optional.client.send(new AssociateSoftwareTokenCommand({})),
      cognitoError('InvalidParameterException'),
    );
    await assert.rejects(
      optional.client.send(new AssociateSoftwareTokenCommand({ AccessToken: 'x.y.z', Session: 'S'.repeat(40) })),
      cognitoError('InvalidParameterException'),
    );
  });

  it('sends a user without MFA to MFA_SETUP when the pool requires it, and ends the set-up in tokens', async () => {
    await createUser(required, 'olive');
    const first = await signIn(required, 'olive');
    assert.equal(first.ChallengeName, 'MFA_SETUP');
    assert.equal(first.AuthenticationResult, undefined);
    assert.deepEqual(first.ChallengeParameters, { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: 'olive' });
    const setup = (session: string | undefined) =>
      required.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: 'MFA_SETUP',
          Session: session,
          ChallengeResponses: { USERNAME: 'olive' },
        }),
      );
    await assert.rejects(
      setup(first.Session),
      cognitoError('InvalidParameterException', /not verified/),
      'no tokens before a token is verified',
    );

    const associated = await required.client.send(new AssociateSoftwareTokenCommand({ Session: first.Session }));
    assert.match(associated.SecretCode!, /^[A-Z2-7]{32}$/);
    assert.ok(associated.Session && associated.Session !== first.Session);
    await assert.rejects(
      required.client.send(new AssociateSoftwareTokenCommand({ Session: first.Session })),
      cognitoError('NotAuthorizedException', 'Invalid session for the user, session can only be used once.'),
    );
    await assert.rejects(
      required.client.send(
        new VerifySoftwareTokenCommand({
          Session: associated.Session,
          UserCode: codeForStep(associated.SecretCode!, totpStep(clock.now()) + 7),
        }),
      ),
      cognitoError('EnableSoftwareTokenMFAException', 'Code mismatch'),
    );
    const verified = await required.client.send(
      new VerifySoftwareTokenCommand({
        Session: associated.Session,
        UserCode: totpCode(associated.SecretCode!, clock.now()),
      }),
    );
    assert.equal(verified.Status, 'SUCCESS');
    assert.ok(verified.Session && verified.Session !== associated.Session);

    const done = await setup(verified.Session);
    const accessToken = done.AuthenticationResult!.AccessToken!;
    assert.equal(decodeJwt(accessToken).username, 'olive');
    const me = await required.client.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');

    const next = await signIn(required, 'olive');
    assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    await assert.rejects(
      answer(required, 'olive', next.Session, totpCode(associated.SecretCode!, clock.now())),
      cognitoError('ExpiredCodeException'),
      'the set-up code is spent',
    );
    nextStep();
    assert.ok(
      (await answer(required, 'olive', next.Session, totpCode(associated.SecretCode!, clock.now())))
        .AuthenticationResult?.AccessToken,
    );
  });
});
