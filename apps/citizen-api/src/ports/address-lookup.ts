/**
 * The one place citizen-api asks whether a UPRN is a real address: address-api's
 * `GET /address/addresses/{uprn}`. An answer of the wrong shape is a 502 naming address-api.
 */
import { UnavailableError, type ServiceClient, type TraceContext } from '@dwp/service-kit';
import { z } from 'zod';

export interface FoundAddress {
  readonly uprn: string;
  readonly lines: readonly string[];
  readonly postTown: string;
  readonly postcode: string;
}

export interface AddressLookup {
  /** The address, or undefined when address-api knows no such UPRN. */
  byUprn(uprn: string, context?: { trace: TraceContext; id: string }): Promise<FoundAddress | undefined>;
}

const answer = z.object({ uprn: z.string(), lines: z.array(z.string()), postTown: z.string(), postcode: z.string() });

export class AddressApiLookup implements AddressLookup {
  readonly #services: ServiceClient;
  constructor(services: ServiceClient) {
    this.#services = services;
  }

  async byUprn(uprn: string, context?: { trace: TraceContext; id: string }): Promise<FoundAddress | undefined> {
    const res = await this.#services.call('address-api', {
      path: `/address/addresses/${encodeURIComponent(uprn)}`,
      ...(context ? { context } : {}),
    });
    if (res.status === 404 || res.status === 400) {
      await res.text();
      return undefined;
    }
    if (res.status !== 200) {
      await res.text();
      throw new UnavailableError('We could not check the address just now; try again shortly');
    }
    return res.read(answer);
  }
}
