/** Secrets Manager names: `<platform>/<environment>/<secret>`, so environments in one account never collide. */
import type { Environment, Platform } from '@dwp/platform';

export function secretName(platform: Platform, environment: Environment, secret: string): string {
  return `${platform.name}/${environment.name}/${secret}`;
}
