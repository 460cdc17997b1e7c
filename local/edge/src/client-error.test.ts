/**
 * What the edge answers for each error Node's parser reports, and how it reads the request line of
 * the packet the parser gave up on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refusalCodeFor, sniffRequestLine, type ClientErrorFacts } from './client-error.ts';

const facts = (code: string, more: Partial<ClientErrorFacts> = {}): ClientErrorFacts => ({
  code,
  requestLine: undefined,
  bodyPending: false,
  maxUrlBytes: 8192,
  ...more,
});

describe("answering Node's parser errors", () => {
  it('maps each parser error to the refusal the edge documents', () => {
    // Node's code | the edge's
    const cases: [string, string][] = [
      ['HPE_HEADER_OVERFLOW', 'EDGE_ERR_HEADERS_TOO_LARGE'],
      ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 'EDGE_ERR_CHUNK_EXTENSIONS_TOO_LARGE'],
      ['ERR_HTTP_REQUEST_TIMEOUT', 'EDGE_ERR_HEADERS_TIMEOUT'],
      ['HPE_INVALID_TRANSFER_ENCODING', 'EDGE_ERR_AMBIGUOUS_FRAMING'],
      ['HPE_UNEXPECTED_CONTENT_LENGTH', 'EDGE_ERR_AMBIGUOUS_FRAMING'],
      ['HPE_INVALID_CONTENT_LENGTH', 'EDGE_ERR_AMBIGUOUS_FRAMING'],
      ['HPE_INVALID_METHOD', 'EDGE_ERR_BAD_METHOD'],
      ['HPE_INVALID_HEADER_TOKEN', 'EDGE_ERR_BAD_HEADER'],
      ['HPE_INVALID_URL', 'EDGE_ERR_BAD_TARGET'],
      ['HPE_PAUSED_H2_UPGRADE', 'EDGE_ERR_HTTP2_PRIOR_KNOWLEDGE'],
      ['HPE_INVALID_CHUNK_SIZE', 'EDGE_ERR_MALFORMED_REQUEST'],
      ['HPE_INVALID_VERSION', 'EDGE_ERR_MALFORMED_REQUEST'],
    ];
    for (const [code, refusal] of cases) assert.equal(refusalCodeFor(facts(code)), refusal, code);
  });

  it('gives no answer to a socket error: the client has gone', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT']) assert.equal(refusalCodeFor(facts(code)), undefined);
    assert.equal(refusalCodeFor({ ...facts(''), code: undefined }), undefined);
  });

  it("calls a timeout the body's once a request is being read, the headers' before", () => {
    assert.equal(refusalCodeFor(facts('ERR_HTTP_REQUEST_TIMEOUT', { bodyPending: true })), 'EDGE_ERR_BODY_TIMEOUT');
  });

  it('calls a head overflow 414 when the target it starts with is over the URL limit', () => {
    const line = (targetBytes: number) => ({ target: '/api/x', targetBytes });
    assert.equal(refusalCodeFor(facts('HPE_HEADER_OVERFLOW', { requestLine: line(9000) })), 'EDGE_ERR_URL_TOO_LONG');
    assert.equal(
      refusalCodeFor(facts('HPE_HEADER_OVERFLOW', { requestLine: line(100) })),
      'EDGE_ERR_HEADERS_TOO_LARGE',
    );
  });

  it("reads the target and its length from a packet that starts a request, and nothing from one that doesn't", () => {
    const packet = Buffer.from(`GET /api/${'q'.repeat(2000)} HTTP/1.1\r\nHost: a\r\n`);
    const line = sniffRequestLine(packet);
    assert.ok(line);
    assert.equal(line.target.startsWith('/api/qqq'), true);
    assert.equal(line.targetBytes, 2005);
    assert.equal(sniffRequestLine(Buffer.from(`GET /api/${'q'.repeat(50)}`))?.targetBytes, 55);
    assert.equal(sniffRequestLine(Buffer.from('aaaa: bbbb\r\n')), undefined);
    assert.equal(sniffRequestLine(undefined), undefined);
  });
});
