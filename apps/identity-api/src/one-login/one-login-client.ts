/**
 * identity-api as a GOV.UK One Login relying party. The browser goes to One Login's authorize URL
 * itself; every server-to-server call (discovery, token, userinfo, keys) goes through the external
 * gateway's one-login route. Client authentication is private_key_jwt; the authorize request is a
 * signed request object carrying state, nonce, PKCE, `vtr` and the identity claims asked for.
 */
import { createHash, createPrivateKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { ENV, relyingPartyEnvNames } from '@dwp/platform';
import { ServiceError, UnavailableError, type ServiceClient } from '@dwp/service-kit';
import { SignJWT, createLocalJWKSet, errors as joseErrors, importJWK, jwtVerify } from 'jose';
import { z } from 'zod';
import { publicBaseUrl } from '../public-base-url.ts';

export const CORE_IDENTITY_CLAIM = 'https://vocab.account.gov.uk/v1/coreIdentityJWT';
export const ADDRESS_CLAIM = 'https://vocab.account.gov.uk/v1/address';
/** Medium identity confidence (P2) on a medium-confidence sign-in (Cl.Cm). */
export const VECTOR_OF_TRUST = '["Cl.Cm.P2"]';
const UPSTREAM = 'one-login';
const ROUTE = `/external/${UPSTREAM}`;
/** The runtime contract's names for this relying party's settings. */
const ONE_LOGIN_ENV = relyingPartyEnvNames(UPSTREAM);
const EXTERNAL_GATEWAY = 'external-gateway';
const DISCOVERY_TTL_MS = 10 * 60_000;

export const oneLoginConfig = z.object({
  /** One Login's issuer, ending in `/`. */
  [ONE_LOGIN_ENV.issuer]: z.url(),
  [ONE_LOGIN_ENV.clientId]: z.string().min(1),
  /** PKCS#8 PEM of the RS256 key registered with One Login (Secrets Manager on AWS). */
  [ONE_LOGIN_ENV.signingKey]: z.string().includes('PRIVATE KEY'),
  [ONE_LOGIN_ENV.signingKid]: z.string().min(1),
  /** Where the platform answers the public, to build the redirect URI. */
  [ENV.publicBaseUrl]: publicBaseUrl,
});
export type OneLoginConfig = z.output<typeof oneLoginConfig>;

export class VerificationFailed extends ServiceError {
  static override readonly code = 'IDENTITY_ERR_VERIFICATION_FAILED';
  constructor(message: string, details?: unknown) {
    super(400, VerificationFailed.code, message, details);
  }
}

/** One Login's answers, checked as they arrive: a wrong shape is a 502, not a crash. */
const discoveryAnswer = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  userinfo_endpoint: z.string(),
});
type Discovery = z.output<typeof discoveryAnswer>;
const tokenAnswer = z.object({ access_token: z.string().optional(), id_token: z.string().optional() });
const userInfoAnswer = z.record(z.string(), z.unknown());
const jwksAnswer = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });
const didAnswer = z.object({
  assertionMethod: z.array(z.object({ id: z.string(), publicKeyJwk: z.looseObject({ kty: z.string() }) })).optional(),
});
/** The code of the 502 a wrong-shaped One Login answer becomes. */
export const ONE_LOGIN_BAD_ANSWER = 'IDENTITY_ERR_ONE_LOGIN_BAD_ANSWER';

export interface AuthorizeRequest {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly loginHint: string | undefined;
}

export interface OneLoginIdentity {
  /** One Login's pairwise subject for this user. */
  readonly subject: string;
  readonly vot: string;
  readonly credential: unknown;
  readonly address: unknown;
}

export function newAuthorizeRequest(loginHint?: string): AuthorizeRequest {
  return {
    state: randomBytes(24).toString('base64url'),
    nonce: randomBytes(24).toString('base64url'),
    codeVerifier: randomBytes(32).toString('base64url'),
    loginHint,
  };
}

export class OneLoginClient {
  readonly #cfg: OneLoginConfig;
  readonly #services: ServiceClient;
  readonly #key: KeyObject;
  #discovery: { value: Discovery; at: number } | undefined;

  constructor(cfg: OneLoginConfig, services: ServiceClient) {
    this.#cfg = cfg;
    this.#services = services;
    this.#key = createPrivateKey(cfg.ONE_LOGIN_CLIENT_SIGNING_KEY);
  }

  get redirectUri(): string {
    return `${this.#cfg.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/identity/verify/callback`;
  }

