/** The user pool client: Cognito on AWS, the local pool under npm start (COGNITO_ENDPOINT). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';

export const cognitoConfig = z.object({
  COGNITO_CLIENT_ID: z.string().min(1),
  COGNITO_USER_POOL_ID: z.string().min(1),
  COGNITO_REGION: z.string().default('eu-west-2'),
  COGNITO_ENDPOINT: z.url().optional(),
});
export type CognitoConfig = z.output<typeof cognitoConfig>;

export function cognitoClient(cfg: CognitoConfig): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: cfg.COGNITO_REGION,
    ...(cfg.COGNITO_ENDPOINT ? { endpoint: cfg.COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
  });
}
