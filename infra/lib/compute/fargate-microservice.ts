/**
 * One service of the definition on ECS Fargate: its task definition (the definition's cpu,
 * memory and port), a non-root read-only container that logs to CloudWatch for the definition's
 * retention and answers the health check, the environment's tracing variables and (with tracing on)
 * an ADOT collector sidecar for X-Ray and the RED metrics, a task role of its own, a security
 * group of its own, no public IP, Service Connect on the platform's namespace (a client of it, and
 * for a discoverable service a server as `<name>.<namespace>` with TLS between the proxies:
 * service-connect.ts), and the deployment settings of its release strategy (release-strategy.ts):
 * rolling with the circuit breaker, ECS's blue/green, canary or linear, or the CodeDeploy controller. The load balancers attach the
 * alternate target groups and service-release.ts the alarms and hooks.
 */
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ENV, deploymentOf, type Environment, type Platform, type Service } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';
import { CollectorSidecar } from './collector-sidecar.ts';
import { releaseServiceProps } from './release-strategy.ts';
import {
  SERVICE_CONNECT_INGRESS_PORT,
  SERVICE_PORT_NAME,
  serviceConnectPropsOf,
  type ServiceConnectOptions,
} from './service-connect.ts';
import { taskRangeOf } from './task-counts.ts';
import { tracingEnvironment } from './tracing-environment.ts';

/** The uid:gid of the `node` user in the node images (non-root). */
export const CONTAINER_USER = '1000:1000';
/** The task's scratch volume, mounted at /tmp: the only writable path of its read-only containers. */
export const TMP_VOLUME = 'tmp';
/** Time a new task gets before failed health checks count (ours). */
export const HEALTH_CHECK_START_PERIOD = Duration.seconds(60);
export interface FargateMicroserviceProps {
  readonly platform: Platform;
  /** The environment being built: its trace sample rate and the names of its metrics. */
  readonly platformEnvironment: Environment;
  readonly service: Service;
  readonly cluster: ecs.ICluster;
  readonly vpc: ec2.IVpc;
  readonly image: ecs.ContainerImage;
  /** Encrypts the service's log group. */
  readonly logKey: kms.IKey;
  /** Resource names for this environment: the task role's name. */
  readonly taskRoleName: string;
  /** Plain configuration (table names, queue URLs) beyond the runtime contract's own variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secrets Manager values injected at start. @default - none */
  readonly secrets?: Readonly<Record<string, ecs.Secret>>;
  /** The namespace the service joins through Service Connect, and the CA its TLS comes from. */
  readonly serviceConnect: Omit<ServiceConnectOptions, 'logDriver'>;
}

