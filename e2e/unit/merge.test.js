// Merge fields as the campaign page renders them for its counter (js/merge.js), and the counter itself: the
// largest merged text over the recipients. The gateway renders the texts it sends; these say what the page shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contactMergeValues,
  largestMerged,
  mergeFieldsIn,
  renderMerge,
  unknownFieldProblem,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/merge.js';

const ann = { firstName: 'Ann', lastName: 'Lee', company: 'Acme' };

const renders = [
  // name, body, fields, merged text
  ['a field with a value', 'Hi {firstName}!', ann, 'Hi Ann!'],
  ['every field', '{firstName} {lastName} of {company}', ann, 'Ann Lee of Acme'],
  ['the fallback when the field is missing', 'Hi {firstName|there},', {}, 'Hi there,'],
  ['the fallback when the field is blank', 'Hi {firstName|there},', { firstName: '   ' }, 'Hi there,'],
  ['the value, not the fallback, when there is one', 'Hi {firstName|there},', ann, 'Hi Ann,'],
  ['empty without a value or a fallback', 'Hi {firstName}, from {company}', {}, 'Hi , from '],
  ['an empty fallback is allowed', 'Hi{firstName|}!', {}, 'Hi!'],
  ['a fallback with spaces and punctuation', '{company|your team, all of you}', {}, 'your team, all of you'],
  ['values are trimmed', 'Hi {firstName}.', { firstName: '  Ann ' }, 'Hi Ann.'],
  ['the same field twice', '{firstName}, {firstName}', ann, 'Ann, Ann'],
  ['braces that are no field stay text', 'Use {} or { firstName } or {a-b}', ann, 'Use {} or { firstName } or {a-b}'],
  ['no fields at all', 'Open Saturday', ann, 'Open Saturday'],
  ['a value with braces is not merged again', 'Hi {firstName}', { firstName: '{lastName}' }, 'Hi {lastName}'],
  ['an emoji value', 'Hi {firstName}', { firstName: 'Zoë 🎉' }, 'Hi Zoë 🎉'],
  ['no fields object', 'Hi {firstName|there}', undefined, 'Hi there'],
];
for (const [name, body, fields, expected] of renders) {
  test(`merge: ${name}`, () => assert.equal(renderMerge(body, fields), expected));
}

test('the fields a text uses, in order, known or not', () => {
  assert.deepEqual(mergeFieldsIn('Hi {firstName|there}, {nickname} at {company}'), [
    { name: 'firstName', fallback: 'there', known: true, token: '{firstName|there}' },
    { name: 'nickname', fallback: null, known: false, token: '{nickname}' },
    { name: 'company', fallback: null, known: true, token: '{company}' },
  ]);
});

const unknown = [
  // name, body, whether it names a field the gateway refuses, and which
  ['only known fields', 'Hi {firstName|there} {lastName} {company}', null],
  ['an unknown field', 'Hi {nickname}', '{nickname}'],
  ['the first unknown one', 'Hi {firstName} {Nick} {zip}', '{Nick}'],
  ['names are case-sensitive', 'Hi {FirstName}', '{FirstName}'],
  ['an unknown field with a fallback', 'Hi {nick|pal}', '{nick}'],
  ['no fields', 'Hello', null],
];
for (const [name, body, field] of unknown) {
  test(`unknown merge field: ${name}`, () => {
    const problem = unknownFieldProblem(body);
    if (field === null) assert.equal(problem, null);
    else assert.match(problem, new RegExp(`^Unknown merge field ${field.replace(/[{}]/g, '\\$&')}`));
  });
}

const largest = [
  // name, body, recipients' fields, expected {segments, characters, text, for whom (index or null), total}
  [
    'no recipients: the text with its fallbacks',
    'Hi {firstName|there}',
    [],
    { segments: 1, characters: 8, text: 'Hi there', who: null, total: 0 },
  ],
  [
    'the recipient whose merged text is longest',
    'Hi {firstName}',
    [{ firstName: 'Al' }, { firstName: 'Bartholomew' }, { firstName: 'Cy' }],
    { segments: 1, characters: 14, text: 'Hi Bartholomew', who: 1, total: 3 },
  ],
  [
    "one recipient's long company takes the text past one segment",
    `${'x'.repeat(150)} {company}`,
    [{ company: 'Acme' }, { company: 'International Widgets' }],
    { segments: 2, characters: 172, text: `${'x'.repeat(150)} International Widgets`, who: 1, total: 3 },
  ],
  [
    'a Unicode text within 70 units is one segment too: the longest text is the largest',
    `${'a'.repeat(60)} {firstName}`,
    [{ firstName: 'Alexandrina-Maria' }, { firstName: 'Zoë🎉' }, { firstName: 'Bo' }],
    { segments: 1, characters: 78, text: `${'a'.repeat(60)} Alexandrina-Maria`, who: 0, total: 3 },
  ],
  [
    'Unicode past 70 units: that recipient is the largest',
    `${'a'.repeat(66)} {firstName}`,
    [{ firstName: 'Alexandrina' }, { firstName: 'Zoë🎉' }],
    { segments: 2, characters: 71, text: `${'a'.repeat(66)} Zoë🎉`, who: 1, total: 3 },
  ],
  [
    'ties keep the first recipient',
    'Hi {firstName}',
    [{ firstName: 'Ann' }, { firstName: 'Bob' }],
    { segments: 1, characters: 6, text: 'Hi Ann', who: 0, total: 2 },
  ],
  ['an empty text', '', [{ firstName: 'Ann' }], { segments: 0, characters: 0, text: '', who: 0, total: 0 }],
];
for (const [name, body, fieldsList, expected] of largest) {
  test(`largest merged text: ${name}`, () => {
    const recipients = fieldsList.map((fields, i) => ({ to: `+1239555000${i}`, fields }));
    const m = largestMerged(body, recipients);
    assert.deepEqual(
      {
        segments: m.analysis.segments,
        characters: m.analysis.characters,
        text: m.text,
        who: m.recipient === null ? null : recipients.indexOf(m.recipient),
        total: m.totalSegments,
      },
      expected,
    );
    assert.equal(m.recipients, recipients.length);
  });
}

test("a contact's merge values: its non-blank first name, last name and company, trimmed", () => {
  assert.deepEqual(
    contactMergeValues({
      firstName: ' Ann ',
      lastName: '',
      company: 'Acme',
      email: 'ann@example.com',
      phoneE164: '+1',
    }),
    { firstName: 'Ann', company: 'Acme' },
  );
  assert.deepEqual(contactMergeValues({ firstName: null }), {});
  assert.deepEqual(contactMergeValues(undefined), {});
});
