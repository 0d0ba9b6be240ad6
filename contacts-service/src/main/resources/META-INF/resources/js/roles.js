// What the signed-in person's roles let them do in the console. The APIs decide (403 naming the role); the console
// only hides or disables what would be refused, and says why. No DOM.

/** The three roles, lowest first: each one may do everything the ones before it may. */
export const ROLES = Object.freeze(['sms-viewer', 'sms-agent', 'sms-admin']);

const LABELS = { 'sms-viewer': 'Viewer', 'sms-agent': 'Agent', 'sms-admin': 'Admin' };

/** What each action needs, and how the reason names it. */
const ACTIONS = {
  send: { role: 'sms-agent', what: 'send texts' },
  cancelText: { role: 'sms-agent', what: 'cancel texts' },
  createContact: { role: 'sms-agent', what: 'create contacts' },
  editContact: { role: 'sms-agent', what: 'edit contacts' },
  deleteContact: { role: 'sms-admin', what: 'delete contacts' },
  reOptIn: { role: 'sms-admin', what: 'lift opt-outs' },
  addNote: { role: 'sms-agent', what: 'add notes' },
  readCampaigns: { role: 'sms-viewer', what: 'see campaigns' },
  runCampaigns: { role: 'sms-admin', what: 'create or run campaigns' },
};

/** The highest of the three roles in `roles` (an array of role names, e.g. the token's `roles` claim), or null. */
export function highestRole(roles) {
  const held = new Set(Array.isArray(roles) ? roles : []);
  for (let i = ROLES.length - 1; i >= 0; i--) if (held.has(ROLES[i])) return ROLES[i];
  return null;
}

export function roleLabel(role) {
  return LABELS[role] ?? 'No role';
}

/** Whether `roles` allow `action`. The hierarchy is applied here too, in case a provider does not expand it. */
export function can(roles, action) {
  const needed = ACTIONS[action];
  if (!needed) throw new Error(`unknown action: ${action}`);
  const rank = ROLES.indexOf(highestRole(roles));
  return rank >= ROLES.indexOf(needed.role);
}

/** Why `roles` may not do `action`, in words ("Your role (viewer) cannot send texts"), or null when they may. */
export function cannotReason(roles, action) {
  if (can(roles, action)) return null;
  const { what } = ACTIONS[action];
  const role = highestRole(roles);
  return role
    ? `Your role (${roleLabel(role).toLowerCase()}) cannot ${what}`
    : `Your account has no SMS role, so it cannot ${what}`;
}
