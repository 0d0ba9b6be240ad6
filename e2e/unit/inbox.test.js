// The inbox without the DOM (js/inbox.js): the order of its rows, which copy of a conversation wins when pages, the
// unread tally and the live stream bring several, which events are new texts, the unread total of the title, and
// what a row's preview says. That the page shows them live is tested in the browser (inbox.e2e.test.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachmentsLabel,
  combine,
  compareConversations,
  createInboxState,
  previewText,
  titleWithUnread,
  unreadLabel,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/inbox.js';

const at = (minute) => `2030-01-01T10:${String(minute).padStart(2, '0')}:00Z`;
const conv = (phone, minute, more = {}) => ({
  phone,
  contactId: null,
  lastMessage: {
    id: `${phone}-${minute}`,
    direction: 'inbound',
    preview: `hi ${minute}`,
    status: 'received',
    at: at(minute),
    mediaCount: 0,
  },
  lastActivityAt: at(minute),
  inboundCount: 1,
  unreadCount: 1,
  readUpTo: null,
  optedOut: false,
  ...more,
});
const phones = (rows) => rows.map((c) => c.phone);

test('rows: most recent activity first, ties by phone', () => {
  const rows = [conv('+1003', 5), conv('+1002', 9), conv('+1001', 5)].sort(compareConversations);
  assert.deepEqual(phones(rows), ['+1002', '+1001', '+1003']);
});

const copies = [
  // name, known, incoming, expected unreadCount, expected lastMessage id
  ['nothing known: the incoming copy', null, conv('+1', 5, { unreadCount: 2 }), 2, '+1-5'],
  ['a newer text wins', conv('+1', 5, { unreadCount: 0 }), conv('+1', 6, { unreadCount: 1 }), 1, '+1-6'],
  [
    'a late copy of older activity loses',
    conv('+1', 6, { unreadCount: 0 }),
    conv('+1', 5, { unreadCount: 3 }),
    0,
    '+1-6',
  ],
  [
    'reading it (same last text) lowers the count',
    conv('+1', 5, { unreadCount: 3 }),
    conv('+1', 5, { unreadCount: 0 }),
    0,
    '+1-5',
  ],
  [
    'an older copy of the same last text cannot bring the unread back',
    conv('+1', 5, { unreadCount: 0, readUpTo: '+1-5' }),
    conv('+1', 5, { unreadCount: 2, readUpTo: null }),
    0,
    '+1-5',
  ],
];
for (const [name, known, incoming, unread, lastId] of copies) {
  test(`which copy wins: ${name}`, () => {
    const won = combine(known, incoming);
    assert.equal(won.unreadCount, unread);
    assert.equal(won.lastMessage.id, lastId);
  });
}

test('which copy wins: a status change of the same last text is taken, with the count known', () => {
  const sent = conv('+1', 5, { lastMessage: { id: 'm', direction: 'outbound', status: 'sent' }, unreadCount: 0 });
  const delivered = conv('+1', 5, {
    lastMessage: { id: 'm', direction: 'outbound', status: 'delivered' },
    unreadCount: 0,
  });
  assert.equal(combine(sent, delivered).lastMessage.status, 'delivered');
});

test('a new text moves its conversation to the top and bumps the count; it is a new text', () => {
  const inbox = createInboxState();
  inbox.addPage(
    [conv('+1', 9, { unreadCount: 0 }), conv('+2', 8, { unreadCount: 1 }), conv('+3', 7, { unreadCount: 0 })],
    null,
  );
  assert.deepEqual(phones(inbox.rows()), ['+1', '+2', '+3']);
  const { conversation, newText } = inbox.apply(conv('+3', 10, { unreadCount: 1 }));
  assert.equal(newText, true);
  assert.equal(conversation.unreadCount, 1);
  assert.deepEqual(phones(inbox.rows()), ['+3', '+1', '+2']);
  assert.deepEqual(inbox.unread(), { total: 2, more: false });
});

test('a status change or a read does not reorder and is no new text', () => {
  const inbox = createInboxState();
  inbox.addPage([conv('+1', 9), conv('+2', 8, { unreadCount: 4 })], null);
  const read = inbox.apply(conv('+2', 8, { unreadCount: 0 }));
  assert.equal(read.newText, false);
  assert.deepEqual(phones(inbox.rows()), ['+1', '+2']);
  assert.equal(inbox.unread().total, 1);
  const replay = inbox.apply(conv('+2', 8, { unreadCount: 4 }));
  assert.equal(replay.newText, false, 'a replayed event is not announced again');
  assert.equal(inbox.unread().total, 1, 'and does not bring the unread back');
});

test('a sent text moves the conversation up but is no new text to announce', () => {
  const inbox = createInboxState();
  inbox.addPage([conv('+1', 9), conv('+2', 8)], null);
  const out = conv('+2', 10, { lastMessage: { id: 'o', direction: 'outbound', preview: 'ok', status: 'queued' } });
  assert.equal(inbox.apply(out).newText, false);
  assert.deepEqual(phones(inbox.rows()), ['+2', '+1']);
});

