// End-to-end tests of the console's inbox (its home page) and of MMS in a conversation, in Debian's headless chromium
// against the running system (./run-local.sh, started by e2e/run.sh). Each test signs in through Keycloak's login
// page as the agent and texts from random numbers, so runs never collide. Unread counts are the agent's own: each
// test compares them with what they were before it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pagePerTest, screenshot } from '../lib/browser.js';
import { assertNoScriptErrors, tag, waitForText } from '../lib/page.js';
import { accessibilityViolations } from '../lib/a11y.js';
import { signIn } from '../lib/auth.js';
import {
  CONSOLE_URL,
  GATEWAY_URL,
  call,
  createContact,
  eventually,
  randomPhone,
  SAMPLE_MEDIA_URL,
  sendViaApi,
  textIn,
} from '../lib/system.js';

const pageOf = pagePerTest();

/** A page signed in as `who`; init: a script to run in it before the console's own (page.addInitScript). */
async function newPage(options, who = 'agent', init = null) {
  const page = await pageOf(options);
  if (init) await page.addInitScript(init);
  await signIn(page, who);
  return page;
}

/** The unread total in the title, "(3) Inbox · SMS console" -> 3 (0 without a count). */
function titleCount(title) {
  const m = /^\((\d+)\+?\) /.exec(title);
  return m ? Number(m[1]) : 0;
}

async function inboxLive(page) {
  await page.goto(`${CONSOLE_URL}/#/`);
  await waitForText(page, '#inbox-live', /^Live$/, 20_000);
  await page.locator('#inbox-summary').filter({ hasText: /\S/ }).waitFor();
}

const row = (page, phone) => page.locator(`#inbox-list > li[data-phone="${phone}"]`);

