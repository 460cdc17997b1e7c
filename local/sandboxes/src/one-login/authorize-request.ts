/**
 * What GOV.UK One Login makes of an `/authorize` request, as its technical documentation says
 * ("Make a request to the /authorize endpoint", "Secure your authorisation request parameters with
 * JWT"): either plain query parameters or a request object (JAR) signed by the relying party. With
 * a request object, the object alone carries the request: `response_type`, `scope` and `client_id`
 * must be the same in the query and the object, and no other query parameter counts.
 *
 * The outcome says how the sandbox answers: `refused` outright with a 400 (no trusted redirect URI
 * to send the error to), an error sent `back` to the relying party's redirect URI, or a `valid`
 * request to sign a user in for.
 */
import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/**
 * The algorithms One Login verifies relying parties' JWTs with (request objects and client
 * assertions): RSA only, as "Set up your public and private keys" says ("GOV.UK One Login will only
 * accept public keys generated using the RSA public key algorithm").
 */
export const CLIENT_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
/** How far One Login lets a relying party's clock be off (the simulator's MAX_CLOCK_SKEW_SECONDS). */
export const CLOCK_SKEW_S = 60;
/** Credential trust levels, alone or with an identity confidence level (`Cl.Cm.P2`). */
const VECTOR = /^(Cl|Cl\.Cm|Cl\.Cm\.P[0-2])$/;
/** Parameters that must be the same in the query and the request object. */
const SHARED_PARAMS = ['response_type', 'scope', 'client_id'] as const;

export interface RegisteredClient {
  readonly clientId: string;
  /** Verifies the relying party's signatures. */
  readonly keys: JWTVerifyGetKey;
  redirectAllowed(uri: string): boolean;
}

export interface AuthorizeRequest {
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly scopes: ReadonlySet<string>;
  /** The credential trust level asked for (`Cl.Cm`): what the ID token's `vot` says. */
  readonly credentialTrust: string;
  /** The identity confidence asked for, if any. */
  readonly identityLevel: 'P2' | undefined;
  /** The userinfo claims asked for in `claims`; empty when none were. */
  readonly claims: ReadonlySet<string>;
  readonly codeChallenge: string | undefined;
  readonly loginHint: string | undefined;
}

export type AuthorizeOutcome =
  | { readonly kind: 'refused'; readonly description: string }
  | {
      readonly kind: 'back';
      readonly redirectUri: string;
      readonly state: string | undefined;
      readonly error: string;
      readonly description: string;
    }
  | { readonly kind: 'valid'; readonly request: AuthorizeRequest };

const vtrSchema = z.tuple([z.string().regex(VECTOR)], z.string().regex(VECTOR));

/**
 * `["Cl.Cm.P2"]` (a JSON string, or an array in a request object) -> the credential trust level and
 * the identity level asked for. An identity level needs `Cl.Cm` ("if you ask for medium confidence
 * (P2) you must also request a protection level of Cl.Cm"). No `vtr` means `["Cl.Cm"]`.
 */
export function parseVtr(raw: unknown): { credential: string; identity: 'P2' | undefined } | undefined {
  let list: unknown = raw ?? '["Cl.Cm"]';
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      return undefined;
    }
  }
  const vectors = vtrSchema.safeParse(list);
  if (!vectors.success) return undefined;
  const [first] = vectors.data;
  return {
    credential: first.replace(/\.P[0-2]$/, ''),
    identity: vectors.data.some((v) => v.endsWith('.P2')) ? 'P2' : undefined,
  };
}

/** A JSON object: the `claims` parameter (OpenID Connect Core 5.5) and its `userinfo` member. */
const claimsRequestSchema = z.object({ userinfo: z.record(z.string(), z.unknown()).optional() });

/**
 * The userinfo claims a `claims` parameter asks for. A request object may carry it as an object or
 * as a JSON string, as One Login reads it (authentication-api's RequestObjectToAuthRequestHelper);
 * a query carries the JSON string. `undefined` when it is neither.
 */
