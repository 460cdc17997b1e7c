/**
 * Which GOV.UK Notify template each event sends, by channel. The ids are the DWP service's
 * templates in Notify (the local Notify sandbox holds the same ones). Events with no entry notify nobody.
 */

export interface EventTemplates {
  readonly email?: string;
  readonly sms?: string;
}

export const TEMPLATES_BY_EVENT: Readonly<Record<string, EventTemplates>> = {
  'claim.submitted': { email: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a01', sms: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a02' },
  'claim.evidence_requested': {
    email: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a03',
    sms: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a04',
  },
  'claim.awarded': { email: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a05', sms: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a06' },
  'claim.refused': { email: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a05', sms: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a06' },
  'claim.withdrawn': { email: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a07' },
  'claim.mandatory_reconsideration': { email: '5f1e9a52-0c1e-4c59-9a35-3b1f1c6d0a08' },
};
