// End-to-end tests of the web console in Debian's headless chromium, against the running system (./run-local.sh:
// Keycloak, the three services, the Kafka broker, PostgreSQL and the simulated carrier). Run through e2e/run.sh,
// which starts and stops the system. Every test signs in first through Keycloak's real login page (as the agent:
// these tests send texts and create contacts) and makes its own contacts with random numbers, so runs never
// collide. Sign-in itself and the roles are tested in sign-in.e2e.test.js.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pagePerTest, screenshot } from '../lib/browser.js';
import { assertNoScriptErrors, tag, waitForText } from '../lib/page.js';
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
  sendViaApi,
  textIn,
} from '../lib/system.js';

const pageOf = pagePerTest();

/** A page signed in as `who` through Keycloak's login page, on the contacts list. */
async function newPage(options, who = 'agent') {
  const page = await pageOf(options);
  await signIn(page, who);
  return page;
}

async function textOf(page, selector) {
  return (await page.locator(selector).textContent())?.trim() ?? '';
}

async function openContactFromList(page, query, name) {
  await page.goto(`${CONSOLE_URL}/#/contacts`);
  await page.locator('#contact-search').fill(query);
  // The list may lag behind Kafka (a prospect made from an inbound text): search again until it is there.
  await eventually(
    async () => {
      await page.locator('form[role="search"] button[type="submit"]').click();
      return (await page.locator('#contact-list a', { hasText: name }).count()) > 0;
    },
    { timeoutMs: 20_000, intervalMs: 1000, message: `"${name}" in the contacts list` },
  );
  await page.locator('#contact-list a', { hasText: name }).first().click();
  try {
    await page.locator('#contact-name').waitFor();
  } catch (e) {
    throw new Error(
      `the contact page did not show (${page.url()}): ${(await page.locator('main').innerText()).slice(0, 400)}`,
    );
  }
}

