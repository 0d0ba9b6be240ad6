// The compose box: a live counter (characters of 1600, segments, encoding, the character that makes the text
// Unicode), Send, Send later (a date and time in the browser's zone, sent as sendAt with its offset) and Cancel.
// One Idempotency-Key per text being composed, so that a double click or a retry after a lost answer sends it
// once; a changed text or time gets a new key (the gateway refuses one key with two requests). A text may use the
// contact's merge fields ({firstName|there}): the counter counts the merged text, as the gateway does.
import { gatewayApi, newIdempotencyKey } from './api.js';
import { h, announce } from './dom.js';
import { analyze, unicodeWarning, MAX_CHARACTERS, GSM7 } from './segments.js';
import { localDateTimeToIso, offsetLabel, sendAtProblem, toLocalInputValue, MAX_AHEAD_MS } from './schedule.js';
import { shortDateTime } from './format.js';
import { mergeFieldsIn, renderMerge, unknownFieldProblem } from './merge.js';

const DEFAULT_LATER_MS = 60 * 60_000; // Send later proposes an hour from now

/**
 * Renders a hidden compose form into `root`; returns {open(), close(), setOptedOut(state)}.
 * fields: the contact's merge values ({firstName, lastName, company}), sent along when the text uses them.
 * onSent(message) gets the gateway's 202 answer; onRefused() runs after a 409 (e.g. the number opted out meanwhile).
 * blockedReason: why the signed-in person may not send (their role), shown with Send disabled; null when they may.
 */
