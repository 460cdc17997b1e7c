/**
 * A GOV.UK One Login OIDC provider sandbox, as the public One Login technical documentation
 * describes the integration: discovery, `/authorize` (authorization code, `state`, `nonce`, PKCE
 * S256, Vectors of Trust `vtr` such as `["Cl.Cm.P2"]`, `claims`, and a `request` object signed by
 * the relying party), `/token` with `private_key_jwt` client authentication, `/userinfo` with the
 * signed `https://vocab.account.gov.uk/v1/coreIdentityJWT` and the address claim at P2, and the
 * keys (`/.well-known/jwks.json` for ID tokens, `/.well-known/did.json` for identity credentials).
 * No real sign-in: `login_hint` picks a test user, or the sandbox shows a page of them.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  SignJWT,
  createLocalJWKSet,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { z } from 'zod';
import { createSandboxApp, type Sandbox } from '../kit/sandbox-app.ts';
import { ONE_LOGIN_USERS, addressClaim, identityCredential, userByHint, type OneLoginUser } from './users.ts';

export const CORE_IDENTITY_CLAIM = 'https://vocab.account.gov.uk/v1/coreIdentityJWT';
export const ADDRESS_CLAIM = 'https://vocab.account.gov.uk/v1/address';
export const RETURN_CODE_CLAIM = 'https://vocab.account.gov.uk/v1/returnCode';
/** One Login's access tokens last three minutes. */
export const ACCESS_TOKEN_TTL_S = 180;
export const CODE_TTL_S = 300;
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CLIENT_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'];
const VECTOR = /^Cl(\.Cm)?(\.P[0-2])?$/;

export interface OneLoginClient {
  readonly clientId: string;
  /** The relying party's public keys (private_key_jwt and signed request objects). */
  readonly jwks: JSONWebKeySet;
  /** Allowed redirect URIs; empty allows any http URL on localhost or 127.0.0.1 (local runs). */
  readonly redirectUris: readonly string[];
}

export interface OneLoginSandboxOptions {
  readonly client: OneLoginClient;
  readonly logLevel?: string;
}

interface Grant {
  readonly user: OneLoginUser;
  readonly clientId: string;
  readonly nonce: string;
  readonly redirectUri: string;
  readonly identityLevel: 'P2' | undefined;
  readonly credential: string;
  readonly claims: ReadonlySet<string> | undefined;
  readonly scopes: ReadonlySet<string>;
  readonly codeChallenge: string | undefined;
  readonly expiresAt: number;
}

const oauthError = (status: number, message: string) => ({
  error: status === 401 ? 'invalid_client' : 'invalid_request',
  error_description: message,
});
const b64url = (buf: Buffer) => buf.toString('base64url');

/** Each named parameter appears at most once, as a string (a repeated one arrives as an array). */
const oauthParam = (name: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be one string`) });
/**
 * The `/token` request's parameters (RFC 6749 sections 4.1.3 and 3.2.1, with private_key_jwt).
 * Parameters not named here are ignored, as section 3.1 says; a body that is not a set of
 * parameters, a missing grant_type or a parameter that is not one string is `invalid_request`.
 */
const tokenRequestSchema = z.object(
  {
    grant_type: oauthParam('grant_type'),
    code: oauthParam('code').optional(),
    redirect_uri: oauthParam('redirect_uri').optional(),
    client_assertion_type: oauthParam('client_assertion_type').optional(),
    client_assertion: oauthParam('client_assertion').optional(),
    code_verifier: oauthParam('code_verifier').optional(),
  },
  { error: 'the token request body must be form parameters' },
);
/** `/authorize`'s query: each parameter once, as a string. */
const authorizeQuerySchema = z.record(z.string(), z.string({ error: 'query parameters must not be repeated' }));
/** The `claims` request parameter (OpenID Connect Core section 5.5): only its userinfo member is used. */
const claimsRequestSchema = z.object({ userinfo: z.record(z.string(), z.unknown()) });

function issuerOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/`;
}

