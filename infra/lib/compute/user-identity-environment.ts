/**
 * How a service on AWS knows the user pool: the variables the service kit verifies callers'
 * Cognito access tokens with (issuer, app client, region) and the pool id identity-api signs users
 * in with. Every service gets all four, as the local runtime gives every process the local pool's.
 */
import { ENV } from '@dwp/platform';
import { Stack } from 'aws-cdk-lib';
import type { CitizenUserPool } from '../identity/citizen-user-pool.ts';

export function userIdentityEnvironment(pool: CitizenUserPool): Record<string, string> {
  return {
    [ENV.cognitoIssuer]: pool.issuer,
    [ENV.cognitoClientId]: pool.client.userPoolClientId,
    [ENV.cognitoRegion]: Stack.of(pool).region,
    [ENV.cognitoUserPoolId]: pool.userPool.userPoolId,
  };
}