export function mountCompose(
  root,
  { to, toLabel, contactId, fields = {}, blockedReason = null, onSent, onRefused, onClose },
) {
  let key = null;
  let keyBody = null;
  let sending = false;
  let optedOut = false;
  let later = false; // Send later is open: Send schedules the text

  const textarea = h('textarea', {
    id: 'compose-body',
    name: 'body',
    rows: '4',
    spellcheck: 'true',
    'aria-describedby': 'compose-counter compose-fields compose-warning compose-optout compose-role compose-hint',
  });
  const chars = h('span', { id: 'compose-chars' });
  const segments = h('span', { id: 'compose-segments' });
  const encoding = h('span', { id: 'compose-encoding' });
  const counter = h('p', { id: 'compose-counter', class: 'counter' }, chars, ' · ', segments, ' · ', encoding);
  const warning = h('p', { id: 'compose-warning', class: 'notice notice-warn', role: 'status' });
  const fieldsNotice = h('p', { id: 'compose-fields', class: 'notice notice-error' });
  const preview = h('p', { id: 'compose-preview', class: 'hint' });
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
  const laterButton = h(
    'button',
    {
      type: 'button',
      id: 'compose-later',
      class: 'secondary',
      'aria-expanded': 'false',
      'aria-controls': 'compose-schedule',
      onclick: () => setLater(!later),
    },
    'Send later',
  );
  const sendAt = h('input', {
    id: 'compose-send-at',
    name: 'sendAt',
    type: 'datetime-local',
    'aria-describedby': 'compose-send-at-hint compose-send-at-error',
  });
  const sendAtHint = h('span', { class: 'hint', id: 'compose-send-at-hint' });
  const sendAtError = h('span', { class: 'field-error', id: 'compose-send-at-error' });
  const schedule = h(
    'div',
    { id: 'compose-schedule', class: 'field compose-schedule', hidden: true },
    h('label', { for: 'compose-send-at' }, 'Send at'),
    sendAtHint,
    sendAt,
    sendAtError,
  );

  const form = h(
    'form',
    {
      id: 'compose',
      class: 'compose',
      hidden: true,
      novalidate: true, // the counter and the time say what is wrong, not the browser's bubble
      'aria-labelledby': 'compose-label',
      onsubmit: submit,
    },
    h('label', { id: 'compose-label', for: 'compose-body' }, `Text to ${toLabel}`),
    optOutNotice,
    roleNotice,
    textarea,
    counter,
    fieldsNotice,
    preview,
    warning,
    schedule,
    h('p', { id: 'compose-hint', class: 'hint' }, 'Ctrl+Enter sends, Escape cancels.'),
    error,
    success,
    h('div', { class: 'actions' }, cancel, laterButton, send),
  );
  root.append(form);

  textarea.addEventListener('input', () => {
    success.textContent = '';
    update();
  });
  sendAt.addEventListener('input', () => update());
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
    const usesFields = mergeFieldsIn(textarea.value).length > 0;
    const merged = usesFields ? renderMerge(textarea.value, fields) : textarea.value;
    const a = analyze(merged);
    const fieldProblem = unknownFieldProblem(textarea.value);
    fieldsNotice.textContent = fieldProblem ?? '';
    preview.textContent = usesFields && !fieldProblem ? `${toLabel} gets: ${merged}` : '';
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
    if (a.overLimit || fieldProblem) textarea.setAttribute('aria-invalid', 'true');
    else textarea.removeAttribute('aria-invalid');
    // The time is checked as the gateway will (1 minute to 35 days ahead), but said only once one was typed.
    const timeProblem = later ? sendAtProblem(sendAt.value) : null;
    sendAtError.textContent = later && sendAt.value !== '' ? (timeProblem ?? '') : '';
    if (later && sendAt.value !== '' && timeProblem) sendAt.setAttribute('aria-invalid', 'true');
    else sendAt.removeAttribute('aria-invalid');
    send.disabled =
      sending ||
      optedOut ||
      blockedReason !== null ||
      a.characters === 0 ||
      a.overLimit ||
      textarea.value.trim() === '' ||
      fieldProblem !== null ||
      timeProblem !== null;
    send.textContent = sending ? (later ? 'Scheduling…' : 'Sending…') : later ? 'Schedule' : 'Send';
    laterButton.disabled = sending || blockedReason !== null;
    return a;
  }

  /** Opens or closes Send later; open, Send becomes Schedule and the time is sent along. */
  function setLater(open) {
    later = open;
    schedule.hidden = !open;
    laterButton.setAttribute('aria-expanded', String(open));
    laterButton.textContent = open ? 'Send now instead' : 'Send later';
    if (open) {
      const now = Date.now();
      sendAt.min = toLocalInputValue(new Date(now + 60_000));
      sendAt.max = toLocalInputValue(new Date(now + MAX_AHEAD_MS));
      if (!sendAt.value) sendAt.value = toLocalInputValue(new Date(now + DEFAULT_LATER_MS));
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      sendAtHint.textContent = `Your time${zone ? ` (${zone}, ${offsetLabel(new Date(now))})` : ''}; up to 35 days ahead.`;
    }
    update();
    if (open) sendAt.focus();
  }

  async function submit(e) {
    e.preventDefault();
    if (send.disabled) return;
    const body = textarea.value;
    const at = later ? localDateTimeToIso(sendAt.value) : null;
    const request = `${at ?? ''}|${body}`;
    if (key === null || keyBody !== request) {
      key = newIdempotencyKey();
      keyBody = request;
    }
    sending = true;
    error.textContent = '';
    success.textContent = '';
    update();
    try {
      const merge = mergeFieldsIn(body).length > 0 ? fields : undefined;
      const message = await gatewayApi.send({ to, body, contactId, fields: merge, sendAt: at ?? undefined }, key);
      key = null;
      keyBody = null;
      textarea.value = '';
      const sentText = message.body ?? body;
      const n = message.segments ?? analyze(sentText).segments;
      const how = `${n} segment${n === 1 ? '' : 's'}, ${message.encoding ?? analyze(sentText).encoding}`;
      success.textContent = at
        ? `Text to ${toLabel} scheduled for ${shortDateTime(message.sendAt ?? at)} (${how}). ` +
          'It can be canceled from the conversation until it goes.'
        : `Text queued for ${toLabel} (${how}). Its delivery status shows in the conversation.`;
      if (at) setLater(false);
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
    sendAt.value = '';
    later = false;
    schedule.hidden = true;
    laterButton.setAttribute('aria-expanded', 'false');
    laterButton.textContent = 'Send later';
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
