// End-to-end tests of a contact's page beyond its conversation: Edit (a JSON merge patch of the fields changed, the
// API's refusal at its field), notes in the timeline, an admin lifting an opt-out with a reason (the timeline names
// the admin and the reason, through Kafka), and Delete after a confirmation. Headless Debian chromium against the
// running system (./run-local.sh, started by e2e/run.sh); each test signs in through Keycloak's login page.
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
  optOut,
  randomPhone,
  textIn,
} from '../lib/system.js';

const pageOf = pagePerTest();

async function newPage(options, who = 'agent') {
  const page = await pageOf(options);
  await signIn(page, who);
  return page;
}

describe('contact page', () => {
  test('Edit sends only the fields changed; a refused field shows its error at the field; notes join the timeline', async () => {
    const page = await newPage();
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({
      firstName: 'Edith',
      lastName: `Editor ${t}`,
      company: 'Old Company',
      email: `edith.${t}@example.com`,
      phone: phone.e164,
      type: 'lead',
    });
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(page, '#contact-details', /Old Company/);
    await page.locator('#edit-contact').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'edit-firstName', 'the form has the focus');
    assert.equal(await page.getByLabel('Company').inputValue(), 'Old Company');

    // A field the API refuses: its words at the field, which is marked and described by them.
    await page.getByLabel('Email').fill('not an email');
    await page.locator('#edit-save').click();
    const fieldError = await waitForText(page, '#edit-email-error', /\S/);
    assert.match(fieldError, /email/i);
    const email = page.locator('#edit-email');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.ok((await email.getAttribute('aria-describedby')).split(' ').includes('edit-email-error'));
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'edit-email',
      'the focus on the field at fault',
    );
    await screenshot(page, 'console-edit.png', { fullPage: true });
    assert.deepEqual(await accessibilityViolations(page), [], 'the edit form with an error');

    // Fixed, and the company changed: exactly those two go, as a merge patch.
    const newEmail = `edith.${t}@new.example.com`;
    await email.fill(newEmail);
    await page.getByLabel('Company').fill('New Company');
    const [patch] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/contacts/${contact.id}`)),
      page.locator('#edit-save').click(),
    ]);
    assert.equal(patch.headers()['content-type'], 'application/merge-patch+json');
    assert.deepEqual(JSON.parse(patch.postData()), { company: 'New Company', email: newEmail });
    await waitForText(page, '#contact-details', /New Company/);
    assert.equal(await page.locator('#edit-form').isHidden(), true, 'the form closes');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'edit-contact', 'the focus back on Edit');
    assert.match(await page.locator('#contact-details').innerText(), new RegExp(newEmail.replace(/\./g, '\\.')));
    const stored = await call('GET', `${CONSOLE_URL}/api/contacts/${contact.id}`);
    assert.equal(stored.json.company, 'New Company');
    assert.equal(stored.json.firstName, 'Edith', 'what was not sent did not change');
    await waitForText(page, '#activities', /Contact edited[\s\S]*by Alex Agent/);

    // A note: in the timeline at once, with its author.
    const note = `Prefers a call after 5 pm ${t}`;
    await page.getByLabel('Add a note').fill(note);
    await page.locator('#note-add').click();
    const entry = page.locator('#activities li[data-kind="note"]', { hasText: note });
    await entry.waitFor();
    assert.match(await entry.innerText(), /by Alex Agent/);
    assert.equal(await page.getByLabel('Add a note').inputValue(), '', 'the note box is emptied');
    await page.reload();
    await page.locator('#activities li[data-kind="note"]', { hasText: note }).waitFor();
    // An empty note is not sent.
    await page.locator('#note-add').click();
    await waitForText(page, '#note-body-error', /Write the note/);
    assert.equal(await page.locator('#note-body').getAttribute('aria-invalid'), 'true');
    assertNoScriptErrors(page);
  });

  test('an admin lifts an opt-out with a reason; the timeline names the admin and the reason; an agent cannot', async () => {
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Otto', lastName: `Optout ${t}`, phone: phone.e164 });
    await textIn(phone.e164, 'STOP');
    await eventually(async () => (await optOut(phone.e164)).optedOut, { message: 'the gateway to record the opt-out' });

    const agent = await newPage();
    await agent.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(agent, '#optout-state', /^Texts: opted out.*until they reply START\.$/);
    assert.equal(await agent.locator('#optout-lift').isVisible(), false, 'no lift for an agent');
    assert.equal(await agent.locator('#delete-contact').count(), 0, 'no delete for an agent');
    await agent.context().close();

    const page = await newPage(undefined, 'admin');
    await page.goto(`${CONSOLE_URL}/#/contacts/${contact.id}`);
    await waitForText(page, '#optout-state', /^Texts: opted out.*or an admin lifts it\.$/);
    await page.locator('#optout-lift').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'optout-reason');
    // A reason is required: nothing is sent without one.
    await page.locator('#optout-lift-submit').click();
    await waitForText(page, '#optout-reason-error', /Give a reason/);
    assert.equal(await page.locator('#optout-reason').getAttribute('aria-invalid'), 'true');
    assert.equal((await optOut(phone.e164)).optedOut, true);
    assert.deepEqual(await accessibilityViolations(page), [], 'the lift form with its error');

    const reason = `Asked on the phone to get texts again ${t}`;
    await page.locator('#optout-reason').fill(reason);
    const [lift] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/opt-outs/${encodeURIComponent(phone.e164)}/lift`)),
      page.locator('#optout-lift-submit').click(),
    ]);
    assert.equal(lift.status(), 200, await lift.text());
    assert.deepEqual(JSON.parse(lift.request().postData()), { reason });
    await waitForText(page, '#optout-state', /^Texts: allowed/);
    assert.equal((await optOut(phone.e164)).optedOut, false, 'the gateway lifted it');
    assert.equal(await page.locator('#optout-badge').count(), 0, 'no Opted out badge');
    const gateway = await call('GET', `${GATEWAY_URL}/api/opt-outs/${encodeURIComponent(phone.e164)}`);
    assert.equal(gateway.json.reason, reason);
    // contacts-service hears of it through Kafka: the timeline says who and why, without a reload.
    const entry = page.locator('#activities li[data-kind="sms_opted_in"]', { hasText: reason });
    await entry.waitFor({ timeout: 25_000 });
    assert.match(await entry.innerText(), /Opted back in to texts[\s\S]*Reason: [\s\S]*by Ada Admin/);
    await eventually(
      async () => (await call('GET', `${CONSOLE_URL}/api/contacts/${contact.id}`)).json.smsOptedOut === false,
      { message: 'the contact opted in again' },
    );

    // Delete asks first; "Keep the contact" keeps it.
    await page.locator('#delete-contact').click();
    const dialog = page.getByRole('dialog', { name: `Delete Otto Optout ${t}?` });
    await dialog.waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'delete-dialog-cancel',
      'the safe choice first',
    );
    assert.deepEqual(await accessibilityViolations(page), [], 'the delete dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'delete-contact', 'focus back on Delete');
    await page.locator('#delete-contact').click();
    await page.locator('#delete-dialog-cancel').click();
    assert.equal((await call('GET', `${CONSOLE_URL}/api/contacts/${contact.id}`)).status, 200, 'kept');
    await page.locator('#delete-contact').click();
    await page.locator('#delete-dialog-confirm').click();
    await page.waitForURL((url) => url.hash === '#/contacts');
    assert.equal((await call('GET', `${CONSOLE_URL}/api/contacts/${contact.id}`)).status, 404, 'deleted');
    assertNoScriptErrors(page);
  });
});
