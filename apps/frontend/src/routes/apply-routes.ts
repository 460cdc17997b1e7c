/**
 * Apply for Universal Credit, new style JSA or ESA: choose the benefit (a draft claim is made),
 * a task list, one question a page (each answer saved to the claim at once, so a timed-out
 * session loses nothing), check your answers, the declaration and the confirmation.
 */
import type { Clock } from '@dwp/clock';
import { randomUUID } from 'node:crypto';
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { shortReference } from '../claims/claim-status.ts';
import { formErrors, NO_ERRORS, parseForm, type FormErrors } from '../forms/form-errors.ts';
import { CLAIM_BENEFITS, CLAIM_PLANS } from '../journeys/claim-plans.ts';
import { claimSummary } from '../journeys/claim-summary.ts';
import {
  askedIn,
  findQuestion,
  firstUnanswered,
  isAsked,
  isComplete,
  nextInSection,
  sectionStart,
  sectionStatus,
  settledAnswers,
  type JourneyPlan,
} from '../journeys/journey-plan.ts';
import type { Answers } from '../journeys/question.ts';
import type { SignedIn, SignedInUsers } from '../session/signed-in.ts';
import {
  citizenRecordAnswer,
  claimAnswer,
  claimPageAnswer,
  evidencePageAnswer,
  type ClaimAnswer,
} from '../upstream/apply-answers.ts';
import { meAnswer } from '../upstream/identity-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PageNotFound, PlatformProblem } from '../web/web-errors.ts';
import { isChange, readAnswer, renderQuestion, type QuestionPage } from './question-page.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const PREFIX = 'apply.questions';

const chooseForm = z.object({
  benefit: z.enum(CLAIM_BENEFITS, { error: 'apply.choose.errors.required' }),
  // Made when the form is shown: a second click of the button finds the claim the first made.
  idempotencyKey: z.uuid({ error: 'apply.choose.errors.expired' }),
});
const declarationForm = z.object({ confirm: z.literal('yes', { error: 'apply.declaration.errors.required' }) });
const claimParams = z.object({ claimId: z.uuid() });
const questionParams = claimParams.extend({ question: z.string().regex(/^[a-z0-9-]{1,64}$/) });

/** Where each submission refusal of claims-api is fixed. */
const SUBMISSION_FIXES: Readonly<Record<string, { key: string; href: string }>> = {
  CLAIMS_ERR_IDENTITY_NOT_VERIFIED: { key: 'apply.declaration.errors.identity', href: '/identity/prove' },
  CLAIMS_ERR_ADDRESS_NOT_VALIDATED: { key: 'apply.declaration.errors.address', href: '/details' },
};

interface Draft {
  readonly session: SignedIn;
  readonly claim: ClaimAnswer;
  readonly plan: JourneyPlan;
  readonly answers: Answers;
}

