// Campaigns without the DOM (js/campaigns.js): what the counts say on the list, the review and the campaign's page,
// which buttons each status shows, the recipients made from contacts, and their split into requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audienceSummary,
  campaignActions,
  campaignProgress,
  campaignStatusLabel,
  chunkRecipients,
  countRows,
  countsLine,
  newerCampaign,
  recipientsFromContacts,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/campaigns.js';

const counts = (more = {}) => ({
  total: 0,
  queued: 0,
  held: 0,
  sent: 0,
  delivered: 0,
  undelivered: 0,
  failed: 0,
  skipped: 0,
  canceled: 0,
  ...more,
});

const displays = [
  // name, counts, audience summary, counts line, progress {eligible, settled, percent}
  [
    'a draft of three, one opted out',
    counts({ total: 3, queued: 2, skipped: 1 }),
    '3 recipients: 2 eligible, 1 opted out (skipped)',
    '0 of 2 delivered · 2 waiting · 1 skipped (opted out)',
    { eligible: 2, settled: 0, percent: 0 },
  ],
  [
    'halfway: one delivered, one awaiting delivery',
    counts({ total: 3, sent: 1, delivered: 1, skipped: 1 }),
    '3 recipients: 2 eligible, 1 opted out (skipped)',
    '1 of 2 delivered · 1 awaiting delivery · 1 skipped (opted out)',
    { eligible: 2, settled: 1, percent: 50 },
  ],
  [
    'done: two delivered, one skipped',
    counts({ total: 3, delivered: 2, skipped: 1 }),
    '3 recipients: 2 eligible, 1 opted out (skipped)',
    '2 of 2 delivered · 1 skipped (opted out)',
    { eligible: 2, settled: 2, percent: 100 },
  ],
  [
    'held for quiet hours, failures and cancellations',
    counts({ total: 10, held: 3, undelivered: 1, failed: 1, canceled: 2, delivered: 3 }),
    '10 recipients: 10 eligible, 0 opted out (skipped)',
    '3 of 10 delivered · 3 held for quiet hours · 2 not delivered · 2 canceled',
    { eligible: 10, settled: 7, percent: 70 },
  ],
  [
    'one recipient',
    counts({ total: 1, queued: 1 }),
    '1 recipient: 1 eligible, 0 opted out (skipped)',
    '0 of 1 delivered · 1 waiting',
    { eligible: 1, settled: 0, percent: 0 },
  ],
  [
    'everyone opted out',
    counts({ total: 2, skipped: 2 }),
    '2 recipients: 0 eligible, 2 opted out (skipped)',
    '0 of 0 delivered · 2 skipped (opted out)',
    { eligible: 0, settled: 0, percent: 0 },
  ],
  [
    'no counts at all (an older answer)',
    undefined,
    '0 recipients: 0 eligible, 0 opted out (skipped)',
    '0 of 0 delivered',
    { eligible: 0, settled: 0, percent: 0 },
  ],
  [
    'bad members count as 0',
    { total: '3', delivered: -1, skipped: null, sent: 'x', queued: 3.7 },
    '3 recipients: 3 eligible, 0 opted out (skipped)',
    '0 of 3 delivered · 3 waiting',
    { eligible: 3, settled: 0, percent: 0 },
  ],
  [
    'a third settled rounds down',
    counts({ total: 3, delivered: 1, queued: 2 }),
    '3 recipients: 3 eligible, 0 opted out (skipped)',
    '1 of 3 delivered · 2 waiting',
    { eligible: 3, settled: 1, percent: 33 },
  ],
];
for (const [name, c, summary, line, progress] of displays) {
  test(`counts of ${name}`, () => {
    assert.equal(audienceSummary(c), summary);
    assert.equal(countsLine(c), line);
    const p = campaignProgress(c);
    assert.deepEqual({ eligible: p.eligible, settled: p.settled, percent: p.percent }, progress);
  });
}

test('the counts table: every row in order, eligible after the opted-out ones', () => {
  const rows = countRows(counts({ total: 3, delivered: 2, skipped: 1 }));
  assert.deepEqual(
    rows.map((r) => [r.key, r.label, r.value]),
    [
      ['total', 'Recipients', 3],
      ['skipped', 'Opted out (skipped)', 1],
      ['eligible', 'Eligible', 2],
      ['queued', 'Waiting to send', 0],
      ['held', 'Held for quiet hours', 0],
      ['sent', 'Sent, awaiting delivery', 0],
      ['delivered', 'Delivered', 2],
      ['undelivered', 'Undelivered', 0],
      ['failed', 'Failed', 0],
      ['canceled', 'Canceled', 0],
    ],
  );
});

