import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definePlatform, type PlatformInput } from '@dwp/platform';
import { STAND_INS, standInsFor } from './index.ts';

/** A small platform with one web service and PostgreSQL: nothing that needs a stand-in. */
function bare(): PlatformInput {
  return {
    name: 'bare',
    clusters: [
      { name: 'web', tier: 'web' },
      { name: 'app', tier: 'app' },
    ],
    services: [
      {
        name: 'frontend',
        tier: 'web',
        cluster: 'web',
        port: 80,
        cpu: 512,
        memory: 1024,
        tasks: { min: 1, max: 2 },
        dependsOn: ['orders'],
      },
    ],
    serviceDiscovery: {
      namespace: 'bare.local',
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
    dataStores: [{ kind: 'postgres', name: 'orders', owner: 'frontend' }],
    environments: [{ name: 'prod' }],
    deployment: { strategy: 'rolling' },
  };
}

const names = (input: PlatformInput) => standInsFor(definePlatform(input)).map((s) => s.name);

describe('the stand-ins a platform gets', () => {
  it('are none for a definition that declares no user pool, bucket, queue or upstream', () => {
    assert.deepEqual(names(bare()), []);
  });

  it('include S3 for a bucket and SQS for a queue, each only when declared', () => {
    const withBucket = bare();
    withBucket.dataStores = [...withBucket.dataStores!, { kind: 's3', name: 'documents', owner: 'frontend' }];
    assert.deepEqual(names(withBucket), ['s3']);
    const withQueue = bare();
    withQueue.dataStores = [...withQueue.dataStores!, { kind: 'queue', name: 'events', owner: 'frontend' }];
    assert.deepEqual(names(withQueue), ['sqs']);
  });

  it('include the user pool when the primary gateway authenticates with one', () => {
    const input = bare();
    input.services = [
      ...input.services,
      {
        name: 'orders-api',
        tier: 'app',
        cluster: 'app',
        port: 8080,
        cpu: 256,
        memory: 512,
        routes: ['/orders/*'],
        tasks: { min: 1, max: 2 },
      },
    ];
    input.gateways = {
      primary: {
        name: 'bare-api',
        basePath: '/api',
        authentication: { type: 'cognito-user-pool' },
        routes: [{ path: '/orders/{proxy+}', method: 'ANY', service: 'orders-api' }],
        throttling: { rateLimit: 100, burstLimit: 50 },
        caching: { ttlSeconds: 0 },
      },
    };
    assert.deepEqual(names(input), ['user-pool']);
  });

  it('include a sandbox only for an upstream the external gateway routes to', () => {
    const input = bare();
    input.services = [
      ...input.services,
      { name: 'egress', tier: 'app', cluster: 'app', port: 8080, cpu: 256, memory: 512, tasks: { min: 1, max: 2 } },
    ];
    input.gateways = {
      external: {
        name: 'bare-external',
        service: 'egress',
        routes: [
          {
            path: '/external/hmrc/{proxy+}',
            methods: ['GET'],
            upstream: 'hmrc',
            auth: 'oauth2-client-credentials',
            rateLimit: { requests: 10, perSeconds: 60 },
            callers: ['frontend'],
          },
        ],
        circuitBreaker: { failureRatePercent: 50, openSeconds: 30, minimumCalls: 10, windowSeconds: 60 },
        retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 100, maxDelayMs: 2000 },
        timeoutMs: 5000,
      },
    };
    assert.deepEqual(names(input), ['hmrc-sandbox']);
  });

  it('keep the order the runtime plans them in', () => {
    const order = STAND_INS.map((s) => s.name);
    assert.deepEqual(order, [
      'user-pool',
      's3',
      'sqs',
      'royal-mail-sandbox',
      'hmrc-sandbox',
      'nhs-sandbox',
      'saml-idp-sandbox',
      'one-login-sandbox',
      'notify-sandbox',
    ]);
  });
});
