/**
 * A secret a service declares that is not a database credential (API credentials, signing keys).
 * Created with a generated placeholder value that operators replace with the real one; the
 * container receives it from Secrets Manager, never from the repo or the template.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { grantKeyDecrypt } from '../encryption-key.ts';

/**
 * Length of a generated placeholder (ours): long enough to pass the shape checks apps make of a
 * credential at start (a GOV.UK Notify API key is at least 74 characters), so a service starts and
 * reports the upstream's refusal instead of crash-looping until an operator sets the real value.
 */
export const PLACEHOLDER_LENGTH = 80;

export interface ServiceSecretProps {
  readonly secretName: string;
  readonly description: string;
  readonly key: kms.IKey;
}

export class ServiceSecret extends Construct {
  readonly secret: secretsmanager.Secret;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: ServiceSecretProps) {
    super(scope, id);
    this.key = props.key;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: props.secretName,
      description: props.description,
      encryptionKey: props.key,
      generateSecretString: { passwordLength: PLACEHOLDER_LENGTH, excludePunctuation: true },
    });
    NagSuppressions.addResourceSuppressions(this.secret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Issued by a third party (government API credentials, signing keys) or by hand; the issuer rotates it and operators replace the value, so there is no rotation function to schedule.',
      },
      {
        id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
        reason: 'As AwsSolutions-SMG4: rotated by its issuer, not by a rotation function.',
      },
    ]);
  }

  /** secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on this secret, kms:Decrypt on its key. */
  grantRead(grantee: iam.IGrantable): void {
    grantSecretRead(this.secret, this.key, grantee);
  }
}

/** secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on one secret, kms:Decrypt on its key. */
export function grantSecretRead(secret: secretsmanager.ISecret, key: kms.IKey, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secret.secretArn],
    }),
  );
  grantKeyDecrypt(key, grantee);
}
