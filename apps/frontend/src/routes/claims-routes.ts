/**
 * "Your claims": the citizen's list of claims, one claim (its status and what happens next, an
 * evidence request to answer, the decision, the history in plain words and the evidence), and the
 * citizen's own steps on it: withdraw (after a confirmation page) and ask for a mandatory
 * reconsideration of a decision (a form). claims-api decides what is allowed; these pages offer
 * only what its `nextSteps` says and show its refusals in GOV.UK words.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isOpenForEvidence, openEvidenceRequest } from '../claims/claim-status.ts';
import { claimSummary, evidenceRows } from '../claims/claim-view.ts';
import { formErrors, formField, formText, parseForm, type FieldMessageKeys } from '../forms/form-errors.ts';
import type { SignedIn, SignedInUsers } from '../session/signed-in.ts';
import { claimAnswer, type ClaimAnswer } from '../upstream/claims-answers.ts';
import { CitizenClaims, claimIdOf, failed } from '../upstream/citizen-claims.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { leaveNotice, takeNotice } from './claim-notice.ts';

export interface ClaimsRoutesOptions {
  readonly api: PlatformApi;
  readonly users: SignedInUsers;
}

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

/** claims-api's longest reason. */
const MAX_REASON = 2000;

/** The key a form carries so that pressing its button twice does one thing (claims-api's Idempotency-Key). */
const idempotencyKeyOf = (body: unknown): string => {
  const k = formText(formField(body, 'idempotencyKey'));
  return /^[A-Za-z0-9-]{8,128}$/.test(k) ? k : randomUUID();
};

const reconsiderationForm = z.object({
  reason: z
    .string({ error: 'claims.reconsideration.reason.required' })
    .trim()
    .min(1, 'claims.reconsideration.reason.required')
    .max(MAX_REASON, 'claims.reconsideration.reason.tooLong'),
});

export function claimsRoutes(app: ServiceApp, deps: ClaimsRoutesOptions): void {
  const { api, users } = deps;
  const claims = new CitizenClaims(api);

  app.get('/claims', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const list = await claims.list(session);
    return reply.page('pages/claims/claims.njk', { claims: list.map(claimSummary) });
  });

  app.get('/claims/:claimId', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const claimId = claimIdOf(request.params);
    const [claim, history, evidence] = await Promise.all([
      claims.claim(session, claimId),
      claims.history(session, claimId),
      claims.evidence(session, claimId),
    ]);
    const notice = await takeNotice(users, request, session, claimId);
    return reply.page('pages/claims/claim.njk', {
      claim: claimSummary(claim),
      history: [...history].reverse(),
      evidence: evidenceRows(evidence),
      evidenceRequest: openEvidenceRequest(claim.state, history),
      openForEvidence: isOpenForEvidence(claim.state),
      notice,
    });
  });

  /** The citizen's step on a claim: the form page shows only when claims-api offers the step now. */
  const stepPage = async (
    request: FastifyRequest,
    step: 'withdraw' | 'request_reconsideration',
  ): Promise<{ session: SignedIn; claim: ClaimAnswer } | { redirect: string }> => {
    const session = await users.citizen(request);
    const claimId = claimIdOf(request.params);
    const claim = await claims.claim(session, claimId);
    return claim.nextSteps.includes(step) ? { session, claim } : { redirect: `/claims/${claimId}` };
  };

  const withdrawPage = (reply: FastifyReply, claim: ClaimAnswer, status: number, fields: FieldMessageKeys = []) =>
    reply.page(
      'pages/claims/withdraw.njk',
      { claim: claimSummary(claim), idempotencyKey: randomUUID(), errors: formErrors(reply.request.t, fields) },
      status,
    );

  app.get('/claims/:claimId/withdraw', PAGE, async (request, reply) => {
    const at = await stepPage(request, 'withdraw');
    return 'redirect' in at ? reply.seeOther(at.redirect) : withdrawPage(reply, at.claim, 200);
  });

  app.post('/claims/:claimId/withdraw', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const claimId = claimIdOf(request.params);
    const res = await api.request({
      method: 'POST',
      path: `/claims/claims/${claimId}/withdraw`,
      schema: claimAnswer,
      body: {},
      accessToken: session.tokens.accessToken,
      headers: { 'idempotency-key': idempotencyKeyOf(request.body) },
    });
    if (res.ok) {
      await leaveNotice(users, session, { claimId, kind: 'withdrawn' });
      return reply.seeOther(`/claims/${claimId}`);
    }
    // The claim moved on meanwhile (a decision was made): say so on the page, change nothing.
    if (res.status === 409)
      return withdrawPage(reply, await claims.claim(session, claimId), 409, [
        { field: 'withdraw', key: 'claims.withdraw.error.tooLate' },
      ]);
    return failed('claims-api withdraw', res);
  });

  const reconsiderationPage = (
    reply: FastifyReply,
    claim: ClaimAnswer,
    status: number,
    reason: string,
    fields: FieldMessageKeys = [],
  ) =>
    reply.page(
      'pages/claims/reconsideration.njk',
      {
        claim: claimSummary(claim),
        reason,
        idempotencyKey: randomUUID(),
        maxLength: MAX_REASON,
        errors: formErrors(reply.request.t, fields),
      },
      status,
    );

  app.get('/claims/:claimId/reconsideration', PAGE, async (request, reply) => {
    const at = await stepPage(request, 'request_reconsideration');
    return 'redirect' in at ? reply.seeOther(at.redirect) : reconsiderationPage(reply, at.claim, 200, '');
  });

  app.post('/claims/:claimId/reconsideration', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const claimId = claimIdOf(request.params);
    const typed = formText(formField(request.body, 'reason'));
    const form = parseForm(reconsiderationForm, request.body);
    if (!form.ok) return reconsiderationPage(reply, await claims.claim(session, claimId), 400, typed, form.fields);
    const res = await api.request({
      method: 'POST',
      path: `/claims/claims/${claimId}/reconsideration`,
      schema: claimAnswer,
      body: { reason: form.value.reason },
      accessToken: session.tokens.accessToken,
      headers: { 'idempotency-key': idempotencyKeyOf(request.body) },
    });
    if (res.ok) {
      await leaveNotice(users, session, { claimId, kind: 'reconsideration' });
      return reply.seeOther(`/claims/${claimId}`);
    }
    if (res.status === 409)
      return reconsiderationPage(reply, await claims.claim(session, claimId), 409, typed, [
        { field: 'reason', key: 'claims.reconsideration.error.notNow' },
      ]);
    return failed('claims-api reconsideration', res);
  });
}
