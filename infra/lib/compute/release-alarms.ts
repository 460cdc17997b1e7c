/**
 * The alarms that roll a release back, from the definition's `rollbackAlarms`: success rate
 * (100 - the targets' 5xx share of RequestCount), 5xx rate and p99 TargetResponseTime, each over
 * every ALB target group of the service. A released service has two groups per load balancer and
 * its traffic is on either (or both, mid-canary), so each alarm takes the worst group: a green set
 * answering 5xx to its 10 % breaches on its own, and an idle group reports no data. A service
 * reached only through an NLB (no HTTP metrics there) is watched through its own RED metrics,
 * which the collector sidecar writes (with tracing off it has none, and a synth note says its alarms
 * are not built). Missing data never breaches: no traffic is no failure.
 */
import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Environment, Platform, RollbackAlarms } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { physicalName } from '../naming.ts';
import { METRIC_LABELS, SERVICE_METRICS, serviceMetricsNamespace } from '../observability/service-metrics.ts';

/** CloudWatch takes an alarm period of 10 s, 30 s or a whole number of minutes. */
export function validAlarmPeriod(seconds: number): boolean {
  return seconds === 10 || seconds === 30 || seconds % 60 === 0;
}

export interface RollbackAlarmsProps {
  readonly platform: Platform;
  readonly environment: Environment;
  /** The service's name: the alarms' names and, for the RED metrics, its `service` dimension. */
  readonly serviceName: string;
  readonly alarms: RollbackAlarms;
  /** Every ALB target group the service's traffic can be on (primary and green of each ALB). */
  readonly targetGroups: readonly elbv2.ApplicationTargetGroup[];
  /**
   * Read the service's own RED metrics when it has no ALB target group (an NLB-only service).
   * @default false
   */
  readonly useServiceMetrics?: boolean;
}

export class ReleaseAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly #names: string[] = [];

  constructor(scope: Construct, id: string, props: RollbackAlarmsProps) {
    super(scope, id);
    const a = props.alarms;
    if (!validAlarmPeriod(a.periodSeconds))
      throw new Error(
        `ReleaseAlarms ${props.serviceName}: rollbackAlarms.periodSeconds ${a.periodSeconds} is not an alarm period CloudWatch takes (10, 30 or a multiple of 60)`,
      );
    const metrics =
      props.targetGroups.length > 0
        ? targetGroupMetrics(props.targetGroups)
        : props.useServiceMetrics
          ? serviceMetrics(props.platform, props.environment, props.serviceName)
          : undefined;
    if (!metrics) {
      // The definition is valid (the NLB service still rolls back on the circuit breaker and its
      // smoke test), but there is nothing here to measure its alarms on: say so at synth.
      Annotations.of(this).addInfo(
        `${props.serviceName}'s rollbackAlarms are not built: it has no ALB target group and, with tracing off, no RED metrics of its own`,
      );
      return;
    }
    const period = Duration.seconds(a.periodSeconds);
    const add = (
      kind: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      operator: cloudwatch.ComparisonOperator,
      what: string,
    ) => {
      const alarmName = physicalName(props.environment, `${props.serviceName}-release-${kind.toLowerCase()}`);
      this.#names.push(alarmName);
      this.alarms.push(
        new cloudwatch.Alarm(this, kind, {
          alarmName,
          alarmDescription: `${props.serviceName}: ${what} for ${a.datapoints} x ${a.periodSeconds} s rolls a release back`,
          metric,
          threshold,
          comparisonOperator: operator,
          evaluationPeriods: a.datapoints,
          datapointsToAlarm: a.datapoints,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    };
    if (a.successRatePercentBelow !== undefined)
      add(
        'SuccessRate',
        metrics.successRate(period),
        a.successRatePercentBelow,
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        `success rate below ${a.successRatePercentBelow} %`,
      );
    if (a.errorRatePercentAbove !== undefined)
      add(
        'ErrorRate',
        metrics.errorRate(period),
        a.errorRatePercentAbove,
        cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        `5xx rate above ${a.errorRatePercentAbove} %`,
      );
    if (a.latencyP99MsAbove !== undefined)
      add(
        'LatencyP99',
        metrics.latencyP99Seconds(period),
        a.latencyP99MsAbove / 1000,
        cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        `p99 response time above ${a.latencyP99MsAbove} ms`,
      );
    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'NIST.800.53.R5-CloudWatchAlarmAction',
          reason:
            "A release alarm's action is the rollback: ECS's deployment alarms or the CodeDeploy deployment group read its state during a release. The service's operational alarms, which notify people, live in the observability stack.",
        },
      ],
      true,
    );
  }

  /**
   * The alarms' names as the strings they are, not references to the alarms: the ECS service names
   * them in its deployment configuration, and a reference would tie the service to the alarms'
   * logical ids (aws-ecs README, "Deployment alarms"). The service depends on the alarms instead.
   */
  get alarmNames(): string[] {
    return [...this.#names];
  }
}

