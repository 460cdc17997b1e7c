import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { definePlatform, relyingPartyEnvNames, type PlatformInput } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { secretName } from '../secret-names.ts';
import { KEY_PAIR_RESOURCE_TYPE, KeyPairProvider } from './key-pair-provider.ts';
import { UpstreamSettings } from './upstream-settings.ts';
import { gatewayVariablesOf, relyingPartyVariablesOf } from './upstream-variables.ts';

const environment = dwp.environments.find((e) => e.name === 'test')!;
const gateway = dwp.gateways.external!;

function fixture(platform = dwp) {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const key = new kms.Key(stack, 'IdentityKey');
  const provider = new KeyPairProvider(stack, 'KeyPairs', { platform, logKey: new kms.Key(stack, 'LogKey') });
  const upstreams = new UpstreamSettings(stack, 'Upstreams', { platform, environment, key, provider });
  return { stack, upstreams, t: Template.fromStack(stack) };
}

function secretString(t: Template, name: string): Record<string, string> {
  const found = Object.values(t.findResources('AWS::SecretsManager::Secret', { Properties: { Name: name } }));
  assert.equal(found.length, 1, `no secret ${name}`);
  return JSON.parse((found[0]!.Properties as { SecretString: string }).SecretString) as Record<string, string>;
}

describe('UpstreamSettings', () => {
  it("gives the external gateway one secret per upstream, holding exactly its auth's variables, empty", () => {
    const { t, stack, upstreams } = fixture();
    for (const r of gateway.routes) {
      const fields = secretString(t, secretName(dwp, environment, `${gateway.service}-${r.upstream}`));
      assert.deepEqual(fields, Object.fromEntries(gatewayVariablesOf(r).map((v) => [v, ''])), r.upstream);
    }
    const secrets = upstreams.secretsOf(gateway.service);
    assert.deepEqual(Object.keys(secrets).sort(), gateway.routes.flatMap(gatewayVariablesOf).sort());
    // Each variable is its own JSON field of its upstream's secret.
    const hmrc = stack.resolve(secrets.HMRC_CLIENT_SECRET!.arn) as { 'Fn::Join': [string, unknown[]] };
    assert.deepEqual(hmrc['Fn::Join'][1].at(-1), ':HMRC_CLIENT_SECRET::');
  });

  it('registers each caller of an OIDC upstream with placeholders and a generated RS256 key it alone can read', () => {
    const { t, stack, upstreams } = fixture();
    for (const r of gateway.routes.filter((x) => x.auth === 'oidc')) {
      const rp = relyingPartyVariablesOf(r)!;
      for (const caller of r.callers) {
        const name = `${caller}-${r.upstream}`;
        assert.deepEqual(secretString(t, secretName(dwp, environment, name)), rp.settings);
        t.hasResourceProperties(KEY_PAIR_RESOURCE_TYPE, { Kid: name, Algorithm: 'RS256', PrivateFormat: 'pkcs8-pem' });
        assert.deepEqual(upstreams.environmentOf(caller), { [rp.signingKey!.kidVariable]: name });
        const secrets = upstreams.secretsOf(caller);
        for (const v of [...Object.keys(rp.settings), rp.signingKey!.keyVariable])
          assert.ok(v in secrets, `${caller} lacks ${v}`);
        assert.match(
          JSON.stringify(stack.resolve(secrets[rp.signingKey!.keyVariable]!.arn)),
          /"Ref":"UpstreamsIdentityApiOneLoginSigningKeySecret/,
        );
        t.hasOutput('*', {
          Value: {
            'Fn::GetAtt': [Match.stringLikeRegexp('^UpstreamsIdentityApiOneLoginSigningKeyKeyPair'), 'PublicJwk'],
          },
        });
      }
    }
  });

  it('gives each caller of a SAML upstream the IdP settings and no key', () => {
    const { t, upstreams } = fixture();
    for (const r of gateway.routes.filter((x) => x.auth === 'saml2')) {
      for (const caller of r.callers) {
        assert.deepEqual(
          secretString(t, secretName(dwp, environment, `${caller}-${r.upstream}`)),
          relyingPartyVariablesOf(r)!.settings,
        );
        assert.ok(Object.keys(upstreams.secretsOf(caller)).includes(relyingPartyEnvNames(r.upstream).idpCert));
      }
    }
    t.resourceCountIs(
      KEY_PAIR_RESOURCE_TYPE,
      gateway.routes.filter((x) => x.auth === 'oidc').flatMap((x) => x.callers).length,
    );
  });

  it('gives a service that reaches no upstream nothing', () => {
    const { upstreams } = fixture();
    assert.deepEqual(upstreams.secretsOf('citizen-api'), {});
    assert.deepEqual(upstreams.environmentOf('citizen-api'), {});
  });

  it('refuses a declared secret that would collide with upstream settings', () => {
    const input = {
      ...dwp,
      services: dwp.services.map((s) => (s.name === 'address-api' ? { ...s, secrets: ['external-gateway-hmrc'] } : s)),
    } as PlatformInput;
    assert.throws(() => fixture(definePlatform(input)), /declares the secret "external-gateway-hmrc"/);
  });
});
