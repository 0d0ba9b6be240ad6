// Sign-in and roles, end to end: the console signs in through the local run's real Keycloak (Authorization Code
// with PKCE), keeps its tokens in memory, shows who is signed in, hides or disables what the role may not do, says
// who sent each text, signs out, and goes back to the sign-in page when the session ends. The APIs refuse every
// call without a valid token, and the viewer's token where the role is missing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pagePerTest, screenshot } from '../lib/browser.js';
import { assertNoScriptErrors, tag, textOf, waitForText } from '../lib/page.js';
import { captureTokens, endKeycloakSessions, onKeycloakLogin, signIn, submitKeycloakLogin } from '../lib/auth.js';
import {
  call,
  CONSOLE_URL,
  conversation,
  createContact,
  eventually,
  GATEWAY_URL,
  ISSUER,
  KEYCLOAK_URL,
  machineToken,
  randomPhone,
} from '../lib/system.js';

const CONTACTS_MANAGEMENT_URL = (process.env.E2E_CONTACTS_MANAGEMENT_URL ?? 'http://localhost:9081').replace(/\/$/, '');
const GATEWAY_MANAGEMENT_URL = (process.env.E2E_GATEWAY_MANAGEMENT_URL ?? 'http://localhost:9082').replace(/\/$/, '');
const KEYCLOAK_ORIGIN = new URL(KEYCLOAK_URL).origin;

const newPage = pagePerTest();

