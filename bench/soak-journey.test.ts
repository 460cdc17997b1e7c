import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { journey, STEPS, type Outcome } from './soak-journey.ts';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly idempotencyKey: string | undefined;
}

describe('the soak journey', () => {
  // A stand-in entry: records what it was asked, answers the claim create with an id unless told to fail.
  const seen: Seen[] = [];
  let createAnswers = 201;
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        idempotencyKey: typeof key === 'string' ? key : undefined,
      });
      if (req.method === 'POST' && req.url === '/api/claims/claims') {
        res
          .writeHead(createAnswers, { 'content-type': 'application/json' })
          .end(JSON.stringify(createAnswers === 201 ? { id: `claim-${seen.length}` } : { error: { code: 'X' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let entryUrl = '';
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    entryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
  });
  beforeEach(() => {
    seen.length = 0;
    createAnswers = 201;
  });

  /** Fires every slot of `visits` visits at once, as a schedule far ahead of the answers would. */
  const fireAll = (visits: number, run = 'r1') => {
    const j = journey(entryUrl, () => 'Bearer t', run);
    return Promise.all(Array.from({ length: visits * STEPS.length }, (_, slot) => j.fire(slot)));
  };

  it("sends a visit's steps in order, each after the one before answered", async () => {
    const outcomes = await fireAll(1);
    assert.deepEqual(
      outcomes.map((o) => o?.step),
      STEPS.map((s) => s.name),
    );
    assert.ok(outcomes.every((o) => o?.ok));
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url.split('?')[0]!}`),
      [
        'GET /',
        'GET /sign-in',
        'GET /api/identity/me',
        'GET /api/benefits/catalogue',
        'GET /api/address/postcodes/LS6%201JQ',
        'GET /api/claims/claims',
        'POST /api/claims/claims',
        'POST /api/claims/claims/claim-7/evidence',
        'POST /api/claims/claims/claim-7/withdraw',
        'GET /api/claims/claims/claim-7',
      ],
    );
  });

  it('signs in the API requests and leaves the web pages anonymous', async () => {
    await fireAll(1);
    for (const s of seen) assert.equal(s.authorization, s.url.startsWith('/api/') ? 'Bearer t' : undefined, s.url);
  });

  it('gives every claim and upload an Idempotency-Key of its own', async () => {
    await fireAll(3);
    const keys = seen.flatMap((s) => (s.idempotencyKey ? [s.idempotencyKey] : []));
    assert.equal(keys.length, 6);
    assert.equal(new Set(keys).size, 6);
  });

  it('skips the claim steps of a visit whose claim was not made, and counts the create as failed', async () => {
    createAnswers = 503;
    const outcomes = await fireAll(1);
    const create = outcomes.find((o) => o?.step === 'POST /api/claims/claims')!;
    assert.deepEqual([create.ok, create.status], [false, 503]);
    assert.equal(outcomes.filter((o) => o === undefined).length, 3);
    assert.equal(seen.length, STEPS.length - 3);
  });

  it('counts a request the entry never answers as failed, with the error', async () => {
    const j = journey('http://127.0.0.1:1', () => 'Bearer t', 'r');
    const o: Outcome | undefined = await j.fire(0);
    assert.ok(o, 'a web page step is never skipped');
    assert.equal(o.ok, false);
    assert.equal(o.status, undefined);
    assert.match(o.error ?? '', /fetch failed/);
  });
});
