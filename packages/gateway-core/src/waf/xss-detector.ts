/**
 * Cross-site scripting detection in the manner of libinjection's HTML5 mode: the value is walked
 * as HTML (html-scanner.ts) from each place it could land in a page, and is suspicious when it
 * would open an executable context: a script-capable or document-altering element, an event
 * handler attribute, any style attribute (CSS in an attribute runs script through expression(),
 * behavior: and -moz-binding, and can overlay the page), XML namespaces and processing
 * instructions (which bring in script through another vocabulary), a javascript:/vbscript:/
 * data:text/html URL in any attribute, or, in text, a script sink called (`alert(1)`,
 * `document.cookie`). Text with angle brackets that form no such tag (5 < 6, <3, "Smith & Sons
 * <ltd>", a plain `<a href="/path">`) does not.
 *
 * Linear: a bounded number of forward passes, each character looked at a bounded number of times.
 */
import { htmlForm } from './normalise.ts';
import { ScanMeter } from './scan-meter.ts';
import { walkHtml, type HtmlContext } from './html-scanner.ts';
import type { Detection } from './sqli-detector.ts';

/** Elements that run script, load other documents or code, or change how the page is read. */
const DANGEROUS_ELEMENTS = new Set([
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'link',
  'svg',
  'math',
  'xml',
  'xss',
  'style',
  'form',
  'isindex',
  'template',
  'portal',
  'import',
  'handler',
  'listener',
  'vmlframe',
  'layer',
  'ilayer',
  'bgsound',
  'comment',
  'noscript',
  'plaintext',
  'xmp',
  'animate',
  'animatemotion',
  'animatetransform',
  'animation',
  'set',
  'feimage',
  'foreignobject',
  'event-source',
  'eventsource',
  'marquee',
  'blink',
  'param',
  'title',
  'textarea',
  'keygen',
]);

/** Attributes that run script or pull in code whatever their value. */
const DANGEROUS_ATTRIBUTES = new Set([
  'style',
  'formaction',
  'srcdoc',
  'datasrc',
  'datafld',
  'dataformatas',
  'folder',
  'allowscriptaccess',
  'attributename',
  'seamless',
  'classid',
  'codebase',
  'dynsrc',
  'lowsrc',
  'behavior',
  'xlink:href',
  'xlink:actuate',
  'ev:event',
  'ev:handler',
  'repeat-start',
  'pattern',
]);

/** English words that begin with "on" and could stand before `=` in text; they are not event handlers. */
const ON_WORDS = new Set([
  'once',
  'ones',
  'only',
  'onto',
  'onion',
  'onions',
  'online',
  'onset',
  'onward',
  'onwards',
  'ongoing',
  'onus',
]);

const URL_SCHEMES = ['javascript:', 'vbscript:', 'livescript:', 'mocha:'];
const DATA_TYPES = ['text/html', 'text/xml', 'image/svg', 'application/', 'text/javascript', 'text/x-'];

const isControlOrSpace = (c: number) =>
  c <= 32 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0xfeff;

/**
 * Whether `word` occurs in `s` at i, with whitespace and control characters allowed between its
 * letters (browsers drop tabs and newlines inside URL schemes: `jav&#x09;ascript:`). Bounded: at
 * most 4 skipped characters per letter. Returns the index after the match, or -1.
 */
function spacedMatch(s: string, i: number, word: string, meter: ScanMeter): number {
  let j = i;
  for (let k = 0; k < word.length; k++) {
    let skipped = 0;
    while (k > 0 && j < s.length && isControlOrSpace(s.charCodeAt(j)) && skipped < 4) {
      meter.steps++;
      j++;
      skipped++;
    }
    if (s.charCodeAt(j) !== word.charCodeAt(k)) return -1;
    meter.steps++;
    j++;
  }
  return j;
}

/** A URL value that runs script: javascript:, vbscript:, or data: with an HTML, SVG, XML or script type. */
function scriptUrlAt(s: string, i: number, meter: ScanMeter): string | undefined {
  const c = s.charCodeAt(i);
  if (c === 106 /* j */ || c === 118 /* v */ || c === 108 /* l */ || c === 109 /* m */)
    for (const scheme of URL_SCHEMES) if (spacedMatch(s, i, scheme, meter) !== -1) return 'xss.javascript-url';
  if (c === 100 /* d */) {
    const after = spacedMatch(s, i, 'data:', meter);
    if (after !== -1) {
      let j = after;
      while (j < s.length && j < after + 8 && isControlOrSpace(s.charCodeAt(j))) j++;
      for (const type of DATA_TYPES) if (s.startsWith(type, j)) return 'xss.data-html-url';
      // data:,<script> and data:;base64,... carry no type: the browser sniffs or defaults to text.
      if (s[j] === ',' || s[j] === ';') return 'xss.data-html-url';
    }
  }
  return undefined;
}

/** Words that, in text, only script or a style sheet holds; each with what must follow it. */
const SINKS: readonly (readonly [string, string])[] = [
  ['alert', '(`'],
  ['prompt', '(`'],
  ['confirm', '(`'],
  ['eval', '(`'],
  ['settimeout', '('],
  ['setinterval', '('],
  ['fromcharcode', '('],
  ['document.cookie', ''],
  ['document.write', ''],
  ['document.domain', ''],
  ['document.location', ''],
  ['window.location', ''],
  ['location.href', ''],
  ['.innerhtml', ''],
  ['.outerhtml', ''],
  ['expression', '('],
  ['-moz-binding', ''],
  ['behavior:', ''],
  ['behaviour:', ''],
  ['-o-link', ''],
  ['@import', ''],
  ['importscripts', '('],
  ['xmlns', ':='],
  ['</script', ''],
  ['</style', ''],
  ['</title', ''],
  ['</textarea', ''],
];
const SINK_RULE: Readonly<Record<string, string>> = {
  expression: 'xss.css-expression',
  '-moz-binding': 'xss.css-expression',
  'behavior:': 'xss.css-expression',
  'behaviour:': 'xss.css-expression',
  '-o-link': 'xss.css-expression',
  '@import': 'xss.css-expression',
  xmlns: 'xss.xml-namespace',
  '</script': 'xss.script-tag',
};

