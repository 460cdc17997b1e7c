/**
 * The one place claims-api asks where a claimant lives: citizen-api's record for the user, whose
 * address is set only from a UPRN that address-api validated. An answer of the wrong shape is a 502
 * naming citizen-api.
 */
import { foundOrNone, type ServiceClient, type TraceContext } from '@dwp/service-kit';
import { z } from 'zod';

export interface ClaimantAddress {
  /** The UPRN of the claimant's validated address, or undefined when they have none (or no profile). */
  uprnOf(sub: string, context?: { trace: TraceContext; id: string }): Promise<string | undefined>;
}

const citizen = z.object({ address: z.object({ uprn: z.string() }).nullish() });

export class CitizenApiAddress implements ClaimantAddress {
  readonly #services: ServiceClient;
  constructor(services: ServiceClient) {
    this.#services = services;
  }

  async uprnOf(sub: string, context?: { trace: TraceContext; id: string }): Promise<string | undefined> {
    const res = await this.#services.call('citizen-api', {
      path: `/citizen/users/${encodeURIComponent(sub)}`,
      ...(context ? { context } : {}),
    });
    const c = await foundOrNone(res, citizen, 'We could not check your address just now; try again shortly');
    return c?.address?.uprn ?? undefined;
  }
}
