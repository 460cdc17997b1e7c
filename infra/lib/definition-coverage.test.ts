/**
 * Every number of seeds 000/001 that the definition holds, found in the synthesised templates.
 * The expectations are read from `dwp`, never re-typed: change the definition and these follow;
 * break the CDK app's reading of it and they fail.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import {
  ENV,
  dataStoreEnvName,
  deploymentOf,
  discoveryNameOf,
  scalingOf,
  serviceNamed,
  serviceUrlEnvName,
} from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { POSTGRES_SECRET_FIELDS, storesOf } from './compute/service-bindings.ts';
import { POSTGRES_TLS_ENV, RDS_CA_CONTAINER } from './compute/postgres-tls.ts';
import { BACKLOG_STEPS } from './compute/queue-depth-scaling.ts';
import { COGNITO_SIGN_IN_SCOPE } from './identity/citizen-user-pool.ts';
import { GROUP_ENV } from './identity/self-sign-up-group.ts';
import { taskMultiplier, taskRangeOf } from './compute/task-counts.ts';
import { throttleOf } from './api/external-api.ts';
import { MANAGED_RULE_GROUPS } from './edge/web-firewall.ts';
import { pascal, physicalName } from './naming.ts';
import { stackName, synthesised, TEST_REGION } from './testing/synthesised.ts';

const synth = synthesised();
type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function resourcesOf(stack: string, type: string, logicalIdPrefix = ''): Array<[string, Record<string, unknown>]> {
  const all = synth.template(stack).toJSON().Resources as Resources;
  return Object.entries(all)
    .filter(([id, r]) => r.Type === type && id.startsWith(logicalIdPrefix))
    .map(([id, r]) => [id, r.Properties ?? {}]);
}
/** The app container (not the collector sidecar) of a service's task definition. */
function appContainer(stack: string, service: string): Record<string, unknown> {
  const task = only(stack, 'AWS::ECS::TaskDefinition', `${pascal(service)}Task`);
  return (task.ContainerDefinitions as Array<Record<string, unknown>>).find((c) => c.Name === service)!;
}
/** Listener rules whose forward action names the target group with this logical-id prefix (alone or weighted). */
function rulesForwardingTo(stack: string, targetGroupPrefix: string): Array<Record<string, unknown>> {
  const names = (arn: unknown) =>
    typeof arn === 'object' && JSON.stringify(arn).startsWith(`{"Ref":"${targetGroupPrefix}`);
  return resourcesOf(stack, 'AWS::ElasticLoadBalancingV2::ListenerRule')
    .map(([, r]) => r)
    .filter((r) =>
      (
        r.Actions as Array<{
          TargetGroupArn?: unknown;
          ForwardConfig?: { TargetGroups: Array<{ TargetGroupArn: unknown }> };
        }>
      ).some(
        (a) => names(a.TargetGroupArn) || (a.ForwardConfig?.TargetGroups ?? []).some((g) => names(g.TargetGroupArn)),
      ),
    );
}
function pathPatternsOf(rule: Record<string, unknown>): string[] {
  return (rule.Conditions as Array<{ Field: string; PathPatternConfig?: { Values: string[] } }>).flatMap((c) =>
    c.Field === 'path-pattern' ? (c.PathPatternConfig?.Values ?? []) : [],
  );
}
function only(stack: string, type: string, prefix: string): Record<string, unknown> {
  const found = resourcesOf(stack, type, prefix);
  assert.equal(found.length, 1, `expected one ${type} under ${prefix} in ${stack}, found ${found.length}`);
  return found[0]![1];
}

