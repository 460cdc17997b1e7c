/** Who is calling a service, as the service-identity plugin established it. */

/**
 * A role is a user pool group the user belongs to (Cognito `cognito:groups`). The definition names
 * the pool's groups (`userPool.groups`); the kit takes them from there, never from a list of its own.
 */
export type Role = string;

export interface UserIdentity {
  /** The user's stable subject (Cognito `sub`). */
  readonly sub: string;
  readonly username: string;
  readonly roles: readonly Role[];
}

export type Caller =
  /** No token, or a gateway call without a signed-in user (a public route). */
  | { readonly kind: 'anonymous' }
  /** A signed-in user, verified by the primary gateway. */
  | { readonly kind: 'user'; readonly user: UserIdentity }
  /** Another service, possibly acting for a user. */
  | { readonly kind: 'service'; readonly service: string; readonly onBehalfOf?: UserIdentity };

/** What a route requires of its caller (route `config.auth`). @default 'authenticated' */
export type RouteAuth = 'public' | 'authenticated' | 'user' | 'service';

/** Whether `value` names one of the user pool's groups (the definition's `userPool.groups`). */
export function isRole(value: unknown, groups: readonly string[]): value is Role {
  return typeof value === 'string' && groups.includes(value);
}

/** The user a request acts for: the signed-in user, or the one a calling service acts for. */
export function actingUser(caller: Caller): UserIdentity | undefined {
  switch (caller.kind) {
    case 'anonymous':
      return undefined;
    case 'user':
      return caller.user;
    case 'service':
      return caller.onBehalfOf;
    default: {
      const never: never = caller;
      throw new Error(`Unexpected caller ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Whether the user a request acts for belongs to one of the definition's staff groups
 * (`userPool.staffGroups`: caseworkers and administrators on DWP), who may see others' records.
 */
export function isStaff(caller: Caller, staffGroups: readonly string[]): boolean {
  return actingUser(caller)?.roles.some((r) => staffGroups.includes(r)) ?? false;
}
