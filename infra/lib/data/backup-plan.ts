/** AWS Backup for the data layer: daily backups kept 35 days in a vault encrypted with the data key. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface DataBackupPlanProps {
  readonly key: kms.IKey;
  /** ARNs of the tables and database instances to back up. */
  readonly resourceArns: readonly string[];
  /** @default Duration.days(35) */
  readonly keepFor?: Duration;
}

export class DataBackupPlan extends Construct {
  readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: DataBackupPlanProps) {
    super(scope, id);
    if (props.resourceArns.length === 0) throw new Error('DataBackupPlan: give it at least one resource to back up');
    const vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          scheduleExpression: events.Schedule.cron({ hour: '2', minute: '0' }),
          deleteAfter: props.keepFor ?? Duration.days(35),
        }),
      ],
    });
    const selection = this.plan.addSelection('Data', {
      resources: props.resourceArns.map((arn) => backup.BackupResource.fromArn(arn)),
    });
    NagSuppressions.addResourceSuppressions(
      selection,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            "AWS Backup's service role uses the AWS-managed AWSBackupServiceRolePolicyForBackup, which AWS keeps in step with the services Backup supports.",
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'],
        },
      ],
      true,
    );
  }
}
