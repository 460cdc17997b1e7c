/**
 * Persistence of claims: every query the service makes, each taking the transaction it runs in.
 * A state change locks the claim's row, so two changes to one claim happen one after the other.
 * Every row read is parsed against the shape this version writes: a row of another shape is a
 * {@link StoredDataUnreadableError}, never a wrong answer.
 */
import type { Tx } from '@dwp/data-kit';
import type pg from 'pg';
import { z } from 'zod';
import { BENEFITS } from '../domain/benefits.ts';
import { CLAIM_EVENTS, CLAIM_STATES, type ClaimState } from '../domain/claim-state-machine.ts';
import { EVIDENCE_TYPES } from '../domain/evidence-file.ts';
import { StoredDataUnreadableError } from '../errors.ts';
import type { AuditRecord, ChecklistItem, ClaimRecord, Decision, EvidenceRecord, NoteRecord } from './claim-records.ts';

type Db = pg.Pool | Tx;
type Row = Record<string, unknown>;

const timestamp = z.date().transform((d) => d.toISOString());
const state = z.enum(CLAIM_STATES);

export const storedDecision = z.object({
  outcome: z.enum(['awarded', 'refused']),
  reasons: z.array(z.string()),
  monthlyAmountPence: z.number().int().optional(),
  decidedBy: z.string(),
}) satisfies z.ZodType<Decision>;

const claimRow = z
  .object({
    id: z.string(),
    citizen_sub: z.string(),
    benefit: z.enum(BENEFITS),
    state,
    answers: z.record(z.string(), z.unknown()),
    decision: storedDecision.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    submitted_at: timestamp.nullable(),
    decided_at: timestamp.nullable(),
  })
  .transform((r): ClaimRecord => ({
    id: r.id,
    citizenSub: r.citizen_sub,
    benefit: r.benefit,
    state: r.state,
    answers: r.answers,
    decision: r.decision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
  }));

const auditRow = z
  .object({
    id: z.string(),
    claim_id: z.string(),
    at: timestamp,
    actor_sub: z.string(),
    actor_role: z.string(),
    event: z.enum([...CLAIM_EVENTS, 'create']),
    from_state: state.nullable(),
    to_state: state,
    reason: z.string().nullable(),
  })
  .transform((r): AuditRecord => ({
    id: r.id,
    claimId: r.claim_id,
    at: r.at,
    actorSub: r.actor_sub,
    actorRole: r.actor_role,
    event: r.event,
    fromState: r.from_state,
    toState: r.to_state,
    reason: r.reason,
  }));

const evidenceRow = z
  .object({
    id: z.string(),
    claim_id: z.string(),
    uploaded_by: z.string(),
    content_type: z.enum(EVIDENCE_TYPES),
    size_bytes: z.number().int(),
    sha256: z.string(),
    object_key: z.string(),
    file_name: z.string(),
    created_at: timestamp,
  })
  .transform((r): EvidenceRecord => ({
    id: r.id,
    claimId: r.claim_id,
    uploadedBy: r.uploaded_by,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    objectKey: r.object_key,
    fileName: r.file_name,
    createdAt: r.created_at,
  }));

const noteRow = z
  .object({ id: z.string(), claim_id: z.string(), author_sub: z.string(), body: z.string(), created_at: timestamp })
  .transform((r): NoteRecord => ({
    id: r.id,
    claimId: r.claim_id,
    authorSub: r.author_sub,
    body: r.body,
    createdAt: r.created_at,
  }));

const checklistRow = z
  .object({ item: z.string(), checked: z.boolean(), checked_by: z.string(), checked_at: timestamp })
  .transform((r): ChecklistItem => ({
    item: r.item,
    checked: r.checked,
    checkedBy: r.checked_by,
    checkedAt: r.checked_at,
  }));

/** Reads what the database gave back against `schema`, or fails with a {@link StoredDataUnreadableError}. */
export function readStored<S extends z.ZodType>(what: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredDataUnreadableError(what);
  return parsed.data;
}

/** A reader of one table's rows, naming the row it could not read. */
const rowsOf =
  <S extends z.ZodType>(table: string, schema: S) =>
  (row: Row): z.output<S> =>
    readStored(`A ${table} row${typeof row.id === 'string' ? ` (${row.id})` : ''}`, schema, row);

const claimOf = rowsOf('claims', claimRow);
const auditOf = rowsOf('claim_audit', auditRow);
const evidenceOf = rowsOf('evidence', evidenceRow);
const noteOf = rowsOf('claim_notes', noteRow);
const checklistItemOf = rowsOf('claim_checklist', checklistRow);

