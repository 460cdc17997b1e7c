/**
 * One alarm per dead-letter queue: a message there is a notification that failed every delivery
 * attempt the definition allows (`deadLetterAfterReceives`), so a single one is worth a person's
 * attention. Alarm and recovery both go to the alarm topic.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pascal } from '../naming.ts';
import { ALARM_PERIOD } from './service-alarms.ts';

/** Any message at all: a dead letter is never expected. */
export const DEAD_LETTER_THRESHOLD = 0;

export interface DeadLetterAlarmsProps {
  /** Each dead-letter queue by the name of the store it serves. */
  readonly queues: ReadonlyMap<string, sqs.IQueue>;
  readonly topic: sns.ITopic;
}

export class DeadLetterAlarms extends Construct {
  readonly alarms = new Map<string, cloudwatch.Alarm>();

  constructor(scope: Construct, id: string, props: DeadLetterAlarmsProps) {
    super(scope, id);
    for (const [store, queue] of props.queues) {
      const alarm = new cloudwatch.Alarm(this, pascal(store), {
        alarmDescription: `${store}: messages in the dead-letter queue (deliveries that failed every retry)`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: ALARM_PERIOD,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: DEAD_LETTER_THRESHOLD,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // SQS publishes nothing for a queue nobody touches: no data is an empty queue.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
      alarm.addOkAction(new actions.SnsAction(props.topic));
      this.alarms.set(store, alarm);
    }
  }
}
