/**
 * The pool over HTTP, as Cognito serves it: `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>` and an `application/x-amz-json-1.1` body, errors
 * as `{"__type", "message"}`; the JWKS and OpenID configuration under `/<poolId>/.well-known/`.
 * Two local-only routes under `/__local/` rotate the signing keys and read a confirmation code.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CognitoError } from './errors.ts';
import type { UserPool } from './user-pool.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY_BYTES = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/x-amz-json-1.1'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) }).end(text);
}

function sendError(res: ServerResponse, err: CognitoError): void {
  res.setHeader('x-amzn-errortype', err.type);
  send(res, err.status, { __type: err.type, message: err.message });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new CognitoError('InvalidParameterException', 'Request body is too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
  } catch {
    throw new CognitoError('InvalidParameterException', 'Request body is not valid JSON');
  }
}

export function createUserPoolServer(pool: UserPool): Server {
  const base = `/${pool.config.poolId}`;
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://pool');
      if (req.method === 'POST' && url.pathname === '/') {
        const target = req.headers['x-amz-target'];
        if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
          throw new CognitoError('UnknownOperationException', 'Missing or unknown X-Amz-Target header');
        }
        send(res, 200, await pool.handle(target.slice(TARGET_PREFIX.length), await readJson(req)));
        return;
      }
      if (req.method === 'GET' && url.pathname === `${base}/.well-known/jwks.json`) {
        res.setHeader('cache-control', 'public, max-age=300');
        send(res, 200, pool.jwks(), 'application/json');
        return;
      }
      if (req.method === 'GET' && url.pathname === `${base}/.well-known/openid-configuration`) {
        send(
          res,
          200,
          {
            issuer: pool.config.issuer,
            jwks_uri: `${pool.config.issuer}/.well-known/jwks.json`,
            id_token_signing_alg_values_supported: ['RS256'],
            subject_types_supported: ['public'],
            response_types_supported: ['code', 'token'],
          },
          'application/json',
        );
        return;
      }
      if (req.method === 'POST' && url.pathname === '/__local/rotate-keys') {
        send(res, 200, { activeKid: await pool.rotateKeys() }, 'application/json');
        return;
      }
      const code = /^\/__local\/confirmation-codes\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && code) {
        const value = pool.confirmationCode(decodeURIComponent(code[1]!));
        if (value) send(res, 200, { code: value }, 'application/json');
        else send(res, 404, { message: 'No pending confirmation code' }, 'application/json');
        return;
      }
      send(res, 404, { message: 'Not found' }, 'application/json');
    } catch (err) {
      if (err instanceof CognitoError) {
        sendError(res, err);
        return;
      }
      process.stderr.write(`${JSON.stringify({ level: 50, msg: 'user pool error', err: String(err) })}\n`);
      sendError(res, new CognitoError('InternalErrorException', 'Internal error', 500));
    }
  };
  // Every failure is answered inside `answer`: nothing is left for the server to catch.
  return createServer((req, res) => {
    void answer(req, res);
  });
}
