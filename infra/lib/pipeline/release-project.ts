/**
 * One CodeBuild project of the release pipeline: a build specification run in CodeBuild's Ubuntu
 * image, its artifacts and logs encrypted with the pipeline's key, its logs in the pipeline's log
 * group under its own prefix, and a role that holds only what the caller grants it.
 */
import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { BuildSpecObject } from './buildspecs.ts';

export interface ReleaseProjectProps {
  readonly description: string;
  readonly buildSpec: BuildSpecObject;
  readonly key: kms.IKey;
  readonly logGroup: logs.ILogGroup;
  /** Runs Docker (image builds and the Trivy scan). @default false */
  readonly docker?: boolean;
  /** Plain (non-secret) environment variables. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.minutes(60) */
  readonly timeout?: Duration;
}

export class ReleaseProject extends Construct {
  readonly project: codebuild.PipelineProject;

  constructor(scope: Construct, id: string, props: ReleaseProjectProps) {
    super(scope, id);
    this.project = new codebuild.PipelineProject(this, 'Project', {
      description: props.description,
      buildSpec: codebuild.BuildSpec.fromObject(props.buildSpec),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: props.docker ? codebuild.ComputeType.LARGE : codebuild.ComputeType.SMALL,
        privileged: props.docker ?? false,
      },
      environmentVariables: Object.fromEntries(
        Object.entries(props.environment ?? {}).map(([k, value]) => [k, { value }]),
      ),
      encryptionKey: props.key,
      timeout: props.timeout ?? Duration.minutes(60),
      logging: { cloudWatch: { logGroup: props.logGroup, prefix: id } },
    });
    if (props.docker) {
      NagSuppressions.addResourceSuppressions(this.project, [
        {
          id: 'AwsSolutions-CB3',
          reason:
            'The build runs the Docker daemon to build each app image from the root Dockerfile and to run the Trivy scanner against it, which CodeBuild allows only in privileged mode.',
        },
      ]);
    }
  }
}
