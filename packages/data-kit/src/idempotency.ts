/**
 * `Idempotency-Key` for POSTs that create something: the key is recorded in the same transaction as
 * the creation, so a retry with the same key gets the same answer and nothing is created twice.
 * A retry racing the first request waits on the key's row and then reads its answer.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { ServiceError } from '@dwp/service-errors';
import { inTransaction, type Tx } from './transaction.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The header as a route schema declares it. */
export const idempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8 to 128 letters, digits or . _ : -')
    .optional()
    .describe('Makes the request safe to retry: the same key gives the same answer and creates nothing twice'),
});

export class IdempotencyKeyReusedError extends ServiceError {
  static override readonly code = 'DATA_ERR_IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super(
      422,
      IdempotencyKeyReusedError.code,
      'This Idempotency-Key was already used for a different request; use a new key',
    );
  }
}

export interface StoredResponse<B = unknown> {
  readonly status: number;
  readonly body: B;
}

/** A digest of what makes two requests "the same request". */
export function fingerprint(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The stored answer to an earlier request with this key, if there is one: for routes that must not
 * repeat work outside the transaction (calling another service, storing a file) on a replay.
 * @throws {IdempotencyKeyReusedError} when the key was used for a request with another fingerprint
 */
export async function replayOf<B>(
  pool: pg.Pool,
  opts: { scope: string; key: string | undefined; fingerprint: string },
): Promise<StoredResponse<B> | undefined> {
  if (!opts.key) return undefined;
  const { rows } = await pool.query<{ fingerprint: string; status: number; body: B }>(
    'select fingerprint, status, body from idempotency_keys where scope = $1 and key = $2 and status <> 0',
    [opts.scope, opts.key],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.fingerprint !== opts.fingerprint) throw new IdempotencyKeyReusedError();
  return { status: row.status, body: row.body };
}

/**
 * Runs `work` in a transaction, once per (scope, key). Without a key it simply runs.
 * @param scope who the key belongs to (a user, a service) and what it is for, so keys never collide across callers
 * @throws {IdempotencyKeyReusedError} when the key was used for a request with another fingerprint
 */
export async function idempotent<B>(
  pool: pg.Pool,
  opts: { scope: string; key: string | undefined; fingerprint: string },
  work: (tx: Tx) => Promise<StoredResponse<B>>,
): Promise<StoredResponse<B> & { replayed: boolean }> {
  const { key } = opts;
  if (!key) return { ...(await inTransaction(pool, work)), replayed: false };
  for (;;) {
    const outcome = await inTransaction(pool, async (tx) => {
      const claimed = await tx.query(
        `insert into idempotency_keys (scope, key, fingerprint, status, body) values ($1, $2, $3, 0, 'null'::jsonb)
         on conflict do nothing returning key`,
        [opts.scope, key, opts.fingerprint],
      );
      if (claimed.rowCount === 1) {
        const res = await work(tx);
        await tx.query('update idempotency_keys set status = $3, body = $4 where scope = $1 and key = $2', [
          opts.scope,
          key,
          res.status,
          JSON.stringify(res.body),
        ]);
        return { ...res, replayed: false };
      }
      const { rows } = await tx.query<{ fingerprint: string; status: number; body: B }>(
        'select fingerprint, status, body from idempotency_keys where scope = $1 and key = $2',
        [opts.scope, key],
      );
      const row = rows[0];
      if (!row) return undefined; // the first request rolled back after we looked: try to claim again
      if (row.fingerprint !== opts.fingerprint) throw new IdempotencyKeyReusedError();
      return { status: row.status, body: row.body, replayed: true };
    });
    if (outcome) return outcome;
  }
}
