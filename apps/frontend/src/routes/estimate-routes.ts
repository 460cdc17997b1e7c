/**
 * "Check what you could get": the benefit, one question a page (answers kept in the server-side
 * session), then benefits-api's estimate with how it was worked out, rate by rate.
 */
import type { Clock } from '@dwp/clock';
import { createHash } from 'node:crypto';
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { estimatePlan } from '../journeys/estimate-plan.ts';
import { estimateRequestOf } from '../journeys/estimate-request.ts';
import { allQuestions, findQuestion, firstUnanswered, isAsked, settledAnswers } from '../journeys/journey-plan.ts';
import type { Answers, JourneyFacts } from '../journeys/question.ts';
import { MissingMessageError, type Translate } from '../i18n/message-catalogue.ts';
import type { SignedIn, SignedInUsers } from '../session/signed-in.ts';
import { citizenRecordAnswer } from '../upstream/apply-answers.ts';
import { estimateAnswer, type CodedWords } from '../upstream/estimate-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PageNotFound, PlatformProblem } from '../web/web-errors.ts';
import { readAnswer, renderQuestion, type QuestionPage } from './question-page.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const PREFIX = 'estimate.questions';
const JOURNEY = 'estimate';
const START = '/estimate';

/** What the session keeps of the journey; anything else there is ignored. */
const kept = z
  .object({ answers: z.record(z.string(), z.unknown()).default({}), hmrcConsent: z.boolean().default(false) })
  .catch({ answers: {}, hmrcConsent: false });
const questionParams = z.object({ question: z.string().regex(/^[a-z0-9-]{1,64}$/) });
const estimateParams = z.object({ estimateId: z.uuid() });

/** Refusals of an HMRC estimate that the citizen fixes by typing their pay instead. */
const HMRC_BAD_ANSWER = 'BENEFITS_ERR_HMRC_BAD_ANSWER';
const HMRC_REFUSALS = new Set(['BENEFITS_ERR_HMRC_CONSENT_REQUIRED', 'BENEFITS_ERR_PROFILE_REQUIRED']);

