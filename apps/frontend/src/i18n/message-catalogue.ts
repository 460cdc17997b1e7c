/**
 * Every word a citizen reads, in English and Welsh, from one catalogue per language
 * (`locales/en/*.json`, `locales/cy/*.json`: one file per area of the service, merged; two files
 * may not define the same top-level key). The two must have exactly the same keys: that is checked
 * when the catalogue loads (so at start), and a key a page asks for that does not exist throws,
 * which the page tests catch. Templates hold no text of their own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language => v === 'en' || v === 'cy';

/** Values a message may interpolate as `{name}`. */
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: string, params?: MessageParams) => string;

type Tree = { readonly [key: string]: string | Tree };
const tree: z.ZodType<Tree> = z.lazy(() => z.record(z.string(), z.union([z.string(), tree])));

export class MissingMessageError extends Error {
  constructor(key: string, lang: Language) {
    super(`No message "${key}" in the ${lang} catalogue`);
    this.name = 'MissingMessageError';
  }
}

function flatten(t: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

export class MessageCatalogue {
  readonly #messages: ReadonlyMap<Language, ReadonlyMap<string, string>>;

  constructor(sources: Readonly<Record<Language, unknown>>) {
    const messages = new Map<Language, Map<string, string>>();
    for (const lang of LANGUAGES) messages.set(lang, flatten(tree.parse(sources[lang])));
    const [en, cy] = [messages.get('en')!, messages.get('cy')!];
    const onlyEn = [...en.keys()].filter((k) => !cy.has(k));
    const onlyCy = [...cy.keys()].filter((k) => !en.has(k));
    if (onlyEn.length || onlyCy.length) {
      throw new Error(
        `The en and cy catalogues differ: only in en: ${onlyEn.join(', ') || 'none'}; only in cy: ${onlyCy.join(', ') || 'none'}`,
      );
    }
    this.#messages = messages;
  }

  static load(dir = new URL('./locales/', import.meta.url)): MessageCatalogue {
    const read = (lang: Language): Tree => {
      const langDir = new URL(`${lang}/`, dir);
      const merged: Record<string, string | Tree> = {};
      for (const file of readdirSync(langDir)
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        const part = tree.parse(JSON.parse(readFileSync(new URL(file, langDir), 'utf8')));
        for (const [k, v] of Object.entries(part)) {
          if (k in merged) throw new Error(`locales/${lang}/${file} defines "${k}" again`);
          merged[k] = v;
        }
      }
      return merged;
    };
    return new MessageCatalogue({ en: read('en'), cy: read('cy') });
  }

  has(key: string): boolean {
    return this.#messages.get('en')!.has(key);
  }

  keys(): string[] {
    return [...this.#messages.get('en')!.keys()];
  }

  translator(lang: Language): Translate {
    const messages = this.#messages.get(lang)!;
    return (key, params) => {
      const m = messages.get(key);
      if (m === undefined) throw new MissingMessageError(key, lang);
      return params
        ? m.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
        : m;
    };
  }
}
