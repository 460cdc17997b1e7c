import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressFromClaim, claimsFromCredential, IdentityClaimError } from './core-identity.ts';
import { atLeast, merge, UNVERIFIED } from './verified-identity.ts';

describe('One Login identity claims', () => {
  const vc = {
    type: ['VerifiableCredential', 'IdentityCheckCredential'],
    credentialSubject: {
      name: [
        {
          nameParts: [
            { type: 'GivenName', value: 'Kay' },
            { type: 'GivenName', value: 'Elizabeth' },
            { type: 'FamilyName', value: 'Morgan' },
          ],
        },
      ],
      birthDate: [{ value: '1984-09-26' }],
    },
  };

  it('reads given names, family name and birth date from the credential', () => {
    assert.deepEqual(claimsFromCredential(vc), {
      givenNames: ['Kay', 'Elizabeth'],
      familyName: 'Morgan',
      birthDate: '1984-09-26',
    });
  });

  it('refuses a credential without a birth date or names', () => {
    assert.throws(
      () =>
        claimsFromCredential({
          credentialSubject: { name: [{ nameParts: [] }], birthDate: [{ value: '1984-09-26' }] },
        }),
      IdentityClaimError,
    );
    assert.throws(
      () => claimsFromCredential({ credentialSubject: { name: vc.credentialSubject.name } }),
      IdentityClaimError,
    );
    assert.throws(() => claimsFromCredential('nonsense'), IdentityClaimError);
  });

  it('takes the current address with its UPRN and PAF-style lines', () => {
    const address = addressFromClaim([
      {
        uprn: 10023122465,
        buildingNumber: '8',
        streetName: 'HADLEY ROAD',
        addressLocality: 'BATH',
        postalCode: 'BA2 5AA',
        validFrom: '2019-04-01',
      },
      {
        uprn: 1,
        buildingName: 'OLD HOUSE',
        streetName: 'X',
        addressLocality: 'Y',
        postalCode: 'Z1 1ZZ',
        validUntil: '2019-03-31',
      },
    ]);
    assert.deepEqual(address, { uprn: '10023122465', lines: ['8 HADLEY ROAD', 'BATH'], postcode: 'BA2 5AA' });
  });

  it('answers no address when the claim is missing', () => {
    assert.equal(addressFromClaim(undefined), undefined);
  });
});

describe('identity confidence', () => {
  it('orders P0 < P1 < P2', () => {
    assert.equal(atLeast('P2', 'P1'), true);
    assert.equal(atLeast('P1', 'P2'), false);
  });
  it('never lowers a level already reached', () => {
    const p2 = {
      sub: 's',
      confidence: 'P2' as const,
      method: 'one-login' as const,
      verifiedAt: 't',
      claims: undefined,
    };
    assert.equal(merge(p2, { ...UNVERIFIED('s'), confidence: 'P1' }).confidence, 'P2');
    assert.equal(merge(UNVERIFIED('s'), p2).confidence, 'P2');
  });
});
