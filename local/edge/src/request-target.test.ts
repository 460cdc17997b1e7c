/**
 * How the edge reads a request-target: the forms RFC 9112 allows, the path normalised as RFC 3986
 * says (section 5.2.4's dot segments, section 6.2.2's escapes), and the escapes it refuses instead.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidHost, normalisePath, readRequestTarget, removeDotSegments } from './request-target.ts';

describe('reading a request-target', () => {
  it('removes dot segments as RFC 3986 section 5.2.4 does', () => {
    // input | output
    const cases: [string, string][] = [
      ['/a/b/c/./../../g', '/a/g'],
      ['/mid/content=5/../6', '/mid/6'],
      ['/a/b/..', '/a/'],
      ['/a/.', '/a/'],
      ['/..', '/'],
      ['/../../etc/passwd', '/etc/passwd'],
      ['/', '/'],
      ['/a/b/', '/a/b/'],
      ['/a/..b/.c', '/a/..b/.c'],
    ];
    for (const [input, output] of cases) assert.equal(removeDotSegments(input), output, input);
  });

  it('decodes unreserved escapes, upper-cases the rest and merges slashes before removing dot segments', () => {
    const cases: [string, string][] = [
      ['/%61pi/claims', '/api/claims'],
      ['/api/%2e%2e/admin', '/admin'],
      ['/api/%2E./admin', '/admin'],
      ['/a/%7e%5f%2d', '/a/~_-'],
      ['/a/%3cb%3e', '/a/%3Cb%3E'],
      ['/a/%C3%A9', '/a/%C3%A9'],
      ['//evil.example/x', '/evil.example/x'],
      ['/a//..//b', '/b'],
      ['/a;b/../c', '/c'],
    ];
    for (const [input, output] of cases) assert.equal(normalisePath(input), output, input);
  });

  it('refuses an encoded slash or backslash, a backslash, an encoded control character or a broken escape', () => {
    for (const path of ['/a%2fb', '/a%2Fb', '/a%5cb', '/a\\b', '/a%00', '/a%0d%0a', '/a%7f', '/a%', '/a%4', '/a%zz'])
      assert.equal(normalisePath(path), undefined, path);
  });

  it('reads origin-form, absolute-form and OPTIONS *, and nothing else', () => {
    assert.deepEqual(readRequestTarget('GET', '/api/x/../y?q=../z'), {
      ok: true,
      form: 'origin',
      path: '/api/y',
      query: 'q=../z',
      raw: '/api/x/../y?q=../z',
      authority: undefined,
    });
    assert.deepEqual(readRequestTarget('GET', 'https://other.example:8443?x'), {
      ok: true,
      form: 'origin',
      path: '/',
      query: 'x',
      raw: '/?x',
      authority: 'other.example:8443',
    });
    assert.deepEqual(readRequestTarget('OPTIONS', '*'), { ok: true, form: 'asterisk' });
    const refusedAs = (method: string, target: string) => {
      const read = readRequestTarget(method, target);
      return read.ok ? 'read' : read.code;
    };
    assert.equal(refusedAs('GET', '*'), 'EDGE_ERR_BAD_TARGET');
    assert.equal(refusedAs('GET', '/a#b'), 'EDGE_ERR_BAD_TARGET');
    assert.equal(refusedAs('GET', 'api/x'), 'EDGE_ERR_BAD_TARGET');
    assert.equal(refusedAs('GET', 'ftp://h/x'), 'EDGE_ERR_BAD_TARGET');
    assert.equal(refusedAs('GET', 'http://user:pw@h/x'), 'EDGE_ERR_HOST_INVALID');
    assert.equal(refusedAs('GET', 'http://h/a%2fb'), 'EDGE_ERR_BAD_PATH');
  });

  it('takes DNS names and IP literals, with a port, as hosts', () => {
    for (const host of ['site.example', 'localhost:8080', '127.0.0.1', '[::1]:8080', 'claims_api.local', 'h:'])
      assert.equal(isValidHost(host), true, host);
    for (const host of ['', 'a b', 'u@h', 'h/p', 'h:1:2', "h'", 'h%41', '[::1', 'h:123456'])
      assert.equal(isValidHost(host), false, host);
  });
});
