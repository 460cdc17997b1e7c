/**
 * The workflow's caseworker steps as GOV.UK forms: ask for evidence, start the assessment, award,
 * refuse. Each page is offered only when claims-api lists the step in the claim's `nextSteps`;
 * claims-api still decides (and audits): a step the claim has moved past meanwhile (409
 * CLAIMS_ERR_ILLEGAL_TRANSITION) is an error summary saying so, not a broken page. Success goes
 * back to the claim with a banner that says what was done.
 */
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { awardForm, evidenceRequestForm, REFUSAL_REASONS, refusalForm } from '../caseworker/casework-forms.ts';
import { answerOf, claimApiPath, claimIdOf, claimPagePath, staffClaimOf } from '../caseworker/casework-upstream.ts';
import { shortReference } from '../claims/claim-status.ts';
import { formErrors, parseForm, type FormErrors } from '../forms/form-errors.ts';
import type { Translate } from '../i18n/message-catalogue.ts';
import type { SignedIn } from '../session/signed-in.ts';
import { staffClaimAnswer, type CaseworkStep, type StaffClaim } from '../upstream/caseworker-answers.ts';
import type { CaseworkerRoutesOptions } from './caseworker-queue-routes.ts';
import type { DONE } from './caseworker-claim-routes.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

interface Action<S extends z.ZodType> {
  /** The page's path under the claim, and its template under pages/caseworker/. */
  readonly page: string;
  readonly step: CaseworkStep;
  readonly form: S;
  /** claims-api's resource under the claim, and the body it takes. */
  readonly apiPath: string;
  readonly body: (value: z.output<S>, t: Translate) => Record<string, unknown>;
  readonly done: (typeof DONE)[number];
}

/** What a form shows again after a problem: the fields as typed. */
type Typed = Readonly<Record<string, unknown>>;

export function caseworkerActionRoutes(app: ServiceApp, deps: CaseworkerRoutesOptions): void {
  const { api, users } = deps;

  const claimOf = (session: SignedIn, claimId: string) => staffClaimOf(api, session, claimId);

  /** The claim is past this step (or not at it yet): one error, linking back to the claim. */
  const notNowErrors = (t: Translate, claim: StaffClaim, step: CaseworkStep): FormErrors => ({
    summary: [
      {
        text: t('caseworker.action.notNow', {
          action: t(`caseworker.action.${step}.lower`),
          state: t(`caseworker.state.${claim.state}`),
        }),
        href: claimPagePath(claim.id),
      },
    ],
    byField: {},
  });

  function action<S extends z.ZodType>(a: Action<S>): void {
    const path = `/caseworker/claims/:claimId/${a.page}`;
    const render = (reply: FastifyReply, claim: StaffClaim, status: number, typed: Typed, errors: FormErrors) =>
      reply.page(
        `pages/caseworker/${a.page}.njk`,
        {
          claim,
          reference: shortReference(claim.id),
          claimHref: claimPagePath(claim.id),
          action: `${claimPagePath(claim.id)}/${a.page}`,
          allowed: claim.nextSteps.includes(a.step),
          refusalReasons: REFUSAL_REASONS,
          ticked: [typed.reasons ?? []].flat().filter((r): r is string => typeof r === 'string'),
          typed,
          errors,
        },
        status,
      );

    app.get(path, PAGE, async (request, reply) => {
      const session = await users.staff(request);
      const claim = await claimOf(session, claimIdOf(request.params));
      const allowed = claim.nextSteps.includes(a.step);
      return render(
        reply,
        claim,
        allowed ? 200 : 409,
        {},
        allowed ? formErrors(request.t, []) : notNowErrors(request.t, claim, a.step),
      );
    });

    app.post(path, PAGE, async (request: FastifyRequest, reply) => {
      const session = await users.staff(request);
      const claimId = claimIdOf(request.params);
      const typed: Typed = request.body !== null && typeof request.body === 'object' ? (request.body as Typed) : {};
      const form = parseForm(a.form, request.body);
      if (!form.ok)
        return render(reply, await claimOf(session, claimId), 400, typed, formErrors(request.t, form.fields));
      const res = await api.request({
        method: 'POST',
        path: claimApiPath(claimId, a.apiPath),
        schema: staffClaimAnswer,
        body: a.body(form.value, request.t),
        accessToken: session.tokens.accessToken,
      });
      if (!res.ok && res.status === 409 && res.error.code === 'CLAIMS_ERR_ILLEGAL_TRANSITION') {
        const claim = await claimOf(session, claimId);
        return render(reply, claim, 409, typed, notNowErrors(request.t, claim, a.step));
      }
      answerOf(res, `claims-api ${a.step}`);
      return reply.seeOther(`${claimPagePath(claimId)}?done=${a.done}`);
    });
  }

  action({
    page: 'request-evidence',
    step: 'request_evidence',
    form: evidenceRequestForm,
    apiPath: '/evidence-request',
    body: (v) => ({ reason: v.reason }),
    done: 'requestEvidence',
  });
  action({
    page: 'start-assessment',
    step: 'start_assessment',
    form: z.object({}),
    apiPath: '/assessment',
    body: () => ({}),
    done: 'startAssessment',
  });
  action({
    page: 'award',
    step: 'award',
    form: awardForm,
    apiPath: '/decision',
    body: (v) => ({ outcome: 'awarded', reasons: v.reasons, monthlyAmountPence: v.amount }),
    done: 'award',
  });
  action({
    page: 'refuse',
    step: 'refuse',
    form: refusalForm,
    apiPath: '/decision',
    // The claimant reads the reasons: the ticked ones in the caseworker's words, then any of their own.
    body: (v, t) => ({
      outcome: 'refused',
      reasons: [...v.reasons.map((r) => t(`caseworker.refuse.reason.${r}`)), ...v.otherReason],
    }),
    done: 'refuse',
  });
}
