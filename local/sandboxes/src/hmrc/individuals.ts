/**
 * HMRC test individuals (synthetic: NINOs with the unissued `AA`-`AE` prefixes used for testing)
 * and their PAYE employments and income, in the shapes of the Individuals Employments and
 * Individuals Income APIs. Amounts are pounds, as HMRC sends them. Pay is dated back from the
 * sandbox's today (the last payment in the month before it), so a current job always has recent
 * pay however long ago the sandbox was written; jobs that ended keep their dates.
 */

export interface Employer {
  readonly payeReference: string;
  readonly name: string;
  readonly address: {
    readonly line1: string;
    readonly line2?: string;
    readonly line3?: string;
    readonly postcode: string;
  };
}

export interface Employment {
  readonly startDate: string;
  readonly endDate?: string;
  readonly employer: Employer;
  readonly payFrequency: 'WEEKLY' | 'FORTNIGHTLY' | 'FOUR_WEEKLY' | 'MONTHLY' | 'ONE_OFF';
}

export interface PayePayment {
  readonly taxablePayment: number;
  readonly paymentDate: string;
  readonly employerPayeReference: string;
  readonly monthPayNumber?: number;
  readonly weekPayNumber?: number;
}

export interface TestIndividual {
  readonly nino: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly dateOfBirth: string;
  /** What this individual is for, in tests. */
  readonly scenario: string;
  readonly employments: readonly Employment[];
  readonly income: readonly PayePayment[];
}

const ACME: Employer = {
  payeReference: '123/AI45678',
  name: 'Acme Widgets Ltd',
  address: { line1: 'Unit 4 Riverside Park', line2: 'LEEDS', postcode: 'LS6 1AB' },
};
const NORTH: Employer = {
  payeReference: '456/BN12345',
  name: 'Northern Care Services',
  address: { line1: '12 Market Street', line2: 'SHEFFIELD', postcode: 'S11 2CD' },
};
const CAFE: Employer = {
  payeReference: '789/CF98765',
  name: 'Harbour Cafe',
  address: { line1: '3 Quay Road', line2: 'PLYMOUTH', postcode: 'PL4 3EF' },
};

/** `months` monthly payments on the 28th, the last in the month before `today`. */
function monthlyUntil(today: Date, ref: string, amount: number, months: number): PayePayment[] {
  return Array.from({ length: months }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months + i, 28));
    const taxMonth = ((d.getUTCMonth() + 12 - 3) % 12) + 1; // April is month 1 of the tax year
    return {
      taxablePayment: amount,
      paymentDate: isoDate(d),
      employerPayeReference: ref,
      monthPayNumber: taxMonth,
    };
  });
}

function fourWeekly(ref: string, amount: number, from: Date, periods: number): PayePayment[] {
  return Array.from({ length: periods }, (_, i) => ({
    taxablePayment: amount,
    paymentDate: isoDate(new Date(from.getTime() + i * 28 * 86_400_000)),
    employerPayeReference: ref,
    weekPayNumber: 4 * (i + 1),
  }));
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
/** The first of the month `back` months before `today`'s. */
const monthsBefore = (today: Date, back: number) =>
  new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));

/** The test individuals as HMRC would hold them on `today`. */
export function testIndividuals(today: Date): readonly TestIndividual[] {
  const cafeStart = monthsBefore(today, 14);
  const cafeEnd = monthsBefore(today, 8);
  return [
    {
      nino: 'AA123456A',
      firstName: 'Amanda',
      lastName: 'Rowe',
      dateOfBirth: '1985-03-14',
      scenario:
        'a current monthly-paid job (1,850.50 a month for the last 18 months) and a four-weekly one that ended 8 months ago',
      employments: [
        { startDate: '2019-05-01', employer: ACME, payFrequency: 'MONTHLY' },
        { startDate: isoDate(cafeStart), endDate: isoDate(cafeEnd), employer: CAFE, payFrequency: 'FOUR_WEEKLY' },
      ],
      income: [
        ...monthlyUntil(today, ACME.payeReference, 1850.5, 18),
        ...fourWeekly(CAFE.payeReference, 412.0, new Date(cafeStart.getTime() + 25 * 86_400_000), 6),
      ],
    },
    {
      nino: 'AB123456B',
      firstName: 'Benjamin',
      lastName: 'Okafor',
      dateOfBirth: '1972-11-02',
      scenario: 'one current employment with monthly pay (2,210.75 a month for the last 18 months)',
      employments: [{ startDate: '2016-01-11', employer: NORTH, payFrequency: 'MONTHLY' }],
      income: monthlyUntil(today, NORTH.payeReference, 2210.75, 18),
    },
    {
      nino: 'AC123456C',
      firstName: 'Chloe',
      lastName: 'Hughes',
      dateOfBirth: '1999-07-21',
      scenario: 'an employment that ended, no income since',
      employments: [{ startDate: '2021-06-01', endDate: '2023-12-31', employer: CAFE, payFrequency: 'FOUR_WEEKLY' }],
      income: fourWeekly(CAFE.payeReference, 998.4, new Date('2023-01-20T00:00:00Z'), 12),
    },
    {
      nino: 'AE123456D',
      firstName: 'Dylan',
      lastName: 'Price',
      dateOfBirth: '2001-01-30',
      scenario: 'known to HMRC, no employment and no income',
      employments: [],
      income: [],
    },
  ];
}

/** A NINO in the right format that no test individual has: HMRC answers NOT_FOUND / MATCHING_FAILED. */
export const UNKNOWN_NINO = 'AE999999D';

/** A NINO as a person types it (any case, spaces) in the form HMRC keys it by. */
export const normalisedNino = (nino: string) => nino.toUpperCase().replace(/\s+/g, '');
