/**
 * The DWP app with tracing turned off in its definition, synthesised once per test process (the
 * test environment only, cdk-nag applied): what the stacks make when there is no sidecar to send to.
 */
import type * as cxapi from 'aws-cdk-lib/cx-api';
import type { Platform } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../build-app.ts';
import { TEST_ACCOUNT, TEST_IMAGE_TAG, TEST_REGION } from './synthesised.ts';

export const TRACING_OFF: Platform = {
  ...dwp,
  observability: { ...dwp.observability, tracing: { enabled: false, sampleRate: 1, environments: {} } },
};

let cached: cxapi.CloudAssembly | undefined;

export function tracingOffAssembly(): cxapi.CloudAssembly {
  if (cached) return cached;
  const outdir = mkdtempSync(join(tmpdir(), 'dwp-cdk-untraced-'));
  process.once('exit', () => {
    rmSync(outdir, { recursive: true, force: true });
  });
  const built = buildApp(TRACING_OFF, {
    outdir,
    context: { account: TEST_ACCOUNT, region: TEST_REGION, imageTag: TEST_IMAGE_TAG, environments: 'test' },
  });
  cached = built.app.synth();
  return cached;
}
