// A contact's page: details, whether texts are allowed (the contact's own opt-out state and the gateway's
// opt-out list), the activity timeline, the conversation with its live updates, and "Send Text" when the contact
// has a phone number.
import { contactsApi, gatewayApi, ApiError } from '../api.js';
import { h, announce } from '../dom.js';
import { contactName, contactPhone, humanise, shortDateTime, fullDateTime, failureReason } from '../format.js';
import { mountConversation } from '../conversation.js';
import { mountCompose } from '../compose.js';
import { contactMergeValues } from '../merge.js';
import { currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';

const ACTIVITY_LABELS = {
  sms_received: 'Text received',
  sms_sent: 'Text sent',
  sms_delivered: 'Text delivered',
  sms_failed: 'Text not delivered',
  sms_opted_out: 'Opted out of texts',
  sms_opted_in: 'Opted back in to texts',
  contact_created: 'Contact created',
  contact_edited: 'Contact edited',
};

export async function renderContact(main, id) {
  let contact;
  try {
    contact = await contactsApi.get(id);
  } catch (e) {
    document.title = 'Contact not found · SMS console';
    main.append(
      h('h1', { tabindex: '-1' }, e.status === 404 ? 'Contact not found' : 'Could not load the contact'),
      h('p', { class: 'notice notice-error', role: 'alert' }, e.message),
      h('p', {}, h('a', { href: '#/' }, 'Back to the contacts')),
    );
    return null;
  }

  let gatewayOptOut = null; // {optedOut, source, updatedAt, updatedBy} or null when unknown
  let optOutError = null;
  const phone = contact.phoneE164;
  const name = contactName(contact);
  document.title = `${name} · SMS console`;

  const heading = h('h1', { tabindex: '-1', id: 'contact-name' }, name);
  const headerTags = h('div', { class: 'contact-tags' });
  const details = h('dl', { class: 'details', id: 'contact-details' });
  const optOutState = h('p', { id: 'optout-state', class: 'optout-state', role: 'status' });
  const activities = h('ol', { class: 'timeline', id: 'activities' });
  const activitiesError = h('p', { class: 'notice notice-error', role: 'alert' });
  const conversationRoot = h('section', { class: 'card conversation', 'aria-labelledby': 'conversation-heading' });
  // A role that may not send sees "Send Text" disabled, with the reason next to it (the gateway would answer 403).
  const sendBlocked = cannotReason(currentRoles(), 'send');
  const sendTextButton = phone
    ? h(
        'button',
        {
          type: 'button',
          id: 'send-text',
          class: 'primary',
          disabled: sendBlocked !== null,
          'aria-describedby': sendBlocked ? 'send-text-reason' : null,
          onclick: () => {
            compose.open();
            sendTextButton.hidden = true;
          },
        },
        'Send Text',
      )
    : null;
  const sendAction =
    sendTextButton && sendBlocked
      ? h(
          'div',
          { class: 'blocked-action' },
          sendTextButton,
          h('p', { class: 'hint', id: 'send-text-reason' }, `${sendBlocked}.`),
        )
      : sendTextButton;

  main.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/' }, '← Contacts')),
    h('div', { class: 'page-head' }, h('div', {}, heading, headerTags), sendAction),
    // Details, conversation, activity: that order on a phone; on a wide screen the conversation is the right column.
    h(
      'div',
      { class: 'contact-grid' },
      h(
        'section',
        { class: 'card contact-details', 'aria-labelledby': 'details-heading' },
        h('h2', { id: 'details-heading' }, 'Details'),
        optOutState,
        details,
      ),
      phone
        ? conversationRoot
        : h(
            'section',
            { class: 'card conversation', 'aria-labelledby': 'conversation-heading' },
            h('h2', { id: 'conversation-heading' }, 'Conversation'),
            h('p', { class: 'muted', id: 'no-phone' }, 'This contact has no phone number: add one to text them.'),
          ),
      h(
        'section',
        { class: 'card contact-activity', 'aria-labelledby': 'activity-heading' },
        h(
          'div',
          { class: 'section-head' },
          h('h2', { id: 'activity-heading' }, 'Activity'),
          h('button', { type: 'button', class: 'link-button', onclick: () => loadActivities() }, 'Refresh'),
        ),
        activitiesError,
        activities,
      ),
    ),
  );

  let compose = null;
  let conversation = null;
  if (phone) {
    compose = mountCompose(conversationRoot, {
      to: phone,
      toLabel: contactPhone(contact),
      contactId: contact.id,
      // The contact's merge values as the page loaded them (a campaign's recipients carry theirs the same way).
      fields: contactMergeValues(contact),
      blockedReason: sendBlocked,
      onSent: (message) => {
        conversation.upsert(message);
        refreshSoon();
      },
      onRefused: () => loadOptOut(),
      onClose: () => {
        sendTextButton.hidden = false;
        sendTextButton.focus();
      },
    });
    conversation = mountConversation(conversationRoot, {
      phone,
      title: name,
      canCancel: cannotReason(currentRoles(), 'cancelText') === null,
      onChange: (message, kind) => {
        // An inbound STOP or START changes the opt-out list; any message adds to the timeline.
        if (kind === 'new' && message.direction === 'inbound') loadOptOut();
        refreshSoon();
      },
    });
    // The compose box sits below the conversation, like a chat.
    conversationRoot.append(conversationRoot.querySelector('#compose'));
  }

  function optedOut() {
    return Boolean(contact.smsOptedOut || gatewayOptOut?.optedOut);
  }

  function renderContactInfo() {
    heading.textContent = contactName(contact);
    headerTags.replaceChildren(
      ...[
        contact.type ? h('span', { class: `badge badge-${contact.type}` }, humanise(contact.type)) : null,
        contact.source ? h('span', { class: 'badge badge-source' }, sourceLabel(contact.source)) : null,
        optedOut() ? h('span', { class: 'badge badge-optout', id: 'optout-badge' }, 'Opted out') : null,
      ].filter(Boolean),
    );
    const rows = [
      ['Phone', contactPhone(contact) || '—'],
      ['Email', contact.email ? h('a', { href: `mailto:${contact.email}` }, contact.email) : '—'],
      ['Company', contact.company || '—'],
      ['Type', humanise(contact.type) || '—'],
      ['Source', sourceLabel(contact.source) || '—'],
      ['Last contacted', contact.lastContactedAt ? timeEl(contact.lastContactedAt) : 'Never'],
      ['Created', timeEl(contact.createdAt)],
      ['Notes', contact.notes || '—'],
    ];
    details.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    renderOptOut();
  }

  function renderOptOut() {
    const out = optedOut();
    optOutState.dataset.optedOut = String(out);
    if (!phone) {
      optOutState.textContent = 'Texts: no phone number.';
    } else if (out) {
      const since = gatewayOptOut?.updatedAt ?? contact.smsOptedOutAt;
      const how = gatewayOptOut?.source ? ` (${humanise(gatewayOptOut.source).toLowerCase()})` : '';
      optOutState.textContent = `Texts: opted out${how}${since ? ` since ${shortDateTime(since)}` : ''}. Sending is blocked until they reply START.`;
    } else if (optOutError) {
      optOutState.textContent = `Texts: allowed by the contact record; the gateway's opt-out list could not be checked (${optOutError}).`;
    } else {
      optOutState.textContent = 'Texts: allowed (not opted out).';
    }
    optOutState.className = `optout-state ${out ? 'is-out' : 'is-in'}`;
    compose?.setOptedOut(out);
  }

  async function loadOptOut() {
    if (!phone) return;
    try {
      gatewayOptOut = await gatewayApi.optOut(phone);
      optOutError = null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        gatewayOptOut = { optedOut: false };
        optOutError = null;
      } else {
        optOutError = e.message;
      }
    }
    const was = optOutState.dataset.optedOut;
    renderContactInfo();
    if (was !== undefined && was !== String(optedOut())) {
      announce(optedOut() ? `${name} has opted out of texts.` : `${name} may be texted again.`);
    }
  }

  async function loadContact() {
    try {
      contact = await contactsApi.get(id);
      renderContactInfo();
    } catch {
      // The page keeps what it has; the next refresh tries again.
    }
  }

  async function loadActivities() {
    activitiesError.textContent = '';
    try {
      const page = await contactsApi.activities(id, { size: 50 });
      const items = page.items ?? [];
      activities.replaceChildren(
        ...(items.length ? items.map(activity) : [h('li', { class: 'muted empty-item' }, 'No activity yet.')]),
      );
    } catch (e) {
      activitiesError.textContent = e.message;
    }
  }

  // contacts-service learns of messages through Kafka, independently of the gateway's stream and sometimes seconds
  // later (a consumer that just joined its group): after each change, look again a few times, backing off.
  const REFRESH_DELAYS_MS = [700, 2000, 5000, 10000, 20000];
  let refreshTimers = [];
  const refreshSoon = () => {
    refreshTimers.forEach(clearTimeout);
    refreshTimers = REFRESH_DELAYS_MS.map((ms) =>
      setTimeout(() => {
        loadContact();
        loadActivities();
      }, ms),
    );
  };

  renderContactInfo();
  await Promise.all([loadOptOut(), loadActivities()]);

  return () => {
    refreshTimers.forEach(clearTimeout);
    conversation?.close();
  };
}

