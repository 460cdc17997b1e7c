/**
 * What a release of a platform touches, derived from its definition: the images to build (one per
 * app, from the root Dockerfile), the ECR repository each environment pulls them from, the ECS
 * services each environment runs and who shifts their traffic, and the gateway's health routes a
 * smoke test asks. The CodePipeline stack and the GitHub Actions workflow both read this, so
 * neither re-types a name the definition or naming.ts already gives.
 */
import { appOf, deploymentOf, serviceNamed, type Environment, type Platform, type Service } from '@dwp/platform';
import { smokeTestFunctionName } from '../compute/smoke-test-hook.ts';
import { pascal, physicalName } from '../naming.ts';
import { secretName } from '../secret-names.ts';

/** One container image: an apps/ folder built from the root Dockerfile. */
export interface ImageTarget {
  /** The apps/ folder, the Dockerfile's `APP` build argument. */
  readonly app: string;
  /** The Dockerfile's `PORT` build argument: the port of the service that runs the app. */
  readonly port: number;
}

/** One ECS service in one environment. */
export interface ServiceTarget {
  readonly service: string;
  readonly app: string;
  /** The ECS cluster's physical name in the environment. */
  readonly cluster: string;
  /** The task definition's application container (fargate-microservice.ts names it after the service). */
  readonly containerName: string;
  readonly containerPort: number;
  /**
   * `ecs`: a CDK deploy with the new image tag makes ECS run the definition's strategy itself.
   * `codedeploy`: the pipeline hands the new task definition to the service's deployment group.
   */
  readonly controller: 'ecs' | 'codedeploy';
  /** A CodeDeploy release's smoke test: the Lambda its AppSpec runs at `AfterAllowTestTraffic`. */
  readonly smokeTestFunction?: string;
}

/** One environment's part of a release. */
export interface EnvironmentTargets {
  readonly environment: string;
  /** `DwpTest`: the prefix of every stack of the environment (platform-stacks.ts). */
  readonly stackPrefix: string;
  /** The compute stack, whose `PublicBaseUrl` parameter says where the environment answers. */
  readonly computeStack: string;
  /** app -> the ECR repository name the environment's services pull it from (registry-stack.ts). */
  readonly repositories: ReadonlyMap<string, string>;
  readonly services: readonly ServiceTarget[];
  /** The primary gateway's REST API name, or undefined without one. */
  readonly restApiName: string | undefined;
  /** The Secrets Manager name of the smoke test's user (`smoke-user.ts` says its shape). */
  readonly smokeUserSecret: string;
}

/** The smoke test's user in Secrets Manager (`<platform>/<environment>/smoke-test-user`). */
export const SMOKE_USER_SECRET = 'smoke-test-user';

/** Every app of the platform once, with the port its service listens on. */
export function imagesOf(platform: Platform): ImageTarget[] {
  const ports = new Map<string, number>();
  for (const service of platform.services) {
    const app = appOf(service);
    const seen = ports.get(app);
    if (seen !== undefined && seen !== service.port) {
      throw new Error(
        `services.${service.name}: app "${app}" is built once with PORT ${seen}; a service running it on ${service.port} needs an app of its own`,
      );
    }
    ports.set(app, service.port);
  }
  return [...ports].map(([app, port]) => ({ app, port }));
}

function serviceTarget(platform: Platform, environment: Environment, service: Service): ServiceTarget {
  const deployment = deploymentOf(platform, service);
  return {
    service: service.name,
    app: appOf(service),
    cluster: physicalName(environment, service.cluster),
    containerName: service.name,
    containerPort: service.port,
    controller: deployment.strategy === 'rolling' ? 'ecs' : deployment.controller,
    ...(deployment.strategy !== 'rolling' && deployment.controller === 'codedeploy' && deployment.smokeTest
      ? { smokeTestFunction: smokeTestFunctionName(environment, service.name) }
      : {}),
  };
}

export function environmentTargetsOf(platform: Platform, environment: Environment): EnvironmentTargets {
  const stackPrefix = pascal(platform.name, environment.name);
  const gateway = platform.gateways.primary;
  return {
    environment: environment.name,
    stackPrefix,
    computeStack: `${stackPrefix}Compute`,
    repositories: new Map(
      imagesOf(platform).map(({ app }) => [app, physicalName(environment, `${platform.name}/${app}`)] as const),
    ),
    services: platform.services.map((s) => serviceTarget(platform, environment, s)),
    restApiName: gateway ? physicalName(environment, gateway.name) : undefined,
    smokeUserSecret: secretName(platform, environment, SMOKE_USER_SECRET),
  };
}

/**
 * The environments in the order a release walks them: the definition's order (test, stage, prod).
 * The last one is production: the one a person approves a release into.
 */
export function releaseOrderOf(platform: Platform): EnvironmentTargets[] {
  if (platform.environments.length === 0) throw new Error(`platform "${platform.name}" has no environments`);
  return platform.environments.map((e) => environmentTargetsOf(platform, e));
}

/**
 * The public health routes of the primary gateway (`GET /<prefix>/health`, auth "none"), as paths
 * under the public entry (`/api/citizen/health`), and the service each one answers for.
 */
export function healthPathsOf(platform: Platform): { readonly service: string; readonly path: string }[] {
  const gateway = platform.gateways.primary;
  if (!gateway) return [];
  return gateway.routes
    .filter((r) => r.method === 'GET' && r.auth === 'none' && r.path.endsWith('/health'))
    .map((r) => ({ service: serviceNamed(platform, r.service).name, path: `${gateway.basePath}${r.path}` }));
}