export function requestedUserinfoClaims(raw: unknown): ReadonlySet<string> | undefined {
  if (raw === undefined) return new Set();
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const claims = claimsRequestSchema.safeParse(parsed);
  return claims.success ? new Set(Object.keys(claims.data.userinfo ?? {})) : undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const scopesOf = (v: unknown): ReadonlySet<string> => new Set(typeof v === 'string' ? v.split(' ') : []);

/**
 * Reads an `/authorize` request: its query (each parameter once) and, when it has one, its request
 * object, verified with the client's keys and checked as authentication-api's
 * RequestObjectAuthorizeValidator does. `authorizeEndpoint` is the audience a request object names.
 */
export async function readAuthorizeRequest(
  query: Readonly<Record<string, string>>,
  client: RegisteredClient,
  authorizeEndpoint: string,
  now: Date,
): Promise<AuthorizeOutcome> {
  if (query.client_id !== client.clientId)
    return { kind: 'refused', description: 'client_id is missing or not registered' };
  const request = query.request;
  if (request === undefined) return validate(query, client);
  if (query.request_uri !== undefined)
    return { kind: 'refused', description: 'request and request_uri must not both be given' };

  let payload: Record<string, unknown>;
  try {
    // The signature first: nothing in an object the client did not sign is trusted, its redirect URI least.
    ({ payload } = await jwtVerify(request, client.keys, {
      algorithms: CLIENT_ALGS,
      currentDate: now,
      clockTolerance: CLOCK_SKEW_S,
    }));
  } catch (err) {
    const code = err instanceof joseErrors.JOSEError ? err.code : 'invalid';
    return { kind: 'refused', description: `the request object is not valid: ${code}` };
  }
  const path = returnPathOf(payload, client);
  if (!path.ok) return path.refused;
  const { state, back } = path;
  if (!state) return back('invalid_request', 'Request is missing state parameter');
  if (payload.client_id !== query.client_id) return back('unauthorized_client', 'client_id does not match the query');
  for (const name of SHARED_PARAMS)
    if (payload[name] !== query[name])
      return back('invalid_request', `${name} must be the same in the query and the request object`);
  if (payload.request !== undefined || payload.request_uri !== undefined)
    return back('invalid_request', 'the request object must not carry request or request_uri');
  const aud = payload.aud;
  if (!(Array.isArray(aud) ? aud.includes(authorizeEndpoint) : aud === authorizeEndpoint))
    return back('access_denied', `the request object's aud must be ${authorizeEndpoint}`);
  if (payload.iss !== client.clientId)
    return back('unauthorized_client', "the request object's iss must be the client_id");
  return validate(payload, client);
}

type ReturnPath =
  | { readonly ok: false; readonly refused: AuthorizeOutcome }
  | {
      readonly ok: true;
      readonly redirectUri: string;
      readonly state: string | undefined;
      readonly back: (error: string, description: string) => AuthorizeOutcome;
    };

/**
 * Where an error is sent: back to the redirect URI with the state, once the URI is one the client
 * registered; otherwise it is shown here, as an unchecked redirect would make the sandbox an open
 * redirector.
 */
function returnPathOf(params: Readonly<Record<string, unknown>>, client: RegisteredClient): ReturnPath {
  const redirectUri = text(params.redirect_uri);
  if (!redirectUri || !client.redirectAllowed(redirectUri))
    return {
      ok: false,
      refused: { kind: 'refused', description: 'redirect_uri is missing or not registered for this client' },
    };
  const state = text(params.state);
  return {
    ok: true,
    redirectUri,
    state,
    back: (error, description) => ({ kind: 'back', redirectUri, state, error, description }),
  };
}

/** The checks every request gets, on the parameters that count (the query's, or the request object's). */
function validate(params: Readonly<Record<string, unknown>>, client: RegisteredClient): AuthorizeOutcome {
  const path = returnPathOf(params, client);
  if (!path.ok) return path.refused;
  const { redirectUri, state, back } = path;
  if (params.response_type !== 'code') return back('unsupported_response_type', 'response_type must be code');
  const scopes = scopesOf(params.scope);
  if (!scopes.has('openid')) return back('invalid_scope', 'scope must include openid');
  if (!state) return back('invalid_request', 'Request is missing state parameter');
  const nonce = text(params.nonce);
  if (!nonce) return back('invalid_request', 'Request is missing nonce parameter');
  const vtr = parseVtr(params.vtr);
  if (!vtr) return back('invalid_request', 'Request vtr not valid');
  const claims = requestedUserinfoClaims(params.claims);
  if (!claims) return back('invalid_request', 'Request contains invalid claims');
  const challenge = params.code_challenge;
  if (challenge !== undefined && (typeof challenge !== 'string' || params.code_challenge_method !== 'S256'))
    return back('invalid_request', 'code_challenge_method must be S256');
  return {
    kind: 'valid',
    request: {
      redirectUri,
      state,
      nonce,
      scopes,
      credentialTrust: vtr.credential,
      identityLevel: vtr.identity,
      claims,
      codeChallenge: typeof challenge === 'string' ? challenge : undefined,
      loginHint: text(params.login_hint),
    },
  };
}
