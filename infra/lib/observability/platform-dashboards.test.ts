/**
 * The service-health dashboard graphs each service's RED metrics from the namespace, metric names
 * and dimensions the collector sidecars write (service-metrics.ts), and none when tracing is off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { z } from 'zod';
import { physicalName } from '../naming.ts';
import { stackName, synthesised } from '../testing/synthesised.ts';
import { tracingOffAssembly } from '../testing/tracing-off.ts';
import { LATENCY_QUANTILE } from './platform-dashboards.ts';
import { SERVICE_METRICS } from './service-metrics.ts';

const Resources = z.record(
  z.string(),
  z.object({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).default({}) }),
);
/** A dashboard body as CloudFormation holds it: a JSON text joined around tokens. */
const Body = z.union([z.string(), z.object({ 'Fn::Join': z.tuple([z.literal(''), z.array(z.unknown())]) })]);
const Dashboard = z.object({
  widgets: z.array(
    z.object({
      properties: z.object({ title: z.string().optional(), metrics: z.array(z.array(z.unknown())).optional() }),
    }),
  ),
});
type Widget = z.output<typeof Dashboard>['widgets'][number];

/** The service-health dashboard's widgets, each token (a name from another stack) read as TOKEN. */
function serviceHealthWidgets(assembly: cxapi.CloudAssembly, environment: string): Widget[] {
  const template = z
    .object({ Resources })
    .parse(assembly.getStackByName(stackName(environment, 'Observability')).template);
  const found = Object.entries(template.Resources).filter(
    ([id, r]) => r.Type === 'AWS::CloudWatch::Dashboard' && id.includes('ServiceHealth'),
  );
  assert.equal(found.length, 1);
  const body = Body.parse(found[0]![1].Properties.DashboardBody);
  const text =
    typeof body === 'string' ? body : body['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return Dashboard.parse(JSON.parse(text)).widgets;
}
function widgetTitled(widgets: readonly Widget[], title: string): Widget {
  const w = widgets.find((x) => x.properties.title === title);
  assert.ok(w, `no widget "${title}"; have ${widgets.map((x) => x.properties.title).join(', ')}`);
  return w;
}
/** `[namespace, name, dim, value, ..., options?]` -> its parts. */
function metricOf(row: readonly unknown[]) {
  const last = row.at(-1);
  const hasOptions = typeof last === 'object' && last !== null;
  const options = hasOptions ? z.record(z.string(), z.unknown()).parse(last) : {};
  const plain = z.array(z.string()).parse(hasOptions ? row.slice(0, -1) : row);
  const [namespace, metricName, ...dims] = plain;
  const dimensions: Record<string, string> = {};
  for (let i = 0; i + 1 < dims.length; i += 2) dimensions[dims[i]!] = dims[i + 1]!;
  return { namespace, metricName, dimensions, options };
}
function metricRows(w: Widget): ReturnType<typeof metricOf>[] {
  return (w.properties.metrics ?? []).filter((row) => typeof row[0] === 'string').map(metricOf);
}
function expressions(w: Widget): string[] {
  return (w.properties.metrics ?? []).flatMap((row) => {
    const first = row[0];
    if (typeof first !== 'object' || first === null) return [];
    const parsed = z.object({ expression: z.string() }).safeParse(first);
    return parsed.success ? [parsed.data.expression] : [];
  });
}

const synth = synthesised();

for (const environment of dwp.environments) {
  const namespace = `${physicalName(environment, dwp.name)}/Services`;

  describe(`the ${environment.name} service-health dashboard`, () => {
    const widgets = serviceHealthWidgets(synth.assembly, environment.name);

    it(`graphs each service's requests (${SERVICE_METRICS.requests}, Sum) from ${namespace}`, () => {
      const rows = metricRows(widgetTitled(widgets, 'Requests per 5 minutes'));
      assert.deepEqual(
        rows.map((r) => r.dimensions.service),
        dwp.services.map((s) => s.name),
      );
      for (const r of rows) {
        assert.equal(r.namespace, namespace);
        assert.equal(r.metricName, SERVICE_METRICS.requests);
        assert.deepEqual(Object.keys(r.dimensions), ['service']);
        assert.equal(r.options.stat, 'Sum');
      }
    });

    it("graphs each service's 5xx share as 100 x its 5xx class over all its requests", () => {
      const w = widgetTitled(widgets, '5xx responses (% of requests)');
      assert.equal(expressions(w).length, dwp.services.length);
      const rows = metricRows(w);
      for (const s of dwp.services) {
        const mine = rows.filter((r) => r.dimensions.service === s.name);
        assert.deepEqual(
          mine.map((r) => [r.metricName, r.dimensions.status_class]).toSorted(),
          [
            [SERVICE_METRICS.requests, '5xx'],
            [SERVICE_METRICS.requests, undefined],
          ].toSorted(),
          s.name,
        );
        for (const r of mine) assert.equal(r.namespace, namespace);
      }
      for (const e of expressions(w)) assert.match(e, /100 \* FILL\(e\d+, 0\) \/ r\d+/);
    });

    it('graphs the 4xx class beside it', () => {
      const rows = metricRows(widgetTitled(widgets, '4xx responses per 5 minutes'));
      assert.equal(rows.length, dwp.services.length);
      for (const r of rows)
        assert.deepEqual(
          [r.namespace, r.metricName, r.dimensions.status_class],
          [namespace, SERVICE_METRICS.requests, '4xx'],
        );
    });

    it(`graphs each service's p99 latency (${SERVICE_METRICS.latencyQuantiles}, quantile ${LATENCY_QUANTILE}, worst task) and its average`, () => {
      const p99 = metricRows(widgetTitled(widgets, 'Latency p99 (s, worst task)'));
      assert.deepEqual(
        p99.map((r) => r.dimensions.service),
        dwp.services.map((s) => s.name),
      );
      for (const r of p99) {
        assert.deepEqual(
          [r.namespace, r.metricName, r.dimensions.quantile],
          [namespace, SERVICE_METRICS.latencyQuantiles, '0.99'],
        );
        assert.equal(r.options.stat, 'Maximum');
      }
      const average = metricRows(widgetTitled(widgets, 'Latency average (s)'));
      assert.equal(average.length, dwp.services.length);
      for (const r of average) {
        assert.deepEqual([r.namespace, r.metricName], [namespace, SERVICE_METRICS.duration]);
        // CloudWatch's default statistic, which CDK leaves out.
        assert.equal(r.options.stat ?? 'Average', 'Average');
      }
    });

    it('keeps the CPU, memory and running-task widgets', () => {
      for (const title of ['CPU %', 'Memory %', 'Running tasks']) widgetTitled(widgets, title);
    });
  });
}

describe('the service-health dashboard with tracing off', () => {
  it('has no RED widgets, since no sidecar writes them', () => {
    const widgets = serviceHealthWidgets(tracingOffAssembly(), 'test');
    assert.deepEqual(
      widgets.map((w) => w.properties.title),
      ['CPU %', 'Memory %', 'Running tasks'],
    );
  });
});
