// Sign-in as the browser tests need it, against the local run's real Keycloak: a sign-in through Keycloak's own
// login page as a demo user (passwords from .local/keycloak-secrets.env, made by ./run-local.sh), the tokens a page
// sends, and Keycloak's admin API to end a session.
import { CONSOLE_URL, KEYCLOAK_URL, REALM, secret, tokenRequest } from './system.js';

/** The demo users of deploy/keycloak/sms-realm.json: name as the token gives it, and the role. */
export const USERS = Object.freeze({
  viewer: { name: 'Vera Viewer', role: 'Viewer', secret: 'SMS_DEMO_VIEWER_PASSWORD' },
  agent: { name: 'Alex Agent', role: 'Agent', secret: 'SMS_DEMO_AGENT_PASSWORD' },
  admin: { name: 'Ada Admin', role: 'Admin', secret: 'SMS_DEMO_ADMIN_PASSWORD' },
});

/** Whether the page shows Keycloak's login form (its own page, on Keycloak's origin). */
export async function onKeycloakLogin(page) {
  return new URL(page.url()).origin === new URL(KEYCLOAK_URL).origin && (await page.locator('#username').count()) > 0;
}

/** Fills Keycloak's login form as `who` (viewer, agent, admin) and waits until the console is back. */
export async function submitKeycloakLogin(page, who) {
  const user = USERS[who];
  if (!user) throw new Error(`unknown demo user ${who}`);
  await page.locator('#username').fill(who);
  await page.locator('#password').fill(secret(user.secret));
  await Promise.all([
    page.waitForURL((url) => url.origin === new URL(CONSOLE_URL).origin, { timeout: 20_000 }),
    page.locator('#kc-login').click(),
  ]);
  await page.locator('#session-user').filter({ hasText: user.name }).waitFor({ timeout: 20_000 });
}

/**
 * Opens the console at `path` and signs in as `who` through Keycloak's real login page; resolves once the console
 * shows the person signed in, on `path`.
 */
export async function signIn(page, who = 'agent', path = '/#/') {
  await page.goto(`${CONSOLE_URL}${path}`);
  await page.waitForURL((url) => url.origin === new URL(KEYCLOAK_URL).origin, { timeout: 20_000 });
  await page.locator('#username').waitFor({ timeout: 20_000 });
  await submitKeycloakLogin(page, who);
}

/** Records the bearer tokens the page sends to the APIs; tokens.last() is the newest one. */
export function captureTokens(page) {
  const seen = [];
  page.on('request', (request) => {
    const header = request.headers().authorization;
    if (header?.startsWith('Bearer ') && new URL(request.url()).pathname.startsWith('/api/'))
      seen.push(header.slice(7));
  });
  return { all: seen, last: () => seen.at(-1) };
}

/** Ends every Keycloak session of a demo user (Keycloak's admin REST API, as kcadmin). */
export async function endKeycloakSessions(who) {
  const admin = await tokenRequest(`${KEYCLOAK_URL}/realms/master`, {
    grant_type: 'password',
    client_id: 'admin-cli',
    username: 'kcadmin',
    password: secret('KC_BOOTSTRAP_ADMIN_PASSWORD'),
  });
  const headers = { Authorization: `Bearer ${admin.access_token}` };
  const found = await fetch(
    `${KEYCLOAK_URL}/admin/realms/${REALM}/users?exact=true&username=${encodeURIComponent(who)}`,
    {
      headers,
    },
  );
  const [user] = (await found.json()) ?? [];
  if (!user?.id) throw new Error(`no Keycloak user ${who} (HTTP ${found.status})`);
  const out = await fetch(`${KEYCLOAK_URL}/admin/realms/${REALM}/users/${user.id}/logout`, { method: 'POST', headers });
  if (out.status !== 204) throw new Error(`logging ${who} out: HTTP ${out.status} ${await out.text()}`);
  const sessions = await fetch(`${KEYCLOAK_URL}/admin/realms/${REALM}/users/${user.id}/sessions`, { headers });
  return (await sessions.json()).length;
}
