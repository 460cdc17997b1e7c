/**
 * The load balancers of seed 000 "Load Balancing Strategy", from the definition's `loadBalancing`:
 * the public ALB (HTTPS with the given ACM certificate, HTTP redirected) in front of the web tier,
 * the internal ALB with a path rule per app service (and one under the primary gateway's base path,
 * for callers inside the VPC), and the internal NLB that API Gateway's VPC
 * link needs (REST API private integrations reach an NLB, which forwards to the internal ALB and
 * to the external gateway service).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2Targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Environment, Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { pascal, physicalName } from '../naming.ts';
import type { FargateMicroservice } from './fargate-microservice.ts';
import { applicationTargetGroup, healthCheckOf, networkTargetGroup } from './target-groups.ts';

/** Rules for the primary gateway's base path come after the services' own (10, 20, ...). */
const BASE_PATH_RULE_PRIORITY = 1000;

/** The platform's JSON error shape for a path no service owns. */
const NOT_FOUND_BODY = JSON.stringify({
  error: { code: 'NOT_FOUND', message: 'No service owns this path', details: [] },
});

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
}

export class LoadBalancers extends Construct {
  readonly publicAlb: elbv2.ApplicationLoadBalancer;
  readonly internalAlb: elbv2.ApplicationLoadBalancer | undefined;
  readonly apiLink: elbv2.NetworkLoadBalancer;
  /** ALB target groups by service name (request-count scaling and 5xx alarms read them). */
  readonly targetGroups = new Map<string, elbv2.ApplicationTargetGroup>();
  /** NLB target groups by service name (services API Gateway reaches directly). */
  readonly networkTargetGroups = new Map<string, elbv2.NetworkTargetGroup>();
  /** The NLB listener port in front of the internal ALB. */
  readonly internalPort: number | undefined;
  /**
   * `http://<nlb>:<port>`: the internal ALB as services inside the VPC reach it, with the primary
   * gateway's base path (`/api/...`) routed as API Gateway routes it. @default - no internal ALB
   */
  readonly internalApiUrl: string | undefined;

  constructor(scope: Construct, id: string, props: LoadBalancersProps) {
    super(scope, id);
    const { platform, environment, vpc, services } = props;
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
    const publicTargets = lb.public.targets.map((name) => {
      const s = service(name);
      const tg = applicationTargetGroup(this, pascal(name, 'public'), vpc, s, s.definition.healthCheck);
      this.targetGroups.set(name, tg);
      s.allowFrom(publicSg, `${lb.public.name} to ${name}`);
      return { s, tg };
    });
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
      this.addPathRules(listener, publicTargets);
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
      const targets = internal.targets.map((name) => {
        const s = service(name);
        const tg = applicationTargetGroup(this, pascal(name, 'internal'), vpc, s, s.definition.healthCheck);
        this.targetGroups.set(name, tg);
        s.allowFrom(internalSg, `${internal.name} to ${name}`);
        return { s, tg };
      });
      const first = internal.listeners[0];
      if (!first) throw new Error(`LoadBalancers: ${internal.name} needs a listener`);
      for (const l of internal.listeners) {
        const listener = this.internalAlb.addListener(`Port${l.port}`, {
          port: l.port,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultAction: this.defaultAction(targets),
        });
        this.addPathRules(listener, targets);
        const basePath = platform.gateways.primary?.basePath;
        if (basePath) this.addBasePathRules(listener, targets, basePath);
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
    }

    const external = platform.gateways.external;
    if (external) {
      const s = service(external.service);
      const tg = networkTargetGroup(this, pascal(external.service, 'link'), vpc, s, s.definition.healthCheck);
      this.networkTargetGroups.set(external.service, tg);
      s.allowFrom(linkSg, `API Gateway VPC link to ${external.service}`);
      linkSg.addIngressRule(
        ec2.Peer.ipv4(platform.network.cidr),
        ec2.Port.tcp(s.definition.port),
        `VPC link traffic to ${external.service}`,
      );
      this.apiLink.addListener(`Port${s.definition.port}`, {
        port: s.definition.port,
        protocol: elbv2.Protocol.TCP,
        defaultAction: elbv2.NetworkListenerAction.forward([tg]),
      });
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
            reason: `Seed 000 specifies ${internal.name} listening on HTTP inside the VPC; TLS ends at CloudFront/API Gateway and the hop stays in private subnets.`,
          },
          {
            id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection',
            reason: `Seed 000 specifies ${internal.name} as HTTP only; there is no HTTPS listener to redirect to.`,
          },
        ],
        true,
      );
    }
  }

  private defaultAction(
    targets: ReadonlyArray<{ s: FargateMicroservice; tg: elbv2.ApplicationTargetGroup }>,
  ): elbv2.ListenerAction {
    const catchAll = targets.find((t) => t.s.definition.routes.length === 0);
    return catchAll
      ? elbv2.ListenerAction.forward([catchAll.tg])
      : elbv2.ListenerAction.fixedResponse(404, { contentType: 'application/json', messageBody: NOT_FOUND_BODY });
  }

  /**
   * Routes `<basePath><route>` (`/api/citizen/*`) to the same targets with the base path removed
   * (an ALB URL rewrite), as API Gateway's base path mapping does: a caller inside the VPC that
   * names the primary gateway (the web tier) reaches the services by the paths it uses locally.
   * The services verify the caller's Cognito access token themselves, as behind API Gateway.
   */
  private addBasePathRules(
    listener: elbv2.ApplicationListener,
    targets: ReadonlyArray<{ s: FargateMicroservice; tg: elbv2.ApplicationTargetGroup }>,
    basePath: string,
  ): void {
    if (!/^\/[A-Za-z0-9._~-]+$/.test(basePath))
      throw new Error(`LoadBalancers: the base path "${basePath}" is not one path segment`);
    let priority = BASE_PATH_RULE_PRIORITY;
    for (const { s, tg } of targets) {
      if (s.definition.routes.length === 0) continue;
      const rule = new elbv2.ApplicationListenerRule(this, pascal(s.definition.name, 'base-path'), {
        listener,
        priority,
        conditions: [elbv2.ListenerCondition.pathPatterns(s.definition.routes.map((r) => `${basePath}${r}`))],
        action: elbv2.ListenerAction.forward([tg]),
      });
      (rule.node.defaultChild as elbv2.CfnListenerRule).transforms = [
        {
          type: 'url-rewrite',
          urlRewriteConfig: { rewrites: [{ regex: `^${basePath.replace(/\./g, '\\.')}/(.*)$`, replace: '/$1' }] },
        },
      ];
      priority += 10;
    }
  }

  private addPathRules(
    listener: elbv2.ApplicationListener,
    targets: ReadonlyArray<{ s: FargateMicroservice; tg: elbv2.ApplicationTargetGroup }>,
  ): void {
    let priority = 10;
    for (const { s, tg } of targets) {
      if (s.definition.routes.length === 0) continue;
      listener.addAction(pascal(s.definition.name), {
        priority,
        conditions: [elbv2.ListenerCondition.pathPatterns(s.definition.routes)],
        action: elbv2.ListenerAction.forward([tg]),
      });
      priority += 10;
    }
  }
}
