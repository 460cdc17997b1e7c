/** What a claim needs before it can be sent: identity proven to P2 and an address found by UPRN. Pure. */

export const CONFIDENCE_LEVELS = ['P0', 'P1', 'P2'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** GOV.UK One Login's medium confidence: what DWP asks for before paying a benefit. */
export const REQUIRED_CONFIDENCE: Confidence = 'P2';

export type SubmissionCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly missing: 'identity'; readonly confidence: Confidence }
  | { readonly ok: false; readonly missing: 'address' };

export function checkSubmission(input: { confidence: Confidence; uprn: string | undefined }): SubmissionCheck {
  if (CONFIDENCE_LEVELS.indexOf(input.confidence) < CONFIDENCE_LEVELS.indexOf(REQUIRED_CONFIDENCE)) {
    return { ok: false, missing: 'identity', confidence: input.confidence };
  }
  if (!input.uprn) return { ok: false, missing: 'address' };
  return { ok: true };
}
