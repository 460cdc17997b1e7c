/**
 * Where a service's container image comes from: its ECR repository at a given tag (CI pushes
 * images, then deploys with `-c imageTag=<tag>`), or, when no tag is given, the app's Dockerfile
 * built by `cdk deploy` as a CDK container asset from the root Dockerfile, so a first deploy into an empty account works.
 */
import { IgnoreMode } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { fileURLToPath } from 'node:url';

/** The monorepo root: every Dockerfile builds with it as context (workspace packages are needed at run time). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The one Dockerfile every app builds from, relative to the repository root; `APP` names the app. */
export const DOCKERFILE = 'Dockerfile';

export function serviceImage(
  app: string,
  port: number,
  repository: ecr.IRepository,
  imageTag: string | undefined,
): ecs.ContainerImage {
  if (imageTag !== undefined) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(imageTag))
      throw new Error(`imageTag "${imageTag}" is not a valid image tag`);
    return ecs.ContainerImage.fromEcrRepository(repository, imageTag);
  }
  return ecs.ContainerImage.fromAsset(REPOSITORY_ROOT, {
    file: DOCKERFILE,
    buildArgs: { APP: app, PORT: String(port) },
    ignoreMode: IgnoreMode.DOCKER,
    platform: ecrAssets.Platform.LINUX_AMD64,
    assetName: app,
  });
}
