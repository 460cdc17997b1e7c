/**
 * Tracing across the platform, read back from the runtime's trace store through its Jaeger API:
 * one request through :8080 is one trace whose spans link edge -> gateway emulator -> service ->
 * its database; a claim's submission and the email it causes are one trace through the outbox, SQS,
 * the notifier and the Notify sandbox; an upstream's failure is an error span with the breaker's state.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { ifAssigned } from './fixtures/hooks.ts';
import { newTraceparent, traceWhen, type JaegerSpan, type Trace } from './fixtures/jaeger-client.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

const GATEWAY = 'dwp-internal-api';

describe('one trace per request, across every hop', () => {
  let started: TestPlatform;
  let platform: LocalPlatform;
  let citizen: string;

  before(async () => {
    started = await startTestPlatform('tracing');
    platform = started.platform;
    citizen = `Bearer ${(await signIn(platform.entryUrl, await seededUser(started.dataDir, 'test-citizen'))).accessToken}`;
  });
  after(async () => {
    await ifAssigned(started)?.stop();
  });

  const call = async (method: string, path: string, traceparent: string, body?: object, headers = {}) => {
    const res = await fetch(`${platform.entryUrl}/api${path}`, {
      method,
      headers: {
        authorization: citizen,
        traceparent,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const ok = async (method: string, path: string, body?: object, headers = {}) => {
    const res = await call(method, path, newTraceparent().traceparent, body, headers);
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const isServer = (t: Trace, s: JaegerSpan, service: string) =>
    t.serviceOf(s) === service && t.tag(s, 'span.kind') === 'server';

  it('links the edge, the gateway emulator, the service and its PostgreSQL query in one trace', async () => {
    const { traceId, traceparent } = newTraceparent();
    const res = await call('GET', '/claims/claims', traceparent);
    assert.equal(res.status, 200);
    const t = await traceWhen(
      platform.adminUrl,
      traceId,
      (tr) =>
        tr.find((s) => tr.tag(s, 'db.system.name') === 'postgresql').length > 0 && tr.ofService('edge').length > 0,
    );
    const [edge] = t.ofService('edge', 'server');
    assert.ok(edge, t.describe());
    assert.equal(t.tag(edge, 'http.response.status_code'), 200);

    const [gateway] = t.find((s) => isServer(t, s, GATEWAY));
    assert.ok(gateway, `no ${GATEWAY} server span:\n${t.describe()}`);
    assert.equal(t.parentOf(gateway)?.spanID, edge.spanID, "the gateway's span is the edge's child");
    assert.equal(t.tag(gateway, 'http.route'), '/claims/{proxy+}', "the gateway's route");
    assert.equal(t.tag(gateway, 'http.response.status_code'), 200);

    // (The gateway may also have fetched the service's OpenAPI document in this trace, to validate.)
    const [service] = t.find((s) => isServer(t, s, 'claims-api') && s.operationName === 'GET /claims/claims');
    assert.ok(service, t.describe());
    const serviceAncestry = t.ancestorsOf(service).map((s) => s.spanID);
    assert.ok(serviceAncestry.includes(gateway.spanID), "the service's span descends from the gateway's");
    assert.equal(t.serviceOf(t.parentOf(service)!), GATEWAY, "its parent is the gateway's call to it");

    const [query] = t.find((s) => t.tag(s, 'db.system.name') === 'postgresql');
    assert.equal(t.serviceOf(query!), 'claims-api');
    assert.ok(
      t.ancestorsOf(query!).some((s) => s.spanID === service.spanID),
      `the query descends from the service's request span:\n${t.describe()}`,
    );
  });

  it("makes a claim's submission and the email it causes one trace, through the outbox, SQS and the notifier", async () => {
    const found = await ok('GET', '/address/postcodes/ls6%201jq');
    const home = (found.addresses as Array<{ uprn: string; lines: string[] }>)[0]!;
    await ok(
      'POST',
      '/citizen/citizens',
      {
        name: { given: 'Amanda', family: 'Rowe' },
        dateOfBirth: '1985-03-14',
        nino: 'AA 12 34 56 A',
        contact: { email: 'amanda.rowe@example.com' },
        address: { uprn: home.uprn },
        consents: { hmrcIncome: true },
      },
      { 'idempotency-key': 'tracing-register-1' },
    );
    const verify = await ok('POST', '/identity/verify', { loginHint: 'citizen-p2' });
    const authorize = await fetch(verify.authorizeUrl as string, { redirect: 'manual' });
    const back = new URL(authorize.headers.get('location')!);
    assert.equal((await fetch(`${platform.entryUrl}${back.pathname}${back.search}`)).status, 200);
    const claim = await ok(
      'POST',
      '/claims/claims',
      { benefit: 'universal-credit', answers: {} },
      { 'idempotency-key': 'tracing-claim-1' },
    );

    const { traceId, traceparent } = newTraceparent();
    const submitted = await call('POST', `/claims/claims/${String(claim.id)}/submit`, traceparent, {});
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const t = await traceWhen(platform.adminUrl, traceId, (tr) => tr.ofService('notify-sandbox', 'server').length > 0);

    const [submit] = t.find(
      (s) => isServer(t, s, 'claims-api') && /^POST \/claims\/claims\/:\w+\/submit$/.test(s.operationName),
    );
    assert.ok(submit, `no span of the submission:\n${t.describe()}`);
    const [send] = t.find((s) => t.tag(s, 'span.kind') === 'producer' && t.serviceOf(s) === 'claims-api');
    assert.ok(send, `no SQS send span from claims-api:\n${t.describe()}`);
    assert.ok(
      t.ancestorsOf(send).some((s) => s.spanID === submit.spanID),
      'the send continues the request that made the event',
    );
    const [consume] = t.ofService('notifier', 'consumer');
    assert.ok(consume, `no notifier consumer span:\n${t.describe()}`);
    assert.equal(t.parentOf(consume)?.spanID, send.spanID, "the notifier's handling is the send's child");
    const [notify] = t.ofService('notify-sandbox', 'server');
    assert.ok(
      t.ancestorsOf(notify!).some((s) => s.spanID === consume.spanID),
      "Notify's span descends from the notifier's handling of the message",
    );
  });

  it("shows an upstream's failure as an error span with the breaker's state", async () => {
    const status = (await (await fetch(`${platform.adminUrl}/status`)).json()) as {
      standIns: Array<{ name: string; endpoint: string }>;
    };
    const royalMail = status.standIns.find((s) => s.name === 'royal-mail-sandbox')!.endpoint;
    const fault = await fetch(`${royalMail}/__fault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 1 }),
    });
    assert.equal(fault.status, 200);
    try {
      const states: string[] = [];
      // Different postcodes each time, so no cache answers for the upstream.
      for (const [i, postcode] of [
        'sw1a%201aa',
        'sw1a%202aa',
        'ec1a%201bb',
        'w1a%200ax',
        'm1%201ae',
        'b33%208th',
        'cr2%206xh',
        'dn55%201pt',
      ].entries()) {
        const { traceId, traceparent } = newTraceparent();
        const res = await call('GET', `/address/postcodes/${postcode}`, traceparent);
        assert.ok(res.status >= 500, `call ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        const t = await traceWhen(
          platform.adminUrl,
          traceId,
          (tr) => tr.ofService('external-gateway', 'server').length > 0,
        );
        const [gateway] = t.ofService('external-gateway', 'server');
        assert.equal(t.tag(gateway!, 'error'), true, `the external gateway's span is an error:\n${t.describe()}`);
        assert.equal(t.tag(gateway!, 'upstream.name'), 'royal-mail');
        states.push(`${String(t.tag(gateway!, 'upstream.circuit.state'))} ${String(t.tag(gateway!, 'error.type'))}`);
        if (t.tag(gateway!, 'error.type') === 'EXT_ERR_CIRCUIT_OPEN') break;
      }
      assert.match(states[0]!, /^closed /, 'the first failure leaves the breaker closed');
      assert.equal(
        states.at(-1),
        'open EXT_ERR_CIRCUIT_OPEN',
        `after repeated failures the breaker is open and answers at once: ${states.join(', ')}`,
      );
    } finally {
      await fetch(`${royalMail}/__fault`, { method: 'DELETE' });
    }
  });
});
