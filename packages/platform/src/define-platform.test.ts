import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definePlatform, PlatformDefinitionError, type PlatformInput } from './index.ts';

/** A small valid platform; each test breaks one rule of a fresh copy. */
function valid(): PlatformInput {
  return {
    name: 'demo',
    clusters: [
      { name: 'web', tier: 'web' },
      { name: 'app', tier: 'app' },
    ],
    services: [
      { name: 'frontend', tier: 'web', cluster: 'web', port: 80, cpu: 512, memory: 1024, tasks: { min: 2, max: 10 } },
      {
        name: 'orders-api',
        tier: 'app',
        cluster: 'app',
        port: 8080,
        cpu: 256,
        memory: 512,
        routes: ['/orders/*'],
        tasks: { min: 1, max: 4, per: 'az' },
        secrets: ['orders-db'],
        taskRole: {
          name: 'orders-role',
          permissions: [
            { kind: 'rds-connect', database: 'orders' },
            { kind: 'secrets-read', secrets: ['orders-db'] },
          ],
        },
        dependsOn: ['orders'],
      },
    ],
    serviceDiscovery: {
      namespace: 'demo.local',
      healthCheck: { type: 'HTTP', path: '/health', intervalSeconds: 30, failureThreshold: 3 },
    },
    loadBalancing: {
      public: {
        name: 'public-alb',
        scheme: 'internet-facing',
        listeners: [{ port: 80, protocol: 'HTTP' }],
        targets: ['frontend'],
      },
      healthCheck: { path: '/health', intervalSeconds: 30, healthyThreshold: 2, unhealthyThreshold: 5 },
    },
    gateways: {
      primary: {
        name: 'demo-api',
        basePath: '/api',
        authentication: { type: 'cognito-user-pool' },
        routes: [
          { path: '/orders/{proxy+}', method: 'ANY', service: 'orders-api' },
          { path: '/orders/health', method: 'GET', service: 'orders-api', auth: 'none' },
        ],
        throttling: { rateLimit: 100, burstLimit: 50 },
        caching: { ttlSeconds: 300 },
      },
    },
    dataStores: [{ kind: 'postgres', name: 'orders', owner: 'orders-api' }],
    environments: [{ name: 'prod' }],
    deployment: { strategy: 'rolling' },
  };
}

function rejection(input: PlatformInput): PlatformDefinitionError {
  try {
    definePlatform(input);
  } catch (err) {
    assert.ok(err instanceof PlatformDefinitionError, `expected PlatformDefinitionError, got ${String(err)}`);
    assert.equal(err.code, 'PLATFORM_ERR_DEFINITION_INVALID');
    return err;
  }
  assert.fail('the definition was accepted');
}

function expectIssue(input: PlatformInput, path: string, message: RegExp): void {
  const err = rejection(input);
  const issue = err.issues.find((i) => i.path === path);
  assert.ok(issue, `no issue at ${path}; got ${JSON.stringify(err.issues)}`);
  assert.match(issue.message, message);
  assert.ok(err.message.includes(path), 'the error message names the field path');
}

const orders = (p: PlatformInput) => p.services[1]!;

