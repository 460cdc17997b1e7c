import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, formatMs, markup, plural } from './markup.ts';

describe('markup', () => {
  it('escapes every interpolated string, attribute quotes included', () => {
    const hostile = `"><script>alert('x')</script>&`;
    assert.equal(
      markup`<a title="${hostile}">${hostile}</a>`.html,
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>',
    );
  });

  it('keeps markup built by the tag and escapes text inside nested lists', () => {
    const items = ['<b>', 'ok'].map((s) => markup`<li>${s}</li>`);
    assert.equal(markup`<ul>${items}</ul>`.html, '<ul><li>&lt;b&gt;</li><li>ok</li></ul>');
  });

  it('leaves out false, null and undefined and prints numbers', () => {
    assert.equal(markup`${false}${null}${undefined}${0}${3}`.html, '03');
  });

  it('escapes text on its own', () => {
    assert.equal(escapeHtml(`a&b<c>"d"'e'`), 'a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;');
  });
});

describe('figures', () => {
  it('reads milliseconds as a person would', () => {
    assert.equal(formatMs(0.25), '0.25 ms');
    assert.equal(formatMs(4.25), '4.3 ms');
    assert.equal(formatMs(120), '120 ms');
    assert.equal(formatMs(1500), '1.5 s');
  });

  it('says counts with their nouns', () => {
    assert.equal(plural(1, 'error'), '1 error');
    assert.equal(plural(3, 'error'), '3 errors');
    assert.equal(plural(0, 'error'), '0 errors');
  });
});