/** The sinks by their first character, so the text pass tries only those that can match here. */
const SINKS_BY_FIRST = new Map<number, (readonly [string, string])[]>();
for (const sink of SINKS) {
  const first = sink[0].charCodeAt(0);
  const list = SINKS_BY_FIRST.get(first) ?? [];
  list.push(sink);
  SINKS_BY_FIRST.set(first, list);
}

const isIdentChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36;

/** One pass over the text for script URLs and sinks, wherever they stand. */
function scanText(s: string, meter: ScanMeter): Detection | undefined {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    meter.steps++;
    const c = s.charCodeAt(i);
    if (c < 45) continue;
    const url = scriptUrlAt(s, i, meter);
    if (url) return { rule: url, matched: s.slice(i, i + 80) };
    const candidates = SINKS_BY_FIRST.get(c);
    if (candidates === undefined) continue;
    for (const [word, follow] of candidates) {
      if (!s.startsWith(word, i)) continue;
      meter.steps += word.length;
      // A word, not the tail of one (`.innerhtml` and `-moz-` carry their own boundary).
      if (isIdentChar(c) && i > 0 && isIdentChar(s.charCodeAt(i - 1))) continue;
      let j = i + word.length;
      if (follow !== '') {
        while (j < n && j < i + word.length + 4 && (s[j] === ' ' || s[j] === '\t')) j++;
        // `alert (1)` with a space is how people write; scripts are written `alert(1)`.
        if (j > i + word.length && follow !== ':=') continue;
        if (!follow.includes(s[j] ?? '\u0000')) continue;
      }
      return { rule: SINK_RULE[word] ?? 'xss.dom-sink', matched: s.slice(i, i + 80) };
    }
  }
  return undefined;
}

function attributeVerdict(name: string, value: string | undefined, meter: ScanMeter): string | undefined {
  const local = name.includes(':') ? name.slice(name.lastIndexOf(':') + 1) : name;
  if (value !== undefined && local.startsWith('on') && local.length >= 5 && !ON_WORDS.has(local))
    return 'xss.event-handler';
  if (name.startsWith('xmlns')) return 'xss.xml-namespace';
  if (DANGEROUS_ATTRIBUTES.has(name)) return name === 'style' ? 'xss.style-attribute' : 'xss.dangerous-attribute';
  if (name.includes(':') && (local === 'href' || local === 'event' || local === 'handler')) return 'xss.xml-namespace';
  if (value !== undefined && value.length > 0) {
    let j = 0;
    while (j < value.length && j < 16 && isControlOrSpace(value.charCodeAt(j))) j++;
    const url = scriptUrlAt(value, j, meter);
    if (url) return url;
  }
  return undefined;
}

const CONTEXTS: readonly HtmlContext[] = ['data', '"', "'", '`', 'unquoted', 'attributes'];

export function detectXss(value: string, meter = new ScanMeter()): Detection | undefined {
  if (value.length < 3) return undefined;
  const s = htmlForm(value, meter);
  // Markup first (its findings name the element or attribute), then script and style in the text.
  return (s.includes('<') || s.includes('=') ? scanMarkup(s, meter) : undefined) ?? scanText(s, meter);
}

function scanMarkup(s: string, meter: ScanMeter): Detection | undefined {
  let found: Detection | undefined;
  const visitor = {
    tag(name: string, at: number): boolean {
      if (name === 'script') found = { rule: 'xss.script-tag', matched: s.slice(at, at + 80) };
      else if (name.includes(':') || name.startsWith('xsl') || name.startsWith('svg'))
        found = { rule: 'xss.xml-namespace', matched: s.slice(at, at + 80) };
      else if (DANGEROUS_ELEMENTS.has(name)) found = { rule: 'xss.dangerous-element', matched: s.slice(at, at + 80) };
      return found !== undefined;
    },
    attribute(name: string, attrValue: string | undefined, at: number): boolean {
      const rule = attributeVerdict(name, attrValue, meter);
      if (rule) found = { rule, matched: s.slice(at, at + 80) };
      return found !== undefined;
    },
    declaration(decl: string, at: number): boolean {
      if (
        decl.startsWith('!--[if') ||
        decl.startsWith('![endif') ||
        decl.startsWith('?xml') ||
        decl.startsWith('?import') ||
        decl.startsWith('!entity') ||
        decl.startsWith('!attlist') ||
        decl.startsWith('![cdata[') ||
        (decl.startsWith('!doctype') && decl.includes('['))
      )
        found = { rule: 'xss.xml-processing', matched: s.slice(at, at + 80) };
      return found !== undefined;
    },
  };
  for (const context of CONTEXTS) {
    if (context === 'attributes' || context === 'unquoted') {
      if (!s.includes('=')) continue;
    } else if (context !== 'data' && !s.includes(context)) continue;
    if (walkHtml(s, context, visitor, meter)) return found;
  }
  return undefined;
}
