// The inbox without the DOM: which conversations the list shows and in what order, which copy of a conversation
// wins when pages, the unread tally and the live stream bring several, what a row's preview says, and the unread
// total of the page title (js/pages/inbox.js draws it). No DOM, so that these rules are unit-tested in Node.
import { mediaLabel } from './format.js';

/** Most recent activity first; the phone breaks ties, as the gateway orders them. */
export function compareConversations(a, b) {
  return millis(b.lastActivityAt) - millis(a.lastActivityAt) || String(a.phone).localeCompare(String(b.phone));
}

/**
 * The copy of one conversation to keep. A copy with older activity is a late or replayed one and loses. For the
 * same last message the unread count can only go down (the read marker never moves backwards, and a new text would
 * be a new last message): a copy that says more unread than the one known is older news about the reading.
 */
export function combine(known, incoming) {
  if (!known) return incoming;
  const k = millis(known.lastActivityAt);
  const i = millis(incoming.lastActivityAt);
  if (i < k) return known;
  if (i > k || known.lastMessage?.id !== incoming.lastMessage?.id) return incoming;
  if ((incoming.unreadCount ?? 0) > (known.unreadCount ?? 0))
    return { ...incoming, unreadCount: known.unreadCount, readUpTo: known.readUpTo };
  return incoming;
}

/**
 * A text's attachments in a word or two: "Photo", "2 photos", "Video", "3 attachments". `media` may be missing
 * (a conversation's lastMessage gives only mediaCount), which says "Attachment" rather than guess a kind.
 */
export function attachmentsLabel(media, count = media?.length ?? 0) {
  if (!count) return '';
  const labels = new Set((media ?? []).map((m) => mediaLabel(m.contentType)));
  const one = labels.size === 1 && (media?.length ?? 0) === count ? [...labels][0] : null;
  if (count === 1) return one ?? 'Attachment';
  return one && one !== 'Audio' ? `${count} ${one.toLowerCase()}s` : `${count} attachments`;
}

/** A row's preview: the text's start, or what it carries when it has no words; "You: " before a sent one. */
export function previewText(lastMessage) {
  if (!lastMessage) return 'No messages yet';
  const words = String(lastMessage.preview ?? lastMessage.body ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  const count = lastMessage.mediaCount ?? lastMessage.media?.length ?? 0;
  const text = words || attachmentsLabel(lastMessage.media, count) || 'Empty text';
  return lastMessage.direction === 'outbound' ? `You: ${text}` : text;
}

/** "1 unread", "12 unread"; null when there is none. */
export function unreadLabel(count) {
  return count > 0 ? `${count} unread` : null;
}

/** The page title with the unread total in front, "(3) Inbox · SMS console"; "(100+) …" when there may be more. */
export function titleWithUnread(base, total, more = false) {
  return total > 0 || more ? `(${total}${more ? '+' : ''}) ${base}` : base;
}

/**
 * What the inbox knows. addPage: a page of the list (its rows are listed, in the gateway's order); addTally: the
 * unread conversations asked for the title's total (known, not listed: they may be far down the list); apply: one
 * live event. rows() is what the list shows; a conversation the stream brings is listed when it falls within
 * what is loaded (always once every page is in), so that paging never leaves a hole in the list.
 */
export function createInboxState({ unreadOnly = false } = {}) {
  const known = new Map(); // phone -> the copy that won
  const listed = new Set(); // phones the list shows
  let nextCursor = null;
  let tallyMore = false;

  function put(conversation) {
    const before = known.get(conversation.phone);
    const now = combine(before, conversation);
    known.set(conversation.phone, now);
    return { before, now };
  }

  function visible(c) {
    return !unreadOnly || (c.unreadCount ?? 0) > 0;
  }

  function rows() {
    return [...listed]
      .map((phone) => known.get(phone))
      .filter(visible)
      .sort(compareConversations);
  }

  function fitsLoaded(c) {
    if (!nextCursor) return true;
    const loaded = rows();
    return loaded.length > 0 && compareConversations(c, loaded[loaded.length - 1]) <= 0;
  }

  return {
    addPage(items, cursor) {
      for (const c of items ?? []) {
        put(c);
        listed.add(c.phone);
      }
      nextCursor = cursor ?? null;
    },
    addTally(items, more) {
      for (const c of items ?? []) put(c);
      tallyMore = Boolean(more);
    },
    /**
     * One conversation from the stream. Returns {conversation, newText}: the copy kept, and whether the event is a
     * text that arrived (a new last message, received): the one the page announces.
     */
    apply(c) {
      const { before, now } = put(c);
      // A conversation never seen is new when it falls among the loaded ones: everything newer than the oldest
      // row loaded is known, so an unknown one there just started (an older one's opt-out change does not fit).
      const fits = fitsLoaded(now);
      const arrived = before
        ? before.lastMessage?.id !== c.lastMessage?.id && millis(c.lastActivityAt) > millis(before.lastActivityAt)
        : fits;
      const newText = now === c && c.lastMessage?.direction === 'inbound' && arrived;
      if (!listed.has(c.phone) && fits) listed.add(c.phone);
      return { conversation: now, newText };
    },
    rows,
    get: (phone) => known.get(phone) ?? null,
    nextCursor: () => nextCursor,
    /** The unread total over every conversation known, and whether there may be more than counted. */
    unread: () => ({
      total: [...known.values()].reduce((sum, c) => sum + Math.max(0, c.unreadCount ?? 0), 0),
      more: tallyMore,
    }),
    phones: () => [...known.keys()],
  };
}

function millis(iso) {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