function redirectAllowed(client: OneLoginClient, uri: string): boolean {
  if (client.redirectUris.length) return client.redirectUris.includes(uri);
  try {
    const u = new URL(uri);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')
    );
  } catch {
    return false;
  }
}

const vtrSchema = z.tuple([z.string().regex(VECTOR)], z.string().regex(VECTOR));

/** `["Cl.Cm.P2"]` -> the credential part and the identity level asked for. */
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

function requestedUserinfoClaims(raw: unknown): ReadonlySet<string> | undefined | null {
  if (raw === undefined) return undefined;
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const claims = claimsRequestSchema.safeParse(parsed);
  return claims.success ? new Set(Object.keys(claims.data.userinfo)) : null;
}

export async function createOneLoginSandbox(
  opts: OneLoginSandboxOptions,
): Promise<Sandbox & { readonly identityPublicJwk: JWK }> {
  const sandbox = createSandboxApp({
    name: 'one-login',
    errorBody: oauthError,
    ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
  });
  const app: FastifyInstance = sandbox.app;
  const client = opts.client;
  const clientKeys = createLocalJWKSet(client.jwks);
  const tokenKey = await generateKeyPair('ES256', { extractable: true });
  const identityKey = await generateKeyPair('ES256', { extractable: true });
  const tokenKid = randomUUID();
  const identityKid = `did:web:identity.sandbox.local#${createHash('sha256').update(randomUUID()).digest('hex').slice(0, 16)}`;
  const tokenPublicJwk = { ...(await exportJWK(tokenKey.publicKey)), kid: tokenKid, alg: 'ES256', use: 'sig' };
  const identityPublicJwk = { ...(await exportJWK(identityKey.publicKey)), kid: identityKid, alg: 'ES256', use: 'sig' };
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, Grant>();
  const usedJti = new Set<string>();

  app.get('/.well-known/openid-configuration', async (request) => {
    const iss = issuerOf(request);
    return {
      issuer: iss,
      authorization_endpoint: `${iss}authorize`,
      token_endpoint: `${iss}token`,
      userinfo_endpoint: `${iss}userinfo`,
      jwks_uri: `${iss}.well-known/jwks.json`,
      registration_endpoint: `${iss}connect/register`,
      scopes_supported: ['openid', 'email', 'phone', 'offline_access'],
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: CLIENT_ALGS,
      request_object_signing_alg_values_supported: CLIENT_ALGS,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
      subject_types_supported: ['public', 'pairwise'],
      claims_supported: [
        'sub',
        'email',
        'email_verified',
        'phone_number',
        'phone_number_verified',
        CORE_IDENTITY_CLAIM,
        ADDRESS_CLAIM,
        RETURN_CODE_CLAIM,
      ],
      claims_parameter_supported: true,
      request_parameter_supported: true,
      request_uri_parameter_supported: false,
      ui_locales_supported: ['en', 'cy'],
      vtr_values_supported: ['Cl', 'Cl.Cm', 'Cl.Cm.P2'],
      trustmarks: `${iss}trustmark`,
      service_documentation: 'https://docs.sign-in.service.gov.uk/',
    };
  });
  app.get('/.well-known/jwks.json', async () => ({ keys: [tokenPublicJwk] }));
  app.get('/.well-known/did.json', async (request) => {
    const controller = `did:web:${request.host.replace(':', '%3A')}`;
    return {
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: controller,
      assertionMethod: [{ type: 'JsonWebKey', id: identityKid, controller, publicKeyJwk: identityPublicJwk }],
    };
  });
  app.get('/trustmark', async (request) => ({
    idp: issuerOf(request),
    trustmark_provider: issuerOf(request),
    C: ['Cl', 'Cl.Cm'],
    P: ['P0', 'P2'],
  }));

  app.get('/authorize', async (request, reply) => {
    const parsedQuery = authorizeQuerySchema.safeParse(request.query ?? {});
    if (!parsedQuery.success) return reply.code(400).send(oauthError(400, 'query parameters must not be repeated'));
    const query: Record<string, string | undefined> = parsedQuery.data;
    let params: Record<string, unknown> = { ...query };
    if (query.client_id !== client.clientId)
      return reply.code(400).send(oauthError(400, 'client_id is missing or not registered'));
    if (typeof query.request === 'string') {
      try {
        const { payload } = await jwtVerify(query.request, clientKeys, {
          algorithms: CLIENT_ALGS,
          issuer: client.clientId,
          audience: `${issuerOf(request)}authorize`,
        });
        params = { ...params, ...payload };
      } catch (err) {
        return reply
          .code(400)
          .send(
            oauthError(
              400,
              `the request object is not valid: ${err instanceof joseErrors.JOSEError ? err.code : 'invalid'}`,
            ),
          );
      }
    }
    const redirectUri = params.redirect_uri;
    if (typeof redirectUri !== 'string' || !redirectAllowed(client, redirectUri))
      return reply.code(400).send(oauthError(400, 'redirect_uri is missing or not registered for this client'));
    const state = typeof params.state === 'string' ? params.state : undefined;
    const back = (q: Record<string, string>) => {
      const u = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...q, ...(state ? { state } : {}) })) u.searchParams.set(k, v);
      return reply.redirect(u.toString(), 302);
    };
    const fail = (description: string, error = 'invalid_request') => back({ error, error_description: description });
    if (params.response_type !== 'code') return fail('response_type must be code', 'unsupported_response_type');
    const scopes = new Set(typeof params.scope === 'string' ? params.scope.split(' ') : []);
    if (!scopes.has('openid')) return fail('scope must include openid', 'invalid_scope');
    if (!state) return fail('state is required');
    if (typeof params.nonce !== 'string' || !params.nonce) return fail('nonce is required');
    const vtr = parseVtr(params.vtr);
    if (!vtr) return fail('vtr must be a JSON array of vectors such as ["Cl.Cm.P2"]');
    const claims = requestedUserinfoClaims(params.claims);
    if (claims === null) return fail('claims must be JSON with a userinfo object');
    const challenge = params.code_challenge;
    if (challenge !== undefined && (typeof challenge !== 'string' || params.code_challenge_method !== 'S256'))
      return fail('code_challenge_method must be S256');
    const hint = typeof params.login_hint === 'string' ? params.login_hint : undefined;
    if (!hint) {
      const links = ONE_LOGIN_USERS.map((u) => {
        const q = new URLSearchParams({ ...parsedQuery.data, login_hint: u.hint });
        return `<li><a class="govuk-link" href="/authorize?${q.toString().replace(/&/g, '&amp;')}">${u.givenNames.join(' ')} ${u.familyName}</a> (${u.identity ?? 'cannot prove identity'})</li>`;
      });
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><head><title>GOV.UK One Login sandbox: choose a test user</title></head><body><main><h1>GOV.UK One Login sandbox</h1><p>Choose a test user to sign in as:</p><ul>${links.join('')}</ul></main></body></html>`,
        );
    }
    const user = userByHint(hint);
    if (!user) return fail(`no test user "${hint}"`, 'access_denied');
    const code = b64url(randomBytes(24));
    codes.set(code, {
      user,
      clientId: client.clientId,
      nonce: params.nonce,
      redirectUri,
      identityLevel: vtr.identity,
      credential: vtr.credential,
      claims,
      scopes,
      codeChallenge: typeof challenge === 'string' ? challenge : undefined,
      expiresAt: Date.now() + CODE_TTL_S * 1000,
    });
    return back({ code });
  });

  app.post('/token', async (request, reply) => {
    const fail = (status: number, error: string, description: string) =>
      reply.code(status).send({ error, error_description: description });
    const parsed = tokenRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) return fail(400, 'invalid_request', parsed.error.issues.map((i) => i.message).join('; '));
    const body = parsed.data;
    if (body.grant_type !== 'authorization_code')
      return fail(400, 'unsupported_grant_type', 'grant_type must be authorization_code');
    if (body.client_assertion_type !== CLIENT_ASSERTION_TYPE || body.client_assertion === undefined)
      return fail(400, 'invalid_request', 'private_key_jwt client authentication is required');
    let jti: string;
    try {
      const { payload } = await jwtVerify(body.client_assertion, clientKeys, {
        algorithms: CLIENT_ALGS,
        issuer: client.clientId,
        subject: client.clientId,
        audience: `${issuerOf(request)}token`,
        requiredClaims: ['exp', 'jti'],
      });
      jti = payload.jti!;
    } catch (err) {
      return fail(
        401,
        'invalid_client',
        `the client assertion is not valid: ${err instanceof joseErrors.JOSEError ? err.code : 'invalid'}`,
      );
    }
    if (usedJti.has(jti)) return fail(401, 'invalid_client', 'the client assertion jti was used before');
    usedJti.add(jti);
    const code = body.code;
    const grant = code === undefined ? undefined : codes.get(code);
    if (code === undefined || !grant) return fail(400, 'invalid_grant', 'the code is not valid');
    codes.delete(code);
    if (grant.expiresAt < Date.now()) return fail(400, 'invalid_grant', 'the code has expired');
    if (body.redirect_uri !== grant.redirectUri)
      return fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    if (grant.codeChallenge !== undefined) {
      const verifier = body.code_verifier;
      if (verifier === undefined || b64url(createHash('sha256').update(verifier).digest()) !== grant.codeChallenge)
        return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    }
    const iss = issuerOf(request);
    const now = Math.floor(Date.now() / 1000);
    const accessToken = b64url(randomBytes(32));
    accessTokens.set(accessToken, { ...grant, expiresAt: Date.now() + ACCESS_TOKEN_TTL_S * 1000 });
    const idToken = await new SignJWT({
      nonce: grant.nonce,
      vot: grant.credential,
      vtm: `${iss}trustmark`,
      sid: randomUUID(),
      auth_time: now,
    })
      .setProtectedHeader({ alg: 'ES256', kid: tokenKid, typ: 'JWT' })
      .setIssuer(iss)
      .setSubject(grant.user.sub)
      .setAudience(grant.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_TTL_S)
      .sign(tokenKey.privateKey);
    reply.header('cache-control', 'no-store');
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_S, id_token: idToken };
  });

  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = request.headers.authorization;
    const token = typeof auth === 'string' ? /^Bearer (\S+)$/.exec(auth)?.[1] : undefined;
    const grant = token ? accessTokens.get(token) : undefined;
    if (!grant || grant.expiresAt < Date.now()) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({ error: 'invalid_token', error_description: 'the access token is not valid' });
    }
    const u = grant.user;
    const wants = (claim: string) => (grant.claims ? grant.claims.has(claim) : grant.identityLevel === 'P2');
    const out: Record<string, unknown> = { sub: u.sub };
    if (grant.scopes.has('email')) Object.assign(out, { email: u.email, email_verified: true });
    if (grant.scopes.has('phone')) Object.assign(out, { phone_number: u.phone, phone_number_verified: true });
    if (grant.identityLevel === 'P2' && u.identity === 'P2') {
      if (wants(CORE_IDENTITY_CLAIM)) {
        const now = Math.floor(Date.now() / 1000);
        out[CORE_IDENTITY_CLAIM] = await new SignJWT({
          vot: 'P2',
          vtm: `${issuerOf(request)}trustmark`,
          vc: identityCredential(u),
        })
          .setProtectedHeader({ alg: 'ES256', kid: identityKid, typ: 'JWT' })
          .setIssuer(`${issuerOf(request)}identity`)
          .setSubject(u.sub)
          .setAudience(grant.clientId)
          .setNotBefore(now)
          .setIssuedAt(now)
          .setExpirationTime(now + ACCESS_TOKEN_TTL_S)
          .sign(identityKey.privateKey);
      }
      if (wants(ADDRESS_CLAIM)) out[ADDRESS_CLAIM] = addressClaim(u);
    } else if (grant.identityLevel === 'P2') {
      out[RETURN_CODE_CLAIM] = [{ code: 'X' }];
    }
    return out;
  };
  app.get('/userinfo', userinfo);

  return { ...sandbox, identityPublicJwk };
}
