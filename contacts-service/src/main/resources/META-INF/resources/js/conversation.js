// One phone number's conversation: chat bubbles (sent on the right, received on the left), oldest at the top and
// newest at the bottom, older pages loaded when the reader scrolls up (the gateway's `before` cursor), and live
// updates from the gateway's server-sent events: new messages appear and a sent one's status changes in place.
// Outbound texts say who sent them (the gateway's sentBy, from the sender's sign-in). A text that waits (scheduled,
// or held for quiet hours) says until when, with a Cancel button for those who may cancel it. An MMS shows its
// photos and files (js/media.js), fetched with the token.
import { gatewayApi } from './api.js';
import { authHeaders, signInAgain } from './auth.js';
import { connectEventStream } from './sse.js';
import { h, announce } from './dom.js';
import { statusLabel, isFailure, failureReason } from './format.js';
import { bubbleKey, bubbleParts, byTime, planBubbles, supersedes } from './bubbles.js';
import { createMediaShelf } from './media.js';
import { attachmentsLabel } from './inbox.js';

const PAGE = 20;
const NEAR_TOP_PX = 60;
const NEAR_BOTTOM_PX = 80;

/**
 * Renders into `root` and returns {upsert(message), refresh(), close()}.
 * onChange(message, kind) is called for every message that arrives or changes live (kind 'new' or 'update').
 * canCancel: whether the signed-in person may cancel a scheduled text (the gateway needs sms-agent).
 * onNewest(message): the newest message shown, once loaded and whenever a newer one arrives (to mark it read).
 */
