/**
 * The web tier in-process for page tests: `inject()` requests with a cookie jar, a FakeGateway
 * behind it, sessions in memory, and helpers to sign a user in without the sign-in pages.
 */
import { FakeClock } from '@dwp/clock';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { staffGroupsOf } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import type { ServiceApp, UserIdentity } from '@dwp/service-kit';
import { randomBytes } from 'node:crypto';
import { anonymousCsrfToken } from '../session/csrf.ts';
import { FORM_COOKIE, SESSION_COOKIE } from '../session/session-cookies.ts';
import type { Session } from '../session/session-store.ts';
import { buildWebApp } from '../web-app.ts';
import { FakeGateway } from './fake-gateway.ts';
import { MemorySessions } from './memory-sessions.ts';

export interface PageResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
  /** The Location header of a redirect. */
  readonly location: string | undefined;
}

export class WebAppUnderTest {
  readonly gateway = new FakeGateway();
  readonly sessions: MemorySessions;
  /** The key anonymous forms' tokens are signed with. */
  readonly formKey = new Uint8Array(randomBytes(32));
  readonly app: ServiceApp;
  #cookies = new Map<string, string>();
  #now: number;

  private constructor(app: ServiceApp, sessions: MemorySessions, now: number) {
    this.app = app;
    this.sessions = sessions;
    this.#now = now;
  }

  static async start(opts: { now?: number } = {}): Promise<WebAppUnderTest> {
    const app: ServiceApp = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    const clock = new FakeClock(opts.now ?? Date.now());
    const sessions = new MemorySessions(clock);
    const t = new WebAppUnderTest(app, sessions, clock.now());
    await app.register(buildWebApp, {
      sessions,
      gateway: t.gateway.transport,
      staffGroups: staffGroupsOf(dwp),
      formKey: t.formKey,
      clock,
    });
    await app.ready();
    t.advance = (ms: number) => {
      clock.tick(ms);
      t.#now = clock.now();
    };
    return t;
  }

  /** Moves the clock on (session expiry, token refresh). */
  advance: (ms: number) => void = () => undefined;

  get now(): number {
    return this.#now;
  }

  /** A signed-in session for `user`, as the sign-in pages would leave it, with its cookie set. */
  async signIn(user: UserIdentity, opts: { accessExpiresInMs?: number } = {}): Promise<Session> {
    const session = await this.sessions.create(user, {
      accessToken: `token-of-${user.sub}`,
      refreshToken: `refresh-of-${user.sub}`,
      accessExpiresAt: this.#now + (opts.accessExpiresInMs ?? 3_600_000),
    });
    this.#cookies.set(SESSION_COOKIE, session.id);
    return session;
  }

  /** A cookie as the browser holds it. */
  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** Sets (or with `undefined` drops) a cookie in the browser, as a forger or an old tab would. */
  setCookie(name: string, value: string | undefined): void {
    if (value === undefined) this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }

  /** The CSRF token of the browser's current session. */
  async csrfToken(): Promise<string> {
    const id = this.#cookies.get(SESSION_COOKIE);
    const s = id ? await this.sessions.find(id) : undefined;
    if (s) return s.csrfToken;
    const formId = this.#cookies.get(FORM_COOKIE);
    if (formId) return anonymousCsrfToken(this.formKey, formId);
    throw new Error('no session yet: GET a page with a form first');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.#send('GET', url, undefined, headers);
  }

  /** A form post; `_csrf` is added from the session unless the fields give one. */
  async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<PageResponse> {
    const withCsrf = '_csrf' in fields ? fields : { ...fields, _csrf: await this.csrfToken() };
    return this.#send('POST', url, new URLSearchParams(withCsrf).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  async #send(
    method: 'GET' | 'POST',
    url: string,
    payload: string | Buffer | undefined,
    headers: Record<string, string>,
  ): Promise<PageResponse> {
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method,
      url,
      headers: { host: 'localhost', ...(cookie ? { cookie } : {}), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() <= this.#now) || c.value === '')
        this.#cookies.delete(c.name);
      else this.#cookies.set(c.name, c.value);
    }
    const location = res.headers.location;
    return {
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      location: typeof location === 'string' ? location : undefined,
    };
  }

  /** Posts raw bytes (multipart uploads) with the session's cookie. */
  async postRaw(url: string, payload: Buffer, headers: Record<string, string>): Promise<PageResponse> {
    return this.#send('POST', url, payload, headers);
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

/** Text of the first element matching a simple `class` or `id`, with tags stripped: enough for page assertions. */
export function textOf(html: string, selector: `.${string}` | `#${string}`): string | undefined {
  const attr = selector.startsWith('#') ? `id="${selector.slice(1)}"` : `class="[^"]*\\b${selector.slice(1)}\\b[^"]*"`;
  const m = new RegExp(`<(\\w+)[^>]*${attr}[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m
    ? m[2]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : undefined;
}

export const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim();
