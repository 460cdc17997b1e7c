/** Who a request acts for, and what they may see: their own claims, or every claim as a caseworker. */
import { actingUser, type Caller, type UserIdentity } from '@dwp/service-kit';
import { NoActingUserError } from './errors.ts';
import type { ClaimRecord } from './store/claim-records.ts';

export interface ActingUser {
  readonly sub: string;
  readonly caseworker: boolean;
  readonly identity: UserIdentity;
}

export function actingUserOf(caller: Caller): ActingUser {
  const user = actingUser(caller);
  if (!user) throw new NoActingUserError();
  return { sub: user.sub, caseworker: user.roles.includes('caseworker') || user.roles.includes('admin'), identity: user };
}

export function canSee(user: ActingUser, claim: ClaimRecord): boolean {
  return user.caseworker || claim.citizenSub === user.sub;
}
