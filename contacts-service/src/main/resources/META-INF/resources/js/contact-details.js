// A contact's Details card: what is known of them, Edit (a form that sends only the fields changed, as a JSON merge
// patch, and shows the API's refusals at their fields) and, for an admin, Delete after a confirmation dialog.
import { contactsApi } from './api.js';
import { h, announce } from './dom.js';
import { contactName, contactPhone, humanise, shortDateTime, fullDateTime } from './format.js';
import { CONTACT_TEXT_FIELDS, changedFields } from './contact-form.js';
import { clearFieldErrors, field, showFieldErrors } from './fields.js';
import { contactTypeField } from './contact-types.js';
import { consoleSettings } from './auth.js';
import { confirmDialog } from './confirm.js';

/**
 * Fills `card` and returns {render(contact)}. editBlocked / deleteBlocked: why the signed-in person may not (null
 * when they may). optOutState: the opt-out line to show at the top. onSaved(contact) after an edit.
 */
export function mountDetails(card, { contact: first, editBlocked, deleteBlocked, optOutState, onSaved }) {
  let contact = first;
  const details = h('dl', { class: 'details', id: 'contact-details' });
  const saved = h('p', { class: 'notice notice-ok', id: 'edit-saved' });
  const editButton = editBlocked
    ? null
    : h('button', { type: 'button', class: 'secondary', id: 'edit-contact', onclick: () => openForm() }, 'Edit');
  const form = h('form', { class: 'form edit-form', id: 'edit-form', novalidate: true, hidden: true });
  const dialog = deleteBlocked
    ? null
    : confirmDialog({
        id: 'delete-dialog',
        title: `Delete ${contactName(contact)}?`,
        body: 'The contact and its activity timeline are deleted for good. Their texts stay in the conversation.',
        confirmLabel: 'Delete contact',
        cancelLabel: 'Keep the contact',
        action: async () => {
          await contactsApi.remove(contact.id);
          announce(`${contactName(contact)} deleted.`);
          window.location.hash = '#/contacts';
        },
      });
  const deleteButton = dialog
    ? h(
        'button',
        { type: 'button', class: 'danger', id: 'delete-contact', onclick: (e) => dialog.open(e.currentTarget) },
        'Delete contact',
      )
    : null;

  card.append(
    ...[
      h('div', { class: 'section-head' }, h('h2', { id: 'details-heading' }, 'Details'), editButton),
      optOutState,
      saved,
      details,
      form,
      deleteButton ? h('div', { class: 'danger-zone' }, deleteButton) : null,
      dialog?.element,
    ].filter(Boolean),
  );

  function render(next = contact) {
    contact = next;
    const rows = [
      ['Phone', contactPhone(contact) || '—'],
      ['Email', contact.email ? h('a', { href: `mailto:${contact.email}` }, contact.email) : '—'],
      ['Company', contact.company || '—'],
      ['Type', humanise(contact.type) || '—'],
      ['Source', sourceLabel(contact.source) || '—'],
      ['Last contacted', contact.lastContactedAt ? timeEl(contact.lastContactedAt) : 'Never'],
      ['Created', timeEl(contact.createdAt)],
      ['Notes', contact.notes || '—'],
    ];
    details.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    if (dialog) dialog.element.querySelector('h2').textContent = `Delete ${contactName(contact)}?`;
  }

  function openForm() {
    saved.textContent = '';
    const fields = {};
    const initial = {};
    for (const f of CONTACT_TEXT_FIELDS) {
      initial[f.name] = f.name === 'phone' ? (contact.phone ?? contact.phoneDisplay ?? '') : (contact[f.name] ?? '');
      fields[f.name] = field({
        id: `edit-${f.name}`,
        label: f.label,
        hint: f.hint,
        control: h('input', { name: f.name, type: f.type ?? 'text', autocomplete: f.autocomplete }),
      });
    }
    initial.type = contact.type ?? '';
    fields.type = field({ id: 'edit-type', label: 'Type', control: typeControl(contact.type) });
    initial.notes = contact.notes ?? '';
    fields.notes = field({ id: 'edit-notes', label: 'Notes', control: h('textarea', { name: 'notes', rows: '3' }) });
    for (const [name, f] of Object.entries(fields)) f.input.value = initial[name];

    const error = h('p', { class: 'notice notice-error', role: 'alert', id: 'edit-error' });
    const save = h('button', { type: 'submit', class: 'primary', id: 'edit-save' }, 'Save');
    const cancel = h('button', { type: 'button', class: 'secondary', id: 'edit-cancel' }, 'Cancel');
    form.replaceChildren(
      h('h3', { class: 'form-title' }, 'Edit contact'),
      ...Object.values(fields).map((f) => f.wrapper),
      error,
      h('div', { class: 'actions' }, cancel, save),
    );
    form.onsubmit = async (e) => {
      e.preventDefault();
      clearFieldErrors(fields);
      error.textContent = '';
      const values = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.input.value]));
      const patch = changedFields(initial, values, { required: ['type'] });
      if (Object.keys(patch).length === 0) {
        closeForm('Nothing changed.');
        return;
      }
      save.disabled = true;
      try {
        const updated = await contactsApi.update(contact.id, patch);
        render(updated);
        onSaved(updated);
        closeForm('Saved.');
      } catch (err) {
        // The words go next to the field they name; only a refusal naming none is said above the buttons.
        const at = showFieldErrors(fields, err);
        if (at) at.focus();
        else error.textContent = err.message;
      } finally {
        save.disabled = false;
      }
    };
    cancel.onclick = () => closeForm(null);
    form.onkeydown = (e) => {
      if (e.key === 'Escape') closeForm(null);
    };
    details.hidden = true;
    editButton.hidden = true;
    form.hidden = false;
    fields.firstName.input.focus();
  }

  function closeForm(message) {
    form.hidden = true;
    form.replaceChildren();
    details.hidden = false;
    editButton.hidden = false;
    editButton.focus();
    if (message) {
      saved.textContent = message;
      announce(message === 'Saved.' ? 'Contact saved.' : message);
    }
  }

  render();
  return { render };
}

/** The types the server names (config.json), with the contact's own kept when the list no longer has it. */
function typeControl(current) {
  const typeField = contactTypeField(consoleSettings());
  if (typeField.control === 'text') return h('input', { name: 'type', type: 'text', autocomplete: 'off' });
  const options = [...typeField.options];
  if (current && !options.some((o) => o.value === current))
    options.unshift({ value: current, label: humanise(current) });
  return h(
    'select',
    { name: 'type' },
    options.map((o) => h('option', { value: o.value }, o.label)),
  );
}

export function sourceLabel(source) {
  return { manual: 'Added by hand', sms_inbound: 'Texted in', import: 'Imported' }[source] ?? humanise(source);
}

function timeEl(iso) {
  return iso ? h('time', { datetime: iso, title: fullDateTime(iso) }, shortDateTime(iso)) : '—';
}
