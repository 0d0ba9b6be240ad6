// Display helpers: dates, names, labels. No DOM.

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const fullDate = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function startOfDay(d) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "10:42 AM", "Yesterday 10:42 AM", "Nov 23, 10:42 AM" or "Nov 23, 2025" for older years. */
export function shortDateTime(iso, now = new Date()) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const days = Math.round((startOfDay(now) - startOfDay(d)) / 86_400_000);
  if (days === 0) return time.format(d);
  if (days === 1) return `Yesterday ${time.format(d)}`;
  if (d.getFullYear() !== now.getFullYear()) return fullDate.format(d);
  return dayAndTime.format(d);
}

export function fullDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : full.format(d);
}

export function contactName(c) {
  const name = c.displayName || [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || c.phoneDisplay || c.phoneE164 || c.phone || c.email || 'Unnamed contact';
}

export function contactPhone(c) {
  return c.phoneDisplay || c.phoneE164 || c.phone || '';
}

/**
 * A number for people, as contacts-service's phoneDisplay writes it: "(239) 426-7058" for a North American
 * number, the E.164 form ("+447700900123") for any other, what was given when it is not E.164 at all.
 */
export function formatPhone(e164) {
  const s = String(e164 ?? '');
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(s);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : s;
}

/** What a content type is, in the words of a preview or an alt text: Photo, Video, Audio or File. */
export function mediaLabel(contentType) {
  const type = String(contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'Photo';
  if (type.startsWith('video/')) return 'Video';
  if (type.startsWith('audio/')) return 'Audio';
  return 'File';
}

export function humanise(word) {
  if (!word) return '';
  const s = String(word).replace(/[_-]+/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const STATUS_LABELS = {
  accepted: 'Queued',
  scheduled: 'Scheduled',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Undelivered',
  failed: 'Failed',
  read: 'Read',
  canceled: 'Canceled',
  partially_delivered: 'Partially delivered',
  received: 'Received',
  receiving: 'Receiving',
  unknown: 'Outcome unknown',
};

export function statusLabel(status) {
  return STATUS_LABELS[status] ?? humanise(status);
}

export function isFailure(status) {
  return status === 'failed' || status === 'undelivered' || status === 'canceled';
}

// Twilio's error codes that a salesperson meets most, in words, for when the carrier sends no message.
const TWILIO_ERRORS = {
  21211: "The 'To' number is not a valid phone number",
  21408: 'Texting this region is not enabled for the account',
  21610: 'The recipient has unsubscribed (replied STOP)',
  21612: 'This number cannot be reached from the sending number',
  21614: 'The number is not a mobile number',
  21617: 'The text is too long',
  30003: 'The handset is unreachable',
  30004: 'The message was blocked',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Filtered by the carrier',
  30008: 'Unknown error from the carrier',
};

/** "Landline or unreachable carrier (error 30006)"; the carrier's own message first when there is one. */
export function failureReason(message) {
  const code = message.errorCode;
  const text = message.errorMessage || (code != null ? TWILIO_ERRORS[code] : null);
  if (text && code != null) return `${text} (error ${code})`;
  if (text) return text;
  if (code != null) return `Error ${code}`;
  return 'No reason given';
}