export function applyRoutes(
  app: ServiceApp,
  deps: { readonly api: PlatformApi; readonly users: SignedInUsers; readonly clock: Clock },
): void {
  const { api, users } = deps;
  const base = (claimId: string) => `/apply/${claimId}`;

  /** The signed-in citizen's claim with its settled answers. @throws {PageNotFound} for any claim not theirs. */
  const loadClaim = async (request: FastifyRequest): Promise<Draft> => {
    const params = claimParams.safeParse(request.params);
    if (!params.success) throw new PageNotFound();
    const session = await users.citizen(request);
    const res = await api.request({
      path: `/claims/claims/${params.data.claimId}`,
      schema: claimAnswer,
      accessToken: session.tokens.accessToken,
    });
    if (!res.ok) {
      if (res.status === 404 || res.status === 400) throw new PageNotFound();
      throw new PlatformProblem('claims-api GET claim', res.status);
    }
    const plan = CLAIM_PLANS[res.value.benefit];
    return { session, claim: res.value, plan, answers: settledAnswers(plan, res.value.answers) };
  };

  const saveAnswers = async (draft: Draft, answers: Answers): Promise<'saved' | 'notDraft'> => {
    const res = await api.request({
      method: 'PUT',
      path: `/claims/claims/${draft.claim.id}/answers`,
      schema: claimAnswer,
      body: answers,
      accessToken: draft.session.tokens.accessToken,
    });
    if (res.ok) return 'saved';
    if (res.status === 409) return 'notDraft';
    throw new PlatformProblem('claims-api PUT answers', res.status);
  };

  const choosePage = (reply: FastifyReply, status: number, data: { benefit?: string; errors?: FormErrors } = {}) =>
    reply.page(
      'pages/apply/choose.njk',
      {
        benefits: CLAIM_BENEFITS,
        benefit: data.benefit ?? '',
        idempotencyKey: randomUUID(),
        errors: data.errors ?? NO_ERRORS,
      },
      status,
    );

  app.get('/apply', PAGE, async (request, reply) => {
    await users.citizen(request);
    return choosePage(reply, 200);
  });

  app.post('/apply', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const form = parseForm(chooseForm, request.body);
    if (!form.ok)
      return choosePage(reply, 400, {
        errors: formErrors(
          request.t,
          form.fields.map((f) => ({ ...f, field: 'benefit' })),
        ),
      });
    // One application for a benefit at a time: a draft already started is carried on, not doubled.
    const drafts = await api.request({
      path: `/claims/claims?state=draft&benefit=${form.value.benefit}&limit=1`,
      schema: claimPageAnswer,
      accessToken: session.tokens.accessToken,
    });
    if (!drafts.ok) throw new PlatformProblem('claims-api GET claims', drafts.status);
    const started = drafts.value.items[0];
    if (started) return reply.seeOther(base(started.id));
    const res = await api.request({
      method: 'POST',
      path: '/claims/claims',
      schema: claimAnswer,
      body: { benefit: form.value.benefit, answers: {} },
      headers: { 'idempotency-key': form.value.idempotencyKey },
      accessToken: session.tokens.accessToken,
    });
    if (!res.ok) throw new PlatformProblem('claims-api POST claims', res.status);
    return reply.seeOther(base(res.value.id));
  });

  app.get('/apply/:claimId', PAGE, async (request, reply) => {
    const draft = await loadClaim(request);
    const { claim, plan, answers, session } = draft;
    if (claim.state !== 'draft') return reply.seeOther(`${base(claim.id)}/confirmation`);
    const token = session.tokens.accessToken;
    const [citizen, identity, evidence] = await Promise.all([
      api.request({ path: '/citizen/citizens/me', schema: citizenRecordAnswer, accessToken: token }),
      api.request({ path: '/identity/me', schema: meAnswer, accessToken: token }),
      api.request({ path: `/claims/claims/${claim.id}/evidence`, schema: evidencePageAnswer, accessToken: token }),
    ]);
    if (!citizen.ok && citizen.status !== 404) throw new PlatformProblem('citizen-api GET me', citizen.status);
    if (!identity.ok) throw new PlatformProblem('identity-api GET me', identity.status);
    if (!evidence.ok) throw new PlatformProblem('claims-api GET evidence', evidence.status);
    const t = request.t;
    const done = { text: t('apply.status.completed') };
    const todo = (key: string) => ({
      tag: {
        text: t(`apply.status.${key}`),
        classes: key === 'inProgress' ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
      },
    });
    const detailsStatus = !citizen.ok ? todo('notStarted') : citizen.value.address ? done : todo('inProgress');
    const complete = isComplete(plan, answers);
    const sections = plan.sections.map((s) => {
      const status = sectionStatus(s, answers);
      return {
        title: { text: t(`apply.sections.${s.id}`) },
        href: `${base(claim.id)}/${sectionStart(s, answers).id}`,
        status: status === 'completed' ? done : todo(status),
      };
    });
    const evidenceCount = evidence.value.items.length;
    return reply.page('pages/apply/task-list.njk', {
      claim,
      benefitName: t(`benefits.${claim.benefit}.forName`),
      groups: [
        {
          heading: t('apply.taskList.aboutYou'),
          items: [
            { title: { text: t('apply.taskList.details') }, href: '/details', status: detailsStatus },
            {
              title: { text: t('apply.taskList.identity') },
              href: '/identity/prove',
              status: identity.value.confidence === 'P2' ? done : todo('notStarted'),
            },
          ],
        },
        { heading: t('apply.taskList.yourClaim'), items: sections },
        {
          heading: t('apply.taskList.evidenceHeading'),
          items: [
            {
              title: { text: t('apply.taskList.evidence') },
              hint: { text: t('apply.taskList.evidenceHint') },
              href: `/claims/${claim.id}/evidence?returnTo=${encodeURIComponent(base(claim.id))}`,
              status:
                evidenceCount > 0
                  ? { text: t('apply.status.uploaded', { count: evidenceCount }) }
                  : { text: t('apply.status.optional') },
            },
          ],
        },
        {
          heading: t('apply.taskList.sendHeading'),
          items: [
            complete
              ? {
                  title: { text: t('apply.taskList.check') },
                  href: `${base(claim.id)}/check-answers`,
                  status: todo('notStarted'),
                }
              : {
                  title: { text: t('apply.taskList.check') },
                  status: { text: t('apply.status.cannotStart'), classes: 'govuk-task-list__status--cannot-start-yet' },
                },
          ],
        },
      ],
      completedSections: sections.filter((s) => s.status === done).length,
      totalSections: sections.length,
    });
  });

  /** Rows of "Check your answers": every asked question, with a Change link back to it. */
  const summaryOf = (claimId: string, plan: JourneyPlan, answers: Answers) =>
    claimSummary(plan, answers, (id) => `${base(claimId)}/${id}?change=1`);

  app.get('/apply/:claimId/check-answers', PAGE, async (request, reply) => {
    const { claim, plan, answers } = await loadClaim(request);
    if (claim.state !== 'draft') return reply.seeOther(`${base(claim.id)}/confirmation`);
    const missing = firstUnanswered(plan, answers);
    if (missing) return reply.seeOther(`${base(claim.id)}/${missing.id}`);
    return reply.page('pages/apply/check-answers.njk', {
      claim,
      sections: summaryOf(claim.id, plan, answers),
      benefitName: request.t(`benefits.${claim.benefit}.name`),
    });
  });

  /** `confirmed` keeps the box ticked when the claim was refused for another reason. */
  const declarationPage = (
    reply: FastifyReply,
    claim: ClaimAnswer,
    errors: FormErrors,
    status: number,
    confirmed = false,
  ) =>
    reply.page(
      'pages/apply/declaration.njk',
      { claim, errors, confirmed, benefitName: reply.request.t(`benefits.${claim.benefit}.name`) },
      status,
    );

  app.get('/apply/:claimId/declaration', PAGE, async (request, reply) => {
    const { claim } = await loadClaim(request);
    if (claim.state !== 'draft') return reply.seeOther(`${base(claim.id)}/confirmation`);
    return declarationPage(reply, claim, NO_ERRORS, 200);
  });

  app.post('/apply/:claimId/declaration', PAGE, async (request, reply) => {
    const { claim, plan, answers, session } = await loadClaim(request);
    if (claim.state !== 'draft') return reply.seeOther(`${base(claim.id)}/confirmation`);
    const form = parseForm(declarationForm, request.body);
    if (!form.ok)
      return declarationPage(
        reply,
        claim,
        formErrors(request.t, [{ field: 'confirm', key: 'apply.declaration.errors.required' }]),
        400,
      );
    // The whole claim is checked again before it goes: each page checked its own answer only.
    const missing = firstUnanswered(plan, answers);
    if (missing) {
      const section = findQuestion(plan, missing.id)!.section;
      return declarationPage(
        reply,
        claim,
        {
          summary: [
            {
              text: request.t('apply.declaration.errors.incomplete', {
                section: request.t(`apply.sections.${section.id}`),
              }),
              href: `${base(claim.id)}/${missing.id}`,
            },
          ],
          byField: {},
        },
        400,
        true,
      );
    }
    const res = await api.request({
      method: 'POST',
      path: `/claims/claims/${claim.id}/submit`,
      schema: claimAnswer,
      body: {},
      headers: { 'idempotency-key': `submit-${claim.id}` },
      accessToken: session.tokens.accessToken,
    });
    if (res.ok) return reply.seeOther(`${base(claim.id)}/confirmation`);
    const fix = SUBMISSION_FIXES[res.error.code];
    if (fix)
      return declarationPage(
        reply,
        claim,
        { summary: [{ text: request.t(fix.key), href: fix.href }], byField: {} },
        409,
        true,
      );
    if (res.status === 409) return reply.seeOther(`${base(claim.id)}/confirmation`);
    throw new PlatformProblem('claims-api submit', res.status);
  });

  app.get('/apply/:claimId/confirmation', PAGE, async (request, reply) => {
    const { claim } = await loadClaim(request);
    if (claim.state === 'draft') return reply.seeOther(base(claim.id));
    // The same reference "Your claims" and the caseworker console show.
    return reply.page('pages/apply/confirmation.njk', {
      claim,
      reference: shortReference(claim.id),
      benefitName: request.t(`benefits.${claim.benefit}.forName`),
    });
  });

  const questionPage = (draft: Draft, questionId: string, change: boolean): QuestionPage | undefined => {
    const found = findQuestion(draft.plan, questionId);
    if (!found) return undefined;
    const { question, section } = found;
    const asked = askedIn(section, draft.answers);
    const previous = asked[asked.findIndex((q) => q.id === question.id) - 1];
    const id = draft.claim.id;
    return {
      prefix: PREFIX,
      question,
      action: `${base(id)}/${question.id}${change ? '?change=1' : ''}`,
      backLink: change ? `${base(id)}/check-answers` : previous ? `${base(id)}/${previous.id}` : base(id),
      submitText: 'apply.saveAndContinue',
      caption: `apply.sections.${section.id}`,
    };
  };

  /** A question of this claim's plan that its answers ask, or where to go instead. */
  const askedQuestion = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ draft: Draft; page: QuestionPage } | FastifyReply> => {
    const draft = await loadClaim(request);
    const params = questionParams.safeParse(request.params);
    if (!params.success) throw new PageNotFound();
    if (draft.claim.state !== 'draft') return reply.seeOther(`${base(draft.claim.id)}/confirmation`);
    const page = questionPage(draft, params.data.question, isChange(request.query));
    if (!page) throw new PageNotFound();
    // A question the answers so far do not ask (rent of a home owner) is not a page to fill in.
    if (!isAsked(page.question, draft.answers)) return reply.seeOther(base(draft.claim.id));
    return { draft, page };
  };

  app.get('/apply/:claimId/:question', PAGE, async (request, reply) => {
    const found = await askedQuestion(request, reply);
    if (!('draft' in found)) return found;
    return renderQuestion(reply, found.page, { value: found.draft.answers[found.page.question.id] });
  });

  app.post('/apply/:claimId/:question', PAGE, async (request, reply) => {
    const found = await askedQuestion(request, reply);
    if (!('draft' in found)) return found;
    const { draft, page } = found;
    const answer = readAnswer(request, page, draft.answers, deps.clock.now());
    if (!answer.ok) return renderQuestion(reply, page, { body: request.body, fields: answer.fields }, 400);
    const answers = settledAnswers(draft.plan, { ...draft.answers, [page.question.id]: answer.value });
    if ((await saveAnswers(draft, answers)) === 'notDraft')
      return reply.seeOther(`${base(draft.claim.id)}/confirmation`);
    const next = nextInSection(draft.plan, page.question.id, answers);
    const id = draft.claim.id;
    if (isChange(request.query)) {
      // A changed answer may open a question (a partner's name): ask it, then back to the check.
      const section = findQuestion(draft.plan, page.question.id)!.section;
      const open = askedIn(section, answers).find((q) => answers[q.id] === undefined);
      return reply.seeOther(open ? `${base(id)}/${open.id}?change=1` : `${base(id)}/check-answers`);
    }
    return reply.seeOther(next ? `${base(id)}/${next.id}` : base(id));
  });
}
