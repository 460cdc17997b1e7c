/**
 * The address lookup sandbox: the OS Places API (`/search/places/v1/postcode` and `/uprn`), which
 * serves Royal Mail PAF addresses as DPA records. An API key is required, in the `key` header or
 * query parameter, as OS Data Hub APIs take it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createSandboxApp, sendError, type Sandbox } from '../kit/sandbox-app.ts';
import { addressByUprn, addressesAt, type DpaRecord } from './addresses.ts';

export const ROYAL_MAIL_API_KEY_HEADER = 'key';
/** OS Places' own page size limit. */
export const MAX_RESULTS = 100;
const EPOCH = '107';

export interface RoyalMailSandboxOptions {
  /** The API key callers must present. */
  readonly apiKey: string;
  readonly logLevel?: string;
}

/** OS Places answers errors as `{"error": {"statuscode", "message"}}`. */
const errorBody = (status: number, message: string) => ({ error: { statuscode: status, message } });
const errors = { errorBody };

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9]([A-Z]{2})?$/i;
const paging = {
  maxresults: z.coerce.number().int().min(1).max(MAX_RESULTS).default(MAX_RESULTS),
  offset: z.coerce.number().int().min(0).default(0),
  dataset: z.enum(['DPA']).default('DPA'),
  output_srs: z.enum(['EPSG:27700']).default('EPSG:27700'),
  key: z.string().optional(),
};
const postcodeQuery = z.object({
  postcode: z
    .string()
    .regex(POSTCODE, 'Requested postcode must contain a minimum of the sector plus 1 digit of the district e.g. SO1 9'),
  ...paging,
});
const uprnQuery = z.object({
  uprn: z.string().regex(/^\d{1,12}$/, 'Requested UPRN must be a number of up to 12 digits'),
  ...paging,
});

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function page(
  request: FastifyRequest,
  query: Record<string, unknown>,
  all: readonly DpaRecord[],
  offset: number,
  max: number,
) {
  const results = all.slice(offset, offset + max);
  const { key: _key, ...shown } = query;
  return {
    header: {
      uri: `${request.protocol}://${request.host}${request.url.split('?')[0]}?${new URLSearchParams(shown as Record<string, string>).toString()}`,
      query: Object.entries(shown)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' '),
      offset,
      totalresults: all.length,
      format: 'JSON',
      dataset: 'DPA',
      lr: 'EN,CY',
      maxresults: max,
      epoch: EPOCH,
      lastupdate: '2024-01-01',
      output_srs: 'EPSG:27700',
    },
    ...(results.length ? { results: results.map((DPA) => ({ DPA })) } : {}),
  };
}

export function createRoyalMailSandbox(opts: RoyalMailSandboxOptions): Sandbox {
  if (!opts.apiKey) throw new TypeError('apiKey is required');
  const sandbox = createSandboxApp({
    name: 'royal-mail',
    errorBody,
    ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
  });
  const app: FastifyInstance = sandbox.app;

  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/__')) return;
    const header = request.headers[ROYAL_MAIL_API_KEY_HEADER];
    const fromQuery = (request.query as { key?: unknown } | undefined)?.key;
    const key = typeof header === 'string' ? header : typeof fromQuery === 'string' ? fromQuery : undefined;
    if (key === undefined)
      return sendError(errors, reply, 401, 'Missing API key: send it in the "key" header or query parameter');
    if (!sameKey(key, opts.apiKey)) return sendError(errors, reply, 401, 'Invalid API key');
  });

  app.get('/search/places/v1/postcode', async (request, reply) => {
    const parsed = postcodeQuery.safeParse(request.query);
    if (!parsed.success) return sendError(errors, reply, 400, parsed.error.issues[0]!.message);
    const q = parsed.data;
    return page(request, { postcode: q.postcode, dataset: q.dataset }, addressesAt(q.postcode), q.offset, q.maxresults);
  });

  app.get('/search/places/v1/uprn', async (request, reply) => {
    const parsed = uprnQuery.safeParse(request.query);
    if (!parsed.success) return sendError(errors, reply, 400, parsed.error.issues[0]!.message);
    const q = parsed.data;
    const found = addressByUprn(q.uprn);
    return page(request, { uprn: q.uprn, dataset: q.dataset }, found ? [found] : [], q.offset, q.maxresults);
  });

  return sandbox;
}
