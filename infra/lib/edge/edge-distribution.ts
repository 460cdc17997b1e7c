/**
 * CloudFront in front of the platform (seed 000/001 "Internet -> CloudFront -> WAF -> ALB"): the
 * default behaviour goes to the public ALB over HTTPS, `<basePath>/*` goes to the primary API's
 * stage with the base path stripped (as the local edge does) and the origin secret in `Referer`
 * (the API's resource policy admits nothing else from the internet), with the CloudFront WAF ACL,
 * the geographic allow-list, TLS 1.2+, standard logs, and the platform's internal response headers
 * removed from both (response-header-filter.ts).
 */
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../api/internal-api-policy.ts';
import { responseHeaderFilter } from './response-header-filter.ts';

export interface EdgeDistributionProps {
  readonly platform: Platform;
  /** A name the public ALB's certificate covers, pointing at the ALB (a stack parameter). */
  readonly originDomainName: string;
  /** `<rest-api-id>.execute-api.<region>.amazonaws.com` */
  readonly apiDomainName: string;
  readonly apiStage: string;
  /** Sent in {@link ORIGIN_VERIFY_HEADER} on every request to the API origin. */
  readonly apiOriginVerifyValue: string;
  readonly webAclArn: string;
  readonly logBucket: s3.IBucket;
}

/** CloudFront Function code that strips the primary gateway's base path, as the local edge does. */
export function stripBasePathCode(basePath: string): string {
  if (!/^\/[A-Za-z0-9._~-]+$/.test(basePath))
    throw new Error(`stripBasePathCode: "${basePath}" is not a one-segment base path`);
  return [
    'function handler(event) {',
    '  var r = event.request;',
    `  r.uri = r.uri.substring(${basePath.length}) || '/';`,
    '  return r;',
    '}',
  ].join('\n');
}

export class EdgeDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id);
    const primary = props.platform.gateways.primary;
    const geo = props.platform.edge?.waf.geo;
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    const responseHeadersPolicy = responseHeaderFilter(this, 'ResponseHeaders', props.platform.name);
    if (primary) {
      const strip = new cloudfront.Function(this, 'StripBasePath', {
        code: cloudfront.FunctionCode.fromInline(stripBasePathCode(primary.basePath)),
        runtime: cloudfront.FunctionRuntime.JS_2_0,
        comment: `Strips ${primary.basePath} before the API Gateway origin`,
      });
      additionalBehaviors[`${primary.basePath}/*`] = {
        origin: new origins.HttpOrigin(props.apiDomainName, {
          originPath: `/${props.apiStage}`,
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          customHeaders: { [ORIGIN_VERIFY_HEADER]: props.apiOriginVerifyValue },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy,
        functionAssociations: [{ function: strip, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      };
    }
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.platform.name}: citizen web frontend and ${primary?.basePath ?? ''} API`,
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.originDomainName, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
        responseHeadersPolicy,
      },
      additionalBehaviors,
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(geo ? { geoRestriction: cloudfront.GeoRestriction.allowlist(...geo.allowCountries) } : {}),
    });
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Served on the default *.cloudfront.net certificate until a us-east-1 ACM certificate for the service domain is attached; CloudFront only honours a minimum TLS version with a custom certificate.',
      },
    ]);
  }
}
