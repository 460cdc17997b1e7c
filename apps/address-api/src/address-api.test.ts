/**
 * address-api against the OS Places sandbox (the shape the external gateway's Royal Mail route
 * serves), called in-process as the gateway would call it, with the cache between.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedCallers, type SignedCallers } from '@dwp/data-kit/testing/signed-callers';
import { dwp } from '@dwp/platforms/dwp';
import { createRoyalMailSandbox, ROYAL_MAIL_API_KEY_HEADER, type Sandbox } from '@dwp/sandboxes';
import { FakeClock } from '@dwp/clock';
import { createService, readAnswer, type ServiceApp } from '@dwp/service-kit';
import { CachedAddresses } from './cache/cached-addresses.ts';
import { MemoryTtlCache } from './cache/ttl-cache.ts';
import { RoyalMailAddresses, type ExternalGet } from './ports/royal-mail.ts';
import { addressRoutes } from './routes/address-routes.ts';

interface ErrorBody {
  error: { code: string };
}
interface AddressBody {
  uprn: string;
  lines: string[];
}

const KEY = 'test-royal-mail-key';
const citizen = { sub: 'u-1', username: 'alice', roles: ['citizen' as const] };

describe('address-api with the OS Places sandbox behind the external gateway route', () => {
  let sandbox: Sandbox;
  let app: ServiceApp;
  let callers: SignedCallers;
  let upstreamCalls = 0;
  const clock = new FakeClock(1_700_000_000_000);
  let upstreamDown = false;
  let upstreamGarbled = false;
  const closers: Array<() => Promise<unknown>> = [];

  before(async () => {
    sandbox = createRoyalMailSandbox({ apiKey: KEY, logLevel: 'silent' });
    closers.push(() => sandbox.app.close());
    const get: ExternalGet = async (path) => {
      upstreamCalls++;
      const what = `external-gateway (GET ${path})`;
      if (upstreamDown)
        return {
          status: 503,
          read: (schema, o) => readAnswer(what, async () => ({}), schema, o),
          text: async () => '',
        };
      if (upstreamGarbled) {
        const body = { results: [{ DPA: { UPRN: 100023015838 } }] };
        return {
          status: 200,
          read: (schema, o) => readAnswer(what, async () => body, schema, o),
          text: async () => '',
        };
      }
      const res = await sandbox.app.inject({
        method: 'GET',
        url: path.replace('/external/royal-mail', ''),
        headers: { [ROYAL_MAIL_API_KEY_HEADER]: KEY },
      });
      return {
        status: res.statusCode,
        read: (schema, o) => readAnswer(what, async (): Promise<unknown> => res.json(), schema, o),
        text: async () => res.body,
      };
    };
    callers = await signedCallers(dwp, 'address-api');
    const svc = await createService({
      platform: dwp,
      name: 'address-api',
      env: { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', ...callers.env },
    });
    addressRoutes(svc.app, {
      addresses: new CachedAddresses(new RoyalMailAddresses(get), new MemoryTtlCache({ clock }), {
        ttlSeconds: 300,
      }),
    });
    app = svc.app;
    closers.unshift(() => app.close());
    await app.ready();
  });
  after(async () => {
    for (const close of closers) await close();
  });

  const get = async (url: string) => app.inject({ method: 'GET', url, headers: await callers.asUser(citizen) });

  it('lists the PAF addresses at a postcode, with UPRNs, however the postcode is typed', async () => {
    const res = await get('/address/postcodes/ls61jq');
    assert.equal(res.statusCode, 200);
    const body = res.json<{ postcode: string; addresses: AddressBody[] }>();
    assert.equal(body.postcode, 'LS6 1JQ');
    const flat = body.addresses.find((a) => a.uprn === '100023015838');
    assert.deepEqual(flat, {
      uprn: '100023015838',
      lines: ['28 HIGH STREET'],
      postTown: 'LEEDS',
      postcode: 'LS6 1JQ',
      singleLine: '28, HIGH STREET, LEEDS, LS6 1JQ',
    });
  });

  it('serves a repeated lookup from the cache until its TTL has passed', async () => {
    await get('/address/postcodes/BS7%201UE');
    const calls = upstreamCalls;
    await get('/address/postcodes/BS7%201UE');
    assert.equal(upstreamCalls, calls, 'second lookup within the TTL is cached');
    clock.tick(301_000);
    await get('/address/postcodes/BS7%201UE');
    assert.equal(upstreamCalls, calls + 1, 'after the TTL Royal Mail is asked again');
  });

  it('answers a malformed postcode with 400 without asking Royal Mail', async () => {
    const calls = upstreamCalls;
    const res = await get('/address/postcodes/QQ1%201AA');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<ErrorBody>().error.code, 'ADDRESS_ERR_POSTCODE_INVALID');
    assert.equal(upstreamCalls, calls);
  });

  it('answers a well-formed postcode with no addresses with 404', async () => {
    const res = await get('/address/postcodes/ZE3%209XP');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json<ErrorBody>().error.code, 'ADDRESS_ERR_POSTCODE_NOT_FOUND');
  });

  it('validates an address by UPRN, and 404s one Royal Mail does not know', async () => {
    const ok = await get('/address/addresses/100024591719');
    assert.deepEqual(ok.json<AddressBody>().lines, ['HOLLY HOUSE', 'SCHOOL LANE']);
    const missing = await get('/address/addresses/999999999999');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<ErrorBody>().error.code, 'ADDRESS_ERR_UPRN_NOT_FOUND');
  });

  it('answers 503 when Royal Mail cannot be reached and nothing is cached', async () => {
    upstreamDown = true;
    try {
      const res = await get('/address/postcodes/NR2%201AA');
      assert.equal(res.statusCode, 503);
      assert.equal(res.json<ErrorBody>().error.code, 'ADDRESS_ERR_LOOKUP_UNAVAILABLE');
    } finally {
      upstreamDown = false;
    }
  });

  it('answers 502 naming Royal Mail when its answer is not of the OS Places shape', async () => {
    upstreamGarbled = true;
    try {
      const res = await get('/address/postcodes/EH1%201YZ');
      assert.equal(res.statusCode, 502);
      assert.equal(res.json<ErrorBody>().error.code, 'ADDRESS_ERR_ROYAL_MAIL_BAD_ANSWER');
    } finally {
      upstreamGarbled = false;
    }
  });
});
