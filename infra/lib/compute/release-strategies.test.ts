/**
 * Every release strategy and both controllers in one synth: the DWP definition in its test
 * environment with each service given a different release (the table below), so one template
 * shows ECS's blue/green, canary and linear on an ALB and on the VPC-link NLB, CodeDeploy on the
 * public ALB, and rolling with and without rollback alarms.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { definePlatform, type PlatformInput } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { buildApp } from '../build-app.ts';
import { pascal } from '../naming.ts';
import { TEST_ACCOUNT, TEST_IMAGE_TAG, TEST_REGION } from '../testing/synthesised.ts';
import { RELEASE_TARGET_HEADER, TEST_LISTENER_PORT } from './load-balancers.ts';

/** The levels of a synthesis message that are findings (cdk-nag reports errors and warnings). */
const FINDING_LEVELS: ReadonlySet<string> = new Set(['error', 'warning']);
type DeploymentInput = NonNullable<PlatformInput['deployment']>;
const ALARMS = { successRatePercentBelow: 99.5, errorRatePercentAbove: 5, periodSeconds: 60, datapoints: 2 };
const SMOKE = { path: '/health' };

/** Each service's release in the test platform. */
const RELEASES: Readonly<Record<string, DeploymentInput>> = {
  'frontend-service': {
    strategy: 'canary',
    controller: 'codedeploy',
    percent: 10,
    stepBakeMinutes: 5,
    bakeMinutes: 15,
    rollbackAlarms: { ...ALARMS, latencyP99MsAbove: 800 },
    smokeTest: SMOKE,
  },
  'citizen-api': {
    strategy: 'canary',
    percent: 10,
    stepBakeMinutes: 3,
    rollbackAlarms: { latencyP99MsAbove: 500, periodSeconds: 30, datapoints: 3 },
    smokeTest: SMOKE,
  },
  'benefits-api': { strategy: 'linear', stepPercent: 20, stepBakeMinutes: 2, rollbackAlarms: ALARMS, smokeTest: SMOKE },
  'claims-api': { strategy: 'blue-green', bakeMinutes: 7, rollbackAlarms: ALARMS, smokeTest: SMOKE },
  'address-api': { strategy: 'rolling', rollbackAlarms: { errorRatePercentAbove: 2 } },
  'identity-api': { strategy: 'blue-green' },
  'external-gateway': {
    strategy: 'linear',
    stepPercent: 25,
    stepBakeMinutes: 1,
    rollbackAlarms: ALARMS,
    smokeTest: SMOKE,
  },
  notifier: { strategy: 'rolling' },
};

const platform = definePlatform({
  ...dwp,
  services: dwp.services.map((s) => ({
    ...s,
    deployment: RELEASES[s.name] ?? assert.fail(`no release for ${s.name}`),
  })),
});

const outdir = mkdtempSync(join(tmpdir(), 'release-strategies-'));
process.once('exit', () => {
  rmSync(outdir, { recursive: true, force: true });
});
const built = buildApp(platform, {
  outdir,
  // One environment keeps the synth small.
  context: { account: TEST_ACCOUNT, region: TEST_REGION, imageTag: TEST_IMAGE_TAG, environments: 'test' },
});
const assembly = built.app.synth();
const computeArtifact = assembly.getStackByName('DwpTestCompute');
const template = Template.fromJSON(computeArtifact.template as Record<string, unknown>);
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;

