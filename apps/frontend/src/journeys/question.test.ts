import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formValueOf, parseAnswer, storedValueSchema, type Question } from './question.ts';

const ctx = { answers: { children: 2, 'fit-note-start': '2026-11-01' }, today: '2026-12-01', what: 'It' };
const q = (kind: Question['kind']): Question => ({ id: 'q', kind });
const keyOf = (question: Question, body: Record<string, string>) => {
  const r = parseAnswer(question, 'apply.questions', body, ctx);
  return r.ok ? { value: r.value } : { field: r.fields[0]!.field, key: r.fields[0]!.key };
};

describe("reading a question page's form", () => {
  // kind | posted fields | expected value, or the first problem's field and message key
  const cases: ReadonlyArray<[string, Question, Record<string, string>, ReturnType<typeof keyOf>]> = [
    ['yes', q({ type: 'yesNo' }), { answer: 'yes' }, { value: true }],
    ['no', q({ type: 'yesNo' }), { answer: 'no' }, { value: false }],
    ['neither', q({ type: 'yesNo' }), {}, { field: 'answer', key: 'apply.questions.q.errors.required' }],
    ['a listed option', q({ type: 'choice', options: ['a', 'b'] }), { answer: 'b' }, { value: 'b' }],
    [
      'an unlisted option',
      q({ type: 'choice', options: ['a', 'b'] }),
      { answer: 'c' },
      { field: 'answer', key: 'apply.questions.q.errors.required' },
    ],
    ['a number', q({ type: 'wholeNumber', min: 0, max: 20 }), { answer: ' 3 ' }, { value: 3 }],
    [
      'no number',
      q({ type: 'wholeNumber', min: 0, max: 20 }),
      { answer: '' },
      { field: 'answer', key: 'apply.questions.q.errors.required' },
    ],
    [
      'a decimal',
      q({ type: 'wholeNumber', min: 0, max: 20 }),
      { answer: '2.5' },
      { field: 'answer', key: 'apply.errors.number.format' },
    ],
    [
      'too big a number',
      q({ type: 'wholeNumber', min: 0, max: 20 }),
      { answer: '21' },
      { field: 'answer', key: 'apply.errors.number.range' },
    ],
    [
      'more than an earlier count',
      q({ type: 'wholeNumber', min: 0, max: 20, atMostAnswerTo: 'children' }),
      { answer: '3' },
      { field: 'answer', key: 'apply.questions.q.errors.tooMany' },
    ],
    ['money with a pound sign and commas', q({ type: 'money' }), { answer: '£1,234.56' }, { value: 123_456 }],
    ['no money', q({ type: 'money' }), { answer: ' ' }, { field: 'answer', key: 'apply.questions.q.errors.required' }],
    ['money in words', q({ type: 'money' }), { answer: 'lots' }, { field: 'answer', key: 'apply.errors.money.format' }],
    [
      'a real past date',
      q({ type: 'date', past: true }),
      { 'answer-day': '7', 'answer-month': '3', 'answer-year': '2026' },
      { value: '2026-03-07' },
    ],
    ['no date', q({ type: 'date' }), {}, { field: 'answer-day', key: 'apply.questions.q.errors.required' }],
    [
      'a date without a month and year',
      q({ type: 'date' }),
      { 'answer-day': '7' },
      { field: 'answer-month', key: 'apply.errors.date.mustInclude.month-year' },
    ],
    [
      '30 February',
      q({ type: 'date' }),
      { 'answer-day': '30', 'answer-month': '2', 'answer-year': '2026' },
      { field: 'answer-day', key: 'apply.errors.date.real' },
    ],
    [
      'a two-digit year',
      q({ type: 'date' }),
      { 'answer-day': '1', 'answer-month': '2', 'answer-year': '26' },
      { field: 'answer-year', key: 'apply.errors.date.real' },
    ],
    [
      'letters in the month',
      q({ type: 'date' }),
      { 'answer-day': '1', 'answer-month': 'May', 'answer-year': '2026' },
      { field: 'answer-month', key: 'apply.errors.date.real' },
    ],
    [
      'a future date that must be past',
      q({ type: 'date', past: true }),
      { 'answer-day': '2', 'answer-month': '12', 'answer-year': '2026' },
      { field: 'answer-day', key: 'apply.errors.date.past' },
    ],
    [
      'an end before its start',
      q({ type: 'date', notBeforeAnswerTo: 'fit-note-start' }),
      { 'answer-day': '31', 'answer-month': '10', 'answer-year': '2026' },
      { field: 'answer-day', key: 'apply.questions.q.errors.beforeStart' },
    ],
    ['some text', q({ type: 'text', maxLength: 5 }), { answer: ' Tesco ' }, { value: 'Tesco' }],
    [
      'too much text',
      q({ type: 'text', maxLength: 5 }),
      { answer: 'Sainsbury' },
      { field: 'answer', key: 'apply.errors.text.tooLong' },
    ],
  ];
  for (const [name, question, body, expected] of cases) {
    it(`reads ${name} as ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(keyOf(question, body), expected);
    });
  }

  it("gives shared messages the question's subject and limits", () => {
    const r = parseAnswer(
      q({ type: 'wholeNumber', min: 16, max: 130 }),
      'estimate.questions',
      { answer: '200' },
      { ...ctx, what: 'Your age' },
    );
    assert.deepEqual(r.ok ? undefined : r.fields[0]!.params, { what: 'Your age', min: 16, max: 130 });
  });

  it('treats a posted body that is not an object as empty', () => {
    assert.equal(parseAnswer(q({ type: 'yesNo' }), 'p', 'answer=yes', ctx).ok, false);
  });
});

describe('stored answers', () => {
  it("accepts only values of the question's kind", () => {
    assert.equal(storedValueSchema({ type: 'date' }).safeParse('2026-02-30').success, false);
    assert.equal(storedValueSchema({ type: 'date' }).safeParse('2026-02-28').success, true);
    assert.equal(storedValueSchema({ type: 'money' }).safeParse(-1).success, false);
    assert.equal(storedValueSchema({ type: 'choice', options: ['a'] }).safeParse('b').success, false);
  });

  it('puts a stored answer back into the form as it was typed', () => {
    assert.deepEqual(formValueOf({ type: 'date' }, '2026-03-07'), { day: '7', month: '3', year: '2026' });
    assert.equal(formValueOf({ type: 'money' }, 19_354), '193.54');
    assert.equal(formValueOf({ type: 'yesNo' }, false), 'no');
  });
});
