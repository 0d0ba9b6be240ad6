// The compose box: a live counter (characters of 1600, segments, encoding, the character that makes the text
// Unicode), Send and Cancel. One Idempotency-Key per text being composed, so that a double click or a retry after
// a lost answer sends it once; a changed text gets a new key (the gateway refuses one key with two bodies).
import { gatewayApi, newIdempotencyKey } from './api.js';
import { h, announce } from './dom.js';
import { analyze, unicodeWarning, MAX_CHARACTERS, GSM7 } from './segments.js';

/**
 * Renders a hidden compose form into `root`; returns {open(), close(), setOptedOut(state)}.
 * onSent(message) gets the gateway's 202 answer; onRefused() runs after a 409 (e.g. the number opted out meanwhile).
 * blockedReason: why the signed-in person may not send (their role), shown with Send disabled; null when they may.
 */
export function mountCompose(root, { to, toLabel, contactId, blockedReason = null, onSent, onRefused, onClose }) {
  let key = null;
  let keyBody = null;
  let sending = false;
  let optedOut = false;

  const textarea = h('textarea', {
    id: 'compose-body',
    name: 'body',
    rows: '4',
    spellcheck: 'true',
    'aria-describedby': 'compose-counter compose-warning compose-optout compose-role compose-hint',
  });
  const chars = h('span', { id: 'compose-chars' });
  const segments = h('span', { id: 'compose-segments' });
  const encoding = h('span', { id: 'compose-encoding' });
  const counter = h('p', { id: 'compose-counter', class: 'counter' }, chars, ' · ', segments, ' · ', encoding);
  const warning = h('p', { id: 'compose-warning', class: 'notice notice-warn', role: 'status' });
  const optOutNotice = h('p', { id: 'compose-optout', class: 'notice notice-error' });
  const roleNotice = h(
    'p',
    { id: 'compose-role', class: 'notice notice-warn' },
    blockedReason ? `${blockedReason}.` : '',
  );
  const success = h('p', { id: 'compose-success', class: 'notice notice-ok', role: 'status' });
  const error = h('p', { id: 'compose-error', class: 'notice notice-error', role: 'alert' });
  const send = h(
    'button',
    { type: 'submit', id: 'compose-send', class: 'primary', 'aria-describedby': 'compose-role' },
    'Send',
  );
  const cancel = h(
    'button',
    { type: 'button', id: 'compose-cancel', class: 'secondary', onclick: () => close() },
    'Cancel',
  );

  const form = h(
    'form',
    { id: 'compose', class: 'compose', hidden: true, 'aria-labelledby': 'compose-label', onsubmit: submit },
    h('label', { id: 'compose-label', for: 'compose-body' }, `Text to ${toLabel}`),
    optOutNotice,
    roleNotice,
    textarea,
    counter,
    warning,
    h('p', { id: 'compose-hint', class: 'hint' }, 'Ctrl+Enter sends, Escape cancels.'),
    error,
    success,
    h('div', { class: 'actions' }, cancel, send),
  );
  root.append(form);

  textarea.addEventListener('input', () => {
    success.textContent = '';
    update();
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });

  function update() {
    const a = analyze(textarea.value);
    chars.textContent = `${a.characters} / ${MAX_CHARACTERS} characters`;
    segments.textContent = `${a.segments} segment${a.segments === 1 ? '' : 's'}`;
    encoding.textContent = a.encoding === GSM7 ? 'GSM-7' : 'Unicode (UCS-2)';
    counter.dataset.encoding = a.encoding;
    counter.classList.toggle('over', a.overLimit);
    if (a.overLimit) {
      chars.textContent += ` — ${a.characters - MAX_CHARACTERS} too many`;
    }
    const w = unicodeWarning(a);
    if ((w ?? '') !== warning.textContent) warning.textContent = w ?? '';
    optOutNotice.textContent = optedOut
      ? `${toLabel} has opted out of texts (replied STOP): the gateway refuses texts to this number until they reply START.`
      : '';
    if (a.overLimit) textarea.setAttribute('aria-invalid', 'true');
    else textarea.removeAttribute('aria-invalid');
    send.disabled =
      sending ||
      optedOut ||
      blockedReason !== null ||
      a.characters === 0 ||
      a.overLimit ||
      textarea.value.trim() === '';
    send.textContent = sending ? 'Sending…' : 'Send';
    return a;
  }

  async function submit(e) {
    e.preventDefault();
    if (send.disabled) return;
    const body = textarea.value;
    if (key === null || keyBody !== body) {
      key = newIdempotencyKey();
      keyBody = body;
    }
    sending = true;
    error.textContent = '';
    success.textContent = '';
    update();
    try {
      const message = await gatewayApi.send({ to, body, contactId }, key);
      key = null;
      keyBody = null;
      textarea.value = '';
      const n = message.segments ?? analyze(body).segments;
      success.textContent =
        `Text queued for ${toLabel} (${n} segment${n === 1 ? '' : 's'}, ${message.encoding ?? analyze(body).encoding}). ` +
        'Its delivery status shows in the conversation.';
      onSent?.(message);
    } catch (err) {
      error.textContent = `Not sent: ${err.message}`;
      if (err.status === 409) onRefused?.(err);
    } finally {
      sending = false;
      update();
      textarea.focus();
    }
  }

  function open() {
    form.hidden = false;
    update();
    textarea.focus();
  }

  function close() {
    form.hidden = true;
    textarea.value = '';
    key = null;
    keyBody = null;
    error.textContent = '';
    success.textContent = '';
    update();
    onClose?.();
  }

  update();
  return {
    open,
    close,
    isOpen: () => !form.hidden,
    setOptedOut(state) {
      optedOut = state;
      update();
    },
  };
}
