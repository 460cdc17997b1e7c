/**
 * Claims in every state for the seed citizens, each with the audit trail that would have led there,
 * loaded once into an empty database (see data-kit's dev-seed for when). Seeds notify nobody.
 */
import { inTransaction, SEED_CITIZENS, uuidv7, type Tx } from '@dwp/data-kit';
import type pg from 'pg';
import type { Benefit } from '../domain/benefits.ts';
import { transition, TRANSITIONS, type ClaimEvent, type ClaimState } from '../domain/claim-state-machine.ts';
import type { Decision } from '../store/claim-records.ts';
import { appendAudit, countClaims, insertClaim, updateClaimState } from '../store/claims-store.ts';

/** The seed caseworker's `sub`. */
export const SEED_CASEWORKER = '0191a000-0000-7000-8000-0000000000c1';

const PATHS: ReadonlyArray<{ benefit: Benefit; steps: ClaimEvent[] }> = [
  { benefit: 'universal-credit', steps: [] },
  { benefit: 'universal-credit', steps: ['submit'] },
  { benefit: 'new-style-jsa', steps: ['submit', 'request_evidence'] },
  { benefit: 'universal-credit', steps: ['submit', 'request_evidence', 'provide_evidence'] },
  { benefit: 'new-style-esa', steps: ['submit', 'start_assessment'] },
  { benefit: 'universal-credit', steps: ['submit', 'start_assessment', 'award'] },
  { benefit: 'new-style-jsa', steps: ['submit', 'start_assessment', 'refuse'] },
  { benefit: 'universal-credit', steps: ['submit', 'withdraw'] },
  { benefit: 'new-style-esa', steps: ['submit', 'start_assessment', 'refuse', 'request_reconsideration'] },
];

const REASONS: Partial<Record<ClaimEvent, string>> = {
  request_evidence: 'Send your last two payslips',
  award: 'Meets the conditions for Universal Credit',
  refuse: 'Not enough National Insurance contributions in the relevant tax years',
  withdraw: 'Found work',
  request_reconsideration: 'I paid contributions while working abroad',
};

async function seedClaim(
  tx: Tx,
  citizenSub: string,
  benefit: Benefit,
  steps: readonly ClaimEvent[],
  start: number,
): Promise<void> {
  let clock = start;
  const at = () => new Date((clock += 3_600_000)).toISOString();
  const id = uuidv7({ now: () => start });
  const created = at();
  await insertClaim(tx, {
    id,
    citizenSub,
    benefit,
    state: 'draft',
    answers: { seeded: true },
    decision: null,
    createdAt: created,
    updatedAt: created,
    submittedAt: null,
    decidedAt: null,
  });
  await appendAudit(tx, {
    id: uuidv7(),
    claimId: id,
    at: created,
    actorSub: citizenSub,
    actorRole: 'citizen',
    event: 'create',
    fromState: null,
    toState: 'draft',
    reason: null,
  });
  let state: ClaimState = 'draft';
  for (const event of steps) {
    const actor = TRANSITIONS[event].actor;
    const r = transition(state, event, actor);
    if (!r.ok) throw new Error(`seed path is not legal at ${event} from ${state}`);
    const when = at();
    const decision: Decision | undefined =
      r.to === 'awarded'
        ? { outcome: 'awarded', reasons: [REASONS.award!], monthlyAmountPence: 40014, decidedBy: SEED_CASEWORKER }
        : r.to === 'refused'
          ? { outcome: 'refused', reasons: [REASONS.refuse!], decidedBy: SEED_CASEWORKER }
          : undefined;
    await updateClaimState(tx, id, {
      state: r.to,
      at: when,
      ...(event === 'submit' ? { submittedAt: when } : {}),
      ...(decision ? { decidedAt: when, decision } : {}),
    });
    await appendAudit(tx, {
      id: uuidv7(),
      claimId: id,
      at: when,
      actorSub: actor === 'citizen' ? citizenSub : SEED_CASEWORKER,
      actorRole: actor,
      event,
      fromState: r.from,
      toState: r.to,
      reason: REASONS[event] ?? null,
    });
    state = r.to;
  }
}

/** Seeds when the database has no claims; returns how many it added. */
export async function seedDevClaims(pool: pg.Pool, now = Date.now()): Promise<number> {
  return inTransaction(pool, async (tx) => {
    // Replicas starting together: the first takes the lock and seeds, the others then see claims.
    await tx.query('lock table claims in exclusive mode');
    if ((await countClaims(tx)) > 0) return 0;
    let start = now - 30 * 86_400_000;
    for (const [i, path] of PATHS.entries()) {
      const citizen = SEED_CITIZENS[i % SEED_CITIZENS.length]!;
      await seedClaim(tx, citizen.sub, path.benefit, path.steps, (start += 86_400_000));
    }
    return PATHS.length;
  });
}
