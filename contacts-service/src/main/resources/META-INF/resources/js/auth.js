// Sign-in through the OIDC provider's own login page (Authorization Code with PKCE) with oidc-client-ts
// (vendor/oidc-client-ts.min.js, the global `oidc`). Which provider and client come from contacts-service's
// anonymous /console/config.json (which also names the contact types: consoleSettings()). Tokens are kept in memory only, never in localStorage or sessionStorage: a
// reload signs in again, which the provider's single sign-on session answers at once while it lasts. Only the
// library's short-lived sign-in state (the PKCE verifier between the redirect and its answer) is in
// sessionStorage. Access tokens are renewed with the refresh token before they expire (no iframe: the console's
// CSP frames nothing); when renewal fails or an API answers 401, the console goes back to the sign-in page.
import { config } from './config.js';
import { highestRole, roleLabel } from './roles.js';

let settings = null; // /console/config.json as the server answered it
let manager = null;
let user = null;
let redirecting = false;

/** A sign-in that did not work, in words for the page. */
export class SignInError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SignInError';
  }
}

async function loadSettings() {
  let response;
  try {
    response = await fetch(`${config.contactsUrl}/console/config.json`, { headers: { Accept: 'application/json' } });
  } catch {
    throw new SignInError('Could not reach the server for the sign-in settings: check your connection and reload.');
  }
  const settings = response.ok ? await response.json().catch(() => null) : null;
  if (!settings?.authority || !settings?.clientId) {
    throw new SignInError(`Could not load the sign-in settings (HTTP ${response.status}).`);
  }
  return settings;
}

/** The page's own address without query or fragment: where the provider sends the browser back. */
function consoleUrl() {
  return `${window.location.origin}${window.location.pathname}`;
}

/** Only a fragment of this page is carried through the provider, never another address. */
function safeHash(value) {
  return typeof value === 'string' && value.startsWith('#') ? value : '';
}

/**
 * Signs in. Resolves to the session ({name, subject, roles, role, roleLabel}) once signed in, or to null while the
 * browser is on its way to the provider. Rejects with a SignInError the page should show.
 */
export async function startSession() {
  settings = await loadSettings();
  const { authority, clientId } = settings;
  const lib = window.oidc;
  if (!lib?.UserManager) throw new SignInError('The sign-in library did not load (vendor/oidc-client-ts.min.js).');
  manager = new lib.UserManager({
    authority,
    client_id: clientId,
    redirect_uri: consoleUrl(),
    post_logout_redirect_uri: consoleUrl(),
    response_type: 'code',
    scope: 'openid profile',
    userStore: new lib.WebStorageStateStore({ store: new lib.InMemoryWebStorage() }),
    stateStore: new lib.WebStorageStateStore({ store: window.sessionStorage, prefix: 'sms-console.oidc.' }),
    automaticSilentRenew: true,
    monitorSession: false, // the provider's session iframe: the CSP frames nothing
    loadUserInfo: false, // name and roles are in the ID token
  });
  manager.events.addUserLoaded((u) => (user = u));
  manager.events.addSilentRenewError(() => signInAgain());
  manager.events.addAccessTokenExpired(() => signInAgain());

  const params = new URLSearchParams(window.location.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    try {
      user = await manager.signinRedirectCallback();
    } catch (e) {
      window.history.replaceState(null, '', window.location.pathname + window.location.hash);
      throw new SignInError(`Signing in did not work: ${e.error_description || e.message}`);
    }
    // The code and state leave the address bar; the page the person had asked for comes back.
    window.history.replaceState(null, '', window.location.pathname + (safeHash(user.state) || window.location.hash));
    manager.clearStaleState().catch(() => {});
    return session();
  }
  redirecting = true;
  await manager.signinRedirect({ state: window.location.hash });
  return null;
}

/** The console's settings from /console/config.json (null before startSession loaded them). */
export function consoleSettings() {
  return settings;
}

/** The signed-in person as the console shows them, or null. */
export function session() {
  if (!user) return null;
  const profile = user.profile ?? {};
  const roles = Array.isArray(profile.roles) ? profile.roles : [];
  const role = highestRole(roles);
  return {
    name: profile.name || profile.preferred_username || profile.sub,
    subject: profile.sub,
    roles,
    role,
    roleLabel: roleLabel(role),
  };
}

/** The signed-in person's roles (empty when not signed in). */
export function currentRoles() {
  return session()?.roles ?? [];
}

/** Headers that prove who calls: the current access token. */
export function authHeaders() {
  return user?.access_token ? { Authorization: `Bearer ${user.access_token}` } : {};
}

/** The session ended (a 401, or renewal failed): back to the provider's sign-in, then to this page. */
export function signInAgain() {
  if (redirecting || !manager) return;
  redirecting = true;
  user = null;
  manager
    .removeUser()
    .catch(() => {})
    .then(() => manager.signinRedirect({ state: window.location.hash }))
    .catch(() => {
      redirecting = false;
    });
}

/** Signs out at the provider, which sends the browser back to the console (and so to the sign-in page). */
export async function signOut() {
  if (!manager) return;
  redirecting = true;
  await manager.signoutRedirect({ post_logout_redirect_uri: consoleUrl() });
}

/** Whether the console is leaving for the provider (pages should not show errors then). */
export function isRedirecting() {
  return redirecting;
}
