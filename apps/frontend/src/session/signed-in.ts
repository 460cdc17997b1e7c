/**
 * The signed-in user of a request, with a live access token: refreshed through identity-api when
 * it is about to expire, or SignInRequired when there is none (never signed in, signed out, or the
 * session timed out after 30 minutes without activity).
 */
import { systemClock, type Clock } from '@dwp/clock';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PageForbidden, SignInRequired } from '../web/web-errors.ts';
import type { Session, Sessions, SessionTokens } from './session-store.ts';

export interface SignedIn extends Session {
  readonly user: NonNullable<Session['user']>;
  readonly tokens: SessionTokens;
}

/** Refresh this long before the access token expires, so a call made now does not race it. */
const REFRESH_MARGIN_MS = 30_000;

export const tokensAnswer = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  expiresIn: z.number().int().positive(),
});

export class SignedInUsers {
  readonly #store: Sessions;
  readonly #api: PlatformApi;
  readonly #isStaff: (roles: readonly string[]) => boolean;
  readonly #clock: Clock;

  constructor(
    store: Sessions,
    api: PlatformApi,
    isStaff: (roles: readonly string[]) => boolean,
    clock: Clock = systemClock,
  ) {
    this.#store = store;
    this.#api = api;
    this.#isStaff = isStaff;
    this.#clock = clock;
  }

  /** @throws {SignInRequired} */
  async of(request: FastifyRequest): Promise<SignedIn> {
    const s = request.session;
    if (!s?.user || !s.tokens) throw new SignInRequired(request.sessionLapsed);
    const signedIn: SignedIn = { ...s, user: s.user, tokens: s.tokens };
    if (s.tokens.accessExpiresAt > this.#clock.now() + REFRESH_MARGIN_MS) return signedIn;
    if (!s.tokens.refreshToken) throw new SignInRequired(true);
    const res = await this.#api.request({
      method: 'POST',
      path: '/identity/refresh',
      schema: tokensAnswer,
      body: { refreshToken: s.tokens.refreshToken },
    });
    if (!res.ok) {
      await this.#store.delete(s.id);
      throw new SignInRequired(true);
    }
    const refreshed: SignedIn = {
      ...signedIn,
      tokens: {
        accessToken: res.value.accessToken,
        refreshToken: s.tokens.refreshToken,
        accessExpiresAt: this.#clock.now() + res.value.expiresIn * 1000,
      },
    };
    await this.#store.save(refreshed);
    request.session = refreshed;
    return refreshed;
  }

  /** A signed-in citizen (not staff). @throws {SignInRequired} @throws {PageForbidden} */
  async citizen(request: FastifyRequest): Promise<SignedIn> {
    const s = await this.of(request);
    if (!s.user.roles.includes('citizen')) throw new PageForbidden();
    return s;
  }

  /** A signed-in caseworker or admin. @throws {SignInRequired} @throws {PageForbidden} */
  async staff(request: FastifyRequest): Promise<SignedIn> {
    const s = await this.of(request);
    if (!this.#isStaff(s.user.roles)) throw new PageForbidden();
    return s;
  }

  /** Keeps a journey's answers in the session, under the journey's name. */
  async keep(session: Session, journey: string, value: unknown): Promise<Session> {
    const next: Session = { ...session, journeys: { ...session.journeys, [journey]: value } };
    await this.#store.save(next);
    return next;
  }
}
