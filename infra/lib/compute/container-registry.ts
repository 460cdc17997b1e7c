/**
 * An ECR repository per app (seed 001 "ECR: Private container registry", "Image Scanning"):
 * scan on push, immutable tags, the last N images kept, KMS-encrypted.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { pascal } from '../naming.ts';

export interface ContainerRegistryProps {
  /** apps/ folder names, one repository each. */
  readonly apps: readonly string[];
  /** `app` -> repository name. */
  readonly repositoryName: (app: string) => string;
  readonly key: kms.IKey;
  /** @default 10 */
  readonly keepImages?: number;
}

export class ContainerRegistry extends Construct {
  readonly repositories = new Map<string, ecr.Repository>();

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const keep = props.keepImages ?? 10;
    if (!Number.isInteger(keep) || keep < 1)
      throw new Error(`ContainerRegistry: keepImages must be a positive integer, got ${keep}`);
    if (new Set(props.apps).size !== props.apps.length)
      throw new Error('ContainerRegistry: each app needs exactly one repository');
    for (const app of props.apps) {
      this.repositories.set(
        app,
        new ecr.Repository(this, pascal(app), {
          repositoryName: props.repositoryName(app),
          imageScanOnPush: true,
          imageTagMutability: ecr.TagMutability.IMMUTABLE,
          encryption: ecr.RepositoryEncryption.KMS,
          encryptionKey: props.key,
          lifecycleRules: [{ description: `keep the last ${keep} images`, maxImageCount: keep }],
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      );
    }
  }
}
