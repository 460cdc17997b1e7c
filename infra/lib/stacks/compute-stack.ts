/**
 * The compute tier of one environment: the clusters and Cloud Map namespace, the private CA of
 * Service Connect's TLS, a Fargate service per definition entry on Service Connect with its data bindings, its identity (own signing key, everyone's public keys,
 * the user pool), the upstream settings it reads, least-privilege task role and scaling (on its
 * queue's backlog too, for a worker), the public, internal and VPC-link load balancers, each
 * service's release (its strategy's target groups, test listeners, rollback alarms, smoke-test
 * hook and, for CodeDeploy, its deployment group), and the regional WAF ACL in front of the public ALB.
 */
import { CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  ENV,
  appOf,
  deploymentOf,
  scalingOf,
  scalingSchema,
  serviceUrlEnvName,
  type Environment,
  type Platform,
  type Service,
} from '@dwp/platform';
import type { Construct } from 'constructs';
import { FargateMicroservice } from '../compute/fargate-microservice.ts';
import { KeyPairProvider } from '../compute/key-pair-provider.ts';
import { CloudFrontOriginPrefixList } from '../compute/cloudfront-origin-prefix-list.ts';
import { LoadBalancers } from '../compute/load-balancers.ts';
import { PlatformClusters } from '../compute/platform-clusters.ts';
import { trustRdsCertificates } from '../compute/postgres-tls.ts';
import { bindingsOf, connectToData, grantPermissions, storesOf } from '../compute/service-bindings.ts';
import { serviceImage } from '../compute/service-image.ts';
import { QueueDepthScaling } from '../compute/queue-depth-scaling.ts';
import { ReleaseRole } from '../compute/release-role.ts';
import { controllerOf, isTrafficShift } from '../compute/release-strategy.ts';
import { releaseTestSources } from '../compute/release-test-sources.ts';
import { ServiceRelease } from '../compute/service-release.ts';
import { serviceConnectUrlOf } from '../compute/service-connect.ts';
import { ServiceConnectAuthority } from '../compute/service-connect-authority.ts';
import { ServiceScaling } from '../compute/service-scaling.ts';
import { ServiceSigningKeys } from '../compute/service-signing-keys.ts';
import { taskRangeOf } from '../compute/task-counts.ts';
import { UpstreamSettings } from '../compute/upstream-settings.ts';
import { userIdentityEnvironment } from '../compute/user-identity-environment.ts';
import { LogBucket } from '../data/log-bucket.ts';
import { associateWebAcl, WebFirewall } from '../edge/web-firewall.ts';
import { EncryptionKey } from '../encryption-key.ts';
import type { CitizenUserPool } from '../identity/citizen-user-pool.ts';
import { pascal, physicalName } from '../naming.ts';
import type { DataStack } from './data-stack.ts';

/** The queues a service's task role consumes (`sqs-consume`). */
function consumedQueuesOf(service: Service): string[] {
  return (service.taskRole?.permissions ?? []).flatMap((p) => (p.kind === 'sqs-consume' ? [p.queue] : []));
}

export interface ComputeStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly vpc: ec2.IVpc;
  readonly data: DataStack;
  readonly repositories: ReadonlyMap<string, ecr.IRepository>;
  /** The identity stack's user pool: every service verifies callers' access tokens against it. */
  readonly userPool: CitizenUserPool;
  /** Deploy this tag from the ECR repositories. @default - build the Dockerfiles as CDK assets */
  readonly imageTag?: string;
}

export class ComputeStack extends Stack {
  readonly clusters: PlatformClusters;
  readonly services = new Map<string, FargateMicroservice>();
  readonly loadBalancers: LoadBalancers;
  readonly firewall: WebFirewall;
  readonly certificateArn: CfnParameter;
  readonly publicBaseUrl: CfnParameter;
  readonly signingKeys: ServiceSigningKeys;
  readonly upstreams: UpstreamSettings;
  /** The private CA the Service Connect proxies' certificates come from, and ECS's role for them. */
  readonly serviceConnectAuthority: ServiceConnectAuthority;
  /**
   * The CodeDeploy deployment group of each service released by CodeDeploy, by service name: a
   * pipeline's CodeDeploy ECS deploy action names its application and group
   * (`deploymentGroup.application.applicationName`, `deploymentGroup.deploymentGroupName`).
   */
  readonly deploymentGroups = new Map<string, codedeploy.IEcsDeploymentGroup>();
  /**
   * The smoke-test function of each service whose release has one, by service name: for a
   * CodeDeploy release, the AppSpec's `AfterAllowTestTraffic` hook (its function name).
   */
  readonly smokeTests = new Map<string, lambda.IFunction>();

  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { platform, environment, vpc, data } = props;
    const key = new EncryptionKey(this, 'ComputeKey', {
      description: `${platform.name} ${environment.name}: service and WAF logs`,
    });
    key.allowCloudWatchLogs();

