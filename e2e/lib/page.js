// What the browser tests read off a page: script errors, texts, and waiting for a text.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { eventually } from './system.js';

/** A short random tag that keeps one test's data apart from another's. */
export const tag = () => randomBytes(3).toString('hex');

/**
 * A random tag of letters only, for data a test finds by searching: the contacts search also matches phone numbers
 * containing a query's digits, so a tag with digits in it can find other tests' contacts.
 */
export const letterTag = () =>
  randomBytes(4)
    .toString('hex')
    .replace(/\d/g, (d) => 'ghijklmnop'[d]);

export function assertNoScriptErrors(page) {
  assert.deepEqual(page.errors, [], `uncaught script errors or CSP violations; console:\n${page.logs.join('\n')}`);
}

/** The trimmed text of the first element the selector finds. */
export async function textOf(page, selector) {
  return (await page.locator(selector).first().textContent())?.trim() ?? '';
}

/** Waits until the element's text matches; the failure message shows the last text seen. */
export async function waitForText(page, selector, pattern, timeoutMs = 15_000) {
  let last = '';
  await eventually(
    async () => {
      last = (await page.locator(selector).first().textContent({ timeout: 1000 }))?.trim() ?? '';
      return pattern.test(last);
    },
    { timeoutMs, message: () => `${selector} to match ${pattern} (last text: "${last}")` },
  );
  return last;
}
