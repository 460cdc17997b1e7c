/**
 * Fuzzing every operation of every service's OpenAPI document through the public entry (edge, WAF,
 * primary gateway, service): valid-ish and broken path, query and body values generated from the
 * operation's own schemas with fast-check, and a fixed set of nasty requests (wrong content types,
 * invalid UTF-8, 1000-deep nesting, `__proto__` and `constructor` keys, 1e308, -0 and huge
 * integers, 100 KB strings, empty and `null` bodies, duplicate keys). Every answer is under 500,
 * without a stack trace, and a refusal is in the one JSON error shape; a refused write leaves every
 * store as it was. Reproducible: the seed is fixed (FUZZ_SEED to try another) and printed with the
 * counts; bounded: so many cases per operation and a time budget for the whole run.
 * To look further: FUZZ_CASES (generated cases per operation), FUZZ_NASTY (nasty ones),
 * FUZZ_BUDGET_S, and FUZZ_REPORT (a file for the whole report, every failure in full).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { decodeJwt } from 'jose';
import { request } from 'undici';
import { z } from 'zod';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';
import { generatedCases, nastyCases, type FuzzCase, type KnownValues } from './fuzz/fuzz-cases.ts';
import { runCases, type Planned, type RunReport } from './fuzz/fuzz-run.ts';
import { operationName, operationsOf, type Operation } from './fuzz/openapi-operations.ts';
import { storeWitness, type StoreWitness } from './fuzz/store-witness.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
/** Generated cases per operation (valid-ish, then broken in one place). */
const GENERATED_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 18);
/** Cases of the fixed nasty set per operation, taken in turn so every one is sent to several operations. */
const NASTY_PER_OPERATION = Number(process.env.FUZZ_NASTY ?? 14);
/** The whole run's budget for sending; what is left when it ends is counted as not sent. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_S ?? 90) * 1000;

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(512, 0x20),
  Buffer.from('\n%%EOF\n'),
]);

/** Revokes the caller's tokens: sent last, so the rest of the run keeps its tokens. */
const SIGNS_OUT = (op: Operation) => op.template === '/identity/sign-out';

const gateway = dwp.gateways.primary!;
const caseworkerOnly = gateway.routes.filter((r) => r.roles.includes('caseworker') && !r.roles.includes('citizen'));
const templateRegex = (t: string) => new RegExp(`^${t.replace(/\{[^}]+\+\}/g, '.+').replace(/\{[^}]+\}/g, '[^/]+')}$`);
const isCaseworkers = (op: Operation) =>
  caseworkerOnly.some(
    (r) =>
      (r.method === 'ANY' || r.method === op.method) &&
      templateRegex(r.path).test(op.template.replace(/\{[^}]+\}/g, 'x')),
  );

