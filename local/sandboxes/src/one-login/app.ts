/**
 * A GOV.UK One Login sandbox, as One Login's technical documentation describes the integration
 * (docs.sign-in.service.gov.uk: "Authenticate your user", "Prove your user's identity") and its own
 * simulator behaves: discovery, `/authorize` (plain parameters or a request object signed by the
 * relying party, `vtr` such as `["Cl.Cm.P2"]`, `claims`, PKCE S256), `/token` with
 * `private_key_jwt`, ID tokens signed ES256 (or RS256 for a client registered so), `/userinfo` with
 * the claims asked for and no others, and the keys (`/.well-known/jwks.json`).
 *
 * One Login signs the identity credential (the coreIdentityJWT) as a separate issuer on a host of
 * its own (`https://identity.integration.account.gov.uk/`), which publishes the verification keys
 * in a DID document (`/.well-known/did.json`). The sandbox answers for both hosts on one port: the
 * OIDC provider at `/` and the identity issuer under {@link IDENTITY_ISSUER_PATH}.
 *
 * No real sign-in: `login_hint` picks a test user, or the sandbox shows a page of them.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '@dwp/clock';
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
import { CLIENT_ALGS, CLOCK_SKEW_S, readAuthorizeRequest, type RegisteredClient } from './authorize-request.ts';
import { ONE_LOGIN_USERS, addressClaim, identityCredential, userByHint, type OneLoginUser } from './users.ts';

export { CLIENT_ALGS, parseVtr } from './authorize-request.ts';

export const CORE_IDENTITY_CLAIM = 'https://vocab.account.gov.uk/v1/coreIdentityJWT';
export const ADDRESS_CLAIM = 'https://vocab.account.gov.uk/v1/address';
export const RETURN_CODE_CLAIM = 'https://vocab.account.gov.uk/v1/returnCode';
/** One Login's access tokens last three minutes. */
export const ACCESS_TOKEN_TTL_S = 180;
export const CODE_TTL_S = 300;
/** The identity credential lives a day (the simulator's coreIdentityJWT `exp`). */
export const IDENTITY_CREDENTIAL_TTL_S = 24 * 60 * 60;
/** Where the identity issuer's "host" lives on the sandbox's one port. */
export const IDENTITY_ISSUER_PATH = '/identity-issuer/';
/** How long the DID document may be cached (One Login's DID endpoint says so in Cache-Control). */
export const DID_MAX_AGE_S = 3600;
/**
 * The test user chosen on the sandbox's page of test users: the sandbox's stand-in for the person
 * signing in, outside the OIDC request, so it is never read as one of the request's parameters.
 */
export const SIGN_IN_USER_PARAM = 'sandbox_user';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface OneLoginClient {
  readonly clientId: string;
  /** The relying party's public keys (private_key_jwt and signed request objects). */
  readonly jwks: JSONWebKeySet;
  /** Allowed redirect URIs; empty allows any http URL on localhost or 127.0.0.1 (local runs). */
  readonly redirectUris: readonly string[];
  /**
   * How this client's ID tokens are signed: One Login signs them ES256 unless the service was
   * registered as unable to verify ES256. @default 'ES256'
   */
  readonly idTokenAlg?: 'ES256' | 'RS256';
}

export interface OneLoginSandboxOptions {
  readonly client: OneLoginClient;
  readonly logLevel?: string;
  /** @default the system clock */
  readonly clock?: Clock;
}

