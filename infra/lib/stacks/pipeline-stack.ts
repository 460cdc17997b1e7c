/**
 * The release pipeline of a platform (seed 000 "CI/CD Pipeline"), one per app: CodePipeline V2
 * from a GitHub repository through a CodeStar connection; a CodeBuild build that runs
 * `npm ci && npm test`, builds every app's image from the root Dockerfile, stops on a fixable
 * CRITICAL or HIGH Trivy finding and pushes the images tagged with the commit; then each
 * environment in the definition's order (test -> stage -> prod): deploy with the definition's
 * release strategy, smoke test, promote the API Gateway canary, with a person's approval before
 * the last (production). The repository, branch and connection are parameters, defaulted from
 * context, so nothing here names a real account.
 */
import { CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';
import { pascal } from '../naming.ts';
import { ArtifactStore } from '../pipeline/artifact-store.ts';
import { buildSpecOf } from '../pipeline/buildspecs.ts';
import { codeDeployTargetByName, type CodeDeployTargetOf } from '../pipeline/codedeploy-targets.ts';
import { EnvironmentRelease } from '../pipeline/environment-release.ts';
import { suppressPipelineGrantWildcards } from '../pipeline/grant-wildcards.ts';
import { ReleaseProject } from '../pipeline/release-project.ts';
import { imagesOf, releaseOrderOf } from '../pipeline/release-targets.ts';

/** The CDK bootstrap qualifier of `cdk bootstrap` without `--qualifier`. */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

export interface PipelineSourceDefaults {
  /** The CodeStar (CodeConnections) connection to GitHub. @default - a parameter without a default */
  readonly connectionArn?: string;
  /** @default - a parameter without a default */
  readonly owner?: string;
  /** @default - a parameter without a default */
  readonly repository?: string;
  /** @default 'main' */
  readonly branch?: string;
}

export interface PipelineStackProps extends StackProps {
  readonly platform: Platform;
  /** Defaults of the source parameters (from context). @default - every parameter but the branch must be given at deploy */
  readonly source?: PipelineSourceDefaults;
  /** CDK context each environment's deploy passes on (account, region, availability zones). @default {} */
  readonly deployContext?: Readonly<Record<string, string>>;
  /** @default DEFAULT_BOOTSTRAP_QUALIFIER */
  readonly bootstrapQualifier?: string;
  /** Where a `controller: 'codedeploy'` service's deployment group is found. @default codeDeployTargetByName */
  readonly codeDeployTargetOf?: CodeDeployTargetOf;
}

export class PipelineStack extends Stack {
  readonly pipeline: codepipeline.Pipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { platform } = props;
    const qualifier = props.bootstrapQualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER;
    if (!/^[a-z0-9]{1,10}$/.test(qualifier))
      throw new Error(
        `PipelineStack: bootstrapQualifier "${qualifier}" is not a CDK qualifier (1-10 lower-case letters and digits)`,
      );
    const environments = releaseOrderOf(platform);
    const images = imagesOf(platform);

    const parameter = (name: string, description: string, allowedPattern: string, value: string | undefined) =>
      new CfnParameter(this, name, {
        type: 'String',
        description,
        allowedPattern,
        ...(value !== undefined ? { default: value } : {}),
      }).valueAsString;
    const connectionArn = parameter(
      'SourceConnectionArn',
      'The CodeStar (CodeConnections) connection to GitHub the pipeline reads the repository through',
      '^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\\d{12}:connection/[0-9a-f-]+$',
      props.source?.connectionArn,
    );
    const owner = parameter(
      'SourceOwner',
      'The GitHub owner (user or organisation) of the repository',
      '^[A-Za-z0-9-]+$',
      props.source?.owner,
    );
    const repository = parameter(
      'SourceRepository',
      'The GitHub repository to release',
      '^[A-Za-z0-9_.-]+$',
      props.source?.repository,
    );
    const branch = parameter(
      'SourceBranch',
      'The branch whose pushes are released',
      '^[A-Za-z0-9/_.-]+$',
      props.source?.branch ?? 'main',
    );

    const store = new ArtifactStore(this, 'Store', {
      description: `${platform.name}: release pipeline artifacts and build logs`,
      logRetention: logRetention(platform),
    });
    const common = { key: store.key, logGroup: store.logGroup };
    const registry = `${this.account}.dkr.ecr.${this.region}.${this.urlSuffix}`;

    const source = new codepipeline.Artifact('Source');
    const sourceAction = new actions.CodeStarConnectionsSourceAction({
      actionName: 'GitHub',
      connectionArn,
      owner,
      repo: repository,
      branch,
      output: source,
      triggerOnPush: true,
    });

    const build = new ReleaseProject(this, 'Build', {
      ...common,
      description: `${platform.name}: npm ci && npm test, then every app image built, scanned with Trivy and pushed`,
      buildSpec: buildSpecOf(images, environments),
      docker: true,
      environment: { REGISTRY: registry },
    });
    const repositoryArns = environments.flatMap((e) =>
      [...e.repositories.values()].map((name) =>
        this.formatArn({ service: 'ecr', resource: 'repository', resourceName: name }),
      ),
    );
    build.project.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:InitiateLayerUpload',
          'ecr:UploadLayerPart',
          'ecr:CompleteLayerUpload',
          'ecr:PutImage',
        ],
        resources: repositoryArns,
      }),
    );
    build.project.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    );
    NagSuppressions.addResourceSuppressions(
      build.project,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'ecr:GetAuthorizationToken has no resource-level permissions (AWS documents Resource "*"); the pushes name each environment\'s repository.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );

    const stages: codepipeline.StageProps[] = [
      { stageName: 'Source', actions: [sourceAction] },
      {
        stageName: 'Build',
        actions: [
          new actions.CodeBuildAction({
            actionName: 'TestBuildScanPush',
            project: build.project,
            input: source,
            environmentVariables: { IMAGE_TAG: { value: sourceAction.variables.commitId } },
          }),
        ],
      },
    ];
    const codeDeployActions: string[] = [];
    environments.forEach((targets, i) => {
      const environment = platform.environments[i]!;
      const release = new EnvironmentRelease(this, pascal(environment.name), {
        ...common,
        platform,
        environment,
        source,
        imageTag: sourceAction.variables.commitId,
        registry,
        deployContext: props.deployContext ?? {},
        bootstrapQualifier: qualifier,
        codeDeployTargetOf: props.codeDeployTargetOf ?? codeDeployTargetByName,
        // The definition lists environments in release order; the last one is production.
        approval: environments.length > 1 && i === environments.length - 1,
      });
      const stageName = `Release-${environment.name}`;
      stages.push({ stageName, actions: [...release.actions] });
      codeDeployActions.push(...release.codeDeployActionNames.map((a) => `${stageName}/${a}`));
    });

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: `${platform.name}-release`,
      pipelineType: codepipeline.PipelineType.V2,
      // A newer commit replaces one still waiting at a stage (the prod approval too), so a person
      // approves the newest build that passed test and stage, not a queue of older ones.
      executionMode: codepipeline.ExecutionMode.SUPERSEDED,
      artifactBucket: store.bucket,
      restartExecutionOnUpdate: false,
      stages,
    });
    suppressPipelineGrantWildcards(this, store.bucket);
    for (const action of codeDeployActions) {
      NagSuppressions.addResourceSuppressionsByPath(
        this,
        `/${this.stackName}/Pipeline/${action}/CodePipelineActionRole/DefaultPolicy/Resource`,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'CodePipeline registers the new task definition for CodeDeploy: ecs:RegisterTaskDefinition has no resource-level permissions, and iam:PassRole is limited to ecs-tasks.amazonaws.com for the task and execution roles the compute stack names in it.',
            appliesTo: ['Resource::*'],
          },
        ],
      );
    }
  }
}
