/**
 * Promoting an API Gateway stage's canary (API Gateway Developer Guide, "Promote a canary
 * release"): the stage takes the canary's deployment and stage variables, and the canary's share
 * of traffic goes to 0 %, which leaves the canary settings in place for the next release's
 * `CreateDeployment` with canary settings. Pure: it reads a `GetStage` answer and returns the
 * `UpdateStage` patch operations, so the pipeline step that calls AWS is a thin shell around it.
 */
import { z } from 'zod';

/** The parts of a `GetStage` answer that decide a promotion; anything else is ignored. */
export const stageAnswer = z.looseObject({
  stageName: z.string(),
  deploymentId: z.string(),
  canarySettings: z
    .looseObject({
      deploymentId: z.string().optional(),
      percentTraffic: z.number().optional(),
      stageVariableOverrides: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});
export type StageAnswer = z.output<typeof stageAnswer>;

/** A `GetStages` answer: every stage of the API. */
export const stagesAnswer = z.looseObject({ item: z.array(stageAnswer).default([]) });

/** One JSON-Patch operation of `UpdateStage`, as the AWS CLI's `--patch-operations` takes it. */
export type PatchOperation =
  | { readonly op: 'replace'; readonly path: string; readonly value: string }
  | { readonly op: 'copy'; readonly from: string; readonly path: string };

export type Promotion =
  | { readonly kind: 'promote'; readonly canaryDeploymentId: string; readonly patch: readonly PatchOperation[] }
  | { readonly kind: 'nothing-to-promote'; readonly reason: string };

export function promotionOf(stage: StageAnswer): Promotion {
  const canary = stage.canarySettings;
  if (!canary) return { kind: 'nothing-to-promote', reason: `stage ${stage.stageName} has no canary` };
  if (canary.deploymentId === undefined)
    return { kind: 'nothing-to-promote', reason: `the canary of stage ${stage.stageName} names no deployment` };
  if (canary.deploymentId === stage.deploymentId && (canary.percentTraffic ?? 0) === 0) {
    return {
      kind: 'nothing-to-promote',
      reason: `stage ${stage.stageName} already serves deployment ${stage.deploymentId} and its canary takes no traffic`,
    };
  }
  const overrides = canary.stageVariableOverrides ?? {};
  return {
    kind: 'promote',
    canaryDeploymentId: canary.deploymentId,
    patch: [
      // The order of the guide: the deployment first, so no request sees new variables on the old API.
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
      ...(Object.keys(overrides).length > 0
        ? [{ op: 'copy' as const, from: '/canarySettings/stageVariableOverrides', path: '/variables' }]
        : []),
      { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
    ],
  };
}

export type CanaryRollback =
  | { readonly kind: 'roll-back'; readonly canaryDeploymentId: string; readonly patch: readonly PatchOperation[] }
  | { readonly kind: 'nothing-to-roll-back'; readonly reason: string };

/**
 * Ends a canary that failed its environment's checks (API Gateway Developer Guide, "Turn off a
 * canary release"): its share goes to 0 %, so the stage's own deployment, the one it served
 * before, takes every request again. Pure, like promotionOf.
 */
export function rollbackOf(stage: StageAnswer): CanaryRollback {
  const canary = stage.canarySettings;
  if (!canary?.deploymentId || canary.deploymentId === stage.deploymentId || (canary.percentTraffic ?? 0) === 0) {
    return { kind: 'nothing-to-roll-back', reason: `stage ${stage.stageName} sends no traffic to a canary` };
  }
  return {
    kind: 'roll-back',
    canaryDeploymentId: canary.deploymentId,
    patch: [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' }],
  };
}
