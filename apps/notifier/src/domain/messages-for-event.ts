/**
 * What to send for an event: one message per channel the citizen chose and can be reached on,
 * each with a reference naming the event and channel (so Notify's records tie back to it). Pure.
 */
import type { PlatformEvent } from '@dwp/data-kit';
import { z } from 'zod';
import { TEMPLATES_BY_EVENT } from './templates.ts';

export type Channel = 'email' | 'sms';

export interface Recipient {
  readonly givenName: string;
  readonly email?: string | undefined;
  readonly mobile?: string | undefined;
  readonly channels: { readonly email: boolean; readonly sms: boolean };
}

export interface OutgoingMessage {
  readonly channel: Channel;
  readonly templateId: string;
  readonly to: string;
  readonly personalisation: Readonly<Record<string, string>>;
  readonly reference: string;
}

const BENEFIT_NAMES: Readonly<Record<string, string>> = {
  'universal-credit': 'Universal Credit',
  'new-style-jsa': "New style Jobseeker's Allowance",
  'new-style-esa': 'New style Employment and Support Allowance',
};

const pounds = (pence: number) =>
  `${Math.floor(pence / 100).toLocaleString('en-GB')}.${String(pence % 100).padStart(2, '0')} GBP`;

/**
 * What a message reads of a claim event's data. A field of another shape reads as absent, so the
 * message falls back to its general words rather than print what it cannot read.
 */
const claimEventData = z.object({
  benefit: z.string().optional().catch(undefined),
  claimId: z.string().optional().catch(undefined),
  reason: z.string().optional().catch(undefined),
  decision: z
    .object({
      outcome: z.string().optional().catch(undefined),
      monthlyAmountPence: z.number().nullish().catch(undefined),
    })
    .optional()
    .catch(undefined),
});
type ClaimEventData = z.output<typeof claimEventData>;

function decisionText(d: ClaimEventData['decision']): string {
  if (d?.outcome === 'awarded')
    return d.monthlyAmountPence
      ? `Your claim has been accepted. You will get ${pounds(d.monthlyAmountPence)} a month.`
      : 'Your claim has been accepted.';
  return 'Your claim has not been accepted.';
}

export function messagesForEvent(event: PlatformEvent, recipient: Recipient): OutgoingMessage[] {
  const templates = TEMPLATES_BY_EVENT[event.type];
  if (!templates) return [];
  const data = claimEventData.parse(event.data);
  const personalisation: Record<string, string> = {
    name: recipient.givenName,
    benefit: (data.benefit === undefined ? undefined : BENEFIT_NAMES[data.benefit]) ?? data.benefit ?? 'your benefit',
    claim_reference: (data.claimId ?? event.id).slice(0, 36),
    reason: data.reason ?? '',
    decision: decisionText(data.decision),
  };
  const out: OutgoingMessage[] = [];
  if (templates.email && recipient.channels.email && recipient.email) {
    out.push({
      channel: 'email',
      templateId: templates.email,
      to: recipient.email,
      personalisation,
      reference: `${event.id}:email`,
    });
  }
  if (templates.sms && recipient.channels.sms && recipient.mobile) {
    out.push({
      channel: 'sms',
      templateId: templates.sms,
      to: recipient.mobile,
      personalisation,
      reference: `${event.id}:sms`,
    });
  }
  return out;
}
