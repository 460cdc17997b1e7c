/**
 * Sends the fuzz cases through the public entry and judges every answer. Cases go round-robin over
 * the operations (the first case of each, then the second...), so a run cut short by its time
 * budget still reaches every operation. A write whose answer is a refusal must leave every store
 * as it was: the stores' digest is taken before and after it.
 */
import { request } from 'undici';
import { judge, type AnswerClass } from './answer-check.ts';
import type { FuzzCase } from './fuzz-cases.ts';
import { operationName, type Operation } from './openapi-operations.ts';
import type { StoreWitness } from './store-witness.ts';

export interface Planned {
  readonly op: Operation;
  readonly cases: readonly FuzzCase[];
  /** The bearer token the operation's cases carry (a caseworker's for the caseworker's routes). */
  readonly token: string;
}

export interface Failure {
  readonly operation: string;
  readonly kind: string;
  readonly request: string;
  readonly problem: string;
  readonly body: string;
}

export interface RunReport {
  sent: number;
  /** Refused writes whose stores were compared before and after. */
  refusedWritesChecked: number;
  readonly byClass: Record<AnswerClass, number>;
  readonly byStatus: Record<string, number>;
  readonly byOperation: Record<string, number>;
  /** Statuses by kind of case (`nasty:nul-escape` → `{"400": 3}`), for the full report. */
  readonly byKind: Record<string, Record<string, number>>;
  readonly failures: Failure[];
  /** True when the time budget ended the run before every planned case was sent. */
  cutShort: boolean;
}

const READS = new Set(['GET', 'HEAD']);
/** How much of a body or a path a failure report shows. */
const SHOWN = 300;

const clip = (s: string) => (s.length > SHOWN ? `${s.slice(0, SHOWN)}… (${s.length} chars)` : s);

function describeRequest(c: FuzzCase): string {
  const body = c.body ? clip(Buffer.from(c.body).toString('utf8')) : '';
  const type = c.headers['content-type'] ? ` [${c.headers['content-type']}]` : '';
  return `${c.method} ${clip(c.path)}${type}${body ? ` ${body}` : ''}`;
}

const count = (into: Record<string, number>, key: string) => void (into[key] = (into[key] ?? 0) + 1);

export interface RunOptions {
  readonly apiUrl: string;
  /** Operations in the order their cases go, round by round. */
  readonly plans: readonly Planned[];
  /**
   * Operations sent after all the others and whatever the budget says: those that end the
   * caller's session (signing out), which would turn every later case into a 401.
   */
  readonly last: readonly Planned[];
  readonly witness: StoreWitness;
  /** When to stop sending `plans` (epoch ms). */
  readonly deadline: number;
  /** Extra headers a case needs at the moment it is sent (the current ETag for If-Match). */
  readonly prepare: (plan: Planned, c: FuzzCase) => Promise<Readonly<Record<string, string>>>;
}

export async function runCases(opts: RunOptions): Promise<RunReport> {
  const report: RunReport = {
    sent: 0,
    refusedWritesChecked: 0,
    byClass: { success: 0, refused: 0, 'gateway-response': 0 },
    byStatus: {},
    byOperation: {},
    byKind: {},
    failures: [],
    cutShort: false,
  };

  async function send(plan: Planned, c: FuzzCase): Promise<void> {
    const before = READS.has(c.method) ? undefined : await opts.witness.digest();
    const res = await request(`${opts.apiUrl}${c.path}`, {
      method: c.method,
      headers: { authorization: `Bearer ${plan.token}`, ...c.headers, ...(await opts.prepare(plan, c)) },
      ...(c.body ? { body: c.body } : {}),
    });
    const text = await res.body.text();
    const name = operationName(plan.op);
    const status = String(res.statusCode);
    report.sent++;
    count(report.byOperation, name);
    count(report.byStatus, status);
    count((report.byKind[c.kind] ??= {}), status);
    const fail = (problem: string) =>
      report.failures.push({ operation: name, kind: c.kind, request: describeRequest(c), problem, body: clip(text) });
    const verdict = judge({ status: res.statusCode, headers: res.headers, text });
    if (verdict.ok) report.byClass[verdict.class]++;
    else fail(verdict.problem);
    if (before && res.statusCode >= 400) {
      report.refusedWritesChecked++;
      const after = await opts.witness.digest();
      const changed = Object.keys(before).filter((store) => before[store] !== after[store]);
      if (changed.length > 0) fail(`refused with ${res.statusCode} but changed ${changed.join(', ')}`);
    }
  }

  const rounds = Math.max(0, ...opts.plans.map((p) => p.cases.length));
  sending: for (let i = 0; i < rounds; i++) {
    for (const plan of opts.plans) {
      const c = plan.cases[i];
      if (!c) continue;
      if (Date.now() > opts.deadline) {
        report.cutShort = true;
        break sending;
      }
      await send(plan, c);
    }
  }
  for (const plan of opts.last) for (const c of plan.cases) await send(plan, c);
  return report;
}
