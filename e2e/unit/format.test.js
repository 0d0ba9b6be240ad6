// Table-driven tests of the console's display helpers (status labels, failure reasons, names, dates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contactName,
  formatPhone,
  mediaLabel,
  failureReason,
  isFailure,
  shortDateTime,
  statusLabel,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/format.js';

const reasons = [
  // name, message, expected reason
  [
    'the carrier message and the code',
    { errorCode: 21211, errorMessage: "Invalid 'To' Phone Number" },
    "Invalid 'To' Phone Number (error 21211)",
  ],
  [
    'a known code without a message is explained',
    { errorCode: 30006, errorMessage: null },
    'Landline or unreachable carrier (error 30006)',
  ],
  ['an opt-out code is explained', { errorCode: 21610 }, 'The recipient has unsubscribed (replied STOP) (error 21610)'],
  ['an unknown code alone', { errorCode: 12345 }, 'Error 12345'],
  [
    'a message without a code',
    { errorMessage: 'Outcome unknown: no answer from Twilio' },
    'Outcome unknown: no answer from Twilio',
  ],
  ['nothing at all', {}, 'No reason given'],
];
for (const [name, message, expected] of reasons) {
  test(`failure reason: ${name}`, () => assert.equal(failureReason(message), expected));
}

const statuses = [
  ['queued', 'Queued', false],
  ['accepted', 'Queued', false],
  ['sending', 'Sending', false],
  ['sent', 'Sent', false],
  ['delivered', 'Delivered', false],
  ['undelivered', 'Undelivered', true],
  ['failed', 'Failed', true],
  ['canceled', 'Canceled', true],
  ['unknown', 'Outcome unknown', false],
  ['partially_delivered', 'Partially delivered', false],
  ['some_new_status', 'Some new status', false],
];
for (const [status, label, failure] of statuses) {
  test(`status ${status} reads "${label}"`, () => {
    assert.equal(statusLabel(status), label);
    assert.equal(isFailure(status), failure);
  });
}

const names = [
  ['display name first', { displayName: 'Ada Lovelace', firstName: 'x' }, 'Ada Lovelace'],
  ['first and last name', { firstName: 'Ada', lastName: 'Lovelace' }, 'Ada Lovelace'],
  [
    'the formatted number of a prospect',
    { phoneDisplay: '(239) 426-7058', phoneE164: '+12394267058' },
    '(239) 426-7058',
  ],
  ['the email when nothing else', { email: 'a@example.com' }, 'a@example.com'],
  ['nothing', {}, 'Unnamed contact'],
];
for (const [name, contact, expected] of names) {
  test(`contact name: ${name}`, () => assert.equal(contactName(contact), expected));
}

test('short dates: today shows the time only, yesterday says so, older show the day', () => {
  const now = new Date(2026, 10, 25, 15, 0);
  assert.doesNotMatch(shortDateTime(new Date(2026, 10, 25, 9, 5).toISOString(), now), /Nov|Yesterday/);
  assert.match(shortDateTime(new Date(2026, 10, 24, 9, 5).toISOString(), now), /^Yesterday /);
  assert.match(shortDateTime(new Date(2026, 10, 20, 9, 5).toISOString(), now), /Nov 20/);
  assert.match(shortDateTime(new Date(2025, 0, 3, 9, 5).toISOString(), now), /2025/);
  assert.equal(shortDateTime(null, now), '');
  assert.equal(shortDateTime('not a date', now), '');
});

const phones = [
  // E.164, as people read it
  ['+12394267058', '(239) 426-7058'],
  ['+447700900123', '+447700900123'],
  ['+1239426705', '+1239426705'],
  ['', ''],
  [null, ''],
];
for (const [e164, shown] of phones) {
  test(`phone ${e164} is shown as "${shown}"`, () => assert.equal(formatPhone(e164), shown));
}

const mediaTypes = [
  ['image/jpeg', 'Photo'],
  ['IMAGE/PNG', 'Photo'],
  ['video/mp4', 'Video'],
  ['audio/amr', 'Audio'],
  ['application/pdf', 'File'],
  ['text/vcard', 'File'],
  [undefined, 'File'],
];
for (const [type, label] of mediaTypes) {
  test(`media ${type} is a ${label}`, () => assert.equal(mediaLabel(type), label));
}
