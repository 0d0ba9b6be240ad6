// The console's live stream over fetch (js/sse.js): the text/event-stream parser, Retry-After, the backoff, and the
// reconnecting client driven by a fake fetch (no network, no timers: its sleep is recorded and returns at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffMs,
  connectEventStream,
  createSseParser,
  retryAfterMs,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/sse.js';

function parse(chunks) {
  const events = [];
  const retries = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) });
  for (const c of chunks) parser.push(c);
  return { events, retries, lastEventId: parser.lastEventId() };
}

const ev = (data, type = 'message', lastEventId = '') => ({ type, data, lastEventId });

const tables = [
  // name, chunks, expected events
  [
    'one event with a name, an id and data',
    ['event: message\nid: m1:queued\ndata: {"id":"m1"}\n\n'],
    [ev('{"id":"m1"}', 'message', 'm1:queued')],
  ],
  ['an event without a name is a "message"', ['data: hi\n\n'], [ev('hi')]],
  ['several data lines join with a line feed', ['data: one\ndata: two\ndata:\n\n'], [ev('one\ntwo\n')]],
  ['only one space after the colon is removed', ['data:  two spaces\n\n'], [ev(' two spaces')]],
  ['no space after the colon', ['data:tight\n\n'], [ev('tight')]],
  ['a field with no colon has an empty value', ['data\n\n'], [ev('')]],
  ['CRLF line ends', ['event: message\r\ndata: a\r\n\r\n'], [ev('a')]],
  ['lone CR line ends', ['data: a\r\rdata: b\r\r'], [ev('a'), ev('b')]],
  ['a CRLF split between two chunks is one line end', ['data: a\r', '\n\r', '\ndata: b\n\n'], [ev('a'), ev('b')]],
  ['a line split across chunks', ['da', 'ta: hel', 'lo\n', '\n'], [ev('hello')]],
  ['one character at a time', [...'event: x\ndata: 1\n\n'], [ev('1', 'x')]],
  ['comments (keep-alives) are ignored', [': ping\n\n: another\ndata: a\n\n'], [ev('a')]],
  ['a blank line with no data dispatches nothing and resets the name', ['event: x\n\ndata: a\n\n'], [ev('a')]],
  ['unknown fields are ignored', ['foo: bar\ndata: a\n\n'], [ev('a')]],
  [
    'the id stays for the next events until a new one',
    ['id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n'],
    [ev('a', 'message', '1'), ev('b', 'message', '1'), ev('c', 'message', '2')],
  ],
  [
    'an id with a NUL is ignored',
    ['id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n'],
    [ev('a', 'message', '1'), ev('b', 'message', '1')],
  ],
  ['an empty id clears it', ['id: 1\ndata: a\n\nid\ndata: b\n\n'], [ev('a', 'message', '1'), ev('b')]],
  ['an unfinished event at the end is not dispatched', ['data: a\n\ndata: b\n'], [ev('a')]],
  [
    'text that is not UTF-8-safe JSON still arrives as text',
    ['data: 🎉 “quotes” \\u0000\n\n'],
    [ev('🎉 “quotes” \\u0000')],
  ],
];
for (const [name, chunks, expected] of tables) {
  test(`SSE parser: ${name}`, () => assert.deepEqual(parse(chunks).events, expected));
}

test('SSE parser: retry takes digits only', () => {
  assert.deepEqual(parse(['retry: 2500\n', 'retry: 1.5\n', 'retry: x\n', 'retry: 10\n']).retries, [2500, 10]);
});

test('SSE parser: the last id is kept even when no event carried it', () => {
  assert.equal(parse(['id: 7\n']).lastEventId, '7');
});

const retryAfters = [
  ['seconds', '5', 5000],
  ['zero', '0', 0],
  ['padded seconds', ' 12 ', 12000],
  ['an HTTP date 30 s ahead', new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), 30000],
  ['a date in the past is no wait', new Date(Date.UTC(2029, 0, 1)).toUTCString(), 0],
  ['absent', null, null],
  ['unreadable', 'soon', null],
  ['negative is not seconds', '-5', null],
];
for (const [name, value, expected] of retryAfters) {
  test(`Retry-After: ${name}`, () => assert.equal(retryAfterMs(value, Date.UTC(2030, 0, 1)), expected));
}

test('backoff doubles from the minimum up to the maximum, with at least half of each step', () => {
  const low = (n) => backoffMs(n, { minMs: 1000, maxMs: 30000, random: () => 0 });
  const high = (n) => backoffMs(n, { minMs: 1000, maxMs: 30000, random: () => 1 });
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map(high), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.deepEqual([0, 1, 2, 5].map(low), [500, 1000, 2000, 15000]);
});

// A fake fetch that answers each attempt from a list, and records what each request carried.
function fakeServer(answers) {
  const requests = [];
  const fetchImpl = async (url, init) => {
    requests.push({ url, headers: { ...init.headers } });
    const next = answers.shift();
    if (!next) {
      // No more answers: hang until the client closes (as an open stream would).
      return new Promise((resolve, reject) =>
        init.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    }
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetchImpl, requests };
}

const stream = (text) => new Response(text, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });

