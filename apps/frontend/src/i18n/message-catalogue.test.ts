import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { VIEWS_DIR } from '../rendering/page-renderer.ts';
import { MessageCatalogue, MissingMessageError } from './message-catalogue.ts';

const SRC = join(VIEWS_DIR, '..');
const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && ext.test(e.name) && !e.name.endsWith('.test.ts')).map((e) => join(e.parentPath, e.name));

describe('the message catalogue', () => {
  it('refuses English and Welsh catalogues whose keys differ, naming the keys', () => {
    assert.throws(() => new MessageCatalogue({ en: { a: 'A', b: { c: 'C' } }, cy: { a: 'A' } }), /only in en: b\.c/);
  });

  it('throws for a key no catalogue has, rather than showing the key', () => {
    const t = new MessageCatalogue({ en: { a: 'Hello {name}' }, cy: { a: 'Helo {name}' } }).translator('cy');
    assert.equal(t('a', { name: 'Amanda' }), 'Helo Amanda');
    assert.throws(() => t('missing'), MissingMessageError);
  });

  it('loads the service\'s own en and cy catalogues with the same keys', () => {
    assert.ok(MessageCatalogue.load().keys().length > 50);
  });

  it('has every message key a template or page handler names literally', () => {
    const catalogue = MessageCatalogue.load();
    const used = new Set<string>();
    for (const f of filesUnder(VIEWS_DIR, /\.njk$/)) for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]!);
    // zod messages and field keys in route and journey modules: 'area.field.rule'
    for (const f of filesUnder(SRC, /\.ts$/)) for (const m of readFileSync(f, 'utf8').matchAll(/(?:key: |, |\(|error: )'([a-z][\w]*(?:\.[\w]+){1,5})'/g)) if (catalogue.has(m[1]!) || /^[a-z]+[A-Z]?\w*\.[a-z]/.test(m[1]!)) used.add(m[1]!);
    const missing = [...used].filter((k) => !catalogue.has(k) && !k.endsWith('.') && !/\.(ts|njk|json|css|mjs|js|min)$/.test(k));
    assert.deepEqual(missing, []);
  });
});
