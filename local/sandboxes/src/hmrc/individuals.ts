/**
 * HMRC test individuals (synthetic: NINOs with the unissued `AA`-`AE` prefixes used for testing)
 * and their PAYE employments and income, in the shapes of the Individuals Employments and
 * Individuals Income APIs. Amounts are pounds, as HMRC sends them.
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

function monthly(ref: string, amount: number, from: string, months: number): PayePayment[] {
  const start = new Date(`${from}T00:00:00Z`);
  return Array.from({ length: months }, (_, i) => {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 28));
    const taxMonth = ((d.getUTCMonth() + 12 - 3) % 12) + 1; // April is month 1 of the tax year
    return {
      taxablePayment: amount,
      paymentDate: d.toISOString().slice(0, 10),
      employerPayeReference: ref,
      monthPayNumber: taxMonth,
    };
  });
}

function fourWeekly(ref: string, amount: number, from: string, periods: number): PayePayment[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: periods }, (_, i) => ({
    taxablePayment: amount,
    paymentDate: new Date(start + i * 28 * 86_400_000).toISOString().slice(0, 10),
    employerPayeReference: ref,
    weekPayNumber: 4 * (i + 1),
  }));
}

export const TEST_INDIVIDUALS: readonly TestIndividual[] = [
  {
    nino: 'AA123456A',
    firstName: 'Amanda',
    lastName: 'Rowe',
    dateOfBirth: '1985-03-14',
    scenario: 'two employments in the last year, monthly and four-weekly pay',
    employments: [
      { startDate: '2019-05-01', employer: ACME, payFrequency: 'MONTHLY' },
      { startDate: '2024-09-02', endDate: '2025-02-28', employer: CAFE, payFrequency: 'FOUR_WEEKLY' },
    ],
    income: [
      ...monthly(ACME.payeReference, 1850.5, '2024-04-01', 18),
      ...fourWeekly(CAFE.payeReference, 412.0, '2024-09-27', 6),
    ],
  },
  {
    nino: 'AB123456B',
    firstName: 'Benjamin',
    lastName: 'Okafor',
    dateOfBirth: '1972-11-02',
    scenario: 'one current employment with monthly pay',
    employments: [{ startDate: '2016-01-11', employer: NORTH, payFrequency: 'MONTHLY' }],
    income: monthly(NORTH.payeReference, 2210.75, '2024-04-01', 18),
  },
  {
    nino: 'AC123456C',
    firstName: 'Chloe',
    lastName: 'Hughes',
    dateOfBirth: '1999-07-21',
    scenario: 'an employment that ended, no income since',
    employments: [{ startDate: '2021-06-01', endDate: '2023-12-31', employer: CAFE, payFrequency: 'FOUR_WEEKLY' }],
    income: fourWeekly(CAFE.payeReference, 998.4, '2023-01-20', 12),
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

/** A NINO in the right format that no test individual has: HMRC answers NOT_FOUND / MATCHING_FAILED. */
export const UNKNOWN_NINO = 'AE999999D';

const byNino = new Map(TEST_INDIVIDUALS.map((i) => [i.nino, i]));

export function individualByNino(nino: string): TestIndividual | undefined {
  return byNino.get(nino.toUpperCase().replace(/\s+/g, ''));
}
