import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseForm } from '../forms/form-errors.ts';
import { awardForm, evidenceRequestForm, noteForm, penceOf, refusalForm } from './casework-forms.ts';

describe('the caseworker forms', () => {
  // typed | pence
  const amounts: Array<[string, number | undefined]> = [
    ['400', 40000],
    ['400.14', 40014],
    ['400.1', 40010],
    ['£1,234.56', 123456],
    [' 0.07 ', 7],
    ['0', 0],
    ['400.145', undefined],
    ['-5', undefined],
    ['4e2', undefined],
    ['four hundred', undefined],
    ['.50', undefined],
    ['', undefined],
  ];
  for (const [typed, pence] of amounts) {
    it(`reads "${typed}" as ${pence ?? 'not an amount'}${pence === undefined ? '' : ' pence'}`, () => {
      assert.equal(penceOf(typed), pence);
    });
  }

  // amount | reasons | the first problem per field (field -> message key)
  const awards: Array<[Record<string, unknown>, Record<string, string> | { amount: number; reasons: string[] }]> = [
    [
      { amount: '400.14', reasons: 'Meets the conditions\r\n\r\n  Lives alone ' },
      { amount: 40014, reasons: ['Meets the conditions', 'Lives alone'] },
    ],
    [{}, { amount: 'caseworker.award.amount.required', reasons: 'caseworker.award.reasons.required' }],
    [
      { amount: '  ', reasons: '\n \n' },
      { amount: 'caseworker.award.amount.required', reasons: 'caseworker.award.reasons.required' },
    ],
    [{ amount: '12.345', reasons: 'x' }, { amount: 'caseworker.award.amount.format' }],
    [{ amount: '0.00', reasons: 'x' }, { amount: 'caseworker.award.amount.zero' }],
    [{ amount: '10000.01', reasons: 'x' }, { amount: 'caseworker.award.amount.tooBig' }],
    [{ amount: '10', reasons: 'y'.repeat(1001) }, { 'reasons-0': 'caseworker.award.reasons.tooLong' }],
  ];
  for (const [body, expected] of awards) {
    it(`takes the award form ${JSON.stringify(body).slice(0, 60)} as ${JSON.stringify(expected).slice(0, 80)}`, () => {
      const r = parseForm(awardForm, body);
      if (r.ok) assert.deepEqual(r.value, expected);
      else assert.deepEqual(Object.fromEntries(r.fields.map((f) => [f.field, f.key]).reverse()), expected);
    });
  }

  it('refuses a refusal without a reason, ticked or typed, and takes either', () => {
    const none = parseForm(refusalForm, { otherReason: ' \n ' });
    assert.deepEqual(none.ok ? [] : none.fields, [{ field: 'reasons', key: 'caseworker.refuse.reasons.required' }]);
    const ticked = parseForm(refusalForm, { reasons: ['capital', 'made-up'] });
    assert.deepEqual(ticked.ok && ticked.value, { reasons: ['capital'], otherReason: [] });
    const typed = parseForm(refusalForm, { reasons: 'income', otherReason: 'Left the UK in May' });
    assert.deepEqual(typed.ok && typed.value, { reasons: ['income'], otherReason: ['Left the UK in May'] });
  });

  it("needs what evidence to send and a note's text, within claims-api's limits", () => {
    assert.deepEqual(parseForm(evidenceRequestForm, { reason: ' ' }), {
      ok: false,
      fields: [{ field: 'reason', key: 'caseworker.requestEvidence.reason.required' }],
    });
    assert.deepEqual(parseForm(evidenceRequestForm, { reason: 'x'.repeat(2001) }), {
      ok: false,
      fields: [{ field: 'reason', key: 'caseworker.requestEvidence.reason.tooLong' }],
    });
    assert.deepEqual(parseForm(evidenceRequestForm, { reason: ' Your last two payslips ' }), {
      ok: true,
      value: { reason: 'Your last two payslips' },
    });
    assert.deepEqual(parseForm(noteForm, {}), {
      ok: false,
      fields: [{ field: 'note', key: 'caseworker.notes.body.required' }],
    });
  });
});
