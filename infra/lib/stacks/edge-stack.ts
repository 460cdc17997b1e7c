/** The edge of one environment: CloudFront with the us-east-1 WAF ACL, in front of the public ALB and the primary API. */
import { CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { LogBucket } from '../data/log-bucket.ts';
import { EdgeDistribution } from '../edge/edge-distribution.ts';

export interface EdgeStackProps extends StackProps {
  readonly platform: Platform;
  readonly apiId: string;
  readonly apiStage: string;
  /** What the API origin's requests carry in `Referer`: the API's resource policy admits it. */
  readonly apiOriginVerifyValue: string;
  readonly webAclArn: string;
}

export class EdgeStack extends Stack {
  readonly distribution: EdgeDistribution;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const origin = new CfnParameter(this, 'PublicOriginDomainName', {
      type: 'String',
      description: `DNS name covered by the public ALB certificate and aliased to ${props.platform.loadBalancing.public.name}`,
      allowedPattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$',
      constraintDescription: 'must be a DNS name such as origin.example.gov.uk',
    });
    const logs = new LogBucket(this, 'CloudFrontLogs', { allowAclDelivery: true });
    this.distribution = new EdgeDistribution(this, 'Edge', {
      platform: props.platform,
      originDomainName: origin.valueAsString,
      apiDomainName: `${props.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
      apiStage: props.apiStage,
      apiOriginVerifyValue: props.apiOriginVerifyValue,
      webAclArn: props.webAclArn,
      logBucket: logs.bucket,
    });
  }
}
