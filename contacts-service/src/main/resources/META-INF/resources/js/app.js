// The console's start and router. It signs in first (js/auth.js: the provider's login page, or its single sign-on
// session at once), shows who is signed in, then routes: #/ (the inbox), #/conversations/{phone}, #/contacts,
// #/contacts/new, #/contacts/{id}, #/campaigns, #/campaigns/new, #/campaigns/{id}. Each page renders into <main> and may return a cleanup function
// (closing its live stream) that runs when the page is left.
import { renderInbox } from './pages/inbox.js';
import { renderConversationPage } from './pages/conversation.js';
import { renderContactList } from './pages/contacts.js';
import { renderNewContact } from './pages/new-contact.js';
import { renderContact } from './pages/contact.js';
import { renderCampaignList } from './pages/campaigns.js';
import { renderNewCampaign } from './pages/new-campaign.js';
import { renderCampaign } from './pages/campaign.js';
import { h } from './dom.js';
import { startSession, signOut } from './auth.js';
import { can } from './roles.js';

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;

function parse(hash) {
  const [path, queryString = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(queryString);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'inbox', params };
  if (parts[0] === 'conversations' && parts.length === 2)
    return { page: 'conversation', nav: 'inbox', phone: decodeURIComponent(parts[1]), params };
  if (parts[0] === 'contacts' && parts.length === 1) return { page: 'contacts', params };
  if (parts[0] === 'contacts' && parts[1] === 'new' && parts.length === 2) return { page: 'new', params };
  if (parts[0] === 'contacts' && parts.length === 2)
    return { page: 'contact', id: decodeURIComponent(parts[1]), params };
  if (parts[0] === 'campaigns' && parts.length === 1) return { page: 'campaigns', params };
  if (parts[0] === 'campaigns' && parts[1] === 'new' && parts.length === 2)
    return { page: 'new-campaign', nav: 'campaigns', params };
  if (parts[0] === 'campaigns' && parts.length === 2)
    return { page: 'campaign', nav: 'campaigns', id: decodeURIComponent(parts[1]), params };
  return { page: 'not-found', params };
}

let generation = 0; // counts routes, so a page still loading when the next one starts is told apart

async function route() {
  const mine = ++generation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const r = parse(window.location.hash);
  for (const link of document.querySelectorAll('[data-nav]')) {
    const current = link.dataset.nav === (r.nav ?? r.page);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  let done = null;
  if (r.page === 'inbox') done = await renderInbox(main, r.params);
  else if (r.page === 'conversation') done = await renderConversationPage(main, r.phone);
  else if (r.page === 'contacts') done = await renderContactList(main, r.params);
  else if (r.page === 'new') done = await renderNewContact(main);
  else if (r.page === 'contact') done = await renderContact(main, r.id);
  else if (r.page === 'campaigns') done = await renderCampaignList(main);
  else if (r.page === 'new-campaign') done = await renderNewCampaign(main);
  else if (r.page === 'campaign') done = await renderCampaign(main, r.id);
  else {
    document.title = 'Not found · SMS console';
    main.append(h('h1', { tabindex: '-1' }, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the inbox')));
  }
  if (mine !== generation) {
    // Another page was opened while this one loaded: this one's streams and timers end, and it takes no focus.
    done?.();
    return;
  }
  cleanup = done;
  // Moving focus to the new page's heading tells keyboard and screen-reader users that the page changed;
  // not on the first load, where the browser's own focus handling is expected. A page is usable before its
  // render has finished (its last loads can take seconds), so focus someone already put inside the new page (the
  // compose box they are typing in) is never taken away.
  const active = document.activeElement;
  const focusedInPage = active && active !== document.body && main.contains(active);
  if (!firstRender && !focusedInPage) main.querySelector('h1')?.focus({ preventScroll: false });
  firstRender = false;
}

/** The header's name, role and Sign out; the links the role may not use are left out. */
function showSession(session) {
  document.getElementById('session-user').textContent = session.name;
  document.getElementById('session-role').textContent = session.roleLabel;
  const button = document.getElementById('sign-out');
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Signing out…';
    signOut().catch(() => {
      button.disabled = false;
      button.textContent = 'Sign out';
    });
  });
  document.getElementById('session').hidden = false;
  document.querySelector('[data-nav="new"]').closest('li').hidden = !can(session.roles, 'createContact');
  document.querySelector('[data-nav="campaigns"]').closest('li').hidden = !can(session.roles, 'readCampaigns');
}

async function start() {
  main.replaceChildren(h('p', { class: 'loading' }, 'Signing in…'));
  let session;
  try {
    session = await startSession();
  } catch (e) {
    document.title = 'Sign-in problem · SMS console';
    main.replaceChildren(
      h('h1', { tabindex: '-1' }, 'Could not sign you in'),
      h('p', { class: 'notice notice-error', role: 'alert' }, e.message),
      h('p', {}, h('a', { href: window.location.pathname }, 'Sign in again')),
    );
    return;
  }
  if (!session) return; // on the way to the provider's sign-in page
  showSession(session);
  window.addEventListener('hashchange', route);
  route();
}

start();
