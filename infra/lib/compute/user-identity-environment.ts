/**
 * How a service on AWS knows the user pool: the variables the service kit verifies callers'
 * Cognito access tokens with (issuer, app client, region) and the pool id identity-api signs users
 * in with. Every service gets all four, as the local runtime gives every process the local pool's.
 */
import { Stack } from 'aws-cdk-lib';
import type { CitizenUserPool } from '../identity/citizen-user-pool.ts';

/** The variables (the same names the local runtime's user-pool stand-in sets). */
export const COGNITO_ENV = {
  issuer: 'COGNITO_ISSUER',
  clientId: 'COGNITO_CLIENT_ID',
  region: 'COGNITO_REGION',
  userPoolId: 'COGNITO_USER_POOL_ID',
} as const;

export function userIdentityEnvironment(pool: CitizenUserPool): Record<string, string> {
  return {
    [COGNITO_ENV.issuer]: pool.issuer,
    [COGNITO_ENV.clientId]: pool.client.userPoolClientId,
    [COGNITO_ENV.region]: Stack.of(pool).region,
    [COGNITO_ENV.userPoolId]: pool.userPool.userPoolId,
  };
}
