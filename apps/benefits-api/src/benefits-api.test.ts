/**
 * benefits-api on a real PostgreSQL server, with income from the HMRC sandbox (called as the
 * external gateway calls it, with an OAuth token) and citizen facts at the port.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { migrate, OutboxRelay, type EventPublisher, type PlatformEvent } from '@dwp/data-kit';
import { signedCallers, type SignedCallers } from '@dwp/data-kit/testing/signed-callers';
import { createTestDatabase, type TestDatabase } from '@dwp/data-kit/testing/test-database';
import { dwp } from '@dwp/platforms/dwp';
import { createHmrcSandbox, type Sandbox } from '@dwp/sandboxes';
import { createService, readAnswer, type ServiceApp, type UserIdentity } from '@dwp/service-kit';
import { benefitsApi } from './app.ts';
import type { CitizenFacts } from './ports/citizen-profile.ts';
import { HmrcIncome } from './ports/hmrc-income.ts';
import type { EstimateView } from './routes/estimate-schemas.ts';
import { BENEFITS_MIGRATIONS } from './store/migrations.ts';

interface ErrorBody<D = unknown> {
  error: { code: string; details: D };
}

const amanda: UserIdentity = { sub: 'user-amanda', username: 'amanda', roles: ['citizen'] };
const dylan: UserIdentity = { sub: 'user-dylan', username: 'dylan', roles: ['citizen'] };
const facts = new Map<string, CitizenFacts>([
  [amanda.sub, { nino: 'AA123456A', dateOfBirth: '1985-03-14', hmrcIncomeConsent: true }],
  [dylan.sub, { nino: 'AE123456D', dateOfBirth: '2001-01-30', hmrcIncomeConsent: false }],
]);

class RecordingPublisher implements EventPublisher {
  readonly events: PlatformEvent[] = [];
  async publish(e: PlatformEvent): Promise<void> {
    this.events.push(e);
  }
  close(): void {}
}

describe('benefits-api on PostgreSQL with the HMRC sandbox', () => {
  let db: TestDatabase;
  let app: ServiceApp;
  let hmrc: Sandbox;
  let callers: SignedCallers;
  let hmrcCalls = 0;
  const published = new RecordingPublisher();
  const closers: Array<() => Promise<unknown>> = [];

  before(async () => {
    db = await createTestDatabase('benefits');
    closers.unshift(() => db.drop());
    await migrate(db.pool, BENEFITS_MIGRATIONS);
    hmrc = createHmrcSandbox({ clientId: 'dwp', clientSecret: 'secret', logLevel: 'silent' });
    closers.unshift(() => hmrc.app.close());
    const token = (
      await hmrc.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: 'dwp', client_secret: 'secret' },
      })
    ).json<{ access_token: string }>().access_token;
    const income = new HmrcIncome(async (path, headers) => {
      hmrcCalls++;
      const res = await hmrc.app.inject({
        method: 'GET',
        url: path.replace('/external/hmrc', ''),
        headers: { ...headers, authorization: `Bearer ${token}` },
      });
      return {
        status: res.statusCode,
        read: (schema, o) =>
          readAnswer(`external-gateway (GET ${path})`, async (): Promise<unknown> => res.json(), schema, o),
        text: async () => res.body,
      };
    });
    callers = await signedCallers(dwp, 'benefits-api');
    const svc = await createService({
      platform: dwp,
      name: 'benefits-api',
      env: { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', ...callers.env },
    });
    benefitsApi(svc.app, {
      pool: db.pool,
      outbox: { kick: () => undefined },
      income,
      profiles: { factsOf: async (sub) => facts.get(sub) },
      clock: new FakeClock(Date.parse('2025-10-15T12:00:00Z')),
    });
    app = svc.app;
    closers.unshift(() => app.close());
    await app.ready();
  });
  after(async () => {
    for (const close of closers) await close();
  });

  const post = async (user: UserIdentity, payload: object, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/benefits/estimates',
      payload,
      headers: { ...(await callers.asUser(user)), ...headers },
    });

  it('lists the catalogue to anyone', async () => {
    const res = await app.inject({ method: 'GET', url: '/benefits/catalogue' });
    assert.deepEqual(
      res.json<{ items: Array<{ id: string }> }>().items.map((b) => b.id),
      ['universal-credit', 'new-style-jsa', 'new-style-esa'],
    );
  });

  it('serves the 2025/26 rates from the versioned table, each with its source', async () => {
    const { rates } = (await app.inject({ method: 'GET', url: '/benefits/rates/2025-26' })).json<{
      rates: Array<{ code: string; amount: number; source: string }>;
    }>();
    const single = rates.find((r) => r.code === 'uc.standard.single_25_or_over');
    assert.ok(single);
    assert.equal(single.amount, 40014);
    assert.match(single.source, /^https:\/\/www\.gov\.uk\//);
    assert.ok(rates.every((r) => r.source.length > 0));
  });

  it('estimates Universal Credit from declared earnings', async () => {
    const res = await post(amanda, {
      benefit: 'universal-credit',
      household: { claimantAge: 40, children: [{ bornBefore6April2017: false }], housingCosts: true },
      earnings: { source: 'declared', monthlyPence: 100000 },
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json<EstimateView>().monthlyAwardPence, 40014 + 29281 - 32395);
    assert.equal(res.json<EstimateView>().income.source, 'declared');
  });

  it('answers each line with a stable code and its values, beside the English label', async () => {
    const res = await post(amanda, {
      benefit: 'universal-credit',
      household: { claimantAge: 40, children: [{ bornBefore6April2017: false }], housingCosts: true },
      earnings: { source: 'declared', monthlyPence: 100000 },
    });
    const { breakdown, reasonCodes } = res.json<EstimateView>();
    assert.deepEqual(breakdown.elements, [
      {
        code: 'uc.standard-allowance.single-25-or-over',
        label: 'Standard allowance (single, 25 or over)',
        pence: 40014,
      },
      { code: 'uc.child-element.other', label: 'Child element', pence: 29281 },
    ]);
    assert.deepEqual(breakdown.deductions, [
      {
        code: 'uc.earnings-taper',
        params: { percent: 55 },
        label: 'Earnings: 55% of earnings above the work allowance',
        pence: 32395,
      },
    ]);
    assert.deepEqual(reasonCodes, []);
    const stored = await app.inject({
      method: 'GET',
      url: `/benefits/estimates/${res.json<EstimateView>().id}`,
      headers: await callers.asUser(amanda),
    });
    assert.deepEqual(stored.json<EstimateView>().breakdown, breakdown);
  });

  it('answers each reason as a code beside the English, in the same order', async () => {
    const res = await post(dylan, {
      benefit: 'new-style-jsa',
      age: 17,
      contributionConditionsMet: true,
      hoursWorkedPerWeek: 20,
    });
    assert.equal(res.statusCode, 201);
    const body = res.json<EstimateView>();
    assert.deepEqual(body.reasons, ['You must be 18 or over', 'You must work fewer than 16 hours a week']);
    assert.deepEqual(body.reasonCodes, [
      { code: 'new-style.under-18' },
      { code: 'jsa.hours-limit', params: { hours: 16 } },
    ]);
    const esa = (
      await post(dylan, {
        benefit: 'new-style-esa',
        age: 30,
        contributionConditionsMet: true,
        healthConditionLimitsWork: true,
      })
    ).json<EstimateView>();
    assert.deepEqual(esa.breakdown.elements, [
      { code: 'esa.assessment.25-or-over', label: 'Assessment phase, 25 or over', pence: 9205 },
    ]);
  });

  it('still reads an estimate stored before codes, coding the English it knows', async () => {
    const id = '0190f5d2-3c4b-7a00-8000-00000000c0de';
    const old = (eligible: boolean, extra: object) => ({
      id,
      benefit: 'universal-credit',
      taxYear: '2025-26',
      eligible,
      monthlyAwardPence: eligible ? 30000 : null,
      weeklyAwardPence: null,
      income: { source: 'declared', monthlyPence: 0, months: [] },
      ratesUsed: [],
      createdAt: '2025-10-01T12:00:00.000Z',
      ...extra,
    });
    const store = async (result: object) => {
      await db.pool.query('delete from estimates where id = $1', [id]);
      await db.pool.query(
        `insert into estimates (id, citizen_sub, benefit, tax_year, input, result, created_at)
         values ($1, $2, 'universal-credit', '2025-26', '{}', $3, now())`,
        [id, amanda.sub, JSON.stringify(result)],
      );
    };
    const read = async () =>
      (
        await app.inject({ method: 'GET', url: `/benefits/estimates/${id}`, headers: await callers.asUser(amanda) })
      ).json<EstimateView>();

    await store(
      old(true, {
        reasons: [],
        breakdown: {
          elements: [
            { label: 'Standard allowance (single, 25 or over)', pence: 40014 },
            { label: 'Housing costs', pence: 50000 },
          ],
          deductions: [{ label: 'Assumed income from savings over 6,000 GBP', pence: 435 }],
          workAllowancePence: 0,
        },
      }),
    );
    const coded = await read();
    assert.deepEqual(coded.breakdown.elements, [
      {
        code: 'uc.standard-allowance.single-25-or-over',
        label: 'Standard allowance (single, 25 or over)',
        pence: 40014,
      },
      { label: 'Housing costs', pence: 50000 },
    ]);
    assert.deepEqual(coded.breakdown.deductions, [
      {
        code: 'uc.savings-tariff',
        params: { thresholdPence: 600000 },
        label: 'Assumed income from savings over 6,000 GBP',
        pence: 435,
      },
    ]);
    assert.deepEqual(coded.reasonCodes, []);

    const refused = (reasons: string[]) =>
      old(false, { reasons, breakdown: { elements: [], deductions: [], workAllowancePence: null } });
    await store(refused(['Your savings and capital are over 16,000 GBP']));
    assert.deepEqual((await read()).reasonCodes, [
      { code: 'uc.capital-over-limit', params: { limitPence: 1_600_000 } },
    ]);
    // A reason it cannot code: the English only, and no codes that would not line up with it.
    await store(refused(['You must usually be 18 or over to claim Universal Credit', 'Some reason of long ago']));
    const unknown = await read();
    assert.deepEqual(unknown.reasons, [
      'You must usually be 18 or over to claim Universal Credit',
      'Some reason of long ago',
    ]);
    assert.equal(unknown.reasonCodes, undefined);
    await db.pool.query('delete from estimates where id = $1', [id]);
  });

  it('estimates Universal Credit from HMRC PAYE income when the citizen consents', async () => {
    const res = await post(amanda, {
      benefit: 'universal-credit',
      household: { claimantAge: 40, children: [] },
      earnings: { source: 'hmrc' },
    });
    assert.equal(res.statusCode, 201);
    const body = res.json<EstimateView>();
    assert.equal(body.income.source, 'hmrc');
    assert.equal(body.income.months.length, 3);
    // 1,850.50 GBP a month, no work allowance: 400.14 - 55 % of 1,850.50 is nothing left to pay.
    assert.equal(body.income.monthlyPence, 185050);
    assert.equal(body.eligible, false);
  });

  it("refuses to ask HMRC without the citizen's consent", async () => {
    const before = hmrcCalls;
    const res = await post(dylan, {
      benefit: 'universal-credit',
      household: { claimantAge: 24 },
      earnings: { source: 'hmrc' },
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json<ErrorBody>().error.code, 'BENEFITS_ERR_HMRC_CONSENT_REQUIRED');
    assert.equal(hmrcCalls, before);
  });

  it('estimates new style JSA and ESA at their weekly personal rates', async () => {
    const jsa = (
      await post(dylan, { benefit: 'new-style-jsa', age: 24, contributionConditionsMet: true })
    ).json<EstimateView>();
    assert.equal(jsa.weeklyAwardPence, 7290);
    const esa = (
      await post(dylan, {
        benefit: 'new-style-esa',
        age: 30,
        contributionConditionsMet: true,
        healthConditionLimitsWork: true,
        phase: 'support',
      })
    ).json<EstimateView>();
    assert.equal(esa.weeklyAwardPence, 9205 + 4850);
  });

  it('says which rate is missing when asked for an unpublished 2026/27 figure', async () => {
    const res = await post(amanda, {
      benefit: 'new-style-jsa',
      taxYear: '2026-27',
      age: 30,
      contributionConditionsMet: true,
    });
    assert.equal(res.statusCode, 422);
    const { error } = res.json<ErrorBody<{ rate: string }>>();
    assert.equal(error.code, 'BENEFITS_ERR_RATE_NOT_PUBLISHED');
    assert.equal(error.details.rate, 'jsa.personal.25_or_over');
  });

  it('names the fields of a bad request', async () => {
    const res = await post(amanda, {
      benefit: 'universal-credit',
      household: { claimantAge: 'forty' },
      capitalPence: -1,
    });
    assert.equal(res.statusCode, 400);
    const paths = res
      .json<ErrorBody<Array<{ path: string }>>>()
      .error.details.map((d) => d.path)
      .sort();
    assert.deepEqual(paths, ['body.capitalPence', 'body.household.claimantAge']);
  });

  it('answers a retried HMRC estimate from its key without asking HMRC again', async () => {
    const body = { benefit: 'universal-credit', household: { claimantAge: 40 }, earnings: { source: 'hmrc' } };
    const a = await post(amanda, body, { 'idempotency-key': 'estimate-hmrc-001' });
    const calls = hmrcCalls;
    const b = await post(amanda, body, { 'idempotency-key': 'estimate-hmrc-001' });
    assert.equal(b.json<EstimateView>().id, a.json<EstimateView>().id);
    assert.equal(hmrcCalls, calls);
  });

  it('answers a retried Idempotency-Key with the same estimate and stores it once', async () => {
    const body = { benefit: 'new-style-jsa', age: 30, contributionConditionsMet: true };
    const a = await post(amanda, body, { 'idempotency-key': 'estimate-key-001' });
    const b = await post(amanda, body, { 'idempotency-key': 'estimate-key-001' });
    const id = a.json<EstimateView>().id;
    assert.equal(id, b.json<EstimateView>().id);
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from estimates where id = $1', [id]);
    assert.equal(rows[0]?.n, 1);
  });

  it('publishes each stored estimate through the outbox, once', async () => {
    const relay = new OutboxRelay(db.pool, published);
    await relay.drain();
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from estimates');
    assert.equal(published.events.filter((e) => e.type === 'estimate.created').length, rows[0]!.n);
    assert.equal(await relay.drain(), 0);
  });

  it("pages through a citizen's own estimates only", async () => {
    const page = (
      await app.inject({ method: 'GET', url: '/benefits/estimates?limit=1', headers: await callers.asUser(dylan) })
    ).json<{ items: EstimateView[]; nextCursor?: string }>();
    assert.equal(page.items.length, 1);
    assert.ok(page.nextCursor);
    const [first] = page.items;
    assert.ok(first);
    const mine = await app.inject({
      method: 'GET',
      url: `/benefits/estimates/${first.id}`,
      headers: await callers.asUser(amanda),
    });
    assert.equal(mine.statusCode, 404);
  });
});