  /** The URL to send the citizen's browser to. */
  async authorizeUrl(req: AuthorizeRequest): Promise<string> {
    const d = await this.#discover();
    const clientId = this.#cfg.ONE_LOGIN_CLIENT_ID;
    const params = {
      response_type: 'code',
      scope: 'openid email phone',
      client_id: clientId,
      redirect_uri: this.redirectUri,
      state: req.state,
      nonce: req.nonce,
      vtr: VECTOR_OF_TRUST,
      ui_locales: 'en',
      claims: { userinfo: { [CORE_IDENTITY_CLAIM]: null, [ADDRESS_CLAIM]: null } },
      code_challenge: createHash('sha256').update(req.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...(req.loginHint ? { login_hint: req.loginHint } : {}),
    };
    const request = await new SignJWT(params)
      .setProtectedHeader({ alg: 'RS256', kid: this.#cfg.ONE_LOGIN_CLIENT_SIGNING_KID })
      .setIssuer(clientId)
      .setAudience(d.authorization_endpoint)
      .sign(this.#key);
    return `${d.authorization_endpoint}?${new URLSearchParams({ response_type: 'code', scope: 'openid', client_id: clientId, request })}`;
  }

  /** Redeems the code, checks the ID token and the identity credential, and returns what they prove. */
  async identityFor(code: string, req: Pick<AuthorizeRequest, 'nonce' | 'codeVerifier'>): Promise<OneLoginIdentity> {
    const d = await this.#discover();
    const clientId = this.#cfg.ONE_LOGIN_CLIENT_ID;
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: this.#cfg.ONE_LOGIN_CLIENT_SIGNING_KID })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(d.token_endpoint)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(this.#key);
    const tokenRes = await this.#services.call(EXTERNAL_GATEWAY, {
      method: 'POST',
      path: `${ROUTE}/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(
        new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: this.redirectUri,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
          code_verifier: req.codeVerifier,
        }).toString(),
      ),
    });
    if (tokenRes.status !== 200) {
      const body = await tokenRes.text();
      throw new VerificationFailed('GOV.UK One Login did not accept the sign-in code; start verification again', {
        status: tokenRes.status,
        body: body.slice(0, 300),
      });
    }
    const tokens = await tokenRes.read(tokenAnswer, { code: ONE_LOGIN_BAD_ANSWER });
    if (!tokens.access_token || !tokens.id_token)
      throw new VerificationFailed('GOV.UK One Login answered without tokens');

    const jwks = createLocalJWKSet(await this.#read(`${ROUTE}/.well-known/jwks.json`, jwksAnswer));
    let subject: string;
    try {
      const { payload } = await jwtVerify(tokens.id_token, jwks, {
        issuer: d.issuer,
        audience: clientId,
        algorithms: ['ES256', 'RS256'],
      });
      if (payload.nonce !== req.nonce) throw new VerificationFailed('the ID token answers another request (nonce)');
      subject = payload.sub!;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) throw new VerificationFailed(`the ID token is not valid (${err.code})`);
      throw err;
    }

    const infoRes = await this.#services.call(EXTERNAL_GATEWAY, {
      path: `${ROUTE}/userinfo`,
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    if (infoRes.status !== 200)
      throw new VerificationFailed('GOV.UK One Login did not return the identity', { status: infoRes.status });
    const info = await infoRes.read(userInfoAnswer, { code: ONE_LOGIN_BAD_ANSWER });
    const core = info[CORE_IDENTITY_CLAIM];
    if (typeof core !== 'string')
      throw new VerificationFailed('GOV.UK One Login could not prove this identity', { vtr: VECTOR_OF_TRUST });
    if (info.sub !== subject) throw new VerificationFailed('the identity belongs to another sign-in (sub)');

    const did = await this.#read(`${ROUTE}/.well-known/did.json`, didAnswer);
    try {
      const { payload } = await jwtVerify(
        core,
        async (header) => {
          const method = did.assertionMethod?.find((m) => m.id === header.kid);
          if (!method) throw new joseErrors.JWKSNoMatchingKey();
          return importJWK(method.publicKeyJwk, 'ES256');
        },
        { issuer: `${d.issuer}identity`, audience: clientId, algorithms: ['ES256'], subject },
      );
      if (payload.vot !== 'P2') throw new VerificationFailed(`the identity reached ${String(payload.vot)}, not P2`);
      return { subject, vot: payload.vot, credential: payload.vc, address: info[ADDRESS_CLAIM] };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError)
        throw new VerificationFailed(`the identity credential is not valid (${err.code})`);
      throw err;
    }
  }

  async #discover(): Promise<Discovery> {
    if (this.#discovery && Date.now() - this.#discovery.at < DISCOVERY_TTL_MS) return this.#discovery.value;
    const d = await this.#read(`${ROUTE}/.well-known/openid-configuration`, discoveryAnswer);
    if (d.issuer !== this.#cfg.ONE_LOGIN_ISSUER)
      throw new UnavailableError(`One Login's discovery names issuer ${d.issuer}, not ${this.#cfg.ONE_LOGIN_ISSUER}`);
    this.#discovery = { value: d, at: Date.now() };
    return d;
  }

  async #read<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    const res = await this.#services.call(EXTERNAL_GATEWAY, { path });
    if (res.status !== 200)
      throw new UnavailableError(`GOV.UK One Login is not answering (${res.status}); try again shortly`);
    return res.read(schema, { code: ONE_LOGIN_BAD_ANSWER });
  }
}
