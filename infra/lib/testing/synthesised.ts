/**
 * The DWP app synthesised once per test process (every environment, cdk-nag applied), with the
 * account, region and image tag fixed so templates do not depend on the machine.
 */
import { Template } from 'aws-cdk-lib/assertions';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { dwp } from '@dwp/platforms/dwp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type BuiltApp } from '../build-app.ts';

export const TEST_ACCOUNT = '111111111111';
export const TEST_REGION = 'eu-west-2';
export const TEST_IMAGE_TAG = 'test';

export interface Synthesised {
  readonly built: BuiltApp;
  readonly assembly: cxapi.CloudAssembly;
  /** A stack's template, by stack name (`DwpProdCompute`). */
  template(stackName: string): Template;
  /** Every synthesised stack. */
  readonly stacks: readonly cxapi.CloudFormationStackArtifact[];
}

let cached: Synthesised | undefined;

export function synthesised(): Synthesised {
  if (cached) return cached;
  const outdir = mkdtempSync(join(tmpdir(), 'dwp-cdk-'));
  process.once('exit', () => {
    rmSync(outdir, { recursive: true, force: true });
  });
  const built = buildApp(dwp, {
    outdir,
    context: { account: TEST_ACCOUNT, region: TEST_REGION, imageTag: TEST_IMAGE_TAG },
  });
  const assembly = built.app.synth();
  const templates = new Map<string, Template>();
  cached = {
    built,
    assembly,
    stacks: assembly.stacks,
    template(stackName: string): Template {
      let t = templates.get(stackName);
      if (!t) {
        t = Template.fromJSON(assembly.getStackByName(stackName).template as Record<string, unknown>);
        templates.set(stackName, t);
      }
      return t;
    },
  };
  return cached;
}

/** `DwpProd` + `Compute` */
export function stackName(environment: string, part: string): string {
  return `Dwp${environment[0]!.toUpperCase()}${environment.slice(1)}${part}`;
}
