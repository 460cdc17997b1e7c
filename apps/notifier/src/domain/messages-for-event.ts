/**
 * What to send for an event: one message per channel the citizen chose and can be reached on,
 * each with a reference naming the event and channel (so Notify's records tie back to it). Pure.
 */
import type { PlatformEvent } from '@dwp/data-kit';
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

function decisionText(data: Record<string, unknown>): string {
  const d = data.decision as { outcome?: string; monthlyAmountPence?: number | null } | undefined;
  if (d?.outcome === 'awarded')
    return d.monthlyAmountPence
      ? `Your claim has been accepted. You will get ${pounds(d.monthlyAmountPence)} a month.`
      : 'Your claim has been accepted.';
  return 'Your claim has not been accepted.';
}

export function messagesForEvent(event: PlatformEvent, recipient: Recipient): OutgoingMessage[] {
  const templates = TEMPLATES_BY_EVENT[event.type];
  if (!templates) return [];
  const data = event.data;
  const personalisation: Record<string, string> = {
    name: recipient.givenName,
    benefit: BENEFIT_NAMES[String(data.benefit)] ?? String(data.benefit ?? 'your benefit'),
    claim_reference: String(data.claimId ?? event.id).slice(0, 36),
    reason: String(data.reason ?? ''),
    decision: decisionText(data),
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
