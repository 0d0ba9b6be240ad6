// What each role may do in the console (js/roles.js) and the reason shown when it may not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  can,
  cannotReason,
  highestRole,
  roleLabel,
} from '../../contacts-service/src/main/resources/META-INF/resources/js/roles.js';

const highest = [
  // name, roles claim, highest role, label
  ['a viewer', ['sms-viewer'], 'sms-viewer', 'Viewer'],
  ["an agent's expanded roles", ['sms-viewer', 'sms-agent', 'offline_access'], 'sms-agent', 'Agent'],
  ['an admin, in any order', ['sms-agent', 'sms-admin', 'sms-viewer'], 'sms-admin', 'Admin'],
  ['an admin whose provider does not expand composites', ['sms-admin'], 'sms-admin', 'Admin'],
  ['no SMS role', ['offline_access', 'uma_authorization'], null, 'No role'],
  ['no roles claim', undefined, null, 'No role'],
  ['a claim that is not a list', 'sms-admin', null, 'No role'],
];
for (const [name, roles, role, label] of highest) {
  test(`highest role: ${name}`, () => {
    assert.equal(highestRole(roles), role);
    assert.equal(roleLabel(highestRole(roles)), label);
  });
}

const permissions = [
  // action, viewer, agent, admin
  ['send', false, true, true],
  ['createContact', false, true, true],
  ['editContact', false, true, true],
  ['deleteContact', false, false, true],
  ['reOptIn', false, false, true],
  ['addNote', false, true, true],
  ['cancelText', false, true, true],
  ['readCampaigns', true, true, true],
  ['runCampaigns', false, false, true],
];
for (const [action, viewer, agent, admin] of permissions) {
  test(`${action}: viewer ${viewer}, agent ${agent}, admin ${admin}`, () => {
    assert.equal(can(['sms-viewer'], action), viewer);
    assert.equal(can(['sms-agent'], action), agent, 'an agent without the expanded viewer role too');
    assert.equal(can(['sms-admin'], action), admin);
    assert.equal(can([], action), false);
  });
}

const reasons = [
  [['sms-viewer'], 'send', 'Your role (viewer) cannot send texts'],
  [['sms-viewer'], 'createContact', 'Your role (viewer) cannot create contacts'],
  [['sms-viewer', 'sms-agent'], 'deleteContact', 'Your role (agent) cannot delete contacts'],
  [['sms-agent'], 'reOptIn', 'Your role (agent) cannot lift opt-outs'],
  [['sms-agent'], 'runCampaigns', 'Your role (agent) cannot create or run campaigns'],
  [['sms-viewer'], 'cancelText', 'Your role (viewer) cannot cancel texts'],
  [[], 'readCampaigns', 'Your account has no SMS role, so it cannot see campaigns'],
  [[], 'send', 'Your account has no SMS role, so it cannot send texts'],
  [['sms-agent'], 'send', null],
  [['sms-admin'], 'reOptIn', null],
];
for (const [roles, action, expected] of reasons) {
  test(`reason for ${JSON.stringify(roles)} to ${action}: ${expected}`, () =>
    assert.equal(cannotReason(roles, action), expected));
}

test('an unknown action is a programming error, not a silent yes or no', () => {
  assert.throws(() => can(['sms-admin'], 'launchRockets'), /unknown action/);
});
