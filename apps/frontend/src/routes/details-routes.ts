/**
 * "Your details": one question per page (name, date of birth, National Insurance number, contact,
 * HMRC consent, address by postcode or typed in), then "Check your details", which registers the
 * citizen (POST, with an Idempotency-Key kept for every retry) or changes their record (PATCH of the
 * changed answers, If-Match the version read). Answers wait in the session until saved; the plan
 * is details/details-journey.ts.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  contactForm,
  displayMobile,
  hmrcIncomeForm,
  manualAddressForm,
  nameForm,
  ninoForm,
  postcodeForm,
  readDateOfBirth,
  selectAddressForm,
  tidyPostcode,
} from '../details/details-forms.ts';
import {
  answer,
  CHECK_PATH,
  detailsDraft,
  firstUnanswered,
  nextPath,
  pathOf,
  QUESTIONS,
  type DetailsDraft,
  type Question,
} from '../details/details-journey.ts';
import { answersFromRecord, changeBody, questionsRefused, registrationBody } from '../details/details-record.ts';
import { formErrors, formField, formText, parseForm, type FieldMessageKeys } from '../forms/form-errors.ts';
import { displayNino } from '@dwp/uk-formats';
import type { SignedIn, SignedInUsers } from '../session/signed-in.ts';
import { citizenAnswer, postcodeAnswer, type PostcodeAddresses } from '../upstream/citizen-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PlatformProblem } from '../web/web-errors.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const JOURNEY = 'details';

const changeQuery = z.object({ change: z.literal('1').optional().catch(undefined) });
const checkQuery = z.object({ notice: z.enum(['saved', 'stale']).optional().catch(undefined) });

export interface DetailsRoutesOptions {
  readonly api: PlatformApi;
  readonly users: SignedInUsers;
  /** Today, for "must be in the past" and ages. @default the system clock */
  readonly today?: () => string;
}

