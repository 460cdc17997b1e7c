import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { VIEWS_DIR } from '../rendering/page-renderer.ts';
import { MessageCatalogue, MissingMessageError } from './message-catalogue.ts';

const SRC = join(VIEWS_DIR, '..');
const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));

describe('the message catalogue', () => {
  it('refuses English and Welsh catalogues whose keys differ, naming the keys', () => {
    assert.throws(() => new MessageCatalogue({ en: { a: 'A', b: { c: 'C' } }, cy: { a: 'A' } }), /only in en: b\.c/);
  });

  it('throws for a key no catalogue has, rather than showing the key', () => {
    const t = new MessageCatalogue({ en: { a: 'Hello {name}' }, cy: { a: 'Helo {name}' } }).translator('cy');
    assert.equal(t('a', { name: 'Amanda' }), 'Helo Amanda');
    assert.throws(() => t('missing'), MissingMessageError);
  });

  it("loads the service's own en and cy catalogues with the same keys", () => {
    assert.ok(MessageCatalogue.load().keys().length > 50);
  });

  it('has every message key a template or page handler names literally', () => {
    const catalogue = MessageCatalogue.load();
    const areas = new Set(catalogue.keys().map((k) => k.split('.')[0]!));
    const used = new Set<string>();
    for (const f of filesUnder(VIEWS_DIR, /\.njk$/))
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]!);
    // In handlers and journeys, a quoted 'area.x' whose area is one of the catalogue's is a whole key
    // (keys built from parts, like `${prefix}.${field}`, are checked by the pages' own tests).
    for (const f of filesUnder(SRC, /\.ts$/)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/'([a-z]\w*(?:\.\w+)+)'/g))
        if (areas.has(m[1]!.split('.')[0]!)) used.add(m[1]!);
    }
    const keys = catalogue.keys();
    // A prefix that keys are built on (`apply.questions` + a question's id) is no key itself.
    const missing = [...used].filter(
      (k) => !k.endsWith('.') && !catalogue.has(k) && !keys.some((full) => full.startsWith(`${k}.`)),
    );
    assert.deepEqual(missing, []);
  });
});
