/**
 * The ADOT collector sidecar's configuration, built as a typed object and serialised to the YAML the
 * collector reads from `AOT_CONFIG_CONTENT` (which takes precedence over `--config`). Components are
 * those of the ADOT distribution v0.43.x (OpenTelemetry Collector contrib v0.117.0):
 *
 * - traces: OTLP (HTTP 4318, gRPC 4317) -> memory_limiter, resourcedetection (env, ecs), batch -> awsxray
 * - metrics: Prometheus scrape of the service's own `/metrics` -> memory_limiter, resourcedetection,
 *   cumulativetodelta (the duration histogram only), batch -> awsemf (the RED metrics, in the
 *   platform's namespace, to the service's metrics log group)
 *
 * The collector expands `${...}` and `$VAR` in its configuration, so nothing here may contain `$`.
 */
import { stringify } from 'yaml';
import {
  METRIC_LABELS,
  METRICS_PATH,
  QUANTILE_DIMENSION_SETS,
  REQUEST_DIMENSION_SETS,
  SCRAPE_INTERVAL_SECONDS,
  SERVICE_METRICS,
  STATUS_CLASSES,
} from './service-metrics.ts';

/** Where the OTLP receiver listens (the SDK posts to `http://localhost:4318/v1/traces`). */
export const OTLP_HTTP_PORT = 4318;
export const OTLP_GRPC_PORT = 4317;
/** The health_check extension, which the image's `/healthcheck` probe asks. */
export const HEALTH_CHECK_PORT = 13133;
export const HEALTH_CHECK_ENDPOINT = `127.0.0.1:${HEALTH_CHECK_PORT}`;
/** Ports the collector binds in the task's shared network namespace: a service cannot listen on them. */
export const COLLECTOR_PORTS: readonly number[] = [OTLP_GRPC_PORT, OTLP_HTTP_PORT, HEALTH_CHECK_PORT];
/** Span attributes X-Ray indexes as annotations (searchable in trace filters and groups). */
export const XRAY_INDEXED_ATTRIBUTES = [
  'http.route',
  'http.request.method',
  'http.response.status_code',
  'error.type',
] as const;
/** Share of the task's memory the collector may hold before it refuses data instead of growing. */
const MEMORY_LIMIT_SHARE = 0.25;
/** The collector's own floor: it uses about 50 MiB idle. */
const MIN_MEMORY_LIMIT_MIB = 64;

export interface CollectorConfigProps {
  /** The service the sidecar runs beside: the scrape job's name. */
  readonly serviceName: string;
  /** The service's container port, scraped at `127.0.0.1:<port>/metrics`. */
  readonly port: number;
  /** The task's memory (MiB), from which the collector's memory limit is derived. */
  readonly taskMemoryMiB: number;
  /** CloudWatch namespace of the service metrics (`dwp-test/Services`). */
  readonly namespace: string;
  /** Log group (created by the stack) the EMF exporter writes to. */
  readonly logGroupName: string;
}

type Endpoint = { readonly endpoint: string };
interface RelabelRule {
  readonly source_labels: readonly string[];
  readonly regex: string;
  readonly action: 'keep' | 'replace';
  readonly target_label?: string;
  readonly replacement?: string;
}
interface ScrapeConfig {
  readonly job_name: string;
  readonly scrape_interval: string;
  readonly scrape_timeout: string;
  readonly metrics_path: string;
  readonly static_configs: readonly {
    readonly targets: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
  }[];
  readonly metric_relabel_configs: readonly RelabelRule[];
}
interface Batch {
  readonly timeout: string;
  readonly send_batch_size: number;
}
interface MetricDeclaration {
  readonly dimensions: readonly (readonly string[])[];
  readonly metric_name_selectors: readonly string[];
}