export function detailsRoutes(app: ServiceApp, opts: DetailsRoutesOptions): void {
  const { api, users } = opts;
  const today = opts.today ?? (() => new Date().toISOString().slice(0, 10));

  /** The answers in progress, or a new draft: the saved record's answers to change, or nothing yet to register. */
  const draftOf = async (session: SignedIn): Promise<DetailsDraft> => {
    const kept = detailsDraft.safeParse(session.journeys?.[JOURNEY]);
    // An edit with nothing changed yet is read again, so the page never shows a record older than citizen-api's.
    const unchangedEdit =
      kept.success && kept.data.mode === 'edit' && kept.data.changed.length === 0 && kept.data.postcode === undefined;
    if (kept.success && !unchangedEdit) return kept.data;
    const res = await api.request({
      path: '/citizen/citizens/me',
      schema: citizenAnswer,
      accessToken: session.tokens.accessToken,
    });
    if (res.ok)
      return {
        mode: 'edit',
        citizenId: res.value.citizenId,
        version: res.value.version,
        answers: answersFromRecord(res.value),
        changed: [],
      };
    if (res.status === 404) return { mode: 'register', idempotencyKey: randomUUID(), answers: {} };
    throw new PlatformProblem('citizen-api /citizen/citizens/me', res.status);
  };

  const keep = (session: SignedIn, draft: DetailsDraft | undefined) => users.keep(session, JOURNEY, draft);

  const isChange = (request: FastifyRequest) => changeQuery.parse(request.query ?? {}).change === '1';
  /** A path of this journey, still in change mode when the page was. */
  const withChange = (path: string, change: boolean) => (change ? `${path}?change=1` : path);

  /** Where Back goes from a question: the one before it while registering, else the check page. */
  const backFrom = (q: Question, draft: DetailsDraft, change: boolean): string => {
    if (change || draft.mode === 'edit') return CHECK_PATH;
    const i = QUESTIONS.indexOf(q);
    return i === 0 ? '/account' : pathOf(QUESTIONS[i - 1]!);
  };

  const question = (
    reply: FastifyReply,
    template: string,
    q: Question,
    draft: DetailsDraft,
    change: boolean,
    data: { values: object; fields?: FieldMessageKeys; status?: number; path?: string; extra?: object },
  ) =>
    reply.page(
      `pages/details/${template}.njk`,
      {
        action: withChange(data.path ?? pathOf(q), change),
        backLink: backFrom(q, draft, change),
        values: data.values,
        errors: formErrors(reply.request.t, data.fields ?? []),
        ...data.extra,
      },
      data.status ?? (data.fields?.length ? 400 : 200),
    );

  /** A question's answer is kept, and the browser goes on to the next page of the plan. */
  const answered = async (
    reply: FastifyReply,
    session: SignedIn,
    draft: DetailsDraft,
    q: Question,
    patch: Parameters<typeof answer>[2],
    change: boolean,
  ) => {
    const next = answer(draft, q, patch);
    await keep(session, next);
    return reply.seeOther(nextPath(next, change));
  };

  app.get('/details', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    await keep(session, draft);
    const missing = draft.mode === 'register' ? firstUnanswered(draft.answers) : undefined;
    return reply.seeOther(missing ? pathOf(missing) : CHECK_PATH);
  });

  // Name
  app.get('/details/name', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    return question(reply, 'name', 'name', draft, isChange(request), { values: draft.answers.name ?? {} });
  });
  app.post('/details/name', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const form = parseForm(nameForm, request.body);
    const values = {
      given: formText(formField(request.body, 'given')),
      family: formText(formField(request.body, 'family')),
    };
    if (!form.ok) return question(reply, 'name', 'name', draft, change, { values, fields: form.fields });
    return answered(reply, session, draft, 'name', { name: form.value }, change);
  });

  // Date of birth
  app.get('/details/date-of-birth', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const [year = '', month = '', day = ''] = draft.answers.dateOfBirth?.split('-') ?? [];
    return question(reply, 'date-of-birth', 'date-of-birth', draft, isChange(request), {
      values: { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year },
      extra: { errorParts: [] },
    });
  });
  app.post('/details/date-of-birth', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const values = {
      day: formText(formField(request.body, 'dateOfBirth-day')),
      month: formText(formField(request.body, 'dateOfBirth-month')),
      year: formText(formField(request.body, 'dateOfBirth-year')),
    };
    const r = readDateOfBirth(values, today());
    if (!r.ok)
      return question(reply, 'date-of-birth', 'date-of-birth', draft, change, {
        values,
        fields: r.fields,
        extra: { errorParts: r.parts },
      });
    return answered(reply, session, draft, 'date-of-birth', { dateOfBirth: r.iso }, change);
  });

  // National Insurance number
  app.get('/details/national-insurance-number', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    return question(reply, 'national-insurance-number', 'national-insurance-number', draft, isChange(request), {
      values: { nino: draft.answers.nino ? displayNino(draft.answers.nino) : '' },
    });
  });
  app.post('/details/national-insurance-number', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const form = parseForm(ninoForm, request.body);
    if (!form.ok)
      return question(reply, 'national-insurance-number', 'national-insurance-number', draft, change, {
        values: { nino: formText(formField(request.body, 'nino')) },
        fields: form.fields,
      });
    return answered(reply, session, draft, 'national-insurance-number', { nino: form.value.nino }, change);
  });

  // Contact
  app.get('/details/contact', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    return question(reply, 'contact', 'contact', draft, isChange(request), { values: draft.answers.contact ?? {} });
  });
  app.post('/details/contact', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const form = parseForm(contactForm, request.body);
    const values = {
      email: formText(formField(request.body, 'email')),
      mobile: formText(formField(request.body, 'mobile')),
    };
    if (!form.ok) return question(reply, 'contact', 'contact', draft, change, { values, fields: form.fields });
    return answered(
      reply,
      session,
      draft,
      'contact',
      { contact: { email: form.value.email, ...(form.value.mobile ? { mobile: form.value.mobile } : {}) } },
      change,
    );
  });

  // Consent to ask HMRC about income
  app.get('/details/hmrc-income', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const v = draft.answers.hmrcIncome;
    return question(reply, 'hmrc-income', 'hmrc-income', draft, isChange(request), {
      values: { hmrcIncome: v === undefined ? undefined : v ? 'yes' : 'no' },
    });
  });
  app.post('/details/hmrc-income', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const form = parseForm(hmrcIncomeForm, request.body);
    if (!form.ok)
      return question(reply, 'hmrc-income', 'hmrc-income', draft, change, { values: {}, fields: form.fields });
    return answered(reply, session, draft, 'hmrc-income', { hmrcIncome: form.value.hmrcIncome }, change);
  });

  // Address: find by postcode, choose from the list, or type it in.
  const lookUp = async (session: SignedIn, postcode: string) =>
    api.request({
      path: `/address/postcodes/${encodeURIComponent(postcode)}`,
      schema: postcodeAnswer,
      accessToken: session.tokens.accessToken,
    });

  const postcodePage = (
    reply: FastifyReply,
    draft: DetailsDraft,
    change: boolean,
    postcode: string,
    fields: FieldMessageKeys = [],
  ) =>
    question(reply, 'address', 'address', draft, change, {
      values: { postcode },
      fields,
      extra: { manualHref: withChange('/details/address/manual', change) },
    });

  app.get('/details/address', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    return postcodePage(reply, draft, isChange(request), draft.postcode ?? draft.answers.address?.postcode ?? '');
  });
  app.post('/details/address', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const typed = formText(formField(request.body, 'postcode'));
    const form = parseForm(postcodeForm, request.body);
    if (!form.ok) return postcodePage(reply, draft, change, typed, form.fields);
    const res = await lookUp(session, form.value.postcode);
    if (!res.ok) {
      const key =
        res.status === 400
          ? 'details.address.postcode.real'
          : res.status === 404
            ? 'details.address.postcode.notFound'
            : undefined;
      if (!key) throw new PlatformProblem('address-api postcode lookup', res.status);
      return postcodePage(reply, draft, change, typed, [{ field: 'postcode', key }]);
    }
    await keep(session, { ...draft, postcode: res.value.postcode });
    return reply.seeOther(withChange('/details/address/select', change));
  });

  /** The addresses at the postcode last looked up, or undefined when there is none to list. */
  const listed = async (
    session: SignedIn,
    draft: DetailsDraft,
  ): Promise<{ postcode: string; addresses: PostcodeAddresses } | undefined> => {
    if (!draft.postcode) return undefined;
    const res = await lookUp(session, draft.postcode);
    if (res.ok) return res.value;
    if (res.status === 400 || res.status === 404) return undefined;
    throw new PlatformProblem('address-api postcode lookup', res.status);
  };

  const selectPage = (
    reply: FastifyReply,
    draft: DetailsDraft,
    change: boolean,
    found: { postcode: string; addresses: PostcodeAddresses },
    chosen: string | undefined,
    fields: FieldMessageKeys = [],
  ) =>
    question(reply, 'address-select', 'address', draft, change, {
      values: {},
      fields,
      path: '/details/address/select',
      extra: {
        addresses: found.addresses,
        postcode: found.postcode,
        chosen,
        postcodeHref: withChange('/details/address', change),
        manualHref: withChange('/details/address/manual', change),
        backLink: withChange('/details/address', change),
      },
    });

  app.get('/details/address/select', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const found = await listed(session, draft);
    if (!found) return reply.seeOther(withChange('/details/address', change));
    const current = draft.answers.address;
    return selectPage(reply, draft, change, found, current && 'uprn' in current ? current.uprn : undefined);
  });
  app.post('/details/address/select', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const found = await listed(session, draft);
    if (!found) return reply.seeOther(withChange('/details/address', change));
    const form = parseForm(selectAddressForm, request.body);
    const chosen = form.ok ? found.addresses.find((a) => a.uprn === form.value.uprn) : undefined;
    if (!chosen)
      return selectPage(reply, draft, change, found, undefined, [
        { field: 'uprn', key: 'details.address.select.required' },
      ]);
    return answered(
      reply,
      session,
      draft,
      'address',
      { address: { uprn: chosen.uprn, lines: chosen.lines, postTown: chosen.postTown, postcode: chosen.postcode } },
      change,
    );
  });

  const manualPage = (
    reply: FastifyReply,
    draft: DetailsDraft,
    change: boolean,
    values: object,
    fields: FieldMessageKeys = [],
  ) =>
    question(reply, 'address-manual', 'address', draft, change, {
      values,
      fields,
      path: '/details/address/manual',
      extra: { backLink: withChange('/details/address', change) },
    });

  app.get('/details/address/manual', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const a = draft.answers.address;
    const values =
      a && !('uprn' in a)
        ? { line1: a.lines[0] ?? '', line2: a.lines[1] ?? '', town: a.postTown, postcode: a.postcode }
        : { postcode: draft.postcode ?? '' };
    return manualPage(reply, draft, isChange(request), values);
  });
  app.post('/details/address/manual', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const change = isChange(request);
    const values = Object.fromEntries(
      ['line1', 'line2', 'town', 'postcode'].map((f) => [f, formText(formField(request.body, f))]),
    );
    const form = parseForm(manualAddressForm, request.body);
    if (!form.ok) return manualPage(reply, draft, change, values, form.fields);
    // address-api holds the postcode rules: a 400 there is a postcode that cannot exist; a 404 only one it does not list.
    const res = await lookUp(session, form.value.postcode);
    if (!res.ok && res.status === 400)
      return manualPage(reply, draft, change, values, [
        { field: 'postcode', key: 'details.address.manual.postcode.real' },
      ]);
    if (!res.ok && res.status !== 404) throw new PlatformProblem('address-api postcode lookup', res.status);
    const postcode = res.ok ? res.value.postcode : tidyPostcode(form.value.postcode);
    const lines = [form.value.line1, form.value.line2].filter((l) => l.length > 0);
    return answered(
      reply,
      session,
      draft,
      'address',
      { address: { lines, postTown: form.value.town, postcode } },
      change,
    );
  });

  // Check your details, and save them.
  const checkPage = (
    reply: FastifyReply,
    draft: DetailsDraft,
    status: number,
    data: { notice?: string | undefined; fields?: FieldMessageKeys } = {},
  ) => {
    const a = draft.answers;
    const errors = formErrors(reply.request.t, data.fields ?? []);
    // A refusal links to the question's page, not to a field here.
    const summary = errors.summary.map((e) => ({
      text: e.text,
      href: `${pathOf(e.href.slice(1) as Question)}?change=1`,
    }));
    return reply.page(
      'pages/details/check.njk',
      {
        mode: draft.mode,
        changed: draft.mode === 'edit' && draft.changed.length > 0,
        answers: a,
        nino: a.nino ? displayNino(a.nino) : '',
        mobile: a.contact?.mobile ? displayMobile(a.contact.mobile) : undefined,
        hmrcIncome: a.hmrcIncome === undefined ? 'unanswered' : a.hmrcIncome ? 'yes' : 'no',
        addressEntered: a.address !== undefined && !('uprn' in a.address),
        notice: data.notice,
        errors: { summary, byField: errors.byField },
      },
      status,
    );
  };

  app.get(CHECK_PATH, PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const missing = firstUnanswered(draft.answers);
    if (draft.mode === 'register' && missing) return reply.seeOther(pathOf(missing));
    if (!session.journeys?.[JOURNEY]) await keep(session, draft);
    return checkPage(reply, draft, 200, { notice: checkQuery.parse(request.query ?? {}).notice });
  });

  /** citizen-api refused the answers: each question it names is listed, linking to its page. */
  const refused = (reply: FastifyReply, draft: DetailsDraft, details: unknown) => {
    const questions = questionsRefused(details);
    if (questions.length === 0) throw new PlatformProblem('citizen-api refused details without naming a field', 400);
    return checkPage(reply, draft, 400, {
      fields: questions.map((q) => ({ field: q, key: `details.check.refused.${q}` })),
    });
  };

  app.post(CHECK_PATH, PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const draft = await draftOf(session);
    const accessToken = session.tokens.accessToken;

    if (draft.mode === 'register') {
      const body = registrationBody(draft.answers);
      const missing = firstUnanswered(draft.answers);
      if (!body || missing) return reply.seeOther(pathOf(missing ?? 'name'));
      const res = await api.request({
        method: 'POST',
        path: '/citizen/citizens',
        schema: citizenAnswer,
        body,
        accessToken,
        headers: { 'idempotency-key': draft.idempotencyKey },
      });
      if (res.ok || (res.status === 409 && res.error.code === 'CITIZEN_ERR_ALREADY_REGISTERED')) {
        await keep(session, undefined);
        return reply.seeOther(`${CHECK_PATH}?notice=saved`);
      }
      if (res.status === 422 && res.error.code === 'CITIZEN_ERR_IDEMPOTENCY_KEY_REUSED') {
        // An earlier try registered (its answer was lost) with other answers: show the record as saved.
        await keep(session, undefined);
        return reply.seeOther(`${CHECK_PATH}?notice=stale`);
      }
      if (res.status === 400) return refused(reply, draft, res.error.details);
      throw new PlatformProblem('citizen-api register', res.status);
    }

    const body = changeBody(draft);
    if (Object.keys(body).length === 0) return reply.seeOther(CHECK_PATH);
    const res = await api.request({
      method: 'PATCH',
      path: `/citizen/citizens/${encodeURIComponent(draft.citizenId)}`,
      schema: citizenAnswer,
      body,
      accessToken,
      headers: { 'if-match': `"${draft.version}"` },
    });
    if (res.ok) {
      await keep(session, undefined);
      return reply.seeOther(`${CHECK_PATH}?notice=saved`);
    }
    if (res.status === 409 && res.error.code === 'CITIZEN_ERR_VERSION_CONFLICT') {
      // Changed elsewhere since it was read: start again from the record as it is now.
      await keep(session, undefined);
      return reply.seeOther(`${CHECK_PATH}?notice=stale`);
    }
    if (res.status === 400) return refused(reply, draft, res.error.details);
    throw new PlatformProblem('citizen-api change', res.status);
  });
}