    this.certificateArn = new CfnParameter(this, 'PublicCertificateArn', {
      type: 'String',
      description: `ACM certificate (in this region) for the HTTPS listener of ${platform.loadBalancing.public.name}`,
      allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+$',
      constraintDescription: 'must be an ACM certificate ARN',
    });

    this.publicBaseUrl = new CfnParameter(this, 'PublicBaseUrl', {
      type: 'String',
      description: `The URL citizens reach ${platform.name} at (the CloudFront distribution or the domain aliased to it); services build links and redirect URIs from it`,
      allowedPattern: '^https://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$',
      constraintDescription: 'must be an https:// origin such as https://citizens.example.gov.uk, with no path',
    });

    this.clusters = new PlatformClusters(this, 'Clusters', { platform, environment, vpc });

    // Each service's identity: its own signing key (a secret) and everyone's public keys; and the
    // settings of the external upstreams, which no sandbox stands in for on AWS.
    const identityKey = new EncryptionKey(this, 'ServiceIdentityKey', {
      description: `${platform.name} ${environment.name}: service keys and upstream settings`,
    });
    const keyPairs = new KeyPairProvider(this, 'KeyPairProvider', { platform, logKey: key.key });
    this.signingKeys = new ServiceSigningKeys(this, 'SigningKeys', {
      platform,
      environment,
      key: identityKey.key,
      provider: keyPairs,
    });
    this.upstreams = new UpstreamSettings(this, 'Upstreams', {
      platform,
      environment,
      key: identityKey.key,
      provider: keyPairs,
    });
    // The proxies' TLS: their private keys are service keys too, so the same key protects them.
    this.serviceConnectAuthority = new ServiceConnectAuthority(this, 'ServiceConnectAuthority', {
      platform,
      environment,
      key: identityKey.key,
    });
    const shared: Record<string, string> = {
      ...userIdentityEnvironment(props.userPool),
      [ENV.trustedKeys]: this.signingKeys.trustedKeys,
      [ENV.publicBaseUrl]: this.publicBaseUrl.valueAsString,
    };

    for (const service of platform.services) {
      const app = appOf(service);
      const repository = props.repositories.get(app);
      if (!repository) throw new Error(`ComputeStack: no ECR repository for app "${app}" of ${service.name}`);
      const bindings = bindingsOf(platform, service, data);
      const ms = new FargateMicroservice(this, pascal(service.name), {
        platform,
        platformEnvironment: environment,
        service,
        cluster: this.clusters.clusterOf(service.cluster),
        vpc,
        image: serviceImage(app, service.port, repository, props.imageTag),
        logKey: key.key,
        taskRoleName: physicalName(environment, service.taskRole?.name ?? `${service.name}-task-role`),
        environment: { ...bindings.environment, ...shared, ...this.upstreams.environmentOf(service.name) },
        secrets: {
          ...bindings.secrets,
          ...this.upstreams.secretsOf(service.name),
          [ENV.signingKey]: this.signingKeys.signingKeyOf(service.name),
        },
        serviceConnect: { namespaceArn: this.clusters.namespace.namespaceArn, tls: this.serviceConnectAuthority.tls },
      });
      // Created after the CA is active and the role can issue; deleted before them (ECS guide,
      // Service Connect TLS "Infrastructure as code"), or the service is stuck draining.
      ms.service.node.addDependency(this.serviceConnectAuthority);
      grantPermissions(ms, data);
      connectToData(platform, ms, data);
      if (storesOf(platform, service).some((store) => store.kind === 'postgres')) trustRdsCertificates(ms);
      this.services.set(service.name, ms);
    }
    // Service-to-service calls (the definition's `calls`) are the only other ingress a service gets:
    // to its Service Connect proxy, over TLS. The caller's app reaches the callee's client alias
    // through its own proxy. ECS's native blue/green, canary and linear releases shift Service
    // Connect traffic as they shift the load balancers' (ECS guide, "Service Connect resources for
    // Amazon ECS blue/green, linear and canary deployments"), so a callee released by shifting
    // traffic is called over Service Connect too, not through its load balancer.
    for (const caller of this.services.values()) {
      for (const callee of caller.definition.calls) {
        const target = this.services.get(callee);
        if (!target)
          throw new Error(`ComputeStack: ${caller.definition.name} calls "${callee}", which has no Fargate service`);
        target.allowServiceConnectFrom(caller.securityGroup, `${caller.definition.name} calls ${callee}`);
        caller.container.addEnvironment(serviceUrlEnvName(callee), serviceConnectUrlOf(platform, target.definition));
      }
    }

