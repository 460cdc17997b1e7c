/**
 * The second factor, an authenticator app (Cognito's software token, TOTP), through the user
 * pool's own API:
 *   - finishing a challenged sign-in: the code (SOFTWARE_TOKEN_MFA), or, where the pool requires
 *     MFA and the user has none yet, setting one up inside the sign-in (MFA_SETUP);
 *   - a signed-in user adding an authenticator app and seeing whether one is set up.
 * The challenge steps are public gateway routes: the Cognito session they carry is the proof.
 */
import {
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { type ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { IdentityError } from '../errors.ts';
import { bearer, cognito, errors, signedInOrChallenged, tokens, usernameSchema } from './account-routes.ts';

export interface MfaRoutesOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly clientId: string;
  /** Shown in authenticator apps beside the username. */
  readonly issuerName: string;
}

const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'is the 6-digit code your authenticator app shows');
/** Cognito's sessions are opaque strings of about a kilobyte. */
const session = z.string().min(20).max(4096);
const authenticator = z.object({
  secretCode: z.string().describe('Type this into an authenticator app, or use otpauthUri (a QR code)'),
  otpauthUri: z.string(),
});

/** Key URI Format, as authenticator apps read it from a QR code. */
export function otpauthUri(issuer: string, username: string, secret: string): string {
  const label = encodeURIComponent(`${issuer}:${username}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

/** Cognito's words for a wrong or used code are about confirmation codes; these are the app's codes. */
async function withCodeCheck<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await cognito(call);
  } catch (err) {
    if (err instanceof IdentityError && err.code === 'IDENTITY_ERR_CODE_MISMATCH') {
      throw new IdentityError(
        400,
        'IDENTITY_ERR_MFA_CODE',
        'That security code is not right; check your authenticator app and try again',
      );
    }
    // Cognito answers a code whose time step was already used as expired.
    if (err instanceof IdentityError && err.code === 'IDENTITY_ERR_CODE_EXPIRED') {
      throw new IdentityError(
        400,
        'IDENTITY_ERR_MFA_CODE',
        'That security code has been used already; enter the next code your authenticator app shows',
      );
    }
    throw err;
  }
}

export async function mfaRoutes(app: ServiceApp, opts: MfaRoutesOptions): Promise<void> {
  const { client, clientId, issuerName } = opts;

  app.post(
    '/identity/sign-in/mfa',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Finish a sign-in with the code from your authenticator app (challenge SOFTWARE_TOKEN_MFA)',
        body: z.object({ username: usernameSchema, session, code }),
        response: { 200: tokens, ...errors },
      },
    },
    async (request) => {
      const { username, code: userCode } = request.body;
      const out = await withCodeCheck(() =>
        client.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: request.body.session,
            ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: userCode },
          }),
        ),
      );
      return tokensOnly(out);
    },
  );

  app.post(
    '/identity/sign-in/mfa-setup',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Start setting up an authenticator app inside a sign-in (challenge MFA_SETUP)',
        body: z.object({ username: usernameSchema, session }),
        response: { 200: authenticator.extend({ session }), ...errors },
      },
    },
    async (request) => {
      const out = await cognito(() =>
        client.send(new AssociateSoftwareTokenCommand({ Session: request.body.session })),
      );
      return {
        secretCode: out.SecretCode!,
        otpauthUri: otpauthUri(issuerName, request.body.username, out.SecretCode!),
        session: out.Session!,
      };
    },
  );

  app.post(
    '/identity/sign-in/mfa-setup/verify',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Finish setting up the authenticator app with its first code, and so the sign-in',
        body: z.object({ username: usernameSchema, session, code }),
        response: { 200: tokens, ...errors },
      },
    },
    async (request) => {
      const { username } = request.body;
      const verified = await withCodeCheck(() =>
        client.send(
          new VerifySoftwareTokenCommand({
            Session: request.body.session,
            UserCode: request.body.code,
            FriendlyDeviceName: 'Authenticator app',
          }),
        ),
      );
      const out = await cognito(() =>
        client.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'MFA_SETUP',
            Session: verified.Session,
            ChallengeResponses: { USERNAME: username },
          }),
        ),
      );
      return tokensOnly(out);
    },
  );

  app.get(
    '/identity/mfa',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['accounts'],
        summary: 'Whether your sign-in asks for a code from an authenticator app',
        response: { 200: z.object({ authenticatorApp: z.boolean() }), ...errors },
      },
    },
    async (request) => {
      const out = await cognito(() =>
        client.send(new GetUserCommand({ AccessToken: bearer(request.headers.authorization) })),
      );
      return { authenticatorApp: (out.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA') };
    },
  );

  app.post(
    '/identity/mfa/authenticator',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['accounts'],
        summary: 'Start adding an authenticator app to your account',
        response: { 200: authenticator, ...errors },
      },
    },
    async (request) => {
      const out = await cognito(() =>
        client.send(new AssociateSoftwareTokenCommand({ AccessToken: bearer(request.headers.authorization) })),
      );
      return {
        secretCode: out.SecretCode!,
        otpauthUri: otpauthUri(
          issuerName,
          request.caller.kind === 'user' ? request.caller.user.username : 'you',
          out.SecretCode!,
        ),
      };
    },
  );

  app.post(
    '/identity/mfa/authenticator/verify',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['accounts'],
        summary: 'Finish adding the authenticator app with its first code; later sign-ins ask for a code',
        body: z.object({ code }),
        response: { 200: z.object({ authenticatorApp: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const accessToken = bearer(request.headers.authorization);
      await withCodeCheck(() =>
        client.send(
          new VerifySoftwareTokenCommand({
            AccessToken: accessToken,
            UserCode: request.body.code,
            FriendlyDeviceName: 'Authenticator app',
          }),
        ),
      );
      await cognito(() =>
        client.send(
          new SetUserMFAPreferenceCommand({
            AccessToken: accessToken,
            SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
          }),
        ),
      );
      return { authenticatorApp: true as const };
    },
  );
}

function tokensOnly(out: Parameters<typeof signedInOrChallenged>[0]): z.infer<typeof tokens> {
  const result = signedInOrChallenged(out);
  if ('challenge' in result)
    throw new IdentityError(
      400,
      'IDENTITY_ERR_CHALLENGE',
      `Sign-in needs a further step (${result.challenge}) after this one`,
    );
  return result;
}
