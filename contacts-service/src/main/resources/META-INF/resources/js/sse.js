// Server-sent events over fetch. EventSource cannot send an Authorization header, so the live stream is a plain
// fetch with the bearer token, read as a stream and parsed here (the text/event-stream format of the HTML
// standard: `event:`, `data:`, `id:`, `retry:` lines, a blank line ends an event). Reconnects with backoff and
// Last-Event-ID, and waits as long as a 503's Retry-After asks (the gateway caps its open streams). No DOM.

/**
 * An incremental parser: push(text) as chunks arrive, in any split (a chunk may end inside a line, or between the
 * CR and LF of one line end). onEvent({type, data, lastEventId}) runs for each complete event; onRetry(ms) for a
 * valid `retry:` field. lastEventId: the id the previous connection ended with (it carries over, as in EventSource).
 */
export function createSseParser({ onEvent, onRetry = () => {}, lastEventId: initialId = '' }) {
  let buffer = '';
  let pendingCr = false; // the last chunk ended with CR: an LF at the start of the next one is the same line end
  let data = '';
  let hasData = false;
  let type = '';
  let lastEventId = initialId;

  function line(text) {
    if (text === '') {
      // A blank line ends the event; one without data is no event (the standard's "dispatch" step).
      if (hasData)
        onEvent({ type: type || 'message', data: data.endsWith('\n') ? data.slice(0, -1) : data, lastEventId });
      data = '';
      hasData = false;
      type = '';
      return;
    }
    if (text.startsWith(':')) return; // a comment, e.g. a keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') {
      data += `${value}\n`;
      hasData = true;
    } else if (field === 'id') {
      if (!value.includes('\0')) lastEventId = value;
    } else if (field === 'retry') {
      if (/^\d+$/.test(value)) onRetry(Number(value));
    }
    // Any other field is ignored, as the standard says.
  }

  return {
    push(chunk) {
      let text = chunk;
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      // What is left is an unfinished line; an unfinished event at the end of the stream is dropped.
      buffer = buffer.slice(start);
    },
    lastEventId: () => lastEventId,
  };
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value, now = Date.now()) {
  if (value == null) return null;
  const v = String(value).trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone takes "-5" as a year.
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Exponential backoff with jitter: attempt 0 waits about minMs, each next one twice as long, at most maxMs. */
export function backoffMs(attempt, { minMs = 1000, maxMs = 30000, random = Math.random } = {}) {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  // Half to all of the ceiling, so that many consoles dropped at once do not come back at the same instant.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How long a stream must have stayed open for its end to count as normal (the backoff starts again). */
const STABLE_MS = 30_000;

const sleepFor = (ms, signal) =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Keeps an event stream open until close(). Each attempt asks headers() for fresh headers (the current access
 * token), and sends Last-Event-ID once an event had an id.
 *   onOpen()                   a 200 text/event-stream answer: the stream is live
 *   onEvent({type, data, lastEventId})
 *   onState(state, detail)     'reconnecting' (with the wait in ms) or 'off' (it stopped, with the reason)
 *   onUnauthorized()           a 401: the token is no longer good; the stream stops (signing in again takes over)
 * A 503 (or 429) waits its Retry-After (or the backoff); other errors and a stream that ends reconnect with backoff; a
 * 204, a 403 or another 4xx stops it, as retrying cannot help.
 */
export function connectEventStream(
  url,
  {
    headers = async () => ({}),
    onOpen = () => {},
    onEvent = () => {},
    onState = () => {},
    onUnauthorized = () => {},
    fetchImpl = (...args) => fetch(...args),
    sleep = sleepFor,
    minDelayMs = 1000,
    maxDelayMs = 30000,
    random = Math.random,
  } = {},
) {
  const controller = new AbortController();
  const { signal } = controller;
  let lastEventId = '';
  let serverRetryMs = null;
  let openedAt = null; // when the current attempt's stream opened

  async function attempt() {
    const h = { Accept: 'text/event-stream', ...(await headers()) };
    if (lastEventId) h['Last-Event-ID'] = lastEventId;
    const response = await fetchImpl(url, { headers: h, signal });
    const type = response.headers.get('Content-Type') ?? '';
    if (response.status === 200 && type.startsWith('text/event-stream') && response.body) {
      onOpen();
      openedAt = Date.now();
      const parser = createSseParser({
        lastEventId,
        onEvent: (event) => {
          lastEventId = event.lastEventId;
          onEvent(event);
        },
        onRetry: (ms) => (serverRetryMs = ms),
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
      // An id given without an event still counts for the next Last-Event-ID.
      lastEventId = parser.lastEventId();
      return { outcome: 'ended' };
    }
    if (response.status === 204 || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
      if (response.status === 401) {
        await response.body?.cancel().catch(() => {});
        return { outcome: 'unauthorized' };
      }
      const problem = type.includes('json') ? await response.json().catch(() => null) : null;
      return {
        outcome: 'stop',
        status: response.status,
        reason: problem?.detail || problem?.title || `HTTP ${response.status}`,
      };
    }
    await response.body?.cancel().catch(() => {});
    if (response.status === 503 || response.status === 429) {
      return { outcome: 'busy', waitMs: retryAfterMs(response.headers.get('Retry-After')) };
    }
    if (response.status === 200)
      return { outcome: 'stop', reason: `the answer was not an event stream (${type || 'no type'})` };
    return { outcome: 'error' };
  }

  (async () => {
    let failures = 0;
    while (!signal.aborted) {
      let result;
      openedAt = null;
      try {
        result = await attempt();
      } catch (e) {
        if (signal.aborted) return;
        result = { outcome: 'error', error: e };
      }
      if (signal.aborted) return;
      if (result.outcome === 'unauthorized') {
        onState('off', 'signed out');
        onUnauthorized();
        return;
      }
      if (result.outcome === 'stop') {
        onState('off', result.reason);
        return;
      }
      // A stream that stayed open a while starts the backoff again (at the server's retry: when it gave one); one
      // that keeps ending at once is backed off like an error, so that it cannot become a request loop.
      if (openedAt !== null && Date.now() - openedAt >= STABLE_MS) failures = 0;
      let waitMs;
      if (failures === 0 && serverRetryMs != null && result.outcome !== 'busy') {
        waitMs = serverRetryMs;
        failures++;
      } else if (result.outcome === 'busy' && result.waitMs != null) {
        waitMs = Math.min(result.waitMs, 5 * 60_000);
        failures++;
      } else {
        waitMs = backoffMs(failures++, { minMs: minDelayMs, maxMs: maxDelayMs, random });
      }
      onState('reconnecting', waitMs);
      await sleep(waitMs, signal);
    }
  })();

  return {
    close() {
      controller.abort();
    },
  };
}
