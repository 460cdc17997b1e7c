/**
 * Royal Mail addresses through the external gateway's `/external/royal-mail` route, which speaks
 * the OS Places API (`/search/places/v1/postcode` and `/uprn`, DPA records); the gateway adds the
 * API key. An empty result is an unknown postcode or UPRN, not an error; an answer of the wrong
 * shape is a 502 ({@link ROYAL_MAIL_BAD_ANSWER}).
 */
import type { CallResult } from '@dwp/service-kit';
import { z } from 'zod';
import { dpaRecord, pafAddressOf, type PafAddress } from '../domain/paf-address.ts';
import { AddressLookupUnavailableError } from '../errors.ts';

export interface AddressSource {
  byPostcode(postcode: string): Promise<PafAddress[]>;
  byUprn(uprn: string): Promise<PafAddress | undefined>;
}

/** One GET through the external gateway; main.ts gives the service client, tests their own. */
export type ExternalGet = (path: string) => Promise<Pick<CallResult, 'status' | 'read' | 'text'>>;

/** The code of the 502 an OS Places answer of the wrong shape becomes. */
export const ROYAL_MAIL_BAD_ANSWER = 'ADDRESS_ERR_ROYAL_MAIL_BAD_ANSWER';

export const ROYAL_MAIL_PREFIX = '/external/royal-mail/search/places/v1';
/** OS Places' largest page. */
export const PAGE_SIZE = 100;

const placesAnswer = z.object({
  header: z.object({ totalresults: z.number().int().nonnegative() }).optional(),
  results: z.array(z.object({ DPA: dpaRecord })).optional(),
});

export class RoyalMailAddresses implements AddressSource {
  readonly #get: ExternalGet;
  constructor(get: ExternalGet) {
    this.#get = get;
  }

  async #search(query: string): Promise<PafAddress[]> {
    const out: PafAddress[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const res = await this.#get(`${ROYAL_MAIL_PREFIX}/${query}&dataset=DPA&maxresults=${PAGE_SIZE}&offset=${offset}`);
      if (res.status === 404) {
        await res.text();
        return out;
      }
      if (res.status !== 200) {
        await res.text();
        throw new AddressLookupUnavailableError();
      }
      const answer = await res.read(placesAnswer, { code: ROYAL_MAIL_BAD_ANSWER });
      const page = answer.results ?? [];
      out.push(...page.map((r) => pafAddressOf(r.DPA)));
      const total = answer.header?.totalresults ?? out.length;
      if (page.length === 0 || out.length >= total) return out;
    }
  }

  byPostcode(postcode: string): Promise<PafAddress[]> {
    return this.#search(`postcode?postcode=${encodeURIComponent(postcode)}`);
  }

  async byUprn(uprn: string): Promise<PafAddress | undefined> {
    return (await this.#search(`uprn?uprn=${encodeURIComponent(uprn)}`))[0];
  }
}
