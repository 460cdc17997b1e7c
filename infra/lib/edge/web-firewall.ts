/**
 * A WAFv2 web ACL from the definition's `edge.waf` (seed 000 "WAF Integration"): AWS managed rule
 * groups (common, SQL injection, known bad inputs), a rate-based rule per client IP and a geographic
 * allow-list, with CloudWatch metrics and logging. CloudFront's ACL (scope CLOUDFRONT) carries
 * every rule; a regional ACL in front of the ALB and API Gateway carries the managed groups only,
 * because behind CloudFront the client IP and country are CloudFront's.
 */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Platform } from '@dwp/platform';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';

/** The AWS managed rule group behind each name the definition may use. */
export const MANAGED_RULE_GROUPS = {
  common: 'AWSManagedRulesCommonRuleSet',
  sqli: 'AWSManagedRulesSQLiRuleSet',
  'known-bad-inputs': 'AWSManagedRulesKnownBadInputsRuleSet',
} as const;
/** The common rule set blocks request bodies over 8 KB (its SizeRestrictions_BODY rule). */
export const COMMON_RULE_SET_BODY_LIMIT = 8 * 1024;

export type FirewallScope = 'CLOUDFRONT' | 'REGIONAL';

export interface WebFirewallProps {
  readonly platform: Platform;
  readonly scope: FirewallScope;
  /** Names the ACL and its metrics. */
  readonly name: string;
  /** Encrypts the WAF log group. */
  readonly logKey: kms.IKey;
  /** Include the per-IP rate rule and the geo allow-list (only where the client IP is the viewer's). */
  readonly viewerRules: boolean;
}

export class WebFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const waf = props.platform.edge?.waf;
    if (!waf) throw new Error('WebFirewall: the definition has no edge.waf section to build from');
    const visibility = (metric: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.name}-${metric}`,
    });
    const rules: wafv2.CfnWebACL.RuleProperty[] = [];

    if (props.viewerRules && waf.geo) {
      rules.push({
        name: 'geo-allow-list',
        priority: rules.length,
        action: { block: {} },
        statement: { notStatement: { statement: { geoMatchStatement: { countryCodes: waf.geo.allowCountries } } } },
        visibilityConfig: visibility('geo'),
      });
    }
    if (props.viewerRules && waf.rateLimitPerIpPer5Min !== undefined) {
      rules.push({
        name: 'rate-per-ip',
        priority: rules.length,
        action: { block: {} },
        statement: {
          rateBasedStatement: { limit: waf.rateLimitPerIpPer5Min, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
        },
        visibilityConfig: visibility('rate'),
      });
    }
    for (const group of waf.managedRuleGroups) {
      const name = MANAGED_RULE_GROUPS[group];
      const countBody = group === 'common' && waf.maxBodyBytes > COMMON_RULE_SET_BODY_LIMIT;
      rules.push({
        name,
        priority: rules.length,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name,
            // Evidence uploads exceed the 8 KB body rule; the service enforces the definition's maxBodyBytes.
            ...(countBody
              ? { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] }
              : {}),
          },
        },
        visibilityConfig: visibility(group),
      });
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'Acl', {
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility('acl'),
      rules,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${props.name}`,
      retention: logRetention(props.platform),
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group's ARN without the trailing ":*" that LogGroup.logGroupArn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
  }
}

/** Puts a regional web ACL in front of a resource (an ALB or an API Gateway stage), in the resource's own stack. */
export function associateWebAcl(
  scope: Construct,
  id: string,
  webAclArn: string,
  resourceArn: string,
): wafv2.CfnWebACLAssociation {
  return new wafv2.CfnWebACLAssociation(scope, id, { webAclArn, resourceArn });
}
