import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLAIM_PLANS } from './claim-plans.ts';
import { answersOutsidePlan, claimSummary } from './claim-summary.ts';

const uc = CLAIM_PLANS['universal-credit'];

describe("a claim's answers by its plan", () => {
  it('lists each answered question in its section, with its kind, and a Change link when asked for', () => {
    const sections = claimSummary(
      uc,
      { 'home-type': 'renting-privately', 'monthly-rent': 65_000, partner: false },
      (id) => `/apply/c/${id}?change=1`,
    );
    assert.deepEqual(sections.find((s) => s.id === 'where-you-live')?.rows, [
      { id: 'home-type', type: 'choice', value: 'renting-privately', href: '/apply/c/home-type?change=1' },
      { id: 'monthly-rent', type: 'money', value: 65_000, href: '/apply/c/monthly-rent?change=1' },
    ]);
    assert.deepEqual(
      sections.find((s) => s.id === 'household')?.rows.map((r) => r.id),
      ['partner'],
    );
  });

  it('leaves out a question not asked now (rent once the home is owned), unanswered ones, and answers of the wrong shape', () => {
    const rows = claimSummary(uc, { 'home-type': 'own-home', 'monthly-rent': 65_000, children: 'two' }).flatMap((s) =>
      s.rows.map((r) => r.id),
    );
    assert.deepEqual(rows, ['home-type']);
  });

  it('keeps what no question asks apart, for the console to show as it was kept', () => {
    assert.deepEqual(answersOutsidePlan(uc, { seeded: true, 'home-type': 'own-home' }), { seeded: true });
  });
});
