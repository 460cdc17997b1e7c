/**
 * One service's smoke test as a release lifecycle hook: the inline handler of smoke-test-handler.ts
 * in the VPC's private subnets (so it reaches the internal test listeners), with a role of its own
 * that may write its logs, manage its network interfaces and, for a CodeDeploy release, report on
 * its own deployment group's hooks and nothing else.
 */
import { Duration } from 'aws-cdk-lib';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Environment, Platform, SmokeTest } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';
import { physicalName } from '../naming.ts';
import { SMOKE_TEST_ENV, SMOKE_TEST_HANDLER_SOURCE } from './smoke-test-handler.ts';

/** Requests per smoke test, and the pause between them: a listener change reaches every node in seconds (ours). */
export const SMOKE_TEST_ATTEMPTS = 3;
export const SMOKE_TEST_RETRY_DELAY = Duration.seconds(5);
/** Beyond the requests themselves: a cold start in the VPC and the CodeDeploy report (ours). */
const HANDLER_MARGIN = Duration.seconds(30);

/**
 * The smoke test function's name (`claims-api-smoke-test-test`): a CodeDeploy AppSpec names its
 * `AfterAllowTestTraffic` hook by it (infra/lib/pipeline/buildspecs.ts).
 */
export function smokeTestFunctionName(environment: Environment, service: string): string {
  return physicalName(environment, `${service}-smoke-test`);
}

export interface SmokeTestHookProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly serviceName: string;
  readonly smokeTest: SmokeTest;
  /** `http://<load balancer>:<test port>`: the test listener the service is reached on. */
  readonly testUrl: string;
  readonly vpc: ec2.IVpc;
  /** Shared by every smoke test of the stack: what the test listeners admit. */
  readonly securityGroup: ec2.ISecurityGroup;
  readonly logKey: kms.IKey;
}

export class SmokeTestHook extends Construct {
  readonly function: lambda.Function;
  private readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SmokeTestHookProps) {
    super(scope, id);
    const t = props.smokeTest;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetention(props.platform),
      encryptionKey: props.logKey,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Smoke test of ${props.serviceName}'s releases: writes its logs and reports its hook`,
    });
    logGroup.grantWrite(this.role);
    const perAttempt = t.timeoutSeconds + SMOKE_TEST_RETRY_DELAY.toSeconds();
    this.function = new lambda.Function(this, 'Function', {
      functionName: smokeTestFunctionName(props.environment, props.serviceName),
      description: `Requests ${t.path} of a new ${props.serviceName} on its test listener before it takes traffic`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(SMOKE_TEST_HANDLER_SOURCE),
      role: this.role,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
      timeout: Duration.seconds(SMOKE_TEST_ATTEMPTS * perAttempt + HANDLER_MARGIN.toSeconds()),
      memorySize: 128,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: props.platform.observability.tracing.enabled ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: {
        [SMOKE_TEST_ENV.url]: `${props.testUrl}${t.path}`,
        [SMOKE_TEST_ENV.target]: props.serviceName,
        [SMOKE_TEST_ENV.expectStatus]: String(t.expectStatus),
        [SMOKE_TEST_ENV.timeoutMs]: String(t.timeoutSeconds * 1000),
        [SMOKE_TEST_ENV.attempts]: String(SMOKE_TEST_ATTEMPTS),
        [SMOKE_TEST_ENV.retryDelayMs]: String(SMOKE_TEST_RETRY_DELAY.toMilliseconds()),
      },
    });

    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'AWSLambdaVPCAccessExecutionRole is the policy AWS documents for a function in a VPC: ec2:CreateNetworkInterface, DescribeNetworkInterfaces and DeleteNetworkInterface for its ENIs, which Lambda creates before the function exists.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'X-Ray trace writes (xray:PutTraceSegments, PutTelemetryRecords) have no resource-level permissions; the function may call nothing else on "*".',
          appliesTo: ['Resource::*'],
        },
        {
          id: 'NIST.800.53.R5-LambdaDLQ',
          reason:
            'Invoked synchronously by ECS or CodeDeploy during a release, which reads its answer and rolls the release back on a failure or no answer; no event is ever queued to be lost.',
        },
        {
          id: 'NIST.800.53.R5-LambdaConcurrency',
          reason:
            'Runs once per release of one service; reserving concurrency would take it from the account pool (which a new account may not have to spare) and protects nothing.',
        },
      ],
      true,
    );
  }

  /**
   * Lets the function answer a CodeDeploy hook of `group`: codedeploy:PutLifecycleEventHookExecutionStatus
   * on that deployment group only, and lets CodeDeploy invoke it (lambda:InvokeFunction, no version).
   */
  allowReporting(group: codedeploy.IEcsDeploymentGroup, codeDeployRole: iam.IRole): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
        resources: [group.deploymentGroupArn],
      }),
    );
    codeDeployRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
  }
}
