// The contact types the new-contact form offers: contacts-service names them (their wire values, in display order)
// in its anonymous /console/config.json, so the console keeps no list of its own. No DOM.
import { humanise } from './format.js';

/**
 * How to ask for a contact's type, from the console's settings: a choice of the types the server names
 * ({control: 'select', options: [{value, label}]}), or, when it names none, a plain text field
 * ({control: 'text'}) whose value the server checks.
 */
export function contactTypeField(settings) {
  const named = Array.isArray(settings?.contactTypes) ? settings.contactTypes : [];
  const types = [...new Set(named.filter((t) => typeof t === 'string' && t.trim() !== '').map((t) => t.trim()))];
  if (types.length === 0) return { control: 'text' };
  return { control: 'select', options: types.map((value) => ({ value, label: humanise(value) })) };
}
