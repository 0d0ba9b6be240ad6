// A contact's page: details (Edit; Delete for an admin), whether texts are allowed (the contact's own opt-out state
// and the gateway's opt-out list; an admin may lift an opt-out with a reason), the activity timeline with its
// notes, the conversation with its live updates (marked read as it is shown), and "Send Text" when the contact has
// a phone number.
import { contactsApi } from '../api.js';
import { h } from '../dom.js';
import { contactName, contactPhone, humanise } from '../format.js';
import { mountConversation } from '../conversation.js';
import { mountCompose } from '../compose.js';
import { contactMergeValues } from '../merge.js';
import { currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';
import { mountDetails, sourceLabel } from '../contact-details.js';
import { createOptOut } from '../contact-optout.js';
import { mountTimeline } from '../contact-timeline.js';
import { createReadMarker } from '../read.js';

export async function renderContact(main, id) {
  let contact;
  try {
    contact = await contactsApi.get(id);
  } catch (e) {
    document.title = 'Contact not found · SMS console';
    main.append(
      h('h1', { tabindex: '-1' }, e.status === 404 ? 'Contact not found' : 'Could not load the contact'),
      h('p', { class: 'notice notice-error', role: 'alert' }, e.message),
      h('p', {}, h('a', { href: '#/contacts' }, 'Back to the contacts')),
    );
    return null;
  }

  const phone = contact.phoneE164;
  const name = contactName(contact);
  const roles = currentRoles();
  document.title = `${name} · SMS console`;

  const heading = h('h1', { tabindex: '-1', id: 'contact-name' }, name);
  const headerTags = h('div', { class: 'contact-tags' });
  const detailsCard = h('section', { class: 'card contact-details', 'aria-labelledby': 'details-heading' });
  const activityCard = h('section', { class: 'card contact-activity', 'aria-labelledby': 'activity-heading' });
  const conversationRoot = h('section', { class: 'card conversation', 'aria-labelledby': 'conversation-heading' });
  // A role that may not send sees "Send Text" disabled, with the reason next to it (the gateway would answer 403).
  const sendBlocked = cannotReason(roles, 'send');
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
    h(
      'p',
      { class: 'breadcrumb' },
      h('a', { href: '#/' }, '← Inbox'),
      ' · ',
      h('a', { href: '#/contacts' }, 'Contacts'),
    ),
    h('div', { class: 'page-head' }, h('div', {}, heading, headerTags), sendAction),
    // Details, conversation, activity: that order on a phone; on a wide screen the conversation is the right column.
    h(
      'div',
      { class: 'contact-grid' },
      detailsCard,
      phone
        ? conversationRoot
        : h(
            'section',
            { class: 'card conversation', 'aria-labelledby': 'conversation-heading' },
            h('h2', { id: 'conversation-heading' }, 'Conversation'),
            h('p', { class: 'muted', id: 'no-phone' }, 'This contact has no phone number: add one to text them.'),
          ),
      activityCard,
    ),
  );

  let compose = null;
  let conversation = null;
  const optOut = createOptOut({
    phone,
    name,
    getContact: () => contact,
    liftBlocked: cannotReason(roles, 'reOptIn'),
    onChange: () => renderHeader(),
    onLifted: () => refreshSoon(),
  });
  const details = mountDetails(detailsCard, {
    contact,
    editBlocked: cannotReason(roles, 'editContact'),
    deleteBlocked: cannotReason(roles, 'deleteContact'),
    optOutState: optOut.element,
    onSaved: (updated) => {
      contact = updated;
      // A new number is another conversation: the page starts again with it.
      if (updated.phoneE164 !== phone) return window.dispatchEvent(new HashChangeEvent('hashchange'));
      renderHeader();
      timeline.load();
    },
  });
  const timeline = mountTimeline(activityCard, { contactId: contact.id, noteBlocked: cannotReason(roles, 'addNote') });
  const marker = phone ? createReadMarker(phone) : null;

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
      onRefused: () => optOut.load(),
      onClose: () => {
        sendTextButton.hidden = false;
        sendTextButton.focus();
      },
    });
    conversation = mountConversation(conversationRoot, {
      phone,
      title: name,
      canCancel: cannotReason(roles, 'cancelText') === null,
      onChange: (message, kind) => {
        // An inbound STOP or START changes the opt-out list; any message adds to the timeline.
        if (kind === 'new' && message.direction === 'inbound') optOut.load();
        refreshSoon();
      },
      // What is shown is read: the unread count of the inbox goes down for the signed-in person.
      onNewest: (message) => marker.mark(message.id),
    });
    // The compose box sits below the conversation, like a chat.
    conversationRoot.append(conversationRoot.querySelector('#compose'));
  }

  function renderHeader() {
    heading.textContent = contactName(contact);
    headerTags.replaceChildren(
      ...[
        contact.type ? h('span', { class: `badge badge-${contact.type}` }, humanise(contact.type)) : null,
        contact.source ? h('span', { class: 'badge badge-source' }, sourceLabel(contact.source)) : null,
        optOut.optedOut() ? h('span', { class: 'badge badge-optout', id: 'optout-badge' }, 'Opted out') : null,
      ].filter(Boolean),
    );
    compose?.setOptedOut(optOut.optedOut());
  }

  async function loadContact() {
    try {
      contact = await contactsApi.get(id);
      details.render(contact);
      optOut.render();
      renderHeader();
    } catch {
      // The page keeps what it has; the next refresh tries again.
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
        timeline.load();
      }, ms),
    );
  };

  optOut.render();
  renderHeader();
  await Promise.all([optOut.load(), timeline.load()]);

  return () => {
    refreshTimers.forEach(clearTimeout);
    conversation?.close();
    marker?.close();
  };
}
