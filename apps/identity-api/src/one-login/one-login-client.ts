/**
 * identity-api as a GOV.UK One Login relying party, as One Login's technical documentation says
 * (docs.sign-in.service.gov.uk: "Authenticate your user", "Prove your user's identity"). The
 * browser goes to One Login's authorize URL itself; every server-to-server call goes through the
 * external gateway: discovery, token, userinfo and the ID token keys on the `one-login` route (the
 * OIDC host), the identity credential's DID document on the `one-login-identity` route (the
 * identity issuer's own host). Client authentication is private_key_jwt; the authorize request is
 * a signed request object carrying state, nonce, PKCE, `vtr` and the identity claims asked for.
 *
 * Not openid-client (6.x): it addresses request objects to the issuer where One Login wants its
 * authorize endpoint (a `modifyAssertion` hook to undo), accepts an ID token issued in the future,
 * wants `allowInsecureRequests` for the local sandbox and a `customFetch` mapping each One Login
 * URL back onto a gateway route; and the checks One Login adds (`vot`, the identity credential,
 * its DID document) would be ours still. jose does the JWTs.
 */
import { createHash, createPrivateKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '@dwp/clock';
import { ENV, relyingPartyEnvNames } from '@dwp/platform';
import { UnavailableError, type ServiceClient } from '@dwp/service-kit';
import { SignJWT, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { VerificationFailed } from '../errors.ts';
import { publicBaseUrl } from '../public-base-url.ts';
import { didDocumentSchema, assertionKey, verifyIdentityCredential, type DidDocument } from './identity-credential.ts';
import { verifyIdToken } from './id-token.ts';
import { PublishedDocument, type DocumentRead } from './published-document.ts';

export { VerificationFailed };

export const CORE_IDENTITY_CLAIM = 'https://vocab.account.gov.uk/v1/coreIdentityJWT';
export const ADDRESS_CLAIM = 'https://vocab.account.gov.uk/v1/address';
/** Medium authentication (two factors): the only level identity proving may be asked at. */
export const CREDENTIAL_TRUST = 'Cl.Cm';
/** Medium identity confidence. */
export const IDENTITY_CONFIDENCE = 'P2';
/** The Vectors of Trust asked for: P2 on a Cl.Cm sign-in. */
export const VECTORS_OF_TRUST: readonly string[] = [`${CREDENTIAL_TRUST}.${IDENTITY_CONFIDENCE}`];
/** Scopes asked for: the same in the query and the request object, as One Login requires. */
export const SCOPE = 'openid email phone';
const UPSTREAM = 'one-login';
const IDENTITY_UPSTREAM = 'one-login-identity';
const ROUTE = `/external/${UPSTREAM}`;
const IDENTITY_ROUTE = `/external/${IDENTITY_UPSTREAM}`;
/** The runtime contract's names for this relying party's settings. */
const ONE_LOGIN_ENV = relyingPartyEnvNames(UPSTREAM);
const EXTERNAL_GATEWAY = 'external-gateway';
/** How long a published document is kept when its answer says nothing. */
const DEFAULT_DOCUMENT_TTL_MS = 10 * 60_000;
/** The longest a published document is kept, whatever it says: key rotations show within a day. */
const MAX_DOCUMENT_TTL_MS = 24 * 60 * 60_000;

export const oneLoginConfig = z.object({
  /** One Login's OIDC issuer, ending in `/` (`https://oidc.integration.account.gov.uk/`). */
  [ONE_LOGIN_ENV.issuer]: z.url(),
  /**
   * The issuer of One Login's identity credentials, a host of its own, exactly as their `iss` says
   * it (`https://identity.integration.account.gov.uk/`).
   */
  [ONE_LOGIN_ENV.identityIssuer]: z.url(),
  [ONE_LOGIN_ENV.clientId]: z.string().min(1),
  /** PKCS#8 PEM of the RS256 key registered with One Login (Secrets Manager on AWS). */
  [ONE_LOGIN_ENV.signingKey]: z.string().includes('PRIVATE KEY'),
  [ONE_LOGIN_ENV.signingKid]: z.string().min(1),
  /** Where the platform answers the public, to build the redirect URI. */
  [ENV.publicBaseUrl]: publicBaseUrl,
});
export type OneLoginConfig = z.output<typeof oneLoginConfig>;

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

/** The external gateway, as this client calls it. */
export type ExternalGateway = Pick<ServiceClient, 'call'>;

export class OneLoginClient {
  readonly #cfg: OneLoginConfig;
  readonly #services: ExternalGateway;
  readonly #clock: Clock;
  readonly #key: KeyObject;
  readonly #discovery: PublishedDocument<Discovery>;
  readonly #jwks: PublishedDocument<JSONWebKeySet>;
  readonly #did: PublishedDocument<DidDocument>;

  constructor(cfg: OneLoginConfig, services: ExternalGateway, clock: Clock = systemClock) {
    this.#cfg = cfg;
    this.#services = services;
    this.#clock = clock;
    this.#key = createPrivateKey(cfg.ONE_LOGIN_CLIENT_SIGNING_KEY);
    const published = <T>(read: () => Promise<DocumentRead<T>>) =>
      new PublishedDocument({ read, clock, defaultTtlMs: DEFAULT_DOCUMENT_TTL_MS, maxTtlMs: MAX_DOCUMENT_TTL_MS });
    this.#discovery = published(async () => {
      const read = await this.#read(`${ROUTE}/.well-known/openid-configuration`, discoveryAnswer);
      if (read.value.issuer !== cfg.ONE_LOGIN_ISSUER)
        throw new UnavailableError(
          `One Login's discovery names issuer ${read.value.issuer}, not ${cfg.ONE_LOGIN_ISSUER}`,
        );
      return read;
    });
    this.#jwks = published(() => this.#read(`${ROUTE}/.well-known/jwks.json`, jwksAnswer));
    // Only ever from the identity issuer's own host, as One Login says: never resolved from a kid.
    this.#did = published(() => this.#read(`${IDENTITY_ROUTE}/.well-known/did.json`, didDocumentSchema));
  }

  get redirectUri(): string {
    return `${this.#cfg.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/identity/verify/callback`;
  }

  /** The URL to send the citizen's browser to. */
  async authorizeUrl(req: AuthorizeRequest): Promise<string> {
    const d = await this.#discovery.get();
    const clientId = this.#cfg.ONE_LOGIN_CLIENT_ID;
    const params = {
      response_type: 'code',
      scope: SCOPE,
      client_id: clientId,
      redirect_uri: this.redirectUri,
      state: req.state,
      nonce: req.nonce,
      vtr: VECTORS_OF_TRUST,
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
    // The request object alone carries the request; the query repeats only what One Login wants in both.
    const query = new URLSearchParams({
      response_type: params.response_type,
      scope: SCOPE,
      client_id: clientId,
      request,
    });
    return `${d.authorization_endpoint}?${query}`;
  }

  /**
   * Redeems the code, checks the ID token and the identity credential, and returns what they prove.
   * @throws {VerificationFailed} when One Login refuses or an answer fails a check
   */
  async identityFor(code: string, req: Pick<AuthorizeRequest, 'nonce' | 'codeVerifier'>): Promise<OneLoginIdentity> {
    const d = await this.#discovery.get();
    const clientId = this.#cfg.ONE_LOGIN_CLIENT_ID;
    const tokens = await this.#redeem(d, code, req.codeVerifier);
    const signIn = await verifyIdToken(tokens.idToken, this.#idTokenKeys(), {
      issuer: d.issuer,
      clientId,
      nonce: req.nonce,
      credentialTrust: CREDENTIAL_TRUST,
      now: new Date(this.#clock.now()),
    });

    const infoRes = await this.#services.call(EXTERNAL_GATEWAY, {
      path: `${ROUTE}/userinfo`,
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    if (infoRes.status !== 200) {
      await infoRes.text();
      throw new VerificationFailed('GOV.UK One Login did not return the identity', { status: infoRes.status });
    }
    const info = await infoRes.read(userInfoAnswer, { code: ONE_LOGIN_BAD_ANSWER });
    if (info.sub !== signIn.subject)
      throw new VerificationFailed('the identity belongs to another sign-in (sub)', {
        token: 'userinfo',
        claim: 'sub',
      });
    const core = info[CORE_IDENTITY_CLAIM];
    if (typeof core !== 'string')
      throw new VerificationFailed('GOV.UK One Login could not prove this identity', { vtr: VECTORS_OF_TRUST });

    const credential = await verifyIdentityCredential(core, (kid) => this.#identityKey(kid), {
      identityIssuer: this.#cfg.ONE_LOGIN_IDENTITY_ISSUER,
      clientId,
      subject: signIn.subject,
      confidence: IDENTITY_CONFIDENCE,
      now: new Date(this.#clock.now()),
    });
    return { subject: signIn.subject, vot: credential.vot, credential: credential.vc, address: info[ADDRESS_CLAIM] };
  }

  async #redeem(d: Discovery, code: string, codeVerifier: string) {
    const clientId = this.#cfg.ONE_LOGIN_CLIENT_ID;
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: this.#cfg.ONE_LOGIN_CLIENT_SIGNING_KID })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(d.token_endpoint)
      .setJti(randomUUID())
      .setIssuedAt(Math.floor(this.#clock.now() / 1000))
      .setExpirationTime(Math.floor(this.#clock.now() / 1000) + 300)
      .sign(this.#key);
    const res = await this.#services.call(EXTERNAL_GATEWAY, {
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
          code_verifier: codeVerifier,
        }).toString(),
      ),
    });
    if (res.status !== 200) {
      const body = await res.text();
      throw new VerificationFailed('GOV.UK One Login did not accept the sign-in code; start verification again', {
        status: res.status,
        body: body.slice(0, 300),
      });
    }
    const tokens = await res.read(tokenAnswer, { code: ONE_LOGIN_BAD_ANSWER });
    if (!tokens.access_token || !tokens.id_token)
      throw new VerificationFailed('GOV.UK One Login answered without tokens');
    return { accessToken: tokens.access_token, idToken: tokens.id_token };
  }

  /** The ID token keys: the kept JWKS, read again once for a key it lacks (One Login rotated). */
  #idTokenKeys(): JWTVerifyGetKey {
    return async (header, token) => {
      try {
        return await createLocalJWKSet(await this.#jwks.get())(header, token);
      } catch (err) {
        if (!(err instanceof joseErrors.JWKSNoMatchingKey)) throw err;
        return createLocalJWKSet(await this.#jwks.get(true))(header, token);
      }
    };
  }

  /** The identity credential key a kid names: the kept DID document, read again once for a key it lacks. */
  async #identityKey(kid: string | undefined) {
    return assertionKey(await this.#did.get(), kid) ?? assertionKey(await this.#did.get(true), kid);
  }

  async #read<S extends z.ZodType>(path: string, schema: S): Promise<DocumentRead<z.output<S>>> {
    const res = await this.#services.call(EXTERNAL_GATEWAY, { path });
    if (res.status !== 200) {
      await res.text();
      throw new UnavailableError(`GOV.UK One Login is not answering (${res.status}); try again shortly`);
    }
    return {
      value: await res.read(schema, { code: ONE_LOGIN_BAD_ANSWER }),
      cacheControl: res.headers['cache-control'],
    };
  }
}
