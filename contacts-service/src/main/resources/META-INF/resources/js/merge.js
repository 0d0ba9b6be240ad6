// Merge fields in a campaign's text, as the gateway renders them: {firstName}, {lastName}, {company}, and
// {field|fallback} (e.g. "Hi {firstName|there}"). A field with no value and no fallback renders as empty; a name
// the gateway does not know is refused there (422 naming it), so the console names it before sending. The counter
// of a campaign is the largest one over its recipients, each text merged with that recipient's fields, since the
// gateway counts segments on the merged text. Pure functions, no DOM (e2e/unit/merge.test.js).
import { analyze } from './segments.js';

/** The names a text may use, in the order the console offers them. */
export const MERGE_FIELDS = Object.freeze(['firstName', 'lastName', 'company']);

// {name} or {name|fallback}: a name is a letter then letters, digits or underscores; a fallback is anything up to
// the closing brace but another brace. Anything else with braces ("{}", "{ x }", "{a-b}") is plain text.
const PATTERN = /\{([A-Za-z][A-Za-z0-9_]*)(?:\|([^{}]*))?\}/g;

/** The merge fields a text uses, in order: [{name, fallback (null when none), known, token}]. */
export function mergeFieldsIn(body) {
  return Array.from(String(body ?? '').matchAll(PATTERN), (m) => ({
    name: m[1],
    fallback: m[2] ?? null,
    known: MERGE_FIELDS.includes(m[1]),
    token: m[0],
  }));
}

/** A contact's merge values (as GET /api/contacts answers it): its non-blank firstName, lastName and company. */
export function contactMergeValues(contact) {
  const fields = {};
  for (const name of MERGE_FIELDS) {
    const v = typeof contact?.[name] === 'string' ? contact[name].trim() : '';
    if (v) fields[name] = v;
  }
  return fields;
}

/** The first field the gateway would refuse, as its words say it ("Unknown merge field {nickname}"), or null. */
export function unknownFieldProblem(body) {
  const unknown = mergeFieldsIn(body).find((f) => !f.known);
  if (!unknown) return null;
  return `Unknown merge field {${unknown.name}}: use ${MERGE_FIELDS.map((f) => `{${f}}`).join(', ')}, optionally with a fallback as in {firstName|there}`;
}

/** The text one recipient gets: each field replaced by their value, else its fallback, else nothing. */
export function renderMerge(body, fields = {}) {
  return String(body ?? '').replace(PATTERN, (_, name, fallback) => {
    const value = fields?.[name];
    const text = typeof value === 'string' ? value.trim() : value == null ? '' : String(value).trim();
    return text !== '' ? text : (fallback ?? '');
  });
}

/**
 * The counter of a campaign: the merged text that needs the most segments (ties: the most characters) over the
 * recipients, with its analysis (js/segments.js) and the recipient it is for, and the segments of all the texts
 * together (the gateway's segments.estimated). With no recipients, the text merged with no fields (the fallbacks).
 *
 * @returns {{analysis: object, text: string, recipient: (object|null), totalSegments: number, recipients: number}}
 */
export function largestMerged(body, recipients = []) {
  const list = Array.isArray(recipients) && recipients.length ? recipients : [null];
  let best = null;
  let totalSegments = 0;
  for (const recipient of list) {
    const text = renderMerge(body, recipient?.fields ?? {});
    const analysis = analyze(text);
    totalSegments += analysis.segments;
    if (
      best === null ||
      analysis.segments > best.analysis.segments ||
      (analysis.segments === best.analysis.segments && analysis.characters > best.analysis.characters)
    ) {
      best = { analysis, text, recipient };
    }
  }
  return { ...best, totalSegments: recipients?.length ? totalSegments : 0, recipients: recipients?.length ?? 0 };
}
