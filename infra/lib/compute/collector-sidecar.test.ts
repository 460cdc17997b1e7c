/**
 * The synthesised task definitions: each service's tracing variables per environment, the collector
 * sidecar with our configuration in AOT_CONFIG_CONTENT, its metrics log group and the task role's
 * grants; and, with tracing off in the definition, no sidecar and the SDK turned off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENV } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { parse } from 'yaml';
import { z } from 'zod';
import { pascal, physicalName } from '../naming.ts';
import { stackName, synthesised } from '../testing/synthesised.ts';
import { tracingOffAssembly } from '../testing/tracing-off.ts';
import { ADOT_COLLECTOR_IMAGE, AOT_CONFIG_ENV, COLLECTOR_CONTAINER_NAME, XRAY_ACTIONS } from './collector-sidecar.ts';

const Resources = z.record(
  z.string(),
  z.object({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).default({}) }),
);
const Container = z.object({
  Name: z.string(),
  Image: z.unknown(),
  Essential: z.boolean().optional(),
  Command: z.array(z.string()).optional(),
  Environment: z.array(z.object({ Name: z.string(), Value: z.unknown() })).default([]),
});
const TaskDefinition = z.object({ ContainerDefinitions: z.array(Container) });
const Statement = z.object({
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.unknown(),
});
const Policy = z.object({ PolicyDocument: z.object({ Statement: z.array(Statement) }) });

/** The parts of the collector's YAML these checks read, as the collector would. */
const Pipeline = z.object({
  receivers: z.array(z.string()),
  processors: z.array(z.string()),
  exporters: z.array(z.string()),
});
const CollectorYaml = z.object({
  receivers: z.object({
    otlp: z.object({
      protocols: z.object({ http: z.object({ endpoint: z.string() }), grpc: z.object({ endpoint: z.string() }) }),
    }),
    prometheus: z.object({
      config: z.object({
        scrape_configs: z.array(
          z.object({
            job_name: z.string(),
            scrape_interval: z.string(),
            metrics_path: z.string(),
            static_configs: z.array(z.object({ targets: z.array(z.string()) })),
          }),
        ),
      }),
    }),
  }),
  processors: z.record(z.string(), z.unknown()),
  exporters: z.object({
    awsxray: z.object({ indexed_attributes: z.array(z.string()) }),
    awsemf: z.object({ namespace: z.string(), log_group_name: z.string(), log_stream_name: z.string() }),
  }),
  service: z.object({ pipelines: z.object({ traces: Pipeline, metrics: Pipeline }) }),
});

type Resource = z.output<typeof Resources>[string];
function resourcesOf(assembly: cxapi.CloudAssembly, stack: string): Array<[string, Resource]> {
  const template = z.object({ Resources }).parse(assembly.getStackByName(stack).template);
  return Object.entries(template.Resources);
}
function containersOf(assembly: cxapi.CloudAssembly, stack: string, service: string): z.output<typeof Container>[] {
  const found = resourcesOf(assembly, stack).filter(
    ([id, r]) => r.Type === 'AWS::ECS::TaskDefinition' && id.startsWith(`${pascal(service)}Task`),
  );
  assert.equal(found.length, 1, `one task definition for ${service}`);
  return TaskDefinition.parse(found[0]![1].Properties).ContainerDefinitions;
}
function envOf(container: z.output<typeof Container>): Record<string, unknown> {
  return Object.fromEntries(container.Environment.map((e) => [e.Name, e.Value]));
}
function statementsOf(assembly: cxapi.CloudAssembly, stack: string, service: string): z.output<typeof Statement>[] {
  return resourcesOf(assembly, stack)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith(`${pascal(service)}TaskRole`))
    .flatMap(([, r]) => Policy.parse(r.Properties).PolicyDocument.Statement);
}
function actionsOf(s: z.output<typeof Statement>): string[] {
  return (Array.isArray(s.Action) ? s.Action : [s.Action]).toSorted();
}

/** The levels of a synthesis message that are findings (cdk-nag reports errors and warnings). */
const FINDING_LEVELS: ReadonlySet<string> = new Set(['error', 'warning']);

/** The rate each environment's services sample new traces at (dwp.ts: 1, and 5 % in prod). */
const EXPECTED_RATE: Readonly<Record<string, string>> = { test: '1', stage: '1', prod: '0.05' };

const synth = synthesised();

