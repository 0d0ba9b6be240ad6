// One phone number's conversation: chat bubbles (sent on the right, received on the left), oldest at the top and
// newest at the bottom, older pages loaded when the reader scrolls up (the gateway's `before` cursor), and live
// updates from the gateway's server-sent events: new messages appear and a sent one's status changes in place.
// Outbound texts say who sent them (the gateway's sentBy, from the sender's sign-in).
import { gatewayApi } from './api.js';
import { authHeaders, signInAgain } from './auth.js';
import { connectEventStream } from './sse.js';
import { h, announce } from './dom.js';
import { fullDateTime, shortDateTime, statusLabel, isFailure, failureReason } from './format.js';

const PAGE = 20;
const NEAR_TOP_PX = 60;
const NEAR_BOTTOM_PX = 80;

/**
 * Renders into `root` and returns {upsert(message), refresh(), close()}.
 * onChange(message, kind) is called for every message that arrives or changes live (kind 'new' or 'update').
 */
export function mountConversation(root, { phone, title, onChange = () => {} }) {
  const byId = new Map(); // id -> message
  const elements = new Map(); // id -> <li>
  let nextCursor = null;
  let cursorKnown = false;
  let loadingOlder = false;
  let source = null;
  let everOpened = false;
  let closed = false;

  const liveState = h(
    'span',
    { class: 'live-state', id: 'live-state', dataset: { state: 'connecting' } },
    'Connecting…',
  );
  const error = h('p', { class: 'notice notice-error', role: 'alert' });
  const olderButton = h(
    'button',
    { type: 'button', class: 'link-button load-older', hidden: true, onclick: () => loadOlder() },
    'Load older messages',
  );
  const empty = h('p', { class: 'empty', id: 'conversation-empty', hidden: true }, 'No messages yet');
  const list = h('ol', { class: 'messages', id: 'messages', 'aria-label': `Messages with ${title}` });
  // A log (announced politely as texts arrive) around the list, so that the list keeps its list semantics.
  const log = h(
    'div',
    { class: 'messages-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions' },
    list,
  );
  const scroller = h(
    'div',
    {
      class: 'messages-scroll',
      id: 'messages-scroll',
      tabindex: '0',
      role: 'region',
      'aria-label': `Conversation with ${title}, newest at the bottom`,
    },
    olderButton,
    empty,
    log,
  );

  root.append(
    h('div', { class: 'section-head' }, h('h2', { id: 'conversation-heading' }, 'Conversation'), liveState),
    error,
    scroller,
  );

  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < NEAR_TOP_PX) loadOlder();
  });

  function sorted() {
    return [...byId.values()].sort(
      (a, b) => millis(a.createdAt) - millis(b.createdAt) || String(a.id).localeCompare(String(b.id)),
    );
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  /** Puts the bubbles in order, creating or updating only those that changed. */
  function render() {
    const messages = sorted();
    let previous = null;
    for (const m of messages) {
      let el = elements.get(m.id);
      const fresh = bubble(m);
      if (!el) {
        el = fresh;
        elements.set(m.id, el);
      } else if (el.dataset.version !== fresh.dataset.version) {
        el.replaceChildren(...fresh.childNodes);
        el.className = fresh.className;
        el.dataset.status = fresh.dataset.status;
        el.dataset.version = fresh.dataset.version;
      }
      const wanted = previous ? previous.nextSibling : list.firstChild;
      if (wanted !== el) list.insertBefore(el, wanted);
      previous = el;
    }
    empty.hidden = messages.length > 0;
    olderButton.hidden = !nextCursor;
  }

  function merge(items) {
    for (const m of items) {
      const known = byId.get(m.id);
      // A late or replayed copy never takes a message back to an older state.
      if (!known || millis(m.updatedAt) >= millis(known.updatedAt)) byId.set(m.id, m);
    }
  }

  async function loadFirstPage() {
    error.textContent = '';
    try {
      const page = await gatewayApi.conversation(phone, { limit: PAGE });
      const atBottom = byId.size === 0 || nearBottom();
      merge(page.items ?? []);
      // The cursor of the first answer only: a refresh after a reconnect must not lose the older pages' place.
      if (!cursorKnown) {
        nextCursor = page.nextCursor ?? null;
        cursorKnown = true;
      }
      render();
      if (atBottom) scrollToBottom();
      fillViewport();
    } catch (e) {
      error.textContent = e.message;
      empty.hidden = byId.size > 0;
    }
  }

  async function loadOlder() {
    if (!nextCursor || loadingOlder || closed) return;
    loadingOlder = true;
    log.setAttribute('aria-busy', 'true');
    try {
      const page = await gatewayApi.conversation(phone, { before: nextCursor, limit: PAGE });
      const fromBottom = scroller.scrollHeight - scroller.scrollTop;
      merge(page.items ?? []);
      nextCursor = page.nextCursor ?? null;
      render();
      // Keeps the message the reader was looking at in place while older ones are added above it.
      scroller.scrollTop = scroller.scrollHeight - fromBottom;
      announce(`${page.items?.length ?? 0} older messages loaded.`);
    } catch (e) {
      error.textContent = e.message;
    } finally {
      loadingOlder = false;
      log.removeAttribute('aria-busy');
    }
    fillViewport();
  }

  // Until the list can scroll, scrolling up cannot ask for more: load older pages while there is room.
  function fillViewport() {
    if (nextCursor && scroller.scrollHeight <= scroller.clientHeight + NEAR_TOP_PX) loadOlder();
  }

  function setLive(state, text) {
    liveState.dataset.state = state;
    liveState.textContent = text;
  }

  function connect() {
    // fetch, not EventSource: the stream needs the bearer token like every other call (js/sse.js).
    source = connectEventStream(gatewayApi.streamUrl(phone), {
      headers: async () => authHeaders(),
      onOpen: () => {
        setLive('live', 'Live');
        // After a reconnect, fetch what the stream may have missed meanwhile.
        if (everOpened) loadFirstPage();
        everOpened = true;
      },
      onState: (state, detail) => {
        if (closed) return;
        if (state === 'reconnecting') setLive('reconnecting', 'Reconnecting…');
        else setLive('off', `No live updates: ${detail}`);
      },
      onUnauthorized: () => signInAgain(),
      onEvent: (event) => {
        if (event.type !== 'message') return;
        let m;
        try {
          m = JSON.parse(event.data);
        } catch {
          return;
        }
        if (!m?.id) return;
        upsert(m, true);
      },
    });
  }

  function upsert(m, live = false) {
    const known = byId.get(m.id);
    const atBottom = nearBottom();
    merge([m]);
    render();
    const now = byId.get(m.id);
    if (!known) {
      if (atBottom || now.direction !== 'inbound') scrollToBottom();
      if (live && now.direction === 'inbound') announce(`New text from ${title}: ${now.body ?? ''}`);
      onChange(now, 'new');
    } else if (known.status !== now.status) {
      if (now.direction !== 'inbound') {
        const reason = isFailure(now.status) ? `: ${failureReason(now)}` : '';
        announce(`Your text is ${statusLabel(now.status).toLowerCase()}${reason}.`);
      }
      onChange(now, 'update');
    }
  }

  loadFirstPage().then(() => !closed && connect());

  return {
    upsert,
    refresh: loadFirstPage,
    close() {
      closed = true;
      source?.close();
    },
  };
}

