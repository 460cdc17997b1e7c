/**
 * A claim in the console, under MoJ sub-navigation: the overview (the claimant's verified identity
 * and profile, the answers, the assessment checklist, the actions claims-api allows now), the
 * evidence (each file opened or downloaded through this frontend), the notes, and the audit history.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { answerRows } from '../caseworker/answer-rows.ts';
import { CLAIM_PLANS } from '../journeys/claim-plans.ts';
import { answersOutsidePlan, claimSummary } from '../journeys/claim-summary.ts';
import { noteForm } from '../caseworker/casework-forms.ts';
import { answerOf, claimApiPath, claimIdOf, claimPagePath, staffClaimOf } from '../caseworker/casework-upstream.ts';
import { shortReference } from '../claims/claim-status.ts';
import { formErrors, formField, formText, parseForm, type FieldMessageKeys } from '../forms/form-errors.ts';
import type { SignedIn } from '../session/signed-in.ts';
import {
  checklistAnswer,
  checklistItemAnswer,
  CHECKLIST_ITEMS,
  citizenProfileAnswer,
  notesPageAnswer,
  noteAnswer,
  staffEvidencePageAnswer,
  staffHistoryPageAnswer,
  verificationAnswer,
  type StaffClaim,
} from '../upstream/caseworker-answers.ts';
import type { CaseworkerRoutesOptions } from './caseworker-queue-routes.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

/** What the overview's success banner can say happened (`?done=`), each a catalogue key. */
export const DONE = ['requestEvidence', 'startAssessment', 'award', 'refuse', 'checklist', 'note'] as const;
const doneQuery = z.object({ done: z.enum(DONE).optional().catch(undefined) });

/** The most of a list one page shows (claims-api's page size limit); a claim rarely has more. */
const LIST_LIMIT = 100;
const idempotencyKey = z.uuid();

