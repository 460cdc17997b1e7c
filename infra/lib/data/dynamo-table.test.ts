import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DynamoTable, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from './dynamo-table.ts';

function fixture() {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const key = new kms.Key(stack, 'Key');
  const table = new DynamoTable(stack, 'Citizens', { tableName: 'citizens', partitionKey: 'citizenId', key });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  return { stack, table, role };
}

describe('DynamoTable grants', () => {
  it('grantReadData gives only the read actions on the one table and kms:Decrypt on its key', () => {
    // GIVEN
    const { stack, table, role } = fixture();
    // WHEN
    table.grantReadData(role);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: [...TABLE_READ_ACTIONS],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CitizensTable'), 'Arn'] },
          },
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
          },
        ],
      },
    });
  });

  it('grantReadWriteData adds the write actions and GenerateDataKey, and nothing else', () => {
    const { stack, table, role } = fixture();
    table.grantReadWriteData(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CitizensTable'), 'Arn'] },
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

  it('turns on point-in-time recovery and deletion protection', () => {
    const { stack } = fixture();
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });
});
