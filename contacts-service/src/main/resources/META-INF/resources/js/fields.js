// A form's fields with their errors: the message next to the field, the field marked aria-invalid and described by
// that message (its id is in the field's aria-describedby from the start), so a screen reader reads it with the field.
import { h } from './dom.js';
import { fieldProblems } from './contact-form.js';

/**
 * One labelled field: {wrapper, input, error}. control: an input, select or textarea made by the caller (its id is
 * the label's target); hint: a line under the label.
 */
export function field({ id, label, control, hint }) {
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  control.id = id;
  control.setAttribute(
    'aria-describedby',
    [hintId, errorId, control.getAttribute('aria-describedby')].filter(Boolean).join(' '),
  );
  const error = h('span', { class: 'field-error', id: errorId });
  const wrapper = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    control,
    error,
  );
  return { wrapper, input: control, error };
}

/** Clears every field's error. fields: {name: {input, error}}. */
export function clearFieldErrors(fields) {
  for (const f of Object.values(fields)) {
    f.input.removeAttribute('aria-invalid');
    f.error.textContent = '';
  }
}

/** Shows a refusal at the fields it names; returns the first field's input (to focus), or null when it names none. */
export function showFieldErrors(fields, err) {
  let first = null;
  for (const { field: name, message } of fieldProblems(err?.problem, err?.message)) {
    const f = fields[name];
    if (!f) continue;
    f.input.setAttribute('aria-invalid', 'true');
    f.error.textContent = message;
    first ??= f.input;
  }
  return first;
}
