/**
 * Settings only an operator can supply (an upstream's URL and credentials, a relying party's
 * registration), kept as one KMS-encrypted JSON secret with a field per variable. Each field
 * starts at a value the app accepts at start, so a first deploy comes up with the upstream "not
 * configured"; the operator sets the real values and restarts the service. CloudFormation writes
 * the fields only when the secret is created or its field list changes.
 */
import { SecretValue } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { GrantedSecret, grantOneSecretRead } from './granted-secret.ts';

export interface SettingsSecretProps {
  readonly secretName: string;
  readonly description: string;
  readonly key: kms.IKey;
  /** Each variable and the value it starts at. */
  readonly fields: Readonly<Record<string, string>>;
}

export class SettingsSecret extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly fields: readonly string[];
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: SettingsSecretProps) {
    super(scope, id);
    this.fields = Object.keys(props.fields);
    if (this.fields.length === 0) throw new Error(`SettingsSecret ${id}: a settings secret needs at least one field`);
    this.key = props.key;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: props.secretName,
      description: props.description,
      encryptionKey: props.key,
      // Start-safe placeholders (empty or .invalid values), not credentials: nothing secret is in the template.
      secretObjectValue: Object.fromEntries(
        Object.entries(props.fields).map(([k, v]) => [k, SecretValue.unsafePlainText(v)]),
      ),
    });
    NagSuppressions.addResourceSuppressions(this.secret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          "Settings issued by a third party (an upstream's credentials, a relying-party registration) and entered by an operator; the issuer rotates them, so there is no rotation function to run.",
      },
      {
        id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
        reason:
          'As AwsSolutions-SMG4: third-party settings entered by an operator and rotated by their issuer, not by a function.',
      },
    ]);
  }

  /**
   * secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on this secret, and kms:Decrypt
   * on its key only for this secret's values (the SecretARN encryption context).
   */
  grantRead(grantee: iam.IGrantable): void {
    grantOneSecretRead(this.secret, this.key, grantee);
  }

  /** Each field as the ECS secret of the variable it is named for. */
  asEcsSecrets(): Record<string, ecs.Secret> {
    return Object.fromEntries(
      this.fields.map((f) => [
        f,
        new GrantedSecret(
          this.secret,
          (grantee) => {
            this.grantRead(grantee);
          },
          f,
        ),
      ]),
    );
  }
}
