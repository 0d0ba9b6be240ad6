// What the contact edit form sends (js/contact-form.js): only the fields changed, as a JSON merge patch, and where a
// refusal's problem+json puts its messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changedFields,
  fieldProblems,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/contact-form.js';

const initial = { firstName: 'Ada', lastName: 'Lovelace', company: '', email: 'ada@example.com', type: 'lead' };
const patches = [
  // name, current values, patch
  ['nothing changed', { ...initial }, {}],
  ['spaces around an unchanged value change nothing', { ...initial, firstName: '  Ada ' }, {}],
  ['one field changed, trimmed', { ...initial, company: ' Analytical Engines ' }, { company: 'Analytical Engines' }],
  ['a field emptied is cleared (null)', { ...initial, email: '   ' }, { email: null }],
  ['the type is never cleared', { ...initial, type: '' }, {}],
  ['two fields', { ...initial, firstName: 'Augusta', type: 'customer' }, { firstName: 'Augusta', type: 'customer' }],
  ['a field the contact did not have', { ...initial, notes: 'Met at the fair' }, { notes: 'Met at the fair' }],
];
for (const [name, current, patch] of patches) {
  test(`merge patch: ${name}`, () => assert.deepEqual(changedFields(initial, current, { required: ['type'] }), patch));
}

const problems = [
  // name, problem, detail, fields named
  ['none', null, 'Boom', []],
  [
    'field, with the detail',
    { field: 'email', detail: 'email is not valid' },
    'email is not valid',
    [{ field: 'email', message: 'email is not valid' }],
  ],
  [
    'errors list, the field first with the detail',
    {
      field: 'phone',
      errors: [
        { field: 'phone', message: 'is taken' },
        { field: 'contact.email', message: 'is not valid' },
      ],
    },
    'phone is already the number of Ada',
    [
      { field: 'phone', message: 'phone is already the number of Ada' },
      { field: 'email', message: 'is not valid' },
    ],
  ],
];
for (const [name, problem, detail, named] of problems) {
  test(`fields a problem names: ${name}`, () => assert.deepEqual(fieldProblems(problem, detail), named));
}
