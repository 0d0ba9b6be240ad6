// A contact's activity timeline (contacts-service's record of texts, opt-outs, edits and notes), newest first, and
// the form that adds a note to it. Who did something (an edit, a note, an opt-out lifted by an admin) is named.
import { contactsApi } from './api.js';
import { h, announce } from './dom.js';
import { humanise, shortDateTime, fullDateTime, failureReason } from './format.js';
import { clearFieldErrors, field, showFieldErrors } from './fields.js';

const NOTE_MAX = 2000;

const ACTIVITY_LABELS = {
  sms_received: 'Text received',
  sms_sent: 'Text sent',
  sms_delivered: 'Text delivered',
  sms_failed: 'Text not delivered',
  sms_opted_out: 'Opted out of texts',
  sms_opted_in: 'Opted back in to texts',
  contact_created: 'Contact created',
  contact_edited: 'Contact edited',
  note: 'Note',
};

/** Fills `section` and returns {load()}. noteBlocked: why the signed-in person may not add notes, or null. */
export function mountTimeline(section, { contactId, noteBlocked }) {
  const list = h('ol', { class: 'timeline', id: 'activities' });
  const loadError = h('p', { class: 'notice notice-error', role: 'alert' });
  const noteForm = noteBlocked ? null : h('form', { class: 'note-form', id: 'note-form', novalidate: true });

  section.append(
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'activity-heading' }, 'Activity'),
      h('button', { type: 'button', class: 'link-button', onclick: () => load() }, 'Refresh'),
    ),
    noteForm ?? h('p', { class: 'hint', id: 'note-reason' }, `${noteBlocked}.`),
    loadError,
    list,
  );

  if (noteForm) {
    const note = field({
      id: 'note-body',
      label: 'Add a note',
      hint: `Seen by everyone who opens this contact, with your name (at most ${NOTE_MAX} characters).`,
      control: h('textarea', { name: 'body', rows: '2', maxlength: String(NOTE_MAX) }),
    });
    const fields = { body: note };
    const error = h('p', { class: 'notice notice-error', role: 'alert', id: 'note-error' });
    const submit = h('button', { type: 'submit', class: 'secondary', id: 'note-add' }, 'Add note');
    noteForm.append(note.wrapper, error, h('div', { class: 'actions' }, submit));
    noteForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(fields);
      error.textContent = '';
      const body = note.input.value.trim();
      if (!body) {
        showFieldErrors(fields, { problem: { field: 'body' }, message: 'Write the note first.' });
        note.input.focus();
        return;
      }
      submit.disabled = true;
      try {
        const added = await contactsApi.addNote(contactId, body);
        note.input.value = '';
        if (added) list.querySelector('.empty-item')?.remove();
        if (added) list.prepend(activity(added));
        announce('Note added.');
        load();
      } catch (err) {
        const at = showFieldErrors(fields, err);
        if (!at) error.textContent = err.message;
        (at ?? note.input).focus();
      } finally {
        submit.disabled = false;
      }
    });
  }

  async function load() {
    loadError.textContent = '';
    try {
      const page = await contactsApi.activities(contactId, { size: 50 });
      const items = page.items ?? [];
      list.replaceChildren(
        ...(items.length ? items.map(activity) : [h('li', { class: 'muted empty-item' }, 'No activity yet.')]),
      );
    } catch (e) {
      loadError.textContent = e.message;
    }
  }

  return { load };
}

function activity(a) {
  const kind = a.kind ?? a.type;
  const label = ACTIVITY_LABELS[kind] ?? humanise(kind);
  const reason = a.errorMessage || a.errorCode != null ? failureReason(a) : null;
  const actor = a.actor?.name || null;
  // "Created by Ada" says no more than the "by Ada" line below: shown once. "Edited by Ada (email)" stays.
  const summary = actor && a.summary?.replace(/^\S+ by /, '') === actor ? null : a.summary;
  let text = null;
  if (summary && kind === 'note') text = h('p', { class: 'activity-note-text' }, summary);
  else if (summary && kind === 'sms_opted_in' && actor)
    // An admin lifted the opt-out: the summary is the reason they gave.
    text = h('p', { class: 'activity-summary' }, `Reason: ${summary}`);
  else if (summary) text = h('p', { class: 'activity-summary' }, summary);
  return h(
    'li',
    { class: `activity activity-${kind}`, dataset: { kind } },
    h(
      'p',
      { class: 'activity-head' },
      h('span', { class: 'activity-kind' }, label),
      h('time', { datetime: a.occurredAt, title: fullDateTime(a.occurredAt) }, shortDateTime(a.occurredAt)),
    ),
    text,
    reason ? h('p', { class: 'activity-error' }, reason) : null,
    // Who did it, from their sign-in (contacts-service's actor: an edit, a note, an opt-out lifted by hand).
    actor ? h('p', { class: 'activity-actor' }, `by ${actor}`) : null,
  );
}
