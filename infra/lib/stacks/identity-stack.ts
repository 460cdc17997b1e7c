/**
 * The users of one environment: the Cognito user pool and its app client. A stack of its own,
 * deployed before compute, because both the services (which verify callers' access tokens
 * themselves) and the API (whose authorizer uses the pool) need it.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Environment, Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { EncryptionKey } from '../encryption-key.ts';
import { CitizenUserPool } from '../identity/citizen-user-pool.ts';
import { logRetention } from '../log-retention.ts';
import { physicalName } from '../naming.ts';

export interface IdentityStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
}

export class IdentityStack extends Stack {
  readonly userPool: CitizenUserPool;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { platform, environment } = props;
    const gateway = platform.gateways.primary;
    if (!gateway)
      throw new Error(`IdentityStack: platform "${platform.name}" has no primary gateway, so no user pool to make`);
    const key = new EncryptionKey(this, 'IdentityKey', {
      description: `${platform.name} ${environment.name}: user pool trigger logs`,
    });
    key.allowCloudWatchLogs();
    this.userPool = new CitizenUserPool(this, 'Citizens', {
      userPoolName: physicalName(environment, `${platform.name}-citizens`),
      settings: gateway.authentication.userPool,
      logRetention: logRetention(platform),
      logKey: key.key,
      tracing: platform.observability.tracing.enabled,
    });
  }
}
