/**
 * The steps of a release that run inside CodeBuild and GitHub Actions, reading the same definition
 * the CDK app does (`npx node infra/lib/pipeline/release-step.ts <step> --platform dwp ...`):
 *   images                            the apps to build, as JSON [{ app, port, repositories }], the
 *                                     repositories (every environment's) space-separated
 *   services --environment <env>      the environment's ECS services with their repositories, as JSON
 *   stack --environment <env>         the environment's compute stack (its PublicBaseUrl parameter)
 *   smoke-user-secret --environment <env>  the Secrets Manager name of the smoke-test user
 *   smoke --environment <env>         health routes and one signed-in read against PUBLIC_BASE_URL,
 *                                     as the user in SMOKE_USER (the secret's JSON)
 *   stable-deployment --environment <env>  the deployment the primary gateway's stage serves now
 *                                     (nothing before the first deploy), so the deploy makes the
 *                                     new one its canary (infra/lib/api/internal-api.ts)
 *   promote-canary --environment <env>  promotes the primary gateway stage's canary (AWS CLI)
 *   rollback-canary --environment <env> ends a canary that failed the environment's checks
 * A failed step exits 1 with one line saying why.
 */
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { isPlatform, type Platform } from '@dwp/platform';
import { signIn } from '@dwp/dev-runtime/testing/sign-in';
import { promotionOf, rollbackOf, stageAnswer, stagesAnswer, type PatchOperation } from './canary-promotion.ts';
import { environmentTargetsOf, healthPathsOf, imagesOf, releaseOrderOf } from './release-targets.ts';
import { runSmokeTest } from './smoke-test.ts';
import { parseSmokeUser } from './smoke-user.ts';

const run = promisify(execFile);

async function loadPlatform(name: string): Promise<Platform> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`--platform "${name}" is not a platform name`);
  // A module namespace is a record of its exports; which one is a definition is checked below.
  const module = (await import(`@dwp/platforms/${name}`)) as Record<string, unknown>;
  const candidate = module[name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())] ?? module.default;
  if (!isPlatform(candidate)) throw new Error(`platforms/${name}.ts exports no definition made by definePlatform`);
  return candidate;
}

function environmentOf(platform: Platform, name: string | undefined) {
  const environment = platform.environments.find((e) => e.name === name);
  if (!environment)
    throw new Error(`--environment must be one of ${platform.environments.map((e) => e.name).join(', ')}`);
  return environment;
}

