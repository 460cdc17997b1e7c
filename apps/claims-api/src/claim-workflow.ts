/**
 * How a claim changes: the domain decides whether a step is allowed, then the new state, its audit
 * record and its event are committed together (the event through the outbox), or none of them is.
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '@dwp/clock';
import { enqueueEvent, inTransaction, newEvent, uuidv7, type Tx } from '@dwp/data-kit';
import type { TraceContext } from '@dwp/service-kit';
import type pg from 'pg';
import type { ActingUser } from './acting-user.ts';
import { canSee } from './acting-user.ts';
import type { Benefit } from './domain/benefits.ts';
import { transition, TRANSITIONS, type ClaimEvent, type ClaimState } from './domain/claim-state-machine.ts';
import { detectEvidenceType, MAX_EVIDENCE_BYTES, safeFileName } from './domain/evidence-file.ts';
import { checkSubmission } from './domain/submission-rules.ts';
import {
  AddressNotValidatedError,
  AnswersLockedError,
  ClaimantOnlyError,
  ClaimNotFoundError,
  EmptyEvidenceError,
  EvidenceClosedError,
  IdentityNotVerifiedError,
  IllegalTransitionError,
  NotYourStepError,
  UnsupportedEvidenceTypeError,
} from './errors.ts';
import type { ClaimantAddress } from './ports/claimant-address.ts';
import type { DocumentStore } from './ports/document-store.ts';
import type { IdentityVerification } from './ports/identity-verification.ts';
import type { ClaimRecord, Decision, EvidenceRecord } from './store/claim-records.ts';
import {
  appendAudit,
  findClaim,
  insertClaim,
  insertEvidence,
  updateClaimAnswers,
  updateClaimState,
} from './store/claims-store.ts';

export const SERVICE = 'claims-api';

export interface ClaimWorkflowDeps {
  readonly pool: pg.Pool;
  /** Asked to publish soon after a commit that enqueued an event. */
  readonly outbox: { kick(): void };
  readonly documents: DocumentStore;
  readonly identity: IdentityVerification;
  readonly address: ClaimantAddress;
  /** @default systemClock */
  readonly clock?: Clock;
}

type RequestContext = { trace: TraceContext; id: string };

/** States a claim takes new evidence in. */
const OPEN_FOR_EVIDENCE: readonly ClaimState[] = [
  'draft',
  'submitted',
  'evidence_requested',
  'evidence_received',
  'under_assessment',
  'mandatory_reconsideration',
];

export class ClaimWorkflow {
  readonly #deps: ClaimWorkflowDeps;
  readonly #clock: Clock;
  constructor(deps: ClaimWorkflowDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? systemClock;
  }

  #now(): Date {
    return new Date(this.#clock.now());
  }

  /** Starts a draft claim for the signed-in citizen, inside the caller's (idempotent) transaction. */
  async create(
    tx: Tx,
    user: ActingUser,
    input: { benefit: Benefit; answers: Record<string, unknown> },
  ): Promise<ClaimRecord> {
    const at = this.#now().toISOString();
    const claim: ClaimRecord = {
      id: uuidv7(),
      citizenSub: user.sub,
      benefit: input.benefit,
      state: 'draft',
      answers: input.answers,
      decision: null,
      createdAt: at,
      updatedAt: at,
      submittedAt: null,
      decidedAt: null,
    };
    await insertClaim(tx, claim);
    await appendAudit(tx, {
      id: uuidv7(),
      claimId: claim.id,
      at,
      actorSub: user.sub,
      actorRole: 'citizen',
      event: 'create',
      fromState: null,
      toState: 'draft',
      reason: null,
    });
    return claim;
  }

  async visibleClaim(db: pg.Pool | Tx, user: ActingUser, id: string, forUpdate = false): Promise<ClaimRecord> {
    const claim = await findClaim(db, id, { forUpdate });
    // Someone else's claim is "not found", so ids reveal nothing.
    if (!claim || !canSee(user, claim)) throw new ClaimNotFoundError(id);
    return claim;
  }

  /**
   * Replaces a draft claim's answers with `answers`, as its claimant saves each question page.
   * Not a step of the state machine, so not in the audit trail (which records changes of state);
   * the answers a claim was sent with are fixed by the `submit` step, which is.
   * @throws {ClaimantOnlyError} 403 when a caseworker tries it on a claim that is not theirs
   * @throws {AnswersLockedError} 409, and nothing changes, when the claim is no longer a draft
   */
  async replaceAnswers(user: ActingUser, claimId: string, answers: Record<string, unknown>): Promise<ClaimRecord> {
    return inTransaction(this.#deps.pool, async (tx) => {
      const claim = await this.visibleClaim(tx, user, claimId, true);
      if (claim.citizenSub !== user.sub) throw new ClaimantOnlyError();
      if (claim.state !== 'draft') throw new AnswersLockedError(claim.state);
      await updateClaimAnswers(tx, claim.id, answers, this.#now().toISOString());
      return (await findClaim(tx, claim.id))!;
    });
  }