const problem = (status, detail, headers = {}) =>
  new Response(JSON.stringify({ status, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });

/** Runs the client until `done(log)` says so (or 2 s pass), then closes it. */
async function run(answers, done, options = {}) {
  const server = fakeServer(answers);
  const log = { events: [], states: [], sleeps: [], opens: 0, unauthorized: 0 };
  let token = 0;
  const client = connectEventStream('https://gw.example/api/conversations/%2B1/stream', {
    headers: async () => ({ Authorization: `Bearer token-${++token}` }),
    onOpen: () => log.opens++,
    onEvent: (e) => log.events.push(e),
    onState: (state, detail) => log.states.push([state, detail]),
    onUnauthorized: () => log.unauthorized++,
    fetchImpl: server.fetchImpl,
    sleep: async (ms) => log.sleeps.push(ms),
    random: () => 1,
    ...options,
  });
  const deadline = Date.now() + 2000;
  while (!done(log, server.requests) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  client.close();
  return { log, requests: server.requests };
}

test('stream client: sends the bearer token and asks for an event stream; delivers the events', async () => {
  const { log, requests } = await run(
    [stream('event: message\nid: a:queued\ndata: {"id":"a"}\n\n')],
    (l) => l.events.length === 1,
  );
  assert.equal(requests[0].headers.Authorization, 'Bearer token-1');
  assert.equal(requests[0].headers.Accept, 'text/event-stream');
  assert.equal(requests[0].headers['Last-Event-ID'], undefined, 'no Last-Event-ID on the first connect');
  assert.deepEqual(log.events, [ev('{"id":"a"}', 'message', 'a:queued')]);
  assert.equal(log.opens, 1);
});

test('stream client: reconnects after the stream ends, with a fresh token and the Last-Event-ID', async () => {
  const { log, requests } = await run(
    [stream('id: a:queued\ndata: 1\n\nid: a:sent\ndata: 2\n\n'), stream('data: 3\n\n')],
    (l, r) => r.length === 3,
  );
  assert.equal(requests[1].headers['Last-Event-ID'], 'a:sent');
  assert.equal(requests[1].headers.Authorization, 'Bearer token-2', 'each attempt asks for the current token');
  assert.equal(requests[2].headers['Last-Event-ID'], 'a:sent', 'an event without an id keeps the last one');
  assert.deepEqual(
    log.events.map((e) => e.data),
    ['1', '2', '3'],
  );
  assert.equal(log.opens, 2);
  assert.equal(log.states[0][0], 'reconnecting');
});

test('stream client: a 503 waits its Retry-After, then connects', async () => {
  const { log, requests } = await run(
    [problem(503, 'Too many live streams', { 'Retry-After': '7' }), stream('data: ok\n\n')],
    (l) => l.events.length === 1,
  );
  assert.equal(log.sleeps[0], 7000);
  assert.deepEqual(log.states[0], ['reconnecting', 7000]);
  assert.equal(requests.length >= 2, true);
  assert.deepEqual(
    log.events.map((e) => e.data),
    ['ok'],
  );
});

test('stream client: a 503 without a readable Retry-After backs off', async () => {
  const { log } = await run([problem(503, 'busy'), stream('data: ok\n\n')], (l) => l.events.length === 1);
  assert.equal(log.sleeps[0], 1000);
});

test('stream client: network errors back off exponentially', async () => {
  const down = () => new TypeError('Failed to fetch');
  const { log } = await run([down(), down(), down(), down(), stream('data: back\n\n')], (l) => l.events.length === 1);
  assert.deepEqual(log.sleeps.slice(0, 4), [1000, 2000, 4000, 8000]);
  assert.deepEqual(
    log.events.map((e) => e.data),
    ['back'],
  );
});

test('stream client: a stream that keeps ending at once is backed off too (no request loop)', async () => {
  const { log } = await run([stream(''), stream(''), stream(''), stream('')], (l, r) => r.length === 5);
  assert.deepEqual(log.sleeps.slice(0, 4), [1000, 2000, 4000, 8000]);
});

test("stream client: the server's retry: sets the wait after a stream ends", async () => {
  const { log } = await run([stream('retry: 2500\ndata: a\n\n'), stream('data: b\n\n')], (l) => l.events.length === 2);
  assert.equal(log.sleeps[0], 2500);
});

test('stream client: a 401 stops it and hands over to sign-in', async () => {
  const { log, requests } = await run(
    [problem(401, 'Sign in'), stream('data: never\n\n')],
    (l) => l.unauthorized === 1,
  );
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(log.unauthorized, 1);
  assert.equal(requests.length, 1, 'no retry with a token the server refused');
  assert.deepEqual(log.events, []);
});

test('stream client: a 403 stops it with the reason', async () => {
  const { log, requests } = await run([problem(403, 'This needs the role sms-viewer')], (l) => l.states.length === 1);
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(log.states, [['off', 'This needs the role sms-viewer']]);
  assert.equal(requests.length, 1);
  assert.equal(log.unauthorized, 0);
});

test('stream client: an answer that is not an event stream stops it', async () => {
  const html = new Response('<html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
  const { log } = await run([html], (l) => l.states.length === 1);
  assert.equal(log.states[0][0], 'off');
  assert.match(log.states[0][1], /not an event stream \(text\/html\)/);
});

test('stream client: close() ends it and nothing is reported after', async () => {
  const server = fakeServer([]);
  const states = [];
  const client = connectEventStream('https://gw.example/s', {
    fetchImpl: server.fetchImpl,
    onState: (s) => states.push(s),
    sleep: async () => {},
  });
  await new Promise((r) => setTimeout(r, 20));
  client.close();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(server.requests.length, 1);
  assert.deepEqual(states, []);
});
