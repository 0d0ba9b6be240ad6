// How a text will travel as SMS: its encoding, its length in characters and the number of segments the carrier
// bills. Pure functions, no DOM, so that node's test runner checks them (e2e/unit/segments.test.js).
//
// GSM-7 (3GPP TS 23.038) packs 160 septets in one segment, 153 per segment once the text is split (the user data
// header takes the rest). Characters of the extension table are sent as ESC + character and count twice.
// A single character outside both tables turns the whole text into UCS-2: 70 code units in one segment, 67 per
// segment once split; a character outside the Basic Multilingual Plane (most emoji) takes two units.
// A character (an escape pair, a surrogate pair) is never split across two segments, as the gateway counts.
// The limit of 1600 characters is Twilio's, counted in characters (code points), as the gateway counts them.

export const MAX_CHARACTERS = 1600;

export const GSM7 = 'GSM-7';
export const UCS2 = 'UCS-2';

const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);

const GSM7_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

const LIMITS = {
  [GSM7]: { single: 160, multi: 153 },
  [UCS2]: { single: 70, multi: 67 },
};

// Characters that people type or paste without knowing that they leave GSM-7: named, so that the warning can say
// which one it is even when it looks like a GSM-7 character (curly quotes) or is invisible (no-break space).
const NAMES = new Map([
  ['\u2018', 'left single quotation mark'],
  ['\u2019', 'right single quotation mark (curly apostrophe)'],
  ['\u201C', 'left double quotation mark'],
  ['\u201D', 'right double quotation mark'],
  ['\u2013', 'en dash'],
  ['\u2014', 'em dash'],
  ['\u2026', 'ellipsis'],
  ['\u00A0', 'no-break space'],
  ['\u2009', 'thin space'],
  ['\u200B', 'zero-width space'],
  ['\t', 'tab'],
  ['\u00B4', 'acute accent'],
  ['`', 'grave accent'],
  ['\u00E7', 'c with cedilla'],
]);

/** True when the character (one code point) is in the GSM-7 basic table or its extension table. */
export function isGsm7(ch) {
  return GSM7_BASIC.has(ch) || GSM7_EXTENSION.has(ch);
}

/** Septets a GSM-7 character takes: 2 for the extension table (ESC + character), else 1. */
export function gsm7Septets(ch) {
  return GSM7_EXTENSION.has(ch) ? 2 : 1;
}

/** "U+1F600" for a character. */
export function codePointLabel(ch) {
  return 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/** A human description of a character: its name when known, else the character itself, and its code point. */
export function describeCharacter(ch) {
  const name = NAMES.get(ch);
  const shown = name ? `${name} “${ch}”` : `“${ch}”`;
  return `${shown} (${codePointLabel(ch)})`;
}

/**
 * Segments needed for characters of the given weights (septets or UCS-2 code units each) in an encoding: one
 * segment when everything fits in a single one, else filled greedily without splitting a character.
 */
export function segmentCount(weights, encoding) {
  const { single, multi } = LIMITS[encoding];
  const total = weights.reduce((n, w) => n + w, 0);
  if (total === 0) return 0;
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const w of weights) {
    if (used + w > multi) {
      segments++;
      used = 0;
    }
    used += w;
  }
  return segments;
}

/**
 * Everything the compose counter shows about a text.
 *
 * @returns {{characters:number, maxCharacters:number, overLimit:boolean, encoding:string, units:number,
 *   segments:number, perSegment:number, remainingInSegment:number, unicodeCharacter:(null|{char:string,
 *   index:number, codePoint:string, description:string}), unicodeCharacters:string[]}}
 */
export function analyze(text) {
  const chars = Array.from(text ?? '');
  const nonGsm = [];
  let firstNonGsmIndex = -1;
  chars.forEach((ch, i) => {
    if (!isGsm7(ch)) {
      if (firstNonGsmIndex < 0) firstNonGsmIndex = i;
      if (!nonGsm.includes(ch)) nonGsm.push(ch);
    }
  });
  const encoding = nonGsm.length ? UCS2 : GSM7;
  // UCS-2 on the wire is UTF-16: a character outside the BMP is a surrogate pair, two units.
  const weights = chars.map((ch) => (encoding === GSM7 ? gsm7Septets(ch) : ch.length));
  const units = weights.reduce((n, w) => n + w, 0);
  const segments = segmentCount(weights, encoding);
  const { single, multi } = LIMITS[encoding];
  const perSegment = segments > 1 ? multi : single;
  const remainingInSegment = Math.max(0, segments === 0 ? single : segments * perSegment - units);
  const first = firstNonGsmIndex >= 0 ? chars[firstNonGsmIndex] : null;
  return {
    characters: chars.length,
    maxCharacters: MAX_CHARACTERS,
    overLimit: chars.length > MAX_CHARACTERS,
    encoding,
    units,
    segments,
    perSegment,
    remainingInSegment,
    unicodeCharacter: first
      ? {
          char: first,
          index: firstNonGsmIndex,
          codePoint: codePointLabel(first),
          description: describeCharacter(first),
        }
      : null,
    unicodeCharacters: nonGsm,
  };
}

/** The one-sentence warning shown when a character turns the text into Unicode, or null. */
export function unicodeWarning(analysis) {
  if (!analysis.unicodeCharacter) return null;
  const others = analysis.unicodeCharacters.length - 1;
  const more = others > 0 ? ` (and ${others} other character${others > 1 ? 's' : ''})` : '';
  return (
    `${capitalise(analysis.unicodeCharacter.description)}${more} is not in the GSM-7 alphabet: the whole text ` +
    `is sent as Unicode (UCS-2), 70 characters per segment instead of 160.`
  );
}

function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
