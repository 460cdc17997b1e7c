/**
 * The container registry of one environment, a stack of its own so CI can push images before the
 * services that run them are updated.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import { appOf, type Environment, type Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { ContainerRegistry } from '../compute/container-registry.ts';
import { EncryptionKey } from '../encryption-key.ts';
import { physicalName } from '../naming.ts';

export interface RegistryStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
}

export class RegistryStack extends Stack {
  readonly repositories: ReadonlyMap<string, ecr.Repository>;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    const { platform, environment } = props;
    const key = new EncryptionKey(this, 'RegistryKey', {
      description: `${platform.name} ${environment.name}: container images`,
    });
    const apps = [...new Set(platform.services.map(appOf))];
    this.repositories = new ContainerRegistry(this, 'Registry', {
      apps,
      repositoryName: (app) => physicalName(environment, `${platform.name}/${app}`),
      key: key.key,
    }).repositories;
  }
}