/** The three signals an alarm reads, each as one time series over `period`. */
interface ReleaseMetrics {
  successRate(period: Duration): cloudwatch.IMetric;
  errorRate(period: Duration): cloudwatch.IMetric;
  latencyP99Seconds(period: Duration): cloudwatch.IMetric;
}

/** Per target group `i`: requests `r<i>`, target 5xx `e<i>`; the worst group's value at each point. */
function targetGroupMetrics(groups: readonly elbv2.ApplicationTargetGroup[]): ReleaseMetrics {
  const perGroup = (period: Duration, expression: (i: number) => string, label: string) =>
    Object.fromEntries(
      groups.map((tg, i) => [
        `${label}${i}`,
        new cloudwatch.MathExpression({
          expression: expression(i),
          usingMetrics: {
            [`r${i}`]: tg.metrics.requestCount({ period, statistic: cloudwatch.Stats.SUM }),
            [`e${i}`]: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
              period,
              statistic: cloudwatch.Stats.SUM,
            }),
          },
          period,
        }),
      ]),
    );
  const worst = (fn: 'MIN' | 'MAX', using: Record<string, cloudwatch.IMetric>, label: string, period: Duration) =>
    new cloudwatch.MathExpression({
      expression: `${fn}([${Object.keys(using).join(', ')}])`,
      usingMetrics: using,
      label,
      period,
    });
  return {
    successRate: (period) =>
      worst(
        'MIN',
        perGroup(period, (i) => `100 - 100 * FILL(e${i}, 0) / r${i}`, 'success'),
        'success rate (%)',
        period,
      ),
    errorRate: (period) =>
      worst(
        'MAX',
        perGroup(period, (i) => `100 * FILL(e${i}, 0) / r${i}`, 'errors'),
        '5xx rate (%)',
        period,
      ),
    latencyP99Seconds: (period) =>
      worst(
        'MAX',
        Object.fromEntries(
          groups.map((tg, i) => [
            `p${i}`,
            tg.metrics.targetResponseTime({ period, statistic: cloudwatch.Stats.p(99) }),
          ]),
        ),
        'p99 response time (s)',
        period,
      ),
  };
}

/** The service's own request counter and p99 summary, as the collector sidecar writes them (EMF). */
function serviceMetrics(platform: Platform, environment: Environment, serviceName: string): ReleaseMetrics {
  const namespace = serviceMetricsNamespace(platform, environment);
  const { service, statusClass, quantile } = METRIC_LABELS;
  const requests = (period: Duration, dims: Record<string, string>) =>
    new cloudwatch.Metric({
      namespace,
      metricName: SERVICE_METRICS.requests,
      dimensionsMap: { [service]: serviceName, ...dims },
      statistic: cloudwatch.Stats.SUM,
      period,
    });
  const using = (period: Duration) => ({ r: requests(period, {}), e: requests(period, { [statusClass]: '5xx' }) });
  return {
    successRate: (period) =>
      new cloudwatch.MathExpression({
        expression: '100 - 100 * FILL(e, 0) / r',
        usingMetrics: using(period),
        label: 'success rate (%)',
        period,
      }),
    errorRate: (period) =>
      new cloudwatch.MathExpression({
        expression: '100 * FILL(e, 0) / r',
        usingMetrics: using(period),
        label: '5xx rate (%)',
        period,
      }),
    latencyP99Seconds: (period) =>
      new cloudwatch.Metric({
        namespace,
        metricName: SERVICE_METRICS.latencyQuantiles,
        dimensionsMap: { [service]: serviceName, [quantile]: '0.99' },
        statistic: cloudwatch.Stats.MAXIMUM,
        period,
      }),
  };
}
