/** One rule a definition broke, at the path (`services[2].memory`) where it broke it. */
export interface DefinitionIssue {
  readonly path: string;
  readonly message: string;
}

/** A platform definition that breaks a rule. `issues` lists every broken rule, not only the first. */
export class PlatformDefinitionError extends Error {
  static readonly code = 'PLATFORM_ERR_DEFINITION_INVALID';
  readonly code = PlatformDefinitionError.code;
  readonly issues: readonly DefinitionIssue[];

  constructor(platformName: string, issues: readonly DefinitionIssue[]) {
    super(
      `platform "${platformName}" is invalid:\n` +
        issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n'),
    );
    this.name = 'PlatformDefinitionError';
    this.issues = issues;
  }
}

/** `['services', 2, 'memory']` -> `services[2].memory` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
