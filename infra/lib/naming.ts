/**
 * How a definition name becomes an AWS resource name in one environment. Every physical name in
 * the app goes through here, so the environment's prefix and suffix (seed 002) apply everywhere.
 */
import type { Environment } from '@dwp/platform';

/** `claims-api` in test -> `claims-api-test`; in prod -> `claims-api`. */
export function physicalName(environment: Environment, name: string): string {
  return `${environment.namePrefix}${name}${environment.nameSuffix}`;
}

/** `dwp` + `test` -> `DwpTest`: the CDK construct id of an environment's stacks. */
export function pascal(...parts: readonly string[]): string {
  return parts
    .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
