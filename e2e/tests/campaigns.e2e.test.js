// Campaigns end to end, in Debian's headless chromium against the running system (./run-local.sh, started by
// e2e/run.sh with quiet hours off, so that campaign texts are not held when the tests run at night). Each test signs
// in through Keycloak's real login page (as the admin: only sms-admin creates and runs campaigns; the viewer's test
// checks what the others see) and makes its own contacts with random numbers and a tag of its own, so that its
// audience search finds exactly them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pagePerTest, screenshot } from '../lib/browser.js';
import { assertNoScriptErrors, letterTag, textOf, waitForText } from '../lib/page.js';
import { accessibilityViolations } from '../lib/a11y.js';
import { signIn } from '../lib/auth.js';
import {
  call,
  CONSOLE_URL,
  conversation,
  createContact,
  eventually,
  GATEWAY_URL,
  localInZone,
  optOut,
  randomPhone,
  textIn,
} from '../lib/system.js';

const pageOf = pagePerTest();
let deliveredCampaignId = null; // the first test's campaign, which the viewer's test opens

async function newPage(who, options) {
  const page = await pageOf(options);
  await signIn(page, who);
  return page;
}

async function waitForStatus(page, status, timeoutMs = 20_000) {
  await eventually(async () => (await page.locator('#campaign-status').getAttribute('data-status')) === status, {
    timeoutMs,
    message: `the campaign to be ${status}`,
  });
}

/** Fills the new-campaign form and finds its audience (contacts of `company`); resolves to the audience text. */
async function fillCampaign(page, { name, body, company, expected }) {
  await page.goto(`${CONSOLE_URL}/#/campaigns`);
  await page.locator('#new-campaign').click();
  await page.locator('#campaign-name').fill(name);
  await page.locator('#campaign-body').fill(body);
  await page.locator('#audience-q').fill(company);
  await page.locator('#audience-find').click();
  return waitForText(page, '#audience-count', expected);
}

