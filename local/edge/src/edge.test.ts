/**
 * The edge as a real HTTP server in front of a real upstream: the WAF rules from the DWP
 * definition's edge.waf block before anything reaches the gateway, answer 403 (413 for size),
 * count each block by rule and report the rule that fired.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Forwarder } from '@dwp/gateway-core';
import { dwp } from '@dwp/platforms/dwp';
import { request } from 'undici';
import { createEdge, edgeErrorPage, type InstancePicker, type WafBlockEvent } from './edge.ts';

const RATE_LIMIT = 20;

describe('the edge screening requests with the DWP web ACL', () => {
  // Undefined when \`before\` failed before starting them: \`after\` still runs.
  let upstream: Server | undefined;
  let edge: Server | undefined;
  let base: string;
  let upstreamHits = 0;
  const blocks: WafBlockEvent[] = [];
  const forwarder = new Forwarder();

  before(async () => {
    const up = createServer((req, res) => {
      upstreamHits++;
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    });
    upstream = up;
    up.listen(0, '127.0.0.1');
    await once(up, 'listening');
    // One healthy instance of each target, as the runtime's registry would pick it.
    const port = (up.address() as AddressInfo).port;
    const registry: InstancePicker = { next: (service) => ({ id: `${service}-1`, host: '127.0.0.1', port }) };
    const waf = { ...dwp.edge!.waf, rateLimitPerIpPer5Min: RATE_LIMIT, maxBodyBytes: 4096 };
    edge = createEdge({
      registry,
      forwarder,
      apiBasePath: '/api',
      apiService: 'dwp-internal-api',
      webService: 'frontend-service',
      maxBodyBytes: waf.maxBodyBytes,
      waf,
      onBlock: (e) => blocks.push(e),
    });
    edge.listen(0, '127.0.0.1');
    await once(edge, 'listening');
    base = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`;
  });
  after(async () => {
    edge?.closeAllConnections();
    upstream?.closeAllConnections();
    await Promise.all([new Promise((r) => edge?.close(r)), new Promise((r) => upstream?.close(r))]);
    await forwarder.close();
  });

  const send = async (
    path: string,
    init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string | Buffer } = {},
  ) => {
    const res = await request(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    // The API's refusals are JSON; a page's are HTML (see the last tests).
    const json = String(res.headers['content-type']).startsWith('application/json');
    return {
      status: res.statusCode,
      body: (json ? await res.body.json() : { page: await res.body.text() }) as { error?: { code: string } },
    };
  };

  it('passes an ordinary citizen request, apostrophes and all', async () => {
    const r = await send('/api/citizen/search?surname=O%27Brien&postcode=SW1A%201AA', {
      headers: { 'cloudfront-viewer-country': 'GB' },
    });
    assert.equal(r.status, 200);
    const post = await send('/api/claims/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: "I can't work; my landlord's put the rent up" }),
    });
    assert.equal(post.status, 200);
  });

  it('blocks SQL injection in the query with 403 before it reaches the gateway, and reports the rule', async () => {
    const before = upstreamHits;
    const r = await send('/api/claims?id=1%27%20or%20%271%27%3D%271');
    assert.equal(r.status, 403);
    assert.equal(r.body.error?.code, 'EDGE_ERR_WAF_BLOCKED');
    assert.equal(upstreamHits, before);
    assert.deepEqual([blocks.at(-1)?.rule, blocks.at(-1)?.location], ['sqli.tautology', 'query']);
  });

  it('blocks XSS in a JSON body and in a header', async () => {
    const body = await send('/api/citizen/me', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '<script>alert(1)</script>' }),
    });
    assert.equal(body.status, 403);
    assert.equal(blocks.at(-1)?.location, 'body');
    const header = await send('/', { headers: { referer: 'javascript:alert(document.cookie)' } });
    assert.equal(header.status, 403);
    assert.equal(blocks.at(-1)?.rule, 'xss.javascript-url');
  });

  it('blocks a viewer outside the allowed countries', async () => {
    const r = await send('/api/address/health', { headers: { 'cloudfront-viewer-country': 'US' } });
    assert.equal(r.status, 403);
    assert.equal(blocks.at(-1)?.rule, 'geo.country');
  });

  it('refuses a body over the size limit with 413', async () => {
    const r = await send('/api/claims/evidence', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(5000),
    });
    assert.equal(r.status, 413);
  });

  it('blocks an IP past its per-5-minute limit while other IPs go on', async () => {
    // Another client IP on this machine: the loopback range is all ours, and 127.0.0.1 is exempt.
    const fromOtherIp = () =>
      new Promise<number>((resolve, reject) => {
        get(`${base}/api/address/health`, { localAddress: '127.0.0.2', agent: false }, (res) => {
          res.resume();
          res.on('end', () => {
            resolve(res.statusCode ?? 0);
          });
        }).on('error', reject);
      });
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) statuses.push(await fromOtherIp());
    assert.deepEqual(statuses, [...Array<number>(RATE_LIMIT).fill(200), 403, 403]);
    assert.equal(blocks.at(-1)?.rule, 'rate.per-ip');
    assert.equal((await send('/api/address/health')).status, 200);
  });

  it('counts blocks by rule at /_edge/metrics', async () => {
    const res = await request(`${base}/_edge/metrics`);
    const text = await res.body.text();
    assert.match(text, /waf_blocked_requests_total\{rule="sqli\.tautology",location="query"\} 1/);
    assert.match(text, /waf_blocked_requests_total\{rule="rate\.per-ip",location="request"\} 2/);
    assert.match(text, /waf_blocked_requests_total\{rule="geo\.country",location="request"\} 1/);
  });

  it("answers a page too large or blocked with an HTML page for the browser, never the API's JSON", async () => {
    const tooLarge = await request(`${base}/claims/x/evidence`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: Buffer.alloc(5000),
    });
    assert.equal(tooLarge.statusCode, 413);
    assert.match(String(tooLarge.headers['content-type']), /^text\/html/);
    assert.match(await tooLarge.body.text(), /<h1>The file or form was too big<\/h1>/);
    const blocked = await request(`${base}/claims?q=${encodeURIComponent("1' OR '1'='1")}`);
    assert.equal(blocked.statusCode, 403);
    assert.match(String(blocked.headers['content-type']), /^text\/html/);
    assert.match(await blocked.body.text(), /<title>Sorry, you cannot do that – GOV\.UK<\/title>/);
  });

  it('escapes what its error page shows', () => {
    assert.doesNotMatch(edgeErrorPage(403, '<script>alert(1)</script>'), /<script>/);
  });
});
