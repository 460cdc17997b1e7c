import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { NotifyClient } from 'notifications-node-client';
import { createNotifySandbox, type NotifySandbox, type SentNotification } from './app.ts';

const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const KEY = `dwp_local-${SERVICE}-${SECRET}`;
const RECEIVED = '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a01';

describe('the Notify sandbox, through the official client', () => {
  // Undefined until `before` has built it (and still so in `after` when building it failed).
  let sandbox: NotifySandbox | undefined;
  let url: string;
  const outbox: SentNotification[] = [];
  before(async () => {
    const started = createNotifySandbox({ apiKey: KEY, logLevel: 'silent', onSent: (n) => outbox.push(n) });
    sandbox = started;
    await started.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(started.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sandbox?.app.close();
  });

  it('sends an email from a template with its personalisation and lists it by reference', async () => {
    const client = new NotifyClient(url, KEY);
    const res = await client.sendEmail(RECEIVED, 'amanda@example.com', {
      personalisation: { name: 'Amanda', benefit: 'Universal Credit', claim_reference: 'C-1' },
      reference: 'event-1:email',
    });
    assert.equal(res.status, 201);
    assert.equal(res.data.content.subject, 'We have your Universal Credit claim');
    const list = await client.getNotifications('email', undefined, 'event-1:email');
    assert.equal(list.data.notifications.length, 1);
    assert.match(list.data.notifications[0]!.body, /Dear Amanda/);
    assert.deepEqual(
      outbox.map((n) => [n.email_address, n.subject, n.reference]),
      [['amanda@example.com', 'We have your Universal Credit claim', 'event-1:email']],
    );
  });

  it("refuses a missing placeholder with Notify's 400 BadRequestError", async () => {
    const client = new NotifyClient(url, KEY);
    await assert.rejects(
      client.sendEmail(RECEIVED, 'amanda@example.com', { personalisation: { name: 'Amanda' } }),
      (err: { response: { status: number; data: { errors: Array<{ error: string; message: string }> } } }) => {
        assert.equal(err.response.status, 400);
        assert.equal(err.response.data.errors[0]!.error, 'BadRequestError');
        assert.match(err.response.data.errors[0]!.message, /Missing personalisation: benefit, claim_reference/);
        return true;
      },
    );
  });

  it('refuses a token signed with another key with 403', async () => {
    const wrong = new NotifyClient(url, `dwp_local-${SERVICE}-00000000-0000-4000-8000-000000000000`);
    await assert.rejects(
      wrong.sendSms('5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a02', '07700900001', {}),
      (err: { response: { status: number } }) => err.response.status === 403,
    );
    assert.equal(sandbox?.sent.length, 1);
    assert.equal(outbox.length, 1, 'a refused notification is not in the outbox');
  });
});