test('a stranger texting for the first time is listed at the top, and is a new text', () => {
  const inbox = createInboxState();
  inbox.addPage([conv('+1', 9), conv('+2', 8)], 'cursor-2');
  assert.equal(inbox.apply(conv('+9', 11)).newText, true);
  assert.deepEqual(phones(inbox.rows()), ['+9', '+1', '+2']);
});

test('a change to an older conversation below the loaded pages is not listed (no hole), but counts as unread', () => {
  const inbox = createInboxState();
  inbox.addPage([conv('+1', 9, { unreadCount: 0 }), conv('+2', 8, { unreadCount: 0 })], 'cursor-2');
  const old = inbox.apply(conv('+7', 3, { unreadCount: 2 }));
  assert.equal(old.newText, false);
  assert.deepEqual(phones(inbox.rows()), ['+1', '+2']);
  assert.equal(inbox.unread().total, 2);
  inbox.addPage([conv('+7', 3, { unreadCount: 2 })], null);
  assert.deepEqual(phones(inbox.rows()), ['+1', '+2', '+7'], 'listed once its page is loaded');
});

test('pages merge without duplicates: a conversation that moved up meanwhile is listed once, where it is now', () => {
  const inbox = createInboxState();
  inbox.addPage([conv('+1', 9), conv('+2', 8)], 'c2');
  inbox.apply(conv('+3', 10)); // +3 was on page 2; it texted again
  inbox.addPage([conv('+3', 7), conv('+4', 6)], null); // page 2 still has its old copy
  assert.deepEqual(phones(inbox.rows()), ['+3', '+1', '+2', '+4']);
  assert.equal(inbox.get('+3').lastActivityAt, at(10));
  assert.equal(inbox.nextCursor(), null);
});

test('Unread only: a conversation read is no longer listed; one that gets a text comes back', () => {
  const inbox = createInboxState({ unreadOnly: true });
  inbox.addPage([conv('+1', 9, { unreadCount: 2 }), conv('+2', 8, { unreadCount: 1 })], null);
  inbox.apply(conv('+1', 9, { unreadCount: 0 }));
  assert.deepEqual(phones(inbox.rows()), ['+2']);
  inbox.apply(conv('+1', 12, { unreadCount: 1 }));
  assert.deepEqual(phones(inbox.rows()), ['+1', '+2']);
});

test('the unread total counts the tally of unread conversations too, and says when there may be more', () => {
  const inbox = createInboxState();
  inbox.addPage([conv('+1', 9, { unreadCount: 0 })], 'c2');
  inbox.addTally([conv('+5', 2, { unreadCount: 3 }), conv('+6', 1, { unreadCount: 4 })], true);
  assert.deepEqual(inbox.unread(), { total: 7, more: true });
  assert.deepEqual(phones(inbox.rows()), ['+1'], 'the tally is not listed');
});

const titles = [
  // total, more, title
  [0, false, 'Inbox · SMS console'],
  [3, false, '(3) Inbox · SMS console'],
  [100, true, '(100+) Inbox · SMS console'],
];
for (const [total, more, title] of titles) {
  test(`title with ${total}${more ? '+' : ''} unread: ${title}`, () =>
    assert.equal(titleWithUnread('Inbox · SMS console', total, more), title));
}

test('unread label', () => {
  assert.equal(unreadLabel(0), null);
  assert.equal(unreadLabel(1), '1 unread');
  assert.equal(unreadLabel(12), '12 unread');
});

const previews = [
  // name, lastMessage, preview
  ['a received text', { direction: 'inbound', preview: 'See you Friday', mediaCount: 0 }, 'See you Friday'],
  ['a sent text', { direction: 'outbound', preview: 'Your quote is ready', mediaCount: 0 }, 'You: Your quote is ready'],
  ['line breaks and spaces fold', { direction: 'inbound', preview: '  Hi\n\nthere  ' }, 'Hi there'],
  ['an MMS without words, its type unknown', { direction: 'inbound', preview: '', mediaCount: 1 }, 'Attachment'],
  [
    'an MMS photo without words',
    { direction: 'inbound', body: '', media: [{ n: 0, contentType: 'image/jpeg' }] },
    'Photo',
  ],
  [
    'two photos',
    {
      direction: 'inbound',
      preview: '',
      mediaCount: 2,
      media: [{ contentType: 'image/png' }, { contentType: 'image/gif' }],
    },
    '2 photos',
  ],
  [
    'an MMS with words shows the words',
    { direction: 'inbound', preview: 'Look at this', mediaCount: 1 },
    'Look at this',
  ],
  ['no last message', null, 'No messages yet'],
];
for (const [name, lastMessage, expected] of previews) {
  test(`preview: ${name}`, () => assert.equal(previewText(lastMessage), expected));
}

const attachments = [
  [[{ contentType: 'video/mp4' }], 'Video'],
  [[{ contentType: 'application/pdf' }], 'File'],
  [[{ contentType: 'image/png' }, { contentType: 'application/pdf' }], '2 attachments'],
  [[{ contentType: 'audio/amr' }, { contentType: 'audio/amr' }], '2 attachments'],
  [[], ''],
];
for (const [media, expected] of attachments) {
  test(`attachments: ${media.map((m) => m.contentType).join(', ') || 'none'} -> "${expected}"`, () =>
    assert.equal(attachmentsLabel(media), expected));
}
