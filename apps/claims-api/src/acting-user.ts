/** Who a request acts for, and what they may see: their own claims, or every claim as a caseworker. */
import { actingUser, type UserIdentity } from '@dwp/service-kit';
import type { FastifyRequest } from 'fastify';
import { NoActingUserError } from './errors.ts';
import type { ClaimRecord } from './store/claim-records.ts';

export interface ActingUser {
  readonly sub: string;
  readonly caseworker: boolean;
  readonly identity: UserIdentity;
}

/** Staff (the definition's `userPool.staffGroups`) act as caseworkers. */
export function actingUserOf(request: Pick<FastifyRequest, 'caller' | 'isStaff'>): ActingUser {
  const user = actingUser(request.caller);
  if (!user) throw new NoActingUserError();
  return { sub: user.sub, caseworker: request.isStaff(), identity: user };
}

export function canSee(user: ActingUser, claim: ClaimRecord): boolean {
  return user.caseworker || claim.citizenSub === user.sub;
}
