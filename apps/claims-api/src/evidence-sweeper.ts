/**
 * Evidence files no record points at. An upload is stored in S3 before its record commits; when
 * the commit fails the route deletes the file, but a crash between the two leaves it behind. The
 * sweeper lists the evidence prefix and deletes what is older than any upload could take and has
 * no row in `evidence`. One replica sweeps at a time (a PostgreSQL advisory lock); the others skip.
 */
import { systemClock, type Clock } from '@dwp/clock';
import type pg from 'pg';
import type { DocumentStore } from './ports/document-store.ts';

/** Where evidence lives in the bucket: `claims/<claim id>/evidence/<evidence id>`. */
export const EVIDENCE_PREFIX = 'claims/';
/** An unrecorded file younger than this may still be an upload in flight: left alone. */
export const ORPHAN_GRACE_MS = 60 * 60_000;
/** (ours) How often each replica offers to sweep. */
export const SWEEP_INTERVAL_MS = 60 * 60_000;
/** Advisory lock key: "evidence sweep" for the claims database. */
export const SWEEP_LOCK = 0x65766964;

export interface SweepResult {
  /** False when another replica held the sweep. */
  readonly swept: boolean;
  readonly examined: number;
  readonly deleted: readonly string[];
}

export async function sweepOrphanEvidence(
  pool: pg.Pool,
  documents: DocumentStore,
  opts: { clock?: Clock; graceMs?: number } = {},
): Promise<SweepResult> {
  const cutoff = (opts.clock ?? systemClock).now() - (opts.graceMs ?? ORPHAN_GRACE_MS);
  const lock = await pool.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [SWEEP_LOCK]);
    if (!rows[0]!.locked) return { swept: false, examined: 0, deleted: [] };
    try {
      let examined = 0;
      const deleted: string[] = [];
      for await (const page of documents.list(EVIDENCE_PREFIX)) {
        examined += page.length;
        const old = page.filter((o) => o.lastModified.getTime() < cutoff).map((o) => o.key);
        if (old.length === 0) continue;
        const known = await pool.query<{ object_key: string }>(
          'select object_key from evidence where object_key = any($1::text[])',
          [old],
        );
        const recorded = new Set(known.rows.map((r) => r.object_key));
        for (const key of old) {
          if (recorded.has(key)) continue;
          await documents.delete(key);
          deleted.push(key);
        }
      }
      return { swept: true, examined, deleted };
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [SWEEP_LOCK]);
    }
  } finally {
    lock.release();
  }
}
