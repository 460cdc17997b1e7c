import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { createHmrcSandbox, matchIdOf } from './app.ts';
import { UNKNOWN_NINO } from './individuals.ts';

const creds = { clientId: 'dwp-client', clientSecret: 's3cret' };
const ACCEPT = 'application/vnd.hmrc.2.0+json';
const clock = new FakeClock(1_700_000_000_000);
const { app } = createHmrcSandbox({ ...creds, tokenTtlSeconds: 60, logLevel: 'silent', clock });
const form = (o: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/oauth/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(o).toString(),
});

async function token(): Promise<string> {
  const res = await app.inject(
    form({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret }),
  );
  assert.equal(res.statusCode, 200);
  return res.json<{ access_token: string }>().access_token;
}

describe('hmrc sandbox', () => {
  it('issues a bearer token for the registered client and refuses a wrong secret', async () => {
    const ok = await app.inject(
      form({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret }),
    );
    const granted = ok.json<{ token_type: string; expires_in: number }>();
    assert.equal(granted.token_type, 'bearer');
    assert.equal(granted.expires_in, 60);
    const bad = await app.inject(
      form({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: 'x' }),
    );
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json<{ error: string }>().error, 'invalid_client');
  });

  it('serves employments and income for a test individual by NINO', async () => {
    const t = await token();
    const headers = { authorization: `Bearer ${t}`, accept: ACCEPT };
    const emp = await app.inject({ url: '/individuals/employments/paye?nino=AB123456B&fromDate=2024-04-01', headers });
    assert.equal(emp.statusCode, 200);
    assert.equal(
      emp.json<{ employments: Array<{ employer: { name: string } }> }>().employments[0]?.employer.name,
      'Northern Care Services',
    );
    const income = await app.inject({
      url: `/individuals/income/paye?matchId=${matchIdOf('AB123456B')}&fromDate=2023-06-01&toDate=2023-08-31`,
      headers,
    });
    assert.equal(income.json<{ paye: { income: unknown[] } }>().paye.income.length, 3);
  });

  it("dates a current job's pay back from the sandbox's today, so it is always recent", async () => {
    const later = createHmrcSandbox({
      ...creds,
      logLevel: 'silent',
      clock: new FakeClock(Date.parse('2026-12-01T09:00:00Z')),
    });
    const grant = await later.app.inject(
      form({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret }),
    );
    const headers = { authorization: `Bearer ${grant.json<{ access_token: string }>().access_token}`, accept: ACCEPT };
    const res = await later.app.inject({
      url: '/individuals/income/paye?nino=AA123456A&fromDate=2026-06-01',
      headers,
    });
    const dates = res
      .json<{ paye: { income: Array<{ paymentDate: string; taxablePayment: number }> } }>()
      .paye.income.map((p) => `${p.paymentDate} ${p.taxablePayment}`);
    assert.deepEqual(dates.sort().slice(-3), ['2026-09-28 1850.5', '2026-10-28 1850.5', '2026-11-28 1850.5']);
    await later.app.close();
  });

  it('answers an individual without income with an empty list, and an unknown one with NOT_FOUND', async () => {
    const headers = { authorization: `Bearer ${await token()}`, accept: ACCEPT };
    const none = await app.inject({ url: '/individuals/income/paye?nino=AE123456D&fromDate=2024-04-01', headers });
    assert.deepEqual(none.json<{ paye: { income: unknown[] } }>().paye.income, []);
    const unknown = await app.inject({
      url: `/individuals/income/paye?nino=${UNKNOWN_NINO}&fromDate=2024-04-01`,
      headers,
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<{ code: string }>().code, 'NOT_FOUND');
  });

  it('refuses an API call without a token, with an expired token, or without the HMRC accept header', async () => {
    const url = '/individuals/employments/paye?nino=AB123456B&fromDate=2024-04-01';
    assert.equal(
      (await app.inject({ url, headers: { accept: ACCEPT } })).json<{ code: string }>().code,
      'MISSING_CREDENTIALS',
    );
    const t = await token();
    assert.equal((await app.inject({ url, headers: { authorization: `Bearer ${t}` } })).statusCode, 406);
    clock.tick(61_000);
    assert.equal(
      (await app.inject({ url, headers: { authorization: `Bearer ${t}`, accept: ACCEPT } })).statusCode,
      401,
    );
  });

  it('answers a malformed NINO with 400', async () => {
    const res = await app.inject({
      url: '/individuals/income/paye?nino=123&fromDate=2024-04-01',
      headers: { authorization: `Bearer ${await token()}`, accept: ACCEPT },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ code: string }>().code, 'INVALID_REQUEST');
  });
});
