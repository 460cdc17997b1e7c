import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deploymentOf,
  discoveryNameOf,
  loadBalancerTargetsOf,
  pathPrefixOf,
  scalingOf,
  serviceNamed,
} from '@dwp/platform';
import { dwp } from './dwp.ts';

describe('the DWP platform definition carries every number of seeds 000 and 001', () => {
  const table = [
    // name,              cpu, memory, port, min, max, per,       route
    ['frontend-service', 512, 1024, 80, 2, 10, 'service', undefined],
    ['citizen-api', 256, 512, 8080, 2, 6, 'az', 'citizen'],
    ['benefits-api', 512, 1024, 8080, 3, 9, 'az', 'benefits'],
    ['claims-api', 512, 1024, 8080, 2, 8, 'az', 'claims'],
    ['address-api', 256, 512, 8080, 1, 4, 'az', 'address'],
    ['identity-api', 256, 512, 8080, 2, 6, 'az', 'identity'],
  ] as const;
  for (const [name, cpu, memory, port, min, max, per, prefix] of table) {
    it(`${name} runs with cpu ${cpu}, memory ${memory}, port ${port} and ${min}-${max} tasks per ${per}`, () => {
      const s = serviceNamed(dwp, name);
      assert.deepEqual(
        [s.cpu, s.memory, s.port, s.tasks.min, s.tasks.max, s.tasks.per],
        [cpu, memory, port, min, max, per],
      );
      assert.equal(s.healthCheck.path, '/health');
      assert.equal(pathPrefixOf(s), prefix);
    });
  }

  it('routes five greedy ANY resources through the primary gateway with auth required', () => {
    const gw = dwp.gateways.primary!;
    const greedy = gw.routes.filter((r) => r.path.endsWith('{proxy+}'));
    assert.deepEqual(
      greedy.map((r) => r.path),
      ['/citizen/{proxy+}', '/benefits/{proxy+}', '/claims/{proxy+}', '/address/{proxy+}', '/identity/{proxy+}'],
    );
    assert.ok(greedy.every((r) => r.method === 'ANY' && r.auth === 'required'));
    // Every public resource, listed: a new one must be added here on purpose.
    const open = gw.routes
      .filter((r) => r.auth === 'none')
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    assert.deepEqual(
      open,
      [
        ...['address', 'benefits', 'citizen', 'claims', 'identity'].map((p) => `GET /${p}/health`),
        ...[
          'confirm',
          'refresh',
          'sign-in',
          'sign-in/mfa',
          'sign-in/mfa-setup',
          'sign-in/mfa-setup/verify',
          'sign-up',
        ].map((p) => `POST /identity/${p}`),
        'GET /identity/verify/callback',
        'POST /identity/saml/acs',
      ].sort(),
    );
  });

  it('signs people in through a Cognito user pool with its default password policy and a required authenticator app', () => {
    const pool = dwp.gateways.primary!.authentication.userPool;
    assert.deepEqual(
      [pool.name, pool.groups, pool.selfSignUpGroup, pool.mfa],
      ['dwp-citizens', ['citizen', 'caseworker', 'admin'], 'citizen', 'required'],
    );
    assert.deepEqual(pool.passwordPolicy, {
      minLength: 8,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: true,
    });
  });

  it('throttles at 10000 rps with a burst of 5000 and caches for 300 s on Authorization and the query', () => {
    const gw = dwp.gateways.primary!;
    assert.deepEqual(gw.throttling, { rateLimit: 10000, burstLimit: 5000 });
    assert.equal(gw.caching.ttlSeconds, 300);
    assert.deepEqual(gw.caching.keyHeaders, ['Authorization']);
    assert.equal(gw.caching.keyQueryString, true);
    assert.deepEqual(gw.caching.keyQueryParameters, ['cursor', 'limit', 'state']);
    assert.equal(gw.canary?.percentTraffic, 10);
  });

  it('limits each government API as seed 000 says', () => {
    const rows = dwp.gateways.external!.routes.map((r) => [
      r.path,
      r.methods.join(','),
      r.auth,
      r.rateLimit.requests,
      r.rateLimit.perSeconds,
    ]);
    assert.deepEqual(rows, [
      ['/external/royal-mail/{proxy+}', 'GET,POST', 'api-key', 1000, 60],
      ['/external/hmrc/{proxy+}', 'GET,POST', 'oauth2-client-credentials', 500, 60],
      ['/external/nhs/{proxy+}', 'GET', 'mtls-oauth2-jwt', 200, 60],
      ['/external/gov-verify/{proxy+}', 'POST', 'saml2', 100, 60],
      ['/external/one-login/{proxy+}', 'GET,POST', 'oidc', 300, 60],
      ['/external/one-login-identity/{proxy+}', 'GET', 'none', 100, 60],
    ]);
    const gw = dwp.gateways.external!;
    assert.equal(gw.circuitBreaker.failureRatePercent, 50);
    assert.equal(gw.circuitBreaker.openSeconds, 30);
    assert.equal(gw.retry.maxAttempts, 3);
    assert.equal(gw.retry.backoff, 'exponential');
  });

  it('registers services in dwp.local with HTTP /health checks every 30 s, failing after 3', () => {
    assert.deepEqual(dwp.serviceDiscovery.healthCheck, {
      type: 'HTTP',
      path: '/health',
      intervalSeconds: 30,
      failureThreshold: 3,
    });
    assert.equal(discoveryNameOf(dwp, 'citizen-api'), 'citizen-api.dwp.local');
  });

  it('health-checks ALB targets every 30 s, healthy after 2, unhealthy after 5', () => {
    const hc = dwp.loadBalancing.healthCheck;
    assert.deepEqual([hc.path, hc.intervalSeconds, hc.healthyThreshold, hc.unhealthyThreshold], ['/health', 30, 2, 5]);
  });

  it('scales on CPU 70 %, memory 80 % and 1000 requests a minute, with the seed steps and schedules', () => {
    const s = scalingOf(dwp, serviceNamed(dwp, 'claims-api'))!;
    assert.deepEqual(s.targetTracking, [
      { metric: 'cpu', targetPercent: 70 },
      { metric: 'memory', targetPercent: 80 },
      { metric: 'alb-requests-per-target', requestsPerMinute: 1000 },
    ]);
    assert.deepEqual(
      s.steps.map((x) => [x.cpuAbovePercent ?? -x.cpuBelowPercent!, x.change]),
      [
        [80, 2],
        [90, 4],
        [-30, -1],
        [-20, -2],
      ],
    );
    const web = scalingOf(dwp, serviceNamed(dwp, 'frontend-service'))!;
    assert.deepEqual(
      web.schedules.map((x) => [x.minTasks, x.maxTasks, x.timeZone]),
      [
        [4, 20, 'Europe/London'],
        [2, 10, 'Europe/London'],
      ],
    );
  });

  it('gives each task role the seed policies on its own resources', () => {
    const perms = (n: string) => serviceNamed(dwp, n).taskRole!.permissions.map((p) => p.kind);
    assert.deepEqual(perms('citizen-api'), ['dynamodb', 'secrets-read', 'cloudwatch-logs']);
    assert.deepEqual(perms('benefits-api'), ['rds-connect', 'sqs-publish', 'secrets-read', 'cloudwatch-logs']);
    assert.deepEqual(perms('claims-api'), ['rds-connect', 's3', 'sqs-publish', 'secrets-read', 'cloudwatch-logs']);
  });

  it('alarms on CPU above 80 %, memory above 85 % and task failures above 5 %', () => {
    const a = dwp.observability.alarms;
    assert.deepEqual(
      [a.cpuAbovePercent, a.memoryAbovePercent, a.taskFailureRateAbovePercent, a.serviceUnavailable],
      [80, 85, 5, true],
    );
    assert.equal(dwp.observability.logRetentionDays, 30);
  });

  it("releases every service behind a load balancer blue/green on ECS's controller, smoke-tested and rolled back by seed 004's alarms", () => {
    for (const s of dwp.services) {
      const d = deploymentOf(dwp, s);
      const lb = loadBalancerTargetsOf(dwp, s);
      if (!lb.alb && !lb.nlb) {
        assert.equal(d.strategy, 'rolling', `${s.name} has no traffic to shift`);
        continue;
      }
      if (d.strategy !== 'blue-green') assert.fail(`${s.name} is released ${d.strategy}`);
      assert.equal(d.controller, 'ecs');
      assert.ok(d.bakeMinutes >= 2 * d.rollbackAlarms!.datapoints, 'the old set outlives two alarm windows');
      assert.deepEqual(
        [d.rollbackAlarms!.successRatePercentBelow, d.rollbackAlarms!.datapoints, d.rollbackAlarms!.periodSeconds],
        [99.5, 2, 60],
      );
      assert.equal(d.rollbackAlarms!.errorRatePercentAbove, dwp.observability.alarms.http5xxRateAbovePercent);
      assert.equal(d.smokeTest!.path, s.healthCheck.path);
    }
    assert.equal(serviceNamed(dwp, 'notifier').deployment?.strategy, 'rolling');
  });

  it('releases the primary API Gateway stage with a 10 % canary (seed 000)', () => {
    assert.equal(dwp.gateways.primary!.canary!.percentTraffic, 10);
  });
});
