import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promotionOf, rollbackOf, stageAnswer } from './canary-promotion.ts';

describe('promotionOf', () => {
  it('moves the stage to the canary deployment and the canary share to 0 %, in the guide order', () => {
    const p = promotionOf(
      stageAnswer.parse({
        stageName: 'prod',
        deploymentId: 'old',
        canarySettings: { deploymentId: 'new', percentTraffic: 10 },
      }),
    );
    assert.deepEqual(p, {
      kind: 'promote',
      canaryDeploymentId: 'new',
      patch: [
        { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
        { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
      ],
    });
  });

  it("copies the canary's stage variables too when it overrides any", () => {
    const p = promotionOf(
      stageAnswer.parse({
        stageName: 'prod',
        deploymentId: 'old',
        canarySettings: { deploymentId: 'new', percentTraffic: 10, stageVariableOverrides: { flag: 'on' } },
      }),
    );
    assert.ok(p.kind === 'promote', p.kind);
    assert.ok(p.patch.some((o) => o.op === 'copy' && o.path === '/variables'));
  });

  it('promotes nothing on a stage without a canary, or one already promoted', () => {
    assert.equal(promotionOf(stageAnswer.parse({ stageName: 'prod', deploymentId: 'a' })).kind, 'nothing-to-promote');
    assert.equal(
      promotionOf(
        stageAnswer.parse({
          stageName: 'prod',
          deploymentId: 'a',
          canarySettings: { deploymentId: 'a', percentTraffic: 0 },
        }),
      ).kind,
      'nothing-to-promote',
    );
    assert.equal(
      promotionOf(stageAnswer.parse({ stageName: 'prod', deploymentId: 'a', canarySettings: { percentTraffic: 10 } }))
        .kind,
      'nothing-to-promote',
    );
  });

  it('refuses a GetStage answer without a deployment id', () => {
    assert.throws(() => stageAnswer.parse({ stageName: 'prod' }));
  });
});

describe('rollbackOf', () => {
  const stage = (canarySettings: unknown) =>
    stageAnswer.parse({ stageName: 'prod', deploymentId: 'old', ...(canarySettings ? { canarySettings } : {}) });

  it("turns a live canary's share to 0 %, leaving the stage on the deployment it served", () => {
    assert.deepEqual(rollbackOf(stage({ deploymentId: 'new', percentTraffic: 10 })), {
      kind: 'roll-back',
      canaryDeploymentId: 'new',
      patch: [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' }],
    });
  });

  it("does nothing without a canary on traffic: none, already off, or the stage's own deployment", () => {
    for (const settings of [
      undefined,
      { deploymentId: 'new', percentTraffic: 0 },
      { deploymentId: 'old', percentTraffic: 10 },
    ])
      assert.equal(rollbackOf(stage(settings)).kind, 'nothing-to-roll-back', JSON.stringify(settings));
  });
});
