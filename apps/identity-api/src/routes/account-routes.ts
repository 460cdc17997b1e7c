/**
 * Accounts through the user pool's own API (the same calls reach Cognito on AWS): sign up, confirm,
 * sign in, refresh, sign out. Sign-up to refresh are public gateway routes; sign-out needs the
 * caller's access token, which GlobalSignOut revokes with every other token of the user. A sign-in
 * that Cognito challenges for a second factor answers with the challenge; mfa-routes.ts finishes it.
 */
import {
  ConfirmSignUpCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ServiceError, UnauthenticatedError, type ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { fromCognito } from '../errors.ts';

export interface AccountRoutesOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly clientId: string;
}

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(128)
  .regex(/^[A-Za-z0-9._@+-]+$/, 'use letters, digits and . _ @ + - only');
export const tokens = z.object({
  accessToken: z.string(),
  idToken: z.string(),
  refreshToken: z.string().optional(),
  expiresIn: z.number().int(),
  tokenType: z.literal('Bearer'),
});
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody, 429: errorBody };

export async function cognito<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw fromCognito(err);
  }
}

export function bearer(header: string | undefined): string {
  const token = header?.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw new UnauthenticatedError('Send your access token in the Authorization header');
  return token;
}

/** What a sign-in that needs a second factor answers: finish it at /identity/sign-in/mfa or /identity/sign-in/mfa-setup. */
export const mfaChallenge = z.object({
  challenge: z
    .enum(['SOFTWARE_TOKEN_MFA', 'MFA_SETUP'])
    .describe('SOFTWARE_TOKEN_MFA: send the code from your authenticator app; MFA_SETUP: set one up first'),
  session: z.string().describe('Pass back with the next step; it lasts 3 minutes'),
});

type AuthOutput = {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string; ExpiresIn?: number };
  ChallengeName?: string;
  Session?: string;
};

/** Tokens, or the second-factor challenge Cognito set; any other challenge is one we do not offer. */
export function signedInOrChallenged(out: AuthOutput): z.infer<typeof tokens> | z.infer<typeof mfaChallenge> {
  const r = out.AuthenticationResult;
  if (r?.AccessToken && r.IdToken)
    return {
      accessToken: r.AccessToken,
      idToken: r.IdToken,
      refreshToken: r.RefreshToken,
      expiresIn: r.ExpiresIn ?? 3600,
      tokenType: 'Bearer' as const,
    };
  if ((out.ChallengeName === 'SOFTWARE_TOKEN_MFA' || out.ChallengeName === 'MFA_SETUP') && out.Session)
    return { challenge: out.ChallengeName, session: out.Session };
  throw new ServiceError(
    400,
    'IDENTITY_ERR_CHALLENGE',
    `Sign-in needs a further step (${out.ChallengeName ?? 'unknown'}) this service does not support`,
  );
}

export async function accountRoutes(app: ServiceApp, opts: AccountRoutesOptions): Promise<void> {
  const { client, clientId } = opts;

  app.post(
    '/identity/sign-up',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Register a citizen account; a confirmation code is sent to the email address',
        body: z.object({ username: usernameSchema, password: z.string().min(1).max(256), email: z.email() }),
        response: { 201: z.object({ userSub: z.string(), confirmed: z.boolean(), codeSentTo: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const { username, password, email } = request.body;
      const out = await cognito(() =>
        client.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: username,
            Password: password,
            UserAttributes: [{ Name: 'email', Value: email }],
          }),
        ),
      );
      return reply.code(201).send({
        userSub: out.UserSub!,
        confirmed: out.UserConfirmed ?? false,
        codeSentTo: out.CodeDeliveryDetails?.Destination ?? '',
      });
    },
  );

  app.post(
    '/identity/confirm',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Confirm a new account with the code that was sent',
        body: z.object({
          username: usernameSchema,
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/, 'is the 6-digit code we sent'),
        }),
        response: { 200: z.object({ confirmed: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await cognito(() =>
        client.send(
          new ConfirmSignUpCommand({
            ClientId: clientId,
            Username: request.body.username,
            ConfirmationCode: request.body.code,
          }),
        ),
      );
      return { confirmed: true as const };
    },
  );

  app.post(
    '/identity/sign-in',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with username and password (Cognito USER_PASSWORD_AUTH)',
        body: z.object({ username: usernameSchema, password: z.string().min(1).max(256) }),
        response: { 200: z.union([tokens, mfaChallenge]), ...errors },
      },
    },
    async (request) => {
      const out = await cognito(() =>
        client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: request.body.username, PASSWORD: request.body.password },
          }),
        ),
      );
      return signedInOrChallenged(out);
    },
  );

  app.post(
    '/identity/refresh',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'New access and ID tokens from a refresh token (Cognito REFRESH_TOKEN_AUTH)',
        body: z.object({ refreshToken: z.string().min(1) }),
        response: { 200: tokens, ...errors },
      },
    },
    async (request) => {
      const out = await cognito(() =>
        client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: request.body.refreshToken },
          }),
        ),
      );
      const r = out.AuthenticationResult!;
      return {
        accessToken: r.AccessToken!,
        idToken: r.IdToken!,
        expiresIn: r.ExpiresIn ?? 3600,
        tokenType: 'Bearer' as const,
      };
    },
  );

  app.post(
    '/identity/sign-out',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out everywhere: revokes every access, ID and refresh token of the user',
        response: { 200: z.object({ signedOut: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const token = bearer(request.headers.authorization);
      await cognito(() => client.send(new GlobalSignOutCommand({ AccessToken: token })));
      return { signedOut: true as const };
    },
  );
}
