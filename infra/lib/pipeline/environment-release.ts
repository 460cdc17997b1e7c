/**
 * The actions that release a build into one environment, in order: (production only) a person's
 * approval; a CDK deploy of the environment's stacks at the new image tag, during which ECS runs
 * each service's strategy from the definition; CodeDeploy for the services a deployment group
 * shifts; the smoke test; the promotion of the API Gateway stage's canary. Each CodeBuild action
 * has its own project and role, with only the access its step needs in this environment.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { serviceNamed, type Environment, type Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { stableDeploymentContextKey } from '../api/internal-api.ts';
import { CLOUDFRONT_WAF_REGION } from '../deployment-target.ts';
import { pascal } from '../naming.ts';
import { codeDeployArtifactName, deploySpecOf, promoteSpecOf, smokeSpecOf } from './buildspecs.ts';
import type { CodeDeployTargetOf } from './codedeploy-targets.ts';
import { ReleaseProject } from './release-project.ts';
import { environmentTargetsOf } from './release-targets.ts';

/** The CDK bootstrap roles `cdk deploy` assumes (the default synthesizer), and nothing else. */
export const CDK_BOOTSTRAP_ROLES = ['deploy', 'file-publishing', 'lookup'] as const;

export interface EnvironmentReleaseProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly source: codepipeline.Artifact;
  /** The commit being released: the image tag. */
  readonly imageTag: string;
  /** `<account>.dkr.ecr.<region>.<suffix>`: where the images were pushed. */
  readonly registry: string;
  readonly key: kms.IKey;
  readonly logGroup: logs.ILogGroup;
  /** CDK context every deploy passes (account, region, zones). */
  readonly deployContext: Readonly<Record<string, string>>;
  readonly bootstrapQualifier: string;
  readonly codeDeployTargetOf: CodeDeployTargetOf;
  /** Ask a person before anything changes in this environment. */
  readonly approval: boolean;
}

export class EnvironmentRelease extends Construct {
  /** The stage's actions, in the order they run. */
  readonly actions: readonly codepipeline.IAction[];
  /** The names of the CodeDeploy actions among them. */
  readonly codeDeployActionNames: readonly string[];

