/** The user pool client: Cognito on AWS, the local pool under npm start (COGNITO_ENDPOINT). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_REGION, ENV } from '@dwp/platform';
import { z } from 'zod';

export const cognitoConfig = z.object({
  [ENV.cognitoClientId]: z.string().min(1),
  [ENV.cognitoUserPoolId]: z.string().min(1),
  [ENV.cognitoRegion]: z.string().default(DEFAULT_REGION),
  [ENV.cognitoEndpoint]: z.url().optional(),
});
export type CognitoConfig = z.output<typeof cognitoConfig>;

export function cognitoClient(cfg: CognitoConfig): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: cfg.COGNITO_REGION,
    ...(cfg.COGNITO_ENDPOINT
      ? { endpoint: cfg.COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 2,
  });
}
