/**
 * The smoke test a release runs against an environment once it is deployed and before its API
 * canary is promoted: every service's public health route through the public entry, then one
 * read as a signed-in user. Each check is tried a few times, because a load balancer can take a
 * health-check interval to route to the new tasks; a check that never passes fails the release.
 */
import type { SmokeUser } from './smoke-user.ts';

export interface SmokeCheck {
  readonly name: string;
  readonly url: string;
}

export interface SmokeResult {
  readonly name: string;
  readonly ok: boolean;
  /** The last status seen, or the network error's message. */
  readonly detail: string;
}

export interface SmokeTestDeps {
  readonly fetch: (url: string, init?: { headers?: Record<string, string> }) => Promise<{ status: number }>;
  /** Signs the user in through the public entry and returns an access token. */
  readonly signIn: (baseUrl: string, user: SmokeUser) => Promise<string>;
  /** Waits between attempts of one check. */
  readonly pause: (ms: number) => Promise<void>;
}

export interface SmokeTestOptions {
  /** The environment's public entry, `https://...` with no path. */
  readonly baseUrl: string;
  readonly healthPaths: readonly { readonly service: string; readonly path: string }[];
  readonly user: SmokeUser;
  /** @default 5 */
  readonly attempts?: number;
  /** @default 10_000 */
  readonly pauseMs?: number;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_PAUSE_MS = 10_000;

async function attempt(
  check: SmokeCheck,
  headers: Record<string, string>,
  deps: SmokeTestDeps,
  attempts: number,
  pauseMs: number,
): Promise<SmokeResult> {
  let detail = 'not tried';
  for (let i = 1; i <= attempts; i += 1) {
    try {
      const res = await deps.fetch(check.url, { headers });
      detail = `HTTP ${res.status}`;
      if (res.status === 200) return { name: check.name, ok: true, detail };
    } catch (err) {
      detail = err instanceof Error ? err.message : String(err);
    }
    if (i < attempts) await deps.pause(pauseMs);
  }
  return { name: check.name, ok: false, detail };
}

export async function runSmokeTest(options: SmokeTestOptions, deps: SmokeTestDeps): Promise<SmokeResult[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(base)) throw new Error(`smoke test: "${options.baseUrl}" is not an origin`);
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const pauseMs = options.pauseMs ?? DEFAULT_PAUSE_MS;
  const results: SmokeResult[] = [];
  for (const h of options.healthPaths) {
    results.push(await attempt({ name: `${h.service} health`, url: `${base}${h.path}` }, {}, deps, attempts, pauseMs));
  }
  let token: string | undefined;
  try {
    token = await deps.signIn(base, options.user);
  } catch (err) {
    results.push({ name: 'sign-in', ok: false, detail: err instanceof Error ? err.message : String(err) });
  }
  if (token !== undefined) {
    results.push(
      await attempt(
        { name: `authenticated GET ${options.user.readPath}`, url: `${base}${options.user.readPath}` },
        { authorization: `Bearer ${token}` },
        deps,
        attempts,
        pauseMs,
      ),
    );
  }
  return results;
}
