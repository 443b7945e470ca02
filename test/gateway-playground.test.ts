/**
 * The playground in a real browser: Playwright (`playwright-core`) driving Debian's headless
 * `chromium` (installed by `.ci/run`) opens the page served by the gateway, solves examples,
 * checks the rendered grid and the step timeline, and saves screenshots under `out/` (ignored
 * by git). Every request to another origin is blocked and must not happen: the page works
 * offline. Skipped, saying why, only when there is no chromium outside CI.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/gateway/index.js';
import { FIXTURE_MODELS, LEARNED_MODELS, LEARNED_TASK, MAZE, SUDOKU, SUDOKU_SOLUTION, startTestGateway } from './support/gateway.js';
import { REPO_ROOT } from './support/paths.js';

const CHROMIUM = '/usr/bin/chromium';
const inCi = (process.env.CI ?? '') !== '';
const skip = !existsSync(CHROMIUM) && !inCi;
if (skip) console.warn(`[gateway-playground] SKIPPED: no ${CHROMIUM} (apt-get install -y chromium)`);
const SHOTS = join(REPO_ROOT, 'out', 'screenshots');
/** What the page's cells offer (the tests compile without the DOM library). */
type DomCell = { getAttribute(name: string): string | null };
/** The widths the layout tests run at: a desktop window and a phone (iPhone 12-14 CSS pixels). */
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

