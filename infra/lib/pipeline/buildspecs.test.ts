import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { stableDeploymentContextKey } from '../api/internal-api.ts';
import { appSpecOf, deploySpecOf, smokeSpecOf } from './buildspecs.ts';
import { stagesAnswer } from './canary-promotion.ts';
import { environmentTargetsOf } from './release-targets.ts';
import { smokeTestFunctionName } from '../compute/smoke-test-hook.ts';

const prod = dwp.environments.find((e) => e.name === 'prod')!;
const commandsOf = (spec: ReturnType<typeof deploySpecOf>): string[] => {
  const phases = spec.phases as { build: { commands: string[] } };
  return phases.build.commands;
};

describe('the deploy step of an environment', () => {
  it('reads the deployment the API stage serves first, so the new one deploys as its canary', () => {
    const key = stableDeploymentContextKey(prod);
    const commands = commandsOf(
      deploySpecOf(environmentTargetsOf(dwp, prod), {
        context: { account: '111111111111', region: 'eu-west-2' },
        platform: 'dwp',
        stableDeploymentKey: key,
      }),
    );
    const read = commands.findIndex((c) => c.startsWith('STABLE_DEPLOYMENT=$('));
    const deploy = commands.findIndex((c) => c.includes('cdk deploy'));
    assert.ok(read >= 0 && read < deploy, 'the stage is read before the deploy');
    assert.match(commands[read]!, /release-step\.ts stable-deployment --platform dwp --environment prod/);
    // Empty before the first deploy: then no context is passed and the stage takes the deployment.
    assert.ok(commands[deploy]!.includes(`\${STABLE_DEPLOYMENT:+-c ${key}=$STABLE_DEPLOYMENT}`));
  });

  it('turns the API canary off when the deploy or the smoke test fails', () => {
    const targets = environmentTargetsOf(dwp, prod);
    const deploy = deploySpecOf(targets, {
      context: {},
      platform: 'dwp',
      stableDeploymentKey: stableDeploymentContextKey(prod),
    });
    const smoke = smokeSpecOf('dwp', targets, { apiCanary: true });
    for (const spec of [deploy, smoke]) {
      const post = (spec.phases as { post_build?: { commands: string[] } }).post_build;
      assert.ok(post, 'a post_build phase');
      assert.match(
        post.commands.join('\n'),
        /^if \[ "\$CODEBUILD_BUILD_SUCCEEDING" = "0" \]; then npx node infra\/lib\/pipeline\/release-step\.ts rollback-canary --platform dwp --environment prod; fi$/,
      );
    }
    assert.equal((smokeSpecOf('dwp', targets).phases as Record<string, unknown>).post_build, undefined);
  });

  it('passes no stable deployment for a gateway without a canary', () => {
    const commands = commandsOf(deploySpecOf(environmentTargetsOf(dwp, prod), { context: {}, platform: 'dwp' }));
    assert.ok(!commands.some((c) => c.includes('STABLE_DEPLOYMENT')));
  });
});

describe('a GetStages answer', () => {
  it('reads each stage with its deployment and ignores the rest of the answer', () => {
    const answer = stagesAnswer.parse({
      item: [
        { stageName: 'v1', deploymentId: 'abc123', cacheClusterEnabled: true, canarySettings: { percentTraffic: 0 } },
      ],
    });
    assert.equal(answer.item[0]?.deploymentId, 'abc123');
    assert.throws(() => stagesAnswer.parse({ item: [{ stageName: 'v1' }] }));
  });
});

describe("a CodeDeploy release's AppSpec", () => {
  it('names the smoke test as its AfterAllowTestTraffic hook, the only hooks CodeDeploy runs', () => {
    const frontend = dwp.services.find((s) => s.name === 'frontend-service')!;
    const deployment: Deployment = {
      strategy: 'blue-green',
      controller: 'codedeploy',
      bakeMinutes: 10,
      smokeTest: { path: '/health', expectStatus: 200, timeoutSeconds: 5 },
    };
    const platform = { ...dwp, services: dwp.services.map((s) => (s === frontend ? { ...s, deployment } : s)) };
    const target = environmentTargetsOf(platform, prod).services.find((s) => s.service === frontend.name)!;
    assert.equal(target.smokeTestFunction, smokeTestFunctionName(prod, frontend.name));
    assert.match(
      appSpecOf(target),
      new RegExp(`\\nHooks:\\n  - AfterAllowTestTraffic: "${target.smokeTestFunction}"\\n`),
    );
    const ecs = environmentTargetsOf(dwp, prod).services.find((s) => s.service === frontend.name)!;
    assert.doesNotMatch(appSpecOf(ecs), /Hooks:/);
  });
});
