/**
 * The static files the pages use, from govuk-frontend's and MoJ Frontend's `dist`, under names
 * that carry a hash of their content (`/assets/govuk-frontend-3f2a9c1e.min.css`), so browsers may
 * cache them for a year. Built once at start: CSS `url(/assets/...)` references are rewritten to
 * the hashed names, and text files are compressed ahead of time with brotli and gzip.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

export interface Asset {
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly br: Buffer | undefined;
  readonly gzip: Buffer | undefined;
}

export interface AssetCatalogue {
  /** The hashed URL of a logical asset name (`govuk-frontend.min.css`); throws for an unknown name. */
  url(name: string): string;
  /** The asset served at a hashed URL, if any. */
  byUrl(url: string): Asset | undefined;
}

export const ASSET_PREFIX = '/assets/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.css', '.mjs', '.js', '.svg', '.ico']);

const require = createRequire(import.meta.url);
export const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const MOJ_ROOT = dirname(require.resolve('@ministryofjustice/frontend/package.json'));
const OWN_ASSETS = join(dirname(new URL(import.meta.url).pathname), 'static');

interface Source {
  /** The name pages and CSS use: a path under /assets/ as govuk-frontend spells it. */
  readonly name: string;
  readonly file: string;
}

function filesIn(dir: string, prefix: string): Source[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && CONTENT_TYPES[extname(e.name)] !== undefined)
    .map((e) => ({ name: `${prefix}${e.name}`, file: join(dir, e.name) }));
}

function sources(): Source[] {
  const govuk = join(GOVUK_DIST, 'govuk');
  const moj = join(MOJ_ROOT, 'moj');
  return [
    // MoJ's images first, so govuk-frontend's own win where both ship one name.
    ...filesIn(join(moj, 'assets', 'images'), 'images/'),
    ...filesIn(join(govuk, 'assets', 'fonts'), 'fonts/'),
    ...filesIn(join(govuk, 'assets', 'images'), 'images/'),
    { name: 'govuk-frontend.min.css', file: join(govuk, 'govuk-frontend.min.css') },
    { name: 'govuk-frontend.min.js', file: join(govuk, 'govuk-frontend.min.js') },
    { name: 'moj-frontend.min.css', file: join(moj, 'moj-frontend.min.css') },
    { name: 'moj-frontend.min.js', file: join(moj, 'moj-frontend.min.js') },
    ...filesIn(OWN_ASSETS, ''),
  ];
}

const shortHash = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 10);

function hashedUrl(name: string, body: Buffer): string {
  const ext = extname(name);
  const base = basename(name, ext);
  const dir = name.slice(0, name.length - basename(name).length);
  // `govuk-frontend.min.css` becomes `govuk-frontend.min-<hash>.css`
  return `${ASSET_PREFIX}${dir}${base}-${shortHash(body)}${ext}`;
}

function compressed(ext: string, body: Buffer): { br: Buffer | undefined; gzip: Buffer | undefined } {
  if (!COMPRESSIBLE.has(ext)) return { br: undefined, gzip: undefined };
  return {
    br: brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
    gzip: gzipSync(body, { level: 9 }),
  };
}

/**
 * Builds the catalogue. Binary files are hashed first; CSS and scripts are then rewritten to
 * point at those hashed names (so a font change changes the stylesheet's hash too).
 */
export function buildAssetCatalogue(): AssetCatalogue {
  const byName = new Map<string, Asset>();
  const byUrl = new Map<string, Asset>();
  const add = (name: string, body: Buffer) => {
    const ext = extname(name);
    const asset: Asset = {
      url: hashedUrl(name, body),
      contentType: CONTENT_TYPES[ext]!,
      body,
      ...compressed(ext, body),
    };
    byName.set(name, asset);
    byUrl.set(asset.url, asset);
  };
  const all = sources();
  const isText = (s: Source) => ['.css', '.mjs', '.js'].includes(extname(s.name));
  for (const s of all.filter((x) => !isText(x))) add(s.name, readFileSync(s.file));
  // Scripts import each other by `./<name>`; stylesheets name images and fonts by `/assets/<name>`.
  const rewrite = (text: string) =>
    text
      .replace(/url\(\/assets\/([^)]+)\)/g, (whole, ref: string) =>
        byName.has(ref) ? `url(${byName.get(ref)!.url})` : whole,
      )
      .replace(/from\s*['"]\.\/([\w.-]+\.m?js)['"]/g, (whole, ref: string) =>
        byName.has(ref) ? `from '${byName.get(ref)!.url}'` : whole,
      );
  // Library files before our own, which import them.
  for (const s of all
    .filter(isText)
    .sort((a, b) => Number(a.file.startsWith(OWN_ASSETS)) - Number(b.file.startsWith(OWN_ASSETS)))) {
    add(s.name, Buffer.from(rewrite(readFileSync(s.file, 'utf8'))));
  }
  return {
    url(name) {
      const a = byName.get(name);
      if (!a) throw new Error(`No asset named ${name}`);
      return a.url;
    },
    byUrl: (url) => byUrl.get(url),
  };
}