interface Grant {
  readonly user: OneLoginUser;
  readonly clientId: string;
  readonly nonce: string;
  readonly redirectUri: string;
  readonly identityLevel: 'P2' | undefined;
  readonly credentialTrust: string;
  readonly claims: ReadonlySet<string>;
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

function issuerOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/`;
}

/** The identity issuer, as its credentials' `iss` names it: on the sandbox's host, under its own path. */
export function identityIssuerOf(oidcIssuer: string): string {
  return `${oidcIssuer.replace(/\/+$/, '')}${IDENTITY_ISSUER_PATH}`;
}

/**
 * The identity issuer's did:web id: its host as written (port escaped) and its path segments,
 * colon-separated (did:web Method Specification, "Create"). Written, not parsed by `URL`, which
 * would drop a default port the issuer names.
 */
export function didOf(identityIssuer: string): string {
  const [, host = '', path = ''] = /^[a-z]+:\/\/([^/]+)(.*)$/i.exec(identityIssuer) ?? [];
  return ['did:web', encodeURIComponent(host), ...path.split('/').filter(Boolean)].join(':');
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

/** OpenID Connect Core 3.1.3.6: the left half of the access token's SHA-256, base64url. */
function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return b64url(digest.subarray(0, digest.length / 2));
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
  const clock = opts.clock ?? systemClock;
  const nowDate = () => new Date(clock.now());
  const nowS = () => Math.floor(clock.now() / 1000);
  const registered: RegisteredClient = {
    clientId: client.clientId,
    keys: createLocalJWKSet(client.jwks),
    redirectAllowed: (uri) => redirectAllowed(client, uri),
  };
  const esKey = await generateKeyPair('ES256', { extractable: true });
  const rsKey = await generateKeyPair('RS256', { extractable: true });
  const identityKey = await generateKeyPair('ES256', { extractable: true });
  const esPublicJwk = { ...(await exportJWK(esKey.publicKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
  const rsPublicJwk = { ...(await exportJWK(rsKey.publicKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  const identityJwk = await exportJWK(identityKey.publicKey);
  // The part of each assertion method's id after the '#', as long as One Login's.
  const identityKeyId = createHash('sha256').update(JSON.stringify(identityJwk)).digest('hex');
  const identityPublicJwk = { ...identityJwk, alg: 'ES256', use: 'sig' };
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
      id_token_signing_alg_values_supported: ['ES256', 'RS256'],
      subject_types_supported: ['public', 'pairwise'],
      claim_types_supported: ['normal'],
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
      request_parameter_supported: true,
      request_uri_parameter_supported: false,
      ui_locales_supported: ['en', 'cy'],
      trustmarks: `${iss}trustmark`,
      service_documentation: 'https://docs.sign-in.service.gov.uk/',
    };
  });
  app.get('/.well-known/jwks.json', async () => ({ keys: [esPublicJwk, rsPublicJwk] }));
  app.get(`${IDENTITY_ISSUER_PATH}.well-known/did.json`, async (request, reply) => {
    const controller = didOf(identityIssuerOf(issuerOf(request)));
    reply.header('cache-control', `max-age=${DID_MAX_AGE_S}, private`);
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id: controller,
      assertionMethod: [
        { type: 'JsonWebKey', id: `${controller}#${identityKeyId}`, controller, publicKeyJwk: identityPublicJwk },
      ],
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
    const { [SIGN_IN_USER_PARAM]: chosen, ...query } = parsedQuery.data;
    const outcome = await readAuthorizeRequest(query, registered, `${issuerOf(request)}authorize`, nowDate());
    const back = (redirectUri: string, state: string | undefined, q: Record<string, string>) => {
      const u = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...q, ...(state ? { state } : {}) })) u.searchParams.set(k, v);
      return reply.redirect(u.toString(), 302);
    };
    switch (outcome.kind) {
      case 'refused':
        return reply.code(400).send(oauthError(400, outcome.description));
      case 'back':
        return back(outcome.redirectUri, outcome.state, {
          error: outcome.error,
          error_description: outcome.description,
        });
      case 'valid':
        break;
      default: {
        const never: never = outcome;
        throw new Error(`Unexpected authorize outcome ${JSON.stringify(never)}`);
      }
    }
    const req = outcome.request;
    const hint = chosen ?? req.loginHint;
    if (!hint) {
      const links = ONE_LOGIN_USERS.map((u) => {
        const q = new URLSearchParams({ ...query, [SIGN_IN_USER_PARAM]: u.hint });
        return `<li><a class="govuk-link" href="/authorize?${q.toString().replace(/&/g, '&amp;')}">${u.givenNames.join(' ')} ${u.familyName}</a> (${u.identity ?? 'cannot prove identity'})</li>`;
      });
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><head><title>GOV.UK One Login sandbox: choose a test user</title></head><body><main><h1>GOV.UK One Login sandbox</h1><p>Choose a test user to sign in as:</p><ul>${links.join('')}</ul></main></body></html>`,
        );
    }
    const user = userByHint(hint);
    if (!user)
      return back(req.redirectUri, req.state, { error: 'access_denied', error_description: `no test user "${hint}"` });
    const code = b64url(randomBytes(24));
    codes.set(code, {
      user,
      clientId: client.clientId,
      nonce: req.nonce,
      redirectUri: req.redirectUri,
      identityLevel: req.identityLevel,
      credentialTrust: req.credentialTrust,
      claims: req.claims,
      scopes: req.scopes,
      codeChallenge: req.codeChallenge,
      expiresAt: clock.now() + CODE_TTL_S * 1000,
    });
    return back(req.redirectUri, req.state, { code });
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
    const iss = issuerOf(request);
    let jti: string;
    try {
      const { payload } = await jwtVerify(body.client_assertion, registered.keys, {
        algorithms: CLIENT_ALGS,
        issuer: client.clientId,
        subject: client.clientId,
        // "This value should be one of: GOV.UK One Login's token URL, GOV.UK One Login's issuer value."
        audience: [`${iss}token`, iss],
        requiredClaims: ['exp', 'jti'],
        currentDate: nowDate(),
        clockTolerance: CLOCK_SKEW_S,
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
    if (grant.expiresAt < clock.now()) return fail(400, 'invalid_grant', 'the code has expired');
    if (body.redirect_uri !== grant.redirectUri)
      return fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    if (grant.codeChallenge !== undefined) {
      const verifier = body.code_verifier;
      if (verifier === undefined || b64url(createHash('sha256').update(verifier).digest()) !== grant.codeChallenge)
        return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    }
    const now = nowS();
    const accessToken = b64url(randomBytes(32));
    accessTokens.set(accessToken, { ...grant, expiresAt: clock.now() + ACCESS_TOKEN_TTL_S * 1000 });
    const rsa = client.idTokenAlg === 'RS256';
    const idToken = await new SignJWT({
      at_hash: accessTokenHash(accessToken),
      nonce: grant.nonce,
      // The credential trust level only, even when an identity level was asked for.
      vot: grant.credentialTrust,
      vtm: `${iss}trustmark`,
      sid: randomUUID(),
      auth_time: now,
    })
      .setProtectedHeader({ alg: rsa ? 'RS256' : 'ES256', kid: rsa ? rsPublicJwk.kid : esPublicJwk.kid, typ: 'JWT' })
      .setIssuer(iss)
      .setSubject(grant.user.sub)
      .setAudience(grant.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_TTL_S)
      .sign(rsa ? rsKey.privateKey : esKey.privateKey);
    reply.header('cache-control', 'no-store');
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_S, id_token: idToken };
  });

  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = request.headers.authorization;
    const token = typeof auth === 'string' ? /^Bearer (\S+)$/.exec(auth)?.[1] : undefined;
    const grant = token ? accessTokens.get(token) : undefined;
    if (!grant || grant.expiresAt < clock.now()) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({ error: 'invalid_token', error_description: 'the access token is not valid' });
    }
    const u = grant.user;
    // Only the claims the request asked for, as the simulator's userinfo does.
    const wants = (claim: string) => grant.claims.has(claim);
    const out: Record<string, unknown> = { sub: u.sub };
    if (grant.scopes.has('email')) Object.assign(out, { email: u.email, email_verified: true });
    if (grant.scopes.has('phone')) Object.assign(out, { phone_number: u.phone, phone_number_verified: true });
    if (grant.identityLevel === 'P2') {
      const proven = u.identity === 'P2';
      if (proven && wants(CORE_IDENTITY_CLAIM)) {
        const iss = issuerOf(request);
        const identityIssuer = identityIssuerOf(iss);
        const now = nowS();
        out[CORE_IDENTITY_CLAIM] = await new SignJWT({ vot: 'P2', vtm: `${iss}trustmark`, vc: identityCredential(u) })
          .setProtectedHeader({ alg: 'ES256', kid: `${didOf(identityIssuer)}#${identityKeyId}`, typ: 'JWT' })
          .setIssuer(identityIssuer)
          .setSubject(u.sub)
          .setAudience(grant.clientId)
          .setNotBefore(now)
          .setIssuedAt(now)
          .setExpirationTime(now + IDENTITY_CREDENTIAL_TTL_S)
          .sign(identityKey.privateKey);
      }
      if (proven && wants(ADDRESS_CLAIM)) out[ADDRESS_CLAIM] = addressClaim(u);
      if (wants(RETURN_CODE_CLAIM)) out[RETURN_CODE_CLAIM] = proven ? [] : [{ code: 'X' }];
    }
    return out;
  };
  app.get('/userinfo', userinfo);

  return { ...sandbox, identityPublicJwk };
}
