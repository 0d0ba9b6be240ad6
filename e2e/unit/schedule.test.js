// Times to send at (js/schedule.js): a datetime-local value (a wall-clock time without a zone) becomes the ISO-8601
// sendAt with the browser's offset on that date. Each test sets the process's time zone (TZ), as a browser in that
// zone would be; Node applies a new TZ at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isoWithOffset,
  localDateTimeToIso,
  offsetLabel,
  parseLocalDateTime,
  sendAtProblem,
  toLocalInputValue,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/schedule.js';

const zoned = (tz, fn) => () => {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
};

const isos = [
  // name, zone, datetime-local value, sendAt, the instant it names
  ['New York in winter', 'America/New_York', '2026-12-02T09:30', '2026-12-02T09:30:00-05:00', '2026-12-02T14:30:00Z'],
  ['New York in summer', 'America/New_York', '2026-07-01T09:30', '2026-07-01T09:30:00-04:00', '2026-07-01T13:30:00Z'],
  [
    'the day the clocks go back, after the change',
    'America/New_York',
    '2026-11-01T09:00',
    '2026-11-01T09:00:00-05:00',
    '2026-11-01T14:00:00Z',
  ],
  [
    'a time skipped when the clocks go forward is the one the browser moves it to',
    'America/New_York',
    '2026-03-08T02:30',
    '2026-03-08T03:30:00-04:00',
    '2026-03-08T07:30:00Z',
  ],
  ['half an hour east', 'Asia/Kolkata', '2026-12-02T09:30', '2026-12-02T09:30:00+05:30', '2026-12-02T04:00:00Z'],
  ['half an hour west', 'America/St_Johns', '2026-12-02T09:30', '2026-12-02T09:30:00-03:30', '2026-12-02T13:00:00Z'],
  ['UTC is +00:00, not Z', 'UTC', '2026-12-02T09:30', '2026-12-02T09:30:00+00:00', '2026-12-02T09:30:00Z'],
  [
    'east of UTC, past midnight there',
    'Pacific/Auckland',
    '2026-12-02T00:15',
    '2026-12-02T00:15:00+13:00',
    '2026-12-01T11:15:00Z',
  ],
  [
    'with seconds (a datetime-local with step)',
    'UTC',
    '2026-12-02T09:30:15',
    '2026-12-02T09:30:15+00:00',
    '2026-12-02T09:30:15Z',
  ],
];
for (const [name, tz, value, iso, instant] of isos) {
  test(
    `sendAt: ${name}`,
    zoned(tz, () => {
      assert.equal(localDateTimeToIso(value), iso);
      assert.equal(new Date(iso).toISOString(), new Date(instant).toISOString(), 'the same instant');
    }),
  );
}

const invalid = [
  ['empty', ''],
  ['not a date', 'tomorrow'],
  ['a space instead of T', '2026-12-02 09:30'],
  ['a date only', '2026-12-02'],
  ['the 31st of February', '2026-02-31T10:00'],
  ['month 13', '2026-13-01T10:00'],
  ['hour 24', '2026-12-02T24:00'],
  ['minute 60', '2026-12-02T10:60'],
  ['undefined', undefined],
];
for (const [name, value] of invalid) {
  test(
    `sendAt of an invalid value (${name}) is null`,
    zoned('America/New_York', () => {
      assert.equal(localDateTimeToIso(value), null);
      assert.equal(parseLocalDateTime(value), null);
    }),
  );
}

test(
  'an instant as a datetime-local value and back, in the browser zone',
  zoned('Asia/Kolkata', () => {
    const at = new Date('2026-12-02T04:00:59Z');
    assert.equal(toLocalInputValue(at), '2026-12-02T09:30');
    assert.equal(localDateTimeToIso(toLocalInputValue(at)), '2026-12-02T09:30:00+05:30');
    assert.equal(isoWithOffset(at), '2026-12-02T09:30:59+05:30');
  }),
);

const now = new Date('2026-12-01T12:00:00Z');
const problems = [
  // name, value (UTC zone), problem or null
  ['blank', '', /^Choose the date and time/],
  ['not a time', 'soon', /^Enter a date and time/],
  ['in the past', '2026-12-01T11:00', /at least a minute from now/],
  ['less than a minute ahead', '2026-12-01T12:00', /at least a minute from now/],
  ['a minute ahead', '2026-12-01T12:01', null],
  ['an hour ahead', '2026-12-01T13:00', null],
  ['35 days ahead', '2027-01-05T12:00', null],
  ['35 days and a minute ahead', '2027-01-05T12:01', /at most 35 days from now/],
];
for (const [name, value, expected] of problems) {
  test(
    `send at ${name}: ${expected ?? 'allowed'}`,
    zoned('UTC', () => {
      const problem = sendAtProblem(value, now);
      if (expected === null) assert.equal(problem, null);
      else assert.match(problem ?? '', expected);
    }),
  );
}

test(
  'the offset as a hint says UTC and the offset, with a minus sign',
  zoned('America/New_York', () => {
    assert.equal(offsetLabel(new Date('2026-12-02T12:00:00Z')), 'UTC\u221205:00');
    assert.equal(offsetLabel(new Date('2026-07-02T12:00:00Z')), 'UTC\u221204:00');
  }),
);
