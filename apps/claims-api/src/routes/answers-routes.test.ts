/**
 * Saving a draft claim's answers page by page (PUT /claims/claims/{id}/answers), on a real
 * PostgreSQL server with stand-in identity and address answers at the ports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from '@dwp/data-kit';
import { createTestDatabase, type TestDatabase } from '@dwp/data-kit/testing/test-database';
import { signedCallers, type SignedCallers } from '@dwp/data-kit/testing/signed-callers';
import { dwp } from '@dwp/platforms/dwp';
import { createService, type ServiceApp, type UserIdentity } from '@dwp/service-kit';
import { claimsApi } from '../app.ts';
import { CLAIMS_MIGRATIONS } from '../store/migrations.ts';
import { MAX_ANSWERS_BYTES } from './answers-routes.ts';
import type { ClaimView } from './claim-views.ts';

interface ErrorBody {
  error: { code: string; details?: unknown };
}

const alice: UserIdentity = { sub: 'user-alice', username: 'alice', roles: ['citizen'] };
const bob: UserIdentity = { sub: 'user-bob', username: 'bob', roles: ['citizen'] };
const carol: UserIdentity = { sub: 'user-carol', username: 'carol', roles: ['caseworker'] };

describe("saving a draft claim's answers", () => {
  let db: TestDatabase;
  let app: ServiceApp;
  let callers: SignedCallers;
  const closers: Array<() => Promise<unknown>> = [];

  before(async () => {
    db = await createTestDatabase('claims_answers');
    closers.unshift(() => db.drop());
    await migrate(db.pool, CLAIMS_MIGRATIONS);
    callers = await signedCallers(dwp, 'claims-api');
    const svc = await createService({
      platform: dwp,
      name: 'claims-api',
      env: { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', ...callers.env },
    });
    claimsApi(svc.app, {
      pool: db.pool,
      outbox: { kick: () => undefined },
      documents: {
        put: async () => undefined,
        delete: async () => undefined,
        list: async function* () {},
        downloadUrl: async () => '',
        check: async () => undefined,
        close: () => undefined,
      },
      identity: { confidenceOf: async () => 'P2' },
      address: { uprnOf: async () => '100023336956' },
    });
    app = svc.app;
    closers.unshift(() => app.close());
    await app.ready();
  });
  after(async () => {
    for (const close of closers) await close();
  });

  const call = async (user: UserIdentity, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: await callers.asUser(user),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const newClaim = async (user = alice) =>
    (await call(user, 'POST', '/claims/claims', { benefit: 'universal-credit' })).json<ClaimView>().id;

  it("replaces the answers of its claimant's draft, and the claim is read back with them", async () => {
    const id = await newClaim();
    const first = await call(alice, 'PUT', `/claims/claims/${id}/answers`, { 'home-type': 'renting-privately' });
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json<ClaimView>().answers, { 'home-type': 'renting-privately' });
    const second = await call(alice, 'PUT', `/claims/claims/${id}/answers`, { 'home-type': 'own', partner: false });
    assert.deepEqual(
      second.json<ClaimView>().answers,
      { 'home-type': 'own', partner: false },
      'the whole object is replaced, not merged',
    );
    assert.deepEqual((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().answers, {
      'home-type': 'own',
      partner: false,
    });
    assert.equal((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().state, 'draft');
  });

  it('gives the same claim when the same answers are sent twice', async () => {
    const id = await newClaim();
    const a = await call(alice, 'PUT', `/claims/claims/${id}/answers`, { savings: 120_000 });
    const b = await call(alice, 'PUT', `/claims/claims/${id}/answers`, { savings: 120_000 });
    assert.equal(b.statusCode, 200);
    assert.deepEqual(b.json<ClaimView>().answers, a.json<ClaimView>().answers);
  });

  it("hides another citizen's claim as not found and refuses a caseworker, changing nothing", async () => {
    const id = await newClaim();
    await call(alice, 'PUT', `/claims/claims/${id}/answers`, { partner: true });
    const other = await call(bob, 'PUT', `/claims/claims/${id}/answers`, { partner: false });
    assert.equal(other.statusCode, 404);
    assert.equal(other.json<ErrorBody>().error.code, 'CLAIMS_ERR_NOT_FOUND');
    const staff = await call(carol, 'PUT', `/claims/claims/${id}/answers`, { partner: false });
    assert.equal(staff.statusCode, 403);
    assert.equal(staff.json<ErrorBody>().error.code, 'CLAIMS_ERR_CLAIMANT_ONLY');
    assert.deepEqual((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().answers, { partner: true });
  });

  it('refuses to change the answers of a claim that has been sent, with 409', async () => {
    const id = await newClaim();
    await call(alice, 'PUT', `/claims/claims/${id}/answers`, { partner: true });
    assert.equal((await call(alice, 'POST', `/claims/claims/${id}/submit`, {})).statusCode, 200);
    const late = await call(alice, 'PUT', `/claims/claims/${id}/answers`, { partner: false });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json<ErrorBody>().error.code, 'CLAIMS_ERR_ANSWERS_LOCKED');
    assert.deepEqual(late.json<ErrorBody>().error.details, { state: 'submitted', allowedFrom: ['draft'] });
    assert.deepEqual((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().answers, { partner: true });
  });

  it('refuses answers that are not a JSON object with 400, and too many bytes with 413', async () => {
    const id = await newClaim();
    const list = await call(alice, 'PUT', `/claims/claims/${id}/answers`, ['not', 'an', 'object']);
    assert.equal(list.statusCode, 400);
    const huge = await call(alice, 'PUT', `/claims/claims/${id}/answers`, { notes: 'x'.repeat(MAX_ANSWERS_BYTES) });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json<ErrorBody>().error.code, 'SVC_ERR_BODY_TOO_LARGE');
    const many = await call(
      alice,
      'PUT',
      `/claims/claims/${id}/answers`,
      Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`q${i}`, i])),
    );
    assert.equal(many.statusCode, 400);
    assert.deepEqual((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().answers, {});
  });

  it('answers a claim id that is not a UUID with 400', async () => {
    const res = await call(alice, 'PUT', '/claims/claims/not-a-uuid/answers', {});
    assert.equal(res.statusCode, 400);
  });
});
