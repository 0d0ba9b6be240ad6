// The inbox, the console's home: one row per phone number, most recent activity first, with the contact's name (or
// the number of a stranger), the last text's start, its time and the signed-in person's unread count; "Unread" keeps
// only those with texts not read yet. Live: the gateway's conversation stream moves a conversation that gets a text
// to the top, bumps its count and says so politely to screen readers; the page title carries the unread total.
// Older conversations load when the end of the list scrolls into view, or with "Load more".
import { contactsApi, gatewayApi } from '../api.js';
import { authHeaders, signInAgain } from '../auth.js';
import { connectEventStream } from '../sse.js';
import { h, announce } from '../dom.js';
import { contactName, formatPhone, fullDateTime, shortDateTime } from '../format.js';
import { createInboxState, previewText, titleWithUnread, unreadLabel } from '../inbox.js';

const PAGE = 30;
const TALLY = 100; // unread conversations asked for the title's total (the most the gateway gives at once)
const LOOKUP_MAX = 100; // numbers per by-phones request
const BASE_TITLE = 'Inbox · SMS console';
const STRANGER_RETRY_MS = [3000, 10000]; // a stranger's prospect contact is made from Kafka, seconds later

export async function renderInbox(main, params) {
  const unreadOnly = params.get('filter') === 'unread';
  const state = createInboxState({ unreadOnly });
  const contacts = new Map(); // phone -> its contact, or null when it has none (yet)
  const rowsByPhone = new Map(); // phone -> <li>
  const timers = new Set();
  const retrying = new Set(); // strangers whose contact is looked up again shortly
  let loading = false;
  let left = false;
  let source = null;
  let everOpened = false;
  let observer = null;
  document.title = BASE_TITLE;

  const liveState = h(
    'span',
    { class: 'live-state', id: 'inbox-live', dataset: { state: 'connecting' } },
    'Connecting…',
  );
  const filterLink = (label, href, current) =>
    h('a', { class: 'filter-link', href, 'aria-current': current ? 'page' : null }, label);
  const summary = h('p', { class: 'muted', id: 'inbox-summary' });
  const error = h('p', { class: 'notice notice-error', role: 'alert', id: 'inbox-error' });
  const list = h('ul', { class: 'inbox-list', id: 'inbox-list', 'aria-labelledby': 'inbox-heading' });
  const empty = h('p', { class: 'empty-state', id: 'inbox-empty', hidden: true });
  const more = h(
    'button',
    { type: 'button', class: 'secondary', id: 'inbox-more', hidden: true, onclick: () => loadMore() },
    'Load more',
  );
  const sentinel = h('div', { class: 'inbox-sentinel', 'aria-hidden': 'true' });

  main.append(
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1', id: 'inbox-heading' }, 'Inbox'), liveState),
    h(
      'nav',
      { class: 'filters', 'aria-label': 'Which conversations' },
      filterLink('All', '#/', !unreadOnly),
      filterLink('Unread', '#/?filter=unread', unreadOnly),
    ),
    summary,
    error,
    list,
    empty,
    sentinel,
    h('div', { class: 'inbox-more' }, more),
  );

  /** Looks up the contacts of the numbers not known yet: one request per page (of up to 100 numbers). */
  async function lookUp(phones) {
    const wanted = [...new Set(phones)].filter((p) => !contacts.get(p));
    for (let i = 0; i < wanted.length; i += LOOKUP_MAX) {
      const chunk = wanted.slice(i, i + LOOKUP_MAX);
      try {
        const found = await contactsApi.byPhones(chunk);
        for (const phone of chunk) if (!contacts.has(phone)) contacts.set(phone, null);
        for (const c of found) if (c.phoneE164) contacts.set(c.phoneE164, c);
      } catch {
        // The rows show the numbers; the next event or page asks again.
      }
    }
  }

  function later(fn, ms) {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!left) fn();
    }, ms);
    timers.add(t);
  }

  function nameOf(phone) {
    const c = contacts.get(phone);
    return c ? contactName(c) : formatPhone(phone);
  }

  function hrefOf(conversation) {
    const id = contacts.get(conversation.phone)?.id ?? conversation.contactId;
    return id ? `#/contacts/${encodeURIComponent(id)}` : `#/conversations/${encodeURIComponent(conversation.phone)}`;
  }

  function rowContent(c) {
    const unread = unreadLabel(c.unreadCount ?? 0);
    const at = c.lastActivityAt ?? c.lastMessage?.at;
    return [
      h(
        'span',
        { class: 'inbox-top' },
        h('span', { class: 'inbox-name' }, nameOf(c.phone)),
        at ? h('time', { class: 'inbox-time', datetime: at, title: fullDateTime(at) }, shortDateTime(at)) : null,
      ),
      h(
        'span',
        { class: 'inbox-bottom' },
        h('span', { class: 'inbox-preview' }, previewText(c.lastMessage)),
        c.optedOut ? h('span', { class: 'badge badge-optout' }, 'Opted out') : null,
        // The count to see, and "3 unread" to hear.
        unread
          ? h(
              'span',
              { class: 'badge badge-unread', dataset: { count: c.unreadCount } },
              h('span', { 'aria-hidden': 'true' }, String(c.unreadCount)),
              h('span', { class: 'visually-hidden' }, unread),
            )
          : null,
      ),
    ];
  }

  /** The rows in the order the state gives; a row that did not change is not touched, and focus stays put. */
  function render() {
    const rows = state.rows();
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const wanted = new Set(rows.map((c) => c.phone));
    for (const [phone, li] of rowsByPhone) {
      if (!wanted.has(phone)) {
        li.remove();
        rowsByPhone.delete(phone);
      }
    }
    rows.forEach((c, i) => {
      const version = `${nameOf(c.phone)}|${hrefOf(c)}|${c.lastMessage?.id}|${c.lastMessage?.status}|${c.unreadCount}|${c.optedOut}|${c.lastActivityAt}`;
      let li = rowsByPhone.get(c.phone);
      if (!li) {
        li = h('li', { dataset: { phone: c.phone } }, h('a', { class: 'inbox-row' }));
        rowsByPhone.set(c.phone, li);
      }
      if (li.dataset.version !== version) {
        const link = li.firstChild;
        link.setAttribute('href', hrefOf(c));
        link.classList.toggle('is-unread', (c.unreadCount ?? 0) > 0);
        link.replaceChildren(...rowContent(c));
        li.dataset.version = version;
        li.dataset.unread = String(c.unreadCount ?? 0);
      }
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    });
    if (focused && document.activeElement !== focused && focused.isConnected) focused.focus();
    const { total, more: partial } = state.unread();
    document.title = titleWithUnread(BASE_TITLE, total, partial);
    summary.textContent = total
      ? `${total}${partial ? '+' : ''} unread text${total === 1 && !partial ? '' : 's'}`
      : 'All caught up: no unread texts.';
    empty.hidden = rows.length > 0;
    empty.textContent = unreadOnly ? 'No unread conversations.' : 'No conversations yet.';
    more.hidden = !state.nextCursor();
  }

  async function loadFirst() {
    error.textContent = '';
    list.setAttribute('aria-busy', 'true');
    try {
      const [page, tally] = await Promise.all([
        gatewayApi.conversations({ limit: PAGE, unread: unreadOnly }),
        gatewayApi.conversations({ limit: TALLY, unread: true }),
      ]);
      await lookUp((page.items ?? []).map((c) => c.phone));
      if (left) return;
      // A reload after a reconnect keeps the older pages already loaded and their cursor.
      state.addPage(page.items, everOpened ? state.nextCursor() : page.nextCursor);
      state.addTally(tally.items, Boolean(tally.nextCursor));
      render();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  async function loadMore() {
    const cursor = state.nextCursor();
    if (!cursor || loading || left) return;
    loading = true;
    more.disabled = true;
    list.setAttribute('aria-busy', 'true');
    error.textContent = '';
    try {
      const page = await gatewayApi.conversations({ cursor, limit: PAGE, unread: unreadOnly });
      await lookUp((page.items ?? []).map((c) => c.phone));
      if (left) return;
      const before = state.rows().length;
      state.addPage(page.items, page.nextCursor);
      render();
      const added = state.rows().length - before;
      announce(`${added} more conversation${added === 1 ? '' : 's'} loaded.`);
    } catch (e) {
      error.textContent = e.message;
    } finally {
      loading = false;
      more.disabled = false;
      list.removeAttribute('aria-busy');
    }
    // The end of the list may still be in view (a tall screen): keep loading while it is.
    if (!left && state.nextCursor() && inView(sentinel)) loadMore();
  }

  async function onConversation(data) {
    let c;
    try {
      c = JSON.parse(data);
    } catch {
      return;
    }
    if (!c?.phone) return;
    const { newText } = state.apply(c);
    if (!contacts.get(c.phone)) {
      await lookUp([c.phone]);
      if (left) return;
      if (!contacts.get(c.phone) && !retrying.has(c.phone)) {
        retrying.add(c.phone);
        STRANGER_RETRY_MS.forEach((ms, i) =>
          later(async () => {
            await lookUp([c.phone]);
            if (i === STRANGER_RETRY_MS.length - 1) retrying.delete(c.phone);
            if (!left) render();
          }, ms),
        );
      }
    }
    render();
    if (newText) announce(`New text from ${nameOf(c.phone)}: ${previewText(state.get(c.phone)?.lastMessage)}`);
  }

  function setLive(s, text) {
    liveState.dataset.state = s;
    liveState.textContent = text;
  }

  function connect() {
    source = connectEventStream(gatewayApi.inboxStreamUrl(), {
      headers: async () => authHeaders(),
      onOpen: () => {
        setLive('live', 'Live');
        // After a reconnect, what the stream may have missed meanwhile.
        if (everOpened) loadFirst();
        everOpened = true;
      },
      onState: (s, detail) => {
        if (left) return;
        if (s === 'reconnecting') setLive('reconnecting', 'Reconnecting…');
        else setLive('off', `No live updates: ${detail}`);
      },
      onUnauthorized: () => signInAgain(),
      onEvent: (event) => {
        if (event.type === 'conversation') onConversation(event.data);
      },
    });
  }

  await loadFirst();
  if (!left) {
    connect();
    if ('IntersectionObserver' in window) {
      observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), {
        rootMargin: '200px',
      });
      observer.observe(sentinel);
    }
  }

  return () => {
    left = true;
    source?.close();
    observer?.disconnect();
    timers.forEach(clearTimeout);
  };
}

function inView(el) {
  const r = el.getBoundingClientRect();
  return r.top < window.innerHeight + 200 && r.bottom > -200;
}
