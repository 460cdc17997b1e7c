/**
 * The definition's alarms for one service (seed 000 "Alarms"): CPU and memory above their
 * thresholds, task failure rate (desired tasks not running, as a percentage of desired) above its
 * threshold, the service unavailable (no running task), and the 5xx rate of its target group.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Platform } from '@dwp/platform';
import { Construct } from 'constructs';

/** Alarm period and how many periods must breach (ours: 5 one-minute periods). */
export const ALARM_PERIOD = Duration.minutes(1);
export const ALARM_EVALUATION_PERIODS = 5;

export interface ServiceAlarmsProps {
  readonly platform: Platform;
  readonly serviceName: string;
  readonly service: ecs.FargateService;
  /** @default - no 5xx alarm (the service has no ALB target group) */
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /** The service's second group, when a blue/green or canary release moves it between two. */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  readonly topic: sns.ITopic;
}

export class ServiceAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const a = props.platform.observability.alarms;
    const clusterName = props.service.cluster.clusterName;
    const serviceName = props.service.serviceName;
    const insights = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensionsMap: { ClusterName: clusterName, ServiceName: serviceName },
        statistic: cloudwatch.Stats.AVERAGE,
        period: ALARM_PERIOD,
      });
    const add = (
      alarmId: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      op: cloudwatch.ComparisonOperator,
      what: string,
      missing = cloudwatch.TreatMissingData.NOT_BREACHING,
    ) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `${props.serviceName}: ${what}`,
        metric,
        threshold,
        comparisonOperator: op,
        evaluationPeriods: ALARM_EVALUATION_PERIODS,
        treatMissingData: missing,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
      alarm.addOkAction(new actions.SnsAction(props.topic));
      this.alarms.push(alarm);
    };
    const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;

    if (a.cpuAbovePercent !== undefined) {
      add(
        'HighCpu',
        props.service.metricCpuUtilization({ period: ALARM_PERIOD }),
        a.cpuAbovePercent,
        above,
        `CPU above ${a.cpuAbovePercent}%`,
      );
    }
    if (a.memoryAbovePercent !== undefined) {
      add(
        'HighMemory',
        props.service.metricMemoryUtilization({ period: ALARM_PERIOD }),
        a.memoryAbovePercent,
        above,
        `memory above ${a.memoryAbovePercent}%`,
      );
    }
    if (a.taskFailureRateAbovePercent !== undefined) {
      const failureRate = new cloudwatch.MathExpression({
        expression: 'IF(desired > 0, 100 * (desired - running) / desired, 0)',
        usingMetrics: { desired: insights('DesiredTaskCount'), running: insights('RunningTaskCount') },
        label: 'Task failure rate (%)',
        period: ALARM_PERIOD,
      });
      add(
        'TaskFailureRate',
        failureRate,
        a.taskFailureRateAbovePercent,
        above,
        `task failure rate above ${a.taskFailureRateAbovePercent}%`,
      );
    }
    if (a.serviceUnavailable) {
      add(
        'Unavailable',
        insights('RunningTaskCount').with({ statistic: cloudwatch.Stats.MAXIMUM }),
        1,
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        'service unavailable: no running task',
        cloudwatch.TreatMissingData.BREACHING,
      );
    }
    if (a.http5xxRateAbovePercent !== undefined && props.targetGroup) {
      // A release leaves the service on either of its groups: the rate is over both.
      const groups = [props.targetGroup, ...(props.alternateTargetGroup ? [props.alternateTargetGroup] : [])];
      const usingMetrics: Record<string, cloudwatch.IMetric> = {};
      groups.forEach((tg, i) => {
        usingMetrics[`errors${i}`] = tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
          period: ALARM_PERIOD,
          statistic: cloudwatch.Stats.SUM,
        });
        usingMetrics[`requests${i}`] = tg.metrics.requestCount({
          period: ALARM_PERIOD,
          statistic: cloudwatch.Stats.SUM,
        });
      });
      const sum = (name: string) => groups.map((_, i) => `FILL(${name}${i}, 0)`).join(' + ');
      const rate = new cloudwatch.MathExpression({
        expression: `IF((${sum('requests')}) > 0, 100 * (${sum('errors')}) / (${sum('requests')}), 0)`,
        usingMetrics,
        label: '5xx rate (%)',
        period: ALARM_PERIOD,
      });
      add('Http5xxRate', rate, a.http5xxRateAbovePercent, above, `5xx rate above ${a.http5xxRateAbovePercent}%`);
    }
  }
}
