/** The Cognito authorizer stage built from the environment (the user pool the runtime or AWS names). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '@dwp/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { authorizerStage } from './authorizer-stage.ts';
import { CognitoTokenVerifier } from './cognito-token-verifier.ts';
import { RevocationCheck } from './revocation-check.ts';

export const cognitoConfigSchema = z.object({
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>` on AWS; the local pool's URL under npm start. */
  COGNITO_ISSUER: z.url(),
  COGNITO_CLIENT_ID: z.string().min(1),
  /** Unset on AWS (the SDK's regional endpoint); the local pool under npm start. */
  COGNITO_ENDPOINT: z.url().optional(),
  COGNITO_REGION: z.string().default('eu-west-2'),
});

export interface CognitoAuthorizerOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly signOutPaths: readonly string[];
  readonly onClose: (fn: () => void) => void;
}

export function cognitoAuthorizer(opts: CognitoAuthorizerOptions): FastifyPluginAsync {
  const cfg = loadConfig('api-gateway authorizer', cognitoConfigSchema, opts.env);
  const client = new CognitoIdentityProviderClient({
    region: cfg.COGNITO_REGION,
    ...(cfg.COGNITO_ENDPOINT ? { endpoint: cfg.COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
  });
  opts.onClose(() => client.destroy());
  return authorizerStage({
    verifier: new CognitoTokenVerifier({ issuer: cfg.COGNITO_ISSUER, clientId: cfg.COGNITO_CLIENT_ID }),
    revocation: new RevocationCheck({ client }),
    signOutPaths: new Set(opts.signOutPaths),
  });
}