for (const environment of dwp.environments) {
  const compute = stackName(environment.name, 'Compute');
  const network = stackName(environment.name, 'Network');

  describe(`the ${environment.name} environment`, () => {
    it(`spans ${dwp.network.availabilityZones} zones of ${dwp.network.cidr} with ${environment.natGateways} NAT gateway(s)`, () => {
      const t = synth.template(network);
      t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: dwp.network.cidr });
      t.resourceCountIs('AWS::EC2::Subnet', dwp.network.availabilityZones * 3);
      t.resourceCountIs('AWS::EC2::NatGateway', environment.natGateways);
      t.resourceCountIs('AWS::EC2::FlowLog', 1);
      for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager']) {
        t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${TEST_REGION}.${service}`,
        });
      }
      t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      });
    });

    it('names each cluster after the definition, with Container Insights and both Fargate capacity providers', () => {
      const t = synth.template(compute);
      for (const c of dwp.clusters) {
        t.hasResourceProperties('AWS::ECS::Cluster', {
          ClusterName: physicalName(environment, c.name),
          ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
        });
      }
      t.resourceCountIs('AWS::ECS::ClusterCapacityProviderAssociations', dwp.clusters.length);
      t.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
        CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      });
      t.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: dwp.serviceDiscovery.namespace });
    });

    describe('each service', () => {
      for (const s of dwp.services) {
        const id = pascal(s.name);
        const range = taskRangeOf(dwp, s);
        it(`${s.name} runs ${s.cpu} CPU / ${s.memory} MiB on port ${s.port}, non-root and read-only, with the health check`, () => {
          const task = only(compute, 'AWS::ECS::TaskDefinition', `${id}Task`);
          assert.equal(task.Cpu, String(s.cpu));
          assert.equal(task.Memory, String(s.memory));
          const app = (task.ContainerDefinitions as Array<Record<string, unknown>>).find((c) => c.Name === s.name)!;
          // HTTP (AppProtocol), so Service Connect's proxies route by request.
          assert.deepEqual(app.PortMappings, [
            { AppProtocol: 'http', ContainerPort: s.port, Name: 'http', Protocol: 'tcp' },
          ]);
          assert.equal(app.ReadonlyRootFilesystem, true);
          assert.equal(app.User, '1000:1000');
          const hc = app.HealthCheck as Record<string, unknown>;
          assert.equal(hc.Interval, dwp.serviceDiscovery.healthCheck.intervalSeconds);
          assert.equal(hc.Retries, dwp.serviceDiscovery.healthCheck.failureThreshold);
          assert.match(String((hc.Command as string[]).at(-1)), new RegExp(dwp.serviceDiscovery.healthCheck.path));
          const env = Object.fromEntries(
            (app.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]),
          );
          assert.equal(env.PORT, String(s.port));
          assert.equal(env.DISCOVERY_MODE, 'dns');
          assert.equal(env.DISCOVERY_NAMESPACE, dwp.serviceDiscovery.namespace);
          assert.equal((app.LogConfiguration as Record<string, unknown>).LogDriver, 'awslogs');
          assert.ok(
            (task.ContainerDefinitions as Array<Record<string, unknown>>).some((c) => c.Name === 'aws-otel-collector'),
          );
        });

        it(`${s.name} starts ${range.min} tasks (${s.tasks.min} x ${taskMultiplier(dwp, s)}) and rolls back failed deployments`, () => {
          const svc = only(compute, 'AWS::ECS::Service', id);
          assert.equal(svc.ServiceName, s.name);
          assert.equal(svc.DesiredCount, range.min);
          assert.equal(svc.LaunchType, undefined);
          const deployment = svc.DeploymentConfiguration as Record<string, unknown>;
          const d = deploymentOf(dwp, s);
          if (d.strategy === 'rolling') {
            assert.equal(deployment.Strategy, undefined);
            assert.equal(deployment.MinimumHealthyPercent, d.minimumHealthyPercent);
            assert.equal(deployment.MaximumPercent, d.maximumPercent);
            assert.deepEqual(deployment.DeploymentCircuitBreaker, { Enable: true, Rollback: d.rollbackOnFailure });
          } else {
            assert.equal(deployment.Strategy, d.strategy.toUpperCase().replace('-', '_'));
            assert.equal(deployment.BakeTimeInMinutes, d.bakeMinutes);
            assert.deepEqual(deployment.DeploymentCircuitBreaker, { Enable: true, Rollback: true });
          }
          const network = (svc.NetworkConfiguration as { AwsvpcConfiguration: Record<string, unknown> })
            .AwsvpcConfiguration;
          assert.equal(network.AssignPublicIp, 'DISABLED');
        });

        it(`${s.name} is released as the definition says: traffic shifted to a checked new set, rolled back by its alarms`, () => {
          const svc = only(compute, 'AWS::ECS::Service', id);
          const deployment = svc.DeploymentConfiguration as Record<string, unknown>;
          const d = deploymentOf(dwp, s);
          const lbs = (svc.LoadBalancers ?? []) as Array<{ AdvancedConfiguration?: Record<string, unknown> }>;
          if (d.strategy === 'rolling') {
            // The worker behind no load balancer: replaced in place, nothing to shift or smoke-test.
            assert.equal(lbs.length, 0);
            assert.equal(deployment.LifecycleHooks, undefined);
            return;
          }
          assert.ok(
            lbs.length > 0 && lbs.every((lb) => lb.AdvancedConfiguration),
            'each target group has its alternate',
          );
          for (const lb of lbs) {
            const advanced = lb.AdvancedConfiguration!;
            assert.match(JSON.stringify(advanced.AlternateTargetGroupArn), /"Ref":"LoadBalancersGreen/);
            assert.match(JSON.stringify(advanced.RoleArn), /ReleaseRole/);
            assert.ok(advanced.ProductionListenerRule && advanced.TestListenerRule);
          }
          const alarms = deployment.Alarms as { AlarmNames: unknown[]; Enable: boolean; Rollback: boolean };
          assert.deepEqual([alarms.Enable, alarms.Rollback], [true, true]);
          const a = d.rollbackAlarms!;
          const success = only(compute, 'AWS::CloudWatch::Alarm', `${id}ReleaseAlarmsSuccessRate`);
          assert.deepEqual(
            [success.Threshold, success.EvaluationPeriods, success.DatapointsToAlarm, success.TreatMissingData],
            [a.successRatePercentBelow, a.datapoints, a.datapoints, 'notBreaching'],
          );
          assert.equal(success.ComparisonOperator, 'LessThanThreshold');
          const errors = only(compute, 'AWS::CloudWatch::Alarm', `${id}ReleaseAlarmsErrorRate`);
          assert.equal(errors.Threshold, a.errorRatePercentAbove);
          assert.equal(alarms.AlarmNames.length, 2);
          const periods = (success.Metrics as Array<{ MetricStat?: { Period: number } }>).flatMap((m) =>
            m.MetricStat ? [m.MetricStat.Period] : [],
          );
          assert.ok(periods.length > 0 && periods.every((p) => p === a.periodSeconds));
          const hooks = deployment.LifecycleHooks as Array<Record<string, unknown>>;
          assert.equal(hooks.length, 1);
          const hook = hooks[0]!;
          assert.match(JSON.stringify(hook.RoleArn), /"ReleaseRole/);
          assert.match(JSON.stringify(hook.HookTargetArn), new RegExp(`"${id}ReleaseSmokeTestFunction`));
          assert.deepEqual(hook.LifecycleStages, ['POST_TEST_TRAFFIC_SHIFT']);
          const fn = only(compute, 'AWS::Lambda::Function', `${id}ReleaseSmokeTestFunction`);
          const vars = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
          assert.match(JSON.stringify(vars.SMOKE_URL), new RegExp(`:9000${d.smokeTest!.path}"`));
          assert.equal(vars.SMOKE_TARGET, s.name);
          assert.equal(vars.SMOKE_EXPECT_STATUS, String(d.smokeTest!.expectStatus));
        });

        it(`${s.name} scales between ${range.min} and ${range.max} tasks by the definition's policies`, () => {
          const scaling = scalingOf(dwp, s)!;
          const target = only(compute, 'AWS::ApplicationAutoScaling::ScalableTarget', id);
          assert.equal(target.MinCapacity, range.min);
          assert.equal(target.MaxCapacity, range.max);
          const policies = resourcesOf(compute, 'AWS::ApplicationAutoScaling::ScalingPolicy', id).map(([, p]) => p);
          for (const tt of scaling.targetTracking) {
            const [metric, value] =
              tt.metric === 'cpu'
                ? ['ECSServiceAverageCPUUtilization', tt.targetPercent]
                : tt.metric === 'memory'
                  ? ['ECSServiceAverageMemoryUtilization', tt.targetPercent]
                  : ['ALBRequestCountPerTarget', tt.requestsPerMinute];
            // Request-count tracking needs an ALB target group: only services behind a load balancer have one.
            const hasTargetGroup = [
              ...dwp.loadBalancing.public.targets,
              ...(dwp.loadBalancing.internal?.targets ?? []),
            ].includes(s.name);
            if (metric === 'ALBRequestCountPerTarget' && !hasTargetGroup) continue;
            if (metric === 'ALBRequestCountPerTarget' && deploymentOf(dwp, s).strategy !== 'rolling') {
              // A release leaves traffic on either group: tracking reads the busier of both per target.
              const tracked = policies.find((p) => {
                const c = p.TargetTrackingScalingPolicyConfiguration as Record<string, unknown> | undefined;
                return c?.TargetValue === value && c.CustomizedMetricSpecification !== undefined;
              });
              assert.ok(tracked, `request-count target ${value}`);
              const spec = JSON.stringify(
                (tracked.TargetTrackingScalingPolicyConfiguration as Record<string, unknown>)
                  .CustomizedMetricSpecification,
              );
              assert.match(spec, /"Expression":"MAX\(\[FILL\(primary, 0\), FILL\(alternate, 0\)\]\)"/);
              assert.match(spec, new RegExp(`LoadBalancers${id}(Public|Internal).*LoadBalancersGreen${id}`));
              assert.doesNotMatch(spec, /"MetricName":"RequestCountPerTarget","Namespace"[^\]]*"Statistic"/);
              continue;
            }
            assert.ok(
              policies.some((p) => {
                const c = p.TargetTrackingScalingPolicyConfiguration as Record<string, unknown> | undefined;
                return (
                  c?.TargetValue === value &&
                  (c.PredefinedMetricSpecification as Record<string, unknown>).PredefinedMetricType === metric
                );
              }),
              `${metric} target ${value}`,
            );
          }
          const adjustments = policies.flatMap((p) =>
            (
              (
                p.StepScalingPolicyConfiguration as
                  { StepAdjustments?: Array<{ ScalingAdjustment: number }> } | undefined
              )?.StepAdjustments ?? []
            ).map((a) => a.ScalingAdjustment),
          );
          for (const step of scaling.steps) assert.ok(adjustments.includes(step.change), `step change ${step.change}`);
          const alarms = resourcesOf(compute, 'AWS::CloudWatch::Alarm', id).map(([, a]) => a.Threshold);
          const above = scaling.steps.flatMap((x) => (x.cpuAbovePercent !== undefined ? [x.cpuAbovePercent] : []));
          const below = scaling.steps.flatMap((x) => (x.cpuBelowPercent !== undefined ? [x.cpuBelowPercent] : []));
          if (above.length > 0)
            assert.ok(alarms.includes(Math.min(...above)), `step scale-out alarm at ${Math.min(...above)}`);
          if (below.length > 0)
            assert.ok(alarms.includes(Math.max(...below)), `step scale-in alarm at ${Math.max(...below)}`);
          const actions = (target.ScheduledActions ?? []) as Array<Record<string, unknown>>;
          assert.equal(actions.length, scaling.schedules.length);
          for (const sch of scaling.schedules) {
            assert.ok(
              actions.some(
                (a) =>
                  a.Schedule === sch.cron &&
                  a.Timezone === sch.timeZone &&
                  (a.ScalableTargetAction as Record<string, unknown>).MinCapacity ===
                    sch.minTasks * taskMultiplier(dwp, s) &&
                  (a.ScalableTargetAction as Record<string, unknown>).MaxCapacity ===
                    sch.maxTasks * taskMultiplier(dwp, s),
              ),
              `schedule ${sch.name}`,
            );
          }
        });

        if (s.discoverable) {
          it(`${s.name} is published on Service Connect as ${discoveryNameOf(dwp, s)}:${s.port}`, () => {
            const svc = only(compute, 'AWS::ECS::Service', pascal(s.name));
            const config = svc.ServiceConnectConfiguration as {
              Services: Array<{ DiscoveryName: string; ClientAliases: Array<{ DnsName: string; Port: number }> }>;
            };
            assert.deepEqual(
              config.Services.map((x) => [x.DiscoveryName, x.ClientAliases]),
              [[s.name, [{ DnsName: discoveryNameOf(dwp, s), Port: s.port }]]],
            );
          });
        }
      }
    });

    it('hands each service its stores and secrets through the runtime contract', () => {
      for (const s of dwp.services) {
        const task = only(compute, 'AWS::ECS::TaskDefinition', `${pascal(s.name)}Task`);
        const app = (task.ContainerDefinitions as Array<Record<string, unknown>>).find((c) => c.Name === s.name)!;
        const env = new Set((app.Environment as Array<{ Name: string }>).map((e) => e.Name));
        const secrets = new Set(((app.Secrets ?? []) as Array<{ Name: string }>).map((e) => e.Name));
        for (const store of storesOf(dwp, s)) {
          const variable = dataStoreEnvName(store);
          if (variable) assert.ok(env.has(variable), `${s.name} ${variable}`);
          if (store.kind === 'postgres')
            for (const v of Object.keys(POSTGRES_SECRET_FIELDS)) assert.ok(secrets.has(v), `${s.name} ${v}`);
          if (store.kind === 'cache') {
            assert.ok(secrets.has('REDIS_URL'), `${s.name} REDIS_URL`);
            // The cache is cluster-mode: the client must be told to speak the cluster protocol.
            const vars = app.Environment as Array<{ Name: string; Value: unknown }>;
            assert.equal(
              vars.find((e) => e.Name === 'REDIS_CLUSTER_MODE')?.Value,
              'true',
              `${s.name} REDIS_CLUSTER_MODE`,
            );
          }
        }
      }
    });

    it('lets every service out to HTTPS endpoints beyond the VPC (Cognito, the upstreams) through the NAT gateways', () => {
      for (const s of dwp.services) {
        const sg = only(compute, 'AWS::EC2::SecurityGroup', `${pascal(s.name)}SecurityGroup`);
        assert.deepEqual(
          sg.SecurityGroupEgress,
          [{ CidrIp: '0.0.0.0/0', Description: 'Allow all outbound traffic by default', IpProtocol: '-1' }],
          s.name,
        );
        const svc = only(compute, 'AWS::ECS::Service', pascal(s.name));
        const subnets = JSON.stringify(
          (svc.NetworkConfiguration as { AwsvpcConfiguration: { Subnets: unknown } }).AwsvpcConfiguration.Subnets,
        );
        assert.match(subnets, /applicationSubnet/, `${s.name} runs outside the application (NAT-routed) subnets`);
      }
      const routes = resourcesOf(network, 'AWS::EC2::Route', 'NetworkVpcapplicationSubnet').map(([, r]) => r);
      assert.equal(routes.length, dwp.network.availabilityZones);
      for (const r of routes) assert.equal(r.DestinationCidrBlock, '0.0.0.0/0');
      for (const r of routes)
        assert.ok(r.NatGatewayId, 'an application subnet routes to the internet other than through NAT');
    });

    it("gives each service its own signing key from Secrets Manager and every principal's public key", () => {
      for (const s of dwp.services) {
        const app = appContainer(compute, s.name);
        const signingKey = (app.Secrets as Array<{ Name: string; ValueFrom: unknown }>).find(
          (x) => x.Name === ENV.signingKey,
        );
        assert.ok(signingKey, `${s.name} has no ${ENV.signingKey}`);
        assert.match(
          JSON.stringify(signingKey.ValueFrom),
          new RegExp(`^\\{"Ref":"SigningKeys${pascal(s.name)}Secret[0-9A-F]{8}"\\}$`),
          s.name,
        );
        const trusted = JSON.stringify(
          (app.Environment as Array<{ Name: string; Value: unknown }>).find((e) => e.Name === ENV.trustedKeys)?.Value,
        );
        for (const principal of dwp.services) {
          assert.match(
            trusted,
            new RegExp(`"Fn::GetAtt":\\["SigningKeys${pascal(principal.name)}KeyPair[0-9A-F]{8}","PublicJwk"\\]`),
            `${s.name} does not trust ${principal.name}`,
          );
        }
        // The execution role reads its own private key and no other service's.
        const readable = JSON.stringify(
          resourcesOf(compute, 'AWS::IAM::Policy', `${pascal(s.name)}TaskExecutionRole`).map(
            ([, p]) => p.PolicyDocument,
          ),
        );
        for (const other of dwp.services) {
          const reads = new RegExp(`"Ref":"SigningKeys${pascal(other.name)}Secret`).test(readable);
          assert.equal(
            reads,
            other.name === s.name,
            `${s.name}'s execution role ${reads ? 'reads' : 'cannot read'} ${other.name}'s signing key`,
          );
        }
      }
    });

    it("routes the primary gateway's base path on the internal ALB without it, points callers of the gateway there, and callers of a service at its Service Connect name", () => {
      const gw = dwp.gateways.primary!;
      for (const name of dwp.loadBalancing.internal!.targets) {
        const s = serviceNamed(dwp, name);
        const paths = s.routes.map((r) => `${gw.basePath}${r}`);
        const rules = rulesForwardingTo(compute, `LoadBalancers${pascal(name, 'internal')}`).filter((rule) =>
          paths.every((p) => pathPatternsOf(rule).includes(p)),
        );
        assert.equal(rules.length, 1, `one rule routes ${paths.join(', ')} to ${name}`);
        assert.deepEqual(rules[0]!.Transforms, [
          { Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: `^${gw.basePath}/(.*)$`, Replace: '/$1' }] } },
        ]);
      }
      for (const s of dwp.services) {
        const env = Object.fromEntries(
          (appContainer(compute, s.name).Environment as Array<{ Name: string; Value: unknown }>).map((e) => [
            e.Name,
            JSON.stringify(e.Value),
          ]),
        );
        const port = synth.built.environments.get(environment.name)!.compute.loadBalancers.internalPort!;
        assert.match(
          env[serviceUrlEnvName(gw.name)] ?? '',
          new RegExp(
            `^\\{"Fn::Join":\\["",\\["http://",\\{"Fn::GetAtt":\\["LoadBalancersApiLink[0-9A-F]{8}","DNSName"\\]\\},":${port}"\\]\\]\\}$`,
          ),
          s.name,
        );
        assert.equal(
          env[ENV.publicBaseUrl],
          JSON.stringify({ Ref: 'PublicBaseUrl' }),
          `${s.name} ${ENV.publicBaseUrl}`,
        );
        // Every callee, released by shifting traffic or not, is reached over Service Connect: ECS
        // shifts the proxies' traffic as it shifts the load balancers'.
        for (const callee of s.calls) {
          const c = serviceNamed(dwp, callee);
          assert.equal(
            env[serviceUrlEnvName(callee)],
            JSON.stringify(`http://${discoveryNameOf(dwp, c)}:${c.port}`),
            `${s.name} -> ${callee}`,
          );
        }
      }
      synth.template(compute).templateMatches({
        Parameters: {
          PublicBaseUrl: Match.objectLike({ Type: 'String', AllowedPattern: Match.stringLikeRegexp('^\\^https://') }),
        },
      });
    });

    it('fetches the RDS CA bundle before a database service starts, and makes it verify the server', () => {
      for (const s of dwp.services) {
        const task = only(compute, 'AWS::ECS::TaskDefinition', `${pascal(s.name)}Task`);
        const containers = task.ContainerDefinitions as Array<Record<string, unknown>>;
        const app = containers.find((c) => c.Name === s.name)!;
        const init = containers.find((c) => c.Name === RDS_CA_CONTAINER);
        const usesPostgres = storesOf(dwp, s).some((store) => store.kind === 'postgres');
        assert.equal(
          init !== undefined,
          usesPostgres,
          `${s.name} ${usesPostgres ? 'lacks' : 'should not have'} the RDS CA init container`,
        );
        if (!init) continue;
        assert.deepEqual(init.Image, app.Image, `${s.name}'s init container should reuse the app image`);
        assert.equal(init.Essential, false);
        assert.equal(init.ReadonlyRootFilesystem, true);
        assert.deepEqual(app.DependsOn, [{ Condition: 'SUCCESS', ContainerName: RDS_CA_CONTAINER }]);
        const env = Object.fromEntries(
          (app.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]),
        );
        for (const [k, v] of Object.entries(POSTGRES_TLS_ENV)) assert.equal(env[k], v, `${s.name} ${k}`);
      }
    });

    it('routes each internal-ALB target by its path with the seed health check', () => {
      const t = synth.template(compute);
      const internal = dwp.loadBalancing.internal!;
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Name: physicalName(environment, internal.name),
        Scheme: 'internal',
      });
      for (const l of internal.listeners)
        t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: l.port, Protocol: l.protocol });
      for (const name of internal.targets) {
        const s = serviceNamed(dwp, name);
        assert.ok(
          rulesForwardingTo(compute, `LoadBalancers${pascal(name, 'internal')}`).some((rule) =>
            s.routes.every((r) => pathPatternsOf(rule).includes(r)),
          ),
          `a rule routes ${s.routes.join(', ')} to ${name}`,
        );
        const tg = only(
          compute,
          'AWS::ElasticLoadBalancingV2::TargetGroup',
          `LoadBalancers${pascal(name, 'internal')}`,
        );
        assert.equal(tg.Port, s.port);
        assert.equal(tg.HealthCheckPath, dwp.loadBalancing.healthCheck.path);
        assert.equal(tg.HealthCheckIntervalSeconds, dwp.loadBalancing.healthCheck.intervalSeconds);
        assert.equal(tg.HealthyThresholdCount, dwp.loadBalancing.healthCheck.healthyThreshold);
        assert.equal(tg.UnhealthyThresholdCount, dwp.loadBalancing.healthCheck.unhealthyThreshold);
      }
    });

    it('admits HTTPS on the public ALB from CloudFront only, looked up at deploy time, and leaves the redirect open', () => {
      const t = synth.template(compute);
      const pub = dwp.loadBalancing.public;
      t.hasResourceProperties('Custom::AWS', {
        Create: Match.stringLikeRegexp(
          'describeManagedPrefixLists.*com\\.amazonaws\\.global\\.cloudfront\\.origin-facing',
        ),
      });
      const groups = Object.entries(t.findResources('AWS::EC2::SecurityGroup')).filter(([, g]) => {
        const description = (g.Properties as { GroupDescription?: unknown }).GroupDescription;
        return typeof description === 'string' && description.startsWith(`${pub.name}:`);
      });
      assert.equal(groups.length, 1);
      const [groupId, group] = groups[0]!;
      // Rules written inline, and those CloudFormation needs as their own resources (a token source).
      const ingress = [
        ...((group.Properties as { SecurityGroupIngress?: Array<Record<string, unknown>> }).SecurityGroupIngress ?? []),
        ...Object.values(t.findResources('AWS::EC2::SecurityGroupIngress'))
          .map((r) => r.Properties as Record<string, unknown>)
          .filter((r) => JSON.stringify(r.GroupId) === JSON.stringify({ 'Fn::GetAtt': [groupId, 'GroupId'] })),
      ];
      for (const l of pub.listeners) {
        const rule = ingress.find((r) => r.FromPort === l.port)!;
        assert.ok(rule, `a rule for ${l.port}`);
        if (l.redirectToPort === undefined) {
          assert.equal(rule.CidrIp, undefined, `${l.port} is not open to an address range`);
          assert.match(JSON.stringify(rule.SourcePrefixListId), /CloudFrontOrigins.*PrefixLists\.0\.PrefixListId/);
        } else {
          assert.equal(rule.CidrIp, '0.0.0.0/0', `${l.port} only redirects`);
        }
      }
    });

    it('serves the web tier on the public ALB over HTTPS with the given certificate and redirects HTTP', () => {
      const t = synth.template(compute);
      const pub = dwp.loadBalancing.public;
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Name: physicalName(environment, pub.name),
        Scheme: pub.scheme,
      });
      for (const l of pub.listeners) {
        if (l.redirectToPort !== undefined) {
          t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
            Port: l.port,
            DefaultActions: [
              {
                Type: 'redirect',
                RedirectConfig: Match.objectLike({ Port: String(l.redirectToPort), Protocol: 'HTTPS' }),
              },
            ],
          });
        } else {
          t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
            Port: l.port,
            Protocol: l.protocol,
            Certificates: [{ CertificateArn: { Ref: 'PublicCertificateArn' } }],
          });
        }
      }
      for (const name of pub.targets) {
        const tg = only(compute, 'AWS::ElasticLoadBalancingV2::TargetGroup', `LoadBalancers${pascal(name, 'public')}`);
        assert.equal(tg.Port, serviceNamed(dwp, name).port);
      }
    });

    it('builds dwp-internal-api with its routes, Cognito, throttling, cache and canary', () => {
      const gw = dwp.gateways.primary!;
      const t = synth.template(stackName(environment.name, 'Api'));
      t.hasResourceProperties('AWS::ApiGateway::RestApi', {
        Name: physicalName(environment, gw.name),
        EndpointConfiguration: { Types: [gw.type] },
      });
      t.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: gw.stage,
        TracingEnabled: true,
        CacheClusterEnabled: true,
        CanarySetting: Match.objectLike({ PercentTraffic: gw.canary!.percentTraffic }),
        MethodSettings: Match.arrayWith([
          Match.objectLike({
            ThrottlingRateLimit: gw.throttling.rateLimit,
            ThrottlingBurstLimit: gw.throttling.burstLimit,
            CacheTtlInSeconds: gw.caching.ttlSeconds,
            CachingEnabled: true,
            CacheDataEncrypted: true,
          }),
        ]),
      });
      for (const r of gw.routes) {
        t.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: r.path.split('/').at(-1) });
        t.hasResourceProperties('AWS::ApiGateway::Method', {
          HttpMethod: r.method,
          AuthorizationType: r.auth === 'required' ? 'COGNITO_USER_POOLS' : 'NONE',
          Integration: Match.objectLike({
            ConnectionType: 'VPC_LINK',
            Type: 'HTTP_PROXY',
            // Authorization, and the query by its named parameters (seed 000: "keyed on Authorization + query").
            CacheKeyParameters: Match.arrayWith([
              ...gw.caching.keyHeaders.map((h) => `method.request.header.${h}`),
              ...gw.caching.keyQueryParameters.map((q) => `method.request.querystring.${q}`),
            ]),
            Uri: {
              'Fn::Join': [
                '',
                Match.arrayWith([
                  `:${synth.built.environments.get(environment.name)!.compute.loadBalancers.internalPort}${r.path.replace('+}', '}')}`,
                ]),
              ],
            },
          }),
        });
      }
      t.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
    });

    it('takes access tokens at the authorizer and passes the Authorization header on to the services', () => {
      const methods = resourcesOf(stackName(environment.name, 'Api'), 'AWS::ApiGateway::Method', 'Internal').map(
        ([, m]) => m,
      );
      const routes = dwp.gateways.primary!.routes;
      assert.equal(
        methods.filter((m) => m.AuthorizationType === 'COGNITO_USER_POOLS').length,
        routes.filter((r) => r.auth === 'required').length,
      );
      for (const m of methods) {
        if (m.AuthorizationType === 'COGNITO_USER_POOLS')
          assert.deepEqual(m.AuthorizationScopes, [COGNITO_SIGN_IN_SCOPE]);
        const integration = m.Integration as { Type: string; RequestParameters: Record<string, string> };
        if (integration.Type !== 'HTTP_PROXY') continue;
        assert.equal(
          integration.RequestParameters['integration.request.header.Authorization'],
          'method.request.header.Authorization',
        );
        assert.equal((m.RequestParameters as Record<string, boolean>)['method.request.header.Authorization'], false);
      }
    });

    it("builds the user pool from the definition's password policy, MFA mode, groups and self-sign-up group", () => {
      const settings = dwp.gateways.primary!.authentication.userPool;
      const t = synth.template(stackName(environment.name, 'Identity'));
      const p = settings.passwordPolicy;
      t.hasResourceProperties('AWS::Cognito::UserPool', {
        UserPoolName: physicalName(environment, `${dwp.name}-citizens`),
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: p.minLength,
            RequireLowercase: p.requireLowercase,
            RequireUppercase: p.requireUppercase,
            RequireNumbers: p.requireNumbers,
            RequireSymbols: p.requireSymbols,
          }),
        },
        MfaConfiguration: { off: 'OFF', optional: 'OPTIONAL', required: 'ON' }[settings.mfa],
        LambdaConfig: { PostConfirmation: Match.anyValue() },
      });
      t.resourceCountIs('AWS::Cognito::UserPoolGroup', settings.groups.length);
      for (const g of settings.groups) t.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: g });
      t.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { [GROUP_ENV]: settings.selfSignUpGroup } },
      });
      t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AccessTokenValidity: settings.tokenValidityMinutes,
        ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']),
      });
    });

    it("tells every service the user pool's issuer, app client and region", () => {
      for (const s of dwp.services) {
        const env = Object.fromEntries(
          (appContainer(compute, s.name).Environment as Array<{ Name: string; Value: unknown }>).map((e) => [
            e.Name,
            JSON.stringify(e.Value),
          ]),
        );
        assert.match(
          env[ENV.cognitoIssuer] ?? '',
          new RegExp(
            `^\\{"Fn::Join":\\["",\\["https://cognito-idp\\.${TEST_REGION}\\.",\\{"Ref":"AWS::URLSuffix"\\},"/",.*PublishOutputRefCitizensPool`,
          ),
          `${s.name} issuer`,
        );
        assert.match(env[ENV.cognitoClientId] ?? '', /PublishOutputRefCitizensPoolWeb/, `${s.name} client id`);
        assert.match(env[ENV.cognitoUserPoolId] ?? '', /PublishOutputRefCitizensPool[0-9A-F]{8}/, `${s.name} pool id`);
        assert.equal(env[ENV.cognitoRegion], JSON.stringify(TEST_REGION), `${s.name} region`);
      }
    });

    it('builds dwp-external-api with API keys and each route rate as a per-method throttle', () => {
      const gw = dwp.gateways.external!;
      const t = synth.template(stackName(environment.name, 'Api'));
      t.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: physicalName(environment, gw.name) });
      const plan = only(stackName(environment.name, 'Api'), 'AWS::ApiGateway::UsagePlan', 'ExternalApiUsagePlan');
      const throttles = (
        plan.ApiStages as Array<{ Throttle: Record<string, { RateLimit: number; BurstLimit: number }> }>
      )[0]!.Throttle;
      for (const r of gw.routes) {
        for (const m of r.methods) {
          assert.deepEqual(
            throttles[`${r.path}/${m}`],
            { RateLimit: throttleOf(r).rateLimit, BurstLimit: throttleOf(r).burstLimit },
            `${m} ${r.path}`,
          );
          assert.ok(
            Math.abs(throttles[`${r.path}/${m}`]!.RateLimit * r.rateLimit.perSeconds - r.rateLimit.requests) < 1e-9,
          );
          t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: m, ApiKeyRequired: true });
        }
      }
      t.resourceCountIs('AWS::ApiGateway::ApiKey', new Set(gw.routes.flatMap((r) => r.callers)).size);
    });

    it('puts every WAF rule of the definition on the CloudFront ACL', () => {
      const waf = dwp.edge!.waf;
      const t = synth.template(stackName(environment.name, 'EdgeFirewall'));
      t.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        Rules: Match.arrayWith([
          Match.objectLike({
            Statement: {
              NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: waf.geo!.allowCountries } } },
            },
          }),
          Match.objectLike({
            Statement: {
              RateBasedStatement: Match.objectLike({ Limit: waf.rateLimitPerIpPer5Min, AggregateKeyType: 'IP' }),
            },
          }),
          ...waf.managedRuleGroups.map((g) =>
            Match.objectLike({
              Statement: {
                ManagedRuleGroupStatement: Match.objectLike({ Name: MANAGED_RULE_GROUPS[g], VendorName: 'AWS' }),
              },
            }),
          ),
        ]),
      });
      synth.template(stackName(environment.name, 'Edge')).hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Restrictions: { GeoRestriction: { Locations: waf.geo!.allowCountries, RestrictionType: 'whitelist' } },
        }),
      });
    });

    it("raises the definition's alarms for each service", () => {
      const a = dwp.observability.alarms;
      const t = synth.template(stackName(environment.name, 'Observability'));
      for (const s of dwp.services) {
        const thresholds = resourcesOf(
          stackName(environment.name, 'Observability'),
          'AWS::CloudWatch::Alarm',
          pascal(s.name, 'alarms'),
        ).map(([, p]) => p.Threshold);
        for (const expected of [a.cpuAbovePercent, a.memoryAbovePercent, a.taskFailureRateAbovePercent, 1])
          assert.ok(thresholds.includes(expected), `${s.name} alarm at ${expected}`);
      }
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: a.http5xxRateAbovePercent,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      // A service released blue/green answers from either group: its 5xx rate is over both.
      const released = dwp.services.find(
        (s) => deploymentOf(dwp, s).strategy !== 'rolling' && dwp.loadBalancing.internal?.targets.includes(s.name),
      )!;
      const [, rate] = resourcesOf(
        stackName(environment.name, 'Observability'),
        'AWS::CloudWatch::Alarm',
        pascal(released.name, 'alarms', 'Http5xxRate'),
      )[0]!;
      const expression = JSON.stringify(rate.Metrics);
      assert.match(expression, /FILL\(errors0, 0\) \+ FILL\(errors1, 0\)/);
      assert.match(expression, new RegExp(`LoadBalancersGreen${pascal(released.name)}`));
      t.resourceCountIs('AWS::CloudWatch::Dashboard', 3);
    });

    it("scales each queue worker on the backlog of the queue it consumes, with the definition's cooldown", () => {
      const consumers = dwp.services.flatMap((s) =>
        (s.taskRole?.permissions ?? []).flatMap((p) => (p.kind === 'sqs-consume' ? [{ s, queue: p.queue }] : [])),
      );
      assert.ok(consumers.length > 0, 'the definition has no queue worker to check');
      for (const { s, queue } of consumers) {
        const prefix = `${pascal(s.name)}ServiceTaskCountTarget${pascal(queue, 'backlog')}`;
        const alarms = resourcesOf(compute, 'AWS::CloudWatch::Alarm', prefix).map(([, a]) => a);
        assert.equal(alarms.length, 2, `${s.name}: a scale-out and a scale-in alarm on ${queue}`);
        for (const a of alarms) {
          assert.equal(a.Namespace, 'AWS/SQS');
          assert.equal(a.MetricName, 'ApproximateNumberOfMessagesVisible');
          assert.match(
            JSON.stringify(a.Dimensions),
            new RegExp(`"QueueName".*PublishOutputFnGetAtt${pascal(queue)}Queue[0-9A-F]{8}QueueName`),
            `${s.name} watches another queue`,
          );
        }
        assert.deepEqual(
          alarms.map((a) => a.Threshold).sort((x, y) => Number(x) - Number(y)),
          [BACKLOG_STEPS.scaleInAtOrBelow, BACKLOG_STEPS.scaleOutAt],
        );
        const policies = resourcesOf(compute, 'AWS::ApplicationAutoScaling::ScalingPolicy', prefix).map(
          ([, p]) =>
            p.StepScalingPolicyConfiguration as {
              Cooldown: number;
              StepAdjustments: Array<{ ScalingAdjustment: number }>;
            },
        );
        assert.deepEqual(
          policies.flatMap((p) => p.StepAdjustments.map((a) => a.ScalingAdjustment)).sort(),
          [BACKLOG_STEPS.scaleIn, BACKLOG_STEPS.scaleOut, BACKLOG_STEPS.scaleOutFast].sort(),
        );
        for (const p of policies) assert.equal(p.Cooldown, scalingOf(dwp, s)!.scaleOutCooldownSeconds);
      }
    });

    it('alarms to the alarm topic on any message in a dead-letter queue', () => {
      const observability = stackName(environment.name, 'Observability');
      for (const store of dwp.dataStores.filter((d) => d.kind === 'queue')) {
        const alarm = only(observability, 'AWS::CloudWatch::Alarm', `DeadLetters${pascal(store.name)}`);
        assert.equal(alarm.Namespace, 'AWS/SQS');
        assert.equal(alarm.MetricName, 'ApproximateNumberOfMessagesVisible');
        assert.equal(alarm.Threshold, 0);
        assert.equal(alarm.ComparisonOperator, 'GreaterThanThreshold');
        assert.match(
          JSON.stringify(alarm.Dimensions),
          new RegExp(`PublishOutputFnGetAtt${pascal(store.name)}QueueDeadLetters[0-9A-F]{8}QueueName`),
        );
        assert.deepEqual(alarm.AlarmActions, [
          { Ref: Object.keys(synth.template(observability).findResources('AWS::SNS::Topic'))[0] },
        ]);
      }
    });

    it(`keeps every log group for ${dwp.observability.logRetentionDays} days`, () => {
      for (const part of ['Network', 'Data', 'Identity', 'Compute', 'Api']) {
        const groups = resourcesOf(stackName(environment.name, part), 'AWS::Logs::LogGroup');
        assert.ok(groups.length > 0, part);
        for (const [id, g] of groups)
          assert.equal(g.RetentionInDays, dwp.observability.logRetentionDays, `${part}/${id}`);
      }
    });

    it('makes each data store with its keys, recovery and dead-letter settings', () => {
      const data = stackName(environment.name, 'Data');
      const t = synth.template(data);
      for (const store of dwp.dataStores) {
        switch (store.kind) {
          case 'dynamodb':
            t.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
              TableName: physicalName(environment, `${dwp.name}-${store.name}`),
              KeySchema: [{ AttributeName: store.partitionKey, KeyType: 'HASH' }],
              ...(store.ttlAttribute
                ? { TimeToLiveSpecification: { AttributeName: store.ttlAttribute, Enabled: true } }
                : {}),
              Replicas: Match.arrayWith([
                Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
              ]),
            });
            break;
          case 'postgres':
            t.hasResourceProperties('AWS::RDS::DBInstance', {
              DBName: store.name,
              MultiAZ: environment.multiAz,
              StorageEncrypted: true,
              EnableIAMDatabaseAuthentication: true,
            });
            break;
          case 'queue':
            t.hasResourceProperties('AWS::SQS::Queue', {
              RedrivePolicy: Match.objectLike({ maxReceiveCount: store.deadLetterAfterReceives }),
            });
            break;
          case 's3':
            t.hasResourceProperties('AWS::S3::Bucket', {
              VersioningConfiguration: { Status: 'Enabled' },
              BucketEncryption: {
                ServerSideEncryptionConfiguration: [
                  Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
                ],
              },
            });
            break;
          case 'cache':
            t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
              TransitEncryptionEnabled: true,
              AtRestEncryptionEnabled: true,
              AutomaticFailoverEnabled: true,
            });
            break;
          default: {
            const never: never = store;
            assert.fail(`unexpected store ${JSON.stringify(never)}`);
          }
        }
      }
    });
  });
}
