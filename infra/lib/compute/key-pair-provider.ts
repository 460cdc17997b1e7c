/**
 * The custom-resource provider that makes key pairs at deploy time (`Custom::KeyPair`): the small
 * inline handler of key-pair-handler.ts behind a custom-resources Provider. Each role it uses is
 * its own, with no managed policy: the handler may only write its logs and put values into the
 * secrets it is given (`allowWriting`), the framework only write its logs and invoke the handler.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';
import { KEY_PAIR_HANDLER_SOURCE } from './key-pair-handler.ts';

/** The custom resource type every generated key pair is. */
export const KEY_PAIR_RESOURCE_TYPE = 'Custom::KeyPair';
/** RSA 2048 generation takes well under a second; a minute covers a cold start and the Secrets Manager call (ours). */
const HANDLER_TIMEOUT = Duration.minutes(1);
/** Key generation is CPU-bound: more memory buys more CPU (ours). */
const HANDLER_MEMORY_MIB = 256;

export interface KeyPairProviderProps {
  /** Its log retention. */
  readonly platform: Platform;
  /** Encrypts the handler's and the framework's log groups. */
  readonly logKey: kms.IKey;
}

export class KeyPairProvider extends Construct {
  /** What a `Custom::KeyPair` names as its ServiceToken. */
  readonly serviceToken: string;
  readonly handler: lambda.Function;
  private readonly handlerRole: iam.Role;
  private readonly keys = new Set<kms.IKey>();

  constructor(scope: Construct, id: string, props: KeyPairProviderProps) {
    super(scope, id);
    const retention = logRetention(props.platform);
    const handlerLogs = new logs.LogGroup(this, 'HandlerLogs', { retention, encryptionKey: props.logKey });
    this.handlerRole = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Generates key pairs: writes its logs and puts private keys into the secrets made for them',
    });
    handlerLogs.grantWrite(this.handlerRole);
    this.handler = new lambda.Function(this, 'Handler', {
      description: 'Generates a key pair on Create, writes the private key into its secret, returns the public JWK',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(KEY_PAIR_HANDLER_SOURCE),
      role: this.handlerRole,
      timeout: HANDLER_TIMEOUT,
      memorySize: HANDLER_MEMORY_MIB,
      logGroup: handlerLogs,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: props.platform.observability.tracing.enabled ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
    });

    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention, encryptionKey: props.logKey });
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'The custom-resource framework of the key-pair handler: writes its logs and invokes the handler',
    });
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: frameworkLogs,
      frameworkOnEventRole: frameworkRole,
    });
    this.serviceToken = provider.serviceToken;

    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The framework invokes the key-pair handler by its ARN and its versions (`<arn>:*`), as the custom-resources Provider grants; X-Ray trace writes have no resource-level permissions.',
          appliesTo: [{ regex: '/^Resource::<[A-Za-z0-9]*Handler[0-9A-F]{8}\\.Arn>:\\*$/g' }, 'Resource::*'],
        },
        {
          id: 'NIST.800.53.R5-LambdaInsideVPC',
          reason:
            'Deploy-time only: runs during CloudFormation create/update, reaches no VPC resource and calls only the Secrets Manager API; a VPC attachment would add ENIs and nothing else.',
        },
        {
          id: 'NIST.800.53.R5-LambdaDLQ',
          reason:
            'Invoked synchronously by CloudFormation through the Provider framework, which reports every failure to the stack (the deploy fails and rolls back); no event is ever queued to be lost.',
        },
        {
          id: 'NIST.800.53.R5-LambdaConcurrency',
          reason:
            'Runs a few times per deploy; reserving concurrency would take it from the account pool (which a new account may not have to spare) and protects nothing.',
        },
      ],
      true,
    );
  }

  /**
   * Lets the handler put a value into `secret`: secretsmanager:PutSecretValue on that one secret,
   * and kms:GenerateDataKey on its key only when Secrets Manager asks (kms:ViaService). Secrets
   * Manager encrypts a new value under a fresh data key and never calls Decrypt for a new version.
   */
  allowWriting(secret: secretsmanager.ISecret, key: kms.IKey): void {
    this.handlerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:PutSecretValue'], resources: [secret.secretArn] }),
    );
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.handlerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }
}
