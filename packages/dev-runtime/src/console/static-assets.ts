/**
 * The console's stylesheet and script, served from `assets/` beside this file: plain CSS and an
 * ES module, so nothing is built. Read once, then kept.
 */
import { readFile } from 'node:fs/promises';
import { CONSOLE_CSS_PATH, CONSOLE_JS_PATH } from './page-layout.ts';

export interface Asset {
  readonly type: string;
  body(): Promise<string>;
}

function fileAsset(name: string, type: string): Asset {
  let cached: Promise<string> | undefined;
  return {
    type,
    body() {
      cached ??= readFile(new URL(`./assets/${name}`, import.meta.url), 'utf8').catch((err: unknown) => {
        cached = undefined; // a failed read is tried again next time
        throw err;
      });
      return cached;
    },
  };
}

const ASSETS: ReadonlyMap<string, Asset> = new Map([
  [CONSOLE_CSS_PATH, fileAsset('console.css', 'text/css; charset=utf-8')],
  [CONSOLE_JS_PATH, fileAsset('console.js', 'text/javascript; charset=utf-8')],
]);

export function assetFor(pathname: string): Asset | undefined {
  return ASSETS.get(pathname);
}
