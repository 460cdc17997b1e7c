/**
 * The API Gateway tier of one environment: the VPC link to the NLB, the internal API
 * (`dwp-internal-api`, authorised against the identity stack's user pool) and the external API
 * (`dwp-external-api`), both behind the regional WAF ACL.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { serviceNamed, type Environment, type Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { ExternalApi } from '../api/external-api.ts';
import { InternalApi } from '../api/internal-api.ts';
import { associateWebAcl } from '../edge/web-firewall.ts';
import { EncryptionKey } from '../encryption-key.ts';
import type { CitizenUserPool } from '../identity/citizen-user-pool.ts';
import { physicalName } from '../naming.ts';

export interface ApiStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
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
    this.internal = new InternalApi(this, 'Internal', {
      platform,
      environment,
      vpcLink,
      backendUrl: `http://${host}:${props.internalPort}`,
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
