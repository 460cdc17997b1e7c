/**
 * Whether an error means a data store (PostgreSQL, DynamoDB, S3, SQS, Redis) could not be reached,
 * rather than that the request or the code was wrong. Such a request is answered 503 with
 * Retry-After: the store is restarting (locally) or failing over (RDS Multi-AZ takes 60-120 s),
 * the caller may try again, and nothing was written, as the transaction never committed.
 */

/** Socket-level failures: nothing is listening, the connection dropped, the name did not resolve. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that is going or gone: class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting or in recovery),
 * 53300 too_many_connections.
 */
const PG_UNAVAILABLE = /^(?:08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** node-postgres' own words when a connection ends or cannot be made in time. */
const PG_CLIENT_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/** How long a caller is told to wait: about what a local store needs to come back. */
export const STORE_RETRY_AFTER_S = 2;

function fieldOf(err: object, name: string): unknown {
  const value: unknown = Reflect.get(err, name);
  return value;
}

export function isStoreUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false;
  const code = fieldOf(err, 'code');
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code))) return true;
  const message = fieldOf(err, 'message');
  if (typeof message === 'string' && PG_CLIENT_MESSAGES.some((m) => message.includes(m))) return true;
  // AWS SDK v3 puts a socket failure's code on the error or its cause; Node's happy-eyeballs
  // connect gives an AggregateError of one per address.
  if (err instanceof AggregateError && err.errors.some((e) => isStoreUnavailable(e, depth + 1))) return true;
  return isStoreUnavailable(fieldOf(err, 'cause'), depth + 1);
}
