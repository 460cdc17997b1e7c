/**
 * Drives a journey the way a person would: with the mouse, or with the keyboard only (Tab to a
 * control, type, Space or Enter), in a context that may have JavaScript off or a 320 px viewport.
 * One journey script runs in every mode; each page it reaches goes through PageChecks when given.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { PageChecks } from './page-checks.ts';

export type InputMode = 'mouse' | 'keyboard';

/** Tab stops to try before deciding a control cannot be reached by keyboard. */
const MAX_TABS = 120;

export class JourneyDriver {
  readonly page: Page;
  readonly mode: InputMode;
  readonly #checks: PageChecks | undefined;
  readonly #narrow: boolean;

  constructor(page: Page, opts: { mode: InputMode; checks?: PageChecks; narrow?: boolean }) {
    this.page = page;
    this.mode = opts.mode;
    this.#checks = opts.checks;
    this.#narrow = opts.narrow ?? false;
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  /**
   * The page shown now is `name` and passed its checks (and, at 320 px, needs no sideways
   * scrolling); it shows no error summary unless `errors` says one is expected.
   */
  async arrived(name: string, heading?: RegExp, opts: { errors?: boolean } = {}): Promise<void> {
    const summary = this.page.locator('.govuk-error-summary');
    if (!opts.errors && (await summary.count()) > 0)
      assert.fail(`${name}: the page shows errors: ${(await summary.textContent())?.replace(/\s+/g, ' ') ?? ''}`);
    if (heading)
      assert.match((await this.page.locator('main h1').first().textContent()) ?? '', heading, `${name}: its heading`);
    if (this.#narrow) {
      const overflow = await this.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${name}: ${overflow}px wider than a 320px screen`);
    }
    await this.#checks?.check(this.page, name);
  }

  /**
   * Moves focus with Tab until it is on `target` (for a radio button: on its group, which takes
   * one Tab stop); fails when Tab never gets there.
   */
  async #focus(target: Locator): Promise<void> {
    const handle = await target.elementHandle();
    assert.ok(handle, 'the control exists');
    const arrived = () =>
      handle.evaluate((el) => {
        const active = document.activeElement;
        if (el === active) return true;
        return (
          el instanceof HTMLInputElement &&
          el.type === 'radio' &&
          active instanceof HTMLInputElement &&
          active.type === 'radio' &&
          active.name === el.name &&
          active.form === el.form
        );
      });
    for (let i = 0; i < MAX_TABS; i++) {
      await this.page.keyboard.press('Tab');
      if (await arrived()) return;
    }
    assert.fail(`could not reach ${String(target)} with the Tab key`);
  }

  async fill(target: Locator, value: string): Promise<void> {
    if (this.mode === 'mouse') return target.fill(value);
    await this.#focus(target);
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(value);
  }

  /** Picks a radio button or ticks a checkbox. */
  async check(target: Locator): Promise<void> {
    if (this.mode === 'mouse') return target.check();
    await this.#focus(target);
    if ((await target.getAttribute('type')) === 'radio') {
      // In a radio group the arrow keys move the choice; Space chooses the focused one.
      await this.page.keyboard.press('Space');
      for (let i = 0; i < 20 && !(await target.isChecked()); i++) await this.page.keyboard.press('ArrowDown');
    } else if (!(await target.isChecked())) await this.page.keyboard.press('Space');
    assert.equal(await target.isChecked(), true, `${String(target)} is chosen`);
  }

  async select(target: Locator, value: string): Promise<void> {
    if (this.mode === 'mouse') {
      await target.selectOption(value);
      return;
    }
    await this.#focus(target);
    // Keyboard users choose in a closed <select> with the arrow keys; set it from the focused state.
    await target.selectOption(value);
  }

  async upload(target: Locator, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    if (this.mode === 'mouse') return target.setInputFiles(file);
    // Headless Chromium now and then drops the key that should open the file chooser on a focused
    // input (seen once in several CI runs); a keyboard user would press it again, and so does this.
    for (let attempt = 1; ; attempt++) {
      await this.#focus(target);
      const opened = this.page.waitForEvent('filechooser', { timeout: 5_000 });
      await this.page.keyboard.press('Space');
      try {
        await (await opened).setFiles(file);
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  /** Presses a button or follows a link and waits for the page it leads to. */
  async activate(target: Locator): Promise<void> {
    // The next navigation of the main frame, then its load (set up before the action, so none is missed).
    const main = this.page.mainFrame();
    const navigated = this.page
      .waitForEvent('framenavigated', (frame) => frame === main)
      .then(() => this.page.waitForLoadState('load'))
      .catch(() => undefined);
    if (this.mode === 'mouse') await target.click();
    else {
      await this.#focus(target);
      await this.page.keyboard.press('Enter');
    }
    await navigated;
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' }).first();
  }

  link(name: string | RegExp): Locator {
    return this.page.getByRole('link', { name, exact: typeof name === 'string' }).first();
  }

  /** A link or a button (GOV.UK's button-styled links are role="button"). */
  control(name: string | RegExp): Locator {
    const exact = typeof name === 'string';
    return this.page.getByRole('link', { name, exact }).or(this.page.getByRole('button', { name, exact })).first();
  }

  label(text: string | RegExp): Locator {
    return this.page.getByLabel(text, { exact: typeof text === 'string' }).first();
  }
}
