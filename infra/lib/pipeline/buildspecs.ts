/**
 * The CodeBuild build specifications of a release, as plain objects from the definition's release
 * targets: the build (tests, one image per app from the root Dockerfile, the Trivy gate, the push
 * to every environment's repository), an environment's deploy (a CDK deploy of its stacks at the
 * new image tag, plus CodeDeploy's inputs for services it hands to a deployment group), its smoke
 * test and the promotion of its API canary. Pure, so a test reads every command.
 */
import { pascal } from '../naming.ts';
import type { EnvironmentTargets, ImageTarget, ServiceTarget } from './release-targets.ts';

/**
 * Trivy's own image from the public ECR gallery, pinned: v0.69.4 was a malicious release (March
 * 2026, GHSA-69fq-xp46-6x23); 0.69.3 is the version the fixed trivy-action v0.35.0 installs.
 */
export const TRIVY_IMAGE = 'public.ecr.aws/aquasecurity/trivy:0.69.3';
/**
 * The severities that stop a release, in CodeBuild and in the GitHub workflow alike. Findings with
 * no fixed version are left out: no rebuild could clear them, and they would stop every release.
 */
export const BLOCKING_SEVERITIES = 'CRITICAL,HIGH';
/** The placeholder CodeDeploy puts the new image URI in (CodeDeployEcsDeployAction's default). */
export const IMAGE_PLACEHOLDER = 'IMAGE1_NAME';
/** CodeBuild's Ubuntu image ships Node 22; `npm ci` then installs the repository's own Node 24 (the `node` package). */
const RUNTIME = { 'runtime-versions': { nodejs: 22 } } as const;
const INSTALL = { ...RUNTIME, commands: ['npm ci --no-audit --no-fund'] } as const;

export type BuildSpecObject = Record<string, unknown>;

/** `docker build` of one app, tagged locally as `<app>:$IMAGE_TAG`. */
export function imageBuildCommand(image: ImageTarget): string {
  return `docker build --build-arg APP=${image.app} --build-arg PORT=${image.port} -t ${image.app}:$IMAGE_TAG .`;
}

/** The scan that fails the build on a fixable CRITICAL or HIGH finding in the image. */
export function imageScanCommand(image: ImageTarget): string {
  return [
    'docker run --rm -v /var/run/docker.sock:/var/run/docker.sock',
    TRIVY_IMAGE,
    `image --exit-code 1 --severity ${BLOCKING_SEVERITIES} --ignore-unfixed --no-progress`,
    `${image.app}:$IMAGE_TAG`,
  ].join(' ');
}

/**
 * Tests, then every image built and scanned before any is pushed, so a failed scan leaves no
 * environment with part of a release. The same image (one digest) goes to every environment's
 * repository, tagged with the commit; tags are immutable, so a tag never names two builds.
 */
export function buildSpecOf(
  images: readonly ImageTarget[],
  environments: readonly EnvironmentTargets[],
): BuildSpecObject {
  const pushes = images.flatMap((image) =>
    environments.flatMap((e) => {
      const repository = e.repositories.get(image.app);
      if (repository === undefined) throw new Error(`no ${e.environment} repository for app "${image.app}"`);
      // Tags are immutable (container-registry.ts): a retried build skips what an earlier try pushed.
      return [
        `if aws ecr describe-images --repository-name ${repository} --image-ids imageTag=$IMAGE_TAG > /dev/null 2>&1; then echo "${repository}:$IMAGE_TAG is already pushed"; else docker tag ${image.app}:$IMAGE_TAG $REGISTRY/${repository}:$IMAGE_TAG && docker push $REGISTRY/${repository}:$IMAGE_TAG; fi`,
      ];
    }),
  );
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: INSTALL,
      // The dependency audit needs the registry's advisory endpoint, which AWS reaches; the
      // project's own build machine does not, so it gates here rather than in `npm test`.
      pre_build: { commands: ['npm test', 'npm run audit'] },
      build: {
        commands: [
          'test -n "$IMAGE_TAG"',
          ...images.flatMap((i) => [imageBuildCommand(i), imageScanCommand(i)]),
          'aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"',
          ...pushes,
        ],
      },
    },
  };
}

/** The CodePipeline artifact carrying CodeDeploy's inputs for one service in one environment. */
export function codeDeployArtifactName(environment: EnvironmentTargets, service: ServiceTarget): string {
  return `CodeDeploy${pascal(environment.environment, service.service)}`;
}

/** CodeDeploy's AppSpec for an ECS service: the new task definition behind the service's container and port. */
export function appSpecOf(service: ServiceTarget): string {
  return [
    'version: 0.0',
    'Resources:',
    '  - TargetService:',
    '      Type: AWS::ECS::Service',
    '      Properties:',
    '        TaskDefinition: <TASK_DEFINITION>',
    '        LoadBalancerInfo:',
    `          ContainerName: "${service.containerName}"`,
    `          ContainerPort: ${service.containerPort}`,
    // CodeDeploy runs only the hooks its AppSpec names: the smoke test, once the test listener
    // reaches the new set and before production traffic moves.
    ...(service.smokeTestFunction ? ['Hooks:', `  - AfterAllowTestTraffic: "${service.smokeTestFunction}"`] : []),
    '',
  ].join('\n');
}

/**
 * Writes `codedeploy/<service>/{taskdef.json,appspec.yaml,imageDetail.json}`: the task definition
 * the CDK deploy registered (its family's latest revision) with the app container's image left as
 * the placeholder CodeDeploy fills in, the AppSpec, and the image URI.
 */