    // A traffic shift needs test listeners (and their smoke tests' sources); ECS's own, its role.
    const releases = platform.services.map((s) => deploymentOf(platform, s));
    const releaseRole = releases.some((d) => isTrafficShift(d) && controllerOf(d) === 'ecs')
      ? new ReleaseRole(this, 'ReleaseRole')
      : undefined;
    const testSources = releases.some(isTrafficShift) ? releaseTestSources(this, 'SmokeTests', vpc) : undefined;

    const lbLogs = new LogBucket(this, 'LoadBalancerLogs');
    this.loadBalancers = new LoadBalancers(this, 'LoadBalancers', {
      platform,
      environment,
      vpc,
      services: this.services,
      certificateArn: this.certificateArn.valueAsString,
      accessLogs: lbLogs.bucket,
      // CloudFront (the Edge stack) fronts the web tier: nothing else reaches its HTTPS port.
      originPrefixListId: new CloudFrontOriginPrefixList(this, 'CloudFrontOrigins', { platform, logKey: key.key })
        .prefixListId,
      ...(releaseRole ? { releaseRole } : {}),
      ...(testSources ? { releaseTestSources: testSources } : {}),
    });

    for (const ms of this.services.values()) {
      const name = ms.definition.name;
      const targetGroups = [
        this.loadBalancers.targetGroups.get(name),
        this.loadBalancers.alternateTargetGroups.get(name),
      ].filter((tg) => tg !== undefined);
      const targets = this.loadBalancers.releaseTargets.get(name);
      const release = new ServiceRelease(ms, 'Release', {
        platform,
        environment,
        service: ms,
        targetGroups,
        ...(targets ? { targets } : {}),
        ...(releaseRole ? { releaseRole } : {}),
        vpc,
        ...(testSources ? { smokeTestSecurityGroup: testSources.smokeTests } : {}),
        logKey: key.key,
      });
      if (release.codeDeploy) this.deploymentGroups.set(name, release.codeDeploy.deploymentGroup);
      if (release.smokeTest) this.smokeTests.set(name, release.smokeTest.function);
    }

    // On AWS the primary gateway is API Gateway, not a Cloud Map name: a service that calls it by
    // name (the web tier) is sent to the internal ALB, which routes the gateway's base path.
    const gateway = platform.gateways.primary;
    if (gateway && this.loadBalancers.internalApiUrl) {
      for (const ms of this.services.values())
        ms.container.addEnvironment(serviceUrlEnvName(gateway.name), this.loadBalancers.internalApiUrl);
    }

    for (const ms of this.services.values()) {
      const scaling = scalingOf(platform, ms.definition);
      const consumed = consumedQueuesOf(ms.definition);
      if (!scaling && consumed.length === 0) continue;
      const targetGroup = this.loadBalancers.targetGroups.get(ms.definition.name);
      const alternateTargetGroup = this.loadBalancers.alternateTargetGroups.get(ms.definition.name);
      const range = taskRangeOf(platform, ms.definition);
      const scalableTarget = scaling
        ? new ServiceScaling(ms, 'Scaling', {
            platform,
            definition: ms.definition,
            scaling,
            service: ms.service,
            ...(targetGroup ? { targetGroup } : {}),
            ...(alternateTargetGroup ? { alternateTargetGroup } : {}),
          }).scalableTarget
        : ms.service.autoScaleTaskCount({ minCapacity: range.min, maxCapacity: range.max });
      // A queue worker also scales on the backlog of each queue it consumes.
      for (const queue of consumed) {
        const store = data.queues.get(queue);
        if (!store)
          throw new Error(
            `ComputeStack: ${ms.definition.name} consumes "${queue}", which the data stack has no queue for`,
          );
        new QueueDepthScaling(ms, pascal(queue, 'backlog'), {
          scalableTarget,
          queue: store.queue,
          // Without scaling of its own, the schema's default cooldown (read, not re-typed).
          cooldown: Duration.seconds((scaling ?? scalingSchema.parse({})).scaleOutCooldownSeconds),
        });
      }
    }

    this.firewall = new WebFirewall(this, 'RegionalFirewall', {
      platform,
      scope: 'REGIONAL',
      name: physicalName(environment, `${platform.name}-regional`),
      logKey: key.key,
      viewerRules: false,
    });
    associateWebAcl(
      this,
      'PublicAlbFirewall',
      this.firewall.webAcl.attrArn,
      this.loadBalancers.publicAlb.loadBalancerArn,
    );
  }
}
