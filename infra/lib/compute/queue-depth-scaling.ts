/**
 * Scaling of a queue worker on its backlog: step scaling on the visible messages of the queue it
 * consumes (the definition's `sqs-consume`), beside whatever CPU and memory tracking it also has.
 * A worker's CPU says little about the work waiting for it; the backlog says it directly. The
 * definition holds no backlog numbers, so the thresholds are ours; the cooldown is the definition's.
 */
import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The backlog steps (ours). A worker takes ten messages at a time (apps/notifier's batch size), so
 * a hundred visible a minute after the last step is ten batches it has not caught up with: add a
 * task; five hundred is falling well behind: add two. An empty queue lets one task go; the range
 * (the definition's task counts) bounds both.
 */
export interface BacklogSteps {
  /** Visible messages at which one task is added. */
  readonly scaleOutAt: number;
  /** Visible messages at which two are. */
  readonly scaleOutFastAt: number;
  readonly scaleOut: number;
  readonly scaleOutFast: number;
  /** At or below this many visible messages the worker scales in. */
  readonly scaleInAtOrBelow: number;
  readonly scaleIn: number;
}

export const BACKLOG_STEPS: BacklogSteps = {
  scaleOutAt: 100,
  scaleOutFastAt: 500,
  scaleOut: 1,
  scaleOutFast: 2,
  scaleInAtOrBelow: 0,
  scaleIn: -1,
};

/** Period of the backlog metric: SQS publishes queue depth each minute. */
export const BACKLOG_METRIC_PERIOD = Duration.minutes(1);

/** The backlog steps as Application Auto Scaling intervals on visible messages. */
export function backlogIntervals(steps: BacklogSteps = BACKLOG_STEPS): appscaling.ScalingInterval[] {
  if (!(steps.scaleInAtOrBelow < steps.scaleOutAt && steps.scaleOutAt < steps.scaleOutFastAt)) {
    throw new Error(
      `backlogIntervals: thresholds must rise: scale in at or below ${steps.scaleInAtOrBelow}, out at ${steps.scaleOutAt}, faster at ${steps.scaleOutFastAt}`,
    );
  }
  return [
    // Application Auto Scaling alarms on the lowest interval's upper bound with "<=".
    { upper: steps.scaleInAtOrBelow, change: steps.scaleIn },
    { lower: steps.scaleOutAt, upper: steps.scaleOutFastAt, change: steps.scaleOut },
    { lower: steps.scaleOutFastAt, change: steps.scaleOutFast },
  ];
}

export interface QueueDepthScalingProps {
  /** The worker's scalable task count (its range is the definition's). */
  readonly scalableTarget: ecs.ScalableTaskCount;
  /** The queue whose backlog it works through. */
  readonly queue: sqs.IQueue;
  /** Between one step and the next (the definition's scale-out cooldown). */
  readonly cooldown: Duration;
}

export class QueueDepthScaling extends Construct {
  constructor(scope: Construct, id: string, props: QueueDepthScalingProps) {
    super(scope, id);
    props.scalableTarget.scaleOnMetric(id, {
      metric: props.queue.metricApproximateNumberOfMessagesVisible({
        period: BACKLOG_METRIC_PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      scalingSteps: backlogIntervals(),
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      cooldown: props.cooldown,
    });
  }
}
