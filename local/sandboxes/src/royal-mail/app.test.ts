import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ADDRESSES, POSTCODES } from './addresses.ts';
import { createRoyalMailSandbox } from './app.ts';

const KEY = 'test-key';

/** OS Places' answer, as far as the tests read it. */
const placesAnswer = z.object({
  header: z.object({ totalresults: z.number() }),
  results: z.array(z.object({ DPA: z.record(z.string(), z.unknown()) })).optional(),
});
const errorAnswer = z.object({ error: z.object({ statuscode: z.number(), message: z.string() }) });
const { app } = createRoyalMailSandbox({ apiKey: KEY, logLevel: 'silent' });

describe('royal mail (OS Places) sandbox', () => {
  it('has a few hundred synthetic addresses with unique UPRNs', () => {
    assert.ok(ADDRESSES.length >= 200);
    assert.equal(new Set(ADDRESSES.map((a) => a.UPRN)).size, ADDRESSES.length);
  });

  it('finds the addresses at a postcode in the DPA shape, however the postcode is spaced', async () => {
    const postcode = POSTCODES[0]!;
    const res = await app.inject({
      url: `/search/places/v1/postcode?postcode=${encodeURIComponent(postcode.replace(' ', '').toLowerCase())}`,
      headers: { key: KEY },
    });
    assert.equal(res.statusCode, 200);
    const body = placesAnswer.parse(res.json());
    assert.ok(body.header.totalresults >= 1);
    const dpa = body.results?.[0]?.DPA ?? {};
    assert.equal(dpa.POSTCODE, postcode);
    for (const field of ['UPRN', 'ADDRESS', 'THOROUGHFARE_NAME', 'POST_TOWN', 'POSTCODE'])
      assert.equal(typeof dpa[field], 'string', field);
  });

  it('finds one address by UPRN, and answers an unknown UPRN with no results', async () => {
    const a = ADDRESSES[10]!;
    const found = placesAnswer.parse(
      (await app.inject({ url: `/search/places/v1/uprn?uprn=${a.UPRN}&key=${KEY}` })).json(),
    );
    assert.equal(found.results?.[0]?.DPA.ADDRESS, a.ADDRESS);
    const none = placesAnswer.parse(
      (await app.inject({ url: '/search/places/v1/uprn?uprn=1', headers: { key: KEY } })).json(),
    );
    assert.equal(none.header.totalresults, 0);
    assert.equal(none.results, undefined);
  });

  it('refuses a call without the API key, or with a wrong one, with 401', async () => {
    for (const headers of [{}, { key: 'nope' }]) {
      const res = await app.inject({ url: `/search/places/v1/postcode?postcode=${POSTCODES[0]}`, headers });
      assert.equal(res.statusCode, 401);
      assert.equal(errorAnswer.parse(res.json()).error.statuscode, 401);
    }
  });

  it('answers a malformed postcode with 400 in the OS Places error shape', async () => {
    const res = await app.inject({ url: '/search/places/v1/postcode?postcode=%27%3B--', headers: { key: KEY } });
    assert.equal(res.statusCode, 400);
    assert.match(errorAnswer.parse(res.json()).error.message, /postcode/);
  });

  it('answers 503 while the fault switch fails every call, and counts the calls', async () => {
    const { app: faulty } = createRoyalMailSandbox({ apiKey: KEY, logLevel: 'silent' });
    await faulty.inject({ method: 'POST', url: '/__fault', payload: { errorRate: 1 } });
    assert.equal(
      (await faulty.inject({ url: '/search/places/v1/uprn?uprn=1', headers: { key: KEY } })).statusCode,
      503,
    );
    assert.equal((await faulty.inject({ url: '/__traffic' })).json<{ total: number }>().total, 1);
    assert.equal((await faulty.inject({ method: 'POST', url: '/__fault', payload: { errorRate: 2 } })).statusCode, 400);
  });
});