export function mountConversation(root, { phone, title, canCancel = false, onChange = () => {}, onNewest = () => {} }) {
  const byKey = new Map(); // bubbleKey -> message
  const elements = new Map(); // bubbleKey -> <li>
  const shelf = createMediaShelf();
  let newestKey = null;
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

  // One listener for every bubble's Cancel (bubbles are drawn and redrawn without handlers of their own).
  list.addEventListener('click', (e) => {
    const button = e.target.closest?.('button.bubble-cancel');
    if (button && !button.disabled) cancelText(button);
  });

  async function cancelText(button) {
    const id = button.dataset.id;
    button.disabled = true;
    button.textContent = 'Canceling…';
    error.textContent = '';
    try {
      const canceled = await gatewayApi.cancel(id);
      upsert(canceled);
      scroller.focus({ preventScroll: true }); // the button is gone with the schedule: keep the focus nearby
    } catch (err) {
      error.textContent = `Not canceled: ${err.message}`;
      // 409: it went out meanwhile; the bubble shows what it is now.
      if (err.status === 409) await gatewayApi.message(id).then(upsert, () => {});
      if (button.isConnected) {
        button.disabled = false;
        button.textContent = 'Cancel';
      }
    }
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  /**
   * Shows what is known: the first time, every bubble at once; after that, only the bubbles that changed are
   * redrawn in place and new ones are inserted where their time puts them, so that a status event touches one
   * bubble and the reader's place, focus and selection elsewhere stay as they were.
   */
  function render() {
    const messages = [...byKey.values()];
    if (elements.size === 0) {
      const bubbles = messages.sort(byTime).map((m) => {
        const el = bubble(m);
        elements.set(bubbleKey(m), el);
        return el;
      });
      list.replaceChildren(...bubbles);
    } else {
      const shown = [...elements].map(([key, el]) => ({ key, version: el.dataset.version }));
      const { add, update } = planBubbles(shown, messages);
      for (const { key, before } of add) {
        const el = bubble(byKey.get(key));
        list.insertBefore(el, before === null ? null : elements.get(before));
        elements.set(key, el);
      }
      for (const key of update) updateBubble(elements.get(key), byKey.get(key));
    }
    empty.hidden = messages.length > 0;
    olderButton.hidden = !nextCursor;
  }

  function merge(items) {
    for (const m of items) {
      const key = bubbleKey(m);
      if (supersedes(byKey.get(key), m)) byKey.set(key, m);
    }
  }

  async function loadFirstPage() {
    error.textContent = '';
    try {
      const page = await gatewayApi.conversation(phone, { limit: PAGE });
      const atBottom = byKey.size === 0 || nearBottom();
      merge(page.items ?? []);
      // The cursor of the first answer only: a refresh after a reconnect must not lose the older pages' place.
      if (!cursorKnown) {
        nextCursor = page.nextCursor ?? null;
        cursorKnown = true;
      }
      render();
      if (atBottom) scrollToBottom();
      reportNewest();
      fillViewport();
    } catch (e) {
      error.textContent = e.message;
      empty.hidden = byKey.size > 0;
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

  function reportNewest() {
    const newest = [...byKey.values()].sort(byTime).at(-1);
    if (!newest || bubbleKey(newest) === newestKey) return;
    newestKey = bubbleKey(newest);
    onNewest(newest);
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
    const known = byKey.get(bubbleKey(m));
    const atBottom = nearBottom();
    merge([m]);
    render();
    const now = byKey.get(bubbleKey(m));
    if (!known) {
      if (atBottom || now.direction !== 'inbound') scrollToBottom();
      if (live && now.direction === 'inbound')
        announce(`New text from ${title}: ${now.body || attachmentsLabel(now.media)}`);
      onChange(now, 'new');
      reportNewest();
    } else if (atBottom) {
      // A bubble that grew (a failure's reason) must not push the newest text out of sight.
      scrollToBottom();
    }
    if (known && known.status !== now.status) {
      if (now.direction !== 'inbound') {
        const reason = isFailure(now.status) && now.status !== 'canceled' ? `: ${failureReason(now)}` : '';
        announce(`Your text is ${statusLabel(now.status).toLowerCase()}${reason}.`);
      }
      onChange(now, 'update');
    }
  }

  function bubble(m) {
    const el = drawBubble(m, shelf);
    updateSchedule(el, m, bubbleParts(m), canCancel);
    return el;
  }

  function updateBubble(el, m) {
    const p = redrawBubble(el, m);
    updateSchedule(el, m, p, canCancel);
  }

  loadFirstPage().then(() => !closed && connect());

  return {
    upsert,
    refresh: loadFirstPage,
    close() {
      closed = true;
      source?.close();
      shelf.close();
    },
  };
}

function drawBubble(m, shelf) {
  const p = bubbleParts(m);
  return h(
    'li',
    { class: p.className, dataset: { id: m.id, status: p.status, direction: p.direction, version: p.version } },
    h('span', { class: 'visually-hidden' }, p.spoken),
    // A text's media never change: drawn once, never touched by a redraw.
    p.media.length ? shelf.draw(p.media) : null,
    h('p', { class: 'bubble-body' }, p.body),
    h(
      'p',
      { class: 'bubble-meta' },
      h('time', { datetime: p.time.datetime, title: p.time.title }, p.time.text),
      p.statusText === null ? null : h('span', { class: p.statusClass }, p.statusText),
      p.segmentsText === null ? null : h('span', { class: 'bubble-segments' }, p.segmentsText),
    ),
    p.errorText === null ? null : h('p', { class: 'bubble-error' }, p.errorText),
    p.senderText === null ? null : h('p', { class: 'bubble-sender' }, p.senderText),
  );
}

/** Redraws a bubble in place: only the parts whose text changed; the bubble, its body and its time stay. */
function redrawBubble(el, m) {
  const p = bubbleParts(m);
  if (el.className !== p.className) el.className = p.className;
  el.dataset.status = p.status;
  el.dataset.version = p.version;
  const meta = part(el, 'bubble-meta');
  const time = meta.querySelector('time');
  if (time.getAttribute('datetime') !== p.time.datetime) time.setAttribute('datetime', p.time.datetime);
  if (time.title !== p.time.title) time.title = p.time.title;
  if (time.textContent !== p.time.text) time.textContent = p.time.text;
  const status = keep(meta, time, 'span', 'bubble-status', p.statusText);
  if (status && status.className !== p.statusClass) status.className = p.statusClass;
  keep(meta, status ?? time, 'span', 'bubble-segments', p.segmentsText);
  const error = keep(el, meta, 'p', 'bubble-error', p.errorText);
  keep(el, error ?? meta, 'p', 'bubble-sender', p.senderText);
  return p;
}

/**
 * The line of a text that waits, last in its bubble: "Scheduled for …" or "Held until …" and, for who may, a
 * Cancel button (handled by the conversation's one click listener); removed once the text no longer waits.
 */
function updateSchedule(el, m, p, canCancel) {
  let line = part(el, 'bubble-schedule');
  if (p.scheduleText === null) {
    line?.remove();
    return;
  }
  if (!line) {
    line = h('p', { class: 'bubble-schedule' }, h('span', { class: 'bubble-schedule-text' }));
    el.append(line);
  }
  const text = line.querySelector('.bubble-schedule-text');
  if (text.textContent !== p.scheduleText) text.textContent = p.scheduleText;
  const title = p.scheduleTime?.title ?? '';
  if (text.title !== title) text.title = title;
  let button = line.querySelector('button.bubble-cancel');
  if (!canCancel || !p.cancelable) {
    button?.remove();
    return;
  }
  if (!button) {
    button = h('button', { type: 'button', class: 'bubble-cancel', dataset: { id: m.id } }, 'Cancel');
    line.append(button);
  }
  const label = `Cancel the text ${p.scheduleText.charAt(0).toLowerCase()}${p.scheduleText.slice(1)}`;
  if (button.getAttribute('aria-label') !== label) button.setAttribute('aria-label', label);
}

function part(parent, cls) {
  return [...parent.children].find((c) => c.classList.contains(cls)) ?? null;
}

/** The optional child of class `cls` shows `text`, right after `after`; null `text` removes it. Returns it. */
function keep(parent, after, tag, cls, text) {
  let el = part(parent, cls);
  if (text === null) {
    el?.remove();
    return null;
  }
  if (!el) {
    el = h(tag, { class: cls });
    after.after(el);
  }
  if (el.textContent !== text) el.textContent = text;
  return el;
}
