/**
 * The three dashboards of seed 000 "Custom Dashboards": API performance (requests, latency, 4xx/5xx,
 * cache hits and misses of the primary API), service health (CPU, memory and running tasks per
 * service and, from the collector sidecars' EMF metrics, each service's request rate, 5xx rate and
 * latency) and external dependency health (the external API's traffic and errors per route, and the
 * external gateway service).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { METRIC_LABELS, SERVICE_METRICS, type StatusClass } from './service-metrics.ts';

const PERIOD = Duration.minutes(5);
/** The quantile the latency widget graphs, as the EMF exporter writes the `quantile` dimension. */
export const LATENCY_QUANTILE = '0.99';

export interface PlatformDashboardsProps {
  readonly namePrefix: string;
  readonly internalApi: apigateway.RestApi;
  readonly externalApi?: apigateway.RestApi;
  readonly services: ReadonlyMap<string, ecs.FargateService>;
  /** The service that runs the external gateway. @default - none */
  readonly externalGatewayService?: string;
  /**
   * CloudWatch namespace the collector sidecars write the services' RED metrics to.
   * @default - no RED widgets (tracing is off, so there are no sidecars)
   */
  readonly serviceMetricsNamespace?: string;
}

export class PlatformDashboards extends Construct {
  readonly apiPerformance: cloudwatch.Dashboard;
  readonly serviceHealth: cloudwatch.Dashboard;
  readonly externalDependencies: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardsProps) {
    super(scope, id);
    const api = props.internalApi;
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    const apiMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiName: api.restApiName },
        statistic,
        period: PERIOD,
      });

    this.apiPerformance = new cloudwatch.Dashboard(this, 'ApiPerformance', {
      dashboardName: `${props.namePrefix}-api-performance`,
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'Requests', left: [api.metricCount(sum)] }),
          new cloudwatch.GraphWidget({
            title: 'Latency (p50, p99)',
            left: [
              api.metricLatency({ period: PERIOD, statistic: cloudwatch.Stats.p(50) }),
              api.metricLatency({ period: PERIOD, statistic: cloudwatch.Stats.p(99) }),
            ],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Errors (4xx, 5xx)',
            left: [api.metricClientError(sum), api.metricServerError(sum)],
          }),
          new cloudwatch.GraphWidget({
            title: 'Cache hits and misses',
            left: [api.metricCacheHitCount(sum), api.metricCacheMissCount(sum)],
          }),
          new cloudwatch.GraphWidget({
            title: 'Integration latency',
            left: [apiMetric('IntegrationLatency', cloudwatch.Stats.p(99))],
          }),
        ],
      ],
    });

    const services = [...props.services.entries()];
    this.serviceHealth = new cloudwatch.Dashboard(this, 'ServiceHealth', {
      dashboardName: `${props.namePrefix}-service-health`,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'CPU %',
            left: services.map(([n, s]) => s.metricCpuUtilization({ period: PERIOD, label: n })),
          }),
          new cloudwatch.GraphWidget({
            title: 'Memory %',
            left: services.map(([n, s]) => s.metricMemoryUtilization({ period: PERIOD, label: n })),
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Running tasks',
            left: services.map(
              ([n, s]) =>
                new cloudwatch.Metric({
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensionsMap: { ClusterName: s.cluster.clusterName, ServiceName: s.serviceName },
                  period: PERIOD,
                  statistic: cloudwatch.Stats.AVERAGE,
                  label: n,
                }),
            ),
          }),
        ],
        ...(props.serviceMetricsNamespace
          ? redWidgets(
              props.serviceMetricsNamespace,
              services.map(([n]) => n),
            )
          : []),
      ],
    });

    const external = props.externalApi;
    const gatewayService = props.externalGatewayService ? props.services.get(props.externalGatewayService) : undefined;
    this.externalDependencies = new cloudwatch.Dashboard(this, 'ExternalDependencies', {
      dashboardName: `${props.namePrefix}-external-dependencies`,
      widgets: [
        [
          ...(external
            ? [
                new cloudwatch.GraphWidget({ title: 'External API requests', left: [external.metricCount(sum)] }),
                new cloudwatch.GraphWidget({
                  title: 'External API errors (4xx, 5xx)',
                  left: [external.metricClientError(sum), external.metricServerError(sum)],
                }),
                new cloudwatch.GraphWidget({
                  title: 'External API latency p99',
                  left: [external.metricLatency({ period: PERIOD, statistic: cloudwatch.Stats.p(99) })],
                }),
              ]
            : []),
          ...(gatewayService
            ? [
                new cloudwatch.GraphWidget({
                  title: 'External gateway CPU %',
                  left: [gatewayService.metricCpuUtilization({ period: PERIOD })],
                }),
              ]
            : []),
        ],
      ],
    });
  }
}

/**
 * Per service: requests per period, the share answered 5xx (and the 4xx count beside it), average
 * latency (from the duration histogram) and p99 latency (the worst task's, from the quantile summary).
 */
function redWidgets(namespace: string, serviceNames: readonly string[]): cloudwatch.IWidget[][] {
  const { service, statusClass, quantile } = METRIC_LABELS;
  const requests = (name: string, cls?: StatusClass) =>
    new cloudwatch.Metric({
      namespace,
      metricName: SERVICE_METRICS.requests,
      dimensionsMap: { [service]: name, ...(cls ? { [statusClass]: cls } : {}) },
      statistic: cloudwatch.Stats.SUM,
      period: PERIOD,
      label: cls ? `${name} ${cls}` : name,
    });
  return [
    [
      new cloudwatch.GraphWidget({
        title: 'Requests per 5 minutes',
        left: serviceNames.map((n) => requests(n)),
      }),
      new cloudwatch.GraphWidget({
        title: '5xx responses (% of requests)',
        left: serviceNames.map(
          (n, i) =>
            new cloudwatch.MathExpression({
              // No requests is no error rate, not a division by zero.
              expression: `IF(r${i} > 0, 100 * FILL(e${i}, 0) / r${i}, 0)`,
              usingMetrics: { [`e${i}`]: requests(n, '5xx'), [`r${i}`]: requests(n) },
              label: n,
              period: PERIOD,
            }),
        ),
        leftYAxis: { min: 0, max: 100, label: '%', showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: '4xx responses per 5 minutes',
        left: serviceNames.map((n) => requests(n, '4xx')),
      }),
    ],
    [
      new cloudwatch.GraphWidget({
        title: 'Latency p99 (s, worst task)',
        left: serviceNames.map(
          (n) =>
            new cloudwatch.Metric({
              namespace,
              metricName: SERVICE_METRICS.latencyQuantiles,
              dimensionsMap: { [service]: n, [quantile]: LATENCY_QUANTILE },
              statistic: cloudwatch.Stats.MAXIMUM,
              period: PERIOD,
              label: n,
            }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Latency average (s)',
        left: serviceNames.map(
          (n) =>
            new cloudwatch.Metric({
              namespace,
              metricName: SERVICE_METRICS.duration,
              dimensionsMap: { [service]: n },
              statistic: cloudwatch.Stats.AVERAGE,
              period: PERIOD,
              label: n,
            }),
        ),
      }),
    ],
  ];
}
