/**
 * Abuse at the edge, over raw TCP to a real edge in front of two real targets (the API gateway and
 * the web tier, each echoing what it received): oversized heads and bodies, slow clients, request
 * smuggling, pipelining, path traversal and host header games. Each gets its 4xx with a clear error,
 * nothing malformed is forwarded, and other clients are served meanwhile.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Forwarder } from '@dwp/gateway-core';
import { dwp } from '@dwp/platforms/dwp';
import { request } from 'undici';
import { createEdge, type InstancePicker } from './edge.ts';
import { RawConnection, errorOf, rawRequest, type RawResponse } from './testing/raw-http.ts';

const API = 'dwp-internal-api';
const WEB = 'frontend-service';
const MAX_BODY = 4096;

interface Seen {
  readonly service: string;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
}

const portOf = (s: Server) => (s.address() as AddressInfo).port;

describe('the edge under abuse', () => {
  const seen: Seen[] = [];
  /** Responses a target holds back, with what they will say. */
  const held = new Map<ServerResponse, string>();
  const servers: Server[] = [];
  const forwarder = new Forwarder();
  /** The edge as `npm start` runs it: the DWP web ACL, the default limits. */
  let edge: number;
  /** The same without a web ACL, and with timeouts short enough to wait for. */
  let impatient: number;

  /** A target that echoes what it received; `?hold` waits until a request with `?release` arrives. */
  const target = (service: string) =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bodyBytes = Buffer.concat(chunks).length;
        seen.push({ service, method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes });
        const echo = JSON.stringify({ service, url: req.url, headers: req.headers, bodyBytes });
        const answer = (r: ServerResponse, body: string) =>
          r.writeHead(200, { 'content-type': 'application/json' }).end(body);
        if (req.url?.includes('hold') === true) {
          held.set(res, echo);
          return;
        }
        answer(res, echo);
        if (req.url?.includes('release') === true) {
          for (const [r, body] of held) answer(r, body);
          held.clear();
        }
      });
    });

  const listen = async (s: Server) => {
    servers.push(s);
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    return portOf(s);
  };

  before(async () => {
    const apiPort = await listen(target(API));
    const webPort = await listen(target(WEB));
    const registry: InstancePicker = {
      next: (service) => ({ id: `${service}-1`, host: '127.0.0.1', port: service === API ? apiPort : webPort }),
    };
    const common = {
      registry,
      forwarder,
      apiBasePath: '/api',
      apiService: API,
      webService: WEB,
      maxBodyBytes: MAX_BODY,
    };
    edge = await listen(
      createEdge({ ...common, waf: { ...dwp.edge!.waf, maxBodyBytes: MAX_BODY }, onBlock: () => undefined }),
    );
    impatient = await listen(createEdge({ ...common, limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } }));
  });
  after(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await forwarder.close();
  });

  /** Another client's ordinary request, on its own connection: the edge must still serve it. */
  const stillServes = async (port: number) => {
    const res = await request(`http://127.0.0.1:${port}/api/health`);
    await res.body.dump();
    assert.equal(res.statusCode, 200);
  };
  const refusedWith = (r: RawResponse, status: number, code: string) => {
    assert.equal(r.status, status, r.body);
    assert.equal(errorOf(r)?.code, code, r.body);
    assert.notEqual(errorOf(r)?.message, '');
  };
  const echoOf = (r: RawResponse) => {
    assert.equal(r.status, 200, r.body);
    return JSON.parse(r.body) as { service: string; url: string; headers: IncomingHttpHeaders; bodyBytes: number };
  };
  const get = (path: string, headers = 'Host: site.example\r\n') =>
    rawRequest(edge, `GET ${path} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`);

  describe('sizes', () => {
    it('answers a request head over 20 KB with 431 and closes the connection, while others are served', async () => {
      const conn = await RawConnection.open(edge);
      await conn.write(`GET /api/claims HTTP/1.1\r\nHost: site.example\r\nX-Big: ${'a'.repeat(25_000)}\r\n\r\n`);
      refusedWith(await conn.next(), 431, 'EDGE_ERR_HEADERS_TOO_LARGE');
      await conn.closed;
      await stillServes(edge);
    });

    it('tells a browser whose cookies are too big so, on a page', async () => {
      const r = await get('/claims', `Host: site.example\r\nCookie: session=${'c'.repeat(25_000)}\r\n`);
      assert.equal(r.status, 431);
      assert.match(r.headers['content-type'] ?? '', /^text\/html/);
      assert.match(r.body, /<h1>Your browser sent too much information<\/h1>/);
    });

    it('answers more than 200 headers with 431, and serves exactly 200', async () => {
      const lines = (n: number) => Array.from({ length: n }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
      refusedWith(await get('/api/claims', `Host: site.example\r\n${lines(250)}`), 431, 'EDGE_ERR_TOO_MANY_HEADERS');
      // Host and Connection are two of the 200.
      assert.equal((await get('/api/claims', `Host: site.example\r\n${lines(198)}`)).status, 200);
    });

    it('answers a request target over 8 KB with 414, even one too long for the 20 KB head', async () => {
      refusedWith(await get(`/api/claims?q=${'q'.repeat(9_000)}`), 414, 'EDGE_ERR_URL_TOO_LONG');
      refusedWith(await get(`/api/claims?q=${'q'.repeat(30_000)}`), 414, 'EDGE_ERR_URL_TOO_LONG');
      await stillServes(edge);
    });

    it('refuses a body declared over the limit with 413 before reading any of it, and forwards nothing', async () => {
      const before = seen.length;
      for (const port of [edge, impatient]) {
        const conn = await RawConnection.open(port);
        await conn.write('POST /api/upload HTTP/1.1\r\nHost: site.example\r\nContent-Length: 1000000\r\n\r\n');
        refusedWith(await conn.next(), 413, 'EDGE_ERR_BODY_TOO_LARGE');
        await conn.closed;
      }
      assert.equal(seen.length, before);
    });

    it('refuses an oversized upload that asks to continue without ever telling it to', async () => {
      const conn = await RawConnection.open(impatient);
      await conn.write(
        'POST /api/upload HTTP/1.1\r\nHost: site.example\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n',
      );
      refusedWith(await conn.next(), 413, 'EDGE_ERR_BODY_TOO_LARGE');
    });

    it('refuses a chunked body that grows past the limit with 413, and forwards nothing', async () => {
      const before = seen.length;
      const chunk = `7d0\r\n${'b'.repeat(2000)}\r\n`;
      for (const port of [edge, impatient]) {
        const conn = await RawConnection.open(port);
        await conn.write(`POST /api/upload HTTP/1.1\r\nHost: site.example\r\nTransfer-Encoding: chunked\r\n\r\n`);
        await conn.write(chunk.repeat(3));
        refusedWith(await conn.next(), 413, 'EDGE_ERR_BODY_TOO_LARGE');
        await conn.closed;
      }
      assert.equal(seen.length, before);
      await stillServes(edge);
    });

    it('forwards a chunked body within the limit whole, framed with a Content-Length instead', async () => {
      const r = await rawRequest(
        edge,
        `POST /api/notes HTTP/1.1\r\nHost: site.example\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\n\r\n3e8\r\n${'n'.repeat(1000)}\r\n3e8\r\n${'n'.repeat(1000)}\r\n0\r\n\r\n`,
      );
      const echo = echoOf(r);
      assert.equal(echo.bodyBytes, 2000);
      assert.equal(echo.headers['content-length'], '2000');
      assert.equal(echo.headers['transfer-encoding'], undefined);
    });

    it('answers Expect: 100-continue itself and forwards the body without the expectation', async () => {
      const conn = await RawConnection.open(edge);
      await conn.write(
        'POST /api/notes HTTP/1.1\r\nHost: site.example\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
      );
      assert.equal((await conn.next()).status, 100);
      await conn.write('hello');
      const echo = echoOf(await conn.next());
      assert.equal(echo.bodyBytes, 5);
      assert.equal(echo.headers.expect, undefined);
      conn.destroy();
    });
  });

  describe('slow clients', () => {
    it('answers headers that arrive too slowly with 408, while another client gets its 200', async () => {
      const slow = await RawConnection.open(impatient);
      await slow.write('GET /api/claims HTTP/1.1\r\nHost: site.example\r\nX-Slow: 1\r\n');
      await stillServes(impatient);
      refusedWith(await slow.next(), 408, 'EDGE_ERR_HEADERS_TIMEOUT');
      await slow.closed;
    });

    it('answers a body that arrives too slowly with 408, through the request it belongs to', async () => {
      const before = seen.length;
      const slow = await RawConnection.open(impatient);
      await slow.write('POST /claims/evidence HTTP/1.1\r\nHost: site.example\r\nContent-Length: 100\r\n\r\n0123456789');
      await stillServes(impatient);
      const r = await slow.next();
      assert.equal(r.status, 408);
      assert.match(r.body, /<h1>Sorry, the request took too long to arrive<\/h1>/);
      await slow.closed;
      assert.deepEqual(
        seen.slice(before).map((s) => s.url),
        ['/api/health'],
      );
    });
  });

  describe('request smuggling', () => {
    it('refuses Content-Length with Transfer-Encoding with 400 and never forwards what was smuggled in', async () => {
      const smuggled = 'GET /api/smuggled HTTP/1.1\r\nHost: site.example\r\n\r\n';
      for (const [framing, body] of [
        // CL.TE: a front end that reads the Content-Length forwards the whole; a back end reading chunks stops at 0.
        [`Content-Length: ${5 + smuggled.length}\r\nTransfer-Encoding: chunked`, `0\r\n\r\n${smuggled}`],
        // TE.CL: the other way round.
        [
          'Transfer-Encoding: chunked\r\nContent-Length: 4',
          `${smuggled.length.toString(16)}\r\n${smuggled}\r\n0\r\n\r\n`,
        ],
      ] as const) {
        const conn = await RawConnection.open(edge);
        await conn.write(`POST /api/claims HTTP/1.1\r\nHost: site.example\r\n${framing}\r\n\r\n${body}`);
        refusedWith(await conn.next(), 400, 'EDGE_ERR_AMBIGUOUS_FRAMING');
        await conn.closed;
      }
      assert.equal(
        seen.some((s) => s.url.includes('smuggled')),
        false,
      );
    });

    it('refuses two Content-Length headers with 400, equal or not', async () => {
      for (const second of ['5', '4']) {
        const r = await rawRequest(
          edge,
          `POST /api/claims HTTP/1.1\r\nHost: site.example\r\nContent-Length: 4\r\nContent-Length: ${second}\r\n\r\nabcde`,
        );
        refusedWith(r, 400, 'EDGE_ERR_AMBIGUOUS_FRAMING');
      }
    });

    it('refuses a Transfer-Encoding not ending in chunked, and a coding it does not know, with 400', async () => {
      const post = (te: string) =>
        rawRequest(edge, `POST /api/claims HTTP/1.1\r\nHost: site.example\r\n${te}\r\n\r\n0\r\n\r\n`);
      refusedWith(await post('Transfer-Encoding: chunked, identity'), 400, 'EDGE_ERR_AMBIGUOUS_FRAMING');
      refusedWith(await post('Transfer-Encoding: xchunked'), 400, 'EDGE_ERR_AMBIGUOUS_FRAMING');
      refusedWith(
        await post('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked'),
        400,
        'EDGE_ERR_AMBIGUOUS_FRAMING',
      );
      refusedWith(await post('Transfer-Encoding : chunked'), 400, 'EDGE_ERR_BAD_HEADER');
      refusedWith(await post('Transfer-Encoding: gzip, chunked'), 400, 'EDGE_ERR_TRANSFER_CODING');
    });

    it('answers a chunked body that breaks off into garbage with 400, through the request it belongs to', async () => {
      const before = seen.length;
      const conn = await RawConnection.open(edge);
      await conn.write('POST /api/claims HTTP/1.1\r\nHost: site.example\r\nTransfer-Encoding: chunked\r\n\r\n');
      await conn.write('4\r\nabcd\r\nzz\r\nGET /api/smuggled HTTP/1.1\r\n\r\n');
      refusedWith(await conn.next(), 400, 'EDGE_ERR_MALFORMED_REQUEST');
      await conn.closed;
      const extensions = await rawRequest(
        edge,
        `POST /api/claims HTTP/1.1\r\nHost: site.example\r\nTransfer-Encoding: chunked\r\n\r\n4;${'x'.repeat(20_000)}\r\nabcd\r\n0\r\n\r\n`,
      );
      refusedWith(extensions, 413, 'EDGE_ERR_CHUNK_EXTENSIONS_TOO_LARGE');
      assert.equal(seen.length, before);
    });

    it('refuses Transfer-Encoding on an HTTP/1.0 request with 400', async () => {
      const r = await rawRequest(
        edge,
        'POST /api/claims HTTP/1.0\r\nHost: site.example\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      );
      refusedWith(r, 400, 'EDGE_ERR_AMBIGUOUS_FRAMING');
    });
  });

  describe('pipelining', () => {
    it('answers pipelined requests on one connection each in turn, however long the first takes', async () => {
      const conn = await RawConnection.open(edge);
      const req = (path: string) => `GET ${path} HTTP/1.1\r\nHost: site.example\r\n\r\n`;
      // The first is held at the target until the third arrives there.
      await conn.write(req('/api/pipe/1?hold') + req('/api/pipe/2') + req('/api/pipe/3?release'));
      const urls = [];
      for (let i = 0; i < 3; i++) urls.push(echoOf(await conn.next()).url);
      assert.deepEqual(urls, ['/api/pipe/1?hold', '/api/pipe/2', '/api/pipe/3?release']);
      conn.destroy();
    });

    it('answers the requests before a malformed pipelined one, then refuses it with 400 and closes', async () => {
      const conn = await RawConnection.open(edge);
      await conn.write(
        'GET /api/pipe/a?hold HTTP/1.1\r\nHost: site.example\r\n\r\n' +
          'GET /api/pipe/b?release HTTP/1.1\r\nHost: site.example\r\n\r\n' +
          'G(T /api/pipe/c HTTP/1.1\r\nHost: site.example\r\n\r\n',
      );
      assert.equal(echoOf(await conn.next()).url, '/api/pipe/a?hold');
      assert.equal(echoOf(await conn.next()).url, '/api/pipe/b?release');
      refusedWith(await conn.next(), 400, 'EDGE_ERR_BAD_METHOD');
      await conn.closed;
    });
  });

  describe('paths', () => {
    it('normalises the path before routing, and each target sees only the path it was routed on', async () => {
      const cases: [string, string, string][] = [
        ['/api/../admin', WEB, '/admin'],
        ['/web/../api/claims', API, '/api/claims'],
        ['/api/%2e%2e/admin', WEB, '/admin'],
        ['/api/%2E%2E/%2e/admin/', WEB, '/admin/'],
        ['/%61pi/claims?next=%2e%2e/x', API, '/api/claims?next=%2e%2e/x'],
        ['/api/claims/./notes//x', API, '/api/claims/notes/x'],
        ['//api/claims', API, '/api/claims'],
        ['/../../etc/passwd', WEB, '/etc/passwd'],
        ['/api/claims/%7euser/%3cb%3e', API, '/api/claims/~user/%3Cb%3E'],
      ];
      for (const [path, service, forwarded] of cases) {
        const echo = echoOf(await get(path));
        assert.deepEqual([echo.service, echo.url], [service, forwarded], path);
      }
    });

    it('refuses an encoded slash or backslash, a control character or a broken escape in the path with 400', async () => {
      for (const path of [
        '/api/..%2fadmin',
        '/api/claims%2F..%2F..%2Fadmin',
        '/api/%5c..%5cadmin',
        '/api/claims\\..\\..\\admin',
        '/api/claims%00.json',
        '/api/claims%0d%0aSet-Cookie:%20x',
        '/api/%zz',
      ])
        refusedWith(await get(path), 400, 'EDGE_ERR_BAD_PATH');
      const page = await get('/claims/..%2f..%2fapi');
      assert.equal(page.status, 400);
      assert.match(page.headers['content-type'] ?? '', /^text\/html/);
    });

    it('refuses a fragment, or a target that is neither a path nor an http URL, with 400', async () => {
      refusedWith(await get('/api/claims#top'), 400, 'EDGE_ERR_BAD_TARGET');
      refusedWith(await get('ftp://site.example/api/claims'), 400, 'EDGE_ERR_BAD_TARGET');
      refusedWith(await get('*'), 400, 'EDGE_ERR_BAD_TARGET');
      const options = await rawRequest(edge, 'OPTIONS * HTTP/1.1\r\nHost: site.example\r\n\r\n');
      assert.equal(options.status, 204);
    });
  });

  describe('host header games', () => {
    it('refuses an HTTP/1.1 request without a Host with 400, and serves HTTP/1.0 without one', async () => {
      refusedWith(await rawRequest(edge, 'GET /api/claims HTTP/1.1\r\n\r\n'), 400, 'EDGE_ERR_HOST_MISSING');
      const old = echoOf(await rawRequest(edge, 'GET /api/claims HTTP/1.0\r\n\r\n'));
      assert.equal(old.headers['x-forwarded-host'], undefined);
    });

    it('refuses more than one Host with 400, the same or different', async () => {
      for (const second of ['site.example', 'evil.example'])
        refusedWith(
          await get('/api/claims', `Host: site.example\r\nHost: ${second}\r\n`),
          400,
          'EDGE_ERR_HOST_DUPLICATE',
        );
    });

    it('refuses a Host that is not a host name and port with 400', async () => {
      for (const host of ['', 'site example', 'user@site.example', 'site.example/api', 'site.example:80:80'])
        refusedWith(await get('/api/claims', `Host: ${host}\r\n`), 400, 'EDGE_ERR_HOST_INVALID');
      refusedWith(await get('http://user@other.example/api/claims'), 400, 'EDGE_ERR_HOST_INVALID');
    });

    it('routes an absolute-form target on its path and gives the target its host, not the Host header', async () => {
      const echo = echoOf(await get('http://other.example:8080/api/claims?x=1'));
      assert.deepEqual(
        [echo.service, echo.url, echo.headers.host, echo.headers['x-forwarded-host']],
        [API, '/api/claims?x=1', 'other.example:8080', 'other.example:8080'],
      );
      const traversal = echoOf(await get('http://site.example/../api/x'));
      assert.deepEqual([traversal.service, traversal.url], [API, '/api/x']);
      assert.equal(echoOf(await get('HTTP://site.example')).url, '/');
    });

    it("drops the client's X-Forwarded-*, Forwarded and names an ALB drops, and says who the client is itself", async () => {
      const echo = echoOf(
        await get(
          '/api/claims',
          'Host: site.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n' +
            'X-Forwarded-Port: 1\r\nForwarded: for=6.6.6.6;host=evil.example\r\nX_Forwarded_Host: evil.example\r\n',
        ),
      );
      assert.equal(echo.headers['x-forwarded-host'], 'site.example');
      assert.equal(echo.headers['x-forwarded-for'], '127.0.0.1');
      assert.equal(echo.headers['x-forwarded-proto'], 'http');
      assert.equal(echo.headers.host, 'site.example');
      for (const dropped of ['x-forwarded-port', 'forwarded', 'x_forwarded_host'])
        assert.equal(echo.headers[dropped], undefined, dropped);
    });
  });

  describe('methods and header bytes', () => {
    it('refuses a method or header with bytes HTTP does not allow with 400', async () => {
      refusedWith(
        await rawRequest(edge, 'G(T /api/claims HTTP/1.1\r\nHost: site.example\r\n\r\n'),
        400,
        'EDGE_ERR_BAD_METHOD',
      );
      for (const header of ['X(y): 1', 'X-Y: a\x00b', 'X-Y: a\r\n folded'])
        refusedWith(await get('/api/claims', `Host: site.example\r\n${header}\r\n`), 400, 'EDGE_ERR_BAD_HEADER');
      refusedWith(
        await rawRequest(edge, 'GET /api/claims HTTP/1.1\nHost: site.example\n\n'),
        400,
        'EDGE_ERR_MALFORMED_REQUEST',
      );
    });

    it('answers TRACE and CONNECT with 405 and the methods it allows', async () => {
      const trace = await rawRequest(edge, 'TRACE /api/claims HTTP/1.1\r\nHost: site.example\r\n\r\n');
      refusedWith(trace, 405, 'EDGE_ERR_METHOD_NOT_ALLOWED');
      assert.match(trace.headers.allow ?? '', /GET, HEAD/);
      const connect = await rawRequest(edge, 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n');
      refusedWith(connect, 405, 'EDGE_ERR_METHOD_NOT_ALLOWED');
    });

    it('answers HTTP/2 without negotiation with 400', async () => {
      refusedWith(await rawRequest(edge, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 400, 'EDGE_ERR_HTTP2_PRIOR_KNOWLEDGE');
    });
  });

  it('counts each refusal by its code at /_edge/metrics', async () => {
    const res = await request(`http://127.0.0.1:${edge}/_edge/metrics`);
    const text = await res.body.text();
    assert.match(text, /edge_refused_requests_total\{code="EDGE_ERR_AMBIGUOUS_FRAMING"\} \d+/);
    assert.match(text, /edge_refused_requests_total\{code="EDGE_ERR_HOST_DUPLICATE"\} 2/);
    assert.match(text, /edge_refused_requests_total\{code="EDGE_ERR_TRANSFER_CODING"\} 1/);
  });
});
