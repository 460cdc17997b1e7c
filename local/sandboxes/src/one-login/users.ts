/**
 * The One Login sandbox's test users. A relying party picks one with `login_hint` at /authorize
 * (or a person picks from the sandbox's page). Their addresses are the Royal Mail sandbox's, so the
 * UPRN a verified identity carries resolves at the address lookup too. All synthetic.
 */
import { ADDRESSES, type DpaRecord } from '../royal-mail/addresses.ts';

export interface OneLoginUser {
  /** The `login_hint` that selects this user. */
  readonly hint: string;
  readonly sub: string;
  readonly email: string;
  readonly phone: string;
  readonly givenNames: readonly string[];
  readonly familyName: string;
  readonly birthDate: string;
  /** The highest identity confidence this user reaches; `undefined` when they cannot prove their identity. */
  readonly identity: 'P2' | undefined;
  readonly address: DpaRecord;
}

const at = (i: number) => ADDRESSES[i % ADDRESSES.length]!;

export const ONE_LOGIN_USERS: readonly OneLoginUser[] = [
  {
    hint: 'citizen-p2',
    sub: 'urn:fdc:gov.uk:2022:sandbox-citizen-p2',
    email: 'kay.morgan@example.gov.uk',
    phone: '+447700900123',
    givenNames: ['Kay', 'Elizabeth'],
    familyName: 'Morgan',
    birthDate: '1984-09-26',
    identity: 'P2',
    address: at(5),
  },
  {
    hint: 'caseworker-p2',
    sub: 'urn:fdc:gov.uk:2022:sandbox-caseworker-p2',
    email: 'sam.patel@example.gov.uk',
    phone: '+447700900456',
    givenNames: ['Sam'],
    familyName: 'Patel',
    birthDate: '1979-02-14',
    identity: 'P2',
    address: at(77),
  },
  {
    hint: 'no-identity',
    sub: 'urn:fdc:gov.uk:2022:sandbox-no-identity',
    email: 'alex.young@example.gov.uk',
    phone: '+447700900789',
    givenNames: ['Alex'],
    familyName: 'Young',
    birthDate: '2000-05-03',
    identity: undefined,
    address: at(150),
  },
];

export function userByHint(hint: string): OneLoginUser | undefined {
  return ONE_LOGIN_USERS.find((u) => u.hint === hint);
}

export function userBySub(sub: string): OneLoginUser | undefined {
  return ONE_LOGIN_USERS.find((u) => u.sub === sub);
}

/** The `https://vocab.account.gov.uk/v1/address` claim: postal addresses in One Login's shape. */
export function addressClaim(u: OneLoginUser) {
  const a = u.address;
  return [
    {
      uprn: Number(a.UPRN),
      ...(a.SUB_BUILDING_NAME ? { subBuildingName: a.SUB_BUILDING_NAME } : {}),
      ...(a.BUILDING_NAME ? { buildingName: a.BUILDING_NAME } : {}),
      ...(a.BUILDING_NUMBER ? { buildingNumber: a.BUILDING_NUMBER } : {}),
      streetName: a.THOROUGHFARE_NAME,
      addressLocality: a.POST_TOWN,
      postalCode: a.POSTCODE,
      addressCountry: 'GB',
      validFrom: '2019-04-01',
    },
  ];
}

/** The verifiable credential inside the coreIdentityJWT. */
export function identityCredential(u: OneLoginUser) {
  return {
    type: ['VerifiableCredential', 'IdentityCheckCredential'],
    credentialSubject: {
      name: [
        {
          nameParts: [
            ...u.givenNames.map((value) => ({ type: 'GivenName', value })),
            { type: 'FamilyName', value: u.familyName },
          ],
        },
      ],
      birthDate: [{ value: u.birthDate }],
    },
  };
}
