import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newEvent } from '@dwp/data-kit';
import { NOTIFY_TEMPLATES, placeholdersOf } from '@dwp/sandboxes';
import { messagesForEvent, type Recipient } from './messages-for-event.ts';
import { retryDelaySeconds } from './retry-backoff.ts';
import { TEMPLATES_BY_EVENT } from './templates.ts';

const amanda: Recipient = {
  givenName: 'Amanda',
  email: 'amanda@example.com',
  mobile: '07700900001',
  channels: { email: true, sms: true },
};
const awarded = newEvent('claims-api', 'claim.awarded', 'u-1', {
  claimId: 'c-1',
  benefit: 'universal-credit',
  decision: { outcome: 'awarded', monthlyAmountPence: 123456 },
});

describe('what the notifier sends', () => {
  it('sends an email and a text for an award, each referencing the event and channel', () => {
    const out = messagesForEvent(awarded, amanda);
    assert.deepEqual(
      out.map((m) => [m.channel, m.to, m.reference]),
      [
        ['email', 'amanda@example.com', `${awarded.id}:email`],
        ['sms', '07700900001', `${awarded.id}:sms`],
      ],
    );
    assert.equal(out[0]!.personalisation.decision, 'Your claim has been accepted. You will get 1,234.56 GBP a month.');
    assert.equal(out[0]!.personalisation.benefit, 'Universal Credit');
  });

  it('uses only the channels the citizen chose and can be reached on', () => {
    assert.deepEqual(
      messagesForEvent(awarded, { ...amanda, channels: { email: true, sms: false } }).map((m) => m.channel),
      ['email'],
    );
    assert.deepEqual(
      messagesForEvent(awarded, { ...amanda, email: undefined, channels: { email: true, sms: false } }),
      [],
    );
  });

  it('sends nothing for an event without templates', () => {
    assert.deepEqual(messagesForEvent(newEvent('benefits-api', 'estimate.created', 'u-1', {}), amanda), []);
  });

  it('names only templates the Notify service holds, and fills every placeholder they use', () => {
    for (const [type, t] of Object.entries(TEMPLATES_BY_EVENT)) {
      for (const id of [t.email, t.sms].filter(Boolean)) {
        const template = NOTIFY_TEMPLATES.find((x) => x.id === id);
        assert.ok(template, `${type}: template ${id} is not in Notify`);
        const message = messagesForEvent(
          newEvent('claims-api', type, 'u', { claimId: 'c', benefit: 'universal-credit' }),
          amanda,
        )[0]!;
        for (const p of placeholdersOf(`${template.subject ?? ''} ${template.body}`))
          assert.ok(p in message.personalisation, `${type}: ${p}`);
      }
    }
  });

  it('waits twice as long after each failed attempt, up to five minutes', () => {
    assert.deepEqual([1, 2, 3, 4, 10].map(retryDelaySeconds), [2, 4, 8, 16, 300]);
  });
});
