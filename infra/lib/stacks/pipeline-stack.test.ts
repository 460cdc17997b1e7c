/**
 * The release pipeline stack, synthesised on its own (it references no other stack): for the DWP
 * definition as it is, and once with claims-api handed to a CodeDeploy deployment group.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Deployment, Platform } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { z } from 'zod';
import { applyNagPacks } from '../nag.ts';
import { TRIVY_IMAGE } from '../pipeline/buildspecs.ts';
import { PipelineStack } from './pipeline-stack.ts';

/** The levels of a synthesis message that are findings (cdk-nag reports errors and warnings). */
const FINDING_LEVELS: ReadonlySet<string> = new Set(['error', 'warning']);
const ACCOUNT = '111111111111';
const REGION = 'eu-west-2';

function synth(platform: Platform, source = {}): { template: Template; findings: string[] } {
  const app = new App({
    context: { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS, [cxapi.ANNOTATIONS_IN_VALIDATION_REPORT]: false },
  });
  new PipelineStack(app, 'DwpPipeline', { env: { account: ACCOUNT, region: REGION }, platform, source });
  applyNagPacks(app);
  const stack = app.synth().getStackByName('DwpPipeline');
  const findings = stack.messages
    .filter((m) => FINDING_LEVELS.has(m.level))
    .map((m) => {
      const data = m.entry.data;
      return `${m.level} ${m.id}: ${(typeof data === 'string' ? data : inspect(data)).slice(0, 160)}`;
    });
  return { template: Template.fromJSON(stack.template as Record<string, unknown>), findings };
}

const action = z.looseObject({
  Name: z.string(),
  ActionTypeId: z.looseObject({ Category: z.string(), Provider: z.string() }),
  RunOrder: z.number().optional(),
  Configuration: z.record(z.string(), z.unknown()).optional(),
  OutputArtifacts: z.array(z.object({ Name: z.string() })).optional(),
});
const pipelineProps = z.looseObject({
  PipelineType: z.string(),
  Stages: z.array(z.looseObject({ Name: z.string(), Actions: z.array(action) })),
});
type Stage = z.output<typeof pipelineProps>['Stages'][number];

function pipelineOf(t: Template) {
  const pipelines = Object.values(t.findResources('AWS::CodePipeline::Pipeline'));
  assert.equal(pipelines.length, 1);
  return pipelineProps.parse(z.object({ Properties: z.unknown() }).parse(pipelines[0]).Properties);
}
function stageNamed(stages: readonly Stage[], name: string): Stage {
  const s = stages.find((x) => x.Name === name);
  assert.ok(s, `no stage ${name}`);
  return s;
}
/** The actions of a stage in run order, as `Name:Provider`. */
const sequence = (s: Stage) =>
  [...s.Actions]
    .sort((a, b) => (a.RunOrder ?? 1) - (b.RunOrder ?? 1))
    .map((a) => `${a.Name}:${a.ActionTypeId.Provider}`);

/** The build specification of the CodeBuild project a stage's action runs, as one string. */
function buildSpecOf(t: Template, a: z.output<typeof action>): string {
  const ref = z.object({ Ref: z.string() }).parse(a.Configuration?.ProjectName).Ref;
  const resources = z.object({ Resources: z.record(z.string(), z.unknown()) }).parse(t.toJSON()).Resources;
  const project = resources[ref];
  return JSON.stringify(
    z.looseObject({ Properties: z.looseObject({ Source: z.looseObject({ BuildSpec: z.unknown() }) }) }).parse(project)
      .Properties.Source.BuildSpec,
  );
}

