/**
 * The load balancers of seed 000 "Load Balancing Strategy", from the definition's `loadBalancing`:
 * the public ALB (HTTPS with the given ACM certificate, HTTP redirected) in front of the web tier,
 * the internal ALB with a path rule per app service (and one under the primary gateway's base path,
 * for the web tier's calls to the gateway), and the internal NLB that API Gateway's VPC
 * link needs (REST API private integrations reach an NLB, which forwards to the internal ALB and
 * to the external gateway service).
 *
 * A service released by shifting traffic (release-strategy.ts) gets a second, green target group
 * beside each primary one and a test listener on its load balancer for the smoke test. With ECS's
 * own controller, its traffic goes through a production listener rule (ALB) or listener (NLB) that
 * forwards to both groups by weight, and a test rule routed by the `x-release-target` header; ECS
 * moves the weights. With CodeDeploy, which moves a listener's default action and nothing else,
 * the service must be its listener's catch-all (or the NLB listener's only target).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2Targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { deploymentOf, type Deployment, type Environment, type Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { pascal, physicalName } from '../naming.ts';
import type { FargateMicroservice } from './fargate-microservice.ts';
import { controllerOf, isTrafficShift } from './release-strategy.ts';
import type { ReleaseRole } from './release-role.ts';
import { applicationTargetGroup, attachService, healthCheckOf, networkTargetGroup } from './target-groups.ts';

/** Rules for the primary gateway's base path come after the services' own (10, 20, ...). */
const BASE_PATH_RULE_PRIORITY = 1000;

/** A catch-all service released by ECS is reached through a rule, the last one a listener evaluates. */
const CATCH_ALL_RULE_PRIORITY = 50000;

/** The port of each load balancer's test listener: where a release's smoke test reaches the new set (ours). */
export const TEST_LISTENER_PORT = 9000;
/** The header a test listener routes by: the name of the service under test. */
export const RELEASE_TARGET_HEADER = 'x-release-target';
/** Weights of a production rule at rest (all on the primary group) and of a test rule (all on the green). */
const PRODUCTION_WEIGHTS = { primary: 100, green: 0 } as const;
const TEST_WEIGHTS = { primary: 0, green: 100 } as const;

/** The platform's JSON error shape for a path no service owns. */
const NOT_FOUND_BODY = JSON.stringify({
  error: { code: 'NOT_FOUND', message: 'No service owns this path', details: [] },
});

/**
 * How a release of one service reaches its traffic on one load balancer: its primary and green
 * target groups, the listeners (and, for ECS on an ALB, the rules) that forward to them, and the
 * test listener's URL (the service is chosen there by the `x-release-target` header).
 */
export type ReleaseTarget =
  | {
      readonly kind: 'alb';
      readonly loadBalancer: elbv2.ApplicationLoadBalancer;
      readonly primary: elbv2.ApplicationTargetGroup;
      readonly green: elbv2.ApplicationTargetGroup;
      readonly productionListener: elbv2.ApplicationListener;
      readonly testListener: elbv2.ApplicationListener;
      /** ECS's controller: the rules it moves the weights of. @default - CodeDeploy moves the listeners */
      readonly productionRule: elbv2.ApplicationListenerRule | undefined;
      readonly testRule: elbv2.ApplicationListenerRule | undefined;
      readonly testUrl: string;
    }
  | {
      readonly kind: 'nlb';
      readonly loadBalancer: elbv2.NetworkLoadBalancer;
      readonly primary: elbv2.NetworkTargetGroup;
      readonly green: elbv2.NetworkTargetGroup;
      readonly productionListener: elbv2.NetworkListener;
      readonly testListener: elbv2.NetworkListener;
      readonly testUrl: string;
    };

