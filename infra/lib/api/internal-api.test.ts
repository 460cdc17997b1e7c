import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { dwp } from '@dwp/platforms/dwp';
import { buildApp } from '../build-app.ts';
import { TEST_ACCOUNT, TEST_REGION, stackName } from '../testing/synthesised.ts';

const outdirs: string[] = [];
after(() => {
  for (const d of outdirs) rmSync(d, { recursive: true, force: true });
});

function prodApi(extra: Record<string, string>): Template {
  const outdir = mkdtempSync(join(tmpdir(), 'dwp-api-'));
  outdirs.push(outdir);
  const built = buildApp(dwp, {
    outdir,
    context: {
      account: TEST_ACCOUNT,
      region: TEST_REGION,
      imageTag: 'test',
      environments: 'prod',
      pipeline: 'false',
      ...extra,
    },
  });
  const assembly = built.app.synth();
  return Template.fromJSON(assembly.getStackByName(stackName('prod', 'Api')).template as Record<string, unknown>);
}

describe("the primary gateway's stage canary", () => {
  const percent = dwp.gateways.primary!.canary!.percentTraffic;

  it('keeps the stage on the deployment it serves and makes the new one its canary, when the pipeline names it', () => {
    const template = prodApi({ 'apiStableDeployment:prod': 'abc123' });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      DeploymentId: 'abc123',
      CanarySetting: Match.objectLike({
        DeploymentId: { Ref: Match.stringLikeRegexp('Deployment') },
        PercentTraffic: percent,
      }),
    });
    // The deployment the stage still serves must outlive the template that replaced it.
    template.hasResource('AWS::ApiGateway::Deployment', { DeletionPolicy: 'Retain' });
  });

  it('sends everything to the new deployment on a first deploy, with the canary share set for the next', () => {
    const template = prodApi({});
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      DeploymentId: { Ref: Match.stringLikeRegexp('Deployment') },
      CanarySetting: Match.objectLike({ PercentTraffic: percent, DeploymentId: Match.absent() }),
    });
  });

  it('refuses a stable deployment that is not an API Gateway id', () => {
    assert.throws(() => prodApi({ 'apiStableDeployment:prod': 'abc; rm -rf /' }), /deployment id/);
  });
});
