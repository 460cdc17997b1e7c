/** Who the caseworker console is for: the members of the user pool's staff groups (the definition's `userPool.staffGroups`). */
export type IsStaff = (roles: readonly string[]) => boolean;

export const staffCheck =
  (staffGroups: readonly string[]): IsStaff =>
  (roles) =>
    roles.some((r) => staffGroups.includes(r));