function codeDeployInputCommands(environment: EnvironmentTargets, service: ServiceTarget): string[] {
  const dir = `codedeploy/${service.service}`;
  const repository = environment.repositories.get(service.app);
  if (repository === undefined) throw new Error(`no ${environment.environment} repository for app "${service.app}"`);
  const jq = [
    `(.containerDefinitions[] | select(.name == "${service.containerName}") | .image) = "<${IMAGE_PLACEHOLDER}>"`,
    'del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy)',
  ].join(' | ');
  return [
    `mkdir -p ${dir}`,
    `FAMILY=$(aws ecs describe-services --cluster ${service.cluster} --services ${service.service} --query 'services[0].taskDefinition' --output text | sed -e 's#.*/##' -e 's#:[0-9]*$##')`,
    `aws ecs describe-task-definition --task-definition "$FAMILY" --query taskDefinition --output json | jq '${jq}' > ${dir}/taskdef.json`,
    `printf '%s' '${appSpecOf(service)}' > ${dir}/appspec.yaml`,
    `printf '{"ImageURI":"%s"}' "$REGISTRY/${repository}:$IMAGE_TAG" > ${dir}/imageDetail.json`,
  ];
}

export interface DeploySpecOptions {
  /** CDK context the environment's stacks are synthesised with (account, region, zones). */
  readonly context: Readonly<Record<string, string>>;
  /** The platform's name, for the release steps. */
  readonly platform: string;
  /**
   * The context key under which the deploy names the deployment the API stage serves now, when
   * the primary gateway has a canary: the new deployment then becomes the canary, not the stage's.
   */
  readonly stableDeploymentKey?: string;
}

/**
 * A CDK deploy of one environment's stacks at the release's image tag, without the pipeline stack
 * itself (`-c pipeline=false`); CloudFormation returns once ECS has finished the definition's
 * strategy (or rolled it back). Then CodeDeploy's inputs for the services a deployment group shifts.
 */
export function deploySpecOf(environment: EnvironmentTargets, options: DeploySpecOptions): BuildSpecObject {
  const context = {
    ...options.context,
    environments: environment.environment,
    pipeline: 'false',
  };
  const key = options.stableDeploymentKey;
  const cdk = [
    'npm exec --workspace @dwp/infra -- cdk deploy --all --ci --require-approval never --progress events',
    ...Object.entries(context).map(([k, v]) => `-c ${k}=${v}`),
    '-c imageTag=$IMAGE_TAG',
    ...(key ? [`\${STABLE_DEPLOYMENT:+-c ${key}=$STABLE_DEPLOYMENT}`] : []),
  ].join(' ');
  const codeDeployed = environment.services.filter((s) => s.controller === 'codedeploy');
  const artifacts = codeDeployed.map((s) => ({
    name: codeDeployArtifactName(environment, s),
    spec: { 'base-directory': `codedeploy/${s.service}`, files: ['taskdef.json', 'appspec.yaml', 'imageDetail.json'] },
  }));
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: INSTALL,
      build: {
        commands: [
          'test -n "$IMAGE_TAG"',
          ...(key ? [`STABLE_DEPLOYMENT=$(${releaseStep('stable-deployment', options.platform, environment)})`] : []),
          cdk,
          ...codeDeployed.flatMap((s) => codeDeployInputCommands(environment, s)),
        ],
      },
      ...(key ? { post_build: canaryRollbackOnFailure(options.platform, environment) } : {}),
    },
    // One output is CodeBuild's primary artifact; more than one must all be named secondary artifacts.
    ...(artifacts.length === 1 ? { artifacts: artifacts[0]!.spec } : {}),
    ...(artifacts.length > 1
      ? { artifacts: { 'secondary-artifacts': Object.fromEntries(artifacts.map((a) => [a.name, a.spec])) } }
      : {}),
  };
}

/** The release-step CLI, run from the repository root with the repository's own Node. */
function releaseStep(step: string, platform: string, environment: EnvironmentTargets): string {
  return `npx node infra/lib/pipeline/release-step.ts ${step} --platform ${platform} --environment ${environment.environment}`;
}

/**
 * The environment's smoke test: its public entry read from the compute stack's `PublicBaseUrl`
 * parameter, and the smoke user from Secrets Manager, which CodeBuild puts in SMOKE_USER.
 */
export function smokeSpecOf(
  platform: string,
  environment: EnvironmentTargets,
  options: { readonly apiCanary?: boolean } = {},
): BuildSpecObject {
  return {
    version: '0.2',
    env: { shell: 'bash', 'secrets-manager': { SMOKE_USER: environment.smokeUserSecret } },
    phases: {
      install: INSTALL,
      build: {
        commands: [
          `export PUBLIC_BASE_URL=$(aws cloudformation describe-stacks --stack-name ${environment.computeStack} --query "Stacks[0].Parameters[?ParameterKey=='PublicBaseUrl'].ParameterValue" --output text)`,
          releaseStep('smoke', platform, environment),
        ],
      },
      ...(options.apiCanary ? { post_build: canaryRollbackOnFailure(platform, environment) } : {}),
    },
  };
}

/**
 * A failed deploy or smoke test leaves the API's new deployment as a canary on a share of real
 * traffic; the stopped pipeline would leave it there. So the failing step turns it off.
 */
function canaryRollbackOnFailure(platform: string, environment: EnvironmentTargets): { commands: string[] } {
  return {
    commands: [
      `if [ "$CODEBUILD_BUILD_SUCCEEDING" = "0" ]; then ${releaseStep('rollback-canary', platform, environment)}; fi`,
    ],
  };
}

/** Promotes the environment's API Gateway stage canary (canary-promotion.ts). */
export function promoteSpecOf(platform: string, environment: EnvironmentTargets): BuildSpecObject {
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: { install: INSTALL, build: { commands: [releaseStep('promote-canary', platform, environment)] } },
  };
}
