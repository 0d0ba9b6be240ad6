// The conversation's bubbles without the DOM (js/bubbles.js): which bubbles an event adds or redraws (a status event
// one bubble, a new message one new bubble, nothing else), their order, which copy of a message wins, and what a
// bubble shows. That the page then touches only those bubbles is tested in the browser (console.e2e.test.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bubbleParts,
  bubbleVersion,
  byTime,
  planBubbles,
  scheduleText,
  supersedes,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/bubbles.js';
import { shortDateTime } from '../../contacts-service/src/main/resources/META-INF/resources/js/format.js';

const at = (minute) => `2030-01-01T10:${String(minute).padStart(2, '0')}:00Z`;
const msg = (id, minute, more = {}) => ({
  id,
  direction: 'outbound',
  body: `text ${id}`,
  status: 'delivered',
  createdAt: at(minute),
  updatedAt: at(minute),
  ...more,
});
const shownAs = (messages) => messages.map((m) => ({ key: String(m.id), version: bubbleVersion(m) }));

const a = msg('a', 1);
const b = msg('b', 2, { direction: 'inbound', status: 'received' });
const c = msg('c', 3, { status: 'sent' });
const cDelivered = { ...c, status: 'delivered', updatedAt: at(4) };

const plans = [
  // name, shown on the page, messages known after the event, expected plan
  [
    'a status event for one of three bubbles redraws that one only',
    [a, b, c],
    [a, b, cDelivered],
    { add: [], update: ['c'] },
  ],
  [
    'a failure with its reason redraws that bubble only',
    [a, b, c],
    [a, b, { ...c, status: 'undelivered', errorCode: 30006, updatedAt: at(5) }],
    { add: [], update: ['c'] },
  ],
  ['a replayed copy (same version) changes nothing', [a, b, c], [a, b, { ...c }], { add: [], update: [] }],
  [
    'a new newest message adds one bubble at the end',
    [a, b],
    [a, b, c],
    { add: [{ key: 'c', before: null }], update: [] },
  ],
  [
    'a message missed during a reconnect goes before the later bubble',
    [a, c],
    [c, b, a],
    { add: [{ key: 'b', before: 'c' }], update: [] },
  ],
  [
    'an older page goes above the first bubble, oldest first',
    [c],
    [c, b, a],
    {
      add: [
        { key: 'a', before: 'c' },
        { key: 'b', before: 'c' },
      ],
      update: [],
    },
  ],
  [
    'nothing on the page: every bubble at the end, oldest first',
    [],
    [c, a, b],
    {
      add: [
        { key: 'a', before: null },
        { key: 'b', before: null },
        { key: 'c', before: null },
      ],
      update: [],
    },
  ],
  [
    'a new message and another one changing: one added, one redrawn',
    [a, c],
    [a, b, cDelivered],
    { add: [{ key: 'b', before: 'c' }], update: ['c'] },
  ],
  [
    'numeric ids are the same bubbles as their text',
    shownAs([msg(7, 1)]),
    [msg(7, 1, { status: 'failed', updatedAt: at(2) }), msg(8, 3)],
    { add: [{ key: '8', before: null }], update: ['7'] },
  ],
];
for (const [name, shown, messages, expected] of plans) {
  test(`bubbles: ${name}`, () => {
    const onPage = shown.length && 'key' in shown[0] ? shown : shownAs(shown);
    assert.deepEqual(planBubbles(onPage, messages), expected);
  });
}

test('bubbles: a status event on a long conversation touches exactly one of its 200 bubbles', () => {
  const messages = Array.from({ length: 200 }, (_, i) =>
    msg(`m${i}`, 0, { createdAt: new Date(i * 1000).toISOString() }),
  );
  const shown = shownAs(messages);
  messages[137] = { ...messages[137], status: 'undelivered', errorCode: 30003, updatedAt: at(59) };
  assert.deepEqual(planBubbles(shown, messages), { add: [], update: ['m137'] });
});

test('bubbles: messages at the same time are ordered by id, the same on every screen', () => {
  const same = [msg('z', 1), msg('b', 1), msg('m', 0)];
  assert.deepEqual(
    same.sort(byTime).map((m) => m.id),
    ['m', 'b', 'z'],
  );
});