/** The same token with its signature spoiled: well formed, from the right issuer, and not valid. */
function forged(token) {
  const [header, payload, signature] = token.split('.');
  const flipped = signature.slice(0, -4) + (signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA');
  return [header, payload, flipped].join('.');
}

describe('sign-in', () => {
  test("an agent signs in on Keycloak's own login page; tokens stay in memory; the header names them and their role", async () => {
    const page = await newPage();
    const tokens = captureTokens(page);
    await page.goto(`${CONSOLE_URL}/#/`);
    // Keycloak's page, not the console's: the console never sees the password.
    await page.waitForURL((url) => url.origin === KEYCLOAK_ORIGIN, { timeout: 20_000 });
    const auth = new URL(page.url());
    assert.equal(auth.pathname, '/realms/sms/protocol/openid-connect/auth');
    assert.equal(auth.searchParams.get('client_id'), 'sms-console');
    assert.equal(auth.searchParams.get('response_type'), 'code', 'Authorization Code');
    assert.equal(auth.searchParams.get('code_challenge_method'), 'S256', 'with PKCE');
    assert.ok(auth.searchParams.get('code_challenge'), 'a code challenge');
    assert.equal(auth.searchParams.get('redirect_uri'), `${CONSOLE_URL}/`);
    assert.equal(await onKeycloakLogin(page), true, 'the login form is there');
    await submitKeycloakLogin(page, 'agent');

    assert.equal(page.url(), `${CONSOLE_URL}/#/`, 'back on the console, with no code or state left in the address');
    assert.equal(await textOf(page, '#session-user'), 'Alex Agent');
    assert.equal(await textOf(page, '#session-role'), 'Agent');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), true);
    assert.equal(await page.locator('nav a[data-nav="new"]').isVisible(), true, 'an agent may create contacts');
    // The home page is the inbox, loaded with the token.
    await page.locator('#inbox-summary').filter({ hasText: /\S/ }).waitFor();

    // Every API call carried the token; none of it is in the browser's storage.
    const token = await eventually(() => tokens.last(), { message: 'an API call with a bearer token' });
    const stored = await page.evaluate(() => {
      const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`);
      return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\n');
    });
    assert.equal(stored.includes(token), false, 'the access token is not in localStorage, sessionStorage or a cookie');
    assert.equal(stored.includes(token.split('.')[1]), false, 'nor its payload');
    assertNoScriptErrors(page);
  });

  test('an agent sends a text: the bubble says "sent by Alex Agent", and the timeline names who created the contact', async () => {
    const page = await newPage();
    await signIn(page, 'agent', '/#/contacts/new');
    const t = tag();
    const phone = randomPhone();
    await page.getByLabel('First name').fill('Signed');
    await page.getByLabel('Last name').fill(`Sender ${t}`);
    await page.getByLabel('Mobile phone').fill(phone.national);
    await page.getByRole('button', { name: 'Create contact' }).click();
    await waitForText(page, '#contact-name', new RegExp(`Signed Sender ${t}`));

    await page.locator('#send-text').click();
    const text = `Your quote from the signed-in agent ${t}`;
    await page.locator('#compose-body').fill(text);
    await page.locator('#compose-send').click();
    await waitForText(page, '#compose-success', /Text queued/);
    const bubble = page.locator('#messages .bubble-out', { hasText: text });
    await bubble.waitFor();
    await eventually(async () => (await bubble.locator('.bubble-sender').count()) === 1, {
      message: 'the sender line',
    });
    assert.equal((await bubble.locator('.bubble-sender').textContent()).trim(), 'sent by Alex Agent');
    const [stored] = (await conversation(phone.e164)).filter((m) => m.body === text);
    assert.equal(stored.sentBy?.name, 'Alex Agent', 'the gateway recorded the sender from the token');
    assert.ok(stored.sentBy?.subject, 'and their subject');
    // Still there once the live stream changed the bubble (delivered), and after a reload (from the stored text).
    await eventually(async () => (await bubble.getAttribute('data-status')) === 'delivered', {
      timeoutMs: 30_000,
      message: 'the sent bubble to show delivered',
    });
    assert.equal((await bubble.locator('.bubble-sender').textContent()).trim(), 'sent by Alex Agent');
    await page.reload();
    await page.locator('#session-user').filter({ hasText: 'Alex Agent' }).waitFor({ timeout: 20_000 });
    await bubble.locator('.bubble-sender').waitFor({ timeout: 20_000 });
    assert.equal((await bubble.locator('.bubble-sender').textContent()).trim(), 'sent by Alex Agent');

    // The contact was created by the agent: the timeline says by whom.
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return /by Alex Agent/.test(await textOf(page, '#activities'));
      },
      { timeoutMs: 20_000, intervalMs: 1000, message: () => 'a timeline entry "by Alex Agent"' },
    );
    assertNoScriptErrors(page);
  });

  test('a viewer reads but sees Send disabled with the reason, has no New contact, and the API refuses their token with 403', async () => {
    const t = tag();
    const phone = randomPhone();
    const contact = await createContact({ firstName: 'Read', lastName: `Only ${t}`, phone: phone.e164 });
    const page = await newPage();
    const tokens = captureTokens(page);
    await signIn(page, 'viewer', `/#/contacts/${contact.id}`);
    assert.equal(await textOf(page, '#session-user'), 'Vera Viewer');
    assert.equal(await textOf(page, '#session-role'), 'Viewer');
    await waitForText(page, '#contact-name', new RegExp(`Read Only ${t}`));
    await waitForText(page, '#live-state', /^Live$/); // the viewer may read the live stream
    await page.locator('#conversation-empty').waitFor();

    const send = page.locator('#send-text');
    assert.equal(await send.isDisabled(), true, '"Send Text" is disabled for a viewer');
    assert.equal(await textOf(page, '#send-text-reason'), 'Your role (viewer) cannot send texts.');
    assert.equal(
      await send.getAttribute('aria-describedby'),
      'send-text-reason',
      "the reason is the button's description",
    );
    assert.equal(await page.locator('nav a[data-nav="new"]').isVisible(), false, 'no "New contact" link');
    await screenshot(page, 'console-viewer.png');
    await page.goto(`${CONSOLE_URL}/#/contacts`);
    await waitForText(page, '#new-contact-reason', /^Your role \(viewer\) cannot create contacts\.$/);
    assert.equal(await page.locator('a.button', { hasText: 'New contact' }).count(), 0);
    await page.goto(`${CONSOLE_URL}/#/contacts/new`);
    await waitForText(page, '#new-contact-reason', /^Your role \(viewer\) cannot create contacts\.$/);
    assert.equal(await page.getByRole('button', { name: 'Create contact' }).count(), 0, 'no form the API would refuse');

    // The page's own token: good for reading, refused for sending and creating, in problem+json naming the role.
    const token = await eventually(() => tokens.last(), { message: "the viewer's bearer token" });
    const read = await call(
      'GET',
      `${GATEWAY_URL}/api/conversations/${encodeURIComponent(phone.e164)}/messages`,
      null,
      {},
      { token },
    );
    assert.equal(read.status, 200, `the viewer's token reads: ${read.text}`);
    const sent = await call(
      'POST',
      `${GATEWAY_URL}/api/messages`,
      { to: phone.e164, body: `Not allowed ${t}` },
      { 'Idempotency-Key': randomUUID() },
      { token },
    );
    assert.equal(sent.status, 403, `a viewer cannot send: ${sent.text}`);
    assert.match(sent.type, /application\/problem\+json/);
    assert.match(sent.text, /sms-agent/, 'the refusal names the role needed');
    const created = await call(
      'POST',
      `${CONSOLE_URL}/api/contacts`,
      { firstName: 'No', lastName: `Way ${t}` },
      {},
      { token },
    );
    assert.equal(created.status, 403, `a viewer cannot create contacts: ${created.text}`);
    assert.match(created.text, /sms-agent/);
    assert.deepEqual(
      (await conversation(phone.e164)).filter((m) => m.body === `Not allowed ${t}`),
      [],
      'nothing was sent',
    );
    assertNoScriptErrors(page);
  });

  test('sign out ends the session at Keycloak: its login page again, and opening the console asks to sign in', async () => {
    const page = await newPage();
    await signIn(page, 'agent');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === KEYCLOAK_ORIGIN, { timeout: 20_000 });
    await page.locator('#username').waitFor({ timeout: 20_000 });
    assert.equal(await onKeycloakLogin(page), true, "Keycloak's login page");
    // Keycloak's single sign-on session is gone too: the console cannot come back signed in by itself.
    await page.goto(`${CONSOLE_URL}/#/`);
    await page.waitForURL((url) => url.origin === KEYCLOAK_ORIGIN, { timeout: 20_000 });
    await page.locator('#username').waitFor({ timeout: 20_000 });
    assert.equal(await onKeycloakLogin(page), true, 'signed out for good');
    assertNoScriptErrors(page);
  });

  test('an ended session goes back to the sign-in page on the next refused call, and then to the same contact', async () => {
    // The admin user only, here: ending its Keycloak sessions touches no other test's.
    const t = tag();
    const contact = await createContact({ firstName: 'Session', lastName: `Ends ${t}`, phone: randomPhone().e164 });
    const page = await newPage();
    await signIn(page, 'admin', `/#/contacts/${contact.id}`);
    assert.equal(await textOf(page, '#session-role'), 'Admin');
    await waitForText(page, '#contact-name', new RegExp(`Session Ends ${t}`));
    await waitForText(page, '#live-state', /^Live$/);

    // Keycloak ends the session (as an administrator would, or its idle timeout); the access token the page holds
    // no longer counts either: the next call is sent with it spoiled, and contacts-service answers a real 401.
    assert.equal(await endKeycloakSessions('admin'), 0, 'no Keycloak session left for the admin');
    let refused = 0;
    await page.route('**/api/contacts/**', async (route) => {
      const headers = route.request().headers();
      if (refused > 0 || !headers.authorization) return route.continue();
      refused++;
      await route.continue({
        headers: { ...headers, authorization: `Bearer ${forged(headers.authorization.slice(7))}` },
      });
    });
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/activities') && r.request().method() === 'GET'),
      page.getByRole('button', { name: 'Refresh' }).click(),
    ]);
    assert.equal(answer.status(), 401, 'the API refused the token');
    await page.waitForURL((url) => url.origin === KEYCLOAK_ORIGIN, { timeout: 20_000 });
    await page.locator('#username').waitFor({ timeout: 20_000 });
    assert.equal(await onKeycloakLogin(page), true, "Keycloak's login page, not a silent sign-in");

    await submitKeycloakLogin(page, 'admin');
    assert.equal(new URL(page.url()).hash, `#/contacts/${contact.id}`, 'back on the page the person was on');
    await waitForText(page, '#contact-name', new RegExp(`Session Ends ${t}`));
    await waitForText(page, '#live-state', /^Live$/);
    assertNoScriptErrors(page);
  });
});

