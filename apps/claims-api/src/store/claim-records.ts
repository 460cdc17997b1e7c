/** Rows of the claims database as the service sees them. */
import type { Benefit } from '../domain/benefits.ts';
import type { ClaimEvent, ClaimState } from '../domain/claim-state-machine.ts';
import type { EvidenceType } from '../domain/evidence-file.ts';

export interface Decision {
  readonly outcome: 'awarded' | 'refused';
  readonly reasons: readonly string[];
  /** Monthly award in pence, for an award. */
  readonly monthlyAmountPence?: number;
  readonly decidedBy: string;
}

export interface ClaimRecord {
  readonly id: string;
  readonly citizenSub: string;
  readonly benefit: Benefit;
  readonly state: ClaimState;
  readonly answers: Record<string, unknown>;
  readonly decision: Decision | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
}

export interface AuditRecord {
  readonly id: string;
  readonly claimId: string;
  readonly at: string;
  readonly actorSub: string;
  readonly actorRole: string;
  readonly event: ClaimEvent | 'create';
  readonly fromState: ClaimState | null;
  readonly toState: ClaimState;
  readonly reason: string | null;
}

export interface EvidenceRecord {
  readonly id: string;
  readonly claimId: string;
  readonly uploadedBy: string;
  readonly contentType: EvidenceType;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly objectKey: string;
  readonly fileName: string;
  readonly createdAt: string;
}

export interface NoteRecord {
  readonly id: string;
  readonly claimId: string;
  readonly authorSub: string;
  readonly body: string;
  readonly createdAt: string;
}

export interface ChecklistItem {
  readonly item: string;
  readonly checked: boolean;
  readonly checkedBy: string;
  readonly checkedAt: string;
}