export class FargateMicroservice extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly securityGroup: ec2.SecurityGroup;
  readonly taskRole: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly definition: Service;
  /** The app's image, for helper containers that need the same runtime (Node.js) beside it. */
  readonly image: ecs.ContainerImage;
  /** The ADOT collector beside the app; absent when the definition turns tracing off. */
  readonly collector: CollectorSidecar | undefined;

  constructor(scope: Construct, id: string, props: FargateMicroserviceProps) {
    super(scope, id);
    const { platform, service } = props;
    this.definition = service;
    this.image = props.image;
    const sd = platform.serviceDiscovery;
    const range = taskRangeOf(platform, service);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logRetention(platform), encryptionKey: props.logKey });
    this.taskRole = new iam.Role(this, 'TaskRole', {
      roleName: props.taskRoleName,
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Task role of ${service.name}: only what the definition's taskRole grants`,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: service.cpu,
      memoryLimitMiB: service.memory,
      taskRole: this.taskRole,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      volumes: [{ name: TMP_VOLUME }],
    });

    const tracing = platform.observability.tracing.enabled;
    this.container = this.taskDefinition.addContainer('app', {
      containerName: service.name,
      image: props.image,
      essential: true,
      user: CONTAINER_USER,
      readonlyRootFilesystem: true,
      // HTTP, not TCP, so the proxies route by request: a release's test traffic goes by header.
      portMappings: [
        {
          containerPort: service.port,
          protocol: ecs.Protocol.TCP,
          name: SERVICE_PORT_NAME,
          appProtocol: ecs.AppProtocol.http,
        },
      ],
      // Ports below 1024 (the frontend's 80) need this for the non-root user; Fargate allows net.* sysctls.
      ...(service.port < 1024
        ? { systemControls: [{ namespace: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] }
        : {}),
      environment: {
        NODE_ENV: 'production',
        [ENV.port]: String(service.port),
        [ENV.serviceName]: service.name,
        [ENV.discoveryMode]: 'dns',
        [ENV.discoveryNamespace]: sd.namespace,
        ...tracingEnvironment(platform, props.platformEnvironment, service.name),
        ...props.environment,
      },
      secrets: { ...props.secrets },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: service.name,
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      }),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:'+process.env.PORT+'${sd.healthCheck.path}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(sd.healthCheck.intervalSeconds),
        retries: sd.healthCheck.failureThreshold,
        timeout: Duration.seconds(service.healthCheck.timeoutSeconds),
        startPeriod: HEALTH_CHECK_START_PERIOD,
      },
    });
    this.container.addMountPoints({ containerPath: '/tmp', sourceVolume: TMP_VOLUME, readOnly: false });

    this.collector = tracing
      ? new CollectorSidecar(this, 'Collector', {
          platform,
          environment: props.platformEnvironment,
          service,
          taskDefinition: this.taskDefinition,
          taskRole: this.taskRole,
          containerLogs: this.logGroup,
          logKey: props.logKey,
        })
      : undefined;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${service.name}: ingress only from its load balancer and the services that call it`,
      allowAllOutbound: true,
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      serviceName: service.name,
      desiredCount: range.min,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      ...releaseServiceProps(deploymentOf(platform, service)),
      capacityProviderStrategies: service.spot
        ? [
            // Spot for the non-critical, with the minimum on on-demand (seed 000 "automatic failover to on-demand").
            { capacityProvider: 'FARGATE', base: range.min, weight: 0 },
            { capacityProvider: 'FARGATE_SPOT', weight: 1 },
          ]
        : [{ capacityProvider: 'FARGATE', weight: 1 }],
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      // Service Connect registers `<name>` in the namespace itself; a Cloud Map DNS registration
      // beside it would take the same name.
      serviceConnectConfiguration: serviceConnectPropsOf(platform, service, {
        ...props.serviceConnect,
        logDriver: ecs.LogDrivers.awsLogs({
          logGroup: this.logGroup,
          streamPrefix: `${service.name}-service-connect`,
          mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        }),
      }),
    });

    NagSuppressions.addResourceSuppressions(
      this.taskDefinition.obtainExecutionRole(),
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The execution role\'s ecr:GetAuthorizationToken has no resource-level permissions (AWS documents Resource "*"); image pulls and log writes name their repository and log group.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(this.taskDefinition, [
      {
        id: 'AwsSolutions-ECS2',
        reason:
          "The variables are non-secret configuration: the runtime contract (PORT, SERVICE_NAME, DISCOVERY_*, OTEL_*, table/bucket/queue names), the user pool ids, public keys and key ids, URLs, and the collector sidecar's configuration (AOT_CONFIG_CONTENT: receivers, exporters, namespace and log group names). Every private key, credential and operator setting arrives through the secrets block from Secrets Manager.",
      },
    ]);
  }

  /** Lets a load balancer reach this service's own port (plain HTTP, past the Service Connect proxy). */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(this.definition.port), description);
  }

  /** Lets a service that `calls` this one reach its Service Connect proxy (TLS), and nothing else. */
  allowServiceConnectFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(SERVICE_CONNECT_INGRESS_PORT), description);
  }
}
