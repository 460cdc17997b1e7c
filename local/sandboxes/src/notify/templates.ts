/**
 * The DWP service's templates as the Notify sandbox holds them (on GOV.UK Notify they are made in
 * the admin tool). Bodies use Notify's `((placeholder))` syntax. Ids are fixed so the notifier and
 * the sandbox agree.
 */

export interface NotifyTemplate {
  readonly id: string;
  readonly name: string;
  readonly type: 'email' | 'sms';
  readonly subject?: string;
  readonly body: string;
  readonly version: number;
}

const email = (id: string, name: string, subject: string, body: string): NotifyTemplate => ({
  id,
  name,
  type: 'email',
  subject,
  body,
  version: 1,
});
const sms = (id: string, name: string, body: string): NotifyTemplate => ({ id, name, type: 'sms', body, version: 1 });

export const NOTIFY_TEMPLATES: readonly NotifyTemplate[] = [
  email(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a01',
    'Claim received',
    'We have your ((benefit)) claim',
    'Dear ((name)),\n\nWe have your claim for ((benefit)). A caseworker will look at it soon.\n\nClaim reference: ((claim_reference))',
  ),
  sms(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a02',
    'Claim received (SMS)',
    'DWP: we have your ((benefit)) claim, reference ((claim_reference)).',
  ),
  email(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a03',
    'Evidence requested',
    'We need more information for your ((benefit)) claim',
    'Dear ((name)),\n\nWe need more information to decide your claim: ((reason))\n\nSign in to upload your documents.\n\nClaim reference: ((claim_reference))',
  ),
  sms(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a04',
    'Evidence requested (SMS)',
    'DWP: we need more information for your ((benefit)) claim. Sign in to see what to send.',
  ),
  email(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a05',
    'Claim decided',
    'We have decided your ((benefit)) claim',
    'Dear ((name)),\n\n((decision))\n\nSign in to see the reasons. If you disagree, you can ask us to look at the decision again within one month.\n\nClaim reference: ((claim_reference))',
  ),
  sms(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a06',
    'Claim decided (SMS)',
    'DWP: we have decided your ((benefit)) claim. Sign in to see the decision.',
  ),
  email(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a07',
    'Claim withdrawn',
    'You cancelled your ((benefit)) claim',
    'Dear ((name)),\n\nYou cancelled your claim for ((benefit)). You can start a new claim at any time.\n\nClaim reference: ((claim_reference))',
  ),
  email(
    '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a08',
    'Reconsideration requested',
    'We will look at our decision again',
    'Dear ((name)),\n\nYou asked us to look at our decision on your ((benefit)) claim again. A different caseworker will review it.\n\nClaim reference: ((claim_reference))',
  ),
];

export function templateById(id: string): NotifyTemplate | undefined {
  return NOTIFY_TEMPLATES.find((t) => t.id === id);
}

/** The placeholders a body needs, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\(\(([^()]+)\)\)/g)].map((m) => m[1]!.trim()))];
}

/** A personalisation value as it goes into the text: as written, a list's items joined by commas, nothing for null. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asText).join(',');
  return JSON.stringify(value);
}

export function render(text: string, personalisation: Readonly<Record<string, unknown>>): string {
  return text.replace(/\(\(([^()]+)\)\)/g, (_m, name: string) => asText(personalisation[name.trim()]));
}
