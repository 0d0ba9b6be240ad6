// The new-contact form's type field (js/contact-types.js): built from the types contacts-service names in
// /console/config.json (contactTypes, in its order), with no list of the console's own to fall back on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactTypeField } from '../../contacts-service/src/main/resources/META-INF/resources/js/contact-types.js';

const select = (...pairs) => ({ control: 'select', options: pairs.map(([value, label]) => ({ value, label })) });

const fields = [
  // name, config.json, the field
  [
    "the server's six types, in its order",
    {
      authority: 'http://kc/realms/sms',
      clientId: 'sms-console',
      contactTypes: ['prospect', 'lead', 'customer', 'partner', 'vendor', 'other'],
    },
    select(
      ['prospect', 'Prospect'],
      ['lead', 'Lead'],
      ['customer', 'Customer'],
      ['partner', 'Partner'],
      ['vendor', 'Vendor'],
      ['other', 'Other'],
    ),
  ],
  [
    'a type the console has never seen, and another order',
    { contactTypes: ['key_account', 'lead'] },
    select(['key_account', 'Key account'], ['lead', 'Lead']),
  ],
  [
    'blanks, repeats and values that are not text are left out',
    { contactTypes: ['lead', '', '  ', 7, null, 'lead', ' customer '] },
    select(['lead', 'Lead'], ['customer', 'Customer']),
  ],
  ['no contactTypes: a text field, no list of our own', { authority: 'x', clientId: 'y' }, { control: 'text' }],
  ['an empty list: a text field', { contactTypes: [] }, { control: 'text' }],
  ['contactTypes that is not a list: a text field', { contactTypes: 'lead,customer' }, { control: 'text' }],
  ['no settings at all: a text field', null, { control: 'text' }],
];
for (const [name, settings, expected] of fields) {
  test(`contact type field: ${name}`, () => assert.deepEqual(contactTypeField(settings), expected));
}