describe('the APIs without a valid token', () => {
  /** Every operation under /api in a service's OpenAPI document (on its management port), with sample values. */
  async function apiOperations(managementUrl, base) {
    const res = await fetch(`${managementUrl}/q/openapi?format=json`);
    assert.equal(res.status, 200, `${managementUrl}/q/openapi: HTTP ${res.status}`);
    const spec = await res.json();
    const ops = [];
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      if (!path.startsWith('/api/')) continue;
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        if (!item[method]) continue;
        const url =
          base +
          path.replace(/\{(\w+)\}/g, (_, name) =>
            encodeURIComponent(/phone/i.test(name) ? '+12394267058' : randomUUID()),
          );
        ops.push({ name: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), url });
      }
    }
    return ops;
  }

  test('every /api operation of contacts-service and the gateway answers 401 problem+json without a token, and with a forged one', async (t) => {
    const ops = [
      ...(await apiOperations(CONTACTS_MANAGEMENT_URL, CONSOLE_URL)),
      ...(await apiOperations(GATEWAY_MANAGEMENT_URL, GATEWAY_URL)),
    ];
    const names = ops.map((o) => o.name);
    // The documents list what the console uses: an empty or partial list would prove nothing.
    for (const known of [
      'GET /api/contacts',
      'POST /api/contacts',
      'GET /api/contacts/{id}',
      'PATCH /api/contacts/{id}',
      'DELETE /api/contacts/{id}',
      'GET /api/contacts/{id}/activities',
      'POST /api/contacts/{id}/notes',
      'GET /api/contacts/by-phone/{phone}',
      'POST /api/messages',
      'GET /api/messages/{id}',
      'GET /api/conversations/{phone}/messages',
      'GET /api/conversations/{phone}/stream',
      'GET /api/opt-outs/{phone}',
      'POST /api/opt-outs/{phone}/lift',
      'POST /api/messages/{id}/cancel',
      'GET /api/campaigns',
      'POST /api/campaigns',
      'GET /api/campaigns/{id}',
      'POST /api/campaigns/{id}/recipients',
      'POST /api/campaigns/{id}/start',
      'POST /api/campaigns/{id}/pause',
      'POST /api/campaigns/{id}/resume',
      'POST /api/campaigns/{id}/cancel',
      'GET /api/campaigns/{id}/recipients',
      'GET /api/campaigns/{id}/stream',
      'GET /api/contacts/by-phones',
      'GET /api/conversations',
      'POST /api/conversations/{phone}/read',
      'GET /api/conversations/stream',
      'GET /api/messages/{id}/media/{n}',
    ]) {
      assert.ok(names.includes(known), `${known} is in the API documents (found: ${names.join(', ')})`);
    }
    const forgedToken = forged(await machineToken());
    const wrong = [];
    for (const op of ops) {
      for (const [who, token] of [
        ['no token', null],
        ['a forged token', forgedToken],
      ]) {
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
        const res = await call(
          op.method,
          op.url,
          hasBody ? {} : undefined,
          {
            // What a client of the operation asks for: events of a stream, a media item's bytes, else JSON.
            Accept: op.name.endsWith('/stream')
              ? 'text/event-stream'
              : op.name.includes('/media/')
                ? '*/*'
                : 'application/json',
            'Idempotency-Key': randomUUID(),
          },
          { token },
        );
        if (res.status !== 401 || !/application\/problem\+json/.test(res.type)) {
          wrong.push(`${op.name} with ${who}: HTTP ${res.status} ${res.type} ${res.text.slice(0, 120)}`);
        }
      }
    }
    assert.deepEqual(wrong, [], `every operation refuses (${ops.length} operations)`);
    t.diagnostic(`${ops.length} operations, each without a token and with a forged one: ${names.join(', ')}`);
  });

  test("the console's sign-in settings are served anonymously, and its CSP lets it reach the provider and frames nothing", async () => {
    const res = await fetch(`${CONSOLE_URL}/console/config.json`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      authority: ISSUER,
      clientId: 'sms-console',
      // contacts-service's ContactType wire values, in its order: the new-contact form offers these.
      contactTypes: ['prospect', 'lead', 'customer', 'partner', 'vendor', 'other'],
    });
    const page = await fetch(`${CONSOLE_URL}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directive = (name) =>
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([n]) => n === name)
        ?.slice(1) ?? [];
    assert.deepEqual(directive('script-src'), ["'self'"], `no inline script, no eval: ${csp}`);
    assert.deepEqual(directive('frame-ancestors'), ["'none'"], csp);
    for (const origin of ["'self'", new URL(GATEWAY_URL).origin, KEYCLOAK_ORIGIN]) {
      assert.ok(directive('connect-src').includes(origin), `connect-src allows ${origin}: ${csp}`);
    }
  });
});
