// The console's router: #/ (contacts), #/contacts/new, #/contacts/{id}. Each page renders into <main> and may
// return a cleanup function (closing its live stream) that runs when the page is left.
import { renderContactList } from './pages/contacts.js';
import { renderNewContact } from './pages/new-contact.js';
import { renderContact } from './pages/contact.js';
import { h } from './dom.js';

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;

function parse(hash) {
  const [path, queryString = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(queryString);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'contacts', params };
  if (parts[0] === 'contacts' && parts[1] === 'new' && parts.length === 2) return { page: 'new', params };
  if (parts[0] === 'contacts' && parts.length === 2) return { page: 'contact', id: decodeURIComponent(parts[1]), params };
  return { page: 'not-found', params };
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const r = parse(window.location.hash);
  for (const link of document.querySelectorAll('[data-nav]')) {
    const current = link.dataset.nav === r.page;
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  if (r.page === 'contacts') cleanup = await renderContactList(main, r.params);
  else if (r.page === 'new') cleanup = await renderNewContact(main);
  else if (r.page === 'contact') cleanup = await renderContact(main, r.id);
  else {
    document.title = 'Not found · SMS console';
    main.append(h('h1', { tabindex: '-1' }, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the contacts')));
  }
  // Moving focus to the new page's heading tells keyboard and screen-reader users that the page changed;
  // not on the first load, where the browser's own focus handling is expected.
  if (!firstRender) main.querySelector('h1')?.focus({ preventScroll: false });
  firstRender = false;
}

window.addEventListener('hashchange', route);
route();