describe('PipelineStack', () => {
  const { template, findings } = synth(dwp);
  const pipeline = pipelineOf(template);

  it('is a CodePipeline V2 pipeline', () => {
    assert.equal(pipeline.PipelineType, 'V2');
  });

  it('runs source, build, then test -> stage -> prod in the definition order', () => {
    assert.deepEqual(
      pipeline.Stages.map((s) => s.Name),
      ['Source', 'Build', 'Release-test', 'Release-stage', 'Release-prod'],
    );
  });

  it('reads GitHub through a CodeStar connection named by parameters, not a hard-coded account', () => {
    const [source] = stageNamed(pipeline.Stages, 'Source').Actions;
    assert.ok(source?.Configuration);
    assert.equal(source.ActionTypeId.Provider, 'CodeStarSourceConnection');
    assert.deepEqual(source.Configuration.ConnectionArn, { Ref: 'SourceConnectionArn' });
    const parameters = template.toJSON().Parameters as Record<string, { Default?: string }>;
    assert.equal(parameters.SourceConnectionArn?.Default, undefined);
    assert.equal(parameters.SourceBranch?.Default, 'main');
  });

  it('takes the source defaults from context when given', () => {
    const arn = `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/0f0e0d0c-0000-4000-8000-000000000000`;
    const t = synth(dwp, { connectionArn: arn, owner: 'example', repository: 'platform', branch: 'release' }).template;
    const parameters = t.toJSON().Parameters as Record<string, { Default?: string }>;
    assert.equal(parameters.SourceConnectionArn?.Default, arn);
    assert.equal(parameters.SourceOwner?.Default, 'example');
    assert.equal(parameters.SourceBranch?.Default, 'release');
  });

  it('builds with npm ci && npm test, then builds every image, gates on Trivy, and only then pushes', () => {
    const [build] = stageNamed(pipeline.Stages, 'Build').Actions;
    assert.ok(build);
    const spec = buildSpecOf(template, build);
    const at = (s: string) => spec.indexOf(s);
    assert.ok(at('npm ci') >= 0 && at('npm ci') < at('npm test'));
    assert.ok(
      at('npm test') < at('npm run audit') && at('npm run audit') < at('docker build'),
      'audited before any image',
    );
    for (const app of new Set(dwp.services.map((s) => s.app ?? s.name)))
      assert.ok(spec.includes(`--build-arg APP=${app} `), app);
    const lastScan = spec.lastIndexOf(`${TRIVY_IMAGE} image --exit-code 1 --severity CRITICAL,HIGH`);
    assert.ok(at('npm test') < lastScan && lastScan < at('docker push'), 'all scans before the first push');
    assert.ok(
      spec.includes('$REGISTRY/dwp/claims-api-test:$IMAGE_TAG') && spec.includes('$REGISTRY/dwp/claims-api:$IMAGE_TAG'),
    );
    assert.equal(
      build.Configuration?.EnvironmentVariables,
      JSON.stringify([{ name: 'IMAGE_TAG', type: 'PLAINTEXT', value: '#{Source_GitHub_NS.CommitId}' }]),
    );
  });

  it('deploys each environment, smoke tests it, then promotes its API canary', () => {
    for (const environment of ['test', 'stage']) {
      assert.deepEqual(sequence(stageNamed(pipeline.Stages, `Release-${environment}`)), [
        'Deploy:CodeBuild',
        'SmokeTest:CodeBuild',
        'PromoteApiCanary:CodeBuild',
      ]);
    }
    const deploy = stageNamed(pipeline.Stages, 'Release-test').Actions.find((a) => a.Name === 'Deploy');
    assert.ok(deploy);
    const spec = buildSpecOf(template, deploy);
    assert.match(spec, /cdk deploy --all [^"]*-c environments=test -c pipeline=false -c imageTag=\$IMAGE_TAG/);
    const promote = stageNamed(pipeline.Stages, 'Release-test').Actions.find((a) => a.Name === 'PromoteApiCanary');
    assert.ok(promote);
    assert.match(buildSpecOf(template, promote), /release-step.ts promote-canary --platform dwp --environment test/);
  });

  it('asks a person before anything changes in prod, and nowhere else', () => {
    assert.deepEqual(sequence(stageNamed(pipeline.Stages, 'Release-prod')), [
      'Approve:Manual',
      'Deploy:CodeBuild',
      'SmokeTest:CodeBuild',
      'PromoteApiCanary:CodeBuild',
    ]);
    const approvals = pipeline.Stages.flatMap((s) => s.Actions.filter((a) => a.ActionTypeId.Category === 'Approval'));
    assert.equal(approvals.length, 1);
  });

  it('lets the promotion read and patch only the gateway stage, and the deploy assume only the CDK bootstrap roles', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'apigateway:PATCH',
            Resource: Match.stringLikeRegexp('/restapis/\\*/stages/prod$'),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Resource: Match.arrayWith([`arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`]),
          }),
        ]),
      },
    });
  });

  it('encrypts artifacts and build logs with its own KMS key and keeps the logs as the definition says', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: dwp.observability.logRetentionDays,
      KmsKeyId: Match.anyValue(),
    });
    template.allResourcesProperties('AWS::CodeBuild::Project', { EncryptionKey: Match.anyValue() });
  });

  it('has no unsuppressed AwsSolutions or NIST 800-53 finding', () => {
    assert.deepEqual(findings, []);
  });
});

describe('PipelineStack with a CodeDeploy-controlled service', () => {
  const linear: Deployment = {
    strategy: 'linear',
    controller: 'codedeploy',
    bakeMinutes: 5,
    stepPercent: 10,
    stepBakeMinutes: 1,
  };
  const platform: Platform = {
    ...dwp,
    services: dwp.services.map((s) => (s.name === 'claims-api' ? { ...s, deployment: linear } : s)),
  };
  const { template, findings } = synth(platform);
  const stages = pipelineOf(template).Stages;

  it("shifts claims-api's traffic with CodeDeploy between the CDK deploy and the smoke test", () => {
    assert.deepEqual(sequence(stageNamed(stages, 'Release-test')), [
      'Deploy:CodeBuild',
      'CodeDeploy-claims-api:CodeDeployToECS',
      'SmokeTest:CodeBuild',
      'PromoteApiCanary:CodeBuild',
    ]);
    const test = stageNamed(stages, 'Release-test');
    const codeDeploy = test.Actions.find((a) => a.ActionTypeId.Provider === 'CodeDeployToECS');
    assert.ok(codeDeploy?.Configuration);
    assert.equal(codeDeploy.Configuration.ApplicationName, 'claims-api-test');
    assert.equal(codeDeploy.Configuration.DeploymentGroupName, 'claims-api-test');
    assert.equal(codeDeploy.Configuration.Image1ArtifactName, 'CodeDeployTestClaimsApi');
    // The action's role may read the configuration seed 004 names, which the definition's steps match.
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    assert.match(policies, /deploymentconfig:CodeDeployDefault\.ECSLinear10PercentEvery1Minutes/);
    const deploy = test.Actions.find((a) => a.Name === 'Deploy');
    assert.deepEqual(deploy?.OutputArtifacts, [{ Name: 'CodeDeployTestClaimsApi' }]);
    assert.ok(deploy);
    const spec = buildSpecOf(template, deploy);
    assert.match(spec, /describe-services --cluster dwp-app-cluster-test --services claims-api/);
    assert.match(spec, /<IMAGE1_NAME>/);
    assert.match(spec, /ContainerName: [^C]{0,20}claims-api[^C]{0,40}ContainerPort: 8080/);
  });

  it('still has no unsuppressed cdk-nag finding', () => {
    assert.deepEqual(findings, []);
  });
});
