/**
 * Every app's run-time configuration against what its task definition provides on AWS: each
 * variable an app's config schema requires (no default) must arrive as plain environment or as an
 * ECS secret. The schemas are the apps' own (read only), so an app that starts requiring a new
 * variable fails here until infra provides it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  ENV,
  appOf,
  dataStoreEnvName,
  secretEnvName,
  serviceUrlEnvName,
  upstreamEnvNames,
  type Service,
} from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { externalGatewayConfigSchema } from '@dwp/external-gateway/config';
import { identityConfigSchema } from '@dwp/identity-api/config';
import { baseConfigSchema, cognitoConfigSchema } from '@dwp/service-kit';
import type { z } from 'zod';
import { POSTGRES_TLS_ENV } from './compute/postgres-tls.ts';
import { POSTGRES_SECRET_FIELDS, storesOf } from './compute/service-bindings.ts';
import { PLACEHOLDER_LENGTH } from './data/service-secret.ts';
import { pascal } from './naming.ts';
import { stackName, synthesised } from './testing/synthesised.ts';

const synth = synthesised();

interface Schema {
  readonly shape: Readonly<Record<string, z.ZodType>>;
}

/** The variables of a zod object schema that have no default and are not optional. */
function requiredOf(schema: Schema): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

/** What every service reads through the service kit. */
const SERVICE_KIT = [
  ...requiredOf(baseConfigSchema),
  ...requiredOf(cognitoConfigSchema),
  ENV.signingKey,
  ENV.trustedKeys,
];

/** The notifier's schema lives in its entry file (importing it would start the service), so its one secret is named here. */
const NOTIFIER_KEY = 'NOTIFY_API_KEY';

/** Beyond the service kit and the data stores, by app folder: what each app's own schemas require. */
const APP_REQUIRED: Readonly<Record<string, () => string[]>> = {
  'identity-api': () => requiredOf(identityConfigSchema),
  'external-gateway': () => [
    ...requiredOf(externalGatewayConfigSchema),
    // A route whose URL is missing answers 503, so each upstream's URL must at least be offered.
    ...dwp.gateways.external!.routes.map((r) => upstreamEnvNames(r.upstream).url),
  ],
  notifier: () => [NOTIFIER_KEY],
  // The web tier calls the primary gateway by name (apps/frontend/src/gateway-api.ts).
  frontend: () => [serviceUrlEnvName(dwp.gateways.primary!.name)],
};

function storeVariables(s: Service): string[] {
  return storesOf(dwp, s).flatMap((store) => {
    switch (store.kind) {
      case 'postgres':
        return [...Object.keys(POSTGRES_SECRET_FIELDS), ...Object.keys(POSTGRES_TLS_ENV)];
      case 'cache':
        return ['REDIS_URL'];
      default:
        return [dataStoreEnvName(store)!];
    }
  });
}

function providedTo(service: string): Set<string> {
  const compute = synth.template(stackName('prod', 'Compute')).toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  const task = Object.entries(compute).find(
    ([id, r]) => r.Type === 'AWS::ECS::TaskDefinition' && id.startsWith(`${pascal(service)}Task`),
  )![1];
  const app = (
    task.Properties.ContainerDefinitions as Array<{
      Name: string;
      Environment?: Array<{ Name: string }>;
      Secrets?: Array<{ Name: string }>;
    }>
  ).find((c) => c.Name === service)!;
  return new Set([...(app.Environment ?? []), ...(app.Secrets ?? [])].map((v) => v.Name));
}

describe("each app's configuration on AWS", () => {
  for (const s of dwp.services) {
    it(`${s.name} (${appOf(s)}) is given every variable its config requires`, () => {
      const provided = providedTo(s.name);
      const required = [...SERVICE_KIT, ...storeVariables(s), ...(APP_REQUIRED[appOf(s)]?.() ?? [])];
      const missing = required.filter((v) => !provided.has(v));
      assert.deepEqual(missing, [], `${s.name} would not start (or not work) on AWS without ${missing.join(', ')}`);
    });
  }

  it("generates declared credentials long enough for the notifier's GOV.UK Notify key check, so it starts before the real key is set", () => {
    const source = readFileSync(new URL('../../apps/notifier/src/main.ts', import.meta.url), 'utf8');
    const min = Number(new RegExp(`${NOTIFIER_KEY}: z\\.string\\(\\)\\.min\\((\\d+)`).exec(source)?.[1]);
    assert.ok(Number.isInteger(min), 'the notifier no longer states a minimum key length this test can read');
    assert.ok(PLACEHOLDER_LENGTH >= min, `placeholder ${PLACEHOLDER_LENGTH} < ${min}`);
    const notifier = dwp.services.find((x) => appOf(x) === 'notifier')!;
    assert.ok(
      notifier.secrets.some((name) => secretEnvName(name) === NOTIFIER_KEY),
      `the notifier declares no secret that arrives as ${NOTIFIER_KEY}`,
    );
    synth.template(stackName('prod', 'Data')).hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: `${dwp.name}/prod/${notifier.secrets.find((name) => secretEnvName(name) === NOTIFIER_KEY)}`,
      GenerateSecretString: { PasswordLength: PLACEHOLDER_LENGTH, ExcludePunctuation: true },
    });
  });
});