describe('definePlatform', () => {
  it("fills an absent user pool with Cognito's defaults and no staff", () => {
    const pool = definePlatform(valid()).gateways.primary!.authentication.userPool;
    assert.deepEqual(pool.passwordPolicy, {
      minLength: 8,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: true,
    });
    assert.equal(pool.tokenValidityMinutes, 60);
    assert.equal(pool.mfa, 'off');
    assert.deepEqual(pool.staffGroups, []);
  });

  it("accepts staff groups drawn from the pool's groups, and rejects one that is not", () => {
    const p = valid();
    p.gateways!.primary!.authentication.userPool = { groups: ['member', 'clerk'], staffGroups: ['clerk'] };
    assert.deepEqual(definePlatform(p).gateways.primary!.authentication.userPool.staffGroups, ['clerk']);
    p.gateways!.primary!.authentication.userPool = { groups: ['member', 'clerk'], staffGroups: ['boss'] };
    expectIssue(
      p,
      'gateways.primary.authentication.userPool.staffGroups[0]',
      /staff group "boss" is not one of the pool's groups \(member, clerk\)/,
    );
  });

  it('accepts a valid definition and fills in the defaults', () => {
    const p = definePlatform(valid());
    assert.equal(p.services[1]!.healthCheck.path, '/health');
    assert.equal(p.services[1]!.local.replicas, 1);
    assert.equal(p.gateways.primary!.routes[0]!.auth, 'required');
    assert.equal(p.gateways.primary!.caching.maxEntryBytes, 1_048_576);
  });

  it('reads tracing as a rate with per-environment overrides, true and false as shorthand', () => {
    assert.deepEqual(definePlatform(valid()).observability.tracing, { enabled: true, sampleRate: 1, environments: {} });
    const off = valid();
    off.observability = { tracing: false };
    assert.equal(definePlatform(off).observability.tracing.enabled, false);
    const rated = valid();
    rated.observability = { tracing: { sampleRate: 0.5, environments: { prod: 0.05 } } };
    assert.deepEqual(definePlatform(rated).observability.tracing, {
      enabled: true,
      sampleRate: 0.5,
      environments: { prod: 0.05 },
    });
    const unknown = valid();
    unknown.observability = { tracing: { environments: { staging: 0.1 } } };
    expectIssue(
      unknown,
      'observability.tracing.environments.staging',
      /no environment "staging" \(environments: prod\)/,
    );
    const tooHigh = valid();
    tooHigh.observability = { tracing: { sampleRate: 2 } };
    rejection(tooHigh);
  });

  it('returns a frozen definition that readers cannot change', () => {
    const p = definePlatform(valid());
    assert.throws(() => {
      (p.services[0] as { port: number }).port = 1;
    }, TypeError);
  });

  it('rejects a cpu/memory pair Fargate does not offer, naming the field', () => {
    const p = valid();
    orders(p).memory = 4096;
    expectIssue(p, 'services[1].memory', /does not offer memory 4096 MiB with cpu 256; valid memory: 512, 1024, 2048/);
  });

  it('rejects a cpu Fargate does not offer', () => {
    const p = valid();
    orders(p).cpu = 300;
    expectIssue(p, 'services[1].memory', /no cpu 300/);
  });

  it('rejects min tasks greater than max tasks', () => {
    const p = valid();
    orders(p).tasks = { min: 5, max: 4 };
    expectIssue(p, 'services[1].tasks.min', /min tasks 5 is greater than max tasks 4/);
  });

  it('rejects a duplicate gateway route', () => {
    const p = valid();
    p.gateways!.primary!.routes.push({ path: '/orders/{proxy+}', method: 'ANY', service: 'orders-api' });
    expectIssue(p, 'gateways.primary.routes[2]', /duplicate route "ANY \/orders\/\{proxy\+\}"/);
  });

  it('accepts a specific method beside ANY on the same resource, as API Gateway does', () => {
    const p = valid();
    p.gateways!.primary!.routes.push({ path: '/orders/{proxy+}', method: 'GET', service: 'orders-api' });
    assert.doesNotThrow(() => definePlatform(p));
  });

  it('rejects a duplicate internal ALB route across services', () => {
    const p = valid();
    p.services.push({ ...orders(p), name: 'orders-two', taskRole: undefined, secrets: [], dependsOn: [] });
    expectIssue(p, 'services[2].routes[0]', /duplicate route "\/orders\/\*"/);
  });

  it('rejects a duplicate service name', () => {
    const p = valid();
    p.services.push({ ...orders(p), routes: ['/other/*'] });
    expectIssue(p, 'services[2].name', /duplicate service name "orders-api"/);
  });

  it('rejects a gateway route to an unknown service', () => {
    const p = valid();
    p.gateways!.primary!.routes[0]!.service = 'ghost-api';
    expectIssue(p, 'gateways.primary.routes[0].service', /unknown service "ghost-api"/);
  });

  it('rejects an unknown service among the load balancer targets and callers', () => {
    const p = valid();
    p.loadBalancing.public.targets = ['nowhere'];
    orders(p).calls = ['ghost-api'];
    const err = rejection(p);
    assert.deepEqual(err.issues.map((i) => i.path).sort(), ['loadBalancing.public.targets[0]', 'services[1].calls[0]']);
  });

  it('rejects an unknown external gateway caller', () => {
    const p = valid();
    p.gateways!.external = {
      name: 'egress',
      service: 'orders-api',
      routes: [
        {
          path: '/external/x/{proxy+}',
          methods: ['GET'],
          upstream: 'x',
          auth: 'api-key',
          rateLimit: { requests: 10, perSeconds: 60 },
          callers: ['nobody'],
        },
      ],
      circuitBreaker: { failureRatePercent: 50, openSeconds: 30 },
      retry: { maxAttempts: 3, backoff: 'exponential' },
    };
    expectIssue(p, 'gateways.external.routes[0].callers[0]', /unknown service "nobody"/);
  });

  it('rejects a service in a cluster of another tier or an unknown cluster', () => {
    const p = valid();
    orders(p).cluster = 'web';
    expectIssue(p, 'services[1].cluster', /app-tier service cannot run in web-tier cluster/);
    const q = valid();
    orders(q).cluster = 'nope';
    expectIssue(q, 'services[1].cluster', /unknown cluster "nope"/);
  });

  it('rejects a permission on a data store that does not exist or is of another kind', () => {
    const p = valid();
    orders(p).taskRole!.permissions!.push({ kind: 'dynamodb', access: 'read', table: 'orders' });
    expectIssue(p, 'services[1].taskRole.permissions[2].table', /unknown dynamodb table "orders"/);
  });

  it('rejects reading a secret the service does not declare', () => {
    const p = valid();
    orders(p).secrets = [];
    expectIssue(
      p,
      'services[1].taskRole.permissions[1].secrets',
      /secret "orders-db" is not among the service's secrets/,
    );
  });

  it('rejects a greedy path segment that is not the last', () => {
    const p = valid();
    p.gateways!.primary!.routes[0]!.path = '/orders/{proxy+}/x';
    expectIssue(p, 'gateways.primary.routes[0].path', /must be the last one/);
  });

  it('rejects a cache TTL above 3600 seconds, as API Gateway does', () => {
    const p = valid();
    p.gateways!.primary!.caching.ttlSeconds = 3601;
    expectIssue(p, 'gateways.primary.caching.ttlSeconds', /3600/);
  });

  it('rejects a scale-in step that adds tasks and a schedule with min above max', () => {
    const p = valid();
    p.defaultScaling = {
      steps: [{ cpuBelowPercent: 30, change: 1 }],
      schedules: [{ name: 'peak', cron: 'cron(0 9 * * ? *)', minTasks: 9, maxTasks: 3 }],
    };
    const err = rejection(p);
    assert.deepEqual(err.issues.map((i) => i.path).sort(), [
      'defaultScaling.schedules[0].minTasks',
      'defaultScaling.steps[0].change',
    ]);
  });

  it('rejects a traffic shift for a service no load balancer targets, at the field that chose it', () => {
    const p = valid();
    p.deployment = { strategy: 'blue-green' };
    // frontend is the public ALB's target; orders-api is in no load balancer's targets.
    expectIssue(p, 'deployment.strategy', /orders-api is in no load balancer's targets.*services\[1\]\.deployment/);
    orders(p).deployment = { strategy: 'rolling' };
    assert.doesNotThrow(() => definePlatform(p));
    orders(p).deployment = { strategy: 'canary', percent: 10, stepBakeMinutes: 1 };
    expectIssue(p, 'services[1].deployment.strategy', /no load balancer/);
  });

  it("rejects what CodeDeploy's traffic routing cannot do: fractions of a percent, steps under a minute", () => {
    const p = valid();
    p.services[0]!.deployment = {
      strategy: 'linear',
      controller: 'codedeploy',
      stepPercent: 12.5,
      stepBakeMinutes: 0,
    };
    orders(p).deployment = { strategy: 'rolling' };
    const paths = rejection(p)
      .issues.map((i) => i.path)
      .sort();
    assert.deepEqual(paths, ['services[0].deployment.stepBakeMinutes', 'services[0].deployment.stepPercent']);
    p.services[0]!.deployment = { strategy: 'linear', controller: 'ecs', stepPercent: 12.5, stepBakeMinutes: 0 };
    assert.doesNotThrow(() => definePlatform(p));
  });

  it('refuses CodeDeploy for a service routed by path on a shared ALB listener', () => {
    const p = valid();
    p.loadBalancing.internal = {
      name: 'internal-alb',
      scheme: 'internal',
      listeners: [{ port: 80, protocol: 'HTTP' }],
      targets: ['orders-api'],
    };
    orders(p).deployment = { strategy: 'blue-green', controller: 'codedeploy' };
    expectIssue(p, 'services[1].deployment.controller', /routed by path \(\/orders\/\*\).*"ecs" controller/);
    orders(p).deployment = { strategy: 'blue-green', controller: 'ecs' };
    assert.doesNotThrow(() => definePlatform(p));
  });

  it('refuses a canary of 100 % and rollback alarms that name no alarm', () => {
    const p = valid();
    p.services[0]!.deployment = { strategy: 'canary', percent: 100, stepBakeMinutes: 1 };
    expectIssue(p, 'services[0].deployment.percent', /99.9/);
    p.services[0]!.deployment = { strategy: 'blue-green', rollbackAlarms: { datapoints: 2 } };
    expectIssue(p, 'services[0].deployment.rollbackAlarms', /at least one alarm/);
  });

  it('reports a schema failure with its field path', () => {
    const p = valid();
    (orders(p) as { port: unknown }).port = 'eighty';
    expectIssue(p, 'services[1].port', /number/);
  });

  it('reports every broken rule at once, not only the first', () => {
    const p = valid();
    orders(p).memory = 4096;
    orders(p).tasks = { min: 9, max: 1 };
    assert.equal(rejection(p).issues.length, 2);
  });
});
