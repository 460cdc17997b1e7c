/**
 * The one place claims-api asks how well a user's identity is proven. identity-api answers
 * `GET /identity/users/{sub}/verification` with `{ sub, confidence: 'P0' | 'P1' | 'P2', verifiedAt }`;
 * a user identity-api does not know (404) has proven nothing yet (P0). An answer of the wrong shape
 * is a 502 naming identity-api.
 */
import { foundOrNone, type ServiceClient, type TraceContext } from '@dwp/service-kit';
import { z } from 'zod';
import { CONFIDENCE_LEVELS, type Confidence } from '../domain/submission-rules.ts';

export interface IdentityVerification {
  confidenceOf(sub: string, context?: { trace: TraceContext; id: string }): Promise<Confidence>;
}

const answer = z.object({ sub: z.string(), confidence: z.enum(CONFIDENCE_LEVELS), verifiedAt: z.string().nullish() });

export class IdentityApiVerification implements IdentityVerification {
  readonly #services: ServiceClient;
  constructor(services: ServiceClient) {
    this.#services = services;
  }

  async confidenceOf(sub: string, context?: { trace: TraceContext; id: string }): Promise<Confidence> {
    const res = await this.#services.call('identity-api', {
      path: `/identity/users/${encodeURIComponent(sub)}/verification`,
      ...(context ? { context } : {}),
    });
    const found = await foundOrNone(res, answer, 'We could not check your identity just now; try again shortly');
    return found?.confidence ?? 'P0';
  }
}
