import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CitizenRecord } from '../upstream/citizen-answers.ts';
import { answersFromRecord, changeBody, questionsRefused, registrationBody } from './details-record.ts';

const RECORD: CitizenRecord = {
  citizenId: 'c-1',
  name: { given: 'Amanda', family: 'Rowe' },
  dateOfBirth: '1985-03-14',
  nino: 'JG103759A',
  contact: { email: 'a@example.com' },
  address: { uprn: '100023336956', lines: ['10 DOWNING STREET'], postTown: 'LONDON', postcode: 'SW1A 2AA' },
  consents: { hmrcIncome: { granted: false, at: '2026-01-01T00:00:00.000Z' } },
  version: 4,
};

describe('details and citizen-api records', () => {
  it('registers with every answer, sending only the UPRN of an address found by postcode', () => {
    const answers = answersFromRecord(RECORD);
    assert.deepEqual(registrationBody(answers), {
      name: RECORD.name,
      dateOfBirth: '1985-03-14',
      nino: 'JG103759A',
      contact: { email: 'a@example.com' },
      consents: { hmrcIncome: false },
      address: { uprn: '100023336956' },
    });
    assert.equal(registrationBody({ ...answers, nino: undefined }), undefined, 'not while a question is unanswered');
  });

  it('sends a typed-in address whole, and only the changed answers of an edit', () => {
    const answers = {
      ...answersFromRecord(RECORD),
      address: { lines: ['Flat 2'], postTown: 'Leeds', postcode: 'LS1 4AP' },
    };
    assert.deepEqual(changeBody({ mode: 'edit', citizenId: 'c-1', version: 4, answers, changed: ['address'] }), {
      address: { lines: ['Flat 2'], postTown: 'Leeds', postcode: 'LS1 4AP' },
    });
    assert.deepEqual(changeBody({ mode: 'edit', citizenId: 'c-1', version: 4, answers, changed: [] }), {});
  });

  it('reads a record with a typed-in address and no consent yet', () => {
    const a = answersFromRecord({
      ...RECORD,
      address: { lines: ['Flat 2'], postTown: 'Leeds', postcode: 'LS1 4AP' },
      consents: {},
    });
    assert.deepEqual(a.address, { lines: ['Flat 2'], postTown: 'Leeds', postcode: 'LS1 4AP' });
    assert.equal(a.hmrcIncome, undefined);
  });

  // citizen-api's validation details | the questions to fix, in journey order
  const refusals: ReadonlyArray<readonly [unknown, string[]]> = [
    [
      [
        { path: 'body.nino', message: 'x' },
        { path: 'body.dateOfBirth', message: 'y' },
      ],
      ['date-of-birth', 'national-insurance-number'],
    ],
    [[{ path: 'body.address.uprn', message: 'x' }], ['address']],
    [[{ path: 'body.contact.email', message: 'x' }], ['contact']],
    [[{ path: 'body.nickname', message: 'x' }], []],
    ['not a list', []],
  ];
  for (const [details, questions] of refusals) {
    it(`points ${JSON.stringify(details)} at ${JSON.stringify(questions)}`, () => {
      assert.deepEqual(questionsRefused(details), questions);
    });
  }
});
