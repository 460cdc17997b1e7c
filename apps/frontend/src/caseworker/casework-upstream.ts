/**
 * How the console reads the platform's answers: a success is used, a 404 is the GOV.UK "Page not
 * found" page (the claim does not exist), a 403 "You cannot access this page", and anything else
 * is the platform's fault (502).
 */
import { z } from 'zod';
import type { SignedIn } from '../session/signed-in.ts';
import { staffClaimAnswer, type StaffClaim } from '../upstream/caseworker-answers.ts';
import type { ApiResult, PlatformApi } from '../upstream/platform-api.ts';
import { PageForbidden, PageNotFound, PlatformProblem } from '../web/web-errors.ts';

/** @throws {PageNotFound} @throws {PageForbidden} @throws {PlatformProblem} */
export function answerOf<T>(res: ApiResult<T>, what: string): T {
  if (res.ok) return res.value;
  if (res.status === 404) throw new PageNotFound();
  if (res.status === 403) throw new PageForbidden();
  throw new PlatformProblem(what, res.status);
}

const claimParams = z.object({ claimId: z.uuid() });
const evidenceParams = claimParams.extend({ evidenceId: z.uuid() });

/** The claim a URL names; a malformed id names none. @throws {PageNotFound} */
export function claimIdOf(params: unknown): string {
  const p = claimParams.safeParse(params);
  if (!p.success) throw new PageNotFound();
  return p.data.claimId;
}

/** @throws {PageNotFound} */
export function evidenceIdsOf(params: unknown): { claimId: string; evidenceId: string } {
  const p = evidenceParams.safeParse(params);
  if (!p.success) throw new PageNotFound();
  return p.data;
}

export const claimApiPath = (claimId: string, rest = '') => `/claims/claims/${claimId}${rest}`;
export const claimPagePath = (claimId: string, rest = '') => `/caseworker/claims/${claimId}${rest}`;

/** A claim as staff see it. @throws {PageNotFound} @throws {PageForbidden} @throws {PlatformProblem} */
export async function staffClaimOf(api: PlatformApi, session: SignedIn, claimId: string): Promise<StaffClaim> {
  return answerOf(
    await api.request({
      path: claimApiPath(claimId),
      schema: staffClaimAnswer,
      accessToken: session.tokens.accessToken,
    }),
    'claims-api claim',
  );
}
