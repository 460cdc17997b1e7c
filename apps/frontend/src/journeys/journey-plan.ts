/**
 * A journey as a plan: sections of questions in order, each asked when its named route condition
 * holds. From the plan and the answers so far follow which questions are asked, where a page goes
 * next, each section's status and whether the whole is ready to send. Pure.
 */
import { storedValueSchema, type Answers, type AnswerValue, type JourneyFacts, type Question } from './question.ts';

export interface Section {
  /** Kebab-case: its catalogue key (`<prefix>.sections.<id>`). */
  readonly id: string;
  readonly questions: readonly Question[];
}

export interface JourneyPlan {
  readonly name: string;
  readonly sections: readonly Section[];
}

export type SectionStatus = 'notStarted' | 'inProgress' | 'completed';

const NO_FACTS: JourneyFacts = {};

export function allQuestions(plan: JourneyPlan): Question[] {
  return plan.sections.flatMap((s) => s.questions);
}

export function findQuestion(plan: JourneyPlan, id: string): { question: Question; section: Section } | undefined {
  for (const section of plan.sections) {
    const question = section.questions.find((q) => q.id === id);
    if (question) return { question, section };
  }
  return undefined;
}

/**
 * Keeps only what is an answer to a question the plan asks, of the right shape: stale answers
 * (to a question a later answer made irrelevant) and malformed ones drop out. Conditions look
 * only at earlier answers, so one pass in plan order settles it.
 */
export function settledAnswers(
  plan: JourneyPlan,
  raw: Readonly<Record<string, unknown>>,
  facts: JourneyFacts = NO_FACTS,
): Answers {
  const kept: Record<string, AnswerValue> = {};
  for (const q of allQuestions(plan)) {
    if (q.askIf && !q.askIf(kept, facts)) continue;
    const parsed = storedValueSchema(q.kind).safeParse(raw[q.id]);
    if (parsed.success) kept[q.id] = parsed.data;
  }
  return kept;
}

export function isAsked(question: Question, answers: Answers, facts: JourneyFacts = NO_FACTS): boolean {
  return !question.askIf || question.askIf(answers, facts);
}

/** The questions of a section asked with these answers, in order. */
export function askedIn(section: Section, answers: Answers, facts: JourneyFacts = NO_FACTS): Question[] {
  return section.questions.filter((q) => isAsked(q, answers, facts));
}

export function sectionStatus(section: Section, answers: Answers, facts: JourneyFacts = NO_FACTS): SectionStatus {
  const asked = askedIn(section, answers, facts);
  const answered = asked.filter((q) => answers[q.id] !== undefined).length;
  if (answered === 0) return 'notStarted';
  return answered === asked.length ? 'completed' : 'inProgress';
}

/** The first asked question of a section still to answer, or its first question when all are. */
export function sectionStart(section: Section, answers: Answers, facts: JourneyFacts = NO_FACTS): Question {
  const asked = askedIn(section, answers, facts);
  return asked.find((q) => answers[q.id] === undefined) ?? asked[0] ?? section.questions[0]!;
}

/** The next asked question after `afterId` within its section, or undefined at the section's end. */
export function nextInSection(
  plan: JourneyPlan,
  afterId: string,
  answers: Answers,
  facts: JourneyFacts = NO_FACTS,
): Question | undefined {
  const found = findQuestion(plan, afterId);
  if (!found) return undefined;
  const qs = found.section.questions;
  return qs.slice(qs.indexOf(found.question) + 1).find((q) => isAsked(q, answers, facts));
}

/** The next asked question after `afterId` anywhere in the plan, or undefined at its end. */
export function nextInPlan(
  plan: JourneyPlan,
  afterId: string,
  answers: Answers,
  facts: JourneyFacts = NO_FACTS,
): Question | undefined {
  const qs = allQuestions(plan);
  const i = qs.findIndex((q) => q.id === afterId);
  return i < 0 ? undefined : qs.slice(i + 1).find((q) => isAsked(q, answers, facts));
}

/** The first asked question anywhere without an answer: where to send someone who is not done. */
export function firstUnanswered(
  plan: JourneyPlan,
  answers: Answers,
  facts: JourneyFacts = NO_FACTS,
): Question | undefined {
  return allQuestions(plan).find((q) => isAsked(q, answers, facts) && answers[q.id] === undefined);
}

export function isComplete(plan: JourneyPlan, answers: Answers, facts: JourneyFacts = NO_FACTS): boolean {
  return firstUnanswered(plan, answers, facts) === undefined;
}
