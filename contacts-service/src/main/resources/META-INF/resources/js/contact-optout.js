// Whether a contact may be texted: the contact's own opt-out state and the gateway's opt-out list (the gateway is
// what refuses a send). An admin may lift an opt-out by hand, with a reason that is kept with their name.
import { gatewayApi, ApiError } from './api.js';
import { h, announce } from './dom.js';
import { humanise, shortDateTime } from './format.js';
import { clearFieldErrors, field, showFieldErrors } from './fields.js';

const REASON_MAX = 500;

/**
 * Returns {element, load(), optedOut(), render()}. getContact(): the contact as the page has it now; liftBlocked:
 * why the signed-in person may not lift an opt-out (null when they may); onChange(): the state may have changed;
 * onLifted(): an opt-out was lifted (the timeline gets an entry from contacts-service, through Kafka).
 */
export function createOptOut({ phone, name, getContact, liftBlocked, onChange, onLifted }) {
  let gateway = null; // the gateway's OptOutResponse, or null while unknown
  let error = null;
  let lifted = false; // lifted here: the contact record catches up through Kafka, seconds later

  const state = h('p', { id: 'optout-state', class: 'optout-state', role: 'status', tabindex: '-1' });
  const liftButton = h(
    'button',
    { type: 'button', class: 'secondary', id: 'optout-lift', hidden: true, onclick: () => openForm() },
    'Lift the opt-out…',
  );
  const form = h('form', { class: 'lift-form', id: 'optout-lift-form', novalidate: true, hidden: true });
  const element = h('div', { class: 'optout' }, state, liftButton, form);

  function optedOut() {
    return Boolean(gateway?.optedOut || (getContact().smsOptedOut && !lifted));
  }

  function render() {
    const out = optedOut();
    const wasOut = state.dataset.optedOut;
    state.dataset.optedOut = String(out);
    if (!phone) {
      state.textContent = 'Texts: no phone number.';
    } else if (out) {
      const since = gateway?.updatedAt ?? getContact().smsOptedOutAt;
      const how = gateway?.source ? ` (${humanise(gateway.source).toLowerCase()})` : '';
      const until = liftBlocked ? 'until they reply START' : 'until they reply START or an admin lifts it';
      state.textContent = `Texts: opted out${how}${since ? ` since ${shortDateTime(since)}` : ''}. Sending is blocked ${until}.`;
    } else if (error) {
      state.textContent = `Texts: allowed by the contact record; the gateway's opt-out list could not be checked (${error}).`;
    } else if (gateway?.reason) {
      // The gateway's updatedBy is the admin's token subject, not a name: the timeline names them.
      state.textContent = `Texts: allowed (opt-out lifted: “${gateway.reason}”).`;
    } else {
      state.textContent = 'Texts: allowed (not opted out).';
    }
    state.className = `optout-state ${out ? 'is-out' : 'is-in'}`;
    // Only an opt-out on the gateway's list can be lifted there (it answers 409 for any other).
    liftButton.hidden = !(gateway?.optedOut && !liftBlocked) || !form.hidden;
    if (!gateway?.optedOut && !form.hidden) closeForm();
    if (wasOut !== undefined && wasOut !== String(out))
      announce(out ? `${name} has opted out of texts.` : `${name} may be texted again.`);
  }

  async function load() {
    if (!phone) return;
    try {
      gateway = await gatewayApi.optOut(phone);
      error = null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        gateway = { optedOut: false };
        error = null;
      } else {
        error = e.message;
      }
    }
    if (gateway?.optedOut) lifted = false;
    render();
    onChange();
  }

  function openForm() {
    const reason = field({
      id: 'optout-reason',
      label: 'Why may they be texted again? (required)',
      hint: `What they asked for, and how: kept with your name (at most ${REASON_MAX} characters).`,
      control: h('textarea', { name: 'reason', rows: '3', maxlength: String(REASON_MAX), required: true }),
    });
    const fields = { reason };
    const problem = h('p', { class: 'notice notice-error', role: 'alert', id: 'optout-lift-error' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'optout-lift-submit' }, 'Lift opt-out');
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => closeForm(true) }, 'Cancel');
    form.replaceChildren(reason.wrapper, problem, h('div', { class: 'actions' }, cancel, submit));
    form.onsubmit = async (e) => {
      e.preventDefault();
      clearFieldErrors(fields);
      problem.textContent = '';
      const text = reason.input.value.trim();
      if (!text) {
        showFieldErrors(fields, { problem: { field: 'reason' }, message: 'Give a reason: it is kept with your name.' });
        reason.input.focus();
        return;
      }
      submit.disabled = true;
      try {
        gateway = await gatewayApi.liftOptOut(phone, text);
        lifted = true;
        closeForm(false);
        render();
        onChange();
        onLifted();
        state.focus?.();
      } catch (err) {
        if (err.status === 409) load(); // not opted out any more: show what is
        const at = showFieldErrors(fields, err);
        if (!at) problem.textContent = err.message;
        (at ?? reason.input).focus();
      } finally {
        submit.disabled = false;
      }
    };
    form.hidden = false;
    liftButton.hidden = true;
    reason.input.focus();
  }

  function closeForm(focusButton) {
    form.hidden = true;
    form.replaceChildren();
    liftButton.hidden = !(gateway?.optedOut && !liftBlocked);
    if (focusButton && !liftButton.hidden) liftButton.focus();
  }

  return { element, load, optedOut, render };
}
