// The REST calls of the console, each with the signed-in person's access token. Every error becomes an ApiError
// whose message is the API's problem+json `detail` (or a sentence saying what failed), so that the pages can show
// it in words; a 401 (the session ended) also sends the browser back to the sign-in page.
import { config } from './config.js';
import { authHeaders, signInAgain } from './auth.js';

export class ApiError extends Error {
  constructor(status, message, problem = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

async function request(base, path, { method = 'GET', body, headers = {}, what = 'the request', as = 'json' } = {}) {
  // A file is whatever type the carrier gave it; its errors still come as problem+json.
  const accept = as === 'blob' ? '*/*' : 'application/json';
  const init = { method, headers: { Accept: accept, ...headers, ...authHeaders() } };
  if (body !== undefined) {
    init.headers['Content-Type'] ??= 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(base + path, init);
  } catch {
    throw new ApiError(0, `Could not reach the server for ${what}: check your connection and try again.`);
  }
  if (response.status === 401) {
    signInAgain();
    throw new ApiError(401, 'Your session has ended: taking you to the sign-in page…');
  }
  if (response.status === 204) return null;
  // A file (an MMS item) comes back as a Blob; its errors are problem+json like any other.
  if (as === 'blob' && response.ok) return response.blob();
  const type = response.headers.get('Content-Type') ?? '';
  const payload = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const detail = payload?.detail || payload?.title;
    const message = detail
      ? detail
      : `${capitalise(what)} failed (HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}).`;
    throw new ApiError(response.status, message, payload);
  }
  return payload;
}

function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const enc = encodeURIComponent;

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const contactsApi = {
  list: ({ q, type, page = 0, size = 50, sort } = {}) =>
    request(config.contactsUrl, `/api/contacts${query({ q, type, page, size, sort })}`, {
      what: 'loading the contacts',
    }),
  get: (id) => request(config.contactsUrl, `/api/contacts/${enc(id)}`, { what: 'loading the contact' }),
  create: (contact) =>
    request(config.contactsUrl, '/api/contacts', { method: 'POST', body: contact, what: 'creating the contact' }),
  activities: (id, { page = 0, size = 20 } = {}) =>
    request(config.contactsUrl, `/api/contacts/${enc(id)}/activities${query({ page, size })}`, {
      what: 'loading the activity timeline',
    }),
  /** Only the members given change (JSON merge patch); a member set to null is cleared. */
  update: (id, changes) =>
    request(config.contactsUrl, `/api/contacts/${enc(id)}`, {
      method: 'PATCH',
      body: changes,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      what: 'saving the contact',
    }),
  remove: (id) =>
    request(config.contactsUrl, `/api/contacts/${enc(id)}`, { method: 'DELETE', what: 'deleting the contact' }),
  addNote: (id, body) =>
    request(config.contactsUrl, `/api/contacts/${enc(id)}/notes`, {
      method: 'POST',
      body: { body },
      what: 'adding the note',
    }),
  byPhone: (phone) =>
    request(config.contactsUrl, `/api/contacts/by-phone/${enc(phone)}`, { what: 'finding the contact' }),
  /** The contacts of up to 100 numbers in one request; a number without a contact is left out. */
  byPhones: (phones) => {
    const q = new URLSearchParams();
    for (const p of phones) q.append('phone', p);
    return request(config.contactsUrl, `/api/contacts/by-phones?${q}`, { what: 'loading the contacts’ names' }).then(
      (res) => res?.items ?? res?.contacts ?? [],
    );
  },
};

export const gatewayApi = {
  /** sendAt (ISO with offset) schedules the text; without it, it goes now. fields: merge values for the body. */
  send: ({ to, body, contactId, fields, sendAt }, idempotencyKey) =>
    request(config.gatewayUrl, '/api/messages', {
      method: 'POST',
      body: { to, body, contactId, ...(fields ? { fields } : {}), ...(sendAt ? { sendAt } : {}) },
      headers: { 'Idempotency-Key': idempotencyKey },
      what: sendAt ? 'scheduling the text' : 'sending the text',
    }),
  message: (id) => request(config.gatewayUrl, `/api/messages/${enc(id)}`, { what: 'loading the text' }),
  cancel: (id) =>
    request(config.gatewayUrl, `/api/messages/${enc(id)}/cancel`, { method: 'POST', what: 'canceling the text' }),
  conversation: (phone, { before, limit = 20 } = {}) =>
    request(config.gatewayUrl, `/api/conversations/${enc(phone)}/messages${query({ before, limit })}`, {
      what: 'loading the conversation',
    }),
  optOut: (phone) => request(config.gatewayUrl, `/api/opt-outs/${enc(phone)}`, { what: 'checking the opt-out list' }),
  /** An admin lifts an opt-out by hand; the reason is kept with their name. */
  liftOptOut: (phone, reason) =>
    request(config.gatewayUrl, `/api/opt-outs/${enc(phone)}/lift`, {
      method: 'POST',
      body: { reason },
      what: 'lifting the opt-out',
    }),
  streamUrl: (phone) => `${config.gatewayUrl}/api/conversations/${enc(phone)}/stream`,
  /** The inbox: one row per number, newest activity first; unread: only those with texts the caller has not read. */
  conversations: ({ cursor, limit = 30, unread } = {}) =>
    request(config.gatewayUrl, `/api/conversations${query({ cursor, limit, unread: unread ? 'true' : undefined })}`, {
      what: 'loading the inbox',
    }),
  markRead: (phone, upTo) =>
    request(config.gatewayUrl, `/api/conversations/${enc(phone)}/read`, {
      method: 'POST',
      body: { upTo },
      what: 'marking the conversation read',
    }),
  inboxStreamUrl: () => `${config.gatewayUrl}/api/conversations/stream`,
  /** An MMS item (its url as the message gives it, /api/messages/{id}/media/{n}) as a Blob, with the token. */
  media: (url) => {
    // Only the gateway's own media path: the bearer token never goes to an address a message carries.
    if (!/^\/api\/messages\/[^/?#]+\/media\/\d+$/.test(String(url)))
      return Promise.reject(new ApiError(0, 'This attachment has no address the console can load.'));
    return request(config.gatewayUrl, url, { as: 'blob', what: 'loading the attachment' });
  },
};

export const campaignsApi = {
  list: ({ cursor, limit = 25 } = {}) =>
    request(config.gatewayUrl, `/api/campaigns${query({ cursor, limit })}`, { what: 'loading the campaigns' }),
  get: (id) => request(config.gatewayUrl, `/api/campaigns/${enc(id)}`, { what: 'loading the campaign' }),
  /** {name, body, sendAt?, recipients: [{to, contactId?, fields?}]}: a draft (the console starts it after review). */
  create: (campaign, idempotencyKey) =>
    request(config.gatewayUrl, '/api/campaigns', {
      method: 'POST',
      body: campaign,
      headers: { 'Idempotency-Key': idempotencyKey },
      what: 'creating the campaign',
    }),
  addRecipients: (id, recipients) =>
    request(config.gatewayUrl, `/api/campaigns/${enc(id)}/recipients`, {
      method: 'POST',
      body: { recipients },
      what: 'adding the recipients',
    }),
  /** action: start, pause, resume or cancel. */
  act: (id, action) =>
    request(config.gatewayUrl, `/api/campaigns/${enc(id)}/${enc(action)}`, {
      method: 'POST',
      what: `${ACTION_WORDS[action] ?? action} the campaign`,
    }),
  recipients: (id, { status, cursor, limit = 50 } = {}) =>
    request(config.gatewayUrl, `/api/campaigns/${enc(id)}/recipients${query({ status, cursor, limit })}`, {
      what: 'loading the recipients',
    }),
  streamUrl: (id) => `${config.gatewayUrl}/api/campaigns/${enc(id)}/stream`,
};

const ACTION_WORDS = { start: 'starting', pause: 'pausing', resume: 'resuming', cancel: 'canceling' };

/** A random UUID, also where crypto.randomUUID is missing (plain http on a host other than localhost). */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
