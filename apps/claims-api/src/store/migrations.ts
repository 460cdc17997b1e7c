/** The claims database, one versioned step at a time. Released steps are never edited: add a new one. */
import { DATA_KIT_OUTBOX_TRACE_SQL, DATA_KIT_TABLES_SQL, type Migration } from '@dwp/data-kit';

export const CLAIMS_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'outbox and idempotency keys', sql: DATA_KIT_TABLES_SQL },
  {
    version: 2,
    name: 'claims, audit trail, evidence, notes and checklist',
    sql: `
      create table claims (
        id uuid primary key,
        citizen_sub text not null,
        benefit text not null,
        state text not null,
        answers jsonb not null default '{}',
        decision jsonb,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        submitted_at timestamptz,
        decided_at timestamptz
      );
      create index claims_by_citizen on claims (citizen_sub, id);
      create index claims_by_state on claims (state, id);

      -- Append-only: who moved the claim, when, from where to where, and why.
      create table claim_audit (
        id uuid primary key,
        claim_id uuid not null references claims (id),
        at timestamptz not null,
        actor_sub text not null,
        actor_role text not null,
        event text not null,
        from_state text,
        to_state text not null,
        reason text
      );
      create index claim_audit_by_claim on claim_audit (claim_id, id);
      create function claim_audit_is_append_only() returns trigger language plpgsql as $$
        begin raise exception 'claim_audit is append-only'; end $$;
      create trigger claim_audit_append_only before update or delete on claim_audit
        for each row execute function claim_audit_is_append_only();

      create table evidence (
        id uuid primary key,
        claim_id uuid not null references claims (id),
        uploaded_by text not null,
        content_type text not null,
        size_bytes integer not null,
        sha256 text not null,
        object_key text not null,
        file_name text not null,
        created_at timestamptz not null
      );
      create index evidence_by_claim on evidence (claim_id, id);

      create table claim_notes (
        id uuid primary key,
        claim_id uuid not null references claims (id),
        author_sub text not null,
        body text not null,
        created_at timestamptz not null
      );
      create index claim_notes_by_claim on claim_notes (claim_id, id);

      create table claim_checklist (
        claim_id uuid not null references claims (id),
        item text not null,
        checked boolean not null,
        checked_by text not null,
        checked_at timestamptz not null,
        primary key (claim_id, item)
      );`,
  },
  { version: 3, name: 'trace context on outbox events', sql: DATA_KIT_OUTBOX_TRACE_SQL },
];