describe.skipIf(skip)('playground in headless chromium', () => {
  let gateway: RunningGateway;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const offsite: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    gateway = await startTestGateway({ modelDirs: [FIXTURE_MODELS, LEARNED_MODELS] }); // the fixtures and one learned task
    profile = mkdtempSync(join(tmpdir(), 'trm-router-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(gateway.url)) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await gateway?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  async function solveExample(id: string): Promise<void> {
    await page.selectOption('[data-testid=example]', id);
    await page.click('[data-testid=solve]');
    await page.waitForSelector('[data-testid=status][data-state=done], [data-testid=status][data-state=error]', { timeout: 30_000 });
  }

  it('solves the Sudoku example: answer grid, verified badge, one timeline step per TRM step with its halting probability', async () => {
    await page.goto(`${gateway.url}/`);
    await expect.poll(() => page.locator('[data-testid=example] option').count()).toBeGreaterThan(3);
    await page.selectOption('[data-testid=example]', 'sudoku-classic');
    expect(await page.inputValue('[data-testid=puzzle]')).toContain('53..7....');
    await solveExample('sudoku-classic');
    expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('done');
    expect(await page.textContent('[data-testid=verified]')).toBe('verified');
    expect(await page.textContent('[data-testid=answered-by]')).toMatch(/answered by .* after trm:/);

    const steps = page.locator('[data-testid=timeline] .step:not(.final)');
    const count = await steps.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const halt = Number(await steps.nth(i).getAttribute('data-halt'));
      expect(halt).toBeGreaterThanOrEqual(0);
      expect(halt).toBeLessThanOrEqual(1);
      expect(await steps.nth(i).locator('.p').textContent()).toBe(halt.toFixed(2));
    }
    await expect.poll(() => page.getAttribute('[data-testid=boards]', 'data-showing'), { timeout: 10_000 }).toBe('answer'); // the replay ends on the answer
    const answer = page.locator('[data-testid=grid-answer] .cell');
    expect(await answer.count()).toBe(81);
    expect((await answer.evaluateAll((cells: DomCell[]) => cells.map((c) => c.getAttribute('data-v')))).join('')).toBe(SUDOKU_SOLUTION);
    expect(await page.locator('[data-testid=grid-puzzle] .cell.given').count()).toBe(30);
    expect(await page.getAttribute('[data-testid=grid-puzzle]', 'data-style')).toBe('digits');
    expect(await page.locator('[data-testid=grid-puzzle] .cell.box-r').count()).toBe(9 * 2); // box lines from board.box
    expect(await page.locator('[data-testid=grid-puzzle] .cell.box-b').count()).toBe(9 * 2);
    await page.screenshot({ path: join(SHOTS, 'playground-sudoku-answer.png'), fullPage: true });

    await steps.first().click();
    expect(await page.getAttribute('[data-testid=boards]', 'data-showing')).toBe('step-1');
    expect(await page.textContent('[data-testid=frame-label]')).toContain(`step 1 of ${count}`);
    const shaded = page.locator('[data-testid=grid-frame].shaded .cell');
    expect(await shaded.count()).toBe(81);
    const confidences = await shaded.evaluateAll((cells: DomCell[]) => cells.map((c) => Number(c.getAttribute('data-confidence'))));
    expect(confidences.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(await steps.first().getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'playground-sudoku-step1.png'), fullPage: true });
    expect(existsSync(join(SHOTS, 'playground-sudoku-step1.png'))).toBe(true);
  });

  it('solves a maze example and draws the path', async () => {
    await solveExample('maze-small');
    expect(await page.textContent('[data-testid=verified]')).toBe('verified');
    const cells = page.locator('[data-testid=grid-answer] .cell');
    expect(await cells.count()).toBe(7 * 9);
    expect(await page.locator('[data-testid=grid-answer] .cell[data-v="o"]').count()).toBe(9);
    expect(await page.getAttribute('[data-testid=grid-answer]', 'data-style')).toBe('chars');
    expect(await page.locator('[data-testid=grid-answer] .cell.box-r').count()).toBe(0);
    expect(await page.textContent('[data-testid=grid-answer] .cell[data-v="#"]')).toBe(''); // walls drawn as dark cells
    expect(await page.locator('[data-testid=timeline] .step:not(.final)').count()).toBe(0); // no maze model: exact search, no TRM steps
    await page.screenshot({ path: join(SHOTS, 'playground-maze.png'), fullPage: true });
  });

  it('runs an ARC task through the model trained on it, and shows errors as messages', async () => {
    await solveExample('arc-007bbfb7');
    expect(await page.textContent('[data-testid=verified]')).toBe('not verifiable');
    expect(await page.locator('[data-testid=grid-puzzle] .cell').count()).toBe(9);
    await page.fill('[data-testid=puzzle]', 'hello');
    await page.selectOption('[data-testid=task]', 'auto');
    await page.click('[data-testid=solve]');
    await page.waitForSelector('[data-testid=status][data-state=error]');
    expect(await page.textContent('[data-testid=status]')).toContain('invalid_input');
  });

  it('offers the learned task of an installed model and draws its grids as colour swatches, labelled with its own words', async () => {
    await page.goto(`${gateway.url}/`);
    const tasks = await page.locator('[data-testid=task] option').evaluateAll((options: DomCell[]) => options.map((o) => o.getAttribute('value')));
    expect(tasks).toEqual(['auto', 'sudoku', 'maze', 'arc', LEARNED_TASK]);
    expect(await page.textContent('[data-testid=notations]')).toContain(`a ${LEARNED_TASK} grid`);
    const input = [
      [0, 1, 2],
      [1, 1, 3],
      [3, 0, 1],
    ];
    const expected = ['0', '2', '2', '2', '2', '3', '3', '0', '2'];
    await page.fill('[data-testid=puzzle]', input.map((row) => row.join(' ')).join('\n'));
    await page.selectOption('[data-testid=task]', LEARNED_TASK);
    await page.click('[data-testid=solve]');
    await page.waitForSelector('[data-testid=status][data-state=done], [data-testid=status][data-state=error]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('done');
    expect(await page.textContent('[data-testid=verified]')).toBe('not verifiable');
    expect(await page.getAttribute('[data-testid=verified]', 'class')).toContain('warn');
    expect(await page.textContent('[data-testid=answered-by]')).toContain(`trm:${LEARNED_TASK}`);
    await expect.poll(() => page.getAttribute('[data-testid=boards]', 'data-showing'), { timeout: 10_000 }).toBe('answer');
    expect(await page.getAttribute('[data-testid=grid-answer]', 'data-style')).toBe('colours');
    const answer = page.locator('[data-testid=grid-answer] .cell');
    expect(await answer.evaluateAll((cells: DomCell[]) => cells.map((c) => c.getAttribute('data-v')))).toEqual(expected);
    expect(await page.locator('.board-wrap h3').first().textContent()).toBe('Puzzle');
    await page.screenshot({ path: join(SHOTS, 'playground-learned.png'), fullPage: true });
  });

  describe.each(VIEWPORTS)('at $name width ($width x $height)', (viewport) => {
    const shot = (name: string) => join(SHOTS, `playground-${name}-${viewport.name}.png`);
    const fitsWidth = async () => Number(await page.evaluate('document.documentElement.scrollWidth'));

    beforeAll(async () => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
    });

    async function openPage(): Promise<void> {
      await page.goto(`${gateway.url}/`);
      await expect.poll(() => page.locator('[data-testid=example] option').count()).toBeGreaterThan(3);
    }

    it('pasting a Sudoku after the ARC example switches the task menu to Sudoku and solves it as one', async () => {
      await openPage();
      await page.selectOption('[data-testid=example]', 'arc-007bbfb7');
      expect(await page.inputValue('[data-testid=task]')).toBe('arc');
      await page.fill('[data-testid=puzzle]', SUDOKU.match(/.{9}/g)!.join('\n')); // what a paste does: the text changes
      await page.waitForSelector('[data-testid=puzzle][data-detected]', { timeout: 10_000 });
      expect(await page.inputValue('[data-testid=task]')).toBe('sudoku');
      expect(await page.inputValue('[data-testid=example]')).toBe(''); // no longer the ARC example
      await page.click('[data-testid=solve]');
      await page.waitForSelector('[data-testid=status][data-state=done], [data-testid=status][data-state=error]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=status]')).not.toContain('not JSON');
      expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('done');
      expect(await page.textContent('[data-testid=answered-by]')).toMatch(/^sudoku answered by/);
      await page.screenshot({ path: shot('paste-sudoku'), fullPage: true });
    });

    it('a task chosen by hand after typing stays chosen', async () => {
      await openPage();
      await page.fill('[data-testid=puzzle]', MAZE);
      await page.selectOption('[data-testid=task]', 'sudoku'); // before the gateway has said what the text looks like
      await page.waitForSelector('[data-testid=puzzle][data-detected]', { timeout: 10_000 });
      expect(await page.getAttribute('[data-testid=puzzle]', 'data-detected')).toBe('maze');
      expect(await page.inputValue('[data-testid=task]')).toBe('sudoku');
    });

    it("clears the previous run's step line when a new run starts and after an error", async () => {
      await openPage();
      await solveExample('sudoku-classic');
      await expect.poll(() => page.getAttribute('[data-testid=boards]', 'data-showing'), { timeout: 10_000 }).toBe('answer');
      expect(await page.locator('[data-testid=timeline] .step').count()).toBeGreaterThan(1);
      expect(await page.textContent('[data-testid=frame-label]')).not.toBe('');

      // A new run: held at the gateway's door until the page has been looked at.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/v1/solve', async (route) => {
        await held;
        await route.continue();
      });
      try {
        await page.click('[data-testid=solve]');
        await page.waitForSelector('[data-testid=status][data-state=running]');
        expect(await page.locator('[data-testid=timeline] .step').count()).toBe(0);
        expect(await page.textContent('[data-testid=frame-label]')).toBe('');
        expect(await page.locator('[data-testid=boards] .grid').count()).toBe(0);
        expect(await page.isDisabled('[data-testid=play]')).toBe(true);
      } finally {
        release();
      }
      await page.waitForSelector('[data-testid=status][data-state=done]', { timeout: 30_000 });
      await page.unroute('**/v1/solve');
      await expect.poll(() => page.getAttribute('[data-testid=boards]', 'data-showing'), { timeout: 10_000 }).toBe('answer');
      await page.locator('[data-testid=timeline] .step').first().click(); // a step picked by hand: the label names it
      expect(await page.textContent('[data-testid=frame-label]')).toContain('step 1 of');

      await page.fill('[data-testid=puzzle]', 'hello');
      await page.selectOption('[data-testid=task]', 'auto');
      await page.click('[data-testid=solve]');
      await page.waitForSelector('[data-testid=status][data-state=error]', { timeout: 30_000 });
      expect(await page.locator('[data-testid=timeline] .step').count()).toBe(0);
      expect(await page.textContent('[data-testid=frame-label]')).toBe('');
      expect(await page.locator('[data-testid=boards] .grid').count()).toBe(0);
      expect(await page.textContent('[data-testid=rendered]')).toBe('');
      await page.screenshot({ path: shot('error-cleared'), fullPage: true });
    });

    it('fits the viewport: no horizontal scroll, the example menu inside its panel, even with the widest board', async () => {
      await openPage();
      expect(await fitsWidth()).toBeLessThanOrEqual(viewport.width);
      const menu = await page.locator('[data-testid=example]').boundingBox();
      const panel = await page.locator('.input-panel').boundingBox();
      expect(menu!.x + menu!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
      await solveExample('maze-30');
      expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('done');
      expect(await fitsWidth()).toBeLessThanOrEqual(viewport.width);
      // the 30-wide boards fit too, without a scroll bar of their own
      expect(await page.evaluate(`Array.from(document.querySelectorAll('.board-wrap')).every((w) => w.scrollWidth <= w.clientWidth)`)).toBe(true);
      await page.screenshot({ path: shot('maze-30'), fullPage: true });
    });

    it('/favicon.ico is an icon the browser can draw, served by the gateway', async () => {
      await openPage();
      // Decoded by chromium itself: an image that does not decode fails to load. The query string is
      // there because Playwright aborts every intercepted request whose URL ends in /favicon.ico.
      const size = await page.evaluate(`new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
        img.onerror = () => reject(new Error('/favicon.ico did not load as an image'));
        img.src = '/favicon.ico?decode';
      })`);
      expect(size).toEqual([16, 16]);
    });
  });

  it('loaded nothing from another origin and logged no errors', () => {
    expect(offsite).toEqual([]);
    expect(pageErrors.filter((e) => !e.includes('400'))).toEqual([]);
  });
});