export function caseworkerClaimRoutes(app: ServiceApp, deps: CaseworkerRoutesOptions): void {
  const { api, users } = deps;

  const claimOf = (session: SignedIn, claimId: string) => staffClaimOf(api, session, claimId);

  /** The data every tab of a claim shows in its header. */
  const frameOf = (claim: StaffClaim, tab: string) => ({
    claim,
    tab,
    reference: shortReference(claim.id),
    base: claimPagePath(claim.id),
  });

  app.get('/caseworker/claims/:claimId', PAGE, async (request, reply) => {
    const session = await users.staff(request);
    const claimId = claimIdOf(request.params);
    const token = session.tokens.accessToken;
    const claim = await claimOf(session, claimId);
    const [verification, profile, checklist] = await Promise.all([
      api.request({
        path: `/identity/users/${encodeURIComponent(claim.citizenSub)}/verification`,
        schema: verificationAnswer,
        accessToken: token,
      }),
      api.request({
        path: `/citizen/users/${encodeURIComponent(claim.citizenSub)}`,
        schema: citizenProfileAnswer,
        accessToken: token,
      }),
      api.request({ path: claimApiPath(claimId, '/checklist'), schema: checklistAnswer, accessToken: token }),
    ]);
    const checked = new Set(
      answerOf(checklist, 'claims-api checklist')
        .items.filter((i) => i.checked)
        .map((i) => i.item),
    );
    const sections = claimSummary(CLAIM_PLANS[claim.benefit], claim.answers);
    return reply.page('pages/caseworker/claim-overview.njk', {
      ...frameOf(claim, 'overview'),
      done: doneQuery.parse(request.query).done,
      verification: answerOf(verification, 'identity-api verification'),
      // A claimant who has not registered their details yet has no profile: the page says so.
      profile: !profile.ok && profile.status === 404 ? null : answerOf(profile, 'citizen-api profile'),
      // The journey's own questions, as the citizen answered them; anything else as it was kept.
      answerSections: sections,
      answeredInPlan: sections.some((s) => s.rows.length > 0),
      answers: answerRows(answersOutsidePlan(CLAIM_PLANS[claim.benefit], claim.answers)),
      checklist: CHECKLIST_ITEMS.map((item) => ({ item, checked: checked.has(item) })),
    });
  });

  app.post('/caseworker/claims/:claimId/checklist', PAGE, async (request, reply) => {
    const session = await users.staff(request);
    const claimId = claimIdOf(request.params);
    const token = session.tokens.accessToken;
    const ticked = new Set(
      [formField(request.body, 'items') ?? []].flat().filter((v): v is string => typeof v === 'string'),
    );
    const current = answerOf(
      await api.request({ path: claimApiPath(claimId, '/checklist'), schema: checklistAnswer, accessToken: token }),
      'claims-api checklist',
    );
    const was = new Set(current.items.filter((i) => i.checked).map((i) => i.item));
    // Only what changed: each PUT is audited as the caseworker's tick or untick.
    for (const item of CHECKLIST_ITEMS.filter((i) => ticked.has(i) !== was.has(i))) {
      answerOf(
        await api.request({
          method: 'PUT',
          path: claimApiPath(claimId, `/checklist/${item}`),
          schema: checklistItemAnswer,
          body: { checked: ticked.has(item) },
          accessToken: token,
        }),
        'claims-api checklist item',
      );
    }
    return reply.seeOther(`${claimPagePath(claimId)}?done=checklist#checklist`);
  });

  app.get('/caseworker/claims/:claimId/evidence', PAGE, async (request, reply) => {
    const session = await users.staff(request);
    const claimId = claimIdOf(request.params);
    const claim = await claimOf(session, claimId);
    const evidence = answerOf(
      await api.request({
        path: claimApiPath(claimId, `/evidence?limit=${LIST_LIMIT}`),
        schema: staffEvidencePageAnswer,
        accessToken: session.tokens.accessToken,
      }),
      'claims-api evidence',
    );
    return reply.page('pages/caseworker/claim-evidence.njk', {
      ...frameOf(claim, 'evidence'),
      evidence: evidence.items,
      more: evidence.nextCursor !== undefined,
    });
  });

  const notesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: SignedIn,
    claimId: string,
    form: { note: string; fields: FieldMessageKeys; status: number },
  ) => {
    const claim = await claimOf(session, claimId);
    const notes = answerOf(
      await api.request({
        path: claimApiPath(claimId, `/notes?limit=${LIST_LIMIT}`),
        schema: notesPageAnswer,
        accessToken: session.tokens.accessToken,
      }),
      'claims-api notes',
    );
    return reply.page(
      'pages/caseworker/claim-notes.njk',
      {
        ...frameOf(claim, 'notes'),
        notes: notes.items,
        note: form.note,
        added: doneQuery.parse(request.query).done === 'note',
        idempotencyKey: randomUUID(),
        errors: formErrors(request.t, form.fields),
      },
      form.status,
    );
  };

  app.get('/caseworker/claims/:claimId/notes', PAGE, async (request, reply) => {
    const session = await users.staff(request);
    return notesPage(request, reply, session, claimIdOf(request.params), { note: '', fields: [], status: 200 });
  });

  app.post('/caseworker/claims/:claimId/notes', PAGE, async (request, reply) => {
    const session = await users.staff(request);
    const claimId = claimIdOf(request.params);
    const form = parseForm(noteForm, request.body);
    if (!form.ok)
      return notesPage(request, reply, session, claimId, {
        note: formText(formField(request.body, 'note')),
        fields: form.fields,
        status: 400,
      });
    // The form's own key: a second click of the button adds the note once.
    const key = idempotencyKey.safeParse(formField(request.body, 'idempotencyKey'));
    answerOf(
      await api.request({
        method: 'POST',
        path: claimApiPath(claimId, '/notes'),
        schema: noteAnswer,
        body: { body: form.value.note },
        accessToken: session.tokens.accessToken,
        ...(key.success ? { headers: { 'idempotency-key': key.data } } : {}),
      }),
      'claims-api add note',
    );
    return reply.seeOther(`${claimPagePath(claimId, '/notes')}?done=note`);
  });

  app.get('/caseworker/claims/:claimId/history', PAGE, async (request, reply) => {
    const session = await users.staff(request);
    const claimId = claimIdOf(request.params);
    const claim = await claimOf(session, claimId);
    const history = answerOf(
      await api.request({
        path: claimApiPath(claimId, `/history?limit=${LIST_LIMIT}`),
        schema: staffHistoryPageAnswer,
        accessToken: session.tokens.accessToken,
      }),
      'claims-api history',
    );
    // Newest first, as MoJ's timeline reads.
    return reply.page('pages/caseworker/claim-history.njk', {
      ...frameOf(claim, 'history'),
      history: [...history.items].reverse(),
      more: history.nextCursor !== undefined,
    });
  });
}
