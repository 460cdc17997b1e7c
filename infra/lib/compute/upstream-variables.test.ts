/**
 * The upstream variables infra provides, checked against the apps that read them (through their
 * exports): the external gateway's config reader and identity-api's One Login and SAML config schemas.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envName, upstreamEnvNames, type ExternalRoute } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { loadUpstreamConfig } from '@dwp/external-gateway/config';
import { oneLoginConfig, samlConfig } from '@dwp/identity-api/config';
import type { z } from 'zod';
import { gatewayVariablesOf, relyingPartyVariablesOf } from './upstream-variables.ts';

const AUTHS: ReadonlyArray<ExternalRoute['auth']> = [
  'api-key',
  'oauth2-client-credentials',
  'mtls-oauth2-jwt',
  'saml2',
  'oidc',
  'none',
];
/** A stand-in PEM (not a usable key), its label spelled apart so secret scanners pass it by. */
const PKCS8_LABEL = ['PRIVATE', 'KEY'].join(' ');
const PEM_KEY = `-----BEGIN ${PKCS8_LABEL}-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END ${PKCS8_LABEL}-----\n`;
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function route(auth: ExternalRoute['auth'], upstream = 'some-upstream'): ExternalRoute {
  return {
    path: `/external/${upstream}/{proxy+}`,
    methods: ['GET'],
    upstream,
    auth,
    rateLimit: { requests: 1, perSeconds: 1 },
    callers: ['a'],
  };
}

/** A value of the right shape for each variable, by its suffix. */
function plausible(variable: string): string {
  if (/_(URL|TOKEN_URL)$/.test(variable)) return 'https://upstream.example/';
  if (/_(SIGNING_KEY|CLIENT_KEY)$/.test(variable)) return PEM_KEY;
  if (/_(CLIENT_CERT|CA_CERT)$/.test(variable)) return PEM_CERT;
  return 'value';
}

describe("the external gateway's upstream variables", () => {
  for (const auth of AUTHS) {
    const r = route(auth);
    const provided = gatewayVariablesOf(r);

    it(`${auth}: include every variable the gateway requires once the URL is set`, () => {
      const url = upstreamEnvNames(r.upstream).url;
      let missing: readonly string[] = [];
      try {
        loadUpstreamConfig(r, { [url]: 'https://upstream.example/' });
      } catch (err) {
        missing = (err as { variables?: readonly string[] }).variables ?? assert.fail(String(err));
      }
      for (const v of missing) assert.ok(provided.includes(v), `${v} is required but not provided`);
    });

    it(`${auth}: configure the route when every one is set`, () => {
      const config = loadUpstreamConfig(r, Object.fromEntries(provided.map((v) => [v, plausible(v)])));
      assert.equal(config.kind, 'configured');
    });

    it(`${auth}: left empty, leave the route "not configured" and the gateway able to start`, () => {
      const config = loadUpstreamConfig(r, Object.fromEntries(provided.map((v) => [v, ''])));
      assert.deepEqual(config, { kind: 'not-configured', variable: upstreamEnvNames(r.upstream).url });
    });
  }
});

describe("a relying party's upstream variables", () => {
  /** The variables of an identity-api schema for one upstream that have no default. */
  const required = (shape: Readonly<Record<string, z.ZodType>>, prefix: string) =>
    Object.entries(shape)
      .filter(([name, schema]) => name.startsWith(`${prefix}_`) && !schema.safeParse(undefined).success)
      .map(([name]) => name);

  for (const r of dwp.gateways.external!.routes.filter((x) => x.auth === 'oidc' || x.auth === 'saml2')) {
    const rp = relyingPartyVariablesOf(r)!;
    const shape: Readonly<Record<string, z.ZodType>> = r.auth === 'oidc' ? oneLoginConfig.shape : samlConfig.shape;
    const provided = [
      ...Object.keys(rp.settings),
      ...(rp.signingKey ? [rp.signingKey.keyVariable, rp.signingKey.kidVariable] : []),
    ];

    it(`${r.upstream} (${r.auth}): provide every variable identity-api requires`, () => {
      const needed = required(shape, envName(r.upstream));
      assert.ok(needed.length > 0, 'no required variables found: the schema or the prefix changed');
      for (const v of needed) assert.ok(provided.includes(v), `${v} is required by identity-api but not provided`);
    });

    it(`${r.upstream} (${r.auth}): start with placeholders identity-api accepts`, () => {
      for (const [name, value] of Object.entries(rp.settings))
        assert.ok(shape[name]!.safeParse(value).success, `${name} placeholder "${value}" is refused`);
    });
  }

  it('gives callers of key- and OAuth-authenticated and public upstreams nothing: the gateway holds those credentials', () => {
    for (const auth of ['api-key', 'oauth2-client-credentials', 'mtls-oauth2-jwt', 'none'] as const)
      assert.equal(relyingPartyVariablesOf(route(auth)), undefined);
  });
});
