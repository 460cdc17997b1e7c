/**
 * A claim's answers as its journey plan asks them, section by section: what "Check your answers"
 * shows the citizen (with Change links) and what the caseworker console shows of a claim. Pure.
 */
import type { JourneyPlan } from './journey-plan.ts';
import { askedIn, settledAnswers } from './journey-plan.ts';
import type { AnswerValue, QuestionKind } from './question.ts';

export interface SummaryRow {
  readonly id: string;
  readonly type: QuestionKind['type'];
  readonly value: AnswerValue;
  /** Where the citizen changes this answer; none in the console. */
  readonly href?: string;
}

export interface SummarySection {
  readonly id: string;
  readonly rows: readonly SummaryRow[];
}

/** Every asked and answered question of `plan`, from `raw` answers (checked against each question's kind first). */
export function claimSummary(
  plan: JourneyPlan,
  raw: Readonly<Record<string, unknown>>,
  hrefOf?: (questionId: string) => string,
): SummarySection[] {
  const answers = settledAnswers(plan, raw);
  return plan.sections.map((s) => ({
    id: s.id,
    rows: askedIn(s, answers)
      .filter((q) => answers[q.id] !== undefined)
      .map((q) => ({ id: q.id, type: q.kind.type, value: answers[q.id]!, ...(hrefOf ? { href: hrefOf(q.id) } : {}) })),
  }));
}

/** The answers no question of `plan` asks (a seeded claim's, or an older journey's). */
export function answersOutsidePlan(plan: JourneyPlan, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const asked = new Set(plan.sections.flatMap((s) => s.questions.map((q) => q.id)));
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !asked.has(k)));
}
