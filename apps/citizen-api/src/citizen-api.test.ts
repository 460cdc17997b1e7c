/** citizen-api's routes on a real DynamoDB-API server (dynalite, in memory), with address answers at the port. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { signedCallers, type SignedCallers } from '@dwp/data-kit/testing/signed-callers';
import { SEED_CITIZENS } from '@dwp/data-kit';
import { dwp } from '@dwp/platforms/dwp';
import { createService, type ServiceApp, type UserIdentity } from '@dwp/service-kit';
import { citizenApi } from './app.ts';
import type { FoundAddress } from './ports/address-lookup.ts';
import type { CitizenView } from './routes/citizen-views.ts';
import { seedDevCitizens } from './seed/dev-seed.ts';
import { CitizensStore } from './store/citizens-store.ts';

interface ErrorBody<D = unknown> {
  error: { code: string; details: D };
}
type PathDetails = ErrorBody<Array<{ path: string }>>;

const dynalite = createRequire(import.meta.url)('dynalite') as (opts: object) => Server;

const alice: UserIdentity = { sub: 'user-alice', username: 'alice', roles: ['citizen'] };
const bob: UserIdentity = { sub: 'user-bob', username: 'bob', roles: ['citizen'] };
const carol: UserIdentity = { sub: 'user-carol', username: 'carol', roles: ['caseworker'] };
const ADDRESSES = new Map<string, FoundAddress>([
  ['100023336956', { uprn: '100023336956', lines: ['10 DOWNING STREET'], postTown: 'LONDON', postcode: 'SW1A 2AA' }],
]);

const registration = (over: Record<string, unknown> = {}) => ({
  name: { given: 'Alice', family: 'Ashworth' },
  dateOfBirth: '1988-04-12',
  nino: 'jg 10 37 59 a',
  contact: { email: 'alice@example.com' },
  address: { uprn: '100023336956' },
  ...over,
});

describe('citizen-api on dynalite', () => {
  let server: Server;
  let client: DynamoDBClient;
  let store: CitizensStore;
  let app: ServiceApp;
  let callers: SignedCallers;
  const closers: Array<() => Promise<unknown>> = [];

  before(async () => {
    server = dynalite({ createTableMs: 0 });
    closers.unshift(
      () =>
        new Promise<void>((r) => {
          server.close(() => {
            r();
          });
        }),
    );
    await new Promise<void>((r) => {
      server.listen(0, '127.0.0.1', () => {
        r();
      });
    });
    client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    closers.unshift(async () => {
      client.destroy();
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'citizens',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'citizenId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'citizenId', KeyType: 'HASH' }],
      }),
    );
    store = new CitizensStore(client, 'citizens');
    callers = await signedCallers(dwp, 'citizen-api');
    const svc = await createService({
      platform: dwp,
      name: 'citizen-api',
      env: { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', ...callers.env },
    });
    citizenApi(svc.app, { store, addresses: { byUprn: async (uprn) => ADDRESSES.get(uprn) } });
    app = svc.app;
    closers.unshift(() => app.close());
    await app.ready();
  });
  after(async () => {
    for (const close of closers) await close();
  });

  const call = async (
    user: UserIdentity | string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      headers: {
        ...(typeof user === 'string' ? await callers.asService(user) : await callers.asUser(user)),
        ...headers,
      },
      ...(payload ? { payload } : {}),
    });

  it('registers a citizen with a normalised NINO and the PAF lines of the UPRN', async () => {
    const res = await call(alice, 'POST', '/citizen/citizens', registration(), {
      'idempotency-key': 'register-alice-1',
    });
    assert.equal(res.statusCode, 201);
    const c = res.json<CitizenView>();
    assert.equal(c.nino, 'JG103759A');
    assert.deepEqual(c.address?.lines, ['10 DOWNING STREET']);
    assert.equal(c.version, 1);
    assert.equal(res.headers.etag, '"1"');
  });

  it('answers a retried registration with the same record, and a second one with 409', async () => {
    const again = await call(alice, 'POST', '/citizen/citizens', registration(), {
      'idempotency-key': 'register-alice-1',
    });
    assert.equal(again.statusCode, 201);
    const me = (await call(alice, 'GET', '/citizen/citizens/me')).json<CitizenView>();
    assert.equal(again.json<CitizenView>().citizenId, me.citizenId);
    const second = await call(alice, 'POST', '/citizen/citizens', registration());
    assert.equal(second.statusCode, 409);
    assert.equal(second.json<ErrorBody>().error.code, 'CITIZEN_ERR_ALREADY_REGISTERED');
  });

  it('names every field that fails its rule', async () => {
    const res = await call(
      bob,
      'POST',
      '/citizen/citizens',
      registration({ nino: 'QQ123456C', dateOfBirth: '2020-01-01', contact: { email: 'not-an-email' } }),
    );
    assert.equal(res.statusCode, 400);
    const paths = res
      .json<PathDetails>()
      .error.details.map((d) => d.path)
      .sort();
    assert.deepEqual(paths, ['body.contact.email', 'body.dateOfBirth', 'body.nino']);
  });

  it('refuses an address whose UPRN address-api does not know', async () => {
    const res = await call(
      bob,
      'POST',
      '/citizen/citizens',
      registration({ nino: 'SN789012B', address: { uprn: '999' } }),
    );
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<PathDetails>().error.details[0]?.path, 'body.address.uprn');
  });

  it('changes a record at the version read, and refuses a stale one with 409', async () => {
    const me = await call(alice, 'GET', '/citizen/citizens/me');
    const id = me.json<CitizenView>().citizenId;
    const changed = await call(
      alice,
      'PATCH',
      `/citizen/citizens/${id}`,
      { contact: { mobile: '07700 900 982' }, preferences: { channels: { email: true, sms: true }, language: 'cy' } },
      { 'if-match': me.headers.etag as string },
    );
    assert.equal(changed.statusCode, 200);
    assert.equal(changed.json<CitizenView>().version, 2);
    assert.equal(changed.json<CitizenView>().contact.mobile, '07700900982');
    const stale = await call(
      alice,
      'PATCH',
      `/citizen/citizens/${id}`,
      { consents: { hmrcIncome: true } },
      { 'if-match': me.headers.etag as string },
    );
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json<ErrorBody>().error.code, 'CITIZEN_ERR_VERSION_CONFLICT');
    const missing = await call(alice, 'PATCH', `/citizen/citizens/${id}`, { consents: { hmrcIncome: true } });
    assert.equal(missing.statusCode, 428);
  });

  it('lets the owner and caseworkers read a record, hides it from other citizens, and lets only the owner change it', async () => {
    const id = (await call(alice, 'GET', '/citizen/citizens/me')).json<CitizenView>().citizenId;
    assert.equal((await call(carol, 'GET', `/citizen/citizens/${id}`)).statusCode, 200);
    assert.equal((await call(bob, 'GET', `/citizen/citizens/${id}`)).statusCode, 404);
    const edit = await call(
      carol,
      'PATCH',
      `/citizen/citizens/${id}`,
      { consents: { hmrcIncome: true } },
      { 'if-match': '"2"' },
    );
    assert.equal(edit.statusCode, 403);
  });

  it("answers a platform service asking for a user's record", async () => {
    const res = await call('claims-api', 'GET', `/citizen/users/${alice.sub}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<CitizenView>().address?.uprn, '100023336956');
  });

  it('pages a caseworker through every citizen once', async () => {
    assert.equal(await seedDevCitizens(store), SEED_CITIZENS.length);
    assert.equal(await seedDevCitizens(store), 0);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await call(carol, 'GET', `/citizen/citizens?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json<{
        items: CitizenView[];
        nextCursor?: string;
      }>();
      seen.push(...page.items.map((c) => c.citizenId));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, SEED_CITIZENS.length + 1);
    assert.equal(new Set(seen).size, seen.length);
    assert.equal((await call(alice, 'GET', '/citizen/citizens')).statusCode, 403);
  });

  const dora: UserIdentity = { sub: 'user-dora', username: 'dora', roles: ['citizen'] };
  const typedIn = { lines: [' Flat 2 ', ''], postTown: 'Leeds', postcode: 'ls1 4ap' };

  it('registers an address the postcode lookup did not list, as typed in and without a UPRN', async () => {
    const res = await call(
      dora,
      'POST',
      '/citizen/citizens',
      registration({ nino: 'WP456123D', address: { ...typedIn, lines: ['Flat 2', '14 Park Row'] } }),
    );
    assert.equal(res.statusCode, 201);
    const a = res.json<CitizenView>().address;
    assert.ok(a);
    assert.deepEqual(
      { ...a, enteredAt: typeof a.enteredAt },
      {
        source: 'entered',
        lines: ['Flat 2', '14 Park Row'],
        postTown: 'Leeds',
        postcode: 'LS1 4AP',
        enteredAt: 'string',
      },
    );
    const forClaims = (await call('claims-api', 'GET', `/citizen/users/${dora.sub}`)).json<CitizenView>();
    assert.ok(forClaims.address);
    assert.equal(
      forClaims.address.uprn,
      undefined,
      'claims-api sees no UPRN, so a claim waits for an address found by postcode',
    );
  });

  it('replaces a typed-in address with one found by postcode, and drops blank lines', async () => {
    const me = await call(dora, 'GET', '/citizen/citizens/me');
    const id = me.json<CitizenView>().citizenId;
    const blank = await call(
      dora,
      'PATCH',
      `/citizen/citizens/${id}`,
      { address: typedIn },
      { 'if-match': me.headers.etag as string },
    );
    assert.equal(blank.statusCode, 200);
    assert.deepEqual(blank.json<CitizenView>().address?.lines, ['Flat 2']);
    const found = await call(
      dora,
      'PATCH',
      `/citizen/citizens/${id}`,
      { address: { uprn: '100023336956' } },
      { 'if-match': blank.headers.etag as string },
    );
    assert.equal(found.statusCode, 200);
    const foundAddress = found.json<CitizenView>().address;
    assert.ok(foundAddress);
    assert.equal(foundAddress.source, 'postcode-lookup');
    assert.equal(foundAddress.uprn, '100023336956');
    assert.equal(foundAddress.enteredAt, undefined);
  });

  it('refuses a typed-in address without a first line, a town or a real postcode', async () => {
    const me = await call(dora, 'GET', '/citizen/citizens/me');
    for (const address of [
      { ...typedIn, lines: ['  '] },
      { ...typedIn, postTown: '' },
      { ...typedIn, postcode: 'QQ1 1QQ' },
      { ...typedIn, lines: ['a', 'b', 'c'] },
      { ...typedIn, lines: ['x'.repeat(101)] },
    ]) {
      const res = await call(
        dora,
        'PATCH',
        `/citizen/citizens/${me.json<CitizenView>().citizenId}`,
        { address },
        { 'if-match': me.headers.etag as string },
      );
      assert.equal(res.statusCode, 400, JSON.stringify(address));
    }
  });

  it('answers a stored record of the wrong shape with a clear error, not a wrong record', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'citizens',
        Item: {
          citizenId: { S: 'user#user-erin' },
          kind: { S: 'user-index' },
          target: { S: '0191a000-0000-7000-9000-0000000000ee' },
        },
      }),
    );
    await client.send(
      new PutItemCommand({
        TableName: 'citizens',
        Item: {
          citizenId: { S: '0191a000-0000-7000-9000-0000000000ee' },
          kind: { S: 'citizen' },
          sub: { S: 'user-erin' },
          name: { S: 'Erin Evans' },
        },
      }),
    );
    const res = await call('claims-api', 'GET', '/citizen/users/user-erin');
    assert.equal(res.statusCode, 500);
    assert.equal(res.json<ErrorBody>().error.code, 'CITIZEN_ERR_STORED_ITEM_UNREADABLE');
  });
});
