// A conversation opened from the inbox by its number (#/conversations/{phone}): the number's contact page when it
// has a contact (contacts-service makes a prospect of a stranger who texts, seconds later), else the conversation
// alone, marked read like a contact's.
import { contactsApi } from '../api.js';
import { h } from '../dom.js';
import { formatPhone } from '../format.js';
import { mountConversation } from '../conversation.js';
import { createReadMarker } from '../read.js';
import { currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';

export async function renderConversationPage(main, phone) {
  const number = formatPhone(phone);
  try {
    const contact = await contactsApi.byPhone(phone);
    // The contact's page takes this one's place in the history: Back goes to the inbox.
    window.location.replace(`#/contacts/${encodeURIComponent(contact.id)}`);
    return null;
  } catch (e) {
    if (e.status !== 404) {
      document.title = 'Conversation · SMS console';
      main.append(
        h('h1', { tabindex: '-1' }, `Conversation with ${number}`),
        h('p', { class: 'notice notice-error', role: 'alert' }, e.message),
        h('p', {}, h('a', { href: '#/' }, 'Back to the inbox')),
      );
      return null;
    }
  }
  document.title = `${number} · SMS console`;
  const root = h('section', { class: 'card conversation', 'aria-labelledby': 'conversation-heading' });
  const lookAgainState = h('span', { role: 'status' });
  const lookAgain = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      onclick: async () => {
        lookAgainState.textContent = '';
        try {
          const contact = await contactsApi.byPhone(phone);
          window.location.replace(`#/contacts/${encodeURIComponent(contact.id)}`);
        } catch (e) {
          lookAgainState.textContent = e.status === 404 ? 'Still no contact.' : e.message;
        }
      },
    },
    'Look again',
  );
  main.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/' }, '← Inbox')),
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1', id: 'contact-name' }, number)),
    h(
      'p',
      { class: 'muted', id: 'no-contact' },
      'No contact has this number yet: one is made as a prospect when they text, usually within seconds. ',
      lookAgain,
      ' ',
      lookAgainState,
    ),
    root,
  );
  const marker = createReadMarker(phone);
  const conversation = mountConversation(root, {
    phone,
    title: number,
    canCancel: cannotReason(currentRoles(), 'cancelText') === null,
    onNewest: (m) => marker.mark(m.id),
  });
  return () => {
    marker.close();
    conversation.close();
  };
}
