/**
 * What benefits-api needs from citizen-api: the NINO, and whether the citizen lets us ask HMRC.
 * An answer of the wrong shape is a 502 naming citizen-api.
 */
import { foundOrNone, type ServiceClient, type TraceContext } from '@dwp/service-kit';
import { z } from 'zod';

export interface CitizenFacts {
  readonly nino: string;
  readonly dateOfBirth: string;
  readonly hmrcIncomeConsent: boolean;
}

export interface CitizenProfiles {
  factsOf(sub: string, context?: { trace: TraceContext; id: string }): Promise<CitizenFacts | undefined>;
}

const citizen = z.object({
  nino: z.string(),
  dateOfBirth: z.string(),
  consents: z.object({ hmrcIncome: z.object({ granted: z.boolean() }).optional() }),
});

export class CitizenApiProfiles implements CitizenProfiles {
  readonly #services: ServiceClient;
  constructor(services: ServiceClient) {
    this.#services = services;
  }

  async factsOf(sub: string, context?: { trace: TraceContext; id: string }): Promise<CitizenFacts | undefined> {
    const res = await this.#services.call('citizen-api', {
      path: `/citizen/users/${encodeURIComponent(sub)}`,
      ...(context ? { context } : {}),
    });
    const c = await foundOrNone(res, citizen, 'We could not read your profile just now; try again shortly');
    if (!c) return undefined;
    return {
      nino: c.nino,
      dateOfBirth: c.dateOfBirth,
      hmrcIncomeConsent: c.consents.hmrcIncome?.granted ?? false,
    };
  }
}