export async function insertClaim(tx: Tx, c: ClaimRecord): Promise<void> {
  await tx.query(
    `insert into claims (id, citizen_sub, benefit, state, answers, decision, created_at, updated_at, submitted_at, decided_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      c.id,
      c.citizenSub,
      c.benefit,
      c.state,
      JSON.stringify(c.answers),
      c.decision ? JSON.stringify(c.decision) : null,
      c.createdAt,
      c.updatedAt,
      c.submittedAt,
      c.decidedAt,
    ],
  );
}

export async function findClaim(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ClaimRecord | undefined> {
  const { rows } = await db.query<Row>(`select * from claims where id = $1${opts.forUpdate ? ' for update' : ''}`, [
    id,
  ]);
  return rows[0] ? claimOf(rows[0]) : undefined;
}

/** Which claims a list holds; every filter given must match. Oldest first (ids are UUIDv7). */
export interface ClaimsFilter {
  readonly citizenSub?: string;
  readonly states?: readonly ClaimState[];
  readonly benefits?: readonly string[];
  /** Only claims sent before this instant (ISO 8601): drafts, never sent, are left out. */
  readonly submittedBefore?: string;
  readonly after?: string;
  readonly limit: number;
}

export async function listClaims(db: Db, filter: ClaimsFilter): Promise<ClaimRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.citizenSub) where.push(`citizen_sub = $${params.push(filter.citizenSub)}`);
  if (filter.states?.length) where.push(`state = any($${params.push(filter.states)}::text[])`);
  if (filter.benefits?.length) where.push(`benefit = any($${params.push(filter.benefits)}::text[])`);
  if (filter.submittedBefore) where.push(`submitted_at < $${params.push(filter.submittedBefore)}::timestamptz`);
  if (filter.after) where.push(`id > $${params.push(filter.after)}`);
  const sql = `select * from claims ${where.length ? `where ${where.join(' and ')}` : ''} order by id limit $${params.push(filter.limit)}`;
  const { rows } = await db.query<Row>(sql, params);
  return rows.map(claimOf);
}

export async function countClaims(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from claims');
  return rows[0]!.n;
}

export async function updateClaimState(
  tx: Tx,
  id: string,
  change: { state: ClaimState; at: string; submittedAt?: string; decidedAt?: string; decision?: Decision },
): Promise<void> {
  await tx.query(
    `update claims set state = $2, updated_at = $3,
       submitted_at = coalesce($4, submitted_at), decided_at = coalesce($5, decided_at), decision = coalesce($6, decision)
     where id = $1`,
    [
      id,
      change.state,
      change.at,
      change.submittedAt ?? null,
      change.decidedAt ?? null,
      change.decision ? JSON.stringify(change.decision) : null,
    ],
  );
}

export async function appendAudit(tx: Tx, a: AuditRecord): Promise<void> {
  await tx.query(
    `insert into claim_audit (id, claim_id, at, actor_sub, actor_role, event, from_state, to_state, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.id, a.claimId, a.at, a.actorSub, a.actorRole, a.event, a.fromState, a.toState, a.reason],
  );
}

/** A page of a claim's rows, oldest first: those after the `after` id, at most `limit`. */
export interface RowPage {
  readonly after?: string | undefined;
  readonly limit: number;
}

async function pageOfClaim(
  db: Db,
  table: 'claim_audit' | 'evidence' | 'claim_notes',
  claimId: string,
  page: RowPage,
): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `select * from ${table} where claim_id = $1 and ($2::uuid is null or id > $2) order by id limit $3`,
    [claimId, page.after ?? null, page.limit],
  );
  return rows;
}

export async function auditOfClaim(db: Db, claimId: string, page: RowPage): Promise<AuditRecord[]> {
  return (await pageOfClaim(db, 'claim_audit', claimId, page)).map(auditOf);
}

export async function insertEvidence(tx: Tx, e: EvidenceRecord): Promise<void> {
  await tx.query(
    `insert into evidence (id, claim_id, uploaded_by, content_type, size_bytes, sha256, object_key, file_name, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.id, e.claimId, e.uploadedBy, e.contentType, e.sizeBytes, e.sha256, e.objectKey, e.fileName, e.createdAt],
  );
}

export async function evidenceOfClaim(db: Db, claimId: string, page: RowPage): Promise<EvidenceRecord[]> {
  return (await pageOfClaim(db, 'evidence', claimId, page)).map(evidenceOf);
}

export async function findEvidence(db: Db, claimId: string, id: string): Promise<EvidenceRecord | undefined> {
  const { rows } = await db.query<Row>('select * from evidence where claim_id = $1 and id = $2', [claimId, id]);
  return rows[0] ? evidenceOf(rows[0]) : undefined;
}

export async function insertNote(tx: Tx, n: NoteRecord): Promise<void> {
  await tx.query('insert into claim_notes (id, claim_id, author_sub, body, created_at) values ($1, $2, $3, $4, $5)', [
    n.id,
    n.claimId,
    n.authorSub,
    n.body,
    n.createdAt,
  ]);
}

export async function notesOfClaim(db: Db, claimId: string, page: RowPage): Promise<NoteRecord[]> {
  return (await pageOfClaim(db, 'claim_notes', claimId, page)).map(noteOf);
}

export async function setChecklistItem(tx: Tx, claimId: string, item: ChecklistItem): Promise<void> {
  await tx.query(
    `insert into claim_checklist (claim_id, item, checked, checked_by, checked_at) values ($1, $2, $3, $4, $5)
     on conflict (claim_id, item) do update set checked = excluded.checked, checked_by = excluded.checked_by, checked_at = excluded.checked_at`,
    [claimId, item.item, item.checked, item.checkedBy, item.checkedAt],
  );
}

export async function checklistOfClaim(db: Db, claimId: string): Promise<ChecklistItem[]> {
  const { rows } = await db.query<Row>('select * from claim_checklist where claim_id = $1 order by item', [claimId]);
  return rows.map(checklistItemOf);
}

/** Replaces a claim's answers (the caller holds the row's lock and has checked it is a draft). */
export async function updateClaimAnswers(
  tx: Tx,
  id: string,
  answers: Record<string, unknown>,
  at: string,
): Promise<void> {
  await tx.query('update claims set answers = $2, updated_at = $3 where id = $1', [id, JSON.stringify(answers), at]);
}
