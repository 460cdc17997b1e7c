/**
 * Lighthouse (its Node API) driving the machine's Chromium, launched by chrome-launcher with the
 * flags the browser tests use. Lighthouse's defaults are kept: a mobile device with simulated
 * slow 4G and a 4x slower CPU, the setting PageSpeed Insights reports, and the stricter one.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_PATH } from '../tests/e2e/browser.ts';
import { lighthouseFigures, type LighthouseFigures } from './lighthouse-figures.ts';

/** The same flags as tests/e2e/browser.ts's launchChromium. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export const CATEGORIES = ['performance', 'accessibility'] as const;

export interface Audited {
  readonly figures: LighthouseFigures;
  /** The whole report as Lighthouse writes it (JSON), to open in the Lighthouse viewer. */
  readonly reportJson: string;
}

/** Runs `fn` with a Chromium that Lighthouse can drive, and closes it afterwards. */
export async function withChromium<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: CHROMIUM_FLAGS,
    logLevel: 'error',
  });
  try {
    return await fn(chrome.port);
  } finally {
    chrome.kill();
  }
}

/** One Lighthouse run of `url` in the Chromium on `port` (storage and cache are cleared first). */
export async function audit(url: string, port: number): Promise<Audited> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const reportJson = Array.isArray(result.report) ? result.report.join('') : result.report;
  return { figures: lighthouseFigures(result.lhr), reportJson };
}
