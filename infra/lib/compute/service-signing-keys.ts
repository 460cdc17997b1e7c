/**
 * The service identity keys of one environment on AWS. Every service of the definition is a
 * principal: it signs service tokens with its own Ed25519 private key (`SERVICE_SIGNING_KEY`, a
 * JWK from Secrets Manager) and verifies its callers with everyone's public keys
 * (`PLATFORM_TRUSTED_KEYS`, a JWKS whose `kid`s are the principals' names). The primary gateway
 * is API Gateway on AWS and signs nothing, so unlike the local runtime it is not a principal here.
 */
import { Fn } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { ENV, type Environment, type Platform } from '@dwp/platform';
import { Construct } from 'constructs';
import { pascal } from '../naming.ts';
import { secretName } from '../secret-names.ts';
import type { KeyPairProvider } from './key-pair-provider.ts';
import { KeyPairSecret } from './key-pair-secret.ts';

/** The variables of the service kit's identity (packages/service-kit/src/identity/keys.ts). */

/** `claims-api` -> `claims-api-signing-key`, the secret its private key lives in. */
export function signingKeySecretOf(principal: string): string {
  return `${principal}-signing-key`;
}

export interface ServiceSigningKeysProps {
  readonly platform: Platform;
  readonly environment: Environment;
  /** Encrypts the private keys. */
  readonly key: kms.IKey;
  readonly provider: KeyPairProvider;
}

export class ServiceSigningKeys extends Construct {
  private readonly pairs = new Map<string, KeyPairSecret>();

  constructor(scope: Construct, id: string, props: ServiceSigningKeysProps) {
    super(scope, id);
    const { platform, environment } = props;
    const declared = new Set(platform.services.flatMap((s) => s.secrets));
    for (const service of platform.services) {
      const name = signingKeySecretOf(service.name);
      if (declared.has(name)) {
        throw new Error(
          `ServiceSigningKeys: a service declares the secret "${name}", which is ${service.name}'s signing key; rename the declared secret`,
        );
      }
      this.pairs.set(
        service.name,
        new KeyPairSecret(this, pascal(service.name), {
          secretName: secretName(platform, environment, name),
          description: `${service.name}: private Ed25519 JWK that signs its service tokens (${ENV.signingKey})`,
          key: props.key,
          kid: service.name,
          algorithm: 'EdDSA',
          provider: props.provider,
        }),
      );
    }
  }

  /** Every principal's name, in the definition's order. */
  get principals(): readonly string[] {
    return [...this.pairs.keys()];
  }

  /** The key pair of one principal. */
  pairOf(principal: string): KeyPairSecret {
    const pair = this.pairs.get(principal);
    if (!pair)
      throw new Error(
        `ServiceSigningKeys: "${principal}" is not a principal; the principals are ${this.principals.join(', ')}`,
      );
    return pair;
  }

  /** `SERVICE_SIGNING_KEY` of one principal: its own secret, which only its execution role may read. */
  signingKeyOf(principal: string): ecs.Secret {
    return this.pairOf(principal).asEcsSecret();
  }

  /** `PLATFORM_TRUSTED_KEYS`: `{"keys":[<each principal's public JWK>]}`, assembled at deploy time. */
  get trustedKeys(): string {
    return Fn.join('', [
      '{"keys":[',
      Fn.join(
        ',',
        [...this.pairs.values()].map((p) => p.publicJwk),
      ),
      ']}',
    ]);
  }
}