  /**
   * Takes one step of the state machine for the acting user.
   * @throws {IllegalTransitionError} 409, and nothing changes, when the claim's state does not allow it
   */
  async apply(
    user: ActingUser,
    claimId: string,
    event: ClaimEvent,
    opts: { reason?: string; decision?: Omit<Decision, 'outcome' | 'decidedBy'>; context?: RequestContext } = {},
  ): Promise<ClaimRecord> {
    if (event === 'submit') await this.#checkSubmission(user, claimId, opts.context);
    const claim = await inTransaction(this.#deps.pool, (tx) => this.applyIn(tx, user, claimId, event, opts));
    this.#deps.outbox.kick();
    return claim;
  }

  async applyIn(
    tx: Tx,
    user: ActingUser,
    claimId: string,
    event: ClaimEvent,
    opts: { reason?: string; decision?: Omit<Decision, 'outcome' | 'decidedBy'> } = {},
  ): Promise<ClaimRecord> {
    const claim = await this.visibleClaim(tx, user, claimId, true);
    const needed = TRANSITIONS[event].actor;
    if (needed === 'citizen' && claim.citizenSub !== user.sub) throw new NotYourStepError(event, 'claimant');
    if (needed === 'caseworker' && !user.caseworker) throw new NotYourStepError(event, 'caseworker');
    const result = transition(claim.state, event, needed);
    if (!result.ok) {
      if (result.reason === 'illegal') throw new IllegalTransitionError(event, claim.state, result.allowedFrom);
      throw new NotYourStepError(event, result.actor);
    }
    const at = this.#now().toISOString();
    const decision: Decision | undefined =
      result.to === 'awarded' || result.to === 'refused'
        ? {
            outcome: result.to,
            reasons: opts.decision?.reasons ?? [],
            ...(opts.decision?.monthlyAmountPence !== undefined
              ? { monthlyAmountPence: opts.decision.monthlyAmountPence }
              : {}),
            decidedBy: user.sub,
          }
        : undefined;
    await updateClaimState(tx, claim.id, {
      state: result.to,
      at,
      ...(event === 'submit' ? { submittedAt: at } : {}),
      ...(decision ? { decidedAt: at, decision } : {}),
    });
    const reason = opts.reason ?? (decision ? decision.reasons.join('; ') : undefined);
    await appendAudit(tx, {
      id: uuidv7(),
      claimId: claim.id,
      at,
      actorSub: user.sub,
      actorRole: needed,
      event,
      fromState: result.from,
      toState: result.to,
      reason: reason ?? null,
    });
    await enqueueEvent(
      tx,
      newEvent(
        SERVICE,
        `claim.${result.to}`,
        claim.citizenSub,
        {
          claimId: claim.id,
          benefit: claim.benefit,
          from: result.from,
          to: result.to,
          ...(reason ? { reason } : {}),
          ...(decision
            ? {
                decision: {
                  outcome: decision.outcome,
                  reasons: decision.reasons,
                  monthlyAmountPence: decision.monthlyAmountPence ?? null,
                },
              }
            : {}),
        },
        new Date(at),
      ),
    );
    return (await findClaim(tx, claim.id))!;
  }

  async #checkSubmission(user: ActingUser, claimId: string, context: RequestContext | undefined): Promise<void> {
    // Look before asking other services: a claim that is not ours or not a draft fails as it would anyway.
    const claim = await this.visibleClaim(this.#deps.pool, user, claimId);
    if (claim.citizenSub !== user.sub) throw new NotYourStepError('submit', 'claimant');
    const result = transition(claim.state, 'submit', 'citizen');
    if (!result.ok)
      throw new IllegalTransitionError('submit', claim.state, result.reason === 'illegal' ? result.allowedFrom : []);
    const [confidence, uprn] = await Promise.all([
      this.#deps.identity.confidenceOf(user.sub, context),
      this.#deps.address.uprnOf(user.sub, context),
    ]);
    const check = checkSubmission({ confidence, uprn });
    if (!check.ok)
      throw check.missing === 'identity'
        ? new IdentityNotVerifiedError(check.confidence)
        : new AddressNotValidatedError();
  }

  /** Checks an upload and stores it in S3; the caller records it (idempotently) with `recordEvidence`. */
  async storeEvidence(
    user: ActingUser,
    claimId: string,
    bytes: Buffer,
    fileName: string | undefined,
  ): Promise<Omit<EvidenceRecord, 'createdAt'>> {
    if (bytes.length === 0) throw new EmptyEvidenceError();
    const type = detectEvidenceType(bytes);
    if (!type || bytes.length > MAX_EVIDENCE_BYTES) throw new UnsupportedEvidenceTypeError();
    const claim = await this.visibleClaim(this.#deps.pool, user, claimId);
    if (claim.citizenSub !== user.sub) throw new NotYourStepError('provide_evidence', 'claimant');
    if (!OPEN_FOR_EVIDENCE.includes(claim.state)) throw new EvidenceClosedError(claim.state);
    const id = uuidv7();
    const objectKey = `claims/${claim.id}/evidence/${id}`;
    await this.#deps.documents.put(objectKey, bytes, type);
    return {
      id,
      claimId: claim.id,
      uploadedBy: user.sub,
      contentType: type,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      objectKey,
      fileName: safeFileName(fileName, type),
    };
  }

  /** Records stored evidence; evidence that was asked for moves the claim to evidence_received. */
  async recordEvidence(tx: Tx, user: ActingUser, stored: Omit<EvidenceRecord, 'createdAt'>): Promise<EvidenceRecord> {
    const claim = await this.visibleClaim(tx, user, stored.claimId, true);
    if (!OPEN_FOR_EVIDENCE.includes(claim.state)) throw new EvidenceClosedError(claim.state);
    const record: EvidenceRecord = { ...stored, createdAt: this.#now().toISOString() };
    await insertEvidence(tx, record);
    if (claim.state === 'evidence_requested')
      await this.applyIn(tx, user, claim.id, 'provide_evidence', { reason: `Uploaded ${record.fileName}` });
    return record;
  }

  kickOutbox(): void {
    this.#deps.outbox.kick();
  }
}
