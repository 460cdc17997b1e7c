/**
 * A key pair made at deploy time: a KMS-encrypted secret that holds the private key, and the
 * `Custom::KeyPair` that generates the pair on Create and writes the private half into it. The
 * public half comes back as a template value (`publicJwk`), so it can be handed out as plain
 * configuration; the private half never appears in a template, a log or an output.
 */
import { CustomResource } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { GrantedSecret, grantOneSecretRead } from './granted-secret.ts';
import type { KeyAlgorithm, KeyPairProperties, PrivateKeyFormat } from './key-pair-handler.ts';
import { KEY_PAIR_RESOURCE_TYPE, type KeyPairProvider } from './key-pair-provider.ts';

export interface KeyPairSecretProps {
  /** The secret's name in Secrets Manager. */
  readonly secretName: string;
  /** What the key is for, shown in the Secrets Manager console. */
  readonly description: string;
  /** Encrypts the secret. */
  readonly key: kms.IKey;
  /** The JWK `kid` of both halves: the name a verifier picks the public key by. */
  readonly kid: string;
  readonly algorithm: KeyAlgorithm;
  /** How the private key is stored. @default 'jwk' */
  readonly privateFormat?: PrivateKeyFormat;
  readonly provider: KeyPairProvider;
}

export class KeyPairSecret extends Construct {
  readonly secret: secretsmanager.Secret;
  /** The public JWK as JSON text (a deploy-time value). */
  readonly publicJwk: string;
  readonly kid: string;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: KeyPairSecretProps) {
    super(scope, id);
    if (props.kid.trim() === '')
      throw new Error(`KeyPairSecret ${id}: a key pair needs a kid that verifiers can pick it by`);
    this.key = props.key;
    this.kid = props.kid;
    // Created with a generated placeholder, replaced by the private key before anything can read it:
    // every reader depends on `publicJwk`, which exists only once the key has been written.
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: props.secretName,
      description: props.description,
      encryptionKey: props.key,
    });
    NagSuppressions.addResourceSuppressions(this.secret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'A generated key pair whose public half every verifier is configured with at deploy time; it is rotated by replacing the Custom::KeyPair in a deploy (new pair, new trusted keys), not by a rotation function.',
      },
      {
        id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
        reason:
          'As AwsSolutions-SMG4: a key pair rotated by replacing its Custom::KeyPair in a deploy, so that every verifier receives the new public key at once.',
      },
    ]);
    props.provider.allowWriting(this.secret, props.key);

    const properties: KeyPairProperties = {
      SecretId: this.secret.secretArn,
      Kid: props.kid,
      Algorithm: props.algorithm,
      PrivateFormat: props.privateFormat ?? 'jwk',
    };
    const pair = new CustomResource(this, 'KeyPair', {
      serviceToken: props.provider.serviceToken,
      resourceType: KEY_PAIR_RESOURCE_TYPE,
      properties: { ...properties },
    });
    this.publicJwk = pair.getAttString('PublicJwk');
  }

  /**
   * secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on this secret, and kms:Decrypt
   * on its key only for this secret's values (the SecretARN encryption context Secrets Manager uses).
   */
  grantRead(grantee: iam.IGrantable): void {
    grantOneSecretRead(this.secret, this.key, grantee);
  }

  /** The private key as an ECS secret; the task's execution role is granted this one secret only. */
  asEcsSecret(): ecs.Secret {
    return new GrantedSecret(this.secret, (grantee) => {
      this.grantRead(grantee);
    });
  }
}
