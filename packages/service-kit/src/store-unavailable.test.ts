import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import pg from 'pg';
import { isStoreUnavailable } from './store-unavailable.ts';

/** A port nothing listens on: taken from the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('isStoreUnavailable', () => {
  it('knows a PostgreSQL server that is not there, as node-postgres reports it', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: await closedPort(), connectionTimeoutMillis: 1000 });
    const err = await errorOf(() => pool.query('select 1'));
    await pool.end();
    assert.equal(isStoreUnavailable(err), true, String(err));
  });

  it('knows a DynamoDB endpoint that is not there, as the AWS SDK reports it', async () => {
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const err = await errorOf(() => client.send(new ListTablesCommand({})));
    client.destroy();
    assert.equal(isStoreUnavailable(err), true, String(err));
  });

  it("knows PostgreSQL's shutdown, recovery and connection SQLSTATEs, and a dropped connection", () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300'])
      assert.equal(isStoreUnavailable(Object.assign(new Error('x'), { code })), true, code);
    assert.equal(isStoreUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isStoreUnavailable(new Error('wrapped', { cause: { code: 'ECONNRESET' } })), true);
  });

  it('does not take a fault of the request or the code for an outage', () => {
    for (const code of ['23505', '42601', '22P02', '40001', 'ConditionalCheckFailedException'])
      assert.equal(isStoreUnavailable(Object.assign(new Error('x'), { code })), false, code);
    assert.equal(isStoreUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")), false);
    assert.equal(isStoreUnavailable(undefined), false);
    assert.equal(isStoreUnavailable('ECONNREFUSED'), false);
  });
});