interface Receivers {
  readonly otlp: { readonly protocols: { readonly http: Endpoint; readonly grpc: Endpoint } };
  readonly prometheus: {
    readonly trim_metric_suffixes: boolean;
    readonly config: { readonly scrape_configs: readonly ScrapeConfig[] };
  };
}
interface Processors {
  readonly memory_limiter: {
    readonly check_interval: string;
    readonly limit_mib: number;
    readonly spike_limit_mib: number;
  };
  readonly resourcedetection: {
    readonly detectors: readonly ('env' | 'ecs')[];
    readonly timeout: string;
    readonly override: boolean;
  };
  readonly cumulativetodelta: {
    readonly include: { readonly metrics: readonly string[]; readonly match_type: 'strict' };
  };
  readonly 'batch/traces': Batch;
  readonly 'batch/metrics': Batch;
}
interface Exporters {
  readonly awsxray: { readonly indexed_attributes: readonly string[] };
  readonly awsemf: {
    readonly namespace: string;
    readonly log_group_name: string;
    readonly log_stream_name: string;
    readonly dimension_rollup_option: 'NoDimensionRollup';
    readonly detailed_metrics: boolean;
    readonly resource_to_telemetry_conversion: { readonly enabled: boolean };
    readonly metric_declarations: readonly MetricDeclaration[];
    readonly metric_descriptors: readonly {
      readonly metric_name: string;
      readonly unit: 'Count' | 'Seconds';
      readonly overwrite: boolean;
    }[];
  };
}
interface Pipeline {
  readonly receivers: readonly (keyof Receivers)[];
  readonly processors: readonly (keyof Processors)[];
  readonly exporters: readonly (keyof Exporters)[];
}

export interface CollectorConfig {
  readonly extensions: { readonly health_check: Endpoint };
  readonly receivers: Receivers;
  readonly processors: Processors;
  readonly exporters: Exporters;
  readonly service: {
    readonly extensions: readonly 'health_check'[];
    readonly pipelines: { readonly traces: Pipeline; readonly metrics: Pipeline };
  };
}

/** A regex matching exactly these names (Prometheus anchors relabel regexes itself). */
function exactly(names: readonly string[]): string {
  return names.join('|');
}

/** The series a scrape keeps: the RED metrics (the process defaults stay on `/metrics` for humans). */
function keptSeries(): string[] {
  const histogram = SERVICE_METRICS.duration;
  const summary = SERVICE_METRICS.latencyQuantiles;
  return [
    SERVICE_METRICS.requests,
    `${histogram}_bucket`,
    `${histogram}_sum`,
    `${histogram}_count`,
    summary,
    `${summary}_sum`,
    `${summary}_count`,
  ];
}

function scrapeConfig(props: CollectorConfigProps): ScrapeConfig {
  return {
    job_name: props.serviceName,
    scrape_interval: `${SCRAPE_INTERVAL_SECONDS}s`,
    scrape_timeout: '10s',
    metrics_path: METRICS_PATH,
    static_configs: [
      {
        // The service kit listens on 0.0.0.0 (IPv4), as its health check assumes.
        targets: [`127.0.0.1:${props.port}`],
        // The definition's name, whatever the process calls itself: the target's label wins over
        // the scraped one (kept as exported_service), so the dashboards' dimension always matches.
        labels: { [METRIC_LABELS.service]: props.serviceName },
      },
    ],
    metric_relabel_configs: [
      { source_labels: ['__name__'], regex: exactly(keptSeries()), action: 'keep' },
      // One fixed replacement per class rather than `$1xx`: the collector would expand a `$`.
      ...STATUS_CLASSES.map((c): RelabelRule => ({
        source_labels: [METRIC_LABELS.status],
        regex: c.status,
        action: 'replace',
        target_label: METRIC_LABELS.statusClass,
        replacement: c.statusClass,
      })),
    ],
  };
}

