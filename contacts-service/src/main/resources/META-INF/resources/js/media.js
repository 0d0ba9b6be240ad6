// A conversation's MMS items. An <img src> cannot carry the bearer token, so each photo is fetched with it (the
// api helper), kept as a Blob and shown from a blob: URL; any other file is a button that fetches it the same way and
// saves it. Every URL made is revoked when the conversation goes (close()), so no photo stays in memory after.
import { gatewayApi } from './api.js';
import { h } from './dom.js';

/** Returns {draw(items) -> element, close()}; items: bubbleParts(m).media. */
export function createMediaShelf() {
  const urls = new Set();
  let closed = false;

  function objectUrl(blob) {
    const url = URL.createObjectURL(blob);
    urls.add(url);
    return url;
  }

  function photo(item) {
    const status = h(
      'span',
      { class: 'bubble-media-status' },
      `Loading ${item.alt.charAt(0).toLowerCase()}${item.alt.slice(1)}…`,
    );
    const frame = h('div', { class: 'bubble-photo', dataset: { n: item.n, state: 'loading' } }, status);
    gatewayApi.media(item.url).then(
      (blob) => {
        if (closed) return;
        const img = h('img', { class: 'bubble-image', alt: item.alt, src: objectUrl(blob) });
        frame.dataset.state = 'shown';
        frame.replaceChildren(img);
      },
      (e) => {
        if (closed) return;
        frame.dataset.state = 'failed';
        status.textContent = `${item.alt}: not loaded (${e.message})`;
      },
    );
    return frame;
  }

  function file(item) {
    const error = h('span', { class: 'bubble-media-status', role: 'alert' });
    const button = h(
      'button',
      {
        type: 'button',
        class: 'bubble-file',
        dataset: { n: item.n },
        onclick: async () => {
          button.disabled = true;
          error.textContent = '';
          try {
            const url = objectUrl(await gatewayApi.media(item.url));
            if (closed) return;
            h('a', { href: url, download: item.fileName }).click();
          } catch (e) {
            error.textContent = `Not downloaded: ${e.message}`;
          } finally {
            button.disabled = false;
          }
        },
      },
      item.linkText,
    );
    return h('div', { class: 'bubble-attachment' }, button, error);
  }

  return {
    draw(items) {
      return h(
        'div',
        { class: 'bubble-media' },
        items.map((item) => (item.kind === 'image' ? photo(item) : file(item))),
      );
    },
    close() {
      closed = true;
      for (const url of urls) URL.revokeObjectURL(url);
      urls.clear();
    },
  };
}
