/**
 * What every page a browser journey visits must pass: axe-core finds no WCAG 2.2 AA violation, the
 * GOV.UK header is there, the <title> is the page's own (no two pages share one), and a screenshot
 * is written to tests/e2e/screenshots/<name>.png for people to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const SCREENSHOTS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../screenshots');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export class PageChecks {
  /** Title -> the name of the page that has it. */
  readonly #titles = new Map<string, string>();
  readonly #prefix: string;
  readonly visited: string[] = [];

  constructor(prefix: string) {
    this.#prefix = prefix;
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  }

  /** Checks the page the browser shows now, named `name` (e.g. `apply-task-list`). */
  async check(page: Page, name: string): Promise<void> {
    const file = `${this.#prefix}-${String(this.visited.length + 1).padStart(2, '0')}-${name}`;
    this.visited.push(name);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${file}.png`), fullPage: true });
    assert.equal(await page.locator('header .govuk-header').count(), 1, `${name}: the GOV.UK header`);
    const title = await page.title();
    assert.match(title, / – GOV\.UK$/, `${name}: a GOV.UK title`);
    // Error pages repeat their form's title with "Error: " before it; that is the same page.
    const own = title.replace(/^(Error|Gwall): /, '');
    const holder = this.#titles.get(own);
    assert.ok(holder === undefined || holder === name, `${name} has the same title as ${holder ?? ''}: "${own}"`);
    this.#titles.set(own, name);
    const axe = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
    const problems = axe.violations.map(
      (v) => `${v.id} (${v.impact ?? ''}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    assert.deepEqual(problems, [], `${name}: axe-core WCAG 2.2 AA violations`);
  }
}
