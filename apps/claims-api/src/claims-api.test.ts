/**
 * claims-api's routes on a real PostgreSQL server (a database of its own per run), with in-memory
 * documents and stand-in identity and address answers at the ports.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { migrate, OutboxRelay, type EventPublisher, type PlatformEvent } from '@dwp/data-kit';
import { createTestDatabase, type TestDatabase } from '@dwp/data-kit/testing/test-database';
import { signedCallers, type SignedCallers } from '@dwp/data-kit/testing/signed-callers';
import { dwp } from '@dwp/platforms/dwp';
import { createService, type ServiceApp, type UserIdentity } from '@dwp/service-kit';
import { claimsApi } from './app.ts';
import type { Confidence } from './domain/submission-rules.ts';
import type { DocumentStore, StoredObject } from './ports/document-store.ts';
import { ORPHAN_GRACE_MS, SWEEP_LOCK, sweepOrphanEvidence } from './evidence-sweeper.ts';
import type { ClaimView, EvidenceView } from './routes/claim-views.ts';
import { seedDevClaims } from './seed/dev-seed.ts';
import { CLAIMS_MIGRATIONS } from './store/migrations.ts';

interface ErrorBody<D = unknown> {
  error: { code: string; details: D };
}
interface Page<T> {
  items: T[];
  nextCursor?: string;
}
interface HistoryEntry {
  to: string;
  step: string;
  reason: string | null;
  actorSub?: string;
}

const alice: UserIdentity = { sub: 'user-alice', username: 'alice', roles: ['citizen'] };
const bob: UserIdentity = { sub: 'user-bob', username: 'bob', roles: ['citizen'] };
const carol: UserIdentity = { sub: 'user-carol', username: 'carol', roles: ['caseworker'] };
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x20)]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

class MemoryDocuments implements DocumentStore {
  readonly objects = new Map<string, Buffer>();
  readonly modified = new Map<string, Date>();
  /** Runs while a file is being stored: lets a test change the claim in that window. */
  duringPut: (() => Promise<void>) | undefined;
  async put(key: string, bytes: Buffer, _contentType?: string, at = new Date()): Promise<void> {
    await this.duringPut?.();
    this.objects.set(key, bytes);
    this.modified.set(key, at);
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
    this.modified.delete(key);
  }
  async *list(prefix: string): AsyncIterable<readonly StoredObject[]> {
    const all = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    // Pages of two, so the sweeper's paging is exercised.
    for (let i = 0; i < all.length; i += 2)
      yield all.slice(i, i + 2).map((key) => ({ key, lastModified: this.modified.get(key)! }));
  }
  async downloadUrl(key: string): Promise<string> {
    return `https://documents.example/${key}?X-Amz-Signature=abc`;
  }
  async check(): Promise<void> {}
  close(): void {}
}

class RecordingPublisher implements EventPublisher {
  readonly events: PlatformEvent[] = [];
  async publish(e: PlatformEvent): Promise<void> {
    this.events.push(e);
  }
  close(): void {}
}

