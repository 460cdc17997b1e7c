import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
// The service kit's pool, to check it verifies the server under the variables infra sets.
import { openPostgres } from '@dwp/service-kit';
import { POSTGRES_TLS_ENV, RDS_CA_BUNDLE_PATH, RDS_CA_BUNDLE_URL, RDS_CA_FETCH_SCRIPT } from './postgres-tls.ts';

interface Run {
  readonly written: Map<string, string>;
  readonly exitCode: number | undefined;
  readonly fetched: string[];
}

/** Runs the init container's script as `node -e` would, against a fake network and file system. */
async function run(answer: { ok: boolean; status: number; body: string } | Error): Promise<Run> {
  const written = new Map<string, string>();
  const fetched: string[] = [];
  let exitCode: number | undefined;
  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  const context = {
    fetch: async (url: string) => {
      fetched.push(url);
      if (answer instanceof Error) throw answer;
      return { ok: answer.ok, status: answer.status, text: async () => answer.body };
    },
    require: (id: string) => {
      if (id !== 'node:fs') throw new Error(`unexpected require ${id}`);
      return {
        writeFileSync: (path: string, data: string) => {
          written.set(path, data);
          settle();
        },
      };
    },
    process: {
      exit: (code: number) => {
        exitCode = code;
        settle();
      },
    },
    console: { error: () => undefined },
  };
  runInNewContext(RDS_CA_FETCH_SCRIPT, context);
  await done;
  return { written, exitCode, fetched };
}

describe('the RDS CA bundle init container', () => {
  it("writes Amazon's RDS CA bundle to the path NODE_EXTRA_CA_CERTS names", async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const r = await run({ ok: true, status: 200, body: pem });
    assert.deepEqual(r.fetched, [RDS_CA_BUNDLE_URL]);
    assert.equal(r.written.get(RDS_CA_BUNDLE_PATH), pem);
    assert.equal(r.exitCode, undefined);
  });

  it('fails (so the task does not start without it) on an HTTP error', async () => {
    const r = await run({ ok: false, status: 503, body: '' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.written.size, 0);
  });

  it('fails on an answer that is not a PEM bundle', async () => {
    const r = await run({ ok: true, status: 200, body: '<html>captive portal</html>' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.written.size, 0);
  });

  it('fails when the network is unreachable', async () => {
    const r = await run(new Error('getaddrinfo ENOTFOUND'));
    assert.equal(r.exitCode, 1);
  });
});

describe('the PostgreSQL TLS variables', () => {
  it("make the service kit's pool verify the database's certificate", async () => {
    const store = openPostgres({ PGHOST: 'db.example', ...POSTGRES_TLS_ENV }, { applicationName: 'infra-test' });
    try {
      assert.deepEqual((store.pool as unknown as { options: { ssl: unknown } }).options.ssl, {
        rejectUnauthorized: true,
      });
    } finally {
      await store.close();
    }
  });
});
