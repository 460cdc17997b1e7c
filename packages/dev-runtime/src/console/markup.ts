/**
 * HTML built from templates that escape every interpolated value unless it is already `SafeHtml`
 * (built by this same tag), so a span attribute or a log line can never become markup.
 */

export class SafeHtml {
  readonly html: string;
  constructor(html: string) {
    this.html = html;
  }
  toString(): string {
    return this.html;
  }
}

/** What a template may interpolate: nothing, text, numbers, markup, or lists of those. */
export type HtmlPart = SafeHtml | string | number | false | null | undefined | readonly HtmlPart[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(part: HtmlPart): string {
  if (part === false || part === null || part === undefined) return '';
  if (part instanceof SafeHtml) return part.html;
  if (typeof part === 'number') return String(part);
  if (typeof part === 'string') return escapeHtml(part);
  return part.map(render).join('');
}

export function markup(strings: TemplateStringsArray, ...values: readonly HtmlPart[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** `1234.5` -> `1,234.5`; figures on the console read the same everywhere. */
export function formatNumber(n: number, fractionDigits = 0): string {
  return n.toLocaleString('en-GB', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

/** Milliseconds as a person reads them: `0.42 ms`, `12 ms`, `1.3 s`. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${formatNumber(ms, 2)} ms`;
  if (ms < 1000) return `${formatNumber(ms, ms < 10 ? 1 : 0)} ms`;
  return `${formatNumber(ms / 1000, 1)} s`;
}

/** `1 error`, `3 errors`: a count with its noun, so no figure relies on colour to be read. */
export function plural(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Markup with its layout whitespace folded, so tests can match it on one line. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/> </g, '><').replace(/ >/g, '>').replace(/> /g, '>').replace(/ </g, '<');
}
