import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endedForAnotherReason } from './jobseekers-allowance-plan.ts';
import { fitNoteHasEndDate, hadAJob } from './employment-support-allowance-plan.ts';
import {
  askedIn,
  firstUnanswered,
  isComplete,
  nextInSection,
  sectionStart,
  sectionStatus,
  settledAnswers,
} from './journey-plan.ts';
import type { Answers, RouteCondition } from './question.ts';
import {
  hasChildren,
  hasHealthCondition,
  isWorking,
  livesWithPartner,
  paysRent,
  universalCreditPlan,
} from './universal-credit-plan.ts';
import { CLAIM_PLANS } from './claim-plans.ts';

describe('the route conditions of the claim plans', () => {
  // condition | answers | asked?
  const cases: ReadonlyArray<[string, RouteCondition, Answers, boolean]> = [
    ['paysRent', paysRent, { 'home-type': 'renting-privately' }, true],
    ['paysRent', paysRent, { 'home-type': 'renting-social' }, true],
    ['paysRent', paysRent, { 'home-type': 'own-home' }, false],
    ['paysRent', paysRent, {}, false],
    ['livesWithPartner', livesWithPartner, { partner: true }, true],
    ['livesWithPartner', livesWithPartner, { partner: false }, false],
    ['hasChildren', hasChildren, { children: 1 }, true],
    ['hasChildren', hasChildren, { children: 0 }, false],
    ['isWorking', isWorking, { working: true }, true],
    ['hasHealthCondition', hasHealthCondition, { 'health-condition': false }, false],
    ['endedForAnotherReason', endedForAnotherReason, { 'job-end-reason': 'other' }, true],
    ['endedForAnotherReason', endedForAnotherReason, { 'job-end-reason': 'redundancy' }, false],
    ['fitNoteHasEndDate', fitNoteHasEndDate, { 'fit-note-ends': true }, true],
    ['fitNoteHasEndDate', fitNoteHasEndDate, { 'fit-note-ends': false }, false],
    ['hadAJob', hadAJob, { 'worked-recently': true }, true],
    ['hadAJob', hadAJob, {}, false],
  ];
  for (const [name, condition, answers, expected] of cases) {
    it(`${name} is ${expected} for ${JSON.stringify(answers)}`, () => {
      assert.equal(condition(answers, {}), expected);
    });
  }
});

describe('the Universal Credit plan', () => {
  const [whereYouLive, household] = universalCreditPlan.sections as [
    (typeof universalCreditPlan.sections)[0],
    (typeof universalCreditPlan.sections)[0],
  ];

  it('asks for rent after the home only of someone who rents, then ends the section', () => {
    assert.equal(
      nextInSection(universalCreditPlan, 'home-type', { 'home-type': 'renting-privately' })?.id,
      'monthly-rent',
    );
    assert.equal(nextInSection(universalCreditPlan, 'home-type', { 'home-type': 'own-home' }), undefined);
    assert.equal(
      nextInSection(universalCreditPlan, 'monthly-rent', { 'home-type': 'renting-social', 'monthly-rent': 50_000 }),
      undefined,
    );
  });

  // answers | status of "Where you live"
  const statuses: ReadonlyArray<[Answers, string]> = [
    [{}, 'notStarted'],
    [{ 'home-type': 'renting-privately' }, 'inProgress'],
    [{ 'home-type': 'renting-privately', 'monthly-rent': 65_000 }, 'completed'],
    [{ 'home-type': 'own-home' }, 'completed'],
  ];
  for (const [answers, status] of statuses) {
    it(`says "Where you live" is ${status} with ${JSON.stringify(answers)}`, () => {
      assert.equal(sectionStatus(whereYouLive, answers), status);
    });
  }

  it('starts a section at its first unanswered question', () => {
    assert.equal(sectionStart(household, { partner: true }).id, 'partner-name');
    assert.equal(
      sectionStart(household, { partner: false, children: 0 }).id,
      'partner',
      'a completed section starts at the top',
    );
  });

  it('drops answers to questions a later answer made irrelevant, and malformed ones', () => {
    const settled = settledAnswers(universalCreditPlan, {
      'home-type': 'own-home',
      'monthly-rent': 65_000,
      partner: 'yes',
      children: 2,
      'childcare-costs': 10_000,
      stray: 1,
    });
    assert.deepEqual(settled, { 'home-type': 'own-home', children: 2, 'childcare-costs': 10_000 });
  });

  it('is complete only when every asked question of every section is answered', () => {
    const answers: Answers = {
      'home-type': 'own-home',
      partner: false,
      children: 0,
      working: false,
      savings: 0,
      'other-income': 0,
      'health-condition': false,
    };
    assert.equal(isComplete(universalCreditPlan, answers), true);
    assert.equal(firstUnanswered(universalCreditPlan, { ...answers, working: true })?.id, 'monthly-earnings');
  });
});

describe('every claim plan', () => {
  for (const [benefit, plan] of Object.entries(CLAIM_PLANS)) {
    it(`${benefit}: has unique question ids and a first question asked unconditionally in each section`, () => {
      const ids = plan.sections.flatMap((s) => s.questions.map((q) => q.id));
      assert.equal(new Set(ids).size, ids.length);
      for (const s of plan.sections) assert.ok(askedIn(s, {}).length > 0, s.id);
    });
  }
});