describe('claims-api on PostgreSQL', () => {
  let db: TestDatabase;
  let app: ServiceApp;
  let callers: SignedCallers;
  let relay: OutboxRelay;
  const published = new RecordingPublisher();
  const documents = new MemoryDocuments();
  const confidence = new Map<string, Confidence>();
  const uprns = new Map<string, string>();
  const closers: Array<() => Promise<unknown>> = [];

  before(async () => {
    db = await createTestDatabase('claims');
    closers.unshift(() => db.drop());
    await migrate(db.pool, CLAIMS_MIGRATIONS);
    callers = await signedCallers(dwp, 'claims-api');
    const svc = await createService({
      platform: dwp,
      name: 'claims-api',
      env: { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', ...callers.env },
    });
    relay = new OutboxRelay(db.pool, published);
    claimsApi(svc.app, {
      pool: db.pool,
      outbox: { kick: () => undefined },
      documents,
      identity: { confidenceOf: async (sub) => confidence.get(sub) ?? 'P0' },
      address: { uprnOf: async (sub) => uprns.get(sub) },
    });
    app = svc.app;
    closers.unshift(() => app.close());
    await app.ready();
  });
  after(async () => {
    for (const close of closers) await close();
  });
  beforeEach(() => {
    confidence.set(alice.sub, 'P2');
    uprns.set(alice.sub, '100023336956');
  });

  const call = async (
    user: UserIdentity,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...(await callers.asUser(user)), ...headers },
      ...(payload === undefined ? {} : Buffer.isBuffer(payload) ? { payload } : { payload: payload as object }),
    });

  const newClaim = async (user = alice) =>
    (await call(user, 'POST', '/claims/claims', { benefit: 'universal-credit' })).json<ClaimView>().id;

  it('starts a draft claim that its citizen sees in plain words', async () => {
    const res = await call(alice, 'POST', '/claims/claims', {
      benefit: 'universal-credit',
      answers: { livesAlone: true },
    });
    assert.equal(res.statusCode, 201);
    const claim = res.json<ClaimView>();
    assert.equal(claim.state, 'draft');
    assert.equal(claim.status, 'You have started this claim but not sent it yet.');
    assert.deepEqual(claim.nextSteps, ['submit', 'withdraw']);
    assert.equal(res.headers.location, `/claims/claims/${claim.id}`);
  });

  it('gives the same claim to a retried Idempotency-Key and creates no second one', async () => {
    const headers = { 'idempotency-key': 'create-claim-0001' };
    const first = await call(bob, 'POST', '/claims/claims', { benefit: 'new-style-jsa' }, headers);
    const again = await call(bob, 'POST', '/claims/claims', { benefit: 'new-style-jsa' }, headers);
    assert.equal(again.statusCode, 201);
    assert.equal(again.json<ClaimView>().id, first.json<ClaimView>().id);
    const list = (await call(bob, 'GET', '/claims/claims')).json<Page<ClaimView>>();
    assert.equal(list.items.filter((c) => c.benefit === 'new-style-jsa').length, 1);
    const reused = await call(bob, 'POST', '/claims/claims', { benefit: 'new-style-esa' }, headers);
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json<ErrorBody>().error.code, 'DATA_ERR_IDEMPOTENCY_KEY_REUSED');
  });

  it("hides one citizen's claim from another as not found", async () => {
    const id = await newClaim(alice);
    const res = await call(bob, 'GET', `/claims/claims/${id}`);
    assert.equal(res.statusCode, 404);
    assert.equal(res.json<ErrorBody>().error.code, 'CLAIMS_ERR_NOT_FOUND');
  });

  it('refuses to submit until identity is proven to P2 and the address is validated', async () => {
    const id = await newClaim();
    confidence.set(alice.sub, 'P1');
    const weak = await call(alice, 'POST', `/claims/claims/${id}/submit`, {});
    assert.equal(weak.statusCode, 409);
    assert.equal(weak.json<ErrorBody>().error.code, 'CLAIMS_ERR_IDENTITY_NOT_VERIFIED');
    confidence.set(alice.sub, 'P2');
    uprns.delete(alice.sub);
    const homeless = await call(alice, 'POST', `/claims/claims/${id}/submit`, {});
    assert.equal(homeless.json<ErrorBody>().error.code, 'CLAIMS_ERR_ADDRESS_NOT_VALIDATED');
    assert.equal((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().state, 'draft');
  });

  it('walks a claim from draft to award, with evidence asked for and sent, recording every step and event', async () => {
    const id = await newClaim();
    assert.equal((await call(alice, 'POST', `/claims/claims/${id}/submit`, {})).json<ClaimView>().state, 'submitted');
    const asked = await call(carol, 'POST', `/claims/claims/${id}/evidence-request`, {
      reason: 'Send your last two payslips',
    });
    assert.equal(asked.json<ClaimView>().state, 'evidence_requested');
    const upload = await call(alice, 'POST', `/claims/claims/${id}/evidence?fileName=payslip.pdf`, PDF, {
      'content-type': 'application/pdf',
    });
    assert.equal(upload.statusCode, 201);
    assert.equal(upload.json<EvidenceView>().contentType, 'application/pdf');
    assert.equal((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().state, 'evidence_received');
    assert.equal(
      (await call(carol, 'POST', `/claims/claims/${id}/assessment`, {})).json<ClaimView>().state,
      'under_assessment',
    );
    assert.equal(
      (await call(carol, 'PUT', `/claims/claims/${id}/checklist/income-checked`, { checked: true })).statusCode,
      200,
    );
    assert.equal(
      (await call(carol, 'POST', `/claims/claims/${id}/notes`, { body: 'Payslips match HMRC' })).statusCode,
      201,
    );
    const decided = await call(carol, 'POST', `/claims/claims/${id}/decision`, {
      outcome: 'awarded',
      reasons: ['Meets the conditions'],
      monthlyAmountPence: 40014,
    });
    assert.equal(decided.statusCode, 200);
    const seen = (await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>();
    assert.equal(seen.state, 'awarded');
    assert.deepEqual(seen.decision, {
      outcome: 'awarded',
      reasons: ['Meets the conditions'],
      monthlyAmountPence: 40014,
    });

    const history = (await call(alice, 'GET', `/claims/claims/${id}/history`)).json<Page<HistoryEntry>>().items;
    assert.deepEqual(
      history.map((h) => h.to),
      ['draft', 'submitted', 'evidence_requested', 'evidence_received', 'under_assessment', 'awarded'],
    );
    const [created, , evidenceAsked, , , awarded] = history;
    assert.ok(created && evidenceAsked && awarded);
    assert.equal(evidenceAsked.reason, 'Send your last two payslips');
    assert.equal(awarded.step, 'We accepted your claim');
    assert.equal(created.actorSub, undefined, 'citizens do not see who the caseworker was');

    const before = published.events.length;
    await relay.drain();
    const events = published.events.slice(before).filter((e) => e.data.claimId === id);
    assert.deepEqual(
      events.map((e) => e.type),
      [
        'claim.submitted',
        'claim.evidence_requested',
        'claim.evidence_received',
        'claim.under_assessment',
        'claim.awarded',
      ],
    );
    assert.ok(events.every((e) => e.subject.userSub === alice.sub));
  });

  it('answers an illegal step with 409, changing nothing and notifying nobody', async () => {
    const id = await newClaim();
    await call(alice, 'POST', `/claims/claims/${id}/withdraw`, { reason: 'Found work' });
    await relay.drain();
    const before = published.events.length;
    const res = await call(alice, 'POST', `/claims/claims/${id}/submit`, {});
    assert.equal(res.statusCode, 409);
    assert.equal(res.json<ErrorBody>().error.code, 'CLAIMS_ERR_ILLEGAL_TRANSITION');
    assert.deepEqual(res.json<ErrorBody<{ allowedFrom: string[] }>>().error.details.allowedFrom, ['draft']);
    assert.equal((await call(alice, 'GET', `/claims/claims/${id}/history`)).json<Page<HistoryEntry>>().items.length, 2);
    await relay.drain();
    assert.equal(published.events.length, before);
  });

  it('lets only a caseworker decide, and only a claimant withdraw', async () => {
    const id = await newClaim();
    const res = await call(alice, 'POST', `/claims/claims/${id}/decision`, { outcome: 'refused', reasons: ['x'] });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<ErrorBody>().error.code, 'CLAIMS_ERR_CASEWORKER_ONLY');
    const w = await call(carol, 'POST', `/claims/claims/${id}/withdraw`, {});
    assert.equal(w.statusCode, 403);
    assert.equal(w.json<ErrorBody>().error.code, 'CLAIMS_ERR_NOT_YOUR_STEP');
  });

  it('takes a mandatory reconsideration after a refusal and a new decision after it', async () => {
    const id = await newClaim();
    await call(alice, 'POST', `/claims/claims/${id}/submit`, {});
    await call(carol, 'POST', `/claims/claims/${id}/assessment`, {});
    await call(carol, 'POST', `/claims/claims/${id}/decision`, {
      outcome: 'refused',
      reasons: ['Capital over 16,000 GBP'],
    });
    assert.equal(
      (
        await call(alice, 'POST', `/claims/claims/${id}/reconsideration`, { reason: "My savings are my child's" })
      ).json<ClaimView>().state,
      'mandatory_reconsideration',
    );
    const revised = await call(carol, 'POST', `/claims/claims/${id}/decision`, {
      outcome: 'awarded',
      reasons: ['Savings belong to the child'],
      monthlyAmountPence: 12345,
    });
    assert.equal(revised.json<ClaimView>().state, 'awarded');
  });

  it('refuses evidence that is not a PDF, JPEG or PNG by its bytes, whatever it is called, with 415', async () => {
    const id = await newClaim();
    const res = await call(
      alice,
      'POST',
      `/claims/claims/${id}/evidence?fileName=payslip.pdf`,
      Buffer.from('MZ not really a pdf'),
      { 'content-type': 'application/pdf' },
    );
    assert.equal(res.statusCode, 415);
    assert.equal(res.json<ErrorBody>().error.code, 'CLAIMS_ERR_EVIDENCE_TYPE');
    const png = await call(alice, 'POST', `/claims/claims/${id}/evidence`, PNG, {
      'content-type': 'application/octet-stream',
    });
    assert.equal(png.json<EvidenceView>().contentType, 'image/png');
    const dl = await call(alice, 'GET', `/claims/claims/${id}/evidence/${png.json<EvidenceView>().id}/download`);
    assert.match(dl.json<{ url: string }>().url, /X-Amz-Signature/);
  });

  it('stores a retried upload once, in the database and in S3', async () => {
    const id = await newClaim();
    const headers = { 'content-type': 'application/pdf', 'idempotency-key': 'upload-key-0001' };
    const before = documents.objects.size;
    const a = await call(alice, 'POST', `/claims/claims/${id}/evidence`, PDF, headers);
    const b = await call(alice, 'POST', `/claims/claims/${id}/evidence`, PDF, headers);
    assert.equal(b.statusCode, 201);
    assert.equal(b.json<EvidenceView>().id, a.json<EvidenceView>().id);
    assert.equal(documents.objects.size, before + 1);
    assert.equal(
      (await call(alice, 'GET', `/claims/claims/${id}/evidence`)).json<Page<EvidenceView>>().items.length,
      1,
    );
  });

  it('removes the stored file when the claim closes before the upload is recorded, and records nothing', async () => {
    const id = await newClaim();
    const before = documents.objects.size;
    documents.duringPut = async () => {
      assert.equal(
        (await call(alice, 'POST', `/claims/claims/${id}/withdraw`, { reason: 'Found work' })).statusCode,
        200,
      );
    };
    try {
      const res = await call(alice, 'POST', `/claims/claims/${id}/evidence`, PDF, {
        'content-type': 'application/pdf',
      });
      assert.equal(res.statusCode, 409);
    } finally {
      documents.duringPut = undefined;
    }
    assert.equal(documents.objects.size, before, 'no file is left that no record points at');
    assert.deepEqual((await call(alice, 'GET', `/claims/claims/${id}/evidence`)).json<Page<EvidenceView>>().items, []);
  });

  it('sweeps away old evidence files no record points at, and nothing else', async () => {
    const id = await newClaim();
    const upload = await call(alice, 'POST', `/claims/claims/${id}/evidence`, PDF, {
      'content-type': 'application/pdf',
    });
    assert.equal(upload.statusCode, 201);
    const recordedKey = [...documents.objects.keys()].find((k) => k.endsWith(upload.json<EvidenceView>().id))!;
    const longAgo = new Date(Date.now() - 2 * ORPHAN_GRACE_MS);
    documents.modified.set(recordedKey, longAgo);
    const orphan = `claims/${id}/evidence/left-by-a-crash`;
    const inFlight = `claims/${id}/evidence/still-uploading`;
    await documents.put(orphan, PDF, 'application/pdf', longAgo);
    await documents.put(inFlight, PDF, 'application/pdf', new Date());

    const result = await sweepOrphanEvidence(db.pool, documents);
    assert.equal(result.swept, true);
    assert.deepEqual(result.deleted, [orphan]);
    assert.equal(documents.objects.has(recordedKey), true, 'a recorded file stays, however old');
    assert.equal(documents.objects.has(inFlight), true, 'a young file may be an upload in flight');
    assert.equal(documents.objects.has(orphan), false);

    // Another replica sweeping: this one steps aside.
    const other = await db.pool.connect();
    try {
      await other.query('select pg_advisory_lock($1)', [SWEEP_LOCK]);
      assert.deepEqual(await sweepOrphanEvidence(db.pool, documents, { graceMs: 0 }), {
        swept: false,
        examined: 0,
        deleted: [],
      });
      await other.query('select pg_advisory_unlock($1)', [SWEEP_LOCK]);
    } finally {
      other.release();
    }
    await documents.delete(inFlight);
  });

  it('pages through evidence, notes and history oldest first, each item once, and refuses a made-up cursor', async () => {
    const id = await newClaim();
    for (let i = 0; i < 3; i++)
      assert.equal(
        (
          await call(alice, 'POST', `/claims/claims/${id}/evidence?fileName=page-${i}.pdf`, PDF, {
            'content-type': 'application/pdf',
          })
        ).statusCode,
        201,
      );
    for (const body of ['first', 'second', 'third'])
      assert.equal((await call(carol, 'POST', `/claims/claims/${id}/notes`, { body })).statusCode, 201);
    await call(alice, 'POST', `/claims/claims/${id}/submit`, {});
    await call(carol, 'POST', `/claims/claims/${id}/assessment`, {});
    const all = async (user: UserIdentity, list: string) => {
      const items: Array<Record<string, unknown>> = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const res = await call(user, 'GET', `/claims/claims/${id}/${list}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.statusCode, 200, list);
        const page = res.json<Page<Record<string, unknown>>>();
        items.push(...page.items);
        sizes.push(page.items.length);
        cursor = page.nextCursor;
      } while (cursor);
      return { items, sizes };
    };
    const evidence = await all(alice, 'evidence');
    assert.deepEqual(
      evidence.items.map((e) => e.fileName),
      ['page-0.pdf', 'page-1.pdf', 'page-2.pdf'],
    );
    assert.deepEqual(evidence.sizes, [2, 1]);
    assert.deepEqual(
      (await all(carol, 'notes')).items.map((n) => n.body),
      ['first', 'second', 'third'],
    );
    assert.deepEqual(
      (await all(alice, 'history')).items.map((h) => h.to),
      ['draft', 'submitted', 'under_assessment'],
    );
    for (const list of ['evidence', 'history']) {
      const bad = await call(
        alice,
        'GET',
        `/claims/claims/${id}/${list}?cursor=${Buffer.from('{"id":1}').toString('base64url')}`,
      );
      assert.equal(bad.statusCode, 400, list);
    }
  });

  it('refuses text PostgreSQL cannot keep (a NUL, an unpaired surrogate) with 400 and keeps nothing of it', async () => {
    const id = await newClaim();
    const refused = [
      await call(carol, 'POST', `/claims/claims/${id}/notes`, { body: 'before\u0000after' }),
      await call(carol, 'POST', `/claims/claims/${id}/notes`, { body: 'half \ud83d' }),
      await call(alice, 'PUT', `/claims/claims/${id}/answers`, { household: 'a\u0000b' }),
      await call(alice, 'POST', `/claims/claims/${id}/evidence?fileName=a%00b.pdf`, PDF, {
        'content-type': 'application/pdf',
      }),
    ];
    for (const res of refused) {
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json<ErrorBody>().error.code, 'SVC_ERR_VALIDATION');
    }
    assert.deepEqual((await call(carol, 'GET', `/claims/claims/${id}/notes`)).json<Page<unknown>>().items, []);
    assert.deepEqual((await call(alice, 'GET', `/claims/claims/${id}/evidence`)).json<Page<unknown>>().items, []);
    assert.deepEqual((await call(alice, 'GET', `/claims/claims/${id}`)).json<ClaimView>().answers, {});
  });

  it('refuses evidence over 10 MB with 413 and a foreign media type with 415', async () => {
    const id = await newClaim();
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await call(alice, 'POST', `/claims/claims/${id}/evidence`, big, { 'content-type': 'application/pdf' });
    assert.equal(res.statusCode, 413);
    const gif = await call(alice, 'POST', `/claims/claims/${id}/evidence`, Buffer.from('GIF89a'), {
      'content-type': 'image/gif',
    });
    assert.equal(gif.statusCode, 415);
  });

  it("pages through a caseworker's list of claims by cursor, each claim once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await call(carol, 'GET', `/claims/claims?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json<
        Page<ClaimView>
      >();
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from claims');
    assert.equal(seen.length, rows[0]?.n);
    const bad = await call(carol, 'GET', '/claims/claims?cursor=not-a-cursor');
    assert.equal(bad.statusCode, 400);
  });

  it("filters a caseworker's list by several states, by benefit and by when the claim was sent", async () => {
    const jsa = await newClaim(bob);
    await call(bob, 'POST', '/claims/claims', { benefit: 'new-style-esa' });
    confidence.set(bob.sub, 'P2');
    uprns.set(bob.sub, '100023336957');
    assert.equal((await call(bob, 'POST', `/claims/claims/${jsa}/submit`, {})).statusCode, 200);
    const ids = async (query: string) => {
      const res = await call(carol, 'GET', `/claims/claims?limit=100&${query}`);
      assert.equal(res.statusCode, 200, query);
      return res.json<Page<ClaimView>>().items;
    };
    const several = await ids('state=draft,submitted');
    assert.ok(several.length > 0 && several.every((c) => c.state === 'draft' || c.state === 'submitted'));
    assert.deepEqual(
      await ids('state=draft&state=submitted'),
      several,
      'repeated values mean the same as a comma list',
    );
    const esa = await ids('benefit=new-style-esa');
    assert.ok(esa.length > 0 && esa.every((c) => c.benefit === 'new-style-esa'));
    const soon = new Date(Date.now() + 60_000).toISOString();
    const sentBefore = await ids(`submittedBefore=${encodeURIComponent(soon)}&benefit=universal-credit,new-style-jsa`);
    assert.ok(sentBefore.some((c) => c.id === jsa));
    assert.ok(sentBefore.every((c) => c.submittedAt !== null && c.submittedAt < soon && c.benefit !== 'new-style-esa'));
    assert.equal((await ids('submittedBefore=2000-01-01T00:00:00Z')).length, 0);
    assert.equal((await call(carol, 'GET', '/claims/claims?state=sleeping')).statusCode, 400);
    assert.equal((await call(carol, 'GET', '/claims/claims?submittedBefore=yesterday')).statusCode, 400);
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await assert.rejects(db.pool.query("update claim_audit set reason = 'rewritten'"), /append-only/);
    await assert.rejects(db.pool.query('delete from claim_audit'), /append-only/);
  });

  it('seeds claims in every state once, and not again', async () => {
    const seedDb = await createTestDatabase('claims_seed');
    try {
      await migrate(seedDb.pool, CLAIMS_MIGRATIONS);
      assert.equal(await seedDevClaims(seedDb.pool), 9);
      assert.equal(await seedDevClaims(seedDb.pool), 0);
      const { rows } = await seedDb.pool.query<{ state: string }>('select distinct state from claims order by state');
      assert.deepEqual(
        rows.map((r) => r.state),
        [
          'awarded',
          'draft',
          'evidence_received',
          'evidence_requested',
          'mandatory_reconsideration',
          'refused',
          'submitted',
          'under_assessment',
          'withdrawn',
        ],
      );
    } finally {
      await seedDb.drop();
    }
  });
});
