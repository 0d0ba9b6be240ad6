// The contacts list: search as you type (name, phone in any format, email, company), newest activity first.
import { contactsApi } from '../api.js';
import { h, announce, debounce } from '../dom.js';
import { contactName, contactPhone, humanise, shortDateTime, fullDateTime } from '../format.js';
import { currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';

const PAGE_SIZE = 25;

export async function renderContactList(main, params) {
  document.title = 'Contacts · SMS console';
  let q = params.get('q') ?? '';
  let page = 0;
  let items = [];
  let total = 0;
  let seq = 0;
  let left = false; // the reader moved to another page: a late search must not touch the address

  const input = h('input', {
    id: 'contact-search',
    type: 'search',
    name: 'q',
    value: q,
    autocomplete: 'off',
    placeholder: 'Name, phone, email or company',
    'aria-describedby': 'contact-count',
  });
  const count = h('p', { id: 'contact-count', class: 'muted', role: 'status' });
  const list = h('ul', { class: 'contact-list', id: 'contact-list' });
  const error = h('p', { class: 'notice notice-error', role: 'alert' });
  const more = h(
    'button',
    { type: 'button', class: 'secondary', hidden: true, onclick: () => load(page + 1) },
    'Show more',
  );

  // A role that may not create contacts gets the reason where the button would be.
  const createBlocked = cannotReason(currentRoles(), 'createContact');
  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Contacts'),
      createBlocked
        ? h('p', { class: 'hint', id: 'new-contact-reason' }, `${createBlocked}.`)
        : h('a', { class: 'button primary', href: '#/contacts/new' }, 'New contact'),
    ),
    h(
      'form',
      {
        role: 'search',
        class: 'search',
        onsubmit: (e) => {
          e.preventDefault();
          search();
        },
      },
      h('label', { for: 'contact-search' }, 'Search contacts'),
      h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'secondary' }, 'Search')),
    ),
    count,
    error,
    list,
    more,
  );

  async function load(nextPage) {
    const mine = ++seq;
    error.textContent = '';
    list.setAttribute('aria-busy', 'true');
    try {
      const res = await contactsApi.list({ q: q || undefined, page: nextPage, size: PAGE_SIZE });
      if (mine !== seq || left) return; // a newer search answered first, or the page was left
      page = res.page ?? nextPage;
      total = res.total ?? res.items.length;
      items = nextPage === 0 ? res.items : items.concat(res.items);
      render();
    } catch (e) {
      if (mine !== seq) return;
      error.textContent = e.message;
    } finally {
      if (mine === seq) list.removeAttribute('aria-busy');
    }
  }

  function render() {
    list.replaceChildren(...items.map(row));
    const shown = items.length;
    count.textContent =
      total === 0
        ? q
          ? `No contact matches “${q}”.`
          : 'No contacts yet.'
        : `${shown < total ? `${shown} of ${total}` : total} contact${total === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}`;
    more.hidden = shown >= total;
  }

  function search() {
    if (left) return;
    q = input.value.trim();
    const hash = q ? `#/contacts?q=${encodeURIComponent(q)}` : '#/contacts';
    // Keeps the search in the address (back button, reload) without re-rendering the page.
    history.replaceState(null, '', hash);
    load(0).then(() => announce(count.textContent));
  }

  input.addEventListener('input', debounce(search, 250));
  await load(0);
  return () => {
    left = true;
  };
}

function row(c) {
  const phone = contactPhone(c);
  return h(
    'li',
    {},
    h(
      'a',
      { class: 'contact-row', href: `#/contacts/${encodeURIComponent(c.id)}` },
      h(
        'span',
        { class: 'contact-main' },
        h('span', { class: 'contact-name' }, contactName(c)),
        h(
          'span',
          { class: 'contact-sub' },
          [phone, c.company, c.email].filter(Boolean).join(' · ') || 'No phone or email',
        ),
      ),
      h(
        'span',
        { class: 'contact-tags' },
        c.type ? h('span', { class: `badge badge-${c.type}` }, humanise(c.type)) : null,
        c.smsOptedOut ? h('span', { class: 'badge badge-optout' }, 'Opted out') : null,
        c.lastContactedAt
          ? h(
              'time',
              { class: 'muted small', datetime: c.lastContactedAt, title: fullDateTime(c.lastContactedAt) },
              `Last contact ${shortDateTime(c.lastContactedAt)}`,
            )
          : null,
      ),
    ),
  );
}
