/** CloudFront's web ACL, in us-east-1 where WAFv2 scope CLOUDFRONT lives, with every viewer rule of the definition. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Environment, Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { WebFirewall } from '../edge/web-firewall.ts';
import { EncryptionKey } from '../encryption-key.ts';
import { physicalName } from '../naming.ts';

export interface EdgeFirewallStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
}

export class EdgeFirewallStack extends Stack {
  readonly firewall: WebFirewall;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, props);
    const key = new EncryptionKey(this, 'EdgeKey', {
      description: `${props.platform.name} ${props.environment.name}: CloudFront WAF logs`,
    });
    key.allowCloudWatchLogs();
    this.firewall = new WebFirewall(this, 'Firewall', {
      platform: props.platform,
      scope: 'CLOUDFRONT',
      name: physicalName(props.environment, `${props.platform.name}-edge`),
      logKey: key.key,
      viewerRules: true,
    });
  }
}
