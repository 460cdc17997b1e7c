import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_INTERNED_LENGTH, MAX_INTERNED_STRINGS, SpanInterner } from './span-interner.ts';

const utf8 = (interner: SpanInterner, text: string, pad = 0) => {
  // The bytes sit at an offset inside a larger buffer, as a field does inside a request body.
  const body = Buffer.concat([Buffer.alloc(pad, 0xff), Buffer.from(text, 'utf8'), Buffer.alloc(3, 0xee)]);
  return interner.utf8(body, pad, pad + Buffer.byteLength(text));
};

describe('span interner', () => {
  it('decodes UTF-8 byte ranges, wherever they sit in the body', () => {
    const interner = new SpanInterner();
    assert.equal(utf8(interner, 'http.route', 5), 'http.route');
    assert.equal(utf8(interner, 'http.route', 0), 'http.route');
    assert.equal(utf8(interner, 'Llanfair £ café ✓', 2), 'Llanfair £ café ✓');
    assert.equal(utf8(interner, ''), '');
  });

  it('tells apart different bytes whose hash is shared', () => {
    // 'k4uzx' and 'kf2ad' have the same 32-bit FNV-1a hash.
    const interner = new SpanInterner();
    assert.equal(utf8(interner, 'k4uzx'), 'k4uzx');
    assert.equal(utf8(interner, 'kf2ad'), 'kf2ad');
    assert.equal(utf8(interner, 'k4uzx', 3), 'k4uzx');
    assert.equal(utf8(interner, 'kf2ad', 1), 'kf2ad');
  });

  it('tells apart thousands of different strings', () => {
    const interner = new SpanInterner();
    const texts = Array.from({ length: 5000 }, (_, i) => `/claims/${i.toString(36)}`);
    for (const t of texts) utf8(interner, t);
    // Read back in another order: every one is its own string.
    for (const t of [...texts].reverse()) assert.equal(utf8(interner, t, 1), t);
  });

  it('decodes invalid UTF-8 as Buffer#toString does, the same way every time', () => {
    const interner = new SpanInterner();
    const bad = Buffer.from([0x61, 0xc3, 0x28, 0x62]);
    const expected = bad.toString('utf8');
    assert.equal(interner.utf8(bad, 0, 4), expected);
    assert.equal(interner.utf8(Buffer.from(bad), 0, 4), expected);
  });

  it('decodes long strings without keeping them', () => {
    const interner = new SpanInterner();
    const long = 'x'.repeat(MAX_INTERNED_LENGTH + 1);
    assert.equal(utf8(interner, long), long);
  });

  it('stays correct when its table fills and starts again', () => {
    const interner = new SpanInterner();
    for (let i = 0; i < MAX_INTERNED_STRINGS + 10; i++) assert.equal(utf8(interner, `k${i}`), `k${i}`);
    assert.equal(utf8(interner, 'k0'), 'k0');
  });

  it('shares one array per list of keys, and keeps a list apart from its prefix', () => {
    const interner = new SpanInterner();
    const a = interner.keys(['http.route', 'http.request.method']);
    const b = interner.keys(['http.route', 'http.request.method']);
    const prefix = interner.keys(['http.route']);
    assert.equal(a, b);
    assert.deepEqual(prefix, ['http.route']);
    assert.deepEqual(a, ['http.route', 'http.request.method']);
    assert.notEqual(prefix, a);
    assert.ok(Object.isFrozen(a));
  });
});
