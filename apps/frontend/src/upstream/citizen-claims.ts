/**
 * The citizen's claims as claims-api gives them, read through the gateway as the signed-in citizen.
 * A claim that is not theirs (claims-api answers 404, or 403 for a step that is not theirs) is
 * "Page not found": a citizen learns nothing about another's claim, not even that it exists.
 */
import { z } from 'zod';
import type { SignedIn } from '../session/signed-in.ts';
import { PageNotFound, PlatformProblem, SignInRequired } from '../web/web-errors.ts';
import {
  claimAnswer,
  claimsPageAnswer,
  evidencePageAnswer,
  historyPageAnswer,
  type ClaimAnswer,
  type EvidenceAnswer,
  type HistoryEntry,
} from './claims-answers.ts';
import type { ApiResult, PlatformApi } from './platform-api.ts';

/** claims-api's largest page. */
const PAGE_SIZE = 100;
/** Enough for any one citizen's claims or a claim's history; a page never waits on more. */
const MAX_PAGES = 5;

/** A claim id as claims-api takes it; anything else names no claim. */
export const claimIdParam = z.object({ claimId: z.uuid() });

/** @throws {PageNotFound} when `params` names no claim */
export function claimIdOf(params: unknown): string {
  const p = claimIdParam.safeParse(params);
  if (!p.success) throw new PageNotFound();
  return p.data.claimId;
}

/**
 * What an answer that is not a success means to a page.
 * @throws {SignInRequired} (401: the gateway no longer takes the token) @throws {PageNotFound} @throws {PlatformProblem}
 */
export function failed(what: string, res: Extract<ApiResult<unknown>, { ok: false }>): never {
  if (res.status === 401) throw new SignInRequired(true);
  if (res.status === 404 || res.status === 403) throw new PageNotFound();
  throw new PlatformProblem(what, res.status);
}

export class CitizenClaims {
  readonly #api: PlatformApi;

  constructor(api: PlatformApi) {
    this.#api = api;
  }

  /** The citizen's claims, newest first. */
  async list(session: SignedIn): Promise<ClaimAnswer[]> {
    const claims = await this.#all('/claims/claims', claimsPageAnswer, session);
    return claims.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async claim(session: SignedIn, claimId: string): Promise<ClaimAnswer> {
    const res = await this.#api.request({
      path: `/claims/claims/${claimId}`,
      schema: claimAnswer,
      accessToken: session.tokens.accessToken,
    });
    return res.ok ? res.value : failed('claims-api GET claim', res);
  }

  /** Everything that happened to the claim, oldest first. */
  history(session: SignedIn, claimId: string): Promise<HistoryEntry[]> {
    return this.#all(`/claims/claims/${claimId}/history`, historyPageAnswer, session);
  }

  /** The evidence on the claim, oldest first. */
  evidence(session: SignedIn, claimId: string): Promise<EvidenceAnswer[]> {
    return this.#all(`/claims/claims/${claimId}/evidence`, evidencePageAnswer, session);
  }

  async #all<T>(
    path: string,
    schema: z.ZodType<{ items: T[]; nextCursor?: string | undefined }>,
    session: SignedIn,
  ): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
      const res = await this.#api.request({
        path: `${path}?${query}`,
        schema,
        accessToken: session.tokens.accessToken,
      });
      if (!res.ok) failed(`claims-api GET ${path.replace(/[0-9a-f-]{36}/g, '{id}')}`, res);
      items.push(...res.value.items);
      cursor = res.value.nextCursor;
      if (!cursor) break;
    }
    return items;
  }
}
