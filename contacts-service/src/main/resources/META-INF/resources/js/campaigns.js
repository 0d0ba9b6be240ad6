// Campaigns without the DOM: what a campaign's counts say, which buttons its status allows, the recipients made
// from contacts, and how they are split into requests the gateway takes. Pure functions
// (e2e/unit/campaigns.test.js); the pages are js/pages/campaigns.js, new-campaign.js and campaign.js.
import { contactMergeValues } from './merge.js';

const STATUS_LABELS = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  completed: 'Completed',
  canceled: 'Canceled',
};

export function campaignStatusLabel(status) {
  return STATUS_LABELS[status] ?? String(status ?? 'Unknown');
}

/** The lifecycle's transitions (the gateway answers 409 to any other): which buttons a status shows. */
export function campaignActions(status) {
  return {
    start: status === 'draft',
    pause: status === 'sending' || status === 'scheduled',
    resume: status === 'paused',
    cancel: status === 'draft' || status === 'scheduled' || status === 'sending' || status === 'paused',
  };
}

const COUNT_KEYS = ['total', 'queued', 'held', 'sent', 'delivered', 'undelivered', 'failed', 'skipped', 'canceled'];

/** The counts with every member a whole number (a missing or bad one is 0). */
export function normalCounts(counts) {
  const out = {};
  for (const key of COUNT_KEYS) {
    const v = Number(counts?.[key]);
    out[key] = Number.isFinite(v) && v > 0 ? Math.trunc(v) : 0;
  }
  return out;
}

/**
 * What the counts add up to: eligible (every recipient but the opted-out ones the gateway skips), waiting (queued
 * or held for quiet hours), handed to the carrier, settled (delivered, undelivered, failed or canceled) and the
 * share of the eligible texts settled, in whole percent.
 */
export function campaignProgress(counts) {
  const c = normalCounts(counts);
  const eligible = Math.max(0, c.total - c.skipped);
  const waiting = c.queued + c.held;
  const handedOver = c.sent + c.delivered + c.undelivered + c.failed;
  const settled = c.delivered + c.undelivered + c.failed + c.canceled;
  const percent = eligible === 0 ? 0 : Math.min(100, Math.floor((settled * 100) / eligible));
  return { ...c, eligible, waiting, handedOver, settled, percent };
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 recipients: 2 eligible, 1 opted out (skipped)": what a draft shows before it is sent. */
export function audienceSummary(counts) {
  const p = campaignProgress(counts);
  return `${plural(p.total, 'recipient')}: ${p.eligible} eligible, ${p.skipped} opted out (skipped)`;
}

/** One line for the list and the page: "2 of 2 delivered · 1 skipped", with the parts that are not zero. */
export function countsLine(counts) {
  const p = campaignProgress(counts);
  const parts = [`${p.delivered} of ${p.eligible} delivered`];
  if (p.sent) parts.push(`${p.sent} awaiting delivery`);
  if (p.queued) parts.push(`${p.queued} waiting`);
  if (p.held) parts.push(`${p.held} held for quiet hours`);
  if (p.undelivered + p.failed) parts.push(`${p.undelivered + p.failed} not delivered`);
  if (p.canceled) parts.push(`${p.canceled} canceled`);
  if (p.skipped) parts.push(`${p.skipped} skipped (opted out)`);
  return parts.join(' · ');
}

/** The rows of a campaign's counts table, in order: [{key, label, value}]. */
export function countRows(counts) {
  const p = campaignProgress(counts);
  return [
    ['total', 'Recipients', p.total],
    ['skipped', 'Opted out (skipped)', p.skipped],
    ['eligible', 'Eligible', p.eligible],
    ['queued', 'Waiting to send', p.queued],
    ['held', 'Held for quiet hours', p.held],
    ['sent', 'Sent, awaiting delivery', p.sent],
    ['delivered', 'Delivered', p.delivered],
    ['undelivered', 'Undelivered', p.undelivered],
    ['failed', 'Failed', p.failed],
    ['canceled', 'Canceled', p.canceled],
  ].map(([key, label, value]) => ({ key, label, value }));
}

/** Whether `incoming` replaces `known` (a late answer never takes the page back; equal times do replace it). */
export function newerCampaign(known, incoming) {
  if (!known) return true;
  const a = Date.parse(known.updatedAt ?? '');
  const b = Date.parse(incoming.updatedAt ?? '');
  return Number.isNaN(a) || Number.isNaN(b) || b >= a;
}

/**
 * A campaign's recipients from contacts (as GET /api/contacts answers them): one per phone number (the first
 * contact with it), contacts without a number left out, each with the fields its text is merged with.
 */
export function recipientsFromContacts(contacts) {
  const seen = new Set();
  const out = [];
  for (const c of contacts ?? []) {
    const to = c?.phoneE164;
    if (!to || seen.has(to)) continue;
    seen.add(to);
    out.push({ to, contactId: c.id ?? undefined, fields: contactMergeValues(c), name: c.displayName ?? null });
  }
  return out;
}

/** What the gateway is sent for a recipient (the console's own `name` stays behind). */
export function wireRecipient(r) {
  const out = { to: r.to };
  if (r.contactId) out.contactId = r.contactId;
  if (r.fields && Object.keys(r.fields).length) out.fields = r.fields;
  return out;
}

const utf8Length = (s) => new TextEncoder().encode(s).length;

/**
 * Splits recipients into requests: at most maxCount each (the gateway takes 10,000 per request) and at most
 * maxBytes of JSON each (its campaign routes take 4 MiB by default), the first one leaving room for `firstOverhead` bytes (the
 * campaign's name and text go with it). Every recipient is in exactly one chunk, in order; a chunk is never empty
 * unless there are no recipients at all ([[]]: the draft is still made).
 */
export function chunkRecipients(recipients, { maxCount = 10_000, maxBytes = 1_000_000, firstOverhead = 0 } = {}) {
  const chunks = [[]];
  let bytes = firstOverhead + utf8Length('{"recipients":[]}');
  for (const r of recipients ?? []) {
    const wire = wireRecipient(r);
    const size = utf8Length(JSON.stringify(wire)) + 1; // and its comma
    const current = chunks[chunks.length - 1];
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      chunks.push([wire]);
      bytes = utf8Length('{"recipients":[]}') + size;
    } else {
      current.push(wire);
      bytes += size;
    }
  }
  return chunks;
}
