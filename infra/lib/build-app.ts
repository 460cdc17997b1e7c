/** Builds the CDK app for a platform definition: the stacks of each chosen environment, with cdk-nag applied. */
import { App, type AppProps } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Platform } from '@dwp/platform';
import { deploymentTarget } from './deployment-target.ts';
import { applyNagPacks } from './nag.ts';
import { pascal } from './naming.ts';
import { addPlatformStacks, environmentNamed, type PlatformStacks } from './platform-stacks.ts';
import { PipelineStack } from './stacks/pipeline-stack.ts';

export interface BuiltApp {
  readonly app: App;
  readonly environments: ReadonlyMap<string, PlatformStacks>;
  /** The release pipeline, unless context `pipeline` is false. */
  readonly pipeline: PipelineStack | undefined;
  synth(): void;
}

/** A context value that must be a string when given. */
function optionalText(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new TypeError(`context "${key}" must be a string, got ${typeof value}`);
  return value;
}

/** Context `pipeline`: on unless `false` (`cdk synth -c pipeline=false`). */
function pipelineWanted(value: unknown): boolean {
  if (value === undefined || value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new TypeError('context "pipeline" must be true or false');
}

/**
 * `context` overrides cdk.json and `-c` values (tests pass account, region and imageTag here).
 * Context `environments` (comma-separated) picks environments; all of the definition's by default.
 * Context `pipeline=false` leaves out the release pipeline (one per app, releasing every
 * environment); `pipelineConnectionArn`, `pipelineOwner`, `pipelineRepository` and
 * `pipelineBranch` default its source parameters.
 */
export function buildApp(platform: Platform, props: AppProps = {}): BuiltApp {
  const app = new App({
    ...props,
    context: {
      ...cxapi.CURRENTLY_RECOMMENDED_FLAGS,
      // Keep cdk-nag findings as annotations (the CLI still fails synth on an error) so tests can read them.
      [cxapi.ANNOTATIONS_IN_VALIDATION_REPORT]: false,
      ...props.context,
    },
  });
  const ctx = (key: string): unknown => app.node.tryGetContext(key);
  const target = deploymentTarget(ctx, platform.network.availabilityZones);
  const chosen = ctx('environments');
  if (chosen !== undefined && typeof chosen !== 'string')
    throw new TypeError('context "environments" must be a comma-separated string');
  const names = chosen ? chosen.split(',').map((n) => n.trim()) : platform.environments.map((e) => e.name);
  const environments = new Map(
    names.map((n) => [n, addPlatformStacks(app, platform, environmentNamed(platform, n), target)] as const),
  );
  const pipeline = pipelineWanted(ctx('pipeline')) ? addPipeline(app, platform, ctx, target) : undefined;
  applyNagPacks(app);
  return { app, environments, pipeline, synth: () => void app.synth() };
}

function addPipeline(
  app: App,
  platform: Platform,
  ctx: (key: string) => unknown,
  target: ReturnType<typeof deploymentTarget>,
): PipelineStack {
  const source = {
    connectionArn: optionalText(ctx('pipelineConnectionArn'), 'pipelineConnectionArn'),
    owner: optionalText(ctx('pipelineOwner'), 'pipelineOwner'),
    repository: optionalText(ctx('pipelineRepository'), 'pipelineRepository'),
    branch: optionalText(ctx('pipelineBranch'), 'pipelineBranch'),
  };
  const zones = optionalText(ctx('availabilityZones'), 'availabilityZones');
  return new PipelineStack(app, pascal(platform.name, 'Pipeline'), {
    env: { account: target.account, region: target.region },
    terminationProtection: true,
    platform,
    source: Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined)),
    // Each environment's deploy synthesises its stacks exactly as this app did.
    deployContext: {
      account: target.account,
      region: target.region,
      ...(zones !== undefined ? { availabilityZones: zones } : {}),
    },
  });
}
