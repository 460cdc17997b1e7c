/**
 * The id of AWS's managed prefix list of CloudFront's origin-facing addresses in this region
 * (`com.amazonaws.global.cloudfront.origin-facing`), looked up at deploy time so that synth stays
 * offline and no region's id is written down. The public ALB admits HTTPS only from it, so the
 * web tier cannot be reached around CloudFront and its WAF.
 */
import { Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';

export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

export interface CloudFrontOriginPrefixListProps {
  readonly platform: Platform;
  /** Encrypts the lookup function's logs. */
  readonly logKey: kms.IKey;
}

export class CloudFrontOriginPrefixList extends Construct {
  /** `pl-...`, resolved at deploy time. */
  readonly prefixListId: string;

  constructor(scope: Construct, id: string, props: CloudFrontOriginPrefixListProps) {
    super(scope, id);
    const describe: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'describeManagedPrefixLists',
      parameters: { Filters: [{ Name: 'prefix-list-name', Values: [CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST] }] },
      // One answer per region, the same on every deploy: the physical id only needs to be stable.
      physicalResourceId: cr.PhysicalResourceId.of(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST),
      outputPaths: ['PrefixLists.0.PrefixListId'],
    };
    const lookup = new cr.AwsCustomResource(this, 'Lookup', {
      onCreate: describe,
      onUpdate: describe,
      // DescribeManagedPrefixLists has no resource-level permissions.
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: logRetention(props.platform),
        encryptionKey: props.logKey,
      }),
    });
    this.prefixListId = lookup.getResponseField('PrefixLists.0.PrefixListId');

    NagSuppressions.addResourceSuppressions(
      lookup,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'ec2:DescribeManagedPrefixLists supports no resource-level permissions; the role may call that one read-only action and nothing else.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
    // The AwsCustomResource framework function is a stack-wide singleton.
    const stack = Stack.of(this);
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')) continue;
      NagSuppressions.addResourceSuppressions(
        child,
        [
          {
            id: 'AwsSolutions-IAM4',
            reason:
              'The CDK AwsCustomResource function writes its logs through AWSLambdaBasicExecutionRole, as the framework defines it; it runs only at deploy time.',
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
          {
            id: 'AwsSolutions-L1',
            reason:
              'The CDK AwsCustomResource framework pins its own Node.js runtime for this deploy-time function; it is upgraded with aws-cdk-lib.',
          },
          {
            id: 'NIST.800.53.R5-IAMNoInlinePolicy',
            reason:
              'The CDK AwsCustomResource framework attaches its one-action policy inline to its own role; no other principal shares it.',
          },
          {
            id: 'NIST.800.53.R5-LambdaInsideVPC',
            reason:
              'Deploy-time only: calls the EC2 API to read one managed prefix list id and reaches nothing inside the VPC; a VPC attachment would add ENIs and nothing else.',
          },
          {
            id: 'NIST.800.53.R5-LambdaDLQ',
            reason:
              'Invoked synchronously by CloudFormation, which reports every failure to the stack (the deploy fails and rolls back); no event is ever queued to be lost.',
          },
          {
            id: 'NIST.800.53.R5-LambdaConcurrency',
            reason:
              'Runs once per deploy; reserving concurrency would take it from the account pool (which a new account may not have to spare) and protects nothing.',
          },
        ],
        true,
      );
    }
  }
}
