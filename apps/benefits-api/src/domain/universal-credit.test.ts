/**
 * Universal Credit estimates checked against GOV.UK's worked examples ("Universal Credit: what
 * you'll get" and "How your earnings affect your payments"), with 2025/26 rates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PUBLISHED_RATES } from '../rates/rate-tables.ts';
import { assessCapital } from './capital.ts';
import { RateNotPublished } from './rate-lookup.ts';
import { estimateUniversalCredit, type UcHousehold, type UcMeans } from './universal-credit.ts';

const rates = PUBLISHED_RATES['2025-26'];
const single25: UcHousehold = {
  claimantAge: 30,
  children: [],
  lcwra: false,
  carer: false,
  housingCosts: false,
  childcareCostsPence: 0,
};
const noMeans: UcMeans = { earningsPence: 0, unearnedIncomePence: 0, capitalPence: 0 };
const award = (h: UcHousehold, m: UcMeans, r = rates) => {
  const e = estimateUniversalCredit(h, m, r);
  return e.eligible ? e.monthlyAwardPence : 0;
};

describe('Universal Credit estimate (2025/26)', () => {
  it('pays a single person aged 25 or over with no income the standard allowance of 400.14 GBP', () => {
    assert.equal(award(single25, noMeans), 40014);
  });

  it('pays a single person under 25 with no income 316.98 GBP', () => {
    assert.equal(award({ ...single25, claimantAge: 22 }, noMeans), 31698);
  });

  it('pays a couple, one 25 or over, 628.10 GBP', () => {
    assert.equal(award({ ...single25, partnerAge: 23 }, noMeans), 62810);
  });

  it('reduces the award by 55p for every 1 GBP earned above the work allowance (GOV.UK: 1,000 GBP earned, 411 GBP allowance, 323.95 GBP less)', () => {
    const parent: UcHousehold = { ...single25, children: [{ bornBefore6April2017: false }], housingCosts: true };
    const e = estimateUniversalCredit(parent, { ...noMeans, earningsPence: 100000 }, rates);
    assert.ok(e.eligible);
    assert.equal(e.workAllowancePence, 41100);
    assert.deepEqual(
      e.deductions.map((d) => d.pence),
      [32395],
    );
    assert.equal(e.maximumAmountPence, 40014 + 29281);
    assert.equal(e.monthlyAwardPence, 40014 + 29281 - 32395);
  });

  it('gives the higher work allowance of 684 GBP when no housing costs are paid', () => {
    const parent: UcHousehold = { ...single25, children: [{ bornBefore6April2017: false }] };
    // 1,000 - 684 = 316; 55 % = 173.80
    assert.equal(award(parent, { ...noMeans, earningsPence: 100000 }), 40014 + 29281 - 17380);
  });

  it('gives no work allowance to a single person without children or a health condition', () => {
    // 600 GBP earned: 330 GBP less, leaving 70.14 GBP
    assert.equal(award(single25, { ...noMeans, earningsPence: 60000 }), 7014);
  });

  it('pays the higher first-child rate only for a first child born before 6 April 2017', () => {
    const family: UcHousehold = {
      ...single25,
      partnerAge: 35,
      children: [{ bornBefore6April2017: false }, { bornBefore6April2017: true }],
      housingCosts: true,
    };
    assert.equal(award(family, noMeans), 62810 + 33900 + 29281);
  });

  it('worked example: a couple with two children and housing costs earning 1,500 GBP gets 614.77 GBP', () => {
    const family: UcHousehold = {
      ...single25,
      partnerAge: 32,
      children: [{ bornBefore6April2017: false }, { bornBefore6April2017: false }],
      housingCosts: true,
    };
    // 628.10 + 2 x 292.81 = 1,213.72; (1,500 - 411) x 55 % = 598.95
    assert.equal(award(family, { ...noMeans, earningsPence: 150000 }), 61477);
  });

  it('applies the two-child limit in 2025/26 but not to a child born before 6 April 2017 or an exception', () => {
    const kids = [{ bornBefore6April2017: false }, { bornBefore6April2017: false }, { bornBefore6April2017: false }];
    assert.equal(award({ ...single25, children: kids }, noMeans), 40014 + 2 * 29281);
    const withException = [...kids.slice(0, 2), { bornBefore6April2017: false, twoChildLimitException: true }];
    assert.equal(award({ ...single25, children: withException }, noMeans), 40014 + 3 * 29281);
  });

  it('adds the disabled child addition, LCWRA and carer elements, and 85 % of childcare up to the cap', () => {
    const h: UcHousehold = {
      ...single25,
      children: [{ bornBefore6April2017: false, disability: 'higher' }],
      lcwra: true,
      carer: true,
      childcareCostsPence: 200000,
    };
    const e = estimateUniversalCredit(h, noMeans, rates);
    assert.ok(e.eligible);
    assert.deepEqual(
      e.elements.map((l) => l.pence),
      [40014, 29281, 49587, 42327, 20168, 103188],
    );
  });

  it('counts tariff income of 4.35 GBP for each 250 GBP or part of it between 6,000 and 16,000 GBP', () => {
    assert.deepEqual(assessCapital(600000, rates), { overLimit: false, tariffIncomePence: 0 });
    assert.deepEqual(assessCapital(600001, rates), { overLimit: false, tariffIncomePence: 435 });
    assert.deepEqual(assessCapital(800000, rates), { overLimit: false, tariffIncomePence: 8 * 435 });
    assert.deepEqual(assessCapital(800100, rates), { overLimit: false, tariffIncomePence: 9 * 435 });
    assert.deepEqual(assessCapital(1600000, rates), { overLimit: false, tariffIncomePence: 40 * 435 });
    assert.deepEqual(assessCapital(1600001, rates), { overLimit: true });
    assert.equal(award(single25, { ...noMeans, capitalPence: 800000 }), 40014 - 3480);
  });

  it('refuses a household with more than 16,000 GBP of savings, and one whose earnings leave nothing to pay', () => {
    assert.deepEqual(estimateUniversalCredit(single25, { ...noMeans, capitalPence: 2_000_000 }, rates), {
      eligible: false,
      reasons: [
        {
          code: 'uc.capital-over-limit',
          params: { limitPence: 1_600_000 },
          text: 'Your savings and capital are over 16,000 GBP',
        },
      ],
    });
    assert.deepEqual(estimateUniversalCredit(single25, { ...noMeans, earningsPence: 80000 }, rates), {
      eligible: false,
      reasons: [{ code: 'uc.income-too-high', text: 'Your income is too high for a Universal Credit payment' }],
    });
    const young = estimateUniversalCredit({ ...single25, claimantAge: 17 }, noMeans, rates);
    assert.deepEqual(!young.eligible && young.reasons.map((r) => r.code), ['uc.under-18']);
  });

  it('gives every line a stable code, the values its words need, and the English label', () => {
    const h: UcHousehold = {
      ...single25,
      children: [
        { bornBefore6April2017: true, disability: 'lower' },
        { bornBefore6April2017: false, disability: 'higher' },
      ],
      lcwra: true,
      carer: true,
      childcareCostsPence: 10000,
    };
    const e = estimateUniversalCredit(
      h,
      { earningsPence: 100000, unearnedIncomePence: 5000, capitalPence: 700000 },
      rates,
    );
    assert.ok(e.eligible);
    assert.deepEqual(
      e.elements.map((l) => l.code),
      [
        'uc.standard-allowance.single-25-or-over',
        'uc.child-element.first-born-before-2017',
        'uc.disabled-child-addition.lower',
        'uc.child-element.other',
        'uc.disabled-child-addition.higher',
        'uc.lcwra',
        'uc.carer',
        'uc.childcare',
      ],
    );
    assert.deepEqual(
      e.deductions.map(({ code, params, label }) => ({ code, params, label })),
      [
        {
          code: 'uc.earnings-taper',
          params: { percent: 55 },
          label: 'Earnings: 55% of earnings above the work allowance',
        },
        { code: 'uc.other-income', params: undefined, label: 'Other income' },
        {
          code: 'uc.savings-tariff',
          params: { thresholdPence: 600000 },
          label: 'Assumed income from savings over 6,000 GBP',
        },
      ],
    );
    assert.equal(e.elements[2]?.label, 'Disabled child addition (lower rate)');
    const codeOf = (hh: UcHousehold) => {
      const r = estimateUniversalCredit(hh, noMeans, rates);
      return r.eligible ? r.elements[0]?.code : undefined;
    };
    assert.deepEqual(
      [
        codeOf({ ...single25, claimantAge: 22 }),
        codeOf({ ...single25, claimantAge: 22, partnerAge: 23 }),
        codeOf({ ...single25, partnerAge: 23 }),
      ],
      [
        'uc.standard-allowance.single-under-25',
        'uc.standard-allowance.couple-both-under-25',
        'uc.standard-allowance.couple-25-or-over',
      ],
    );
  });

  it('uses the 2026/27 standard allowance of 424.90 GBP and no two-child limit, but says when a rate is not published', () => {
    const next = PUBLISHED_RATES['2026-27'];
    assert.equal(award(single25, noMeans, next), 42490);
    const threeKids = {
      ...single25,
      children: [{ bornBefore6April2017: false }, { bornBefore6April2017: false }, { bornBefore6April2017: false }],
    };
    assert.equal(award(threeKids, noMeans, next), 42490 + 3 * 30394);
    assert.throws(
      () => estimateUniversalCredit({ ...threeKids, housingCosts: true }, { ...noMeans, earningsPence: 50000 }, next),
      RateNotPublished,
    );
  });
});
