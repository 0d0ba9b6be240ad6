// Table-driven tests of the console's SMS counter (encoding, characters, segments). Run: node --test e2e/unit/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze,
  segmentCount,
  unicodeWarning,
  MAX_CHARACTERS,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/segments.js';

const cases = [
  // name, text, expected encoding, characters, units, segments
  ['empty text', '', 'GSM-7', 0, 0, 0],
  ['one GSM-7 character', 'a', 'GSM-7', 1, 1, 1],
  ['160 GSM-7 characters fill one segment', 'a'.repeat(160), 'GSM-7', 160, 160, 1],
  ['161 GSM-7 characters need two segments of 153', 'a'.repeat(161), 'GSM-7', 161, 161, 2],
  ['306 GSM-7 characters fill two segments', 'a'.repeat(306), 'GSM-7', 306, 306, 2],
  ['307 GSM-7 characters need three segments', 'a'.repeat(307), 'GSM-7', 307, 307, 3],
  ['GSM-7 accented letters of the basic table stay GSM-7', 'Hé à ñ Ü ß É', 'GSM-7', 12, 12, 1],
  ['newline and carriage return are GSM-7', 'a\r\nb', 'GSM-7', 4, 4, 1],
  ['an extension character counts twice', '€', 'GSM-7', 1, 2, 1],
  ['every extension character counts twice', '^{}\\[~]|€', 'GSM-7', 9, 18, 1],
  ['80 euro signs are 160 septets: one segment', '€'.repeat(80), 'GSM-7', 80, 160, 1],
  ['81 euro signs are 162 septets: two segments', '€'.repeat(81), 'GSM-7', 81, 162, 2],
  ['159 letters and one brace are 161 septets', 'a'.repeat(159) + '{', 'GSM-7', 160, 161, 2],
  ['one emoji makes the text Unicode, two UTF-16 units', '😀', 'UCS-2', 1, 2, 1],
  ['Hello plus an emoji', 'Hello 👋', 'UCS-2', 7, 8, 1],
  ['70 Unicode characters fill one segment', 'ж'.repeat(70), 'UCS-2', 70, 70, 1],
  ['71 Unicode characters need two segments of 67', 'ж'.repeat(71), 'UCS-2', 71, 71, 2],
  ['134 Unicode characters fill two segments', 'ж'.repeat(134), 'UCS-2', 134, 134, 2],
  ['135 Unicode characters need three segments', 'ж'.repeat(135), 'UCS-2', 135, 135, 3],
  ['35 emoji are 70 units: one segment', '😀'.repeat(35), 'UCS-2', 35, 70, 1],
  ['36 emoji are 72 units: two segments', '😀'.repeat(36), 'UCS-2', 36, 72, 2],
  ['a curly apostrophe turns GSM-7 text into Unicode', 'It’s here', 'UCS-2', 9, 9, 1],
  ['an extension character counts once in Unicode', '€ж', 'UCS-2', 2, 2, 1],
  ['1600 GSM-7 characters are allowed: 11 segments', 'a'.repeat(1600), 'GSM-7', 1600, 1600, 11],
  ['1601 characters are over the limit', 'a'.repeat(1601), 'GSM-7', 1601, 1601, 11],
  ['1600 emoji count as 1600 characters', '😀'.repeat(1600), 'UCS-2', 1600, 3200, 49],
  // A character is never split across segments: 33 emoji (66 units) per segment of 67, not 67 units.
  ['66 emoji (132 units) fill two segments of 33', '😀'.repeat(66), 'UCS-2', 66, 132, 2],
  ['67 emoji (134 units) need three segments, not two', '😀'.repeat(67), 'UCS-2', 67, 134, 3],
  [
    '152 letters and a euro sign (155 septets) split before the escape pair',
    'a'.repeat(152) + '€' + 'a'.repeat(151),
    'GSM-7',
    304,
    305,
    2,
  ],
  [
    '152 letters, a euro sign and 152 more overflow into a third segment',
    'a'.repeat(152) + '€' + 'a'.repeat(152),
    'GSM-7',
    305,
    306,
    3,
  ],
];

for (const [name, text, encoding, characters, units, segments] of cases) {
  test(name, () => {
    const a = analyze(text);
    assert.equal(a.encoding, encoding, 'encoding');
    assert.equal(a.characters, characters, 'characters');
    assert.equal(a.units, units, 'units');
    assert.equal(a.segments, segments, 'segments');
    assert.equal(a.overLimit, characters > MAX_CHARACTERS, 'overLimit');
  });
}

const warnings = [
  // name, text, expected first culprit's code point, pattern the warning must match (null: no warning)
  ['no warning for plain GSM-7', 'Hi there, see you at 5?', null, null],
  ['no warning for extension characters', 'Price: 10€ [net]', null, null],
  ['names the emoji', 'Thanks 😀', 'U+1F600', /“😀” \(U\+1F600\) is not in the GSM-7 alphabet/],
  ['names a curly apostrophe', 'It’s ok', 'U+2019', /^Right single quotation mark .*“’” \(U\+2019\)/],
  ['names an invisible no-break space', 'a\u00A0b', 'U+00A0', /^No-break space/],
  ['names the first culprit and counts the others', 'ж😀ж—', 'U+0436', /“ж” \(U\+0436\) \(and 2 other characters\)/],
];

for (const [name, text, codePoint, pattern] of warnings) {
  test(name, () => {
    const a = analyze(text);
    const warning = unicodeWarning(a);
    if (codePoint === null) {
      assert.equal(a.unicodeCharacter, null);
      assert.equal(warning, null);
    } else {
      assert.equal(a.unicodeCharacter.codePoint, codePoint);
      assert.match(warning, pattern);
    }
  });
}

test('segment count of no characters is zero in both encodings', () => {
  assert.equal(segmentCount([], 'GSM-7'), 0);
  assert.equal(segmentCount([], 'UCS-2'), 0);
});

test('remaining room in the current segment', () => {
  assert.equal(analyze('').remainingInSegment, 160);
  assert.equal(analyze('abc').remainingInSegment, 157);
  assert.equal(analyze('a'.repeat(161)).remainingInSegment, 306 - 161);
  assert.equal(analyze('😀').remainingInSegment, 68);
});
