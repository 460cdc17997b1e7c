import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerRows, labelOf } from './answer-rows.ts';

describe("a claim's answers as summary rows", () => {
  // key | label
  const labels: Array<[string, string]> = [
    ['livesAlone', 'Lives alone'],
    ['monthly_rent_pence', 'Monthly rent pence'],
    ['home-type', 'Home type'],
    ['nino', 'Nino'],
    ['jobEndDate', 'Job end date'],
  ];
  for (const [key, label] of labels)
    it(`labels ${key} "${label}"`, () => {
      assert.equal(labelOf(key), label);
    });

  it('turns each kind of answer into a row a caseworker can read', () => {
    assert.deepEqual(
      answerRows({
        livesAlone: true,
        monthlyRentPence: 65000,
        jobEndDate: '2026-10-31',
        'home-type': 'renting-privately',
        children: 2,
        partner: null,
        languages: ['en', 'cy'],
        household: { adults: 1, pets: [] },
        jobs: [{ employer: 'Acme' }],
      }),
      [
        { label: 'Lives alone', value: { kind: 'yesNo', yes: true } },
        { label: 'Monthly rent pence', value: { kind: 'money', pence: 65000 } },
        { label: 'Job end date', value: { kind: 'date', iso: '2026-10-31' } },
        { label: 'Home type', value: { kind: 'text', text: 'renting-privately' } },
        { label: 'Children', value: { kind: 'text', text: '2' } },
        { label: 'Partner', value: { kind: 'none' } },
        { label: 'Languages', value: { kind: 'text', text: 'en, cy' } },
        { label: 'Household: adults', value: { kind: 'text', text: '1' } },
        { label: 'Household: pets', value: { kind: 'none' } },
        { label: 'Jobs 1: employer', value: { kind: 'text', text: 'Acme' } },
      ],
    );
  });

  it('stops at a sensible depth rather than walking a runaway answer', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    const rows = answerRows(deep);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.value.kind, 'text');
  });
});
