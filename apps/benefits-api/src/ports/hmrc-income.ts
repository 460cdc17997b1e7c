/**
 * PAYE income from HMRC's Individuals Income API, through the external gateway's `/external/hmrc`
 * route (the gateway holds the OAuth client credentials). Asked only with the citizen's consent.
 * An answer of the wrong shape is a 502 ({@link HMRC_BAD_ANSWER}).
 */
import { UnavailableError, type CallResult } from '@dwp/service-kit';
import { z } from 'zod';
import type { PayePayment } from '../domain/hmrc-income.ts';

export interface IncomeSource {
  /** PAYE payments HMRC holds from `fromDate`; an empty list when HMRC does not know the person. */
  payeIncome(nino: string, fromDate: string, toDate: string): Promise<PayePayment[]>;
}

export type ExternalGet = (
  path: string,
  headers: Record<string, string>,
) => Promise<Pick<CallResult, 'status' | 'read' | 'text'>>;

/** The code of the 502 an HMRC answer of the wrong shape becomes. */
export const HMRC_BAD_ANSWER = 'BENEFITS_ERR_HMRC_BAD_ANSWER';

/** HMRC APIs are versioned by media type. */
export const HMRC_INCOME_ACCEPT = 'application/vnd.hmrc.2.0+json';

const answer = z.object({
  paye: z.object({ income: z.array(z.object({ paymentDate: z.string(), taxablePayment: z.number() })) }),
});

export class HmrcIncome implements IncomeSource {
  readonly #get: ExternalGet;
  constructor(get: ExternalGet) {
    this.#get = get;
  }

  async payeIncome(nino: string, fromDate: string, toDate: string): Promise<PayePayment[]> {
    const q = new URLSearchParams({ nino, fromDate, toDate });
    const res = await this.#get(`/external/hmrc/individuals/income/paye?${q}`, { accept: HMRC_INCOME_ACCEPT });
    if (res.status === 404) {
      await res.text();
      return [];
    }
    if (res.status !== 200) {
      await res.text();
      throw new UnavailableError(
        'We could not get your income from HMRC just now; try again shortly, or enter your earnings yourself',
      );
    }
    return (await res.read(answer, { code: HMRC_BAD_ANSWER })).paye.income;
  }
}
