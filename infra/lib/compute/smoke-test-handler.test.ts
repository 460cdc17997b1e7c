import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runInThisContext } from 'node:vm';
import { INLINE_CODE_LIMIT } from './key-pair-handler.ts';
import { SMOKE_TEST_ENV, SMOKE_TEST_HANDLER_SOURCE } from './smoke-test-handler.ts';

interface Put {
  readonly deploymentId: string;
  readonly lifecycleEventHookExecutionId: string;
  readonly status: string;
}
type Handler = (event: unknown) => Promise<Record<string, unknown>>;

/** Loads the inline source as the Lambda runtime would, with its environment and the SDK replaced. */
function loadHandler(env: Record<string, string>): { handler: Handler; puts: Put[] } {
  const puts: Put[] = [];
  const sdk = {
    CodeDeployClient: class {
      async send(command: { input: Put }): Promise<void> {
        puts.push(command.input);
      }
    },
    PutLifecycleEventHookExecutionStatusCommand: class {
      readonly input: Put;
      constructor(input: Put) {
        this.input = input;
      }
    },
  };
  const fakeRequire = (id: string): unknown => {
    if (id === '@aws-sdk/client-codedeploy') return sdk;
    throw new Error(`the handler may only require the CodeDeploy client, not ${id}`);
  };
  const exports: { handler?: Handler } = {};
  const wrapper = runInThisContext(`(function (exports, require, process) {\n${SMOKE_TEST_HANDLER_SOURCE}\n})`) as (
    e: typeof exports,
    r: typeof fakeRequire,
    p: { env: Record<string, string> },
  ) => void;
  wrapper(exports, fakeRequire, { env });
  return { handler: exports.handler!, puts };
}

/** A test listener stand-in: answers each request with the next status of `statuses` (the last repeats). */
let statuses: number[] = [];
let seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => {
  seen.push(req.headers);
  const status = statuses.length > 1 ? statuses.shift()! : (statuses[0] ?? 200);
  res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
});
let base = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const envFor = (overrides: Partial<Record<keyof typeof SMOKE_TEST_ENV, string>> = {}): Record<string, string> => {
  const values = {
    url: `${base}/health`,
    target: 'claims-api',
    expectStatus: '200',
    timeoutMs: '2000',
    attempts: '3',
    retryDelayMs: '0',
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [SMOKE_TEST_ENV[k as keyof typeof SMOKE_TEST_ENV], v]),
  );
};
const ECS_EVENT = {
  executionId: 'exec-1',
  lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
  resourceArn: 'arn:aws:ecs:eu-west-2:111111111111:service-deployment/c/s/1',
};
const CODEDEPLOY_EVENT = { DeploymentId: 'd-ABC123', LifecycleEventHookExecutionId: 'hook-1' };

describe('the smoke-test hook', () => {
  it('fits in inline Lambda code', () => {
    assert.ok(SMOKE_TEST_HANDLER_SOURCE.length <= INLINE_CODE_LIMIT, `${SMOKE_TEST_HANDLER_SOURCE.length} characters`);
  });

  it('answers an ECS hook SUCCEEDED when the test listener gives the expected status, naming the service in the header', async () => {
    statuses = [200];
    seen = [];
    const { handler, puts } = loadHandler(envFor());
    assert.deepEqual(await handler(ECS_EVENT), { hookStatus: 'SUCCEEDED' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!['x-release-target'], 'claims-api');
    assert.equal(puts.length, 0, 'an ECS hook reports by its return value only');
  });

  it('retries while the listener change settles, and fails the release when the status never comes', async () => {
    statuses = [503, 200];
    seen = [];
    assert.deepEqual(await loadHandler(envFor()).handler(ECS_EVENT), { hookStatus: 'SUCCEEDED' });
    assert.equal(seen.length, 2);
    statuses = [500];
    seen = [];
    assert.deepEqual(await loadHandler(envFor()).handler(ECS_EVENT), { hookStatus: 'FAILED' });
    assert.equal(seen.length, 3, 'every attempt was made');
  });

  it('takes only the expected status as a pass: a redirect is not followed', async () => {
    statuses = [302];
    assert.deepEqual(await loadHandler(envFor({ attempts: '1' })).handler(ECS_EVENT), { hookStatus: 'FAILED' });
    assert.deepEqual(await loadHandler(envFor({ attempts: '1', expectStatus: '302' })).handler(ECS_EVENT), {
      hookStatus: 'SUCCEEDED',
    });
  });

  it('fails closed when the test listener cannot be reached or the configuration does not parse', async () => {
    const closed = `http://127.0.0.1:1/health`;
    assert.deepEqual(await loadHandler(envFor({ url: closed, attempts: '1' })).handler(ECS_EVENT), {
      hookStatus: 'FAILED',
    });
    assert.deepEqual(await loadHandler(envFor({ timeoutMs: 'soon' })).handler(ECS_EVENT), { hookStatus: 'FAILED' });
    assert.deepEqual(await loadHandler(envFor({ url: 'not a url' })).handler(ECS_EVENT), { hookStatus: 'FAILED' });
  });

  it('reports a CodeDeploy AfterAllowTestTraffic hook through PutLifecycleEventHookExecutionStatus', async () => {
    statuses = [200];
    const passing = loadHandler(envFor());
    await passing.handler(CODEDEPLOY_EVENT);
    assert.deepEqual(passing.puts, [
      { deploymentId: 'd-ABC123', lifecycleEventHookExecutionId: 'hook-1', status: 'Succeeded' },
    ]);
    statuses = [500];
    const failing = loadHandler(envFor({ attempts: '1' }));
    await failing.handler(CODEDEPLOY_EVENT);
    assert.equal(failing.puts[0]!.status, 'Failed');
  });
});