/** Records every status each sent bubble shows, in order, to prove the change happened in place. */
async function recordBubbleStatuses(page) {
  await page.evaluate(() => {
    window.__e2eNoReload = true;
    window.__e2eStatuses = {};
    const record = () => {
      for (const li of document.querySelectorAll('#messages .bubble-out')) {
        const body = li.querySelector('.bubble-body')?.textContent ?? '';
        const seen = (window.__e2eStatuses[body] ??= []);
        if (seen[seen.length - 1] !== li.dataset.status) seen.push(li.dataset.status);
      }
    };
    new MutationObserver(record).observe(document.getElementById('messages'), {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
    record();
  });
}

describe('web console', () => {
  test('contacts list, search and a new contact made from the console; a taken number is refused in words', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    await page.goto(`${CONSOLE_URL}/#/contacts/new`);
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill(`Hopper ${t}`);
    await page.getByLabel('Company').fill('Navy Labs');
    await page.getByLabel('Email').fill(`grace.${t}@example.com`);
    await page.getByLabel('Mobile phone').fill(phone.national);
    // The type is chosen from the types contacts-service names in /console/config.json, in its order.
    const { contactTypes } = await (await fetch(`${CONSOLE_URL}/console/config.json`)).json();
    const offered = await page
      .locator('select#contact-type option')
      .evaluateAll((options) => options.map((o) => ({ value: o.value, label: o.textContent })));
    assert.deepEqual(
      offered.map((o) => o.value),
      contactTypes,
      "the type choices are the server's contactTypes",
    );
    assert.equal(offered.find((o) => o.value === 'lead')?.label, 'Lead');
    await page.getByLabel('Type').selectOption('lead');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await waitForText(page, '#contact-name', new RegExp(`Grace Hopper ${t}`));
    await waitForText(page, '#contact-details', new RegExp(phone.national.replace(/[()]/g, '\\$&')));
    assert.equal(await page.locator('#send-text').isVisible(), true, 'a contact with a phone has "Send Text"');

    // The same number in another format is the same person: the API's 409 detail is shown.
    await page.goto(`${CONSOLE_URL}/#/contacts/new`);
    await page.getByLabel('First name').fill('Someone');
    await page.getByLabel('Mobile phone').fill(phone.e164);
    await page.getByRole('button', { name: 'Create contact' }).click();
    const refusal = await waitForText(page, '#new-contact-error', /\S/);
    assert.match(refusal, new RegExp(`Hopper ${t}|already|taken|in use`, 'i'), `refusal: ${refusal}`);
    assert.equal(
      await page.getByLabel('Mobile phone').getAttribute('aria-invalid'),
      'true',
      'the field named is marked',
    );
    await screenshot(page, 'console-new-contact.png', { fullPage: true });

    // Search finds it by any part: name, phone in another format, email.
    // The unfiltered list may show her too: each search is awaited by the address it puts there (it runs once
    // the typing pauses), not by a list that may still be the one from before.
    for (const q of [`hopper ${t}`, phone.e164.slice(2), `grace.${t}@`]) {
      await page.goto(`${CONSOLE_URL}/#/contacts`);
      await page.locator('#contact-search').fill(q);
      await page.waitForURL((url) => url.hash === `#/contacts?q=${encodeURIComponent(q)}`);
      await waitForText(page, '#contact-count', /matching/);
      await waitForText(page, '#contact-list', new RegExp(`Grace Hopper ${t}`));
    }
    await page.locator('#contact-search').fill('');
    await page.waitForURL((url) => url.hash === '#/contacts'); // the address follows the search
    await waitForText(page, '#contact-count', /^\d+ (of \d+ )?contacts?$/);
    await screenshot(page, 'console-contacts.png');

    // A contact without a phone number offers no "Send Text".
    const noPhone = await createContact({ firstName: 'Paper', lastName: `Only ${t}`, email: `paper.${t}@example.com` });
    await page.goto(`${CONSOLE_URL}/#/contacts/${noPhone.id}`);
    await page.locator('#no-phone').waitFor();
    assert.equal(await page.locator('#send-text').count(), 0);
    assertNoScriptErrors(page);
  });

  test('open a contact, type, watch the counter, send: the bubble goes from queued to delivered, and a reply appears, with no reload', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    await createContact({
      firstName: 'Ada',
      lastName: `Lovelace ${t}`,
      company: 'Analytical Engines',
      email: `ada.${t}@example.com`,
      phone: phone.national,
      type: 'customer',
    });
    await openContactFromList(page, `Lovelace ${t}`, `Ada Lovelace ${t}`);
    await waitForText(page, '#optout-state', /allowed/i);
    await page.locator('#conversation-empty').waitFor();
    assert.equal(await textOf(page, '#conversation-empty'), 'No messages yet');
    await waitForText(page, '#live-state', /^Live$/);
    await recordBubbleStatuses(page);

    await page.locator('#send-text').click();
    assert.equal(await page.locator('#compose-send').isDisabled(), true, 'Send is disabled while the text is empty');
    const text = 'Hello Ada, your quote is ready [v2]. Reply here with any questions!';
    await page.locator('#compose-body').pressSequentially(text.slice(0, 10));
    assert.equal(await textOf(page, '#compose-chars'), '10 / 1600 characters');
    await page.locator('#compose-body').pressSequentially(text.slice(10));
    assert.equal(await textOf(page, '#compose-chars'), `${text.length} / 1600 characters`);
    assert.equal(await textOf(page, '#compose-segments'), '1 segment');
    assert.equal(await textOf(page, '#compose-encoding'), 'GSM-7');
    assert.equal(await textOf(page, '#compose-warning'), '', 'no Unicode warning for GSM-7 text');
    await screenshot(page, 'console-compose.png', { fullPage: true });

    // A double click: the first click disables Send, and both would carry the compose's one Idempotency-Key.
    await page.locator('#compose-send').dblclick();
    await waitForText(page, '#compose-success', /Text queued for/);
    assert.equal(await page.locator('#compose-body').inputValue(), '', 'the compose box is emptied after a send');

    const bubble = page.locator('#messages .bubble-out', { hasText: text });
    await bubble.waitFor();
    await eventually(async () => (await bubble.getAttribute('data-status')) === 'delivered', {
      timeoutMs: 30_000,
      message: 'the sent bubble to show delivered',
    });
    assert.match(await bubble.locator('.bubble-status').textContent(), /Delivered/);
    assert.match(await bubble.locator('time').textContent(), /\d/);
    const statuses = await page.evaluate((b) => window.__e2eStatuses[b], text);
    assert.equal(statuses[0], 'queued', `statuses seen: ${statuses}`);
    assert.equal(statuses.at(-1), 'delivered', `statuses seen: ${statuses}`);
    assert.equal(await page.evaluate(() => window.__e2eNoReload), true, 'the page was not reloaded');
    assert.equal(await page.locator('#messages .bubble-out', { hasText: text }).count(), 1, 'one bubble');
    const sent = (await conversation(phone.e164)).filter((m) => m.direction === 'outbound' && m.body === text);
    assert.equal(sent.length, 1, 'the double click made one message');

    // The contact texts back (signed like Twilio, through the ingest service): a gray bubble on the left, live.
    const reply = `Thanks! Friday works for me ${t}`;
    await textIn(phone.e164, reply);
    const received = page.locator('#messages .bubble-in', { hasText: reply });
    await received.waitFor({ timeout: 20_000 });
    assert.equal(await page.evaluate(() => window.__e2eNoReload), true, 'still no reload');
    const order = await page.locator('#messages .bubble .bubble-body').allTextContents();
    assert.deepEqual(order.slice(-2), [text, reply], 'newest at the bottom');
    const sides = await page.evaluate(() => {
      const out = document.querySelector('#messages .bubble-out').getBoundingClientRect();
      const inn = document.querySelector('#messages .bubble-in').getBoundingClientRect();
      const outBg = getComputedStyle(document.querySelector('#messages .bubble-out')).backgroundColor;
      const inBg = getComputedStyle(document.querySelector('#messages .bubble-in')).backgroundColor;
      return { outRight: out.right, inLeft: inn.left, inRight: inn.right, outLeft: out.left, outBg, inBg };
    });
    assert.ok(
      sides.outRight > sides.inRight && sides.outLeft > sides.inLeft,
      `sent right, received left: ${JSON.stringify(sides)}`,
    );
    assert.equal(sides.outBg, 'rgb(11, 99, 206)', 'sent bubbles are blue');
    assert.equal(sides.inBg, 'rgb(233, 235, 239)', 'received bubbles are gray');

    // The timeline catches up from contacts-service (fed by Kafka) without a reload.
    await waitForText(page, '#activities', /Text received/, 20_000);
    await waitForText(page, '#activities', /Text (sent|delivered)/, 20_000);
    await page.locator('#compose-cancel').click();
    await page.locator('#messages-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await screenshot(page, 'console-conversation.png');
    assertNoScriptErrors(page);
  });

  test('a status change redraws only its own bubble and a new text adds one bubble: the others stay the same nodes', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Node', lastName: `Keeper ${t}`, phone: phone.e164 });
    const earlier = `Your quote is attached ${t}`;
    const answer = `Got it, thanks ${t}`;
    await sendViaApi(phone.e164, earlier);
    await textIn(phone.e164, answer);
    await eventually(
      async () => {
        const stored = await conversation(phone.e164);
        return stored.length === 2 && stored.every((m) => m.direction === 'inbound' || m.status === 'delivered');
      },
      { timeoutMs: 30_000, message: 'both texts stored and the sent one delivered' },
    );
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(page, '#live-state', /^Live$/);
    await eventually(async () => (await page.locator('#messages > li').count()) === 2, { message: 'two bubbles' });

    // Every change to the list from here on is recorded: bubbles added or removed, and the bubbles whose own
    // content (attributes, children, text) changed.
    await page.evaluate(() => {
      const list = document.getElementById('messages');
      const first = [...list.children];
      const added = [];
      let removed = 0;
      const touched = new Set();
      const statuses = new Map(); // added bubble -> the statuses it showed, in order
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.target === list) {
            for (const li of r.addedNodes) {
              added.push({ li, body: li.querySelector('.bubble-body') });
              statuses.set(li, [li.dataset.status]);
            }
            removed += r.removedNodes.length;
            continue;
          }
          const el = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
          const li = el?.closest('#messages > li');
          touched.add(li);
          const seen = statuses.get(li);
          if (r.attributeName === 'data-status' && seen && seen.at(-1) !== li.dataset.status)
            seen.push(li.dataset.status);
        }
      }).observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
      window.__e2eBubbles = () => ({
        firstSameNodes: first.every((li, i) => list.children[i] === li),
        firstTouched: first.filter((li) => touched.has(li)).map((li) => li.querySelector('.bubble-body').textContent),
        added: added.map(({ li, body }) => ({
          text: body.textContent,
          onPage: li.parentElement === list,
          sameBody: li.querySelector('.bubble-body') === body,
          statuses: statuses.get(li),
        })),
        removed,
        order: [...list.children].map((li) => li.querySelector('.bubble-body').textContent),
      });
    });

    await page.locator('#send-text').click();
    const text = `See you on Monday ${t}`;
    await page.locator('#compose-body').fill(text);
    await page.locator('#compose-send').click();
    const bubble = page.locator('#messages .bubble-out', { hasText: text });
    await eventually(async () => (await bubble.getAttribute('data-status')) === 'delivered', {
      timeoutMs: 30_000,
      message: 'the sent bubble to show delivered',
    });
    let seen = await page.evaluate(() => window.__e2eBubbles());
    assert.equal(seen.removed, 0, 'no bubble was removed');
    assert.equal(seen.firstSameNodes, true, 'the bubbles that were there are the same nodes, in the same place');
    assert.deepEqual(seen.firstTouched, [], 'and nothing in them changed');
    assert.equal(seen.added.length, 1, `one bubble added: ${JSON.stringify(seen.added)}`);
    const [sent] = seen.added;
    assert.equal(sent.text, text);
    assert.equal(sent.onPage && sent.sameBody, true, 'the status changed in that bubble, which is still on the page');
    assert.ok(sent.statuses.length >= 2, `its status changed in place: ${sent.statuses}`);
    assert.equal(sent.statuses.at(-1), 'delivered');

    const reply = `Monday works ${t}`;
    await textIn(phone.e164, reply);
    await page.locator('#messages .bubble-in', { hasText: reply }).waitFor({ timeout: 20_000 });
    seen = await page.evaluate(() => window.__e2eBubbles());
    assert.deepEqual(
      seen.added.map((b) => b.text),
      [text, reply],
      'the reply added one more bubble',
    );
    assert.equal(seen.removed, 0);
    assert.equal(seen.firstSameNodes, true);
    assert.deepEqual(seen.firstTouched, []);
    assert.deepEqual(seen.order, [earlier, answer, text, reply], 'oldest at the top');
    assertNoScriptErrors(page);
  });

  test('a retried send after a lost answer sends once (one Idempotency-Key per compose)', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Retry', lastName: `Case ${t}`, phone: phone.e164 });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(page, '#live-state', /^Live$/);
    const keys = [];
    let lose = true;
    // The gateway takes the first request, but its answer never reaches the browser.
    await page.route('**/api/messages', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (lose) {
        lose = false;
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.locator('#send-text').click();
    const text = `Are we still on for Friday? ${t}`;
    await page.locator('#compose-body').fill(text);
    await page.locator('#compose-send').click();
    await waitForText(page, '#compose-error', /Not sent: Could not reach the server/);
    await page.locator('#compose-send').click();
    await waitForText(page, '#compose-success', /Text queued/);
    assert.equal(keys.length, 2);
    assert.ok(keys[0], 'an Idempotency-Key is sent');
    assert.equal(keys[1], keys[0], 'the retry carries the same key');
    const sent = (await conversation(phone.e164)).filter((m) => m.body === text);
    assert.equal(sent.length, 1, 'one message for two requests');
    await eventually(async () => (await page.locator('#messages .bubble-out', { hasText: text }).count()) === 1, {
      message: 'one bubble',
    });

    // A new text is a new compose: a new key.
    await page.locator('#compose-body').fill(`And one more thing ${t}`);
    await page.locator('#compose-send').click();
    await waitForText(page, '#compose-success', /Text queued/);
    assert.equal(keys.length, 3);
    assert.notEqual(keys[2], keys[0]);
    assertNoScriptErrors(page);
  });

  test('an emoji text shows Unicode, the character at fault and its segments; limits disable Send', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Emoji', lastName: `Fan ${t}`, phone: phone.e164 });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await page.locator('#send-text').click();
    const body = page.locator('#compose-body');

    await body.fill('a'.repeat(160));
    assert.equal(await textOf(page, '#compose-segments'), '1 segment');
    await body.pressSequentially('a');
    assert.equal(await textOf(page, '#compose-segments'), '2 segments', '161 GSM-7 characters are two segments');
    await body.fill('{'.repeat(80));
    assert.equal(await textOf(page, '#compose-segments'), '1 segment', 'extension characters count twice: 160');
    await body.pressSequentially('}');
    assert.equal(await textOf(page, '#compose-segments'), '2 segments');

    const party = 'Great news, the contract is signed 🎉';
    await body.fill('');
    await body.pressSequentially(party);
    assert.equal(await textOf(page, '#compose-encoding'), 'Unicode (UCS-2)');
    assert.equal(await textOf(page, '#compose-chars'), `${Array.from(party).length} / 1600 characters`);
    assert.equal(await textOf(page, '#compose-segments'), '1 segment');
    const warning = await textOf(page, '#compose-warning');
    assert.match(warning, /“🎉” \(U\+1F389\) is not in the GSM-7 alphabet/);
    assert.match(warning, /Unicode/);
    const more = ' We will send the paperwork to your office this afternoon. Call me with any questions!';
    await body.pressSequentially(more);
    assert.equal(Array.from(party + more).length + 1, party.length + more.length, 'one emoji: two UTF-16 units');
    assert.equal(await textOf(page, '#compose-segments'), '2 segments', 'over 70 UCS-2 units: 67 per segment');
    await screenshot(page, 'console-compose-unicode.png', { fullPage: true });

    await body.fill(party);
    await page.locator('#compose-send').click();
    const success = await waitForText(page, '#compose-success', /Text queued/);
    assert.match(success, /1 segment, UCS-2/);
    const bubble = page.locator('#messages .bubble-out', { hasText: party });
    await bubble.waitFor();
    const [message] = (await conversation(phone.e164)).filter((m) => m.body === party);
    assert.equal(message.encoding, 'UCS-2', 'the gateway agrees: UCS-2');
    assert.equal(message.segments, 1);

    await body.fill('x'.repeat(1600));
    assert.equal(await page.locator('#compose-send').isEnabled(), true, '1600 characters may be sent');
    await body.pressSequentially('x');
    assert.match(await textOf(page, '#compose-chars'), /^1601 \/ 1600 characters — 1 too many$/);
    assert.equal(await page.locator('#compose-send').isDisabled(), true, 'over 1600: Send disabled');
    await body.fill('   ');
    assert.equal(await page.locator('#compose-send').isDisabled(), true, 'blank: Send disabled');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#compose').isHidden(), true, 'Escape cancels');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'send-text', 'focus returns to "Send Text"');
    assertNoScriptErrors(page);
  });

  test('a failing send shows its reason: the gateway refuses an opted-out number with a 409 and the console says why', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Stop', lastName: `Sayer ${t}`, phone: phone.e164 });
    // The page's live stream is down, so it cannot know that the contact is about to opt out.
    await page.route('**/stream', (route) => route.abort('connectionrefused'));
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(page, '#optout-state', /allowed/i);
    await page.locator('#send-text').click();
    const text = `Last chance for 20% off ${t}`;
    await page.locator('#compose-body').fill(text);

    await textIn(phone.e164, 'STOP');
    await eventually(async () => (await optOut(phone.e164)).optedOut, { message: 'the gateway to record the opt-out' });
    const expected = await sendViaApi(phone.e164, text);
    assert.equal(expected.status, 409, `the gateway refuses: ${expected.text}`);

    assert.equal(await page.locator('#compose-send').isEnabled(), true);
    await page.locator('#compose-send').click();
    const shown = await waitForText(page, '#compose-error', /Not sent/);
    assert.equal(shown, `Not sent: ${expected.json.detail}`, 'the problem detail, in words');
    // The refusal makes the page look again: it now shows the opt-out and keeps Send disabled.
    await waitForText(page, '#optout-state', /^Texts: opted out/);
    assert.equal(await page.locator('#compose-send').isDisabled(), true);
    await waitForText(page, '#compose-optout', /opted out/i);
    await screenshot(page, 'console-failed-send.png', { fullPage: true });
    assertNoScriptErrors(page);
  });

  test('a text the carrier reports undelivered shows Undelivered and the reason on its bubble', async () => {
    // The simulated carrier of ./run-local.sh delivers everything (its undelivered share is 0), so this test
    // stands in for its stream: the real send goes to the gateway, and the page's stream is answered here with
    // that message's undelivered callback, as the gateway would relay it (error 30006, no carrier message).
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Land', lastName: `Line ${t}`, phone: phone.e164 });
    let sent = null;
    await page.route('**/stream', async (route) => {
      if (!sent) return route.abort('connectionrefused');
      const failed = {
        ...sent,
        status: 'undelivered',
        errorCode: 30006,
        errorMessage: null,
        updatedAt: new Date(Date.parse(sent.updatedAt) + 2000).toISOString(),
      };
      await route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'text/event-stream', 'Access-Control-Allow-Origin': '*' },
        body: `event: message\ndata: ${JSON.stringify(failed)}\n\n`,
      });
    });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await page.locator('#send-text').click();
    const text = `Your table is booked ${t}`;
    await page.locator('#compose-body').fill(text);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/messages') && r.request().method() === 'POST'),
      page.locator('#compose-send').click(),
    ]);
    sent = await response.json();
    const bubble = page.locator('#messages .bubble-out', { hasText: text });
    await eventually(async () => (await bubble.getAttribute('data-status')) === 'undelivered', {
      timeoutMs: 20_000,
      message: 'the bubble to show undelivered',
    });
    assert.match(await bubble.locator('.bubble-status').textContent(), /Undelivered/);
    assert.equal(
      (await bubble.locator('.bubble-error').textContent()).trim(),
      'Landline or unreachable carrier (error 30006)',
    );
    assertNoScriptErrors(page);
  });

  test("a text to Twilio's magic invalid number fails with the carrier's 21211 reason on its bubble", async () => {
    // Unlike the test above, nothing is faked here: the simulated carrier refuses +15005550001 as Twilio's test
    // API does (21211), and the failure reaches the page through the gateway's real stream.
    const page = await newPage();
    const t = tag();
    const magic = '+15005550001';
    // The number is the same on every run and a contact's number is unique: reuse the contact made before.
    let contact;
    try {
      contact = await createContact({ firstName: 'Invalid', lastName: 'Number', phone: magic });
    } catch (e) {
      const res = await call('GET', `${CONSOLE_URL}/api/contacts/by-phone/${encodeURIComponent(magic)}`);
      assert.equal(res.status, 200, `no contact made and none found for ${magic}: ${e.message}`);
      contact = res.json;
    }
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await page.locator('#send-text').click();
    const text = `Your viewing is confirmed ${t}`;
    await page.locator('#compose-body').fill(text);
    await page.locator('#compose-send').click();
    const bubble = page.locator('#messages .bubble-out', { hasText: text });
    await eventually(async () => (await bubble.getAttribute('data-status')) === 'failed', {
      timeoutMs: 20_000,
      message: 'the bubble to show failed',
    });
    assert.match(await bubble.locator('.bubble-status').textContent(), /Failed/);
    const reason = (await bubble.locator('.bubble-error').textContent()).trim();
    assert.match(reason, /not a valid phone number.*\(error 21211\)$/, reason);
    assertNoScriptErrors(page);
  });

  test('an opt-out that arrives while the page is open disables Send live', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Live', lastName: `Optout ${t}`, phone: phone.e164 });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(page, '#live-state', /^Live$/);
    await page.locator('#send-text').click();
    await page.locator('#compose-body').fill('Hello?');
    assert.equal(await page.locator('#compose-send').isEnabled(), true);
    await textIn(phone.e164, 'stop');
    await page.locator('#messages .bubble-in', { hasText: 'stop' }).waitFor({ timeout: 20_000 });
    await waitForText(page, '#optout-state', /^Texts: opted out/);
    assert.equal(await page.locator('#compose-send').isDisabled(), true);
    await waitForText(page, '#activities', /Opted out/, 20_000);
    assertNoScriptErrors(page);
  });

  test('a signed inbound text from an unknown number appears as a new prospect with its message', async () => {
    const page = await newPage();
    const phone = randomPhone();
    const first = `Hi, is this the roofing company? ${tag()}`;
    await textIn(phone.e164, first);
    // Found by its number typed as a person would.
    await openContactFromList(page, phone.national, phone.national);
    await waitForText(page, '#contact-name', new RegExp(phone.national.replace(/[()]/g, '\\$&')));
    const tags = await textOf(page, '.page-head .contact-tags');
    assert.match(tags, /Prospect/);
    assert.match(tags, /Texted in/);
    await page.locator('#messages .bubble-in', { hasText: first }).waitFor({ timeout: 20_000 });
    await waitForText(page, '#activities', /Text received/, 20_000);
    await screenshot(page, 'console-new-prospect.png');

    // More texts from them: older ones load when scrolling up (20 per page).
    for (let i = 1; i <= 24; i++) await textIn(phone.e164, `Follow-up number ${i}`);
    await eventually(async () => (await conversation(phone.e164)).length === 25, { message: '25 messages stored' });
    await page.reload();
    await page.locator('#messages .bubble-in', { hasText: 'Follow-up number 24' }).waitFor();
    await eventually(async () => (await page.locator('#messages .bubble').count()) >= 20, {
      message: 'the first page',
    });
    const firstPage = await page.locator('#messages .bubble').count();
    assert.ok(firstPage < 25, `only the newest page at first (${firstPage})`);
    const atBottom = await page
      .locator('#messages-scroll')
      .evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 5);
    assert.ok(atBottom, 'opens at the newest message');
    await page.locator('#messages-scroll').evaluate((el) => el.scrollTo(0, 0));
    await eventually(async () => (await page.locator('#messages .bubble').count()) === 25, {
      message: 'older messages on scroll',
    });
    const bodies = await page.locator('#messages .bubble .bubble-body').allTextContents();
    assert.equal(bodies[0], first, 'the oldest at the top');
    assert.equal(bodies.at(-1), 'Follow-up number 24', 'the newest at the bottom');
    assertNoScriptErrors(page);
  });

  test("Send later schedules a text at a time of the browser's zone; its bubble says when, and Cancel cancels it", async () => {
    const page = await newPage({ timezoneId: 'America/New_York' });
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Sid', lastName: `Later ${t}`, phone: phone.e164 });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(page, '#live-state', /^Live$/);
    await page.locator('#send-text').click();
    // A merge field the gateway does not know is named, and Send waits.
    await page.locator('#compose-body').fill('Hi {nickname}');
    await waitForText(page, '#compose-fields', /^Unknown merge field \{nickname\}/);
    assert.equal(await page.locator('#compose-send').isDisabled(), true);
    // With a merge field: the contact's own first name goes along, and the bubble shows the merged text.
    const template = `Reminder, {firstName|there}: your visit is tomorrow ${t}`;
    const text = `Reminder, Sid: your visit is tomorrow ${t}`;
    await page.locator('#compose-body').fill(template);
    assert.equal(await textOf(page, '#compose-chars'), `${text.length} / 1600 characters`, 'the merged text counted');
    assert.match(await textOf(page, '#compose-preview'), new RegExp(`gets: ${text}$`));
    await page.locator('#compose-later').click();
    assert.equal(await page.locator('#compose-send-at').isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'compose-send-at', 'the time has the focus');
    assert.equal(await textOf(page, '#compose-send'), 'Schedule');
    assert.match(await textOf(page, '#compose-send-at-hint'), /America\/New_York, UTC\u22120[45]:00/);
    // A time in the past is refused before the gateway would refuse it.
    const past = localInZone(-60 * 60_000, 'America/New_York');
    await page.locator('#compose-send-at').fill(past.value);
    await waitForText(page, '#compose-send-at-error', /at least a minute from now/);
    assert.equal(await page.locator('#compose-send').isDisabled(), true);

    const when = localInZone(90 * 60_000, 'America/New_York');
    await page.locator('#compose-send-at').fill(when.value);
    assert.equal(await textOf(page, '#compose-send-at-error'), '');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/messages') && r.request().method() === 'POST'),
      page.locator('#compose-send').click(),
    ]);
    const request = JSON.parse(response.request().postData());
    assert.equal(request.sendAt, `${when.value}:00${when.offset}`, 'the time typed, with the browser offset then');
    assert.equal(request.body, template);
    assert.deepEqual(request.fields, { firstName: 'Sid', lastName: `Later ${t}` });
    assert.equal(response.status(), 202, await response.text());
    const scheduled = await response.json();
    assert.equal(scheduled.status, 'scheduled');
    assert.equal(Date.parse(scheduled.sendAt), when.at.getTime(), `the same instant: ${scheduled.sendAt}`);
    await waitForText(page, '#compose-success', /scheduled for/);

    const bubble = page.locator(`#messages li[data-id="${scheduled.id}"]`);
    await bubble.waitFor();
    assert.equal(await bubble.getAttribute('data-status'), 'scheduled');
    assert.equal(await bubble.locator('.bubble-body').textContent(), text);
    assert.match(await bubble.locator('.bubble-schedule-text').textContent(), /^Scheduled for .*\d{1,2}:\d{2}/);
    assert.equal(await bubble.locator('.bubble-status').textContent(), ' · Scheduled');
    await screenshot(page, 'console-scheduled.png');

    await bubble.getByRole('button', { name: /^Cancel the text scheduled for/ }).click();
    await eventually(async () => (await bubble.getAttribute('data-status')) === 'canceled', {
      message: 'the bubble to show canceled',
    });
    assert.equal(await bubble.locator('.bubble-status').textContent(), ' · Canceled');
    assert.equal(await bubble.locator('.bubble-schedule').count(), 0, 'no schedule and no Cancel any more');
    // No failure: the gateway's note says who canceled it (the signed-in agent), in the bubble's own colours.
    assert.equal(await bubble.locator('.bubble-error').textContent(), 'Canceled by Alex Agent');
    assert.match(await bubble.getAttribute('class'), /bubble-canceled/);
    assert.doesNotMatch(await bubble.getAttribute('class'), /bubble-failed/);
    assert.equal(await page.locator('#messages li').count(), 1, 'the same bubble, changed in place');
    const [stored] = (await conversation(phone.e164)).filter((m) => m.id === scheduled.id);
    assert.equal(stored.status, 'canceled');
    // Canceling again is refused (409): the gateway has nothing left to cancel.
    const again = await call('POST', `${GATEWAY_URL}/api/messages/${scheduled.id}/cancel`);
    assert.equal(again.status, 409, again.text);
    await page.reload();
    await page.locator(`#messages li[data-id="${scheduled.id}"][data-status="canceled"]`).waitFor();
    assertNoScriptErrors(page);
  });

  test('a text held for quiet hours says until when, and can still be canceled', async () => {
    // Quiet hours are off in the local run of the tests (e2e/run.sh), so this test stands in for the stream, as the
    // undelivered one does: the scheduled text is real, its held copy comes from here as the gateway would send it.
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Quinn', lastName: `Quiet ${t}`, phone: phone.e164 });
    let held = null;
    await page.route('**/stream', async (route) => {
      if (!held) return route.abort('connectionrefused');
      await route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'text/event-stream', 'Access-Control-Allow-Origin': '*' },
        body: `event: message\ndata: ${JSON.stringify(held)}\n\n`,
      });
    });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await page.locator('#send-text').click();
    await page.locator('#compose-body').fill(`Good morning ${t}`);
    await page.locator('#compose-later').click();
    await page.locator('#compose-send-at').fill(localInZone(30 * 60_000, 'UTC').value);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/messages') && r.request().method() === 'POST'),
      page.locator('#compose-send').click(),
    ]);
    const scheduled = await response.json();
    const until = new Date(Date.parse(scheduled.sendAt) + 10 * 60 * 60_000).toISOString();
    held = { ...scheduled, heldUntil: until, updatedAt: new Date(Date.parse(scheduled.updatedAt) + 500).toISOString() };
    const bubble = page.locator(`#messages li[data-id="${scheduled.id}"]`);
    await waitForText(page, `#messages li[data-id="${scheduled.id}"] .bubble-schedule-text`, /^Held until /, 20_000);
    assert.equal(await bubble.getAttribute('data-status'), 'scheduled');
    await bubble.getByRole('button', { name: /^Cancel the text held until/ }).click();
    await eventually(async () => (await bubble.getAttribute('data-status')) === 'canceled', {
      message: 'the bubble to show canceled',
    });
    assert.equal(await bubble.locator('.bubble-schedule').count(), 0);
    assertNoScriptErrors(page);
  });

  test('readable at 375 px and usable by keyboard', async () => {
    const page = await newPage({ width: 375, height: 812 });
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({
      firstName: 'Mobile',
      lastName: `Reader ${t}`,
      company: 'Pocket Devices International',
      email: `mobile.reader.${t}@example.com`,
      phone: phone.national,
    });
    await sendViaApi(phone.e164, 'Your appointment is confirmed for Tuesday at 10:30.');
    await textIn(phone.e164, 'Perfect, thank you! 👍');
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await page.locator('#messages .bubble-in').waitFor({ timeout: 20_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 375 px (overflow ${overflow}px)`);

    // Keyboard only: Tab to "Send Text", Enter opens the compose box with the focus in it.
    await page.locator('#contact-name').focus();
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(() => document.activeElement?.id)) === 'send-text';
    }
    assert.ok(reached, '"Send Text" is reachable with Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'compose-body');
    await page.keyboard.type('On my way');
    await page.keyboard.press('Control+Enter');
    await waitForText(page, '#compose-success', /Text queued/);
    await page.locator('#messages .bubble-out', { hasText: 'On my way' }).waitFor();
    // Labels for screen readers.
    assert.equal(await page.getByRole('textbox', { name: /^Text to / }).count(), 1);
    assert.equal(await page.locator('[role="log"]').count(), 1);
    await waitForText(page, '#activities', /Text received/, 20_000);
    await waitForText(page, '#contact-details', /Last contacted\s*\d/, 20_000);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'console-mobile.png', { fullPage: true });
    assertNoScriptErrors(page);
  });

  test('the main screens have no WCAG 2 A/AA violations that axe-core finds', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({
      firstName: 'Axe',
      lastName: `Checked ${t}`,
      phone: phone.national,
      email: `axe.${t}@example.com`,
    });
    await sendViaApi(phone.e164, 'Your order has shipped.');
    await textIn(phone.e164, 'Great, thanks 🙏');
    const found = {};
    await page.goto(`${CONSOLE_URL}/#/contacts?q=${encodeURIComponent(`Checked ${t}`)}`);
    await page.locator('#contact-list a').first().waitFor();
    found.list = await accessibilityViolations(page);
    await page.goto(`${CONSOLE_URL}/#/contacts/new`);
    await page.getByRole('button', { name: 'Create contact' }).click(); // an empty form: the API's error shown
    await waitForText(page, '#new-contact-error', /\S/);
    found.newContact = await accessibilityViolations(page);
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await page.locator('#messages .bubble-in').waitFor({ timeout: 20_000 });
    await page.locator('#send-text').click();
    await page.locator('#compose-body').fill('Thanks 😀');
    await waitForText(page, '#compose-warning', /U\+1F600/);
    found.contact = await accessibilityViolations(page);
    await textIn(phone.e164, 'STOP');
    await waitForText(page, '#optout-state', /^Texts: opted out/, 20_000);
    found.optedOut = await accessibilityViolations(page);
    assert.deepEqual(found, { list: [], newContact: [], contact: [], optedOut: [] });
    assertNoScriptErrors(page);
  });
});
