/** The benefits DWP offers here, described as GOV.UK describes them. Pure data. */

export const BENEFIT_IDS = ['universal-credit', 'new-style-jsa', 'new-style-esa'] as const;
export type BenefitId = (typeof BENEFIT_IDS)[number];

export interface CatalogueEntry {
  readonly id: BenefitId;
  readonly name: string;
  readonly summary: string;
  readonly paid: 'monthly' | 'fortnightly';
  readonly meansTested: boolean;
  readonly eligibility: readonly string[];
  readonly guidance: string;
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'universal-credit',
    name: 'Universal Credit',
    summary: 'A monthly payment to help with your living costs if you are on a low income, out of work or cannot work.',
    paid: 'monthly',
    meansTested: true,
    eligibility: [
      'You are 18 or over (some 16 and 17 year olds can claim)',
      'You are under State Pension age',
      'You and your partner have 16,000 GBP or less in savings',
      'You live in the UK',
    ],
    guidance: 'https://www.gov.uk/universal-credit/eligibility',
  },
  {
    id: 'new-style-jsa',
    name: "New style Jobseeker's Allowance",
    summary: 'A fortnightly payment while you look for work, if you have paid enough National Insurance contributions.',
    paid: 'fortnightly',
    meansTested: false,
    eligibility: [
      'You have paid Class 1 National Insurance in the last 2 to 3 tax years',
      'You are 18 or over and under State Pension age',
      'You work fewer than 16 hours a week',
      'You are not in full-time education',
    ],
    guidance: 'https://www.gov.uk/jobseekers-allowance/eligibility',
  },
  {
    id: 'new-style-esa',
    name: 'New style Employment and Support Allowance',
    summary: 'A fortnightly payment if you have a disability or health condition that affects how much you can work.',
    paid: 'fortnightly',
    meansTested: false,
    eligibility: [
      'You have a disability or health condition that affects how much you can work',
      'You have paid enough National Insurance in the last 2 to 3 tax years',
      'You are under State Pension age',
      'You are not getting Statutory Sick Pay',
    ],
    guidance: 'https://www.gov.uk/guidance/new-style-employment-and-support-allowance',
  },
];
