/**
 * The RED metrics of every service as CloudWatch holds them: what the collector sidecar scrapes from
 * the service kit's `GET /metrics`, the names and dimensions its EMF exporter writes, and the
 * namespace they land in. The collector configuration and the dashboards both read them from here,
 * so a dashboard graphs exactly what the collector writes.
 */
import type { Environment, Platform } from '@dwp/platform';
import { physicalName } from '../naming.ts';

/** Where the service kit serves Prometheus metrics, on the service's own port. */
export const METRICS_PATH = '/metrics';

/** How often the sidecar scrapes (and so the finest period the dashboards can graph). */
export const SCRAPE_INTERVAL_SECONDS = 60;

/**
 * Metric names as the Prometheus receiver keeps them (`trim_metric_suffixes: false`) and the EMF
 * exporter writes them.
 */
export const SERVICE_METRICS = {
  /** Counter of answered requests (service kit, prom-client): a Sum per period is the request count. */
  requests: 'http_requests_total',
  /**
   * Histogram of answer times in seconds. EMF writes an explicit-bucket histogram as a statistic set
   * (count, sum), so CloudWatch gives its Average and SampleCount but no percentiles.
   */
  duration: 'http_request_duration_seconds',
  /**
   * Summary of answer times in seconds, whose `quantile` label the EMF exporter keeps as a dimension
   * (`detailed_metrics`): the only way a p99 reaches CloudWatch from a Prometheus scrape. The service
   * kit must expose it (a prom-client Summary, percentiles 0.5, 0.9 and 0.99, labelled only by service).
   */
  latencyQuantiles: 'http_request_latency_seconds',
} as const;

/** The labels the service kit puts on each series, and the one the sidecar derives. */
export const METRIC_LABELS = {
  service: 'service',
  route: 'route',
  status: 'status',
  /** `2xx` ... `5xx`, derived from `status` at scrape time so a dashboard can sum a whole class. */
  statusClass: 'status_class',
  /** The summary's quantile (`0.99`), as the EMF exporter names it. */
  quantile: 'quantile',
} as const;

/** The classes `status_class` takes, each with the `status` values (a Prometheus regex) it covers. */
export const STATUS_CLASSES = [
  { statusClass: '2xx', status: '2..' },
  { statusClass: '3xx', status: '3..' },
  { statusClass: '4xx', status: '4..' },
  { statusClass: '5xx', status: '5..' },
] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number]['statusClass'];

const { service, route, status, statusClass, quantile } = METRIC_LABELS;

/**
 * The dimension sets of the request metrics: per service (the dashboards), per service and status
 * class (error rates), per route, and per route and exact status (finding the failing endpoint).
 */
export const REQUEST_DIMENSION_SETS: readonly (readonly string[])[] = [
  [service],
  [service, statusClass],
  [service, route],
  [service, route, status],
];

/** The dimension set of the latency quantiles: one series per service and quantile. */
export const QUANTILE_DIMENSION_SETS: readonly (readonly string[])[] = [[service, quantile]];

/** `dwp-test/Services`: the namespace of one environment's service metrics, named after the platform. */
export function serviceMetricsNamespace(platform: Platform, environment: Environment): string {
  return `${physicalName(environment, platform.name)}/Services`;
}

/** `/dwp-test/services/claims-api/metrics`: the log group the EMF exporter writes one service's metrics to. */
export function serviceMetricsLogGroupName(platform: Platform, environment: Environment, serviceName: string): string {
  return `/${physicalName(environment, platform.name)}/services/${serviceName}/metrics`;
}
