/**
 * benefits-api on a real PostgreSQL server, with income from the HMRC sandbox (called as the
 * external gateway calls it, with an OAuth token) and citizen facts at the port.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate, OutboxRelay, type EventPublisher, type PlatformEvent } from '@dwp/data-kit';
import { signedCallers, type SignedCallers } from '@dwp/data-kit/testing/signed-callers';
import { createTestDatabase, type TestDatabase } from '@dwp/data-kit/testing/test-database';
import { dwp } from '@dwp/platforms/dwp';
import { createHmrcSandbox, type Sandbox } from '@dwp/sandboxes';
import { createService, type ServiceApp, type UserIdentity } from '@dwp/service-kit';
import { benefitsApi } from './app.ts';
import type { CitizenFacts } from './ports/citizen-profile.ts';
import { HmrcIncome } from './ports/hmrc-income.ts';
import { BENEFITS_MIGRATIONS } from './store/migrations.ts';

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

  before(async () => {
    db = await createTestDatabase('benefits');
    await migrate(db.pool, BENEFITS_MIGRATIONS);
    hmrc = createHmrcSandbox({ clientId: 'dwp', clientSecret: 'secret', logLevel: 'silent' });
    const token = (
      await hmrc.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: 'dwp', client_secret: 'secret' },
      })
    ).json().access_token;
    const income = new HmrcIncome(async (path, headers) => {
      hmrcCalls++;
      const res = await hmrc.app.inject({
        method: 'GET',
        url: path.replace('/external/hmrc', ''),
        headers: { ...headers, authorization: `Bearer ${token}` },
      });
      return { status: res.statusCode, json: async () => res.json(), text: async () => res.body };
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
      now: () => new Date('2025-10-15T12:00:00Z'),
    });
    app = svc.app;
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await hmrc?.app.close();
    await db?.drop();
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
      res.json().items.map((b: { id: string }) => b.id),
      ['universal-credit', 'new-style-jsa', 'new-style-esa'],
    );
  });

  it('serves the 2025/26 rates from the versioned table, each with its source', async () => {
    const rates = (await app.inject({ method: 'GET', url: '/benefits/rates/2025-26' })).json().rates;
    const single = rates.find((r: { code: string }) => r.code === 'uc.standard.single_25_or_over');
    assert.equal(single.amount, 40014);
    assert.match(single.source, /^https:\/\/www\.gov\.uk\//);
    assert.ok(rates.every((r: { source: string }) => r.source.length > 0));
  });

  it('estimates Universal Credit from declared earnings', async () => {
    const res = await post(amanda, {
      benefit: 'universal-credit',
      household: { claimantAge: 40, children: [{ bornBefore6April2017: false }], housingCosts: true },
      earnings: { source: 'declared', monthlyPence: 100000 },
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().monthlyAwardPence, 40014 + 29281 - 32395);
    assert.equal(res.json().income.source, 'declared');
  });

  it('estimates Universal Credit from HMRC PAYE income when the citizen consents', async () => {
    const res = await post(amanda, {
      benefit: 'universal-credit',
      household: { claimantAge: 40, children: [] },
      earnings: { source: 'hmrc' },
    });
    assert.equal(res.statusCode, 201);
    const body = res.json();
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
    assert.equal(res.json().error.code, 'BENEFITS_ERR_HMRC_CONSENT_REQUIRED');
    assert.equal(hmrcCalls, before);
  });

  it('estimates new style JSA and ESA at their weekly personal rates', async () => {
    const jsa = (await post(dylan, { benefit: 'new-style-jsa', age: 24, contributionConditionsMet: true })).json();
    assert.equal(jsa.weeklyAwardPence, 7290);
    const esa = (
      await post(dylan, {
        benefit: 'new-style-esa',
        age: 30,
        contributionConditionsMet: true,
        healthConditionLimitsWork: true,
        phase: 'support',
      })
    ).json();
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
    assert.equal(res.json().error.code, 'BENEFITS_ERR_RATE_NOT_PUBLISHED');
    assert.equal(res.json().error.details.rate, 'jsa.personal.25_or_over');
  });

  it('names the fields of a bad request', async () => {
    const res = await post(amanda, {
      benefit: 'universal-credit',
      household: { claimantAge: 'forty' },
      capitalPence: -1,
    });
    assert.equal(res.statusCode, 400);
    const paths = res
      .json()
      .error.details.map((d: { path: string }) => d.path)
      .sort();
    assert.deepEqual(paths, ['body.capitalPence', 'body.household.claimantAge']);
  });

  it('answers a retried HMRC estimate from its key without asking HMRC again', async () => {
    const body = { benefit: 'universal-credit', household: { claimantAge: 40 }, earnings: { source: 'hmrc' } };
    const a = await post(amanda, body, { 'idempotency-key': 'estimate-hmrc-001' });
    const calls = hmrcCalls;
    const b = await post(amanda, body, { 'idempotency-key': 'estimate-hmrc-001' });
    assert.equal(b.json().id, a.json().id);
    assert.equal(hmrcCalls, calls);
  });

  it('answers a retried Idempotency-Key with the same estimate and stores it once', async () => {
    const body = { benefit: 'new-style-jsa', age: 30, contributionConditionsMet: true };
    const a = await post(amanda, body, { 'idempotency-key': 'estimate-key-001' });
    const b = await post(amanda, body, { 'idempotency-key': 'estimate-key-001' });
    assert.equal(a.json().id, b.json().id);
    const { rows } = await db.pool.query('select count(*)::int as n from estimates where id = $1', [a.json().id]);
    assert.equal(rows[0].n, 1);
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
    ).json();
    assert.equal(page.items.length, 1);
    assert.ok(page.nextCursor);
    const mine = await app.inject({
      method: 'GET',
      url: `/benefits/estimates/${page.items[0].id}`,
      headers: await callers.asUser(amanda),
    });
    assert.equal(mine.statusCode, 404);
  });
});
