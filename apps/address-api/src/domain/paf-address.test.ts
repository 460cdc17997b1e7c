import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pafAddressOf } from './paf-address.ts';

describe('PAF address lines', () => {
  it('puts the number before the street, as on an envelope', () => {
    const a = pafAddressOf({
      UPRN: '1',
      ADDRESS: '28, HIGH STREET, LEEDS, LS6 1JQ',
      BUILDING_NUMBER: '28',
      THOROUGHFARE_NAME: 'HIGH STREET',
      POST_TOWN: 'LEEDS',
      POSTCODE: 'LS6 1JQ',
    });
    assert.deepEqual([a.lines, a.postTown, a.postcode], [['28 HIGH STREET'], 'LEEDS', 'LS6 1JQ']);
  });

  it('keeps flat, building name and locality on lines of their own', () => {
    const a = pafAddressOf({
      UPRN: '2',
      ADDRESS: 'FLAT 2, HOLLY HOUSE, SCHOOL LANE, MUMBLES, SWANSEA, SA3 4AA',
      SUB_BUILDING_NAME: 'FLAT 2',
      BUILDING_NAME: 'HOLLY HOUSE',
      THOROUGHFARE_NAME: 'SCHOOL LANE',
      DEPENDENT_LOCALITY: 'MUMBLES',
      POST_TOWN: 'SWANSEA',
      POSTCODE: 'SA3 4AA',
    });
    assert.deepEqual(a.lines, ['FLAT 2', 'HOLLY HOUSE', 'SCHOOL LANE', 'MUMBLES']);
  });
});
