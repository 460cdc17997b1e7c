/**
 * The ADOT collector beside a service (seed 001 "X-Ray Tracing", seed 000 "Custom Metrics"): our own
 * configuration in `AOT_CONFIG_CONTENT` (traces to X-Ray, the service's RED metrics to CloudWatch
 * through EMF), the log group those metrics are written to, and the task-role grants both need.
 */
import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Environment, Platform, Service } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';
import { collectorConfig, collectorConfigYaml, type CollectorConfig } from '../observability/collector-config.ts';
import { serviceMetricsLogGroupName, serviceMetricsNamespace } from '../observability/service-metrics.ts';

/** The collector image (ADOT v0.43.3: OpenTelemetry Collector contrib v0.117.0 components). */
export const ADOT_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3';
export const COLLECTOR_CONTAINER_NAME = 'aws-otel-collector';
/** The variable the ADOT collector reads its whole configuration from, ahead of `--config`. */
export const AOT_CONFIG_ENV = 'AOT_CONFIG_CONTENT';
/** X-Ray actions have no resource-level permissions; they must be granted on `*`. */
export const XRAY_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
] as const;
/** What the EMF exporter calls on its (existing) log group: a stream per task, then its events. */
export const EMF_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'] as const;

export interface CollectorSidecarProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly service: Service;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly taskRole: iam.Role;
  /** The service's container log group: the collector's own logs go there too. */
  readonly containerLogs: logs.ILogGroup;
  /** Encrypts the metrics log group. */
  readonly logKey: kms.IKey;
}

export class CollectorSidecar extends Construct {
  readonly container: ecs.ContainerDefinition;
  /** Where the EMF exporter writes the service's metrics; CloudWatch extracts them from it. */
  readonly metricsLogGroup: logs.LogGroup;
  readonly config: CollectorConfig;

  constructor(scope: Construct, id: string, props: CollectorSidecarProps) {
    super(scope, id);
    const { platform, environment, service } = props;
    // Made here, not by the exporter, so CloudFormation owns its retention and encryption and the
    // task role needs no logs:CreateLogGroup.
    this.metricsLogGroup = new logs.LogGroup(this, 'MetricLogs', {
      logGroupName: serviceMetricsLogGroupName(platform, environment, service.name),
      retention: logRetention(platform),
      encryptionKey: props.logKey,
    });
    this.config = collectorConfig({
      serviceName: service.name,
      port: service.port,
      taskMemoryMiB: service.memory,
      namespace: serviceMetricsNamespace(platform, environment),
      logGroupName: serviceMetricsLogGroupName(platform, environment, service.name),
    });

    this.container = props.taskDefinition.addContainer('adot', {
      containerName: COLLECTOR_CONTAINER_NAME,
      image: ecs.ContainerImage.fromRegistry(ADOT_COLLECTOR_IMAGE),
      essential: false,
      readonlyRootFilesystem: true,
      environment: { [AOT_CONFIG_ENV]: collectorConfigYaml(this.config) },
      // The image's probe asks the health_check extension.
      healthCheck: {
        command: ['CMD', '/healthcheck'],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.containerLogs,
        streamPrefix: 'adot',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      }),
    });

    this.grantTraceWrites(props.taskRole);
    this.grantMetricWrites(props.taskRole);
  }

  /** xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets on `*` (no resource-level permissions). */
  private grantTraceWrites(role: iam.Role): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...XRAY_ACTIONS], resources: ['*'] }));
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'X-Ray PutTraceSegments/PutTelemetryRecords/GetSampling* support no resource-level permissions; AWS documents Resource "*" for them.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }

  /** logs:CreateLogStream, PutLogEvents and DescribeLogStreams on the metrics log group and its streams only. */
  private grantMetricWrites(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...EMF_LOG_ACTIONS], resources: [this.metricsLogGroup.logGroupArn] }),
    );
  }
}
