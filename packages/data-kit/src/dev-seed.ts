/**
 * Dev seed data: the few citizens every service's seed refers to, so `npm start` is alive on its
 * first run. Seeded only under the local runtime (service discovery through its registry) unless
 * `SEED_DEV_DATA` says otherwise, and only into empty tables, so it loads once and never on AWS.
 */

export const SEED_ENV = 'SEED_DEV_DATA';

export function shouldSeedDevData(env: NodeJS.ProcessEnv): boolean {
  const explicit = env[SEED_ENV];
  if (explicit === 'true') return true;
  if (explicit === 'false') return false;
  return env.DISCOVERY_MODE === 'registry';
}

export interface SeedCitizen {
  /** The user pool `sub` of the citizen's account. */
  readonly sub: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly nino: string;
  readonly email: string;
  readonly mobile: string;
  readonly uprn: string;
  readonly addressLines: readonly string[];
  readonly postTown: string;
  readonly postcode: string;
}

/**
 * Fictional people: the HMRC sandbox's test individuals (so an income check finds them) at
 * addresses of the address sandbox (so their UPRNs validate). PAF lines as address-api gives them.
 */
export const SEED_CITIZENS: readonly SeedCitizen[] = [
  {
    sub: '0191a000-0000-7000-8000-000000000001',
    givenName: 'Amanda',
    familyName: 'Rowe',
    dateOfBirth: '1985-03-14',
    nino: 'AA123456A',
    email: 'amanda.rowe@example.com',
    mobile: '07700900001',
    uprn: '100023015838',
    addressLines: ['28 HIGH STREET'],
    postTown: 'LEEDS',
    postcode: 'LS6 1JQ',
  },
  {
    sub: '0191a000-0000-7000-8000-000000000002',
    givenName: 'Benjamin',
    familyName: 'Okafor',
    dateOfBirth: '1972-11-02',
    nino: 'AB123456B',
    email: 'benjamin.okafor@example.com',
    mobile: '07700900002',
    uprn: '100023799819',
    addressLines: ['32 HILLSIDE CRESCENT'],
    postTown: 'BRISTOL',
    postcode: 'BS7 1UE',
  },
  {
    sub: '0191a000-0000-7000-8000-000000000003',
    givenName: 'Chloe',
    familyName: 'Hughes',
    dateOfBirth: '1999-07-21',
    nino: 'AC123456C',
    email: 'chloe.hughes@example.com',
    mobile: '07700900003',
    uprn: '100024591719',
    addressLines: ['HOLLY HOUSE', 'SCHOOL LANE'],
    postTown: 'SWANSEA',
    postcode: 'SA1 2BN',
  },
];
