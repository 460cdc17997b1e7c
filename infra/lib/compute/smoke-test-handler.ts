/**
 * The source of the inline Lambda that smoke-tests a release before production traffic reaches it
 * (CommonJS for the Lambda Node.js runtime, which ships the SDK v3 CodeDeploy client; nothing to
 * bundle, synth stays offline). It requests the definition's `smokeTest.path` on the load
 * balancer's test listener, naming the service in the `x-release-target` header the test listener
 * routes by, and passes when the answer has the expected status, retrying a few times for the
 * seconds a listener change takes to reach every load balancer node.
 *
 * It answers both hook protocols (the shape of the event says which):
 *  - an ECS lifecycle hook (POST_TEST_TRAFFIC_SHIFT) returns `{ hookStatus: SUCCEEDED | FAILED }`;
 *  - a CodeDeploy `AfterAllowTestTraffic` hook (`DeploymentId`, `LifecycleEventHookExecutionId`)
 *    reports `Succeeded` or `Failed` through PutLifecycleEventHookExecutionStatus.
 * Configuration that does not parse fails the release: a smoke test that cannot run never passes.
 */

/** Environment variables the handler reads. */
export const SMOKE_TEST_ENV = {
  url: 'SMOKE_URL',
  target: 'SMOKE_TARGET',
  expectStatus: 'SMOKE_EXPECT_STATUS',
  timeoutMs: 'SMOKE_TIMEOUT_MS',
  attempts: 'SMOKE_ATTEMPTS',
  retryDelayMs: 'SMOKE_RETRY_DELAY_MS',
} as const;

/** The header the test listener routes by (load-balancers.ts RELEASE_TARGET_HEADER). */
const TARGET_HEADER = 'x-release-target';

export const SMOKE_TEST_HANDLER_SOURCE = `'use strict';
const env = process.env;
const num = (name) => {
  const v = Number(env[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(name + ' must be a whole number');
  return v;
};
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (entry) => console.log(JSON.stringify(entry));

async function smokeTest() {
  let config;
  try {
    config = {
      url: new URL(env.${SMOKE_TEST_ENV.url}).href,
      target: String(env.${SMOKE_TEST_ENV.target} || ''),
      expect: num('${SMOKE_TEST_ENV.expectStatus}'),
      timeout: num('${SMOKE_TEST_ENV.timeoutMs}'),
      attempts: Math.max(1, num('${SMOKE_TEST_ENV.attempts}')),
      delay: num('${SMOKE_TEST_ENV.retryDelayMs}'),
    };
  } catch (err) {
    log({ result: 'failed', reason: 'configuration', message: String(err && err.message) });
    return false;
  }
  let last = 'no answer';
  for (let attempt = 1; attempt <= config.attempts; attempt += 1) {
    try {
      const res = await fetch(config.url, {
        headers: { '${TARGET_HEADER}': config.target },
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeout),
      });
      await res.arrayBuffer();
      if (res.status === config.expect) {
        log({ result: 'passed', url: config.url, status: res.status, attempt });
        return true;
      }
      last = 'status ' + res.status;
    } catch (err) {
      last = (err && err.name) || 'error';
    }
    log({ result: 'retrying', url: config.url, attempt, last });
    if (attempt < config.attempts) await wait(config.delay);
  }
  log({ result: 'failed', url: config.url, expected: config.expect, last });
  return false;
}

exports.handler = async (event) => {
  const passed = await smokeTest();
  const e = event || {};
  if (typeof e.DeploymentId === 'string' && typeof e.LifecycleEventHookExecutionId === 'string') {
    const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require('@aws-sdk/client-codedeploy');
    const status = passed ? 'Succeeded' : 'Failed';
    await new CodeDeployClient({}).send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: e.DeploymentId,
        lifecycleEventHookExecutionId: e.LifecycleEventHookExecutionId,
        status,
      }),
    );
    return { status };
  }
  return { hookStatus: passed ? 'SUCCEEDED' : 'FAILED' };
};
`;
