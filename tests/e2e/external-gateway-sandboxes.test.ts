/**
 * The external gateway and the Royal Mail and HMRC sandboxes as real processes: each upstream is
 * reached by its allowed callers only, with its upstream authentication; the per-minute limit is
 * never exceeded at the sandbox; the breaker opens against a failing sandbox, fails fast and
 * recovers after its open period (shortened for the test through the gateway's test override).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { POSTCODES } from '@dwp/sandboxes';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'undici';
import { hmrcSandbox, nhsSandbox, royalMailSandbox } from '@dwp/dev-runtime';
import {
  clearTraffic,
  setFault,
  startExternalGateway,
  traffic,
  type ExternalGatewayHarness,
} from './external-gateway-harness.ts';
import { ifAssigned } from './fixtures/hooks.ts';

const TEST_OPEN_MS = 1500;
const routeOf = (upstream: string) => dwp.gateways.external!.routes.find((r) => r.upstream === upstream)!;
const HMRC_ACCEPT = { accept: 'application/vnd.hmrc.2.0+json' };
const postcodePath = `/external/royal-mail/search/places/v1/postcode?postcode=${encodeURIComponent(POSTCODES[3]!)}`;
const incomePath = '/external/hmrc/individuals/income/paye?nino=AA123456A&fromDate=2024-04-01';

async function until<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('external gateway with the Royal Mail, HMRC and NHS sandboxes', () => {
  let h: ExternalGatewayHarness;
  let royalMail: string;
  let hmrc: string;
  let nhs: string;

  before(async () => {
    h = await startExternalGateway({
      standIns: [royalMailSandbox, hmrcSandbox, nhsSandbox],
      gatewayEnv: { EXTERNAL_TEST_BREAKER_OPEN_MS: String(TEST_OPEN_MS) },
    });
    royalMail = h.sandboxUrl('royal-mail-sandbox');
    hmrc = h.sandboxUrl('hmrc-sandbox');
    nhs = h.sandboxUrl('nhs-sandbox');
  });

  after(async () => {
    await ifAssigned(h)?.stop();
  });

  it('lets each caller the definition names reach Royal Mail and HMRC, with the upstream credentials added', async () => {
    for (const caller of routeOf('royal-mail').callers) {
      const res = await h.call(caller, postcodePath);
      assert.equal(res.status, 200, caller);
      const body = (await res.json()) as { results: Array<{ DPA: { POSTCODE: string; UPRN: string } }> };
      assert.equal(body.results[0]!.DPA.POSTCODE, POSTCODES[3]);
    }
    for (const caller of routeOf('hmrc').callers) {
      const res = await h.call(caller, incomePath, { headers: HMRC_ACCEPT });
      assert.equal(res.status, 200, caller);
      assert.ok(((await res.json()) as { paye: { income: unknown[] } }).paye.income.length > 0);
    }
  });

  it('refuses every other platform service with 403 in the error shape, before anything reaches the sandbox', async () => {
    await clearTraffic(royalMail);
    await clearTraffic(hmrc);
    for (const upstream of ['royal-mail', 'hmrc']) {
      const route = routeOf(upstream);
      const others = dwp.services
        .map((s) => s.name)
        .filter((s) => !route.callers.includes(s) && s !== dwp.gateways.external!.service);
      for (const caller of others) {
        const res = await h.call(caller, upstream === 'hmrc' ? incomePath : postcodePath, { headers: HMRC_ACCEPT });
        assert.equal(res.status, 403, `${caller} -> ${upstream}`);
        const body = (await res.json()) as { error: { code: string } };
        assert.match(body.error.code, /^(EXT_ERR_CALLER_NOT_ALLOWED|SVC_ERR_CALLER_NOT_ALLOWED)$/);
      }
    }
    assert.equal((await traffic(royalMail)).total, 0);
    assert.equal((await traffic(hmrc)).total, 0);
    assert.equal((await h.call(undefined, postcodePath)).status, 401);
  });

  it('reads an NHS PDS patient for benefits-api and claims-api over mTLS with a signed-JWT token, and refuses address-api', async () => {
    for (const caller of routeOf('nhs').callers) {
      const res = await h.call(caller, '/external/nhs/Patient/9000000009', {
        headers: { accept: 'application/fhir+json' },
      });
      assert.equal(res.status, 200, caller);
      const patient = (await res.json()) as { resourceType: string; id: string; name: Array<{ family: string }> };
      assert.deepEqual([patient.resourceType, patient.id, patient.name[0]!.family], ['Patient', '9000000009', 'Smith']);
    }
    const unknown = await h.call('claims-api', '/external/nhs/Patient/9000000041');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { resourceType: string }).resourceType, 'OperationOutcome');
    assert.equal((await h.call('address-api', '/external/nhs/Patient/9000000009')).status, 403);
    assert.equal(
      (await h.call('claims-api', '/external/nhs/Patient/9000000009', { method: 'POST', body: '{}' })).status,
      405,
    );
  });

  it('holds a caller to its time bound against an upstream answering in 10 s, and opens the breaker', async () => {
    const { timeoutMs, retry, circuitBreaker } = dwp.gateways.external!;
    // The longest a caller can wait: every attempt's timeout and the longest backoffs between them.
    const bound = retry.maxAttempts * timeoutMs + (retry.maxAttempts - 1) * retry.maxDelayMs;
    const calls = Math.ceil(circuitBreaker.minimumCalls / retry.maxAttempts) + 2;
    const caller = routeOf('royal-mail').callers[0]!;
    await setFault(royalMail, { latencyMs: 10_000 });
    try {
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: calls }, async () => {
          const res = await h.call(caller, postcodePath);
          const body = (await res.json()) as { error?: { code: string } };
          return { status: res.status, code: body.error?.code, ms: Date.now() - started };
        }),
      );
      for (const a of answers) {
        assert.ok(
          (a.status === 504 && a.code === 'EXT_ERR_UPSTREAM_TIMEOUT') ||
            (a.status === 503 && a.code === 'EXT_ERR_CIRCUIT_OPEN'),
          JSON.stringify(a),
        );
        // Without the timeout each attempt would wait the sandbox's 10 s.
        assert.ok(a.ms < bound + 2000, `answered within ${bound} ms and a margin: ${JSON.stringify(a)}`);
      }
      assert.ok(
        answers.some((a) => a.code === 'EXT_ERR_CIRCUIT_OPEN'),
        `the breaker opened: ${JSON.stringify(answers)}`,
      );
    } finally {
      await setFault(royalMail, { latencyMs: 0 });
      // Leave the breaker closed for the tests after this one: a probe goes through once it half-opens.
      await until('the breaker to close again', TEST_OPEN_MS * 10, async () => {
        const res = await h.call(caller, postcodePath);
        await res.arrayBuffer();
        return res.status === 200 ? true : undefined;
      });
    }
  });

  it("sends what each sandbox requires: without the gateway's credentials the sandboxes refuse the same calls", async () => {
    // NHS: a client that trusts the server but has no client certificate cannot complete a call.
    const ca = await readFile(join(h.dataDir, 'sandboxes', 'nhs-pki', 'ca.crt'), 'utf8');
    const noClientCert = new Agent({ connect: { ca } });
    await assert.rejects(
      fetch(`${nhs}/personal-demographics/FHIR/R4/Patient/9000000009`, { dispatcher: noClientCert } as RequestInit),
    );
    await noClientCert.close();
    assert.equal((await fetch(`${royalMail}${postcodePath.replace('/external/royal-mail', '')}`)).status, 401);
    assert.equal(
      (await fetch(`${hmrc}${incomePath.replace('/external/hmrc', '')}`, { headers: HMRC_ACCEPT })).status,
      401,
    );
  });

  it('fetches the HMRC token once and reuses it', async () => {
    await clearTraffic(hmrc);
    for (let i = 0; i < 5; i++)
      assert.equal((await h.call('claims-api', incomePath, { headers: HMRC_ACCEPT })).status, 200);
    const t = await traffic(hmrc);
    assert.equal(t.byRoute['/oauth/token'] ?? 0, 0, 'the token from the first test is still good');
    assert.equal(t.byRoute['/individuals/income/paye'], 5);
  });

  it('never sends Royal Mail more than its per-minute limit: the rest get 429 with Retry-After', async () => {
    const limit = routeOf('royal-mail').rateLimit.requests;
    const before = await traffic(royalMail);
    const statuses = new Map<number, number>();
    let retryAfter: string | null = null;
    const extra = 50;
    const caller = routeOf('royal-mail').callers[0]!;
    // Eight callers at once, until more than the limit have been asked for.
    let asked = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (asked < limit + extra) {
          asked += 1;
          const res = await h.call(caller, postcodePath);
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 429) retryAfter = res.headers.get('retry-after');
        }
      }),
    );
    const after = await traffic(royalMail);
    assert.equal(after.maxInWindow, limit, 'the sandbox saw exactly the limit in the busiest minute');
    assert.equal((statuses.get(200) ?? 0) + before.total, limit);
    assert.ok((statuses.get(429) ?? 0) >= extra);
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, String(retryAfter));
  });

  it("opens HMRC's breaker against a failing sandbox, fails fast with 503 and Retry-After, and recovers after the open period", async () => {
    const { minimumCalls } = dwp.gateways.external!.circuitBreaker;
    await setFault(hmrc, { errorRate: 1, errorStatus: 503 });
    let opened: Response | undefined;
    for (let i = 0; i < minimumCalls * 2 && !opened; i++) {
      const res = await h.call('benefits-api', incomePath, { method: 'GET', headers: HMRC_ACCEPT });
      const body = (await res.json()) as { error?: { code: string } };
      if (body.error?.code === 'EXT_ERR_CIRCUIT_OPEN') opened = res;
      else assert.equal(res.status, 503, "the sandbox's failure is passed on until the breaker opens");
    }
    assert.ok(opened, 'the breaker opened');
    assert.equal(opened.status, 503);
    assert.ok(Number(opened.headers.get('retry-after')) >= 1);

    const seen = (await traffic(hmrc)).total;
    const fast = await h.call('benefits-api', incomePath, { headers: HMRC_ACCEPT });
    assert.equal(fast.status, 503);
    assert.equal(((await fast.json()) as { error: { code: string } }).error.code, 'EXT_ERR_CIRCUIT_OPEN');
    assert.equal((await traffic(hmrc)).total, seen, 'no call reached the sandbox while the circuit was open');
    const status = (await (await fetch(`${h.gatewayUrl}/external/status`)).json()) as {
      upstreams: Array<{ upstream: string; circuit: { state: string } }>;
    };
    assert.equal(status.upstreams.find((u) => u.upstream === 'hmrc')!.circuit.state, 'open');
    assert.match(
      await (await fetch(`${h.gatewayUrl}/metrics`)).text(),
      /external_upstream_circuit_state\{[^}]*upstream="hmrc"[^}]*\} 2/,
    );

    await setFault(hmrc, { errorRate: 0 });
    const recovered = await until('the breaker to let a probe through and close', TEST_OPEN_MS * 10, async () => {
      const res = await h.call('benefits-api', incomePath, { headers: HMRC_ACCEPT });
      await res.arrayBuffer();
      return res.status === 200 ? res : undefined;
    });
    assert.equal(recovered.status, 200);
    const after = (await (await fetch(`${h.gatewayUrl}/external/status`)).json()) as typeof status;
    assert.equal(after.upstreams.find((u) => u.upstream === 'hmrc')!.circuit.state, 'closed');
  });
});
