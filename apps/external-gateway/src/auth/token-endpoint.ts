/**
 * An OAuth 2.0 token request (RFC 6749 section 4.4, form-encoded) and its answer, checked closely:
 * a token endpoint that fails (5xx, no answer) is an upstream failure the breaker counts; one that
 * refuses us (4xx) is an auth failure for the operators.
 */
import type { Dispatcher } from 'undici';
import { UpstreamAuthError } from '../errors.ts';
import { UpstreamFailure } from '../resilience/upstream-failure.ts';
import type { FetchedToken } from './token-cache.ts';

/** Token answers are small; a larger one is refused. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

export async function requestToken(
  upstream: string,
  dispatcher: Dispatcher,
  tokenUrl: string,
  form: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<FetchedToken> {
  const url = new URL(tokenUrl);
  let res: Dispatcher.ResponseData;
  try {
    res = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new UpstreamFailure(`token endpoint: ${(err as { code?: string }).code ?? (err as Error).message}`);
  }
  const text = await res.body.text();
  if (res.statusCode >= 500) throw new UpstreamFailure(`token endpoint answered ${res.statusCode}`);
  if (res.statusCode !== 200 || text.length > MAX_TOKEN_RESPONSE_BYTES) {
    let reason = `token endpoint answered ${res.statusCode}`;
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body.error === 'string') reason += ` ${body.error}`;
    } catch {
      // not JSON: the status says enough
    }
    throw new UpstreamAuthError(upstream, reason);
  }
  let body: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new UpstreamAuthError(upstream, 'token endpoint answered with something other than JSON');
  }
  const expires = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in;
  if (
    typeof body.access_token !== 'string' ||
    !body.access_token ||
    typeof expires !== 'number' ||
    !Number.isFinite(expires) ||
    expires <= 0
  ) {
    throw new UpstreamAuthError(upstream, 'token endpoint answer lacks access_token or expires_in');
  }
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer')
    throw new UpstreamAuthError(upstream, 'token endpoint issued a token that is not a bearer token');
  return { accessToken: body.access_token, expiresInSeconds: expires };
}
