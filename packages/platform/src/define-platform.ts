import { PlatformDefinitionError, formatPath } from './errors.ts';
import { RULES } from './rules.ts';
import { platformSchema, type Platform, type PlatformInput } from './schema.ts';

/**
 * Checks a platform definition and returns it with every default filled in.
 * @throws {PlatformDefinitionError} listing every broken rule with its field path.
 */
export function definePlatform(input: PlatformInput): Platform {
  const parsed = platformSchema.safeParse(input);
  const label = typeof input?.name === 'string' ? input.name : '(unnamed)';
  if (!parsed.success) {
    throw new PlatformDefinitionError(
      label,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const issues = RULES.flatMap((rule) => rule(parsed.data));
  if (issues.length > 0) throw new PlatformDefinitionError(label, issues);
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
