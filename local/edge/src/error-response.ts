/**
 * How the edge words its own answers: the platform's JSON error shape for the API
 * (`{"error":{"code","message"}}`), a self-contained GOV.UK-styled page for everything else (the
 * web tier that serves the styles may be the part that failed). Either through a response, or as
 * raw bytes on a socket whose request Node could not parse.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { EdgeRefusal } from './edge-errors.ts';

/** What a person reads when the edge itself refuses a page (CloudFront's custom error pages on AWS). */
const PAGE_TITLES: Readonly<Record<number, string>> = {
  400: 'Sorry, there is a problem with the request',
  403: 'Sorry, you cannot do that',
  405: 'Sorry, you cannot do that',
  408: 'Sorry, the request took too long to arrive',
  413: 'The file or form was too big',
  414: 'The web address is too long',
  431: 'Your browser sent too much information',
  502: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
  504: 'Sorry, the service is unavailable',
};

/** The methods CloudFront's widest "allowed HTTP methods" setting passes: the edge's `Allow` on 405. */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page for a browser: self-contained (the web tier that serves the styles may be the part that failed). */
export function edgeErrorPage(status: number, message: string): string {
  const title = PAGE_TITLES[status] ?? 'Sorry, there is a problem with the service';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – GOV.UK</title>
<style>body{font-family:arial,sans-serif;margin:0;color:#0b0c0c}header{background:#1d70b8;color:#fff;padding:10px 15px;font-weight:700;font-size:1.5rem}main{max-width:960px;margin:0 auto;padding:30px 15px}h1{font-size:2rem}p{font-size:1.2rem;line-height:1.3}a{color:#1d70b8}</style></head>
<body><header>GOV.UK</header><main id="main-content"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}.</p><p>Go back and try again, or <a href="/">go to the start page</a>.</p></main></body></html>`;
}

interface Rendered {
  readonly body: string;
  readonly headers: Record<string, string | number>;
}

function render(refusal: EdgeRefusal, asPage: boolean, close: boolean): Rendered {
  const body = asPage
    ? edgeErrorPage(refusal.status, refusal.message)
    : JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  return {
    body,
    headers: {
      'content-type': asPage ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      ...(refusal.status === 405 ? { allow: ALLOWED_METHODS } : {}),
      ...(close ? { connection: 'close' } : {}),
    },
  };
}

/**
 * Answer through a response. `close` ends the connection after it: for every refusal made before
 * the body was read, since draining a body the edge will not use could take for ever.
 */
export function sendRefusal(res: ServerResponse, refusal: EdgeRefusal, asPage: boolean, close: boolean): void {
  const { body, headers } = render(refusal, asPage, close);
  res.writeHead(refusal.status, headers).end(body);
}

/** The same answer as bytes, for a socket whose request never became a response to write. */
export function rawRefusal(refusal: EdgeRefusal, asPage: boolean): string {
  const { body, headers } = render(refusal, asPage, true);
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}
