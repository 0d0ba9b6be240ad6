// Debian's chromium driven by playwright-core (no browser download): one browser per test file.
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_URL, ROOT } from './system.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DOCS = join(ROOT, 'docs');

export async function launch() {
  return chromium.launch({
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
  });
}

/**
 * One browser for a test file and a new page per call (openPage), each page's context (its session, its live
 * streams) closed when its test ends. Registers node:test hooks: call it once, at a test file's top level.
 */
export function pagePerTest() {
  let browser;
  const pages = [];
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.context().close();
  });
  return async (options) => {
    const page = await openPage(browser, options);
    pages.push(page);
    return page;
  };
}

/**
 * A page in its own browser context (its own cookies: signed out) that records uncaught script errors and
 * Content-Security-Policy violations (page.errors: the tests assert there are none) and the console's messages
 * (page.logs, for diagnosis: a refused send logs its 409 there, which is expected). timezoneId: the browser's
 * time zone (UTC unless a test needs another, e.g. to see the offset of a time to send at).
 */
export async function openPage(browser, { width = 1280, height = 900, timezoneId = 'UTC' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US', timezoneId });
  const page = await context.newPage();
  page.errors = [];
  page.logs = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    page.logs.push(`${m.type()}: ${m.text()}`);
    // The console's own; Keycloak's pages have their own policy, which is Keycloak's business.
    if (m.text().startsWith(`CSP violation on ${new URL(CONSOLE_URL).origin}:`)) page.errors.push(m.text());
  });
  // Something the CSP blocks (a script, a connection to an origin it does not name) is an error of the test too.
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation on ${location.origin}: ${e.violatedDirective} blocked ${e.blockedURI}`),
    ),
  );
  page.setDefaultTimeout(15_000);
  return page;
}

export async function screenshot(page, name, options = {}) {
  mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: join(DOCS, name), ...options });
}