  constructor(scope: Construct, id: string, props: EnvironmentReleaseProps) {
    super(scope, id);
    const { platform, environment } = props;
    const stack = Stack.of(this);
    const targets = environmentTargetsOf(platform, environment);
    const common = { key: props.key, logGroup: props.logGroup };
    const variables = { IMAGE_TAG: { value: props.imageTag } };
    const list: codepipeline.IAction[] = [];
    let runOrder = 1;

    if (props.approval) {
      list.push(
        new actions.ManualApprovalAction({
          actionName: 'Approve',
          runOrder: runOrder++,
          additionalInformation: `Release commit ${props.imageTag} of ${platform.name} to ${environment.name}: it passed every earlier environment's deploy and smoke test.`,
        }),
      );
    }

    const codeDeployed = targets.services.filter((s) => s.controller === 'codedeploy');
    const codeDeployInputs = new Map(
      codeDeployed.map((s) => [s.service, new codepipeline.Artifact(codeDeployArtifactName(targets, s))] as const),
    );
    const deploy = new ReleaseProject(this, 'Deploy', {
      ...common,
      // One blue/green behind an NLB alone waits 10 minutes at each of three stages, then bakes;
      // `cdk deploy --all` runs every service of the environment.
      timeout: Duration.hours(3),
      description: `${platform.name} ${environment.name}: cdk deploy of the environment's stacks at the release's image tag`,
      buildSpec: deploySpecOf(targets, {
        context: props.deployContext,
        platform: platform.name,
        ...(platform.gateways.primary?.canary ? { stableDeploymentKey: stableDeploymentContextKey(environment) } : {}),
      }),
      environment: { REGISTRY: props.registry },
    });
    const roleArns = [stack.region, CLOUDFRONT_WAF_REGION].flatMap((region) =>
      CDK_BOOTSTRAP_ROLES.map(
        (role) =>
          `arn:${stack.partition}:iam::${stack.account}:role/cdk-${props.bootstrapQualifier}-${role}-role-${stack.account}-${region}`,
      ),
    );
    deploy.project.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...new Set(roleArns)] }),
    );
    const gateway = platform.gateways.primary;
    if (gateway?.canary) {
      // Reads which deployment the stage serves, so the deploy makes the new one its canary; and
      // turns that canary off if the deploy fails.
      grantApiStage(deploy.project, gateway.stage, targets.restApiName ?? gateway.name, { listStages: true });
    }
    if (codeDeployed.length > 0) {
      deploy.project.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ecs:DescribeServices'],
          resources: codeDeployed.map((s) =>
            stack.formatArn({ service: 'ecs', resource: 'service', resourceName: `${s.cluster}/${s.service}` }),
          ),
        }),
      );
      deploy.project.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }),
      );
      NagSuppressions.addResourceSuppressions(
        deploy.project,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'ecs:DescribeTaskDefinition has no resource-level permissions (the Service Authorization Reference lists Resource "*"); it only reads the task definition the deploy registered, to hand it to CodeDeploy.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }
    list.push(
      new actions.CodeBuildAction({
        actionName: 'Deploy',
        runOrder: runOrder++,
        project: deploy.project,
        input: props.source,
        outputs: [...codeDeployInputs.values()],
        environmentVariables: variables,
      }),
    );

    const shiftOrder = codeDeployed.length > 0 ? runOrder++ : runOrder;
    for (const s of codeDeployed) {
      const input = codeDeployInputs.get(s.service)!;
      const names = props.codeDeployTargetOf(platform, environment, serviceNamed(platform, s.service));
      const id = pascal(s.service);
      list.push(
        new actions.CodeDeployEcsDeployAction({
          actionName: `CodeDeploy-${s.service}`,
          runOrder: shiftOrder,
          deploymentGroup: codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(this, `${id}Group`, {
            application: codedeploy.EcsApplication.fromEcsApplicationName(
              this,
              `${id}Application`,
              names.applicationName,
            ),
            deploymentGroupName: names.deploymentGroupName,
            deploymentConfig: codedeploy.EcsDeploymentConfig.fromEcsDeploymentConfigName(
              this,
              `${id}Config`,
              names.deploymentConfigName,
            ),
          }),
          taskDefinitionTemplateInput: input,
          appSpecTemplateInput: input,
          containerImageInputs: [{ input }],
        }),
      );
    }

    const smoke = new ReleaseProject(this, 'Smoke', {
      ...common,
      description: `${platform.name} ${environment.name}: health routes and a signed-in read through the public entry`,
      buildSpec: smokeSpecOf(platform.name, targets, { apiCanary: platform.gateways.primary?.canary !== undefined }),
    });
    secretsmanager.Secret.fromSecretNameV2(this, 'SmokeUser', targets.smokeUserSecret).grantRead(smoke.project);
    // A failed smoke test turns the API's canary off.
    if (gateway?.canary) grantApiStage(smoke.project, gateway.stage, targets.restApiName ?? gateway.name);
    smoke.project.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cloudformation:DescribeStacks'],
        resources: [
          stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${targets.computeStack}/*` }),
        ],
      }),
    );
    NagSuppressions.addResourceSuppressions(
      smoke.project,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: `The compute stack is named (${targets.computeStack}); the wildcard is the stack id CloudFormation appends when it creates the stack, which no template can know.`,
          appliesTo: [
            { regex: `/^Resource::arn:[^:]+:cloudformation:[^:]+:[^:]+:stack\\/${targets.computeStack}\\/\\*$/` },
          ],
        },
      ],
      true,
    );
    list.push(
      new actions.CodeBuildAction({
        actionName: 'SmokeTest',
        runOrder: runOrder++,
        project: smoke.project,
        input: props.source,
        environmentVariables: variables,
      }),
    );

    if (gateway?.canary) {
      const promote = new ReleaseProject(this, 'Promote', {
        ...common,
        description: `${platform.name} ${environment.name}: promotes the ${gateway.stage} stage's canary of ${targets.restApiName}`,
        buildSpec: promoteSpecOf(platform.name, targets),
      });
      const apis = `arn:${stack.partition}:apigateway:${stack.region}::/restapis`;
      const stageArn = `${apis}/*/stages/${gateway.stage}`;
      promote.project.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['apigateway:GET'], resources: [apis, stageArn] }),
      );
      promote.project.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['apigateway:PATCH'], resources: [stageArn] }),
      );
      NagSuppressions.addResourceSuppressions(
        promote.project,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: `API Gateway assigns the REST API id when it creates ${targets.restApiName}; the step finds the API by that name and may read and patch only its ${gateway.stage} stage.`,
            appliesTo: [
              { regex: `/^Resource::arn:[^:]+:apigateway:[^:]+::\\/restapis\\/\\*\\/stages\\/${gateway.stage}$/` },
            ],
          },
        ],
        true,
      );
      list.push(
        new actions.CodeBuildAction({
          actionName: 'PromoteApiCanary',
          runOrder: runOrder++,
          project: promote.project,
          input: props.source,
        }),
      );
    }
    this.actions = list;
    this.codeDeployActionNames = codeDeployed.map((s) => `CodeDeploy-${s.service}`);
  }
}

/**
 * Lets a step find the REST API by name and read and patch its stage (the canary's share), and,
 * with `listStages`, list the API's stages. API Gateway assigns the API's id at creation, so the
 * ARNs name any API: the step's code finds the one by its name.
 */
function grantApiStage(
  project: codebuild.IProject,
  stage: string,
  restApiName: string,
  options: { readonly listStages?: boolean } = {},
): void {
  const stack = Stack.of(project);
  const apis = `arn:${stack.partition}:apigateway:${stack.region}::/restapis`;
  const stageArn = `${apis}/*/stages/${stage}`;
  project.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['apigateway:GET'],
      resources: [apis, stageArn, ...(options.listStages ? [`${apis}/*/stages`] : [])],
    }),
  );
  project.addToRolePolicy(new iam.PolicyStatement({ actions: ['apigateway:PATCH'], resources: [stageArn] }));
  NagSuppressions.addResourceSuppressions(
    project,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason: `API Gateway assigns the REST API id when it creates ${restApiName}; the step finds the API by that name and may read and patch only its ${stage} stage${options.listStages ? ' and list its stages' : ''}.`,
        appliesTo: [
          { regex: `/^Resource::arn:[^:]+:apigateway:[^:]+::\\/restapis\\/\\*\\/stages\\/${stage}$/` },
          ...(options.listStages
            ? [{ regex: '/^Resource::arn:[^:]+:apigateway:[^:]+::\\/restapis\\/\\*\\/stages$/' }]
            : []),
        ],
      },
    ],
    true,
  );
}
