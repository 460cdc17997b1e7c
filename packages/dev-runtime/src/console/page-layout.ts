/** The frame every console page shares: head, header, skip link and main. Pure. */
import { markup, type HtmlPart, type SafeHtml } from './markup.ts';

export const CONSOLE_CSS_PATH = '/console/console.css';
export const CONSOLE_JS_PATH = '/console/console.js';

export interface PageOptions {
  readonly platform: string;
  /** The page's own title, before the platform's name. */
  readonly title: string;
  readonly body: HtmlPart;
  /** Loads the console's script (live updates). @default false */
  readonly live?: boolean;
}

export function renderPage(opts: PageOptions): SafeHtml {
  return markup`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} – ${opts.platform} operations console</title>
        <link rel="stylesheet" href="${CONSOLE_CSS_PATH}" />
        ${opts.live ? markup`<script type="module" src="${CONSOLE_JS_PATH}"></script>` : ''}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="header">
          <p class="header__title"><a href="/">${opts.platform} operations console</a></p>
          <nav aria-label="Console">
            <ul class="header__nav">
              <li><a href="/#map">Service map</a></li>
              <li><a href="/#instances">Instances</a></li>
              <li><a href="/#gateways">Gateways</a></li>
              <li><a href="/#traces">Traces</a></li>
              <li><a href="/status">Status JSON</a></li>
            </ul>
          </nav>
        </header>
        <main id="main" class="main">${opts.body}</main>
      </body>
    </html> `;
}