function validate(props: CollectorConfigProps): void {
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
    throw new RangeError(`collector config for ${props.serviceName}: port ${props.port} is not a TCP port (1-65535)`);
  }
  if (COLLECTOR_PORTS.includes(props.port)) {
    throw new RangeError(
      `collector config for ${props.serviceName}: port ${props.port} is the collector sidecar's own (${COLLECTOR_PORTS.join(', ')}); give the service another port in the definition`,
    );
  }
  if (!/^[A-Za-z0-9._/#:-]{1,255}$/.test(props.namespace) || props.namespace.startsWith('AWS/')) {
    throw new RangeError(
      `collector config for ${props.serviceName}: "${props.namespace}" is not a custom CloudWatch namespace (letters, digits, . _ / # : -, not starting AWS/)`,
    );
  }
  if (!/^[A-Za-z0-9._/#-]{1,512}$/.test(props.logGroupName)) {
    throw new RangeError(
      `collector config for ${props.serviceName}: "${props.logGroupName}" is not a CloudWatch Logs group name`,
    );
  }
  const text = [props.serviceName, props.namespace, props.logGroupName].join('');
  if (text.includes('$')) {
    throw new RangeError(
      `collector config for ${props.serviceName}: names may not contain "$" (the collector expands it)`,
    );
  }
}

export function collectorConfig(props: CollectorConfigProps): CollectorConfig {
  validate(props);
  const limit = Math.max(MIN_MEMORY_LIMIT_MIB, Math.floor(props.taskMemoryMiB * MEMORY_LIMIT_SHARE));
  return {
    extensions: { health_check: { endpoint: HEALTH_CHECK_ENDPOINT } },
    receivers: {
      otlp: {
        protocols: {
          http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` },
          grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` },
        },
      },
      prometheus: { trim_metric_suffixes: false, config: { scrape_configs: [scrapeConfig(props)] } },
    },
    processors: {
      memory_limiter: { check_interval: '1s', limit_mib: limit, spike_limit_mib: Math.floor(limit / 5) },
      // ecs reads the task metadata endpoint: the task id names the EMF log stream, and X-Ray shows the task.
      resourcedetection: { detectors: ['env', 'ecs'], timeout: '2s', override: false },
      // The EMF exporter turns cumulative counters into deltas itself but not histograms (contrib
      // v0.117): without this, a period's latency statistics would be the task's lifetime totals.
      cumulativetodelta: { include: { metrics: [SERVICE_METRICS.duration], match_type: 'strict' } },
      'batch/traces': { timeout: '1s', send_batch_size: 50 },
      'batch/metrics': { timeout: '60s', send_batch_size: 8192 },
    },
    exporters: {
      awsxray: { indexed_attributes: [...XRAY_INDEXED_ATTRIBUTES] },
      awsemf: {
        namespace: props.namespace,
        log_group_name: props.logGroupName,
        log_stream_name: '{TaskId}',
        dimension_rollup_option: 'NoDimensionRollup',
        // Keeps each summary quantile as a value of its own (the `quantile` dimension).
        detailed_metrics: true,
        resource_to_telemetry_conversion: { enabled: false },
        // Selectors are regexes; no `$` anchor (see above), and none is needed: the scrape keeps only
        // these three metric families, none of whose names begins another's.
        metric_declarations: [
          {
            dimensions: REQUEST_DIMENSION_SETS,
            metric_name_selectors: [`^${SERVICE_METRICS.requests}`, `^${SERVICE_METRICS.duration}`],
          },
          { dimensions: QUANTILE_DIMENSION_SETS, metric_name_selectors: [`^${SERVICE_METRICS.latencyQuantiles}`] },
        ],
        metric_descriptors: [
          { metric_name: SERVICE_METRICS.requests, unit: 'Count', overwrite: true },
          { metric_name: SERVICE_METRICS.duration, unit: 'Seconds', overwrite: true },
          { metric_name: SERVICE_METRICS.latencyQuantiles, unit: 'Seconds', overwrite: true },
        ],
      },
    },
    service: {
      extensions: ['health_check'],
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'resourcedetection', 'batch/traces'],
          exporters: ['awsxray'],
        },
        metrics: {
          receivers: ['prometheus'],
          processors: ['memory_limiter', 'resourcedetection', 'cumulativetodelta', 'batch/metrics'],
          exporters: ['awsemf'],
        },
      },
    },
  };
}

/**
 * The configuration as the YAML document `AOT_CONFIG_CONTENT` carries. Every string value is quoted,
 * so no YAML reader takes `2..`, `60s` or an address for anything but text.
 */
export function collectorConfigYaml(config: CollectorConfig): string {
  return stringify(config, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}