const copies = [
  // name, known, incoming, whether the incoming copy replaces the known one
  ['the first copy', undefined, c, true],
  ['a later status', c, cDelivered, true],
  ['a late copy of an older status', cDelivered, c, false],
  ['a replay of the same state', cDelivered, { ...cDelivered }, true],
  ['a copy without updatedAt after one with it', cDelivered, { ...c, updatedAt: undefined }, false],
];
for (const [name, known, incoming, expected] of copies) {
  test(`bubbles: ${name} ${expected ? 'replaces' : 'does not replace'} the known copy`, () =>
    assert.equal(supersedes(known, incoming), expected));
}

const shows = [
  // name, message, what its bubble shows
  [
    'a delivered text',
    msg('d', 1),
    {
      direction: 'outbound',
      className: 'bubble bubble-out',
      spoken: 'You sent: ',
      statusText: ' · Delivered',
      statusClass: 'bubble-status status-delivered',
      errorText: null,
      senderText: null,
      segmentsText: null,
    },
  ],
  [
    'an undelivered text, with its reason',
    msg('u', 1, { status: 'undelivered', errorCode: 30006 }),
    {
      direction: 'outbound',
      className: 'bubble bubble-out bubble-failed',
      spoken: 'You sent: ',
      statusText: ' · Undelivered',
      statusClass: 'bubble-status status-undelivered',
      errorText: 'Landline or unreachable carrier (error 30006)',
      senderText: null,
      segmentsText: null,
    },
  ],
  [
    'a text sent by an agent, in two segments',
    msg('s', 1, { status: 'queued', sentBy: { name: 'Alex Agent' }, segments: 2 }),
    {
      direction: 'outbound',
      className: 'bubble bubble-out',
      spoken: 'You sent: ',
      statusText: ' · Queued',
      statusClass: 'bubble-status status-queued',
      errorText: null,
      senderText: 'sent by Alex Agent',
      segmentsText: ' · 2 segments',
    },
  ],
  [
    'a received text: no status, no sender',
    msg('r', 1, { direction: 'inbound', status: 'received', sentBy: { name: 'Nobody' } }),
    {
      direction: 'inbound',
      className: 'bubble bubble-in',
      spoken: 'They sent: ',
      statusText: null,
      statusClass: 'bubble-status status-received',
      errorText: null,
      senderText: null,
      segmentsText: null,
    },
  ],
];
for (const [name, message, expected] of shows) {
  test(`bubble of ${name}`, () => {
    const { direction, className, spoken, statusText, statusClass, errorText, senderText, segmentsText } =
      bubbleParts(message);
    assert.deepEqual(
      { direction, className, spoken, statusText, statusClass, errorText, senderText, segmentsText },
      expected,
    );
    assert.equal(bubbleParts(message).body, message.body);
    assert.equal(bubbleParts(message).time.datetime, message.createdAt);
  });
}

const versions = [
  // name, change, whether the bubble must be redrawn
  ['a new status', { status: 'sent' }, true],
  ['a new updatedAt', { updatedAt: at(9) }, true],
  ['an error code', { errorCode: 30003 }, true],
  ['a carrier message', { errorMessage: 'Blocked' }, true],
  ['a sender', { sentBy: { name: 'Ada' } }, true],
  ['a new sendAt', { sendAt: at(30) }, true],
  ['held for quiet hours', { heldUntil: at(40) }, true],
  ['nothing', {}, false],
];
for (const [name, change, redraw] of versions) {
  test(`bubble version: ${name} ${redraw ? 'redraws' : 'does not redraw'} the bubble`, () =>
    assert.equal(bubbleVersion({ ...a, ...change }) !== bubbleVersion(a), redraw));
}

