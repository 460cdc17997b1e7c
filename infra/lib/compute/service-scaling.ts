/**
 * A service's auto scaling from the definition (seed 000 "ECS Service Auto Scaling"): target
 * tracking on CPU, memory and ALB requests per target, CPU step rules, and scheduled ranges in the
 * schedule's time zone. Counts follow the service's `tasks.per`, like its task range.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Platform, Scaling, Service } from '@dwp/platform';
import { Construct } from 'constructs';
import { pascal } from '../naming.ts';
import { taskMultiplier, taskRangeOf } from './task-counts.ts';

/** Period of the CPU metric the step rules watch (ours: one minute, the finest ECS publishes). */
export const STEP_METRIC_PERIOD = Duration.minutes(1);

export interface ServiceScalingProps {
  readonly platform: Platform;
  readonly definition: Service;
  readonly scaling: Scaling;
  readonly service: ecs.FargateService;
  /** The ALB target group; request-count tracking needs it. @default - no request-count tracking */
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /**
   * The group a blue/green or canary release moves the service to (and back from); request-count
   * tracking then reads both. @default - the service has one group
   */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
}

/**
 * Requests per target over both of a released service's groups: whichever group carries the
 * traffic after a release, the busier one per target. A release leaves the service on either
 * group, so tracking the first alone would read an idle group and scale the service in under load.
 */
export function requestsPerTargetOfBoth(
  primary: elbv2.ApplicationTargetGroup,
  alternate: elbv2.ApplicationTargetGroup,
): Array<Record<string, unknown>> {
  // CloudFormation's shape (TargetTrackingMetricDataQuery): this goes in as a property override.
  const stat = (id: string, tg: elbv2.ApplicationTargetGroup) => ({
    Id: id,
    ReturnData: false,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'RequestCountPerTarget',
        Dimensions: [{ Name: 'TargetGroup', Value: tg.targetGroupFullName }],
      },
      Stat: 'Sum',
    },
  });
  return [
    stat('primary', primary),
    stat('alternate', alternate),
    {
      Id: 'requests',
      Expression: 'MAX([FILL(primary, 0), FILL(alternate, 0)])',
      Label: 'RequestCountPerTarget',
      ReturnData: true,
    },
  ];
}

type Step = Scaling['steps'][number];

/** The definition's step rules as Application Auto Scaling intervals on CPU percent. */
export function cpuStepIntervals(steps: readonly Step[]): appscaling.ScalingInterval[] {
  const below = steps
    .filter((s): s is Step & { cpuBelowPercent: number } => s.cpuBelowPercent !== undefined)
    .sort((a, b) => a.cpuBelowPercent - b.cpuBelowPercent);
  const above = steps
    .filter((s): s is Step & { cpuAbovePercent: number } => s.cpuAbovePercent !== undefined)
    .sort((a, b) => a.cpuAbovePercent - b.cpuAbovePercent);
  return [
    ...below.map((s, i) => ({
      ...(i > 0 ? { lower: below[i - 1]!.cpuBelowPercent } : {}),
      upper: s.cpuBelowPercent,
      change: s.change,
    })),
    ...above.map((s, i) => ({
      lower: s.cpuAbovePercent,
      ...(i < above.length - 1 ? { upper: above[i + 1]!.cpuAbovePercent } : {}),
      change: s.change,
    })),
  ];
}

export class ServiceScaling extends Construct {
  readonly scalableTarget: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: ServiceScalingProps) {
    super(scope, id);
    const { scaling, definition } = props;
    const range = taskRangeOf(props.platform, definition);
    const n = taskMultiplier(props.platform, definition);
    const cooldowns = {
      scaleInCooldown: Duration.seconds(scaling.scaleInCooldownSeconds),
      scaleOutCooldown: Duration.seconds(scaling.scaleOutCooldownSeconds),
    };
    this.scalableTarget = props.service.autoScaleTaskCount({ minCapacity: range.min, maxCapacity: range.max });

    for (const tracking of scaling.targetTracking) {
      switch (tracking.metric) {
        case 'cpu':
          this.scalableTarget.scaleOnCpuUtilization('Cpu', {
            targetUtilizationPercent: tracking.targetPercent,
            ...cooldowns,
          });
          break;
        case 'memory':
          this.scalableTarget.scaleOnMemoryUtilization('Memory', {
            targetUtilizationPercent: tracking.targetPercent,
            ...cooldowns,
          });
          break;
        case 'alb-requests-per-target':
          // An NLB-fronted service (the external gateway) has no ALB request metric to track.
          if (props.targetGroup && props.alternateTargetGroup) {
            this.scalableTarget.scaleToTrackCustomMetric('Requests', {
              metric: props.targetGroup.metrics.requestCountPerTarget(),
              targetValue: tracking.requestsPerMinute,
              ...cooldowns,
            });
            // CDK renders one metric; CloudFormation takes metric math in its place.
            const cfn = this.scalableTarget.node
              .findAll()
              .find((c) => c instanceof appscaling.CfnScalingPolicy && c.node.scope?.node.id === 'Requests');
            if (!(cfn instanceof appscaling.CfnScalingPolicy))
              throw new Error('ServiceScaling: no request-count policy');
            const spec = 'TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification';
            for (const field of ['MetricName', 'Namespace', 'Dimensions', 'Statistic', 'Unit'])
              cfn.addPropertyDeletionOverride(`${spec}.${field}`);
            cfn.addPropertyOverride(
              `${spec}.Metrics`,
              requestsPerTargetOfBoth(props.targetGroup, props.alternateTargetGroup),
            );
          } else if (props.targetGroup) {
            this.scalableTarget.scaleOnRequestCount('Requests', {
              requestsPerTarget: tracking.requestsPerMinute,
              targetGroup: props.targetGroup,
              ...cooldowns,
            });
          }
          break;
        default: {
          const never: never = tracking;
          throw new Error(`Unexpected target tracking ${JSON.stringify(never)}`);
        }
      }
    }

    const intervals = cpuStepIntervals(scaling.steps);
    if (intervals.length === 1)
      throw new Error(`ServiceScaling ${definition.name}: step scaling needs at least two steps`);
    if (intervals.length > 1) {
      this.scalableTarget.scaleOnMetric('CpuSteps', {
        metric: props.service.metricCpuUtilization({ period: STEP_METRIC_PERIOD, statistic: cloudwatch.Stats.AVERAGE }),
        scalingSteps: intervals,
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        cooldown: Duration.seconds(scaling.scaleOutCooldownSeconds),
      });
    }

    for (const schedule of scaling.schedules) {
      this.scalableTarget.scaleOnSchedule(pascal(schedule.name), {
        schedule: appscaling.Schedule.expression(schedule.cron),
        timeZone: TimeZone.of(schedule.timeZone),
        minCapacity: schedule.minTasks * n,
        maxCapacity: schedule.maxTasks * n,
      });
    }
  }
}
