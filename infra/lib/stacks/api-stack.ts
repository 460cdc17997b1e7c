/**
 * The API Gateway tier of one environment: the VPC link to the NLB, the internal API
 * (`dwp-internal-api`, authorised against the identity stack's user pool, its resource policy
 * admitting CloudFront by the origin secret and the VPC by its NAT addresses) and the external API
 * (`dwp-external-api`), both behind the regional WAF ACL.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { serviceNamed, type Environment, type Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { ExternalApi } from '../api/external-api.ts';
import { InternalApi } from '../api/internal-api.ts';
import { OriginVerifySecret } from '../api/origin-verify-secret.ts';
import { associateWebAcl } from '../edge/web-firewall.ts';
import { EncryptionKey } from '../encryption-key.ts';
import type { CitizenUserPool } from '../identity/citizen-user-pool.ts';
import { physicalName } from '../naming.ts';
import { natGatewayCidrs } from '../network/nat-gateway-addresses.ts';
import { secretName } from '../secret-names.ts';

export interface ApiStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
  /** The environment's VPC: its NAT gateways' addresses are how calls from inside it reach the API. */
  readonly vpc: ec2.IVpc;
  readonly apiLink: elbv2.INetworkLoadBalancer;
  /** NLB port in front of the internal ALB. */
  readonly internalPort: number;
  /** The regional web ACL to put in front of both stages. */
  readonly webAclArn: string;
  /** The identity stack's user pool, which the internal API's authorizer checks tokens against. */
  readonly userPool: CitizenUserPool;
}

export class ApiStack extends Stack {
  readonly internal: InternalApi;
  readonly external: ExternalApi | undefined;
  /** What CloudFront sends in its origin requests to the internal API (the Edge stack reads it). */
  readonly originVerify: OriginVerifySecret;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { platform, environment } = props;
    const key = new EncryptionKey(this, 'ApiKey', {
      description: `${platform.name} ${environment.name}: API access logs`,
    });
    key.allowCloudWatchLogs();
    if (!platform.gateways.primary) throw new Error(`ApiStack: platform "${platform.name}" has no primary gateway`);
    const vpcLink = new apigateway.VpcLink(this, 'VpcLink', {
      vpcLinkName: physicalName(environment, `${platform.name}-api-link`),
      targets: [props.apiLink],
    });
    const host = props.apiLink.loadBalancerDnsName;
    this.originVerify = new OriginVerifySecret(this, 'OriginVerify', {
      secretName: secretName(platform, environment, 'cloudfront-origin-verify'),
      key: key.key,
    });
    this.internal = new InternalApi(this, 'Internal', {
      platform,
      environment,
      vpcLink,
      backendUrl: `http://${host}:${props.internalPort}`,
      originVerifyValue: this.originVerify.headerValue,
      vpcEgressCidrs: natGatewayCidrs(props.vpc),
      userPool: props.userPool,
      logKey: key.key,
    });
    associateWebAcl(this, 'InternalFirewall', props.webAclArn, this.internal.stageArn);

    const external = platform.gateways.external;
    if (external) {
      this.external = new ExternalApi(this, 'External', {
        platform,
        environment,
        vpcLink,
        backendUrl: `http://${host}:${serviceNamed(platform, external.service).port}`,
        logKey: key.key,
      });
      associateWebAcl(this, 'ExternalFirewall', props.webAclArn, this.external.stageArn);
    }
  }
}