function sourceLabel(source) {
  return { manual: 'Added by hand', sms_inbound: 'Texted in', import: 'Imported' }[source] ?? humanise(source);
}

function timeEl(iso) {
  return iso ? h('time', { datetime: iso, title: fullDateTime(iso) }, shortDateTime(iso)) : '—';
}

function activity(a) {
  const kind = a.kind ?? a.type;
  const label = ACTIVITY_LABELS[kind] ?? humanise(kind);
  const reason = a.errorMessage || a.errorCode != null ? failureReason(a) : null;
  const actor = a.actor?.name || null;
  // "Created by Ada" says no more than the "by Ada" line below: shown once. "Edited by Ada (email)" stays.
  const summary = actor && a.summary?.replace(/^\S+ by /, '') === actor ? null : a.summary;
  return h(
    'li',
    { class: `activity activity-${kind}`, dataset: { kind } },
    h(
      'p',
      { class: 'activity-head' },
      h('span', { class: 'activity-kind' }, label),
      h('time', { datetime: a.occurredAt, title: fullDateTime(a.occurredAt) }, shortDateTime(a.occurredAt)),
    ),
    summary ? h('p', { class: 'activity-summary' }, summary) : null,
    reason ? h('p', { class: 'activity-error' }, reason) : null,
    // Who did it, from their sign-in (contacts-service's actor, e.g. for a contact created or edited).
    actor ? h('p', { class: 'activity-actor' }, `by ${actor}`) : null,
  );
}
