/**
 * The whole journey through the public entry, against the processes `npm start` runs: a citizen
 * registers, proves their identity with GOV.UK One Login (sandbox) to P2, finds their address by
 * postcode, checks what they could get with their income from HMRC (sandbox), starts a claim,
 * uploads evidence and sends it; a caseworker asks for more evidence, the citizen sends it, the
 * caseworker awards; the citizen sees the award in plain words and an email went out through
 * GOV.UK Notify (sandbox).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { STAND_INS, type LocalPlatform, type PlannedStandIn, type StandIn } from '@dwp/dev-runtime';
import { NotifyClient } from 'notifications-node-client';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(4096, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF'),
  Buffer.alloc(2048, 1),
]);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the citizen journey through :8080', () => {
  let started: TestPlatform;
  let dataDir: string;
  let platform: LocalPlatform;
  let notify: PlannedStandIn | undefined;
  const standIns: StandIn[] = STAND_INS.map((s) =>
    s.name === 'notify-sandbox' ? { name: s.name, plan: async (ctx) => (notify = await s.plan(ctx)) } : s,
  );

  before(async () => {
    started = await startTestPlatform('journey', { standIns });
    ({ platform, dataDir } = started);
  });
  after(async () => {
    await ifAssigned(started)?.stop();
  });

  it('takes a citizen from registration to an award they can see, and tells them by email', async () => {
    const api = (path: string) => `${platform.entryUrl}/api${path}`;
    const bearer = async (username: string) =>
      `Bearer ${(await signIn(platform.entryUrl, await seededUser(dataDir, username))).accessToken}`;
    const citizen = await bearer('test-citizen');
    const caseworker = await bearer('test-caseworker');
    const send = async (
      token: string,
      method: string,
      path: string,
      body?: object | Buffer,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(api(path), {
        method,
        headers: {
          authorization: token,
          ...(body && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? (JSON.parse(text) as Record<string, unknown> & { error?: { code: string } }) : {},
      };
    };
    const ok = async (
      token: string,
      method: string,
      path: string,
      body?: object | Buffer,
      headers: Record<string, string> = {},
    ) => {
      const res = await send(token, method, path, body, headers);
      assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown>;
    };

    // Find the address by postcode.
    const found = await ok(citizen, 'GET', '/address/postcodes/ls6%201jq');
    const home = (found.addresses as Array<{ uprn: string; lines: string[] }>).find(
      (a) => a.lines[0] === '28 HIGH STREET',
    )!;
    assert.ok(home, 'the address is listed with its UPRN');

    // Register, with consent to ask HMRC.
    const registered = await ok(
      citizen,
      'POST',
      '/citizen/citizens',
      {
        name: { given: 'Amanda', family: 'Rowe' },
        dateOfBirth: '1985-03-14',
        nino: 'AA 12 34 56 A',
        contact: { email: 'amanda.rowe@example.com' },
        address: { uprn: home.uprn },
        consents: { hmrcIncome: true },
      },
      { 'idempotency-key': 'journey-register-1' },
    );
    assert.deepEqual((registered.address as { lines: string[] }).lines, ['28 HIGH STREET']);

    // Prove identity with One Login (sandbox, headless) to P2.
    const started = await ok(citizen, 'POST', '/identity/verify', { loginHint: 'citizen-p2' });
    const authorize = await fetch(started.authorizeUrl as string, { redirect: 'manual' });
    assert.equal(authorize.status, 302);
    const back = new URL(authorize.headers.get('location')!);
    const callback = await fetch(`${platform.entryUrl}${back.pathname}${back.search}`);
    assert.equal(callback.status, 200);
    assert.equal(((await callback.json()) as { confidence: string }).confidence, 'P2');

    // What could I get? Income from HMRC (Amanda Rowe earns 1,850.50 GBP a month).
    const estimate = await ok(
      citizen,
      'POST',
      '/benefits/estimates',
      {
        benefit: 'universal-credit',
        household: {
          claimantAge: 41,
          children: [{ bornBefore6April2017: false }, { bornBefore6April2017: false }],
          lcwra: true,
          housingCosts: true,
        },
        earnings: { source: 'hmrc' },
      },
      { 'idempotency-key': 'journey-estimate-1' },
    );
    assert.deepEqual(estimate.income, {
      source: 'hmrc',
      monthlyPence: 185050,
      months: (estimate.income as { months: string[] }).months,
    });
    // 400.14 + 2 x 292.81 + 423.27 - 55 % x (1,850.50 - 411) = 617.30 GBP
    assert.equal(estimate.monthlyAwardPence, 61730);

    // Claim, with evidence, and send it.
    const claim = await ok(
      citizen,
      'POST',
      '/claims/claims',
      { benefit: 'universal-credit', answers: { estimateId: estimate.id } },
      { 'idempotency-key': 'journey-claim-1' },
    );
    const claimId = claim.id as string;
    const first = await ok(citizen, 'POST', `/claims/claims/${claimId}/evidence?fileName=tenancy.pdf`, PDF, {
      'content-type': 'application/pdf',
      'idempotency-key': 'journey-evidence-1',
    });
    assert.equal(first.contentType, 'application/pdf');
    assert.equal((await ok(citizen, 'POST', `/claims/claims/${claimId}/submit`, {})).state, 'submitted');

    // The caseworker asks for more; the citizen sends it.
    assert.equal(
      (await ok(caseworker, 'POST', `/claims/claims/${claimId}/evidence-request`, { reason: 'Send a recent payslip' }))
        .state,
      'evidence_requested',
    );
    const second = await ok(citizen, 'POST', `/claims/claims/${claimId}/evidence?fileName=payslip.jpg`, JPEG, {
      'content-type': 'image/jpeg',
      'idempotency-key': 'journey-evidence-2',
    });
    assert.equal(second.contentType, 'image/jpeg');
    const download = await ok(caseworker, 'GET', `/claims/claims/${claimId}/evidence/${second.id as string}/download`);
    const file = await fetch(download.url as string);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), JPEG, 'the pre-signed URL serves the uploaded bytes');

    // The caseworker assesses and awards.
    assert.equal((await ok(caseworker, 'POST', `/claims/claims/${claimId}/assessment`, {})).state, 'under_assessment');
    assert.equal(
      (
        await send(citizen, 'POST', `/claims/claims/${claimId}/decision`, {
          outcome: 'awarded',
          reasons: ['x'],
          monthlyAmountPence: 1,
        })
      ).status,
      403,
      'a citizen cannot decide',
    );
    const awarded = await ok(caseworker, 'POST', `/claims/claims/${claimId}/decision`, {
      outcome: 'awarded',
      reasons: ['You meet the conditions for Universal Credit'],
      monthlyAmountPence: 61730,
    });
    assert.equal(awarded.state, 'awarded');

    // The citizen sees the award and its history in plain words.
    const seen = await ok(citizen, 'GET', `/claims/claims/${claimId}`);
    assert.equal(seen.state, 'awarded');
    assert.equal(seen.status, 'Your claim has been accepted.');
    assert.deepEqual(seen.decision, {
      outcome: 'awarded',
      reasons: ['You meet the conditions for Universal Credit'],
      monthlyAmountPence: 61730,
    });
    const history = (await ok(citizen, 'GET', `/claims/claims/${claimId}/history`)).items as Array<{
      step: string;
      to: string;
    }>;
    assert.deepEqual(
      history.map((h) => h.to),
      ['draft', 'submitted', 'evidence_requested', 'evidence_received', 'under_assessment', 'awarded'],
    );
    assert.equal(history.at(-1)!.step, 'We accepted your claim');

    // And an email about the award was delivered through Notify.
    const notifyEnv = notify!.envFor!('notifier');
    const client = new NotifyClient(notifyEnv.NOTIFY_BASE_URL!, notifyEnv.NOTIFY_API_KEY);
    const email = await waitFor('the award email', async () => {
      const list = await client.getNotifications('email');
      return list.data.notifications.find(
        (n) => n.subject === 'We have decided your Universal Credit claim' && n.body.includes(claimId),
      );
    });
    assert.equal(email.email_address, 'amanda.rowe@example.com');
    assert.match(email.body, /You will get 617.30 GBP a month/);
  });
});
