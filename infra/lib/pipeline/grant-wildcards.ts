/**
 * The wildcards in the grants CDK writes for CodePipeline and CodeBuild themselves, each with the
 * reason it is as narrow as the service allows. They are named exactly (the artifact bucket's own
 * ARN, the project's own log group and report groups), so a wildcard anything else adds to a
 * pipeline role still fails cdk-nag.
 */
import type { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';

export function suppressPipelineGrantWildcards(stack: Stack, artifactBucket: s3.IBucket): void {
  const cfn = artifactBucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket))
    throw new Error('suppressPipelineGrantWildcards: the artifact bucket has no AWS::S3::Bucket');
  const bucket = stack.getLogicalId(cfn);
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        "CodePipeline and CodeBuild read and write a release's artifacts as objects under the artifact bucket, whose keys CodePipeline chooses per execution; the grant names that one bucket and the S3 action families CDK's bucket grants use.",
      appliesTo: [
        `Resource::<${bucket}.Arn>/*`,
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
      ],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        "The artifacts are encrypted with the pipeline's own KMS key; kms:GenerateDataKey* and kms:ReEncrypt* are granted on that one key ARN, as S3's SSE-KMS needs for writes and copies.",
      appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'CodeBuild grants each project its own default log group and report groups, named after the project; the wildcard is the log stream or report name CodeBuild picks for each build.',
      appliesTo: [
        { regex: '/^Resource::arn:[^:]+:logs:[^:]+:[^:]+:log-group:\\/aws\\/codebuild\\/<[A-Za-z0-9]+>:\\*$/' },
        { regex: '/^Resource::arn:[^:]+:codebuild:[^:]+:[^:]+:report-group\\/<[A-Za-z0-9]+>-\\*$/' },
      ],
    },
  ]);
}