async function aws(args: readonly string[]): Promise<unknown> {
  const { stdout } = await run('aws', [...args, '--output', 'json'], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as unknown;
}

/** The id of the REST API named `name`; undefined when there is none yet. */
async function restApiIdOf(name: string): Promise<string | undefined> {
  const ids = await aws(['apigateway', 'get-rest-apis', '--query', `items[?name=='${name}'].id`]);
  if (Array.isArray(ids) && ids.length === 0) return undefined;
  if (!Array.isArray(ids) || ids.length !== 1 || typeof ids[0] !== 'string')
    throw new Error(`expected one REST API named ${name}, found ${JSON.stringify(ids)}`);
  return ids[0];
}

async function stableDeployment(platform: Platform, environmentName: string | undefined): Promise<void> {
  const gateway = platform.gateways.primary;
  const targets = environmentTargetsOf(platform, environmentOf(platform, environmentName));
  if (!gateway?.canary || targets.restApiName === undefined) return;
  const restApiId = await restApiIdOf(targets.restApiName);
  if (restApiId === undefined) return;
  const stages = await aws(['apigateway', 'get-stages', '--rest-api-id', restApiId]);
  const found = stagesAnswer.parse(stages).item.find((s) => s.stageName === gateway.stage);
  if (found) console.log(found.deploymentId);
}

/** The primary gateway's stage of an environment, read live; undefined without a canary or an API. */
async function canaryStageOf(platform: Platform, environmentName: string | undefined) {
  const gateway = platform.gateways.primary;
  const targets = environmentTargetsOf(platform, environmentOf(platform, environmentName));
  if (!gateway?.canary || targets.restApiName === undefined) return undefined;
  const restApiId = await restApiIdOf(targets.restApiName);
  if (restApiId === undefined) return { apiName: targets.restApiName, stageName: gateway.stage, live: undefined };
  const stage = stageAnswer.parse(
    await aws(['apigateway', 'get-stage', '--rest-api-id', restApiId, '--stage-name', gateway.stage]),
  );
  const patch = (operations: readonly PatchOperation[]) =>
    aws([
      'apigateway',
      'update-stage',
      '--rest-api-id',
      restApiId,
      '--stage-name',
      gateway.stage,
      '--patch-operations',
      JSON.stringify(operations),
    ]);
  return { apiName: targets.restApiName, stageName: gateway.stage, live: { stage, patch } };
}

async function promoteCanary(platform: Platform, environmentName: string | undefined): Promise<void> {
  const found = await canaryStageOf(platform, environmentName);
  if (!found) {
    console.log(`${platform.name}: the primary gateway has no canary; nothing to promote`);
    return;
  }
  if (!found.live) throw new Error(`no REST API named ${found.apiName}`);
  const promotion = promotionOf(found.live.stage);
  if (promotion.kind === 'nothing-to-promote') {
    console.log(`${found.apiName}: ${promotion.reason}`);
    return;
  }
  await found.live.patch(promotion.patch);
  console.log(`${found.apiName}: stage ${found.stageName} now serves deployment ${promotion.canaryDeploymentId}`);
}

async function rollbackCanary(platform: Platform, environmentName: string | undefined): Promise<void> {
  const found = await canaryStageOf(platform, environmentName);
  if (!found?.live) return;
  const rollback = rollbackOf(found.live.stage);
  if (rollback.kind === 'nothing-to-roll-back') {
    console.log(`${found.apiName}: ${rollback.reason}`);
    return;
  }
  await found.live.patch(rollback.patch);
  console.log(
    `${found.apiName}: canary deployment ${rollback.canaryDeploymentId} takes no traffic; stage ${found.stageName} serves ${found.live.stage.deploymentId}`,
  );
}

async function smoke(platform: Platform, environmentName: string | undefined): Promise<void> {
  environmentOf(platform, environmentName);
  const baseUrl = process.env.PUBLIC_BASE_URL;
  if (!baseUrl) throw new Error('PUBLIC_BASE_URL is not set (the compute stack parameter PublicBaseUrl)');
  const user = parseSmokeUser(process.env.SMOKE_USER);
  const results = await runSmokeTest(
    { baseUrl, healthPaths: healthPathsOf(platform), user },
    {
      fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }),
      signIn: async (base, u) => (await signIn(base, u)).accessToken,
      pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  );
  for (const r of results) console.log(`${r.ok ? 'pass' : 'FAIL'} ${r.name}: ${r.detail}`);
  if (results.some((r) => !r.ok)) throw new Error(`${results.filter((r) => !r.ok).length} smoke check(s) failed`);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { platform: { type: 'string', default: 'dwp' }, environment: { type: 'string' } },
  });
  const platform = await loadPlatform(values.platform);
  switch (positionals[0]) {
    case 'images': {
      const environments = releaseOrderOf(platform);
      const images = imagesOf(platform).map((i) => ({
        ...i,
        repositories: environments.map((e) => e.repositories.get(i.app)).join(' '),
      }));
      console.log(JSON.stringify(images));
      return;
    }
    case 'services': {
      const targets = environmentTargetsOf(platform, environmentOf(platform, values.environment));
      console.log(JSON.stringify(targets.services.map((s) => ({ ...s, repository: targets.repositories.get(s.app) }))));
      return;
    }
    case 'stack':
      console.log(environmentTargetsOf(platform, environmentOf(platform, values.environment)).computeStack);
      return;
    case 'smoke-user-secret':
      console.log(environmentTargetsOf(platform, environmentOf(platform, values.environment)).smokeUserSecret);
      return;
    case 'smoke':
      return smoke(platform, values.environment);
    case 'stable-deployment':
      return stableDeployment(platform, values.environment);
    case 'promote-canary':
      return promoteCanary(platform, values.environment);
    case 'rollback-canary':
      return rollbackCanary(platform, values.environment);
    default:
      throw new Error(
        'usage: release-step.ts images|services|stack|smoke-user-secret|smoke|stable-deployment|promote-canary|rollback-canary [--platform p] [--environment e]',
      );
  }
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
