// Mend in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// opens the Web Chat page served by Mend, which talks to Mend's own local Direct Line endpoint.
// One whole I-statement flow by clicking and typing, then the crisis reply with helplines; a
// screenshot lands in test-output/webchat.png. Skipped only on a dev machine without Chromium;
// on CI (CI set) a missing browser is a failure, never a skip.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { PROJECT_ROOT } from '../src/content/files.js';
import { startTestServer, type TestServer } from './helpers/http.js';
import { testReplies } from './helpers/mend-test-client.js';

const CHROMIUM = '/usr/bin/chromium';
const runnable = existsSync(CHROMIUM) || Boolean(process.env['CI']);
const R = testReplies();
const WAIT = { timeout: 15_000 };
const OUTPUT = join(PROJECT_ROOT, 'test-output');

const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user)';
const SEND_BOX = '[data-id="webchat-sendbox-input"]';

/** A pattern matching the start of any variant, loosely: Web Chat renders Markdown and curly quotes. */
function opening(key: string): RegExp {
  const starts = R.variants(key).map((v) => {
    const plain = v.split(/["'\u2018\u2019\u201c\u201d*_`{]/)[0]!.trim();
    return plain.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  });
  return new RegExp(starts.join('|'));
}

async function botSays(page: Page, pattern: RegExp): Promise<void> {
  try {
    await page.locator(BOT_BUBBLE).filter({ hasText: pattern }).last().waitFor(WAIT);
  } catch (err) {
    // Say what was on screen instead: a failure on CI is then readable from the log alone.
    const seen = (await page.locator(BOT_BUBBLE).allInnerTexts()).slice(-3).map((t) => t.slice(0, 120));
    throw new Error(`Mend never said ${pattern}; its last messages were ${JSON.stringify(seen)} (${(err as Error).message.split('\n')[0]})`);
  }
}

/** The suggested actions currently offered, once they include `expected` (or any, if omitted). */
async function suggested(page: Page, expected?: string): Promise<string[]> {
  const buttons = page.locator('.webchat__suggested-actions button');
  if (expected) await buttons.filter({ hasText: expected }).first().waitFor(WAIT);
  else await buttons.first().waitFor(WAIT);
  return (await buttons.allInnerTexts()).map((t) => t.trim()).filter((t) => t !== '');
}

async function type(page: Page, text: string): Promise<void> {
  const input = page.locator(SEND_BOX);
  await input.click();
  await input.fill(text);
  await page.keyboard.press('Enter');
  await page.locator('.webchat__bubble--from-user').filter({ hasText: text.slice(0, 20) }).last().waitFor(WAIT);
}

describe.skipIf(!runnable)('Web Chat in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (scripts/test-all.sh does this on CI)`);
    mkdirSync(OUTPUT, { recursive: true });
    server = await startTestServer({ STORAGE: 'memory' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    // Any request leaving this server would mean a CDN or a phone-home.
    page.on('request', (req) => {
      if (!req.url().startsWith(server.url) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) problems.push(`outside request: ${req.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs a whole I-statement flow, then shows the helplines for a crisis message', async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: join(OUTPUT, 'webchat-failure.png') }).catch(() => undefined);
    });
    await page.goto(server.url);

    // The welcome, with the three flows as buttons.
    await botSays(page, opening('core.welcome'));
    const menu = [R.text('core.button_istatement'), R.text('core.button_apology'), R.text('core.button_escalate')];
    expect(await suggested(page, menu[0])).toEqual(menu);

    // Pick the I-statement flow with a click, then type the blaming message.
    await page.locator('.webchat__suggested-actions button').filter({ hasText: menu[0]! }).click();
    await botSays(page, opening('istatement.ask_original'));
    await type(page, 'you never help with the dishes');

    // Feeling: click one of the offered feelings.
    await botSays(page, opening('istatement.ask_feeling'));
    const feelings = await suggested(page);
    expect(feelings.length).toBeGreaterThan(0);
    await page.locator('.webchat__suggested-actions button').filter({ hasText: feelings[0]! }).first().click();

    // Behaviour and need: typed.
    await botSays(page, opening('istatement.ask_behaviour'));
    await type(page, 'when I cook dinner and the dishes stay in the sink overnight');
    await botSays(page, opening('istatement.ask_need'));
    await type(page, 'because I need us to share the work at home');

    // Request: skipped with its button.
    await botSays(page, opening('istatement.ask_request'));
    const skip = R.text('istatement.skip');
    await suggested(page, skip);
    await page.locator('.webchat__suggested-actions button').filter({ hasText: skip }).click();

    // The result, as an Adaptive Card.
    const card = page.locator('.ac-adaptiveCard').last();
    await card.waitFor(WAIT);
    expect(await card.innerText()).toContain(R.text('istatement.result_title'));
    expect((await card.innerText()).toLowerCase()).toContain(feelings[0]!.toLowerCase());

    // The safety net, mid-conversation: the crisis reply with the US helpline (locale en-US).
    await type(page, 'I want to kill myself');
    await botSays(page, /988/);

    // Let Web Chat's smooth scroll reach the newest message before the picture is taken.
    await page.locator(BOT_BUBBLE).filter({ hasText: /988/ }).last().scrollIntoViewIfNeeded();
    await page.locator(BOT_BUBBLE).last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(OUTPUT, 'webchat.png') });
    expect(problems).toEqual([]);
  });

  it('is usable by keyboard and screen reader', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('main').getAttribute('aria-label')).toBeTruthy();
    // The send box is labelled, and sending works from the keyboard alone.
    const input = page.locator(SEND_BOX);
    expect((await input.getAttribute('aria-label')) ?? (await input.getAttribute('placeholder'))).toBeTruthy();
    await input.focus();
    await page.keyboard.type('menu');
    await page.keyboard.press('Enter');
    await botSays(page, opening('core.menu'));
    // Suggested actions are real buttons that work from the keyboard.
    const first = page.locator('.webchat__suggested-actions button').first();
    await first.waitFor(WAIT);
    expect(await first.evaluate((el) => el.tagName)).toBe('BUTTON');
    await first.focus();
    expect(await page.evaluate('document.activeElement && document.activeElement.tagName')).toBe('BUTTON');
    await page.keyboard.press('Enter');
    await botSays(page, opening('istatement.ask_original'));
    expect(problems).toEqual([]);
  });
});