/** Who may reach the test listeners: the smoke tests inside the VPC, and as they reach a public ALB. */
export interface ReleaseTestSources {
  /** The smoke-test functions' security group (internal ALB, VPC-link NLB). */
  readonly smokeTests: ec2.IConnectable;
  /**
   * The addresses the smoke tests reach an internet-facing ALB from: the VPC's NAT gateways, since
   * its DNS name resolves to public addresses even inside the VPC.
   */
  readonly publicPeers: readonly ec2.IPeer[];
}

/** One service behind one ALB: its target groups and how it is released. */
interface AlbTarget {
  readonly s: FargateMicroservice;
  readonly tg: elbv2.ApplicationTargetGroup;
  readonly green: elbv2.ApplicationTargetGroup | undefined;
  readonly release: Deployment;
}

export interface LoadBalancersProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly vpc: ec2.IVpc;
  /** Every Fargate service, by definition name. */
  readonly services: ReadonlyMap<string, FargateMicroservice>;
  /** ACM certificate for the public HTTPS listener (a stack parameter). */
  readonly certificateArn: string;
  readonly accessLogs: s3.IBucket;
  /**
   * CloudFront's origin-facing prefix list: the only source the public ALB serves. Its HTTP port
   * only redirects, so it stays open to all (a prefix list counts as ~55 rules, and two would pass
   * a security group's default quota of 60). @default - anywhere, for a platform without CloudFront
   */
  readonly originPrefixListId?: string;
  /** The role ECS shifts traffic with. Required when a service is released by ECS's controller. */
  readonly releaseRole?: ReleaseRole;
  /** Required when a service is released by shifting traffic (it has a test listener). */
  readonly releaseTestSources?: ReleaseTestSources;
}

export class LoadBalancers extends Construct {
  readonly publicAlb: elbv2.ApplicationLoadBalancer;
  readonly internalAlb: elbv2.ApplicationLoadBalancer | undefined;
  readonly apiLink: elbv2.NetworkLoadBalancer;
  /** ALB target groups by service name (request-count scaling and 5xx alarms read them). */
  readonly targetGroups = new Map<string, elbv2.ApplicationTargetGroup>();
  /** NLB target groups by service name (services API Gateway reaches directly). */
  readonly networkTargetGroups = new Map<string, elbv2.NetworkTargetGroup>();
  /**
   * The green ALB target group of each service released by shifting traffic. After a release the
   * traffic may be on either group of the pair, so whatever watches a service's traffic reads both.
   */
  readonly alternateTargetGroups = new Map<string, elbv2.ApplicationTargetGroup>();
  /** Where each service released by shifting traffic is reached, per load balancer. */
  readonly releaseTargets = new Map<string, ReleaseTarget[]>();
  /** The NLB listener port in front of the internal ALB. */
  readonly internalPort: number | undefined;
  /**
   * `http://<nlb>:<port>`: the internal ALB as services inside the VPC reach it, with the primary
   * gateway's base path (`/api/...`) routed as API Gateway routes it. @default - no internal ALB
   */
  readonly internalApiUrl: string | undefined;

  private readonly platform: Platform;
  private readonly vpc: ec2.IVpc;
  private readonly props: LoadBalancersProps;