describe('inbox', () => {
  test('a text from a stranger appears at the top live, unread; another moves it back up; opening it marks it read', async () => {
    const page = await newPage();
    const stranger = randomPhone();
    const known = randomPhone();
    const t = tag();
    const contact = await createContact({ firstName: 'Inbox', lastName: `Regular ${t}`, phone: known.e164 });
    await inboxLive(page);
    await page.evaluate(() => (window.__e2eNoReload = true));
    const before = titleCount(await page.title());

    const first = `Hi, do you do gutters too, and fences ${t}`;
    await textIn(stranger.e164, first);
    await eventually(
      async () => (await page.locator('#inbox-list > li').first().getAttribute('data-phone')) === stranger.e164,
      {
        timeoutMs: 20_000,
        message: "the stranger's conversation at the top of the inbox",
      },
    );
    const strangerRow = row(page, stranger.e164);
    await waitForText(page, `#inbox-list > li[data-phone="${stranger.e164}"] .inbox-preview`, new RegExp(first));
    assert.equal(await strangerRow.getAttribute('data-unread'), '1');
    assert.match(await strangerRow.locator('.badge-unread').textContent(), /1\s*1 unread/);
    // A stranger has the number as people write it (or the prospect made for them, named by that number).
    await waitForText(
      page,
      `#inbox-list > li[data-phone="${stranger.e164}"] .inbox-name`,
      new RegExp(stranger.national.replace(/[()]/g, '\\$&')),
    );
    await eventually(async () => titleCount(await page.title()) === before + 1, {
      message: async () => `the title to count one more unread (was ${before}): "${await page.title()}"`,
    });
    assert.match(await page.title(), /^\(\d+\+?\) Inbox · SMS console$/);
    // Said politely to screen readers.
    await waitForText(page, '#announcer', new RegExp(`^New text from .*: ${first}$`));
    assert.equal(await page.locator('#announcer').getAttribute('aria-live'), 'polite');

    // A known contact texts: their row (with their name) goes to the top; then the stranger again, back on top, 2.
    await textIn(known.e164, `Running late ${t}`);
    await eventually(
      async () => (await page.locator('#inbox-list > li').first().getAttribute('data-phone')) === known.e164,
      {
        timeoutMs: 20_000,
        message: "the contact's conversation at the top",
      },
    );
    await waitForText(
      page,
      `#inbox-list > li[data-phone="${known.e164}"] .inbox-name`,
      new RegExp(`Inbox Regular ${t}`),
    );
    assert.equal(
      await row(page, known.e164).locator('a').getAttribute('href'),
      `#/contacts/${contact.id}`,
      "a contact's row opens the contact",
    );
    await textIn(stranger.e164, `Also the fence ${t}`);
    await eventually(
      async () => (await page.locator('#inbox-list > li').first().getAttribute('data-phone')) === stranger.e164,
      {
        timeoutMs: 20_000,
        message: 'the stranger back at the top',
      },
    );
    await eventually(async () => (await strangerRow.getAttribute('data-unread')) === '2', { message: 'two unread' });
    assert.equal(
      await page.locator(`#inbox-list > li[data-phone="${stranger.e164}"]`).count(),
      1,
      'one row per number',
    );
    await eventually(async () => titleCount(await page.title()) === before + 3, {
      message: async () => `three more unread in the title: "${await page.title()}"`,
    });
    assert.equal(await page.evaluate(() => window.__e2eNoReload), true, 'all of it live, no reload');

    // Unread only: both are there; the filter is in the address.
    await page.getByRole('link', { name: 'Unread', exact: true }).click();
    await page.waitForURL((url) => url.hash === '#/?filter=unread');
    await row(page, stranger.e164).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Unread', exact: true }).getAttribute('aria-current'), 'page');
    const unreadBadges = await page
      .locator('#inbox-list > li')
      .evaluateAll((lis) => lis.map((li) => li.dataset.unread));
    assert.ok(
      unreadBadges.every((n) => Number(n) > 0),
      `only unread conversations: ${unreadBadges}`,
    );
    assert.deepEqual(await accessibilityViolations(page), [], 'the inbox, Unread only');

    // Opening it (its contact page, or the conversation of a number without a contact) marks it read.
    const [read] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.url().endsWith(`/api/conversations/${encodeURIComponent(stranger.e164)}/read`) &&
          r.request().method() === 'POST',
      ),
      row(page, stranger.e164).locator('a').click(),
    ]);
    assert.equal(read.status(), 200, await read.text());
    const marked = await read.json();
    assert.equal(marked.unreadCount, 0);
    assert.equal(marked.readUpTo, marked.lastMessage.id, 'read up to the newest text');
    await page.locator('#messages .bubble-in', { hasText: `Also the fence ${t}` }).waitFor();
    await page.goBack();
    await page.locator('#inbox-heading').waitFor();
    await eventually(async () => (await row(page, stranger.e164).count()) === 0, {
      message: 'the read conversation gone from Unread',
    });
    await page.getByRole('link', { name: 'All', exact: true }).click();
    await row(page, stranger.e164).waitFor();
    assert.equal(await row(page, stranger.e164).getAttribute('data-unread'), '0');
    assert.equal(await row(page, stranger.e164).locator('.badge-unread').count(), 0, 'no badge');
    await eventually(async () => titleCount(await page.title()) === before + 1, {
      message: async () => `the title without the stranger's two: "${await page.title()}"`,
    });
    assertNoScriptErrors(page);
  });

  test('older conversations load on scroll and with Load more; usable at 375 px and by keyboard; no axe violations', async () => {
    // More than one page (30) of conversations: texts to new numbers make them (either direction counts).
    const listed = await call('GET', `${GATEWAY_URL}/api/conversations?limit=31`);
    assert.equal(listed.status, 200, listed.text);
    for (let i = listed.json.items.length; i < 31; i++) await sendViaApi(randomPhone().e164, `Filling the inbox ${i}`);
    const picture = randomPhone();
    await textIn(picture.e164, '', undefined, { mediaUrl: SAMPLE_MEDIA_URL });
    // Stored before the page loads, so that the first page is the 30 newest with it among them.
    await eventually(
      async () =>
        (await call('GET', `${GATEWAY_URL}/api/conversations?limit=1`)).json?.items?.[0]?.phone === picture.e164,
      { message: 'the MMS stored' },
    );
    // Signed in once the data is there: the inbox (the home page) opens with it.
    const page = await newPage({ width: 375, height: 812 });
    await inboxLive(page);
    await eventually(async () => (await page.locator('#inbox-list > li').count()) >= 30, { message: 'the first page' });
    assert.equal(await page.locator('#inbox-list > li').count(), 30, 'one page at first');
    // An MMS without words says what it carries.
    await waitForText(page, `#inbox-list > li[data-phone="${picture.e164}"] .inbox-preview`, /^(Photo|Attachment)$/);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 375 px (overflow ${overflow}px)`);
    await screenshot(page, 'console-inbox-mobile.png');

    // Keyboard: Tab reaches the first row with a visible focus; "Load more" loads the next page.
    await page.locator('#inbox-heading').focus();
    let onRow = false;
    for (let i = 0; i < 6 && !onRow; i++) {
      await page.keyboard.press('Tab');
      onRow = await page.evaluate(() => document.activeElement?.matches('#inbox-list a.inbox-row') ?? false);
    }
    assert.ok(onRow, 'a row is reachable with Tab (after the filters)');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
    await page.locator('#inbox-more').focus();
    await page.keyboard.press('Enter');
    await eventually(async () => (await page.locator('#inbox-list > li').count()) > 30, { message: 'Load more' });
    await waitForText(page, '#announcer', /more conversations? loaded/);

    // Scrolling to the end loads more by itself, while there is more.
    const afterButton = await page.locator('#inbox-list > li').count();
    if (await page.locator('#inbox-more').isVisible()) {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await eventually(async () => (await page.locator('#inbox-list > li').count()) > afterButton, {
        message: 'more rows on scroll',
      });
    }
    const phones = await page.locator('#inbox-list > li').evaluateAll((lis) => lis.map((li) => li.dataset.phone));
    assert.equal(new Set(phones).size, phones.length, 'no conversation twice');

    // Enter on a row opens it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('#inbox-list a.inbox-row').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('#contact-name').waitFor();

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${CONSOLE_URL}/#/`);
    await page.locator('#inbox-list > li').first().waitFor();
    await page.evaluate(() => document.activeElement?.blur());
    await screenshot(page, 'console-inbox.png');
    assert.deepEqual(await accessibilityViolations(page), [], 'the inbox');
    assertNoScriptErrors(page);
  });

  test('an MMS bubble shows its photo, fetched with the token, with an alt text naming the sender', async () => {
    // Which blob: URLs the page revokes (URL.revokeObjectURL, recorded before the console's scripts run).
    const page = await newPage(undefined, 'agent', () => {
      const revoke = URL.revokeObjectURL.bind(URL);
      window.__e2eRevoked = [];
      URL.revokeObjectURL = (url) => {
        window.__e2eRevoked.push(url);
        revoke(url);
      };
    });
    const phone = randomPhone();
    const t = tag();
    const contact = await createContact({ firstName: 'Picture', lastName: `Sender ${t}`, phone: phone.e164 });
    await textIn(phone.e164, `The crack in the wall ${t}`, undefined, { mediaUrl: SAMPLE_MEDIA_URL });
    const media = [];
    page.on('request', (r) => {
      if (/\/api\/messages\/[^/]+\/media\/0$/.test(new URL(r.url()).pathname)) media.push(r.headers().authorization);
    });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    const bubble = page.locator('#messages .bubble-in', { hasText: `The crack in the wall ${t}` });
    await bubble.waitFor({ timeout: 20_000 });
    const img = bubble.locator('img.bubble-image');
    await img.waitFor({ timeout: 20_000 });
    assert.equal(await img.getAttribute('alt'), `Photo from ${phone.national}`);
    assert.match(await img.getAttribute('src'), /^blob:/, 'shown from a blob: URL');
    await eventually(() => img.evaluate((el) => el.complete && el.naturalWidth > 0), { message: 'the photo decoded' });
    assert.ok(media.length >= 1 && media.every((a) => a?.startsWith('Bearer ')), 'fetched with the bearer token');
    await bubble.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-mms.png');
    assert.deepEqual(await accessibilityViolations(page), [], 'a conversation with a photo');

    // Leaving the page revokes the blob: URL (nothing of the photo stays in memory).
    const src = await img.getAttribute('src');
    await page.locator('a[data-nav="inbox"]').click();
    await page.locator('#inbox-heading').waitFor();
    assert.deepEqual(await page.evaluate(() => window.__e2eRevoked), [src], 'the blob: URL was revoked');
    assertNoScriptErrors(page);
  });
});
