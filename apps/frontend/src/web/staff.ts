/** Who the console is for: the user pool's staff groups. */
export const STAFF_ROLES: readonly string[] = ['caseworker', 'admin'];
export const isStaff = (roles: readonly string[]): boolean => roles.some((r) => STAFF_ROLES.includes(r));
