/**
 * The NHS Personal Demographics Service (PDS) FHIR R4 sandbox behind NHS England's
 * application-restricted security: mutual TLS (the server asks for a client certificate signed by
 * the run's CA and refuses the handshake without one) and OAuth 2.0 client credentials with a
 * signed-JWT client assertion (RS512, `kid` from the registered JWKS, `iss` = `sub` = the API key,
 * `aud` = the token URL, `jti` used once, expiry at most five minutes ahead).
 *   POST /oauth2/token
 *   GET  /personal-demographics/FHIR/R4/Patient/{nhsNumber}   (Bearer token, X-Request-ID UUID)
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import { createSandboxApp, type Sandbox } from '../kit/sandbox-app.ts';
import { isValidNhsNumber, patientByNhsNumber, toFhirPatient } from './patients.ts';

export const PDS_BASE_PATH = '/personal-demographics/FHIR/R4';
export const NHS_TOKEN_PATH = '/oauth2/token';
/** NHS England's access tokens last ten minutes less a second, sent as a string. */
export const NHS_TOKEN_TTL_S = 599;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SPINE_CODES = 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode';

export interface NhsSandboxOptions {
  readonly clientId: string;
  /** The registered application's public keys. */
  readonly clientJwks: JSONWebKeySet;
  /** TLS: the server's certificate and key, and the CA whose client certificates are accepted. */
  readonly tls: { readonly cert: string; readonly key: string; readonly ca: string };
  readonly logLevel?: string;
}

function operationOutcome(status: number, code: string, display: string, diagnostics?: string) {
  const issueCode =
    status === 404 ? 'not-found' : status === 401 ? 'forbidden' : status === 400 ? 'value' : 'processing';
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: issueCode,
        details: { coding: [{ system: SPINE_CODES, version: '1', code, display }] },
        ...(diagnostics ? { diagnostics } : {}),
      },
    ],
  };
}

const GENERIC: Record<number, [string, string]> = {
  400: ['INVALID_VALUE', 'Provided value is invalid'],
  401: ['ACCESS_DENIED', 'Access Denied - Unauthorised'],
  404: ['RESOURCE_NOT_FOUND', 'Resource not found'],
  429: ['TOO_MANY_REQUESTS', "You have exceeded your application's rate limit"],
};
const errorBody = (status: number, message: string) => {
  const [code, display] = GENERIC[status] ?? ['SERVICE_UNAVAILABLE', 'Service unavailable'];
  return operationOutcome(status, code, display, message);
};

export function createNhsSandbox(opts: NhsSandboxOptions): Sandbox {
  if (!opts.clientId) throw new TypeError('clientId is required');
  const sandbox = createSandboxApp({
    name: 'nhs',
    errorBody,
    errorContentType: 'application/fhir+json',
    https: { cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca, requestCert: true, rejectUnauthorized: true },
    ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
  });
  const app: FastifyInstance = sandbox.app;
  const keys = createLocalJWKSet(opts.clientJwks);
  const usedJti = new Map<string, number>();
  const tokens = new Map<string, number>();
  const fhir = (reply: FastifyReply, status: number, body: unknown) =>
    reply.code(status).header('content-type', 'application/fhir+json').send(JSON.stringify(body));

  app.post(NHS_TOKEN_PATH, async (request, reply) => {
    const fail = (status: number, error: string, description: string) =>
      reply.code(status).send({ error, error_description: description, message_id: randomBytes(8).toString('hex') });
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credentials')
      return fail(400, 'unsupported_grant_type', 'grant_type is missing or not client_credentials');
    if (body.client_assertion_type !== ASSERTION_TYPE)
      return fail(400, 'invalid_request', `Missing or invalid client_assertion_type - must be '${ASSERTION_TYPE}'`);
    if (typeof body.client_assertion !== 'string') return fail(400, 'invalid_request', 'Missing client_assertion');
    const tokenUrl = `https://${request.host}${NHS_TOKEN_PATH}`;
    let payload;
    try {
      ({ payload } = await jwtVerify(body.client_assertion, keys, {
        algorithms: ['RS512'],
        issuer: opts.clientId,
        subject: opts.clientId,
        audience: tokenUrl,
        requiredClaims: ['exp', 'jti'],
        typ: 'JWT',
      }));
    } catch (err) {
      const why = err instanceof joseErrors.JOSEError ? err.code : 'invalid';
      return fail(401, 'invalid_request', `Invalid client_assertion: ${why}`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (payload.exp! - now > MAX_ASSERTION_LIFETIME_S)
      return fail(400, 'invalid_request', 'Invalid exp claim in JWT - more than 5 minutes in future');
    for (const [j, exp] of usedJti) if (exp < now) usedJti.delete(j);
    if (usedJti.has(payload.jti!)) return fail(400, 'invalid_request', 'Non-unique jti claim in JWT');
    usedJti.set(payload.jti!, payload.exp!);
    for (const [t, exp] of tokens) if (exp < Date.now()) tokens.delete(t);
    const token = randomBytes(18).toString('base64url');
    tokens.set(token, Date.now() + NHS_TOKEN_TTL_S * 1000);
    return {
      access_token: token,
      expires_in: String(NHS_TOKEN_TTL_S),
      token_type: 'Bearer',
      issued_at: String(Date.now()),
    };
  });

  app.get(`${PDS_BASE_PATH}/Patient/:id`, async (request, reply) => {
    const auth = request.headers.authorization;
    const bearer = typeof auth === 'string' ? /^Bearer (\S+)$/.exec(auth)?.[1] : undefined;
    const expires = bearer ? tokens.get(bearer) : undefined;
    if (!expires || expires < Date.now())
      return fhir(
        reply,
        401,
        operationOutcome(401, 'ACCESS_DENIED', 'Access Denied - Unauthorised', 'Invalid access token'),
      );
    const requestId = request.headers['x-request-id'];
    if (typeof requestId !== 'string' || !UUID.test(requestId))
      return fhir(
        reply,
        400,
        operationOutcome(
          400,
          'INVALID_VALUE',
          'Provided value is invalid',
          "Invalid value - '' in header 'X-Request-ID'",
        ),
      );
    const { id } = request.params as { id: string };
    if (!isValidNhsNumber(id))
      return fhir(reply, 400, operationOutcome(400, 'INVALID_RESOURCE_ID', 'Resource Id is invalid'));
    const patient = patientByNhsNumber(id);
    if (!patient) return fhir(reply, 404, operationOutcome(404, 'RESOURCE_NOT_FOUND', 'Resource not found'));
    reply.header('etag', 'W/"2"').header('x-request-id', requestId);
    return fhir(reply, 200, toFhirPatient(patient));
  });

  return sandbox;
}
