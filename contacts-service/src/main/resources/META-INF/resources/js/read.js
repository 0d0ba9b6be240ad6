// Marking a conversation read for the signed-in person: the gateway keeps one read marker per person and number,
// which never moves backwards. The newest message shown is marked once, and only while the page is in view (a text
// arriving in a background tab stays unread until the tab is looked at).
import { gatewayApi } from './api.js';

/** Returns {mark(messageId), close()}; onMarked(conversation) gets the gateway's answer. */
export function createReadMarker(phone, { onMarked = () => {} } = {}) {
  let wanted = null;
  let sent = null;
  let closed = false;

  function flush() {
    if (closed || !wanted || wanted === sent || document.visibilityState === 'hidden') return;
    const id = wanted;
    sent = id;
    gatewayApi.markRead(phone, id).then(
      (conversation) => !closed && onMarked(conversation),
      () => {
        // Not marked (e.g. the gateway is unreachable): the next message shown, or the next look, tries again.
        if (sent === id) sent = null;
      },
    );
  }

  document.addEventListener('visibilitychange', flush);
  return {
    mark(messageId) {
      wanted = messageId ? String(messageId) : null;
      flush();
    },
    close() {
      closed = true;
      document.removeEventListener('visibilitychange', flush);
    },
  };
}
