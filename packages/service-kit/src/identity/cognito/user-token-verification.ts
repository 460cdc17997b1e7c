/**
 * Verification of a user's Cognito access token, built from the environment the runtime or the
 * CDK app gives every container. The primary gateway requires it; a service uses it when the
 * pool is named, because on AWS API Gateway's Cognito authorizer cannot sign our identity token
 * and the service must check the caller's token itself (locally the gateway's token comes first).
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_REGION, ENV } from '@dwp/platform';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { CognitoTokenVerifier, type VerifiedToken } from './cognito-token-verifier.ts';
import { RevocationCheck } from './revocation-check.ts';

export const cognitoConfigSchema = z.object({
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>` on AWS; the local pool's URL under npm start. */
  [ENV.cognitoIssuer]: z.url(),
  [ENV.cognitoClientId]: z.string().min(1),
  /** Unset on AWS (the SDK's regional endpoint); the local pool under npm start. */
  [ENV.cognitoEndpoint]: z.url().optional(),
  [ENV.cognitoRegion]: z.string().default(DEFAULT_REGION),
});

export interface UserTokenVerification {
  /** Signature and claims, then whether the pool still accepts it (sign-out). @throws {TokenRejected} */
  verify(token: string): Promise<VerifiedToken>;
  /** The token was just signed out: verify it afresh next time. */
  forget(token: string): void;
  close(): void;
}

/** `groups` are the user pool's (the definition's `userPool.groups`, see `userPoolGroupsOf`): the roles a token can grant. */
export function userTokenVerification(
  owner: string,
  env: NodeJS.ProcessEnv,
  groups: readonly string[],
): UserTokenVerification {
  const cfg = loadConfig(owner, cognitoConfigSchema, env);
  const client = new CognitoIdentityProviderClient({
    region: cfg.COGNITO_REGION,
    // The local pool ignores credentials, but the SDK insists on some before it sends anything.
    ...(cfg.COGNITO_ENDPOINT
      ? { endpoint: cfg.COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 2,
  });
  const verifier = new CognitoTokenVerifier({
    issuer: cfg.COGNITO_ISSUER,
    clientId: cfg.COGNITO_CLIENT_ID,
    groups,
  });
  const revocation = new RevocationCheck({ client });
  return {
    async verify(token) {
      const verified = await verifier.verify(token);
      await revocation.assertLive(token);
      return verified;
    },
    forget(token) {
      verifier.forget(token);
      revocation.forget(token);
    },
    close: () => {
      client.destroy();
    },
  };
}

/** The same, or undefined when the environment names no user pool (a service that sees no users). */
export function optionalUserTokenVerification(
  owner: string,
  env: NodeJS.ProcessEnv,
  groups: readonly string[],
): UserTokenVerification | undefined {
  return env.COGNITO_ISSUER ? userTokenVerification(owner, env, groups) : undefined;
}

/** `Authorization: <token>` as API Gateway's Cognito authorizer takes it, or `Bearer <token>`. */
export function accessTokenFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const token = /^bearer /i.test(header) ? header.slice(7).trim() : header.trim();
  return token || undefined;
}
