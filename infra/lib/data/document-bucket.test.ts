import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BUCKET_READ_ACTIONS,
  DocumentBucket,
  INCOMPLETE_UPLOAD_DAYS,
  NONCURRENT_VERSION_DAYS,
  OBJECT_READ_ACTIONS,
  OBJECT_WRITE_ACTIONS,
} from './document-bucket.ts';

function fixture() {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const bucket = new DocumentBucket(stack, 'Documents', {
    key: new kms.Key(stack, 'Key'),
    accessLogs: new s3.Bucket(stack, 'Logs'),
    accessLogPrefix: 's3/documents/',
  });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  return { stack, bucket, role };
}

function statementsOf(stack: Stack): Array<{ Action: string | string[]; Resource: unknown }> {
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
  assert.equal(policies.length, 1);
  return (
    policies[0]!.Properties as {
      PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> };
    }
  ).PolicyDocument.Statement;
}

describe('DocumentBucket grants', () => {
  it('grantReadWrite allows get, put and delete on the objects and HeadBucket (ListBucket) on the bucket, nothing more', () => {
    const { stack, bucket, role } = fixture();
    bucket.grantReadWrite(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS],
            Effect: 'Allow',
            Resource: {
              'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DocumentsBucket'), 'Arn'] }, '/*']],
            },
          },
          {
            Action: BUCKET_READ_ACTIONS[0],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DocumentsBucket'), 'Arn'] },
          },
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
          },
        ],
      },
    });
  });

  it('grantRead allows no write and no delete', () => {
    const { stack, bucket, role } = fixture();
    bucket.grantRead(role);
    const actions = statementsOf(stack).flatMap((s) => [s.Action].flat());
    assert.deepEqual(
      actions.filter((a) => a.startsWith('s3:')).sort(),
      [...OBJECT_READ_ACTIONS, ...BUCKET_READ_ACTIONS].sort(),
    );
  });

  it('grantWrite allows put and delete but no read and no listing', () => {
    const { stack, bucket, role } = fixture();
    bucket.grantWrite(role);
    const actions = statementsOf(stack).flatMap((s) => [s.Action].flat());
    assert.deepEqual(actions.filter((a) => a.startsWith('s3:')).sort(), [...OBJECT_WRITE_ACTIONS].sort());
  });
});

describe('DocumentBucket lifecycle', () => {
  it('keeps an old version recoverable for a while, then lets it expire, and clears unfinished uploads', () => {
    const { stack } = fixture();
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_DAYS },
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: INCOMPLETE_UPLOAD_DAYS },
          }),
        ],
      },
    });
  });
});
