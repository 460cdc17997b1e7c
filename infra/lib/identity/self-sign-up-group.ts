/**
 * The definition's `selfSignUpGroup` on AWS: a post-confirmation trigger that puts a citizen who
 * registered themselves into that group, as the local pool does, so their tokens carry the role
 * (`cognito:groups`) the services check. Users an administrator creates keep the groups they are given.
 */
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** The trigger source of a self-registration's confirmation (not a forgotten-password one). */
export const CONFIRM_SIGN_UP = 'PostConfirmation_ConfirmSignUp';
/** The variable naming the group the trigger adds users to. */
export const GROUP_ENV = 'SELF_SIGN_UP_GROUP';

/** CommonJS for the Lambda Node.js runtime, which ships the SDK v3 Cognito client. */
export const SELF_SIGN_UP_HANDLER_SOURCE = `'use strict';
const { CognitoIdentityProviderClient, AdminAddUserToGroupCommand } = require('@aws-sdk/client-cognito-identity-provider');
const cognito = new CognitoIdentityProviderClient({});
exports.handler = async (event) => {
  if (event.triggerSource === '${CONFIRM_SIGN_UP}') {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: event.userPoolId, Username: event.userName, GroupName: process.env.${GROUP_ENV} }));
  }
  return event;
};
`;

export interface SelfSignUpGroupProps {
  readonly userPool: cognito.UserPool;
  /** The group self-registered users join; one of the pool's groups. */
  readonly group: string;
  readonly logRetention: logs.RetentionDays;
  readonly logKey: kms.IKey;
  /** Trace the trigger with X-Ray. @default false */
  readonly tracing?: boolean;
}

export class SelfSignUpGroup extends Construct {
  readonly handler: lambda.Function;

  constructor(scope: Construct, id: string, props: SelfSignUpGroupProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, encryptionKey: props.logKey });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Adds self-registered users to the ${props.group} group; writes its logs`,
    });
    logGroup.grantWrite(role);
    this.handler = new lambda.Function(this, 'Handler', {
      description: `Post-confirmation: adds a self-registered user to the ${props.group} group`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(SELF_SIGN_UP_HANDLER_SOURCE),
      role,
      environment: { [GROUP_ENV]: props.group },
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
    });
    props.userPool.addTrigger(cognito.UserPoolOperation.POST_CONFIRMATION, this.handler);
    // A policy of its own, not the role's default policy: the function does not wait for it, so the
    // pool (which names the function) and the grant (which names the pool) do not wait for each other.
    new iam.Policy(this, 'AddToGroup', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['cognito-idp:AdminAddUserToGroup'],
          resources: [props.userPool.userPoolArn],
        }),
      ],
    });

    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'NIST.800.53.R5-LambdaInsideVPC',
          reason:
            'The trigger calls only the public Cognito API for the pool that invokes it and reaches no VPC resource; a VPC attachment would add ENIs and a NAT dependency.',
        },
        {
          id: 'NIST.800.53.R5-LambdaDLQ',
          reason:
            'Cognito invokes the trigger synchronously while confirming the sign-up and fails the confirmation if it fails; no event is ever queued to be lost.',
        },
        {
          id: 'NIST.800.53.R5-LambdaConcurrency',
          reason:
            'Runs once per self-registration; reserving concurrency would take it from the account pool (which a new account may not have to spare) and could refuse sign-ups.',
        },
        ...(props.tracing
          ? [
              {
                id: 'AwsSolutions-IAM5',
                reason:
                  'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; AWS documents Resource "*" for them.',
                appliesTo: ['Resource::*'],
              },
            ]
          : []),
      ],
      true,
    );
  }
}
