// A confirmation in a modal <dialog>: the browser keeps the focus inside it and closes it with Escape. The safe
// choice has the focus first; a failed action keeps the dialog open with the reason.
import { h } from './dom.js';

/**
 * Returns {element, open(opener)}. action() runs on confirm (a promise); the dialog closes when it resolves, or shows the
 * error's message. The focus goes back to `opener` when the dialog closes without the action (Cancel, Escape).
 */
export function confirmDialog({ id, title, body, confirmLabel, cancelLabel = 'Cancel', action }) {
  const error = h('p', { class: 'notice notice-error', role: 'alert', id: `${id}-error` });
  const cancel = h('button', { type: 'button', class: 'secondary', id: `${id}-cancel` }, cancelLabel);
  const confirm = h('button', { type: 'button', class: 'danger', id: `${id}-confirm` }, confirmLabel);
  const dialog = h(
    'dialog',
    { class: 'dialog', id, 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-body` },
    h('h2', { id: `${id}-title` }, title),
    h('p', { id: `${id}-body` }, body),
    error,
    h('div', { class: 'actions' }, cancel, confirm),
  );
  let opener = null;
  let done = false;

  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    if (!done) opener?.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    cancel.disabled = true;
    error.textContent = '';
    try {
      await action();
      done = true;
      dialog.close();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      confirm.disabled = false;
      cancel.disabled = false;
    }
  });
  return {
    /** The <dialog>, for the page to place (it leaves with the page). */
    element: dialog,
    open(from) {
      opener = from ?? null;
      done = false;
      error.textContent = '';
      dialog.showModal();
      cancel.focus();
    },
  };
}
