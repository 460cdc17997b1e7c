/**
 * An ECS secret whose read grant is decided by its owner, not by ecs.Secret.fromSecretsManager.
 * That one also edits the secret's KMS key policy to name the reading role, which would make the
 * stack that owns the key depend on the stack of every reader (a cycle between data and compute),
 * and grants on the whole key rather than on this one secret.
 */
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** Adds to a principal exactly what reading one secret needs. */
export type SecretReadGrant = (grantee: iam.IGrantable) => void;

export class GrantedSecret extends ecs.Secret {
  readonly arn: string;
  readonly hasField: boolean;
  private readonly grant: SecretReadGrant;

  /** `field` injects one JSON field of the secret instead of its whole value. */
  constructor(secret: secretsmanager.ISecret, grant: SecretReadGrant, field?: string) {
    super();
    this.grant = grant;
    this.hasField = field !== undefined;
    this.arn = field !== undefined ? `${secret.secretArn}:${field}::` : secret.secretArn;
  }

  override grantRead(grantee: iam.IGrantable): iam.Grant {
    this.grant(grantee);
    return iam.Grant.drop(grantee, "granted by the secret owner's SecretReadGrant");
  }
}

/**
 * secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on one secret, and kms:Decrypt on
 * its key only for that secret's values (the SecretARN encryption context Secrets Manager uses), so
 * a key shared by several secrets opens just this one.
 */
export function grantOneSecretRead(secret: secretsmanager.ISecret, key: kms.IKey, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secret.secretArn],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:SecretARN': secret.secretArn } },
    }),
  );
}
