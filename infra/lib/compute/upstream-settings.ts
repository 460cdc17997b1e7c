/**
 * What the services need to reach the definition's external upstreams on AWS, where no sandbox
 * stands in for them (`gateways.external`):
 *  - the external gateway service: one settings secret per upstream with the URL and credentials
 *    its route's auth reads, empty until an operator fills them in (the route answers 503 until then);
 *  - each caller of an `oidc` upstream (a relying party): a settings secret for the issuer and client
 *    id from its registration, and an RS256 key pair made at deploy time, whose public JWK is a stack
 *    output to register with the provider;
 *  - each caller of a `saml2` upstream (a service provider): a settings secret for the IdP's
 *    certificate and entity id.
 * One secret per upstream, so adding an upstream to the definition never rewrites another's settings.
 */
import { CfnOutput } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Environment, ExternalRoute, Platform } from '@dwp/platform';
import { Construct } from 'constructs';
import { pascal } from '../naming.ts';
import { secretName } from '../secret-names.ts';
import type { KeyPairProvider } from './key-pair-provider.ts';
import { KeyPairSecret } from './key-pair-secret.ts';
import { SettingsSecret } from './settings-secret.ts';
import { gatewayVariablesOf, relyingPartyVariablesOf } from './upstream-variables.ts';

export interface UpstreamSettingsProps {
  readonly platform: Platform;
  readonly environment: Environment;
  /** Encrypts the settings and the relying parties' private keys. */
  readonly key: kms.IKey;
  readonly provider: KeyPairProvider;
}

export class UpstreamSettings extends Construct {
  private readonly environments = new Map<string, Record<string, string>>();
  private readonly secrets = new Map<string, Record<string, ecs.Secret>>();
  /** Each settings secret by its definition-level name (`external-gateway-hmrc`). */
  readonly settings = new Map<string, SettingsSecret>();
  /** Each relying party's key pair by its kid (`identity-api-one-login`). */
  readonly keyPairs = new Map<string, KeyPairSecret>();

  constructor(scope: Construct, id: string, props: UpstreamSettingsProps) {
    super(scope, id);
    const { platform, environment } = props;
    const gateway = platform.gateways.external;
    if (!gateway) return;
    const declared = new Set(platform.services.flatMap((s) => s.secrets));
    const settingsSecret = (name: string, description: string, fields: Record<string, string>): SettingsSecret => {
      if (declared.has(name))
        throw new Error(
          `UpstreamSettings: a service declares the secret "${name}", which holds upstream settings; rename the declared secret`,
        );
      const secret = new SettingsSecret(this, pascal(name), {
        secretName: secretName(platform, environment, name),
        description,
        key: props.key,
        fields,
      });
      this.settings.set(name, secret);
      return secret;
    };

    for (const route of uniqueUpstreams(gateway.routes)) {
      const gatewaySecret = settingsSecret(
        `${gateway.service}-${route.upstream}`,
        `${gateway.service}: URL and credentials of ${route.upstream} (${route.auth}); empty until set, and the route answers "not configured"`,
        Object.fromEntries(gatewayVariablesOf(route).map((v) => [v, ''])),
      );
      this.add(gateway.service, {}, gatewaySecret.asEcsSecrets());

      const rp = relyingPartyVariablesOf(route);
      if (!rp) continue;
      for (const caller of [
        ...new Set(gateway.routes.filter((r) => r.upstream === route.upstream).flatMap((r) => r.callers)),
      ].sort()) {
        const name = `${caller}-${route.upstream}`;
        const settings = settingsSecret(
          name,
          `${caller}: its registration with ${route.upstream} (${route.auth}); placeholders until set`,
          { ...rp.settings },
        );
        this.add(caller, {}, settings.asEcsSecrets());
        if (!rp.signingKey) continue;
        const pair = new KeyPairSecret(this, pascal(name, 'signing-key'), {
          secretName: secretName(platform, environment, `${name}-signing-key`),
          description: `${caller}: private RS256 key (PKCS#8 PEM) it authenticates to ${route.upstream} with`,
          key: props.key,
          kid: name,
          algorithm: 'RS256',
          privateFormat: 'pkcs8-pem',
          provider: props.provider,
        });
        this.keyPairs.set(name, pair);
        this.add(
          caller,
          { [rp.signingKey.kidVariable]: pair.kid },
          { [rp.signingKey.keyVariable]: pair.asEcsSecret() },
        );
        new CfnOutput(this, pascal(name, 'public-jwk'), {
          value: pair.publicJwk,
          description: `${caller}'s public key (JWK, kid ${pair.kid}) to register with ${route.upstream}`,
        });
      }
    }
  }

  /** Plain variables of a service (key ids). */
  environmentOf(service: string): Record<string, string> {
    return { ...this.environments.get(service) };
  }

  /** Secrets of a service (settings fields and private keys), each readable only by that service. */
  secretsOf(service: string): Record<string, ecs.Secret> {
    return { ...this.secrets.get(service) };
  }

  private add(service: string, environment: Record<string, string>, secrets: Record<string, ecs.Secret>): void {
    this.environments.set(service, { ...this.environments.get(service), ...environment });
    this.secrets.set(service, { ...this.secrets.get(service), ...secrets });
  }
}

/** One route per upstream (the first that names it), so each upstream's settings are made once. */
function uniqueUpstreams(routes: readonly ExternalRoute[]): ExternalRoute[] {
  const seen = new Map<string, ExternalRoute>();
  for (const r of routes) {
    const first = seen.get(r.upstream);
    if (first && first.auth !== r.auth)
      throw new Error(
        `UpstreamSettings: upstream "${r.upstream}" has routes with auth "${first.auth}" and "${r.auth}"; one upstream has one auth`,
      );
    if (!first) seen.set(r.upstream, r);
  }
  return [...seen.values()];
}