/** The string hash of an operation's name, so each operation has its own seed under the run's. */
function seedOf(op: Operation): number {
  let h = SEED | 0;
  for (const ch of operationName(op)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h >>> 0;
}

const created = z.looseObject({ id: z.string() });
const registered = z.looseObject({ citizenId: z.string(), sub: z.string() });
const addresses = z.object({ addresses: z.array(z.looseObject({ uprn: z.string() })).min(1) });

describe('fuzzing every operation through the public entry', () => {
  let started: TestPlatform;
  let witness: StoreWitness;
  let apiUrl: string;
  let citizen: string;
  let caseworker: string;
  const known: Record<string, string[]> = {};

  async function call(
    token: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const raw = Buffer.isBuffer(body);
    const res = await request(`${apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': raw ? 'application/pdf' : 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    });
    const text = await res.body.text();
    assert.ok(res.statusCode < 300, `setup: ${method} ${path} answered ${res.statusCode} ${text}`);
    return JSON.parse(text) as unknown;
  }

  before(async () => {
    started = await startTestPlatform('fuzz');
    const { platform, dataDir } = started;
    apiUrl = `${platform.entryUrl}${gateway.basePath}`;
    citizen = (await signIn(platform.entryUrl, await seededUser(dataDir, 'test-citizen'))).accessToken;
    caseworker = (await signIn(platform.entryUrl, await seededUser(dataDir, 'test-caseworker'))).accessToken;
    witness = await storeWitness(platform, dataDir);

    // Real things for path parameters to name, so valid-ish cases reach the handlers' deeper paths.
    const postcode = 'LS6 1JQ';
    const { uprn } = addresses.parse(await call(citizen, 'GET', `/address/postcodes/${encodeURIComponent(postcode)}`))
      .addresses[0]!;
    const me = registered.parse(
      await call(citizen, 'POST', '/citizen/citizens', {
        name: { given: 'Fuzz', family: 'Tester' },
        dateOfBirth: '1985-03-14',
        nino: 'AA 12 34 56 A',
        contact: { email: 'fuzz.tester@example.com' },
        address: { uprn },
        consents: { hmrcIncome: true },
      }),
    );
    // Identity proven to P2 with One Login (sandbox), as a claim must be before it is sent.
    const verify = z
      .object({ authorizeUrl: z.url() })
      .parse(await call(citizen, 'POST', '/identity/verify', { loginHint: 'citizen-p2' }));
    const authorize = await request(verify.authorizeUrl);
    await authorize.body.dump();
    const back = new URL(z.string().parse(authorize.headers.location));
    const callback = await request(`${platform.entryUrl}${back.pathname}${back.search}`);
    assert.equal(callback.statusCode, 200, await callback.body.text());
    const estimate = created.parse(
      await call(citizen, 'POST', '/benefits/estimates', {
        benefit: 'universal-credit',
        household: { claimantAge: 41 },
        earnings: { source: 'declared', monthlyPence: 100_000 },
      }),
    );
    const draft = created.parse(
      await call(citizen, 'POST', '/claims/claims', {
        benefit: 'universal-credit',
        answers: { estimateId: estimate.id },
      }),
    );
    const evidence = created.parse(
      await call(citizen, 'POST', `/claims/claims/${draft.id}/evidence?fileName=tenancy.pdf`, PDF),
    );
    const second = created.parse(await call(citizen, 'POST', '/claims/claims', { benefit: 'new-style-esa' }));
    const sent = created.parse(
      await call(citizen, 'POST', '/claims/claims', { benefit: 'new-style-jsa', answers: {} }),
    );
    await call(citizen, 'POST', `/claims/claims/${sent.id}/evidence?fileName=payslip.pdf`, PDF);
    await call(citizen, 'POST', `/claims/claims/${sent.id}/submit`, {});
    Object.assign(known, {
      postcode: [postcode, 'ls61jq'],
      uprn: [uprn],
      citizenId: [me.citizenId],
      sub: [me.sub, decodeJwt(caseworker).sub ?? ''],
      estimateId: [estimate.id],
      claimId: [draft.id, second.id, sent.id],
      evidenceId: [evidence.id],
    } satisfies KnownValues);
  });
  after(async () => {
    await ifAssigned(witness)?.close();
    await ifAssigned(started)?.stop();
  });

  it('answers every fuzzed request under 500, in the one error shape, and writes nothing it refuses', async (t) => {
    const { platform } = started;
    const services = [...new Set(gateway.routes.map((r) => r.service))].sort();
    const operations: Operation[] = [];
    for (const service of services) {
      const instance = platform.registry.healthyOf(service)[0];
      assert.ok(instance, `${service} has a healthy instance`);
      const doc = await request(`http://${instance.host}:${instance.port}/docs/json`);
      operations.push(...operationsOf(service, await doc.body.json()));
    }
    assert.ok(operations.length > 20, `the documents describe the platform's operations (${operations.length})`);

    const plan = (op: Operation, index: number): Planned => {
      const seed = seedOf(op);
      const nasty = nastyCases(op, known, seed);
      // Each operation takes the next NASTY_PER_OPERATION of its own nasty list, starting further on
      // for each operation, so that across operations every nasty case is sent.
      const start = (index * NASTY_PER_OPERATION) % Math.max(1, nasty.length);
      const chosen = Array.from(
        { length: Math.min(NASTY_PER_OPERATION, nasty.length) },
        (_, i) => nasty[(start + i) % nasty.length]!,
      );
      // The nasty cases first: they are refusals by design, and meet the seeded records as set up,
      // before valid-ish cases move them on (submit, withdraw, decide).
      const cases: FuzzCase[] = [...chosen, ...generatedCases(op, known, seed, GENERATED_PER_OPERATION)];
      return { op, cases, token: isCaseworkers(op) ? caseworker : citizen };
    };
    const plans = operations.filter((op) => !SIGNS_OUT(op)).map(plan);
    const last = operations.filter(SIGNS_OUT).map((op, i) => plan(op, plans.length + i));
    const planned = [...plans, ...last].reduce((n, p) => n + p.cases.length, 0);

    // The current ETag of the record a conditional change names, so a valid-ish change gets past If-Match.
    const prepare = async (p: Planned, c: FuzzCase): Promise<Record<string, string>> => {
      if (c.kind !== 'valid' || !p.op.headers.some((h) => h.name === 'if-match')) return {};
      const res = await request(`${apiUrl}${c.path.split('?')[0]}`, {
        headers: { authorization: `Bearer ${p.token}` },
      });
      await res.body.dump();
      const etag = res.headers.etag;
      return typeof etag === 'string' ? { 'if-match': etag } : {};
    };

    const startedAt = Date.now();
    const report = await runCases({ apiUrl, plans, last, witness, deadline: startedAt + BUDGET_MS, prepare });
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);

    t.diagnostic(`seed ${SEED} (FUZZ_SEED to change); ${operations.length} operations of ${services.length} services`);
    t.diagnostic(
      `${report.sent} of ${planned} planned requests sent in ${seconds} s (budget ${BUDGET_MS / 1000} s${report.cutShort ? ', cut short' : ''}); ` +
        `${report.refusedWritesChecked} refused writes checked against the stores`,
    );
    t.diagnostic(`answers: ${JSON.stringify(report.byClass)}; by status: ${JSON.stringify(report.byStatus)}`);
    // The whole report, every failure in full, where FUZZ_REPORT names a file.
    if (process.env.FUZZ_REPORT)
      await writeFile(process.env.FUZZ_REPORT, JSON.stringify({ seed: SEED, ...report }, null, 2));
    const unreached = operations.filter((op) => !report.byOperation[operationName(op)]).map(operationName);
    assert.deepEqual(unreached, [], 'every operation was sent at least one case');
    assert.ok(report.failures.length === 0, formatFailures(report));
  });
});

function formatFailures(r: RunReport): string {
  const shown = r.failures
    .slice(0, 40)
    .map((f) => `- ${f.operation} [${f.kind}]: ${f.problem}\n    ${f.request}\n    -> ${f.body}`);
  const more = r.failures.length > shown.length ? `\n…and ${r.failures.length - shown.length} more` : '';
  return `${r.failures.length} fuzzed requests broke the rules (seed ${SEED}):\n${shown.join('\n')}${more}`;
}