describe('campaigns', () => {
  test('a campaign to three contacts, one opted out: the review counts one skipped, and two deliveries show live', async () => {
    const t = letterTag();
    const company = `Saturday Club ${t}`;
    const people = [
      ['Ann', `Lee ${t}`],
      ['Bob', `Stone ${t}`],
      ['Cleo', `Optout ${t}`],
    ];
    const contacts = [];
    for (const [firstName, lastName] of people) {
      const phone = randomPhone();
      const c = await createContact({ firstName, lastName, company, phone: phone.e164, type: 'customer' });
      contacts.push({ ...c, e164: phone.e164 });
    }
    const [ann, bob, cleo] = contacts;
    await textIn(cleo.e164, 'STOP');
    await eventually(async () => (await optOut(cleo.e164)).optedOut, { message: 'the gateway to record the opt-out' });

    const page = await newPage('admin');
    const found = {};
    // The header's link to the campaigns, for a role that may read them.
    await page.locator('nav a[data-nav="campaigns"]').click();
    await page.locator('h1', { hasText: 'Campaigns' }).waitFor();
    found.list = await accessibilityViolations(page);

    const body = `Hi {firstName|there}, {company} meets on Saturday ${t}`;
    await fillCampaign(page, {
      name: `Open Saturday ${t}`,
      body,
      company,
      expected: /^3 contacts match; 3 have a phone number\.$/,
    });
    // The counter is the largest text after merging: Cleo's, the longest first name.
    const longest = `Hi Cleo, ${company} meets on Saturday ${t}`;
    assert.equal(await textOf(page, '#campaign-chars'), `${longest.length} / 1600 characters`);
    assert.equal(await textOf(page, '#campaign-segments'), '1 segment');
    assert.equal(await textOf(page, '#campaign-encoding'), 'GSM-7');
    assert.match(await textOf(page, '#campaign-longest-for'), new RegExp(`for Cleo Optout ${t}`));
    assert.match(await textOf(page, '#campaign-estimate'), /^About 3 segments in all for 3 recipients\.$/);
    assert.match(await textOf(page, '#campaign-preview-text'), new RegExp(`^Hi (Ann|Bob|Cleo), ${company} meets`));
    // An unknown merge field is named before the gateway would refuse it.
    await page.locator('#campaign-body').fill(`${body} {nickname}`);
    await waitForText(page, '#campaign-fields-error', /^Unknown merge field \{nickname\}/);
    await page.locator('#campaign-body').fill(body);
    assert.equal(await textOf(page, '#campaign-fields-error'), '');
    await screenshot(page, 'console-campaign-new.png', { fullPage: true });
    found.form = await accessibilityViolations(page);

    // Review makes the draft: the gateway counts the opted-out recipient as skipped before anything is sent.
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${GATEWAY_URL}/api/campaigns` && r.request().method() === 'POST'),
      page.locator('#campaign-review').click(),
    ]);
    const draft = await created.json();
    assert.equal(draft.status, 'draft', JSON.stringify(draft));
    assert.ok(created.request().headers()['idempotency-key'], 'the draft is made with an Idempotency-Key');
    const sentRecipients = JSON.parse(created.request().postData()).recipients;
    assert.deepEqual(
      sentRecipients.map((r) => r.to).sort(),
      contacts.map((c) => c.e164).sort(),
      'every contact of the search, by number',
    );
    assert.deepEqual(sentRecipients.find((r) => r.to === ann.e164).fields, {
      firstName: 'Ann',
      lastName: `Lee ${t}`,
      company,
    });
    await page.locator('#campaign-review-panel').waitFor();
    assert.equal(await textOf(page, '#review-audience'), '3 recipients: 2 eligible, 1 opted out (skipped).');
    assert.equal(await textOf(page, '#review-eligible'), '2');
    assert.equal(await textOf(page, '#review-skipped'), '1');
    assert.equal(await textOf(page, '#review-start'), 'Send now');
    found.review = await accessibilityViolations(page);

    // From here on every count and status the page shows is recorded, on the same page (no reload).
    await page.evaluate(() => {
      window.__e2eNoReload = true;
      window.__e2eSeen = { delivered: [], status: [] };
      const record = () => {
        const delivered = document.getElementById('count-delivered')?.textContent;
        const status = document.getElementById('campaign-status')?.dataset.status;
        const seen = window.__e2eSeen;
        if (delivered !== undefined && seen.delivered.at(-1) !== delivered) seen.delivered.push(delivered);
        if (status !== undefined && seen.status.at(-1) !== status) seen.status.push(status);
      };
      new MutationObserver(record).observe(document.getElementById('main'), {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    const stream = page.waitForRequest((r) => r.url() === `${GATEWAY_URL}/api/campaigns/${draft.id}/stream`);
    await page.locator('#review-start').click();
    await page.waitForURL((url) => url.hash === `#/campaigns/${draft.id}`);
    const streamRequest = await stream;
    assert.match(streamRequest.headers().authorization ?? '', /^Bearer /, 'the stream carries the token');
    await waitForText(page, '#campaign-live', /^Live$/);
    await waitForText(page, '#count-delivered', /^2$/, 45_000);
    await waitForText(page, '#count-skipped', /^1$/);
    await waitForStatus(page, 'completed', 30_000);
    assert.equal(await textOf(page, '#count-eligible'), '2');
    assert.equal(await textOf(page, '#count-total'), '3');
    assert.equal(await textOf(page, '#campaign-counts-line'), '2 of 2 delivered · 1 skipped (opted out)');
    const seen = await page.evaluate(() => window.__e2eSeen);
    assert.equal(await page.evaluate(() => window.__e2eNoReload), true, 'the page was not reloaded');
    assert.equal(
      seen.delivered[0],
      '0',
      `the page showed the campaign before anything was delivered: ${seen.delivered}`,
    );
    assert.equal(seen.delivered.at(-1), '2', `delivered counts seen: ${seen.delivered}`);
    assert.equal(seen.status.at(-1), 'completed', `statuses seen: ${seen.status}`);
    assert.ok(seen.status.includes('sending') || seen.status.includes('scheduled'), `statuses seen: ${seen.status}`);
    assert.equal(await page.locator('#campaign-pause').isVisible(), false, 'a completed campaign has no Pause');
    assert.equal(await page.locator('#campaign-cancel').isVisible(), false, 'nor Cancel');

    // The opted-out contact is listed as skipped.
    await eventually(
      async () => {
        await page.locator('.campaign-recipients .link-button', { hasText: 'Refresh' }).click();
        return (
          (await page.locator(`#campaign-recipients li[data-to="${cleo.e164}"][data-status="skipped"]`).count()) === 1
        );
      },
      { timeoutMs: 15_000, intervalMs: 1000, message: 'Cleo listed as skipped' },
    );
    await screenshot(page, 'console-campaign.png', { fullPage: true });
    found.campaign = await accessibilityViolations(page);

    // What the gateway did: each eligible contact got the text merged with their own fields; Cleo got nothing.
    const stored = await call('GET', `${GATEWAY_URL}/api/campaigns/${draft.id}`);
    assert.equal(stored.status, 200, stored.text);
    assert.equal(stored.json.counts.delivered, 2, JSON.stringify(stored.json.counts));
    assert.equal(stored.json.counts.skipped, 1);
    for (const [c, first] of [
      [ann, 'Ann'],
      [bob, 'Bob'],
    ]) {
      const sent = (await conversation(c.e164)).filter((m) => m.direction === 'outbound');
      assert.deepEqual(
        sent.map((m) => [m.body, m.campaignId, m.status]),
        [[`Hi ${first}, ${company} meets on Saturday ${t}`, draft.id, 'delivered']],
      );
    }
    // The gateway keeps the skipped recipient's text as canceled (skipped_opted_out): it never went out.
    const toCleo = (await conversation(cleo.e164)).filter((m) => m.direction === 'outbound');
    assert.deepEqual(
      toCleo.filter((m) => m.status !== 'canceled' || m.messageSid),
      [],
      `nothing was sent to the opted-out contact: ${JSON.stringify(toCleo)}`,
    );

    // It is on the list, newest first.
    await page.goto(`${CONSOLE_URL}/#/campaigns`);
    const row = page.locator(`#campaign-list li[data-id="${draft.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /Completed/);
    assert.match(await row.textContent(), /2 of 2 delivered · 1 skipped \(opted out\)/);
    deliveredCampaignId = draft.id;
    assert.deepEqual(found, { list: [], form: [], review: [], campaign: [] });
    assertNoScriptErrors(page);
  });

  test("a scheduled campaign goes with the browser's offset, and can be paused, resumed and canceled", async () => {
    const t = letterTag();
    const company = `Later Club ${t}`;
    const phone = randomPhone();
    await createContact({ firstName: 'Lou', lastName: `Later ${t}`, company, phone: phone.e164 });
    // A browser half an hour off the hour from UTC: the offset must be the browser's, not the server's.
    const page = await newPage('admin', { timezoneId: 'Asia/Kolkata' });
    await fillCampaign(page, {
      name: `Next week ${t}`,
      body: `See you next week, {firstName} ${t}`,
      company,
      expected: /^1 contact matches; 1 has a phone number\.$/,
    });
    await page.locator('#when-later').check();
    assert.equal(await page.locator('#campaign-send-at').isEnabled(), true);
    const when = localInZone(2 * 60 * 60_000, 'Asia/Kolkata');
    assert.equal(when.offset, '+05:30');
    await page.locator('#campaign-send-at').fill(when.value);
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${GATEWAY_URL}/api/campaigns` && r.request().method() === 'POST'),
      page.locator('#campaign-review').click(),
    ]);
    const sendAt = JSON.parse(created.request().postData()).sendAt;
    assert.equal(sendAt, `${when.value}:00+05:30`, 'the wall-clock time typed, with the browser offset');
    const draft = await created.json();
    assert.equal(Date.parse(draft.sendAt), when.at.getTime(), `the gateway has the same instant: ${draft.sendAt}`);
    await page.locator('#campaign-review-panel').waitFor();
    assert.equal(await textOf(page, '#review-start'), 'Schedule');
    await page.locator('#review-start').click();
    await page.waitForURL((url) => url.hash === `#/campaigns/${draft.id}`);
    await waitForStatus(page, 'scheduled');
    await waitForText(page, '#campaign-live', /^Live$/);
    const visible = async () =>
      Object.fromEntries(
        await Promise.all(
          ['start', 'pause', 'resume', 'cancel'].map(async (b) => [
            b,
            await page.locator(`#campaign-${b}`).isVisible(),
          ]),
        ),
      );
    assert.deepEqual(await visible(), { start: false, pause: true, resume: false, cancel: true });
    await screenshot(page, 'console-campaign-scheduled.png', { fullPage: true });

    await page.locator('#campaign-pause').click();
    await waitForStatus(page, 'paused');
    assert.deepEqual(await visible(), { start: false, pause: false, resume: true, cancel: true });
    await page.locator('#campaign-resume').click();
    await waitForStatus(page, 'scheduled'); // its time is still ahead
    assert.deepEqual(await visible(), { start: false, pause: true, resume: false, cancel: true });

    // Cancel asks once more, in the page.
    await page.locator('#campaign-cancel').click();
    await page.locator('#campaign-cancel-ask').waitFor();
    await page.locator('#campaign-cancel-keep').click();
    assert.equal(await page.locator('#campaign-cancel-ask').isVisible(), false);
    assert.equal(await page.locator('#campaign-status').getAttribute('data-status'), 'scheduled', 'kept');
    await page.locator('#campaign-cancel').click();
    await page.locator('#campaign-cancel-confirm').click();
    await waitForStatus(page, 'canceled');
    assert.deepEqual(await visible(), { start: false, pause: false, resume: false, cancel: false });

    const stored = await call('GET', `${GATEWAY_URL}/api/campaigns/${draft.id}`);
    assert.equal(stored.json.status, 'canceled', stored.text);
    assert.equal(Date.parse(stored.json.sendAt), when.at.getTime());
    const sent = (await conversation(phone.e164)).filter((m) => m.direction === 'outbound' && m.status !== 'canceled');
    assert.deepEqual(sent, [], 'nothing went out');
    assertNoScriptErrors(page);
  });

  test('the viewer sees the campaigns and their progress, but no way to create or run one', async () => {
    const page = await newPage('viewer');
    await page.locator('nav a[data-nav="campaigns"]').click();
    await page.locator('#new-campaign-reason').waitFor();
    assert.equal(await textOf(page, '#new-campaign-reason'), 'Your role (viewer) cannot create or run campaigns.');
    assert.equal(await page.locator('#new-campaign').count(), 0);
    await page.goto(`${CONSOLE_URL}/#/campaigns/new`);
    await waitForText(page, '#new-campaign-reason', /cannot create or run campaigns/);
    assert.equal(await page.locator('#campaign-form').count(), 0, 'no form the gateway would refuse');
    if (deliveredCampaignId) {
      await page.goto(`${CONSOLE_URL}/#/campaigns/${deliveredCampaignId}`);
      await waitForText(page, '#count-delivered', /^2$/);
      await waitForText(page, '#campaign-controls-reason', /cannot create or run campaigns/);
      assert.equal(await page.locator('#campaign-cancel').count(), 0);
    }
    assertNoScriptErrors(page);
  });
});
