/**
 * Cross-site scripting detection in the manner of libinjection's HTML5 mode: a value is suspicious
 * when it would open an executable context in an HTML page: a script-capable element, an event
 * handler attribute inside a tag, a javascript:/vbscript:/data:text/html URL, or CSS expressions.
 * Text with angle brackets that form no tag (5 < 6, <3, "Smith & Sons <ltd>") does not.
 */
import { inspectionForms } from './normalise.ts';
import type { Detection } from './sqli-detector.ts';

interface Signature {
  readonly name: string;
  readonly pattern: RegExp;
}

const SIGNATURES: readonly Signature[] = [
  { name: 'xss.script-tag', pattern: /<\s*\/?\s*script\b/ },
  { name: 'xss.event-handler', pattern: /<[a-z!][^>]*?[\s/"'`]on[a-z]{3,}\s*=/ },
  {
    name: 'xss.dangerous-element',
    pattern:
      /<\s*(?:iframe|frame|frameset|object|embed|applet|base|meta|link|svg|math|form|isindex|xml|xss|template|portal|details|marquee|style|animate|set|handler|listener|layer|ilayer)\b/,
  },
  { name: 'xss.javascript-url', pattern: /(?:java|vb|live)\s*script\s*:/ },
  {
    name: 'xss.data-html-url',
    pattern: /data\s*:\s*(?:text\/html|image\/svg\+xml|application\/(?:x-)?(?:javascript|ecmascript))/,
  },
  { name: 'xss.srcdoc', pattern: /\bsrcdoc\s*=/ },
  { name: 'xss.css-expression', pattern: /\bexpression\s*\(|-moz-binding\s*:|behavior\s*:\s*url/ },
  {
    name: 'xss.attribute-breakout',
    pattern: /["'`]\s*\/?\s*>\s*<\s*[a-z]|["'`]\s+(?:on[a-z]{3,}|style|formaction|autofocus|src|href)\s*=/,
  },
  {
    name: 'xss.dom-sink',
    pattern:
      /\b(?:document\s*\.\s*(?:cookie|write|domain|location)|window\s*\.\s*location|\.innerhtml\s*=|eval\s*\(|settimeout\s*\(\s*['"`]|alert\s*[(`]|prompt\s*[(`]|confirm\s*[(`]|fromcharcode\s*\()/,
  },
  {
    name: 'xss.image-vector',
    pattern:
      /<\s*(?:img|image|input|body|video|audio|source|video|div|a|p|span|table|td|button|select|textarea|keygen|bgsound|html)\b[^>]*(?:\bsrc\s*=\s*["'`]?\s*(?:javascript|data|vbscript)|\bdynsrc\b|\blowsrc\b|\bbackground\s*=\s*["'`]?\s*javascript)/,
  },
];

export function detectXss(value: string): Detection | undefined {
  if (value.length < 3) return undefined;
  for (const form of inspectionForms(value)) {
    for (const s of SIGNATURES) {
      const m = s.pattern.exec(form);
      if (m) return { rule: s.name, matched: m[0].slice(0, 80) };
    }
  }
  return undefined;
}
