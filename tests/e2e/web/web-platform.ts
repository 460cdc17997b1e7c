/**
 * A whole platform for browser tests: started on free ports with its own data folder, the seeded
 * accounts, and Debian's Chromium. One per test file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dwp } from '@dwp/platforms/dwp';
import { startLocalPlatform, type LocalPlatform } from '@dwp/dev-runtime';
import { nextSecurityCode, seededUser, signIn, type SeededUser } from '@dwp/dev-runtime/testing/sign-in';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { launchChromium } from '../browser.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export class WebPlatform {
  readonly platform: LocalPlatform;
  readonly browser: Browser;
  readonly dataDir: string;
  readonly citizen: SeededUser;
  readonly caseworker: SeededUser;

  private constructor(
    platform: LocalPlatform,
    browser: Browser,
    dataDir: string,
    citizen: SeededUser,
    caseworker: SeededUser,
  ) {
    this.platform = platform;
    this.browser = browser;
    this.dataDir = dataDir;
    this.citizen = citizen;
    this.caseworker = caseworker;
  }

  static async start(): Promise<WebPlatform> {
    const dataDir = await mkdtemp(join(tmpdir(), 'dwp-web-'));
    const platform = await startLocalPlatform({
      platform: dwp,
      rootDir: ROOT,
      dataDir,
      port: 0,
      adminPort: 0,
      env: {},
      console: () => undefined,
    });
    await platform.waitUntilHealthy(90_000);
    const [citizen, caseworker] = await Promise.all([
      seededUser(dataDir, 'test-citizen'),
      seededUser(dataDir, 'test-caseworker'),
    ]);
    return new WebPlatform(platform, await launchChromium(chromium), dataDir, citizen, caseworker);
  }

  get url(): string {
    return this.platform.entryUrl;
  }

  /** The user pool stand-in's local-only door, for the code Cognito would have emailed. */
  async confirmationCode(username: string): Promise<string> {
    const pool = this.platform.status().standIns.find((s) => s.name === 'user-pool')!.endpoint;
    const { code } = (await (
      await fetch(`${pool}/__local/confirmation-codes/${encodeURIComponent(username)}`)
    ).json()) as { code: string };
    return code;
  }

  /** An access token for API calls a test makes around the browser (e.g. to find another citizen's claim). */
  async accessToken(user: SeededUser): Promise<string> {
    return (await signIn(this.url, user)).accessToken;
  }

  async newPage(opts: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext(opts);
    return context.newPage();
  }

  /** Signs `user` in through the pages: password, then the authenticator app's code. */
  async signInWithPages(
    page: Page,
    user: { username: string; password: string; totpSecret?: string | undefined },
  ): Promise<void> {
    await page.goto(`${this.url}/sign-in`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await Promise.all([page.waitForURL('**/sign-in/security-code'), page.click('main button[type=submit]')]);
    await page.fill('#code', await nextSecurityCode(user.totpSecret!));
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
      page.click('main button[type=submit]'),
    ]);
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.platform.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
