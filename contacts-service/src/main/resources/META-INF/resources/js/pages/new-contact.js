// Creating a contact by hand (source manual). The API's problem detail is shown in words, next to the field it
// names when it names one.
import { contactsApi } from '../api.js';
import { h, announce } from '../dom.js';
import { consoleSettings, currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';
import { contactTypeField } from '../contact-types.js';
import { fieldProblems } from '../contact-form.js';

const FIELDS = [
  { name: 'firstName', label: 'First name', autocomplete: 'given-name' },
  { name: 'lastName', label: 'Last name', autocomplete: 'family-name' },
  { name: 'company', label: 'Company', autocomplete: 'organization' },
  { name: 'email', label: 'Email', type: 'email', autocomplete: 'email' },
  {
    name: 'phone',
    label: 'Mobile phone',
    type: 'tel',
    autocomplete: 'tel',
    hint: 'Any format, e.g. (239) 426-7058 or +44 7700 900123',
  },
];

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
  const inputs = {};
  const fieldErrors = {};

  const fields = FIELDS.map((f) => {
    const id = `contact-${f.name}`;
    const errId = `${id}-error`;
    const hintId = f.hint ? `${id}-hint` : null;
    inputs[f.name] = h('input', {
      id,
      name: f.name,
      type: f.type ?? 'text',
      autocomplete: f.autocomplete,
      'aria-describedby': [hintId, errId].filter(Boolean).join(' '),
    });
    fieldErrors[f.name] = h('span', { class: 'field-error', id: errId });
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, f.label),
      f.hint ? h('span', { class: 'hint', id: hintId }, f.hint) : null,
      inputs[f.name],
      fieldErrors[f.name],
    );
  });
  // The types come from the server (config.json); a server that names none gets what is typed, and checks it.
  const typeField = contactTypeField(consoleSettings());
  const typeHint =
    typeField.control === 'text'
      ? h('span', { class: 'hint', id: 'contact-type-hint' }, 'Optional: the server named no types to choose from.')
      : null;
  inputs.type =
    typeField.control === 'select'
      ? h(
          'select',
          { id: 'contact-type', name: 'type', 'aria-describedby': 'contact-type-error' },
          typeField.options.map((o) => h('option', { value: o.value }, o.label)),
        )
      : h('input', {
          id: 'contact-type',
          name: 'type',
          type: 'text',
          autocomplete: 'off',
          'aria-describedby': 'contact-type-hint contact-type-error',
        });
  fieldErrors.type = h('span', { class: 'field-error', id: 'contact-type-error' });
  inputs.notes = h('textarea', { id: 'contact-notes', name: 'notes', rows: '3' });
  fieldErrors.notes = h('span', { class: 'field-error', id: 'contact-notes-error' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create contact');

  const form = h(
    'form',
    { class: 'card form', novalidate: true, onsubmit: save },
    fields,
    h('div', { class: 'field' }, h('label', { for: 'contact-type' }, 'Type'), typeHint, inputs.type, fieldErrors.type),
    h('div', { class: 'field' }, h('label', { for: 'contact-notes' }, 'Notes'), inputs.notes, fieldErrors.notes),
    error,
    h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: '#/contacts' }, 'Cancel'), submit),
  );

  main.append(h('h1', { tabindex: '-1' }, 'New contact'), form);

  async function save(e) {
    e.preventDefault();
    error.textContent = '';
    for (const [name, el] of Object.entries(inputs)) {
      el.removeAttribute('aria-invalid');
      fieldErrors[name].textContent = '';
    }
    const body = {};
    for (const [name, el] of Object.entries(inputs)) {
      const v = el.value.trim();
      if (v) body[name] = v;
    }
    submit.disabled = true;
    try {
      const created = await contactsApi.create(body);
      announce('Contact created.');
      window.location.hash = `#/contacts/${encodeURIComponent(created.id)}`;
    } catch (err) {
      error.textContent = err.message;
      let first = null;
      for (const { field: key, message } of fieldProblems(err.problem, err.message)) {
        if (!inputs[key]) continue;
        inputs[key].setAttribute('aria-invalid', 'true');
        fieldErrors[key].textContent = message;
        first ??= inputs[key];
      }
      (first ?? error).focus?.();
    } finally {
      submit.disabled = false;
    }
  }
  return null;
}
