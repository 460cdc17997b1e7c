import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answer,
  CHECK_PATH,
  firstUnanswered,
  nextPath,
  type DetailsAnswers,
  type DetailsDraft,
} from './details-journey.ts';

const ALL: Required<DetailsAnswers> = {
  name: { given: 'Amanda', family: 'Rowe' },
  dateOfBirth: '1985-03-14',
  nino: 'JG103759A',
  contact: { email: 'a@example.com' },
  hmrcIncome: true,
  address: { uprn: '1', lines: ['1 ROAD'], postTown: 'LEEDS', postcode: 'LS1 1AA' },
};
const register = (answers: DetailsAnswers): DetailsDraft => ({ mode: 'register', idempotencyKey: 'k', answers });
const edit = (answers: DetailsAnswers): DetailsDraft => ({
  mode: 'edit',
  citizenId: 'c',
  version: 3,
  answers,
  changed: [],
});
const { address: _a, ...noAddress } = ALL;
const { nino: _n, ...noNino } = ALL;

describe('the details journey', () => {
  // draft | change=1 | where the browser goes next
  const cases: ReadonlyArray<readonly [string, DetailsDraft, boolean, string]> = [
    ['a new registration', register({}), false, '/details/name'],
    ['a registration with a name', register({ name: ALL.name }), false, '/details/date-of-birth'],
    ['a registration missing only the address', register(noAddress), false, '/details/address'],
    ['a registration missing a middle answer', register(noNino), false, '/details/national-insurance-number'],
    ['a complete registration', register(ALL), false, CHECK_PATH],
    ['a change from the check page', register({ name: ALL.name }), true, CHECK_PATH],
    ['an edit of a saved record', edit(ALL), false, CHECK_PATH],
  ];
  for (const [what, draft, change, expected] of cases) {
    it(`goes to ${expected} after ${what}${change ? ' (change)' : ''}`, () => {
      assert.equal(nextPath(draft, change), expected);
    });
  }

  it('finds no unanswered question once everything is answered', () => {
    assert.equal(firstUnanswered(ALL), undefined);
    assert.equal(firstUnanswered({}), 'name');
  });

  it('remembers which questions an edit changed, once each', () => {
    const once = answer(edit(ALL), 'contact', { contact: { email: 'b@example.com' } });
    const twice = answer(once, 'contact', { contact: { email: 'c@example.com' } });
    assert.deepEqual(twice.mode === 'edit' && twice.changed, ['contact']);
    assert.equal(twice.answers.contact?.email, 'c@example.com');
  });
});