/** What a code may look like: dotted kebab-case words, each a key of the catalogue's tree. */
const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** Money as the words show it: £16,000, or £16,000.50. */
const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: pence % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })}`;

/**
 * The words for benefits-api's coded line or reason (`estimate.result.lines.<code>` or
 * `estimate.result.reasons.<code>`), with its params: `xPence` is shown as money, named `x`. The
 * English benefits-api sent, for a code this catalogue does not have (or no code, or words that
 * need a value it did not send).
 */
function wordsFor(t: Translate, kind: 'lines' | 'reasons', coded: CodedWords | undefined, english: string): string {
  const code = coded?.code;
  if (code === undefined || !CODE.test(code)) return english;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(coded?.params ?? {})) {
    if (name.endsWith('Pence') && typeof value === 'number') values[name.slice(0, -'Pence'.length)] = pounds(value);
    else values[name] = value;
  }
  let words: string;
  try {
    words = t(`estimate.result.${kind}.${code}`, values);
  } catch (err) {
    if (err instanceof MissingMessageError) return english;
    throw err;
  }
  return /\{\w+\}/.test(words) ? english : words;
}

interface Journey {
  readonly session: SignedIn;
  readonly answers: Answers;
  readonly facts: JourneyFacts;
}

export function estimateRoutes(
  app: ServiceApp,
  deps: { readonly api: PlatformApi; readonly users: SignedInUsers; readonly clock: Clock },
): void {
  const { api, users } = deps;

  const load = async (request: FastifyRequest): Promise<Journey> => {
    const session = await users.citizen(request);
    const k = kept.parse(session.journeys?.[JOURNEY]);
    const facts = { hmrcConsent: k.hmrcConsent };
    return { session, facts, answers: settledAnswers(estimatePlan, k.answers, facts) };
  };
  const keep = (j: Journey, answers: Answers, facts: JourneyFacts = j.facts) =>
    users.keep(j.session, JOURNEY, { answers, hmrcConsent: facts['hmrcConsent'] === true });

  /** Whether the citizen agreed to HMRC income in their profile (no profile yet: no). */
  const hmrcConsentOf = async (session: SignedIn): Promise<boolean> => {
    const me = await api.request({
      path: '/citizen/citizens/me',
      schema: citizenRecordAnswer,
      accessToken: session.tokens.accessToken,
    });
    if (me.ok) return me.value.consents.hmrcIncome?.granted === true;
    if (me.status === 404) return false;
    throw new PlatformProblem('citizen-api GET me', me.status);
  };

  const pageFor = (j: Journey, questionId: string): QuestionPage | undefined => {
    const question = findQuestion(estimatePlan, questionId)?.question;
    if (!question) return undefined;
    const asked = allQuestions(estimatePlan).filter((q) => isAsked(q, j.answers, j.facts));
    const previous = asked[asked.findIndex((q) => q.id === questionId) - 1];
    return {
      prefix: PREFIX,
      question,
      action: `${START}/${question.id}`,
      backLink: previous ? `${START}/${previous.id}` : questionId === 'benefit' ? '/account' : START,
      submitText: 'common.continue',
      titleSuffix: 'estimate.titleSuffix',
    };
  };

  const showQuestion = async (request: FastifyRequest, reply: FastifyReply, questionId: string) => {
    const j = await load(request);
    const page = pageFor(j, questionId);
    if (!page) throw new PageNotFound();
    if (!isAsked(page.question, j.answers, j.facts)) return reply.seeOther(START);
    return renderQuestion(reply, page, { value: j.answers[questionId] });
  };

  app.get(START, PAGE, async (request, reply) => showQuestion(request, reply, 'benefit'));

  app.get(`${START}/:question`, PAGE, async (request, reply) => {
    const params = questionParams.safeParse(request.params);
    if (!params.success) throw new PageNotFound();
    return showQuestion(request, reply, params.data.question);
  });

  app.post(`${START}/:question`, PAGE, async (request, reply) => {
    const params = questionParams.safeParse(request.params);
    if (!params.success) throw new PageNotFound();
    let j = await load(request);
    const page = pageFor(j, params.data.question);
    if (!page) throw new PageNotFound();
    if (!isAsked(page.question, j.answers, j.facts)) return reply.seeOther(START);
    const answer = readAnswer(request, page, j.answers, deps.clock.now());
    if (!answer.ok) return renderQuestion(reply, page, { body: request.body, fields: answer.fields }, 400);
    // The consent is looked up as the journey starts, so the questions it opens are known from there.
    if (page.question.id === 'benefit') j = { ...j, facts: { hmrcConsent: await hmrcConsentOf(j.session) } };
    const answers = settledAnswers(estimatePlan, { ...j.answers, [page.question.id]: answer.value }, j.facts);
    await keep(j, answers);
    // Onwards to the first question still to answer: the next one on a first pass, the one a
    // changed answer opened (a partner's age), or none, and so the estimate.
    const next = firstUnanswered(estimatePlan, answers, j.facts);
    if (next) return reply.seeOther(`${START}/${next.id}`);
    return estimate(reply, { ...j, answers });
  });

  /** Asks benefits-api for the estimate of a finished journey and shows it. */
  const estimate = async (reply: FastifyReply, j: Journey): Promise<FastifyReply> => {
    const body = estimateRequestOf(j.answers, j.facts);
    if (!body) return reply.seeOther(START);
    // The same answers in the same session are the same estimate: a second click makes no second one.
    const key = createHash('sha256')
      .update(`${j.session.id}\n${JSON.stringify(body)}`)
      .digest('hex')
      .slice(0, 64);
    const res = await api.request({
      method: 'POST',
      path: '/benefits/estimates',
      schema: estimateAnswer,
      body,
      headers: { 'idempotency-key': key },
      accessToken: j.session.tokens.accessToken,
    });
    if (res.ok) return reply.seeOther(`${START}/result/${res.value.id}`);
    if (res.status === 409 && HMRC_REFUSALS.has(res.error.code)) {
      // HMRC cannot be asked after all: the citizen types their pay instead.
      const facts = { hmrcConsent: false };
      await keep(j, settledAnswers(estimatePlan, j.answers, facts), facts);
      return reply.seeOther(`${START}/monthly-earnings`);
    }
    // HMRC down, or answering with something benefits-api cannot use: try again later.
    if (res.status === 503 || (res.status === 502 && res.error.code === HMRC_BAD_ANSWER)) return reply.problem(503);
    throw new PlatformProblem('benefits-api POST estimates', res.status);
  };

  app.get(`${START}/result/:estimateId`, PAGE, async (request, reply) => {
    const params = estimateParams.safeParse(request.params);
    if (!params.success) throw new PageNotFound();
    const session = await users.citizen(request);
    const res = await api.request({
      path: `/benefits/estimates/${params.data.estimateId}`,
      schema: estimateAnswer,
      accessToken: session.tokens.accessToken,
    });
    if (!res.ok) {
      if (res.status === 404 || res.status === 400) throw new PageNotFound();
      throw new PlatformProblem('benefits-api GET estimate', res.status);
    }
    const e = res.value;
    // Universal Credit is paid monthly; new style JSA and ESA are weekly rates (paid fortnightly).
    const weekly = e.benefit !== 'universal-credit' && e.weeklyAwardPence !== null;
    const t = request.t;
    const lines = (ls: typeof e.breakdown.elements) =>
      ls.map((l) => ({ text: wordsFor(t, 'lines', l, l.label), pence: l.pence }));
    // Codes for the reasons only when there is one for each (else the English, as sent).
    const reasonCodes = e.reasonCodes?.length === e.reasons.length ? e.reasonCodes : undefined;
    return reply.page('pages/estimate/result.njk', {
      estimate: e,
      elements: lines(e.breakdown.elements),
      deductions: lines(e.breakdown.deductions),
      reasons: e.reasons.map((r, i) => wordsFor(t, 'reasons', reasonCodes?.[i], r)),
      benefitName: request.t(`benefits.${e.benefit}.name`),
      amountPence: weekly ? e.weeklyAwardPence : e.monthlyAwardPence,
      period: weekly ? 'weekly' : 'monthly',
      taxYear: e.taxYear.replace(/^(\d{4})-(\d{2})$/, (_m, y: string, yy: string) => `${y}|20${yy}`).split('|'),
      totalElementsPence: e.breakdown.elements.reduce((n, l) => n + l.pence, 0),
      totalDeductionsPence: e.breakdown.deductions.reduce((n, l) => n + l.pence, 0),
    });
  });
}