for (const environment of dwp.environments) {
  const compute = stackName(environment.name, 'Compute');
  const prefix = physicalName(environment, dwp.name);

  describe(`tracing in the ${environment.name} environment`, () => {
    for (const service of dwp.services) {
      it(`${service.name} sends spans to the sidecar, as ${service.name}, with X-Ray ids, sampling ${EXPECTED_RATE[environment.name]}`, () => {
        const app = containersOf(synth.assembly, compute, service.name).find((c) => c.Name === service.name);
        assert.ok(app);
        const env = envOf(app);
        assert.equal(env[ENV.otlpEndpoint], 'http://localhost:4318');
        assert.equal(env[ENV.otelServiceName], service.name);
        assert.equal(env[ENV.traceSampleRate], EXPECTED_RATE[environment.name]);
        assert.equal(env[ENV.traceIdFormat], 'xray');
        assert.equal(env[ENV.tracingDisabled], undefined);
      });

      it(`${service.name} runs the ADOT collector with our configuration: OTLP in, its /metrics scraped, X-Ray and EMF out`, () => {
        const collector = containersOf(synth.assembly, compute, service.name).find(
          (c) => c.Name === COLLECTOR_CONTAINER_NAME,
        );
        assert.ok(collector);
        assert.equal(collector.Image, ADOT_COLLECTOR_IMAGE);
        assert.equal(collector.Essential, false);
        assert.equal(collector.Command, undefined, 'no --config: AOT_CONFIG_CONTENT is the configuration');
        const text = envOf(collector)[AOT_CONFIG_ENV];
        assert.equal(typeof text, 'string', 'the configuration is a plain string, no CloudFormation token');
        const config = CollectorYaml.parse(parse(String(text)));
        assert.equal(config.receivers.otlp.protocols.http.endpoint, '0.0.0.0:4318');
        assert.equal(config.receivers.otlp.protocols.grpc.endpoint, '0.0.0.0:4317');
        const [job] = config.receivers.prometheus.config.scrape_configs;
        assert.equal(job?.job_name, service.name);
        assert.equal(job.scrape_interval, '60s');
        assert.equal(job.metrics_path, '/metrics');
        assert.deepEqual(job.static_configs[0]?.targets, [`127.0.0.1:${service.port}`]);
        for (const p of ['batch/traces', 'batch/metrics', 'memory_limiter', 'resourcedetection'])
          assert.ok(p in config.processors, p);
        assert.ok(config.exporters.awsxray.indexed_attributes.includes('http.route'));
        assert.equal(config.exporters.awsemf.namespace, `${prefix}/Services`);
        assert.equal(config.exporters.awsemf.log_group_name, `/${prefix}/services/${service.name}/metrics`);
        assert.deepEqual(config.service.pipelines.traces.receivers, ['otlp']);
        assert.deepEqual(config.service.pipelines.traces.exporters, ['awsxray']);
        assert.ok(config.service.pipelines.traces.processors.includes('batch/traces'));
        assert.deepEqual(config.service.pipelines.metrics.receivers, ['prometheus']);
        assert.deepEqual(config.service.pipelines.metrics.exporters, ['awsemf']);
        assert.ok(config.service.pipelines.metrics.processors.includes('batch/metrics'));
      });

      it(`${service.name}'s metrics log group keeps ${dwp.observability.logRetentionDays} days, encrypted, and its task role may write only there and to X-Ray`, () => {
        const groups = resourcesOf(synth.assembly, compute).filter(
          ([id, r]) => r.Type === 'AWS::Logs::LogGroup' && id.startsWith(`${pascal(service.name)}CollectorMetricLogs`),
        );
        assert.equal(groups.length, 1);
        const [groupId, group] = groups[0]!;
        assert.equal(group.Properties.LogGroupName, `/${prefix}/services/${service.name}/metrics`);
        assert.equal(group.Properties.RetentionInDays, dwp.observability.logRetentionDays);
        assert.ok(group.Properties.KmsKeyId, 'encrypted with the compute key');

        const statements = statementsOf(synth.assembly, compute, service.name);
        const xray = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('xray:')));
        assert.equal(xray.length, 1);
        assert.deepEqual(actionsOf(xray[0]!), [...XRAY_ACTIONS].toSorted());
        assert.equal(xray[0]!.Resource, '*');
        const emf = statements.filter((s) => JSON.stringify(s.Resource).includes(groupId));
        assert.equal(emf.length, 1);
        assert.deepEqual(actionsOf(emf[0]!), ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents']);
        assert.deepEqual(emf[0]!.Resource, { 'Fn::GetAtt': [groupId, 'Arn'] });
        assert.ok(
          !statements.some((s) => actionsOf(s).some((a) => a === 'logs:CreateLogGroup' || a === 'logs:*')),
          'the stack owns the log group: no CreateLogGroup',
        );
      });
    }
  });
}

describe('tracing off in the definition', () => {
  const untraced = tracingOffAssembly();
  const compute = stackName('test', 'Compute');

  for (const service of dwp.services) {
    it(`${service.name} runs without a collector and with the SDK off`, () => {
      const containers = containersOf(untraced, compute, service.name);
      assert.ok(!containers.some((c) => c.Name === COLLECTOR_CONTAINER_NAME));
      const app = containers.find((c) => c.Name === service.name);
      assert.ok(app);
      const env = envOf(app);
      assert.equal(env[ENV.tracingDisabled], 'true');
      for (const name of [ENV.otlpEndpoint, ENV.otelServiceName, ENV.traceSampleRate, ENV.traceIdFormat])
        assert.equal(env[name], undefined, name);
      assert.ok(
        !statementsOf(untraced, compute, service.name).some((s) => actionsOf(s).some((a) => a.startsWith('xray:'))),
      );
    });
  }

  it('makes no metrics log groups and leaves cdk-nag with no finding', () => {
    assert.ok(
      !resourcesOf(untraced, compute).some(
        ([id, r]) => r.Type === 'AWS::Logs::LogGroup' && id.includes('CollectorMetricLogs'),
      ),
    );
    const findings = untraced.stacks.flatMap((s) =>
      s.messages.filter((m) => FINDING_LEVELS.has(m.level)).map((m) => `${s.stackName} ${m.id}`),
    );
    assert.deepEqual(findings, []);
  });
});