function only(type: string, prefix: string): Record<string, unknown> {
  const found = Object.entries(resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
  assert.equal(found.length, 1, `one ${type} under ${prefix}, found ${found.length}`);
  return found[0]![1].Properties;
}
/** The ECS service of a definition service, by its name. */
function ecsService(service: string): Record<string, unknown> {
  const found = Object.values(resources).filter(
    (r) => r.Type === 'AWS::ECS::Service' && r.Properties.ServiceName === service,
  );
  assert.equal(found.length, 1, `one ECS service named ${service}`);
  return found[0]!.Properties;
}
function deploymentConfigurationOf(service: string): Record<string, unknown> {
  return ecsService(service).DeploymentConfiguration as Record<string, unknown>;
}
function advancedOf(service: string): Array<Record<string, unknown>> {
  const lbs = ecsService(service).LoadBalancers as Array<{
    AdvancedConfiguration?: Record<string, unknown>;
  }>;
  return lbs.map((lb) => lb.AdvancedConfiguration ?? {});
}
const ref = (value: unknown) => JSON.stringify(value);

describe('release strategies in the compute template', () => {
  it('synthesises every strategy and both controllers with no cdk-nag finding', () => {
    const findings = computeArtifact.messages.filter((m) => FINDING_LEVELS.has(m.level));
    assert.deepEqual(
      findings.map((m) => `${m.id}: ${inspect(m.entry.data).slice(0, 160)}`),
      [],
    );
  });

  it('runs ECS canary and linear with their step, step bake and final bake', () => {
    const canary = deploymentConfigurationOf('citizen-api');
    assert.equal(canary.Strategy, 'CANARY');
    assert.deepEqual(canary.CanaryConfiguration, { CanaryPercent: 10, CanaryBakeTimeInMinutes: 3 });
    assert.equal(canary.BakeTimeInMinutes, 5, "the schema's default final bake");
    const linear = deploymentConfigurationOf('benefits-api');
    assert.equal(linear.Strategy, 'LINEAR');
    assert.deepEqual(linear.LinearConfiguration, { StepPercent: 20, StepBakeTimeInMinutes: 2 });
    const blueGreen = deploymentConfigurationOf('claims-api');
    assert.equal(blueGreen.Strategy, 'BLUE_GREEN');
    assert.equal(blueGreen.BakeTimeInMinutes, 7);
  });

  it('gives an ECS-released ALB service a weighted production rule and a header-routed test rule over its two groups', () => {
    const id = pascal('benefits-api');
    const [advanced] = advancedOf('benefits-api');
    assert.match(ref(advanced!.AlternateTargetGroupArn), new RegExp(`"LoadBalancersGreen${id}Internal`));
    const production = only('AWS::ElasticLoadBalancingV2::ListenerRule', `LoadBalancers${id}InternalProduction`);
    assert.match(ref(advanced!.ProductionListenerRule), new RegExp(`"LoadBalancers${id}InternalProduction`));
    assert.deepEqual(
      (
        production.Actions as Array<{ ForwardConfig: { TargetGroups: Array<{ Weight: number }> } }>
      )[0]!.ForwardConfig.TargetGroups.map((g) => g.Weight),
      [100, 0],
    );
    const test = only('AWS::ElasticLoadBalancingV2::ListenerRule', `LoadBalancers${id}InternalTest`);
    assert.deepEqual(test.Conditions, [
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: RELEASE_TARGET_HEADER, Values: ['benefits-api'] } },
    ]);
    assert.match(ref(advanced!.TestListenerRule), new RegExp(`"LoadBalancers${id}InternalTest`));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: TEST_LISTENER_PORT,
      LoadBalancerArn: { Ref: 'LoadBalancersInternal7CE2648B' },
    });
  });

  it('shifts the VPC-link NLB with ECS by weighting its listener, and tests on a listener of its own', () => {
    const [advanced] = advancedOf('external-gateway');
    assert.match(ref(advanced!.ProductionListenerRule), /"LoadBalancersApiLinkPort8080/);
    assert.match(ref(advanced!.TestListenerRule), /"LoadBalancersApiLinkTest/);
    const listener = only('AWS::ElasticLoadBalancingV2::Listener', 'LoadBalancersApiLinkPort8080');
    assert.deepEqual(
      (
        listener.DefaultActions as Array<{ ForwardConfig: { TargetGroups: Array<{ Weight: number }> } }>
      )[0]!.ForwardConfig.TargetGroups.map((g) => g.Weight),
      [100, 0],
    );
    assert.equal(deploymentConfigurationOf('external-gateway').Strategy, 'LINEAR');
  });

  it("lets the release role move only the service's own groups, rules and listeners", () => {
    const statements = Object.entries(resources)
      .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('ReleaseRole'))
      .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement);
    const byAction = (action: string) => statements.filter((s) => ref(s.Action).includes(action));
    assert.ok(byAction('elasticloadbalancing:ModifyRule').every((s) => !ref(s.Resource).includes('"*"')));
    assert.ok(byAction('elasticloadbalancing:RegisterTargets').every((s) => !ref(s.Resource).includes('"*"')));
    assert.equal(byAction('elasticloadbalancing:ModifyListener').length, 1, 'the NLB service only');
    const invoked = byAction('lambda:InvokeFunction').flatMap((s): unknown[] => {
      const resource: unknown = s.Resource;
      return Array.isArray(resource) ? (resource as unknown[]) : [resource];
    });
    assert.deepEqual(
      invoked.map((r) => ref(r).match(/"([A-Za-z]+)ReleaseSmokeTestFunction[0-9A-F]{8}","Arn"/)?.[1]).sort(),
      ['BenefitsApi', 'CitizenApi', 'ClaimsApi', 'ExternalGateway'],
      'the smoke test of each ECS-released service that has one, by its ARN alone',
    );
  });

  it('releases a CodeDeploy service through a deployment group with its strategy, bake, alarms and rollback', () => {
    const service = ecsService('frontend-service');
    assert.deepEqual(service.DeploymentController, { Type: 'CODE_DEPLOY' });
    assert.equal((service.DeploymentConfiguration as Record<string, unknown>).DeploymentCircuitBreaker, undefined);
    const id = pascal('frontend-service');
    const group = only('AWS::CodeDeploy::DeploymentGroup', `${id}ReleaseCodeDeploy`);
    assert.equal(group.DeploymentGroupName, 'frontend-service-test');
    const blueGreen = group.BlueGreenDeploymentConfiguration as Record<string, Record<string, unknown>>;
    assert.equal(blueGreen.TerminateBlueInstancesOnDeploymentSuccess!.TerminationWaitTimeInMinutes, 15);
    const pair = (group.LoadBalancerInfo as { TargetGroupPairInfoList: Array<Record<string, unknown>> })
      .TargetGroupPairInfoList[0]!;
    assert.match(ref(pair.ProdTrafficRoute), /"LoadBalancersPublicPort443/);
    assert.match(ref(pair.TestTrafficRoute), /"LoadBalancersPublicTest/);
    assert.match(ref(pair.TargetGroups), new RegExp(`LoadBalancers${id}Public.*LoadBalancersGreen${id}Public`));
    const alarms = group.AlarmConfiguration as { Alarms: unknown[]; Enabled: boolean };
    assert.equal(alarms.Enabled, true);
    assert.equal(alarms.Alarms.length, 3, 'success rate, 5xx rate and p99 latency');
    assert.deepEqual((group.AutoRollbackConfiguration as { Events: string[] }).Events.sort(), [
      'DEPLOYMENT_FAILURE',
      'DEPLOYMENT_STOP_ON_ALARM',
      'DEPLOYMENT_STOP_ON_REQUEST',
    ]);
    const config = only('AWS::CodeDeploy::DeploymentConfig', `${id}ReleaseCodeDeployConfig`);
    assert.deepEqual(config.TrafficRoutingConfig, {
      Type: 'TimeBasedCanary',
      TimeBasedCanary: { CanaryPercentage: 10, CanaryInterval: 5 },
    });
    // Named like its group: the pipeline's CodeDeploy action names the config it may use.
    assert.equal(config.DeploymentConfigName, group.DeploymentGroupName);
    // The public listener keeps the service as its default action: that is what CodeDeploy moves.
    const listener = only('AWS::ElasticLoadBalancingV2::Listener', 'LoadBalancersPublicPort443');
    assert.match(ref(listener.DefaultActions), new RegExp(`"LoadBalancers${id}Public`));
    assert.ok(built.environments.get('test')!.compute.deploymentGroups.has('frontend-service'));
  });

  it('lets the CodeDeploy smoke test report on its own deployment group only, and CodeDeploy invoke it', () => {
    const id = pascal('frontend-service');
    const policies = Object.entries(resources).filter(
      ([rid, r]) => r.Type === 'AWS::IAM::Policy' && rid.startsWith(id),
    );
    const statements = policies.flatMap(
      ([, r]) => (r.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
    );
    const report = statements.find((s) => s.Action === 'codedeploy:PutLifecycleEventHookExecutionStatus');
    assert.ok(report, 'the hook may report');
    assert.match(
      ref(report.Resource),
      /deploymentgroup:.*ReleaseCodeDeployApplication.*ReleaseCodeDeployDeploymentGroup/,
    );
    const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction');
    assert.match(ref(invoke?.Resource), new RegExp(`"${id}ReleaseSmokeTestFunction`));
    assert.ok(built.environments.get('test')!.compute.smokeTests.has('frontend-service'));
  });

  it('builds each alarm from rollbackAlarms over both target groups, its period and datapoints honoured', () => {
    const id = pascal('citizen-api');
    const latency = only('AWS::CloudWatch::Alarm', `${id}ReleaseAlarmsLatencyP99`);
    assert.equal(latency.Threshold, 0.5);
    assert.deepEqual([latency.EvaluationPeriods, latency.DatapointsToAlarm], [3, 3]);
    const metrics = latency.Metrics as Array<{ Expression?: string; MetricStat?: { Period: number; Stat: string } }>;
    assert.equal(metrics.find((m) => m.Expression)!.Expression, 'MAX([p0, p1])');
    assert.deepEqual(
      metrics.flatMap((m) => (m.MetricStat ? [[m.MetricStat.Period, m.MetricStat.Stat]] : [])),
      [
        [30, 'p99'],
        [30, 'p99'],
      ],
    );
    assert.equal(
      Object.keys(resources).filter(
        (rid) => rid.startsWith(`${id}ReleaseAlarms`) && resources[rid]!.Type === 'AWS::CloudWatch::Alarm',
      ).length,
      1,
      'only the alarm the definition names',
    );
    const [advanced] = advancedOf('citizen-api');
    assert.ok(advanced);
    const alarmId = Object.keys(resources).find((rid) => rid.startsWith(`${id}ReleaseAlarmsLatencyP99`))!;
    // Named as a string, not a Ref, with the service depending on the alarm (aws-ecs "Deployment alarms").
    assert.deepEqual(deploymentConfigurationOf('citizen-api').Alarms, {
      AlarmNames: [(resources[alarmId]!.Properties as { AlarmName: string }).AlarmName],
      Enable: true,
      Rollback: true,
    });
    const service = Object.entries(resources).find(
      ([rid, r]) => r.Type === 'AWS::ECS::Service' && rid.startsWith(`${id}Service`),
    )![1] as { DependsOn?: string[] };
    assert.ok(service.DependsOn?.includes(alarmId), 'the service is created after its alarm');
  });

  it('watches an NLB-only service through its own RED metrics, there being no HTTP metric on the NLB', () => {
    const success = only('AWS::CloudWatch::Alarm', `${pascal('external-gateway')}ReleaseAlarmsSuccessRate`);
    const stats = (
      success.Metrics as Array<{ MetricStat?: { Metric: { Namespace: string; MetricName: string } } }>
    ).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    assert.ok(
      stats.length === 2 &&
        stats.every((m) => m.Namespace === 'dwp-test/Services' && m.MetricName === 'http_requests_total'),
    );
  });

  it('keeps a rolling release in place with the circuit breaker, and gives it its alarms as ECS deployment alarms', () => {
    const address = deploymentConfigurationOf('address-api');
    assert.equal(address.Strategy, undefined);
    assert.deepEqual(address.DeploymentCircuitBreaker, { Enable: true, Rollback: true });
    assert.deepEqual((address.Alarms as { Rollback: boolean }).Rollback, true);
    assert.equal(advancedOf('address-api')[0]!.AlternateTargetGroupArn, undefined);
    const errors = only('AWS::CloudWatch::Alarm', `${pascal('address-api')}ReleaseAlarmsErrorRate`);
    assert.equal((errors.Metrics as Array<{ Expression?: string }>)[0]!.Expression, 'MAX([errors0])');
    const notifier = deploymentConfigurationOf('notifier');
    assert.equal(notifier.Alarms, undefined);
    assert.equal(notifier.LifecycleHooks, undefined);
  });

  it('runs no smoke test where the definition names none', () => {
    assert.equal(deploymentConfigurationOf('identity-api').LifecycleHooks, undefined);
    assert.equal(
      Object.keys(resources).some((rid) => rid.startsWith(`${pascal('identity-api')}ReleaseSmokeTest`)),
      false,
    );
  });
});
