// The conversation's bubbles without the DOM: their order, what each one shows, and which of them a change touches
// (js/conversation.js applies that to the page). A status event redraws one bubble, a new message adds one, and
// nothing else on the page is rebuilt. No DOM, so that these rules are unit-tested in Node.
import {
  fullDateTime,
  shortDateTime,
  statusLabel,
  isFailure,
  failureReason,
  formatPhone,
  mediaLabel,
} from './format.js';

/** The key of a message's bubble (ids are compared as text). */
export function bubbleKey(m) {
  return String(m.id);
}

/** Oldest first; the id breaks ties, so that every screen shows the same order. */
export function byTime(a, b) {
  return millis(a.createdAt) - millis(b.createdAt) || bubbleKey(a).localeCompare(bubbleKey(b));
}

/** Whether `incoming` replaces `known`: a late or replayed copy never takes a message back to an older state. */
export function supersedes(known, incoming) {
  return !known || millis(incoming.updatedAt) >= millis(known.updatedAt);
}

/** What a bubble shows, as text (null: that part is left out). */
export function bubbleParts(m, now = new Date()) {
  const outbound = m.direction !== 'inbound';
  const status = m.status ?? 'unknown';
  // A text canceled before it went out did not fail: it shows Canceled, with no reason to give.
  const canceled = outbound && status === 'canceled';
  const failed = outbound && isFailure(status) && !canceled;
  const sender = senderName(m);
  const schedule = outbound ? scheduleText(m, now) : null;
  return {
    key: bubbleKey(m),
    direction: outbound ? 'outbound' : 'inbound',
    className: `bubble ${outbound ? 'bubble-out' : 'bubble-in'}${failed ? ' bubble-failed' : ''}${canceled ? ' bubble-canceled' : ''}`,
    status,
    version: bubbleVersion(m),
    spoken: outbound ? 'You sent: ' : 'They sent: ',
    body: m.body ?? '',
    time: { datetime: m.createdAt ?? '', title: fullDateTime(m.createdAt), text: shortDateTime(m.createdAt, now) },
    statusText: outbound ? ` · ${statusLabel(status)}` : null,
    statusClass: `bubble-status status-${status}`,
    segmentsText: m.segments > 1 ? ` · ${m.segments} segments` : null,
    // A canceled text gives the gateway's note when there is one (who canceled it; a campaign text skipped for an
    // opt-out), as a note rather than a failure.
    errorText: failed ? failureReason(m) : canceled ? m.errorMessage || null : null,
    senderText: sender ? `sent by ${sender}` : null,
    // "Scheduled for 9:30 AM" or "Held until 8:00 AM", with its time; null when the text is not waiting.
    scheduleText: schedule?.text ?? null,
    scheduleTime: schedule?.at ? { datetime: schedule.at, title: fullDateTime(schedule.at) } : null,
    cancelable: schedule !== null,
    media: mediaParts(m),
  };
}

const EXTENSIONS = {
  'application/pdf': 'pdf',
  'text/vcard': 'vcf',
  'text/x-vcard': 'vcf',
  'text/plain': 'txt',
  'text/calendar': 'ics',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/mpeg': 'mp3',
  'audio/amr': 'amr',
  'audio/ogg': 'ogg',
};

/**
 * A text's MMS items as its bubble shows them: a photo (image/*) with its alt text ("Photo from (239) 426-7058"),
 * anything else as a file to download, with the words of its button and a name for the file saved.
 */
export function mediaParts(m) {
  const inbound = m.direction === 'inbound';
  const party = formatPhone(inbound ? m.from : m.to);
  return (m.media ?? []).map((item, i) => {
    const contentType = String(item.contentType ?? 'application/octet-stream').toLowerCase();
    const label = mediaLabel(contentType);
    const n = item.n ?? i;
    const ext = EXTENSIONS[contentType.split(';')[0].trim()];
    return {
      n,
      url: item.url,
      contentType,
      kind: label === 'Photo' ? 'image' : 'file',
      alt: party ? `${label} ${inbound ? 'from' : 'sent to'} ${party}` : label,
      linkText: `Download ${label.toLowerCase()} (${contentType})`,
      fileName: `text-${m.id ?? 'attachment'}-${n + 1}${ext ? `.${ext}` : ''}`,
    };
  });
}

/**
 * What a text that waits says: held for quiet hours ("Held until <time>", when heldUntil is set) or scheduled
 * ("Scheduled for <time>", its sendAt); null for any other. Only these may still be canceled from the bubble.
 */
export function scheduleText(m, now = new Date()) {
  if (m.direction === 'inbound' || m.status !== 'scheduled') return null;
  if (m.heldUntil) return { text: `Held until ${shortDateTime(m.heldUntil, now)}`, at: m.heldUntil };
  if (m.sendAt) return { text: `Scheduled for ${shortDateTime(m.sendAt, now)}`, at: m.sendAt };
  return { text: 'Scheduled', at: null };
}

/** Changes whenever anything a bubble shows does (a message's body and time never change). */
export function bubbleVersion(m) {
  return `${m.status ?? 'unknown'}|${m.updatedAt ?? ''}|${m.errorCode ?? ''}|${m.errorMessage ?? ''}|${senderName(m) ?? ''}|${m.sendAt ?? ''}|${m.heldUntil ?? ''}`;
}

/**
 * What to change so that the bubbles on the page show `messages`. `shown`: the bubbles on the page as
 * [{key, version}], in any order; `messages`: every message known, in any order. Returns {add, update}: `add` lists the new
 * bubbles oldest first as {key, before}, each to go right before the shown bubble `before` (null: at the end);
 * `update` the keys of the shown bubbles whose message changed since they were drawn. A message's createdAt never
 * changes, so a bubble on the page never has to move.
 */
export function planBubbles(shown, messages) {
  const versions = new Map(shown.map((b) => [b.key, b.version]));
  const ordered = [...messages].sort(byTime);
  const add = [];
  const update = [];
  let before = null;
  // From the newest back, so that each new bubble knows the shown one it goes before.
  for (let i = ordered.length - 1; i >= 0; i--) {
    const key = bubbleKey(ordered[i]);
    if (!versions.has(key)) {
      add.push({ key, before });
    } else {
      if (versions.get(key) !== bubbleVersion(ordered[i])) update.push(key);
      before = key;
    }
  }
  return { add: add.reverse(), update: update.reverse() };
}

function senderName(m) {
  return m.direction !== 'inbound' ? (m.sentBy?.name ?? null) : null;
}

function millis(iso) {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
