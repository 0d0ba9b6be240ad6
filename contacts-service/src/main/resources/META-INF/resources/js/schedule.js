// Times to send at, between a <input type="datetime-local"> (a wall-clock time with no zone, "2026-12-02T09:30")
// and the gateway's sendAt (ISO-8601 with an offset, "2026-12-02T09:30:00-05:00"). The offset is the browser's own
// at that date (so a time after a daylight-saving change gets the offset of that day), and the gateway allows from
// 1 minute to 35 days ahead. Pure functions, no DOM (e2e/unit/schedule.test.js; its tests set TZ).

export const MIN_AHEAD_MS = 60_000;
export const MAX_AHEAD_MS = 35 * 24 * 60 * 60_000;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const pad = (n, width = 2) => String(Math.trunc(n)).padStart(width, '0');

/** "2026-12-02T09:30:00-05:00": the date's wall-clock time in the browser's zone, with that zone's offset then. */
export function isoWithOffset(date) {
  const offset = -date.getTimezoneOffset(); // minutes east of UTC
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(abs / 60)}:${pad(abs % 60)}`
  );
}

/**
 * The Date a datetime-local value names in the browser's zone, or null for a value that is not one. A time that
 * does not exist there (skipped when the clocks go forward) is the one the browser moves it to.
 */
export function parseLocalDateTime(value) {
  const m = LOCAL.exec(String(value ?? '').trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(year, month - 1, day, hour, minute, second);
  // 2026-02-31 would roll over into March: not a date.
  if (Number.isNaN(date.getTime()) || date.getDate() !== day || date.getMonth() !== month - 1) return null;
  return date;
}

/** sendAt for a datetime-local value: ISO with the browser's offset, or null. */
export function localDateTimeToIso(value) {
  const date = parseLocalDateTime(value);
  return date ? isoWithOffset(date) : null;
}

/** A datetime-local value ("2026-12-02T09:30") for an instant, in the browser's zone (for min, max and defaults). */
export function toLocalInputValue(date) {
  const d = date instanceof Date ? date : new Date(date);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Why a datetime-local value cannot be a sendAt now (as the gateway would refuse it), or null when it can. */
export function sendAtProblem(value, now = new Date()) {
  if (String(value ?? '').trim() === '') return 'Choose the date and time to send at.';
  const date = parseLocalDateTime(value);
  if (!date) return 'Enter a date and time, e.g. 2026-12-02 09:30.';
  const ahead = date.getTime() - now.getTime();
  if (ahead < MIN_AHEAD_MS) return 'Choose a time at least a minute from now.';
  if (ahead > MAX_AHEAD_MS) return 'Choose a time at most 35 days from now.';
  return null;
}

/** "UTC−05:00" for the browser's offset at a date, as a hint next to the field. */
export function offsetLabel(date = new Date()) {
  const iso = isoWithOffset(date);
  return `UTC${iso.slice(-6).replace('-', '\u2212')}`;
}
