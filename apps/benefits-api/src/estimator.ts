/**
 * Makes an estimate: gathers income (declared, or from HMRC with consent), runs the pure rules
 * over the year's rates from the database, and stores the answer with its event in one transaction.
 */
import { systemClock, type Clock } from '@dwp/clock';
import { enqueueEvent, newEvent, uuidv7, type Tx } from '@dwp/data-kit';
import type { TraceContext } from '@dwp/service-kit';
import { line, type Reason } from './domain/estimate-codes.ts';
import { monthlyEarningsFrom, type MonthlyEarnings } from './domain/hmrc-income.ts';
import { estimateNewStyleEsa, estimateNewStyleJsa } from './domain/new-style-benefits.ts';
import { RateNotPublished } from './domain/rate-lookup.ts';
import { estimateUniversalCredit } from './domain/universal-credit.ts';
import { ConsentRequiredError, ProfileRequiredError, RateNotPublishedError } from './errors.ts';
import type { CitizenProfiles } from './ports/citizen-profile.ts';
import type { IncomeSource } from './ports/hmrc-income.ts';
import type { EstimateBody, EstimateView } from './routes/estimate-schemas.ts';
import type { RateTable } from './rates/rate-codes.ts';
import { insertEstimate, ratesFor } from './store/benefits-store.ts';

type Context = { trace: TraceContext; id: string };

/** Why not, in English (`reasons`, as always answered) and as stable codes for other languages. */
const reasonsOf = (reasons: readonly Reason[]): Pick<EstimateView, 'reasons' | 'reasonCodes'> => ({
  reasons: reasons.map((r) => r.text),
  reasonCodes: reasons.map(({ code, params }) => (params ? { code, params: { ...params } } : { code })),
});

/** How far back HMRC is asked for PAYE income. */
export const HMRC_LOOKBACK_DAYS = 730;

export interface EstimatorDeps {
  readonly income: IncomeSource;
  readonly profiles: CitizenProfiles;
  /** @default systemClock */
  readonly clock?: Clock;
}

export class Estimator {
  readonly #deps: EstimatorDeps;
  readonly #clock: Clock;
  constructor(deps: EstimatorDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? systemClock;
  }

  /** Income from outside the request: asked before the transaction opens. */
  async incomeFor(
    sub: string,
    body: EstimateBody,
    context?: Context,
  ): Promise<MonthlyEarnings & { source: 'declared' | 'hmrc' | 'none' }> {
    if (body.benefit !== 'universal-credit') return { source: 'none', monthlyPence: 0, months: [] };
    if (body.earnings.source === 'declared')
      return { source: 'declared', monthlyPence: body.earnings.monthlyPence, months: [] };
    const facts = await this.#deps.profiles.factsOf(sub, context);
    if (!facts) throw new ProfileRequiredError();
    if (!facts.hmrcIncomeConsent) throw new ConsentRequiredError();
    const today = new Date(this.#clock.now()).toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - HMRC_LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
    return { source: 'hmrc', ...monthlyEarningsFrom(await this.#deps.income.payeIncome(facts.nino, from, today)) };
  }

  async estimate(
    tx: Tx,
    sub: string,
    body: EstimateBody,
    income: MonthlyEarnings & { source: 'declared' | 'hmrc' | 'none' },
  ): Promise<EstimateView> {
    const rates = await ratesFor(tx, body.taxYear);
    const prefix = body.benefit === 'universal-credit' ? 'uc.' : body.benefit === 'new-style-jsa' ? 'jsa.' : 'esa.';
    const used = [...rates.values()].filter((r) => r.code.startsWith(prefix)).map((r) => ({ ...r }));
    const base = {
      id: uuidv7(),
      benefit: body.benefit,
      taxYear: body.taxYear,
      income: { source: income.source, monthlyPence: income.monthlyPence, months: [...income.months] },
      ratesUsed: used,
      createdAt: new Date(this.#clock.now()).toISOString(),
    };
    const view: EstimateView = { ...base, ...this.#outcome(body, income.monthlyPence, rates) };
    await insertEstimate(tx, {
      id: view.id,
      citizenSub: sub,
      benefit: body.benefit,
      taxYear: body.taxYear,
      input: body,
      result: view,
      createdAt: view.createdAt,
    });
    await enqueueEvent(
      tx,
      newEvent('benefits-api', 'estimate.created', sub, {
        estimateId: view.id,
        benefit: view.benefit,
        eligible: view.eligible,
        monthlyAwardPence: view.monthlyAwardPence,
      }),
    );
    return view;
  }

  #outcome(
    body: EstimateBody,
    earningsPence: number,
    rates: RateTable,
  ): Pick<
    EstimateView,
    'eligible' | 'reasons' | 'reasonCodes' | 'monthlyAwardPence' | 'weeklyAwardPence' | 'breakdown'
  > {
    try {
      switch (body.benefit) {
        case 'universal-credit': {
          const e = estimateUniversalCredit(
            body.household,
            { earningsPence, unearnedIncomePence: body.otherIncomeMonthlyPence, capitalPence: body.capitalPence },
            rates,
          );
          return e.eligible
            ? {
                eligible: true,
                reasons: [],
                reasonCodes: [],
                monthlyAwardPence: e.monthlyAwardPence,
                weeklyAwardPence: null,
                breakdown: {
                  elements: [...e.elements],
                  deductions: [...e.deductions],
                  workAllowancePence: e.workAllowancePence,
                },
              }
            : {
                eligible: false,
                ...reasonsOf(e.reasons),
                monthlyAwardPence: null,
                weeklyAwardPence: null,
                breakdown: { elements: [], deductions: [], workAllowancePence: null },
              };
        }
        case 'new-style-jsa':
        case 'new-style-esa': {
          const e =
            body.benefit === 'new-style-jsa'
              ? estimateNewStyleJsa(body, rates)
              : estimateNewStyleEsa({ ...body, hoursWorkedPerWeek: 0, weeklyEarningsPence: 0 }, rates);
          return e.eligible
            ? {
                eligible: true,
                reasons: [],
                reasonCodes: [],
                monthlyAwardPence: e.monthlyEquivalentPence,
                weeklyAwardPence: e.weeklyAwardPence,
                breakdown: {
                  elements: [line(e.rateCode, e.weeklyAwardPence)],
                  deductions: [],
                  workAllowancePence: null,
                },
              }
            : {
                eligible: false,
                ...reasonsOf(e.reasons),
                monthlyAwardPence: null,
                weeklyAwardPence: null,
                breakdown: { elements: [], deductions: [], workAllowancePence: null },
              };
        }
        default: {
          const never: never = body;
          throw new Error(`Unexpected benefit ${JSON.stringify(never)}`);
        }
      }
    } catch (err) {
      if (err instanceof RateNotPublished) throw new RateNotPublishedError(err.rate, body.taxYear);
      throw err;
    }
  }
}
