/** Builds the CDK app for a platform definition: the stacks of each chosen environment, with cdk-nag applied. */
import { App, type AppProps } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Platform } from '@dwp/platform';
import { deploymentTarget } from './deployment-target.ts';
import { applyNagPacks } from './nag.ts';
import { addPlatformStacks, environmentNamed, type PlatformStacks } from './platform-stacks.ts';

export interface BuiltApp {
  readonly app: App;
  readonly environments: ReadonlyMap<string, PlatformStacks>;
  synth(): void;
}

/**
 * `context` overrides cdk.json and `-c` values (tests pass account, region and imageTag here).
 * Context `environments` (comma-separated) picks environments; all of the definition's by default.
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
  applyNagPacks(app);
  return { app, environments, synth: () => void app.synth() };
}
