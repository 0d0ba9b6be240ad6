// Creating a contact by hand (source manual). The API's problem detail is shown in words, next to the field it
// names when it names one.
import { contactsApi } from '../api.js';
import { h, announce } from '../dom.js';
import { consoleSettings, currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';
import { contactTypeField } from '../contact-types.js';
import { CONTACT_TEXT_FIELDS } from '../contact-form.js';
import { clearFieldErrors, field, showFieldErrors } from '../fields.js';

export async function renderNewContact(main) {
  document.title = 'New contact · SMS console';
  const blocked = cannotReason(currentRoles(), 'createContact');
  if (blocked) {
    // No form that the API would refuse (403): the reason, and the way back.
    main.append(
      h('h1', { tabindex: '-1' }, 'New contact'),
      h('p', { class: 'notice notice-warn', id: 'new-contact-reason' }, `${blocked}.`),
      h('p', {}, h('a', { href: '#/contacts' }, 'Back to the contacts')),
    );
    return null;
  }
  const error = h('p', { class: 'notice notice-error', role: 'alert', id: 'new-contact-error' });
  const fields = {};
  for (const f of CONTACT_TEXT_FIELDS) {
    fields[f.name] = field({
      id: `contact-${f.name}`,
      label: f.label,
      hint: f.hint,
      control: h('input', { name: f.name, type: f.type ?? 'text', autocomplete: f.autocomplete }),
    });
  }
  // The types come from the server (config.json); a server that names none gets what is typed, and checks it.
  const typeField = contactTypeField(consoleSettings());
  fields.type = field({
    id: 'contact-type',
    label: 'Type',
    hint: typeField.control === 'text' ? 'Optional: the server named no types to choose from.' : null,
    control:
      typeField.control === 'select'
        ? h(
            'select',
            { name: 'type' },
            typeField.options.map((o) => h('option', { value: o.value }, o.label)),
          )
        : h('input', { name: 'type', type: 'text', autocomplete: 'off' }),
  });
  fields.notes = field({ id: 'contact-notes', label: 'Notes', control: h('textarea', { name: 'notes', rows: '3' }) });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create contact');

  const form = h(
    'form',
    { class: 'card form', novalidate: true, onsubmit: save },
    Object.values(fields).map((f) => f.wrapper),
    error,
    h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: '#/contacts' }, 'Cancel'), submit),
  );

  main.append(h('h1', { tabindex: '-1' }, 'New contact'), form);

  async function save(e) {
    e.preventDefault();
    error.textContent = '';
    clearFieldErrors(fields);
    const body = {};
    for (const [name, f] of Object.entries(fields)) {
      const v = f.input.value.trim();
      if (v) body[name] = v;
    }
    submit.disabled = true;
    try {
      const created = await contactsApi.create(body);
      announce('Contact created.');
      window.location.hash = `#/contacts/${encodeURIComponent(created.id)}`;
    } catch (err) {
      error.textContent = err.message;
      (showFieldErrors(fields, err) ?? error).focus?.();
    } finally {
      submit.disabled = false;
    }
  }
  return null;
}
