import { PlatformDefinitionError, formatPath } from './errors.ts';
import { RULES } from './rules.ts';
import { platformSchema, type Platform, type PlatformInput } from './schema.ts';

/**
 * Checks a platform definition and returns it with every default filled in.
 * @throws {PlatformDefinitionError} listing every broken rule with its field path.
 */
export function definePlatform(input: PlatformInput): Platform {
  const parsed = platformSchema.safeParse(input);
  const label = typeof input.name === 'string' ? input.name : '(unnamed)';
  if (!parsed.success) {
    throw new PlatformDefinitionError(
      label,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const issues = RULES.flatMap((rule) => rule(parsed.data));
  if (issues.length > 0) throw new PlatformDefinitionError(label, issues);
  const platform = deepFreeze(parsed.data);
  defined.add(platform);
  return platform;
}

/** Every definition definePlatform has checked in this process. */
const defined = new WeakSet<object>();

/**
 * Whether a value is a definition definePlatform checked: how a loader of `platforms/<name>.ts`
 * tells a platform from any other export without trusting its shape.
 */
export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'object' && value !== null && defined.has(value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