function millis(iso) {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function bubble(m) {
  const outbound = m.direction !== 'inbound';
  const when = m.createdAt;
  const status = m.status ?? 'unknown';
  const failed = outbound && isFailure(status);
  const sender = outbound ? m.sentBy?.name : null;
  const version = `${status}|${m.updatedAt ?? ''}|${m.errorCode ?? ''}|${sender ?? ''}`;
  return h(
    'li',
    {
      class: `bubble ${outbound ? 'bubble-out' : 'bubble-in'}${failed ? ' bubble-failed' : ''}`,
      dataset: { id: m.id, status, direction: outbound ? 'outbound' : 'inbound', version },
    },
    h('span', { class: 'visually-hidden' }, outbound ? 'You sent: ' : 'They sent: '),
    h('p', { class: 'bubble-body' }, m.body ?? ''),
    h(
      'p',
      { class: 'bubble-meta' },
      h('time', { datetime: when, title: fullDateTime(when) }, shortDateTime(when)),
      outbound ? h('span', { class: `bubble-status status-${status}` }, ` · ${statusLabel(status)}`) : null,
      m.segments > 1 ? h('span', { class: 'bubble-segments' }, ` · ${m.segments} segments`) : null,
    ),
    failed ? h('p', { class: 'bubble-error' }, failureReason(m)) : null,
    sender ? h('p', { class: 'bubble-sender' }, `sent by ${sender}`) : null,
  );
}
