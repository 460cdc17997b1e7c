/**
 * Test patients for the PDS FHIR sandbox, in the FHIR R4 `Patient` shape PDS returns. 9000000009
 * is the test patient of NHS England's own public PDS sandbox; the rest are synthetic.
 */

export interface TestPatient {
  readonly nhsNumber: string;
  readonly given: readonly string[];
  readonly family: string;
  readonly prefix: string;
  readonly gender: 'male' | 'female' | 'other' | 'unknown';
  readonly birthDate: string;
  readonly deceasedDateTime?: string;
  readonly address: { readonly lines: readonly string[]; readonly postalCode: string };
  readonly gpOdsCode: string;
}

export const TEST_PATIENTS: readonly TestPatient[] = [
  {
    nhsNumber: '9000000009',
    given: ['Jane'],
    family: 'Smith',
    prefix: 'Mrs',
    gender: 'female',
    birthDate: '2010-10-22',
    address: {
      lines: ['1 Trevelyan Square', 'Boar Lane', 'City Centre', 'Leeds', 'West Yorkshire'],
      postalCode: 'LS1 6AE',
    },
    gpOdsCode: 'Y12345',
  },
  {
    nhsNumber: '9000000017',
    given: ['Oliver', 'James'],
    family: 'Bennett',
    prefix: 'Mr',
    gender: 'male',
    birthDate: '1958-04-09',
    address: { lines: ['22 Station Road', 'Sheffield'], postalCode: 'S11 2AB' },
    gpOdsCode: 'C84001',
  },
  {
    nhsNumber: '9000000025',
    given: ['Priya'],
    family: 'Sharma',
    prefix: 'Ms',
    gender: 'female',
    birthDate: '1990-12-01',
    address: { lines: ['Flat 3', '7 Mill Lane', 'Manchester'], postalCode: 'M14 3CD' },
    gpOdsCode: 'P84012',
  },
  {
    nhsNumber: '9000000033',
    given: ['Arthur'],
    family: 'Jenkins',
    prefix: 'Mr',
    gender: 'male',
    birthDate: '1931-06-17',
    deceasedDateTime: '2024-02-11T09:30:00+00:00',
    address: { lines: ['4 Church Lane', 'Norwich'], postalCode: 'NR2 1EF' },
    gpOdsCode: 'D82044',
  },
];

/** A valid NHS number (its check digit agrees) that no test patient has. */
export const UNKNOWN_NHS_NUMBER = '9000000041';

/** NHS number check digit: modulus 11 over the first nine digits, weights 10 down to 2. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

const byNumber = new Map(TEST_PATIENTS.map((p) => [p.nhsNumber, p]));

export function patientByNhsNumber(nhsNumber: string): TestPatient | undefined {
  return byNumber.get(nhsNumber);
}

/** The FHIR R4 Patient resource PDS answers with. */
export function toFhirPatient(p: TestPatient) {
  return {
    resourceType: 'Patient',
    id: p.nhsNumber,
    identifier: [
      {
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: p.nhsNumber,
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
            valueCodeableConcept: {
              coding: [
                {
                  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus',
                  version: '1.0.0',
                  code: '01',
                  display: 'Number present and verified',
                },
              ],
            },
          },
        ],
      },
    ],
    meta: {
      versionId: '2',
      security: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'U', display: 'unrestricted' },
      ],
    },
    name: [
      {
        id: '123',
        use: 'usual',
        period: { start: '2020-01-01' },
        given: [...p.given],
        family: p.family,
        prefix: [p.prefix],
      },
    ],
    gender: p.gender,
    birthDate: p.birthDate,
    ...(p.deceasedDateTime ? { deceasedDateTime: p.deceasedDateTime } : {}),
    address: [
      {
        id: '456',
        period: { start: '2020-01-01' },
        use: 'home',
        line: [...p.address.lines],
        postalCode: p.address.postalCode,
      },
    ],
    generalPractitioner: [
      {
        id: '254406A3',
        type: 'Organization',
        identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: p.gpOdsCode },
      },
    ],
  };
}