  constructor(scope: Construct, id: string, props: LoadBalancersProps) {
    super(scope, id);
    const { platform, environment, vpc, services } = props;
    this.platform = platform;
    this.vpc = vpc;
    this.props = props;
    const lb = platform.loadBalancing;
    const service = (name: string): FargateMicroservice => {
      const s = services.get(name);
      if (!s) throw new Error(`LoadBalancers: "${name}" is a load balancer target but has no Fargate service`);
      return s;
    };

    // Public ALB -----------------------------------------------------------------------------
    const origin = props.originPrefixListId;
    const publicSg = new ec2.SecurityGroup(this, 'PublicSecurityGroup', {
      vpc,
      description: origin
        ? `${lb.public.name}: HTTPS from CloudFront only; the HTTP redirect from anywhere`
        : `${lb.public.name}: HTTPS and the HTTP redirect from anywhere`,
      allowAllOutbound: false,
    });
    for (const l of lb.public.listeners) {
      const servesContent = l.redirectToPort === undefined;
      if (servesContent && origin)
        publicSg.addIngressRule(
          ec2.Peer.prefixList(origin),
          ec2.Port.tcp(l.port),
          `${l.protocol} ${l.port} from CloudFront's origin-facing addresses`,
        );
      else publicSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(l.port), `${l.protocol} ${l.port} from anywhere`);
    }
    NagSuppressions.addResourceSuppressions(publicSg, [
      {
        id: 'AwsSolutions-EC23',
        reason: origin
          ? 'Only the HTTP listener, which answers nothing but a redirect to HTTPS (seed 000), is open to the internet; HTTPS is admitted from CloudFront alone.'
          : 'Seed 000 makes dwp-public-alb internet-facing on 443 (and 80, redirected); the ALB has its own regional WAF ACL.',
      },
    ]);
    this.publicAlb = new elbv2.ApplicationLoadBalancer(this, 'Public', {
      vpc,
      internetFacing: lb.public.scheme === 'internet-facing',
      loadBalancerName: physicalName(environment, lb.public.name),
      vpcSubnets: {
        subnetType: lb.public.scheme === 'internet-facing' ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS,
      },
      securityGroup: publicSg,
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    });
    this.publicAlb.logAccessLogs(props.accessLogs, `alb/${lb.public.name}`);
    const publicTargets = lb.public.targets.map((name) =>
      this.albTarget(service(name), 'public', publicSg, lb.public.name),
    );
    let publicProduction: elbv2.ApplicationListener | undefined;
    let publicRules = new Map<string, elbv2.ApplicationListenerRule>();
    for (const l of lb.public.listeners) {
      if (l.redirectToPort !== undefined) {
        const redirect = this.publicAlb.addListener(`Port${l.port}`, {
          port: l.port,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultAction: elbv2.ListenerAction.redirect({
            protocol: 'HTTPS',
            port: String(l.redirectToPort),
            permanent: true,
          }),
        });
        NagSuppressions.addResourceSuppressions(redirect, [
          {
            id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
            reason: `HTTP ${l.port} only redirects to HTTPS ${l.redirectToPort} (seed 000); it serves no content.`,
          },
        ]);
        continue;
      }
      const https = l.protocol === 'HTTPS';
      const listener = this.publicAlb.addListener(`Port${l.port}`, {
        port: l.port,
        protocol: https ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
        ...(https
          ? {
              certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
              sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
            }
          : {}),
        open: false,
        defaultAction: this.defaultAction(publicTargets),
      });
      publicRules = this.addPathRules(listener, publicTargets, 'public');
      publicProduction = this.oneContentListener(publicProduction, listener, publicTargets, lb.public.name);
    }
    const publicTest = this.addTestListener(this.publicAlb, 'public', publicTargets, publicProduction, publicRules);
    if (publicTest) {
      for (const peer of this.testSources().publicPeers)
        publicSg.addIngressRule(
          peer,
          ec2.Port.tcp(TEST_LISTENER_PORT),
          'release smoke tests, from the VPC NAT gateways',
        );
      const testOnly =
        "The test listener only carries a release's smoke-test requests, from the VPC's own NAT gateway addresses, to the new task set before it takes traffic; citizens reach the ALB through CloudFront on HTTPS.";
      NagSuppressions.addResourceSuppressions(publicTest, [
        { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: testOnly },
        { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: testOnly },
      ]);
      NagSuppressions.addResourceSuppressions(publicSg, [
        {
          id: 'CdkNagValidationFailure',
          reason:
            "The test port's sources are the NAT gateways' Elastic IPs (/32 each), known only at deploy time, so the common-ports and SSH rules cannot read them; the rule opens port 9000 alone.",
          appliesTo: ['NIST.800.53.R5-EC2RestrictedCommonPorts', 'NIST.800.53.R5-EC2RestrictedSSH'],
        },
      ]);
    }

