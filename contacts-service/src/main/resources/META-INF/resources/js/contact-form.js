// The contact forms without the DOM: what an edit sends (only the fields that changed, as a JSON merge patch) and
// which field a problem answer names. No DOM, so that these rules are unit-tested in Node.

/** The text fields of a contact, in the order both forms (new contact, edit) show them. */
export const CONTACT_TEXT_FIELDS = [
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

/**
 * The merge patch from the values the form started with to the values it has now: only changed fields, trimmed;
 * a field emptied is null (cleared). Fields in `required` (the type) are never cleared: an emptied one is left out.
 */
export function changedFields(initial, current, { required = [] } = {}) {
  const patch = {};
  for (const [name, raw] of Object.entries(current)) {
    const was = String(initial[name] ?? '').trim();
    const now = String(raw ?? '').trim();
    if (now === was) continue;
    if (now === '' && required.includes(name)) continue;
    patch[name] = now === '' ? null : now;
  }
  return patch;
}

/**
 * The fields a problem+json answer names, each with its message: `field` with the answer's detail (a whole
 * sentence), then the others of its `errors` list with theirs. A path such as "contact.email" names its last part.
 */
export function fieldProblems(problem, detail) {
  const found = new Map();
  const field = lastPart(problem?.field);
  if (field) found.set(field, detail || problem?.detail || problem?.title || 'is not valid');
  for (const e of problem?.errors ?? []) {
    const name = lastPart(e?.field);
    if (name && !found.has(name)) found.set(name, e.message || detail || 'is not valid');
  }
  return [...found].map(([name, message]) => ({ field: name, message }));
}

function lastPart(path) {
  return typeof path === 'string' && path ? path.split('.').pop() : null;
}
