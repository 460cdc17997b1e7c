/**
 * Renders pages from Nunjucks templates that call the govuk-frontend and MoJ Frontend macros.
 * Autoescape is always on; a template names text only by message key (`t('start.title')`).
 */
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { AssetCatalogue } from '../assets/asset-catalogue.ts';
import { GOVUK_DIST, MOJ_ROOT } from '../assets/asset-catalogue.ts';
import type { Language, Translate } from '../i18n/message-catalogue.ts';

export const VIEWS_DIR = fileURLToPath(new URL('../views/', import.meta.url));

/** What every page knows about the request it answers. */
export interface PageFrame {
  readonly lang: Language;
  readonly t: Translate;
  readonly cspNonce: string;
  /** The path and query of this page, for the language toggle and sign-in return. */
  readonly currentPath: string;
  readonly csrfToken: string | undefined;
  readonly signedIn: boolean;
  readonly staff: boolean;
}

export class PageRenderer {
  readonly #env: nunjucks.Environment;
  readonly #assets: AssetCatalogue;

  constructor(assets: AssetCatalogue, opts: { watch?: boolean } = {}) {
    const loader = new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST, MOJ_ROOT], { noCache: opts.watch ?? false });
    this.#env = new nunjucks.Environment(loader, {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    });
    this.#assets = assets;
    this.#env.addGlobal('asset', (name: string) => this.#assets.url(name));
    // govuk-frontend's macros call `trim` many times a page; Nunjucks' own uses a slow regex
    // (about an eighth of a page's render time in a profile). Same result, kept safe or not as given.
    this.#env.addFilter('trim', (s: unknown) => {
      const text =
        typeof s === 'string' || s instanceof nunjucks.runtime.SafeString
          ? s.toString()
          : typeof s === 'number' || typeof s === 'boolean'
            ? String(s)
            : '';
      const trimmed = text.trim();
      return s instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
    });
    // `{{ amountPence | pounds }}` gives £1,234.56 (money is integer pence everywhere else).
    this.#env.addFilter('pounds', (pence: unknown) =>
      typeof pence === 'number'
        ? `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
        : '',
    );
  }

  render(template: string, frame: PageFrame, data: object = {}): string {
    const longDate = (iso: unknown) => formatDate(iso, frame.lang, { day: 'numeric', month: 'long', year: 'numeric' });
    const dateTime = (iso: unknown) =>
      formatDate(iso, frame.lang, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        hour12: true,
        timeZone: 'Europe/London',
      });
    const languageHref = (l: Language) => withLanguage(frame.currentPath, l);
    return this.#env.render(template, {
      ...data,
      frame,
      t: frame.t,
      lang: frame.lang,
      longDate,
      dateTime,
      languageHref,
    });
  }
}

function formatDate(iso: unknown, lang: Language, opts: Intl.DateTimeFormatOptions): string {
  if (typeof iso !== 'string') return '';
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', { timeZone: 'Europe/London', ...opts }).format(d);
}

/** The same page in another language: its path and query with `lang` set (and no CSRF token). */
export function withLanguage(pathAndQuery: string, lang: Language): string {
  const url = new URL(pathAndQuery, 'http://x');
  url.searchParams.set('lang', lang);
  // A failed upload's page is at its form's action, whose query carries the CSRF token: not in a link.
  url.searchParams.delete('_csrf');
  return `${url.pathname}${url.search}`;
}