// Times in the bubbles below are shown by format.js's shortDateTime, relative to this "now".
const now = new Date('2030-01-01T09:00:00Z');
const later = '2030-01-01T14:30:00Z';
const waits = [
  // name, message, what its bubble says (null: nothing), whether it offers Cancel, its class
  [
    'a scheduled text',
    msg('w1', 1, { status: 'scheduled', sendAt: later }),
    `Scheduled for ${shortDateTime(later, now)}`,
    true,
    'bubble bubble-out',
  ],
  [
    'a text held for quiet hours',
    msg('w2', 1, { status: 'scheduled', sendAt: null, heldUntil: later }),
    `Held until ${shortDateTime(later, now)}`,
    true,
    'bubble bubble-out',
  ],
  [
    'a scheduled text that is also held says until when it is held',
    msg('w3', 1, { status: 'scheduled', sendAt: '2030-01-01T08:00:00Z', heldUntil: later }),
    `Held until ${shortDateTime(later, now)}`,
    true,
    'bubble bubble-out',
  ],
  [
    'a scheduled text that went out: no schedule, no Cancel',
    msg('w4', 1, { status: 'sent', sendAt: later }),
    null,
    false,
    'bubble bubble-out',
  ],
  [
    'a canceled text: Canceled, not a failure',
    msg('w5', 1, { status: 'canceled', sendAt: later }),
    null,
    false,
    'bubble bubble-out bubble-canceled',
  ],
  [
    'a received text never waits',
    msg('w6', 1, { direction: 'inbound', status: 'scheduled' }),
    null,
    false,
    'bubble bubble-in',
  ],
];
for (const [name, message, text, cancelable, className] of waits) {
  test(`bubble of ${name}`, () => {
    const p = bubbleParts(message, now);
    assert.equal(p.scheduleText, text);
    assert.equal(p.cancelable, cancelable);
    assert.equal(p.className, className);
    assert.equal(p.errorText, null, 'no failure reason');
    assert.equal(scheduleText(message, now)?.text ?? null, text);
  });
}

test("a campaign text skipped for an opt-out is canceled, with the gateway's words", () => {
  const p = bubbleParts(
    msg('w9', 1, { status: 'canceled', errorMessage: 'Skipped: the recipient opted out (skipped_opted_out)' }),
    now,
  );
  assert.equal(p.className, 'bubble bubble-out bubble-canceled');
  assert.equal(p.errorText, 'Skipped: the recipient opted out (skipped_opted_out)');
});

test('a canceled bubble says Canceled', () => {
  const p = bubbleParts(msg('w7', 1, { status: 'canceled' }), now);
  assert.equal(p.statusText, ' · Canceled');
  assert.equal(p.scheduleTime, null);
});

test('the time of a scheduled bubble is machine-readable', () => {
  const p = bubbleParts(msg('w8', 1, { status: 'scheduled', sendAt: later }), now);
  assert.equal(p.scheduleTime.datetime, later);
  assert.ok(p.scheduleTime.title.length > 0);
});

test('an MMS bubble: its photo with an alt text naming the sender, a file to download with a name', () => {
  const m = msg('mms1', 4, {
    direction: 'inbound',
    status: 'received',
    from: '+12394267058',
    to: '+15005550006',
    body: '',
    media: [
      { n: 0, contentType: 'image/jpeg', url: '/api/messages/mms1/media/0' },
      { n: 1, contentType: 'application/pdf', url: '/api/messages/mms1/media/1' },
      { n: 2, contentType: 'application/x-unknown', url: '/api/messages/mms1/media/2' },
    ],
  });
  assert.deepEqual(bubbleParts(m).media, [
    {
      n: 0,
      url: '/api/messages/mms1/media/0',
      contentType: 'image/jpeg',
      kind: 'image',
      alt: 'Photo from (239) 426-7058',
      linkText: 'Download photo (image/jpeg)',
      fileName: 'text-mms1-1',
    },
    {
      n: 1,
      url: '/api/messages/mms1/media/1',
      contentType: 'application/pdf',
      kind: 'file',
      alt: 'File from (239) 426-7058',
      linkText: 'Download file (application/pdf)',
      fileName: 'text-mms1-2.pdf',
    },
    {
      n: 2,
      url: '/api/messages/mms1/media/2',
      contentType: 'application/x-unknown',
      kind: 'file',
      alt: 'File from (239) 426-7058',
      linkText: 'Download file (application/x-unknown)',
      fileName: 'text-mms1-3',
    },
  ]);
  assert.equal(bubbleParts(m).body, '', 'no words: no body to show');
});

test('a text without media has none in its bubble', () => {
  assert.deepEqual(bubbleParts(msg('plain', 5)).media, []);
  assert.deepEqual(bubbleParts(msg('plain', 5, { media: [] })).media, []);
});