const actions = [
  // status, label, start, pause, resume, cancel
  ['draft', 'Draft', true, false, false, true],
  ['scheduled', 'Scheduled', false, true, false, true],
  ['sending', 'Sending', false, true, false, true],
  ['paused', 'Paused', false, false, true, true],
  ['completed', 'Completed', false, false, false, false],
  ['canceled', 'Canceled', false, false, false, false],
  ['archived', 'archived', false, false, false, false],
];
for (const [status, label, start, pause, resume, cancel] of actions) {
  test(`a ${status} campaign: ${label}, start ${start}, pause ${pause}, resume ${resume}, cancel ${cancel}`, () => {
    assert.equal(campaignStatusLabel(status), label);
    assert.deepEqual(campaignActions(status), { start, pause, resume, cancel });
  });
}

const newer = [
  // name, known updatedAt, incoming updatedAt, replaces
  ['nothing known yet', null, '2030-01-01T10:00:00Z', true],
  ['a later one', '2030-01-01T10:00:00Z', '2030-01-01T10:00:01Z', true],
  ['the same time (counts that moved within it)', '2030-01-01T10:00:00Z', '2030-01-01T10:00:00Z', true],
  ['an older one (a late answer)', '2030-01-01T10:00:01Z', '2030-01-01T10:00:00Z', false],
  ['one without a time', '2030-01-01T10:00:00Z', undefined, true],
];
for (const [name, a, b, replaces] of newer) {
  test(`a campaign update: ${name} ${replaces ? 'replaces' : 'does not replace'} the one shown`, () =>
    assert.equal(newerCampaign(a === null ? null : { updatedAt: a }, { updatedAt: b }), replaces));
}

test('recipients from contacts: one per number, their fields, none without a number', () => {
  const contacts = [
    { id: 'c1', phoneE164: '+12394260001', firstName: 'Ann', lastName: 'Lee', company: 'Acme', displayName: 'Ann Lee' },
    { id: 'c2', phoneE164: null, firstName: 'Paper', displayName: 'Paper' },
    { id: 'c3', phoneE164: '+12394260003', firstName: '  ', lastName: null, company: 'Solo', displayName: 'Solo' },
    { id: 'c4', phoneE164: '+12394260001', firstName: 'Dup', displayName: 'Dup' },
  ];
  assert.deepEqual(recipientsFromContacts(contacts), [
    {
      to: '+12394260001',
      contactId: 'c1',
      fields: { firstName: 'Ann', lastName: 'Lee', company: 'Acme' },
      name: 'Ann Lee',
    },
    { to: '+12394260003', contactId: 'c3', fields: { company: 'Solo' }, name: 'Solo' },
  ]);
  assert.deepEqual(recipientsFromContacts(undefined), []);
});

const many = (n) =>
  Array.from({ length: n }, (_, i) => ({
    to: `+1239426${String(i).padStart(4, '0')}`,
    contactId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    fields: { firstName: 'Ann', lastName: 'Lee' },
    name: 'Ann Lee',
  }));
const bytes = (chunk) => new TextEncoder().encode(JSON.stringify({ recipients: chunk })).length;

const chunking = [
  // name, recipients, options, expected chunk sizes
  ['no recipients: one empty request (the draft is still made)', [], {}, [0]],
  ['a few: one request', many(3), {}, [3]],
  ['at most maxCount per request', many(25), { maxCount: 10 }, [10, 10, 5]],
  ['exactly maxCount', many(20), { maxCount: 10 }, [10, 10]],
];
for (const [name, recipients, options, sizes] of chunking) {
  test(`recipients in requests: ${name}`, () => {
    const chunks = chunkRecipients(recipients, options);
    assert.deepEqual(
      chunks.map((c) => c.length),
      sizes,
    );
    assert.deepEqual(
      chunks.flat().map((r) => r.to),
      recipients.map((r) => r.to),
      'each one once, in order',
    );
  });
}

test('recipients in requests: each request stays under the body limit, the first one with room for the text', () => {
  const recipients = many(2000);
  const chunks = chunkRecipients(recipients, { maxBytes: 60_000, firstOverhead: 2_000 });
  assert.ok(chunks.length > 1, `${chunks.length} requests`);
  assert.ok(bytes(chunks[0]) + 2_000 <= 60_000, `the first: ${bytes(chunks[0])} bytes`);
  for (const c of chunks) assert.ok(bytes(c) <= 60_000, `${bytes(c)} bytes`);
  assert.equal(chunks.flat().length, 2000);
  // What goes over the wire: the number, the contact and the fields, not the console's display name.
  assert.deepEqual(chunks[0][0], {
    to: '+12394260000',
    contactId: '00000000-0000-4000-8000-000000000000',
    fields: { firstName: 'Ann', lastName: 'Lee' },
  });
});

test('recipients in requests: no fields and no contact are left out of the wire form', () => {
  assert.deepEqual(chunkRecipients([{ to: '+12394260000', fields: {} }]), [[{ to: '+12394260000' }]]);
});