    // Internal ALB and the NLB API Gateway reaches it through ------------------------------------
    const linkSg = new ec2.SecurityGroup(this, 'ApiLinkSecurityGroup', {
      vpc,
      description: 'API Gateway VPC link NLB: reachable from inside the VPC only',
      allowAllOutbound: true,
    });
    this.apiLink = new elbv2.NetworkLoadBalancer(this, 'ApiLink', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      crossZoneEnabled: true,
      deletionProtection: true,
      securityGroups: [linkSg],
      // API Gateway's VPC link arrives over PrivateLink and is authorised at the API, not by source address.
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false,
    });
    this.apiLink.logAccessLogs(props.accessLogs, 'nlb/api-link');

    const internal = lb.internal;
    if (internal) {
      const internalSg = new ec2.SecurityGroup(this, 'InternalSecurityGroup', {
        vpc,
        description: `${internal.name}: only from the API Gateway VPC link NLB`,
        allowAllOutbound: false,
      });
      this.internalAlb = new elbv2.ApplicationLoadBalancer(this, 'Internal', {
        vpc,
        internetFacing: false,
        loadBalancerName: physicalName(environment, internal.name),
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroup: internalSg,
        dropInvalidHeaderFields: true,
        deletionProtection: true,
      });
      this.internalAlb.logAccessLogs(props.accessLogs, `alb/${internal.name}`);
      const targets = internal.targets.map((name) =>
        this.albTarget(service(name), 'internal', internalSg, internal.name),
      );
      const first = internal.listeners[0];
      if (!first) throw new Error(`LoadBalancers: ${internal.name} needs a listener`);
      let production: elbv2.ApplicationListener | undefined;
      let rules = new Map<string, elbv2.ApplicationListenerRule>();
      for (const l of internal.listeners) {
        const listener = this.internalAlb.addListener(`Port${l.port}`, {
          port: l.port,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultAction: this.defaultAction(targets),
        });
        const basePath = platform.gateways.primary?.basePath;
        if (basePath !== undefined && !/^\/[A-Za-z0-9._~-]+$/.test(basePath))
          throw new Error(`LoadBalancers: the base path "${basePath}" is not one path segment`);
        rules = this.addPathRules(listener, targets, 'internal', basePath);
        if (basePath) this.addBasePathRules(listener, targets, basePath);
        production = this.oneContentListener(production, listener, targets, internal.name);
        // The ALB answers its own health path, so the NLB can tell whether the ALB is up.
        listener.addAction('Health', {
          priority: 1,
          conditions: [elbv2.ListenerCondition.pathPatterns([lb.healthCheck.path])],
          action: elbv2.ListenerAction.fixedResponse(200, {
            contentType: 'application/json',
            messageBody: '{"status":"ok"}',
          }),
        });
        if (l === first) {
          internalSg.addIngressRule(linkSg, ec2.Port.tcp(l.port), 'from the API Gateway VPC link NLB');
          linkSg.addIngressRule(
            ec2.Peer.ipv4(platform.network.cidr),
            ec2.Port.tcp(l.port),
            'VPC link traffic to the internal ALB',
          );
          this.apiLink.addListener(`Port${l.port}`, {
            port: l.port,
            protocol: elbv2.Protocol.TCP,
            defaultAction: elbv2.NetworkListenerAction.forward([
              new elbv2.NetworkTargetGroup(this, 'InternalAlbTarget', {
                vpc,
                port: l.port,
                protocol: elbv2.Protocol.TCP,
                targetType: elbv2.TargetType.ALB,
                targets: [new elbv2Targets.AlbListenerTarget(listener)],
                healthCheck: healthCheckOf(lb.healthCheck, elbv2.Protocol.HTTP),
              }),
            ]),
          });
          this.internalPort = l.port;
          this.internalApiUrl = `http://${this.apiLink.loadBalancerDnsName}:${l.port}`;
        }
      }
      const test = this.addTestListener(this.internalAlb, 'internal', targets, production, rules);
      if (test)
        internalSg.connections.allowFrom(
          this.testSources().smokeTests,
          ec2.Port.tcp(TEST_LISTENER_PORT),
          'release smoke tests',
        );
    }

    const external = platform.gateways.external;
    if (external) {
      const s = service(external.service);
      const release = deploymentOf(platform, s.definition);
      const byEcs = isTrafficShift(release) && controllerOf(release) === 'ecs';
      const hc = s.definition.healthCheck;
      // ECS attaches the primary group itself, naming the listeners it shifts (below).
      const tg = networkTargetGroup(this, pascal(external.service, 'link'), vpc, s, hc, !byEcs);
      const green = isTrafficShift(release)
        ? networkTargetGroup(this, pascal('green', external.service, 'link'), vpc, s, hc, false)
        : undefined;
      this.networkTargetGroups.set(external.service, tg);
      s.allowFrom(linkSg, `API Gateway VPC link to ${external.service}`);
      linkSg.addIngressRule(
        ec2.Peer.ipv4(platform.network.cidr),
        ec2.Port.tcp(s.definition.port),
        `VPC link traffic to ${external.service}`,
      );
      const weighted = (weights: { readonly primary: number; readonly green: number }, g: elbv2.NetworkTargetGroup) =>
        elbv2.NetworkListenerAction.weightedForward([
          { targetGroup: tg, weight: weights.primary },
          { targetGroup: g, weight: weights.green },
        ]);
      const production = this.apiLink.addListener(`Port${s.definition.port}`, {
        port: s.definition.port,
        protocol: elbv2.Protocol.TCP,
        defaultAction: green ? weighted(PRODUCTION_WEIGHTS, green) : elbv2.NetworkListenerAction.forward([tg]),
      });
      if (green) {
        const test = this.apiLink.addListener('Test', {
          port: TEST_LISTENER_PORT,
          protocol: elbv2.Protocol.TCP,
          // ECS's test listener forwards to the new set; CodeDeploy points it there from the old.
          defaultAction: weighted(byEcs ? TEST_WEIGHTS : PRODUCTION_WEIGHTS, green),
        });
        linkSg.connections.allowFrom(
          this.testSources().smokeTests,
          ec2.Port.tcp(TEST_LISTENER_PORT),
          `release smoke tests of ${external.service}`,
        );
        if (byEcs) {
          attachService(
            tg,
            s,
            new ecs.AlternateTarget(pascal(external.service, 'link', 'alternate'), {
              alternateTargetGroup: green,
              productionListener: ecs.ListenerRuleConfiguration.networkListener(production),
              testListener: ecs.ListenerRuleConfiguration.networkListener(test),
              role: this.releaseRole().role,
            }),
          );
          this.releaseRole().allowShifting({
            targetGroups: [tg, green],
            listenerRules: [],
            listeners: [production, test],
          });
        }
        this.addReleaseTarget(external.service, {
          kind: 'nlb',
          loadBalancer: this.apiLink,
          primary: tg,
          green,
          productionListener: production,
          testListener: test,
          testUrl: `http://${this.apiLink.loadBalancerDnsName}:${TEST_LISTENER_PORT}`,
        });
      }
    }

    // After the listeners exist, so the suppressions reach them.
    NagSuppressions.addResourceSuppressions(
      this.apiLink,
      [
        {
          id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
          reason:
            'TCP pass-through NLB required by API Gateway REST VPC links; TLS ends at API Gateway and the NLB forwards within private subnets.',
        },
      ],
      true,
    );
    if (this.internalAlb && internal) {
      NagSuppressions.addResourceSuppressions(
        this.internalAlb,
        [
          {
            id: 'NIST.800.53.R5-ALBWAFEnabled',
            reason:
              'Internal ALB reached only from the VPC-link NLB; API Gateway in front of it carries the regional WAF ACL, and a geo or IP rule here would only see VPC addresses.',
          },
          {
            id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
            reason: `${internal.name} listens on HTTP for the API Gateway VPC link alone: its only ingress is the VPC-link NLB, which carries API Gateway's private integration (TLS ends at API Gateway) and the web tier's calls to the primary gateway's base path. A REST API's private integration verifies an HTTPS target's certificate against public CAs only, so a certificate from the private CA would need its verification switched off. Service-to-service calls do not cross this ALB: they go over Service Connect, TLS between the tasks' proxies.`,
          },
          {
            id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection',
            reason: `${internal.name} has no HTTPS listener to redirect to: its HTTP listener serves the API Gateway VPC link NLB alone (see ELBv2ACMCertificateRequired).`,
          },
        ],
        true,
      );
    }
  }

  /**
   * A service behind an ALB: its primary target group (the id it always had) and, when a release
   * shifts its traffic, a green one. ECS attaches the primary group itself once the production rule
   * it names exists (addTestListener).
   */
  private albTarget(
    s: FargateMicroservice,
    lbKind: 'public' | 'internal',
    from: ec2.SecurityGroup,
    lbName: string,
  ): AlbTarget {
    const name = s.definition.name;
    const release = deploymentOf(this.platform, s.definition);
    const shifted = isTrafficShift(release);
    const hc = s.definition.healthCheck;
    const byEcs = shifted && controllerOf(release) === 'ecs';
    const tg = applicationTargetGroup(this, pascal(name, lbKind), this.vpc, s, hc, !byEcs);
    const green = shifted
      ? applicationTargetGroup(this, pascal('green', name, lbKind), this.vpc, s, hc, false)
      : undefined;
    this.targetGroups.set(name, tg);
    if (green) this.alternateTargetGroups.set(name, green);
    s.allowFrom(from, `${lbName} to ${name}`);
    return { s, tg, green, release };
  }

  /** A release shifts one listener's traffic: two listeners serving a shifted service would split it. */
  private oneContentListener(
    found: elbv2.ApplicationListener | undefined,
    listener: elbv2.ApplicationListener,
    targets: readonly AlbTarget[],
    lbName: string,
  ): elbv2.ApplicationListener {
    if (found && targets.some((t) => t.green))
      throw new Error(
        `LoadBalancers: ${lbName} has more than one listener serving content, and a release shifts the traffic of one; give it one, or release its services "rolling"`,
      );
    return listener;
  }

  private defaultAction(targets: readonly AlbTarget[]): elbv2.ListenerAction {
    const catchAll = targets.find((t) => t.s.definition.routes.length === 0);
    const notFound = elbv2.ListenerAction.fixedResponse(404, {
      contentType: 'application/json',
      messageBody: NOT_FOUND_BODY,
    });
    if (!catchAll) return notFound;
    if (!catchAll.green) return elbv2.ListenerAction.forward([catchAll.tg]);
    // ECS shifts a rule's weights, never a default action: its catch-all gets a rule of its own.
    // CodeDeploy moves the default action, and leaves it weighted as this starts.
    return controllerOf(catchAll.release) === 'ecs'
      ? notFound
      : weightedForward(catchAll.tg, catchAll.green, PRODUCTION_WEIGHTS);
  }

  /**
   * Routes `<basePath><route>` (`/api/citizen/*`) to the same targets with the base path removed
   * (an ALB URL rewrite), as API Gateway's base path mapping does: a caller inside the VPC that
   * names the primary gateway (the web tier) reaches the services by the paths it uses locally.
   * The services verify the caller's Cognito access token themselves, as behind API Gateway.
   * A service ECS releases has both paths on its one production rule (addPathRules).
   */
  private addBasePathRules(listener: elbv2.ApplicationListener, targets: readonly AlbTarget[], basePath: string): void {
    let priority = BASE_PATH_RULE_PRIORITY;
    for (const { s, tg, green, release } of targets) {
      if (s.definition.routes.length === 0 || (green && controllerOf(release) === 'ecs')) continue;
      const rule = new elbv2.ApplicationListenerRule(this, pascal(s.definition.name, 'base-path'), {
        listener,
        priority,
        conditions: [elbv2.ListenerCondition.pathPatterns(s.definition.routes.map((r) => `${basePath}${r}`))],
        action: elbv2.ListenerAction.forward([tg]),
      });
      rewriteBasePath(rule, basePath);
      priority += 10;
    }
  }

  /**
   * A path rule per service. A service ECS releases gets its production rule instead: its paths
   * (and, on the internal ALB, the same paths under the gateway's base path, rewritten) forwarded
   * to both of its target groups by weight; a catch-all matches every path, evaluated last.
   * Returns the production rules by service name.
   */
  private addPathRules(
    listener: elbv2.ApplicationListener,
    targets: readonly AlbTarget[],
    lbKind: 'public' | 'internal',
    basePath?: string,
  ): Map<string, elbv2.ApplicationListenerRule> {
    const rules = new Map<string, elbv2.ApplicationListenerRule>();
    let priority = 10;
    for (const { s, tg, green, release } of targets) {
      const name = s.definition.name;
      const routes = s.definition.routes;
      const catchAll = routes.length === 0;
      if (green && controllerOf(release) === 'codedeploy' && !catchAll)
        throw new Error(
          `LoadBalancers: ${name} is released by CodeDeploy, which shifts a listener's default action and no rule; it is routed by path (${routes.join(', ')}) on a shared listener: use the "ecs" controller`,
        );
      if (green && controllerOf(release) === 'ecs') {
        const patterns = catchAll ? ['/*'] : [...routes, ...(basePath ? routes.map((r) => `${basePath}${r}`) : [])];
        if (patterns.length > ALB_RULE_CONDITION_VALUES)
          throw new Error(
            `LoadBalancers: ${name} has ${patterns.length} path patterns on its production rule; an ALB rule takes ${ALB_RULE_CONDITION_VALUES}`,
          );
        const rule = new elbv2.ApplicationListenerRule(this, pascal(name, lbKind, 'production'), {
          listener,
          priority: catchAll ? CATCH_ALL_RULE_PRIORITY : priority,
          conditions: [elbv2.ListenerCondition.pathPatterns(patterns)],
          action: weightedForward(tg, green, PRODUCTION_WEIGHTS),
        });
        if (basePath && !catchAll) rewriteBasePath(rule, basePath);
        rules.set(name, rule);
      } else if (!catchAll) {
        listener.addAction(pascal(name), {
          priority,
          conditions: [elbv2.ListenerCondition.pathPatterns(routes)],
          action: elbv2.ListenerAction.forward([tg]),
        });
      }
      if (!catchAll) priority += 10;
    }
    return rules;
  }

  /**
   * The ALB's test listener, when a service on it is released by shifting traffic: a rule per
   * service ECS releases, chosen by the `x-release-target` header and forwarding to the green group
   * (ECS points it at the new set before production traffic moves); for a catch-all CodeDeploy
   * releases, the listener's default action. Attaches each ECS-released service with its alternate
   * target and lets the release role move exactly those rules and groups.
   */
  private addTestListener(
    alb: elbv2.ApplicationLoadBalancer,
    lbKind: 'public' | 'internal',
    targets: readonly AlbTarget[],
    production: elbv2.ApplicationListener | undefined,
    productionRules: ReadonlyMap<string, elbv2.ApplicationListenerRule>,
  ): elbv2.ApplicationListener | undefined {
    const shifted = targets.filter((t): t is AlbTarget & { green: elbv2.ApplicationTargetGroup } => !!t.green);
    if (shifted.length === 0) return undefined;
    if (!production)
      throw new Error(`LoadBalancers: the ${lbKind} ALB serves no content, so nothing can be released on it`);
    const byCodeDeploy = shifted.find((t) => controllerOf(t.release) === 'codedeploy');
    const test = alb.addListener('Test', {
      port: TEST_LISTENER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      // CodeDeploy points the test listener at the new set itself, from the old one.
      defaultAction: byCodeDeploy
        ? weightedForward(byCodeDeploy.tg, byCodeDeploy.green, PRODUCTION_WEIGHTS)
        : elbv2.ListenerAction.fixedResponse(404, { contentType: 'application/json', messageBody: NOT_FOUND_BODY }),
    });
    const testUrl = `http://${alb.loadBalancerDnsName}:${TEST_LISTENER_PORT}`;
    let priority = 10;
    for (const t of shifted) {
      const name = t.s.definition.name;
      const base = {
        kind: 'alb',
        loadBalancer: alb,
        primary: t.tg,
        green: t.green,
        productionListener: production,
        testListener: test,
        testUrl,
      } as const;
      if (controllerOf(t.release) === 'codedeploy') {
        this.addReleaseTarget(name, { ...base, productionRule: undefined, testRule: undefined });
        continue;
      }
      const productionRule = productionRules.get(name);
      if (!productionRule) throw new Error(`LoadBalancers: ${name} has no production rule on the ${lbKind} ALB`);
      const testRule = new elbv2.ApplicationListenerRule(this, pascal(name, lbKind, 'test'), {
        listener: test,
        priority,
        conditions: [elbv2.ListenerCondition.httpHeader(RELEASE_TARGET_HEADER, [name])],
        action: weightedForward(t.tg, t.green, TEST_WEIGHTS),
      });
      priority += 10;
      attachService(
        t.tg,
        t.s,
        new ecs.AlternateTarget(pascal(name, lbKind, 'alternate'), {
          alternateTargetGroup: t.green,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
          testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(testRule),
          role: this.releaseRole().role,
        }),
      );
      this.releaseRole().allowShifting({
        targetGroups: [t.tg, t.green],
        listenerRules: [productionRule, testRule],
        listeners: [],
      });
      this.addReleaseTarget(name, { ...base, productionRule, testRule });
    }
    return test;
  }

  private addReleaseTarget(name: string, target: ReleaseTarget): void {
    this.releaseTargets.set(name, [...(this.releaseTargets.get(name) ?? []), target]);
  }

  private releaseRole(): ReleaseRole {
    if (!this.props.releaseRole)
      throw new Error('LoadBalancers: a service is released by ECS shifting traffic; pass the releaseRole');
    return this.props.releaseRole;
  }

  private testSources(): ReleaseTestSources {
    if (!this.props.releaseTestSources)
      throw new Error('LoadBalancers: a service is released by shifting traffic; pass the releaseTestSources');
    return this.props.releaseTestSources;
  }
}

/** An ALB rule takes five condition values in all (Elastic Load Balancing quotas). */
const ALB_RULE_CONDITION_VALUES = 5;

function weightedForward(
  primary: elbv2.ApplicationTargetGroup,
  green: elbv2.ApplicationTargetGroup,
  weights: { readonly primary: number; readonly green: number },
): elbv2.ListenerAction {
  return elbv2.ListenerAction.weightedForward([
    { targetGroup: primary, weight: weights.primary },
    { targetGroup: green, weight: weights.green },
  ]);
}

/** Strips the gateway's base path before the request reaches the service; other paths pass unchanged. */
function rewriteBasePath(rule: elbv2.ApplicationListenerRule, basePath: string): void {
  (rule.node.defaultChild as elbv2.CfnListenerRule).transforms = [
    {
      type: 'url-rewrite',
      urlRewriteConfig: { rewrites: [{ regex: `^${basePath.replace(/\./g, '\\.')}/(.*)$`, replace: '/$1' }] },
    },
  ];
}
