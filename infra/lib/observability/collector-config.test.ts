import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { collectorConfig, collectorConfigYaml, type CollectorConfigProps } from './collector-config.ts';
import { QUANTILE_DIMENSION_SETS, REQUEST_DIMENSION_SETS, SERVICE_METRICS } from './service-metrics.ts';

const props: CollectorConfigProps = {
  serviceName: 'claims-api',
  port: 8080,
  taskMemoryMiB: 1024,
  namespace: 'dwp-test/Services',
  logGroupName: '/dwp-test/services/claims-api/metrics',
};

describe('collectorConfig', () => {
  it('serialises to YAML that parses back to the same configuration, with no $ for the collector to expand', () => {
    const config = collectorConfig(props);
    const text = collectorConfigYaml(config);
    const parsed: unknown = parse(text);
    assert.deepEqual(parsed, config);
    assert.ok(!text.includes('$'), 'the collector expands $ in its configuration');
  });

  it('receives OTLP over HTTP on 4318 and gRPC on 4317 on every interface of the task', () => {
    const { otlp } = collectorConfig(props).receivers;
    assert.equal(otlp.protocols.http.endpoint, '0.0.0.0:4318');
    assert.equal(otlp.protocols.grpc.endpoint, '0.0.0.0:4317');
  });

  it("scrapes the service's own /metrics every 60 s under a job named after it, labelled with its name", () => {
    const { prometheus } = collectorConfig(props).receivers;
    assert.equal(prometheus.trim_metric_suffixes, false);
    const [job, ...others] = prometheus.config.scrape_configs;
    assert.equal(others.length, 0);
    assert.equal(job?.job_name, 'claims-api');
    assert.equal(job.scrape_interval, '60s');
    assert.equal(job.metrics_path, '/metrics');
    assert.deepEqual(job.static_configs, [{ targets: ['127.0.0.1:8080'], labels: { service: 'claims-api' } }]);
  });

  it('keeps only the RED series and derives status_class from status without a $ replacement', () => {
    const rules = collectorConfig(props).receivers.prometheus.config.scrape_configs[0]!.metric_relabel_configs;
    const keep = rules.find((r) => r.action === 'keep');
    assert.ok(keep);
    const kept = new RegExp(`^(?:${keep.regex})$`);
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_count',
      'http_request_latency_seconds',
    ])
      assert.ok(kept.test(name), name);
    for (const name of ['process_cpu_seconds_total', 'nodejs_heap_size_total_bytes']) assert.ok(!kept.test(name), name);
    const classes = rules.filter((r) => r.target_label === 'status_class');
    assert.deepEqual(
      classes.map((r) => [r.regex, r.replacement]),
      [
        ['2..', '2xx'],
        ['3..', '3xx'],
        ['4..', '4xx'],
        ['5..', '5xx'],
      ],
    );
    for (const r of classes) assert.deepEqual(r.source_labels, ['status']);
  });

  it('limits the collector to a quarter of the task memory, with a floor for small tasks', () => {
    assert.equal(collectorConfig(props).processors.memory_limiter.limit_mib, 256);
    assert.equal(collectorConfig({ ...props, taskMemoryMiB: 128 }).processors.memory_limiter.limit_mib, 64);
  });

  it('sends traces through memory_limiter, resourcedetection (env, ecs) and batch to X-Ray, indexing the route and error type', () => {
    const config = collectorConfig(props);
    assert.deepEqual(config.service.pipelines.traces, {
      receivers: ['otlp'],
      processors: ['memory_limiter', 'resourcedetection', 'batch/traces'],
      exporters: ['awsxray'],
    });
    assert.deepEqual(config.processors.resourcedetection.detectors, ['env', 'ecs']);
    assert.ok(config.exporters.awsxray.indexed_attributes.includes('http.route'));
    assert.ok(config.exporters.awsxray.indexed_attributes.includes('error.type'));
  });

  it('sends the scraped metrics, the histogram made delta, to EMF in the namespace and log group given', () => {
    const config = collectorConfig(props);
    assert.deepEqual(config.service.pipelines.metrics, {
      receivers: ['prometheus'],
      processors: ['memory_limiter', 'resourcedetection', 'cumulativetodelta', 'batch/metrics'],
      exporters: ['awsemf'],
    });
    assert.deepEqual(config.processors.cumulativetodelta.include.metrics, [SERVICE_METRICS.duration]);
    const emf = config.exporters.awsemf;
    assert.equal(emf.namespace, 'dwp-test/Services');
    assert.equal(emf.log_group_name, '/dwp-test/services/claims-api/metrics');
    assert.equal(emf.log_stream_name, '{TaskId}');
    assert.equal(emf.dimension_rollup_option, 'NoDimensionRollup');
    assert.equal(emf.detailed_metrics, true);
  });

  it('declares the request count and duration by service, status class, route and status, and the quantiles by service', () => {
    const [requests, quantiles, ...others] = collectorConfig(props).exporters.awsemf.metric_declarations;
    assert.equal(others.length, 0);
    assert.deepEqual(requests?.dimensions, REQUEST_DIMENSION_SETS);
    assert.deepEqual(REQUEST_DIMENSION_SETS, [
      ['service'],
      ['service', 'status_class'],
      ['service', 'route'],
      ['service', 'route', 'status'],
    ]);
    const selects = (selectors: readonly string[], name: string) => selectors.some((s) => new RegExp(s).test(name));
    assert.ok(selects(requests.metric_name_selectors, 'http_requests_total'));
    assert.ok(selects(requests.metric_name_selectors, 'http_request_duration_seconds'));
    assert.ok(!selects(requests.metric_name_selectors, 'http_request_latency_seconds'));
    assert.deepEqual(quantiles?.dimensions, QUANTILE_DIMENSION_SETS);
    assert.ok(selects(quantiles.metric_name_selectors, 'http_request_latency_seconds'));
    assert.ok(!selects(quantiles.metric_name_selectors, 'http_requests_total'));
    assert.ok(!selects(quantiles.metric_name_selectors, 'http_request_duration_seconds'));
  });

  it('refuses a port, namespace or log group name CloudWatch or TCP would not take, saying which', () => {
    assert.throws(() => collectorConfig({ ...props, port: 0 }), /port 0 is not a TCP port/);
    assert.throws(() => collectorConfig({ ...props, port: 4318 }), /port 4318 is the collector sidecar's own/);
    assert.throws(() => collectorConfig({ ...props, namespace: 'AWS/Services' }), /not a custom CloudWatch namespace/);
    assert.throws(() => collectorConfig({ ...props, namespace: 'dwp test' }), /not a custom CloudWatch namespace/);
    assert.throws(() => collectorConfig({ ...props, logGroupName: 'a b' }), /not a CloudWatch Logs group name/);
    assert.throws(() => collectorConfig({ ...props, serviceName: 'x$y' }), /may not contain "\$"/);
  });
});
