import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { stableDeploymentContextKey } from '../api/internal-api.ts';
import { deploySpecOf } from './buildspecs.ts';
import { stagesAnswer } from './canary-promotion.ts';
import { environmentTargetsOf } from './release-targets.ts';

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
