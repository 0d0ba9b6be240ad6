// A new campaign: its name, its text with merge fields and the counter (the largest text after merging each
// recipient's fields), its audience (contacts-service's search and type filter, every page of matches), when to
// send. "Review" makes it a draft at the gateway, which counts the opted-out recipients it will skip; the page shows
// the eligible and opted-out counts, then Send now or Schedule starts it and the campaign's page shows its progress.
import { campaignsApi, contactsApi, newIdempotencyKey } from '../api.js';
import { h, announce, debounce } from '../dom.js';
import { consoleSettings, currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';
import { contactTypeField } from '../contact-types.js';
import { contactName, fullDateTime, shortDateTime } from '../format.js';
import { unicodeWarning, MAX_CHARACTERS, GSM7 } from '../segments.js';
import { largestMerged, unknownFieldProblem, MERGE_FIELDS } from '../merge.js';
import { localDateTimeToIso, offsetLabel, sendAtProblem, toLocalInputValue, MAX_AHEAD_MS } from '../schedule.js';
import { audienceSummary, campaignProgress, chunkRecipients, recipientsFromContacts } from '../campaigns.js';

const CONTACTS_PAGE = 200; // contacts-service's largest page
const MAX_AUDIENCE = 50_000;
const MAX_NAME = 200;

export async function renderNewCampaign(main) {
  document.title = 'New campaign · SMS console';
  const blocked = cannotReason(currentRoles(), 'runCampaigns');
  if (blocked) {
    main.append(
      h('h1', { tabindex: '-1' }, 'New campaign'),
      h('p', { class: 'notice notice-warn', id: 'new-campaign-reason' }, `${blocked}.`),
      h('p', {}, h('a', { href: '#/campaigns' }, 'Back to the campaigns')),
    );
    return null;
  }

  let left = false;
  let audience = null; // {q, type, recipients, matched} once found
  let searchSeq = 0;
  let draft = null; // the campaign made by Review, until it is started or given up
  let key = null;
  let keyFor = null;

  // --- The text and its counter.
  const name = h('input', {
    id: 'campaign-name',
    name: 'name',
    maxlength: String(MAX_NAME),
    autocomplete: 'off',
    'aria-describedby': 'campaign-name-hint',
  });
  const body = h('textarea', {
    id: 'campaign-body',
    name: 'body',
    rows: '5',
    'aria-describedby': 'campaign-body-hint campaign-counter campaign-fields-error campaign-warning',
  });
  const inserts = MERGE_FIELDS.map((f) =>
    h(
      'button',
      { type: 'button', class: 'link-button', onclick: () => insertField(`{${f}}`) },
      h('span', { class: 'visually-hidden' }, 'Insert '),
      `{${f}}`,
    ),
  );
  const chars = h('span', { id: 'campaign-chars' });
  const segments = h('span', { id: 'campaign-segments' });
  const encoding = h('span', { id: 'campaign-encoding' });
  const longestFor = h('span', { id: 'campaign-longest-for' });
  const counter = h(
    'p',
    { id: 'campaign-counter', class: 'counter' },
    chars,
    ' · ',
    segments,
    ' · ',
    encoding,
    longestFor,
  );
  const estimate = h('p', { id: 'campaign-estimate', class: 'hint' });
  const fieldsError = h('p', { id: 'campaign-fields-error', class: 'notice notice-error' });
  const warning = h('p', { id: 'campaign-warning', class: 'notice notice-warn', role: 'status' });
  const preview = h('p', { id: 'campaign-preview', class: 'campaign-preview' });

  // --- The audience.
  const q = h('input', {
    id: 'audience-q',
    name: 'q',
    type: 'search',
    autocomplete: 'off',
    placeholder: 'Name, phone, email or company',
    'aria-describedby': 'audience-q-hint',
  });
  const typeField = contactTypeField(consoleSettings());
  const type =
    typeField.control === 'select'
      ? h(
          'select',
          { id: 'audience-type', name: 'type' },
          h('option', { value: '' }, 'Any type'),
          typeField.options.map((o) => h('option', { value: o.value }, o.label)),
        )
      : h('input', { id: 'audience-type', name: 'type', type: 'text', autocomplete: 'off' });
  const find = h(
    'button',
    { type: 'button', id: 'audience-find', class: 'secondary', onclick: () => findAudience() },
    'Find contacts',
  );
  const audienceCount = h('p', { id: 'audience-count', role: 'status', class: 'audience-count' }, 'No audience yet.');
  const audienceList = h('ul', { id: 'audience-preview', class: 'audience-preview' });

  // --- When.
  const whenNow = h('input', { type: 'radio', name: 'when', id: 'when-now', value: 'now', checked: true });
  const whenLater = h('input', { type: 'radio', name: 'when', id: 'when-later', value: 'later' });
  const sendAt = h('input', {
    id: 'campaign-send-at',
    name: 'sendAt',
    type: 'datetime-local',
    disabled: true,
    'aria-describedby': 'campaign-send-at-hint campaign-send-at-error',
  });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sendAtHint = h(
    'span',
    { class: 'hint', id: 'campaign-send-at-hint' },
    `Your time${zone ? ` (${zone}, ${offsetLabel()})` : ''}; up to 35 days ahead.`,
  );
  const sendAtError = h('span', { class: 'field-error', id: 'campaign-send-at-error' });

  const error = h('p', { class: 'notice notice-error', role: 'alert', id: 'campaign-error' });
  const review = h('button', { type: 'submit', id: 'campaign-review', class: 'primary' }, 'Review');
  const editing = h(
    'fieldset',
    { class: 'plain' },
    h('legend', { class: 'visually-hidden' }, 'The campaign'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'campaign-name' }, 'Name'),
      h('span', { class: 'hint', id: 'campaign-name-hint' }, 'For you and your team; recipients do not see it.'),
      name,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'campaign-body' }, 'Text'),
      h(
        'span',
        { class: 'hint', id: 'campaign-body-hint' },
        'Merge fields: ',
        inserts.flatMap((b, i) => (i ? [', ', b] : [b])),
        '. A fallback for an empty one after a bar: {firstName|there}.',
      ),
      body,
      counter,
      estimate,
      fieldsError,
      warning,
      preview,
    ),
    h(
      'fieldset',
      { class: 'field audience' },
      h('legend', {}, 'Audience'),
      h(
        'div',
        { class: 'audience-row' },
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'audience-q' }, 'Contacts matching'),
          h('span', { class: 'hint', id: 'audience-q-hint' }, 'Empty: every contact (of the type chosen).'),
          q,
        ),
        h('div', { class: 'field' }, h('label', { for: 'audience-type' }, 'Type'), type),
      ),
      find,
      audienceCount,
      audienceList,
    ),
    h(
      'fieldset',
      { class: 'field when' },
      h('legend', {}, 'When to send'),
      h('div', { class: 'choice' }, whenNow, h('label', { for: 'when-now' }, 'As soon as it is reviewed')),
      h('div', { class: 'choice' }, whenLater, h('label', { for: 'when-later' }, 'Later')),
      h('div', { class: 'field' }, h('label', { for: 'campaign-send-at' }, 'Send at'), sendAtHint, sendAt, sendAtError),
    ),
  );
  const form = h(
    'form',
    { class: 'card form campaign-form', id: 'campaign-form', novalidate: true, onsubmit: makeDraft },
    editing,
    error,
    h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: '#/campaigns' }, 'Cancel'), review),
  );

  // --- The review of the draft.
  const reviewSummary = h('p', { id: 'review-audience', class: 'review-audience' });
  const reviewDetails = h('dl', { class: 'details', id: 'review-details' });
  const reviewError = h('p', { class: 'notice notice-error', role: 'alert', id: 'review-error' });
  const start = h(
    'button',
    { type: 'button', id: 'review-start', class: 'primary', onclick: () => startDraft() },
    'Send now',
  );
  const back = h(
    'button',
    { type: 'button', id: 'review-edit', class: 'secondary', onclick: () => giveUpDraft() },
    'Back to editing',
  );
  const reviewPanel = h(
    'section',
    { class: 'card form campaign-review', id: 'campaign-review-panel', hidden: true, 'aria-labelledby': 'review-h' },
    h('h2', { id: 'review-h', tabindex: '-1' }, 'Review'),
    reviewSummary,
    reviewDetails,
    reviewError,
    h('div', { class: 'actions' }, back, start),
  );

  main.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/campaigns' }, '← Campaigns')),
    h('h1', { tabindex: '-1' }, 'New campaign'),
    form,
    reviewPanel,
  );

  function insertField(token) {
    const from = body.selectionStart ?? body.value.length;
    const to = body.selectionEnd ?? from;
    body.setRangeText(token, from, to, 'end');
    body.focus();
    updateCounter();
  }

  function recipients() {
    return audience?.recipients ?? [];
  }

  function updateCounter() {
    const list = recipients();
    const m = largestMerged(body.value, list);
    const a = m.analysis;
    chars.textContent = `${a.characters} / ${MAX_CHARACTERS} characters`;
    segments.textContent = `${a.segments} segment${a.segments === 1 ? '' : 's'}`;
    encoding.textContent = a.encoding === GSM7 ? 'GSM-7' : 'Unicode (UCS-2)';
    counter.dataset.encoding = a.encoding;
    counter.classList.toggle('over', a.overLimit);
    if (a.overLimit) chars.textContent += ` — ${a.characters - MAX_CHARACTERS} too many`;
    longestFor.textContent =
      list.length > 1 && m.recipient ? ` (the longest text, for ${recipientName(m.recipient)})` : '';
    estimate.textContent = list.length
      ? `About ${m.totalSegments} segment${m.totalSegments === 1 ? '' : 's'} in all for ${list.length} recipient${list.length === 1 ? '' : 's'}.`
      : 'Find the audience to count the segments of every recipient’s text.';
    const w = unicodeWarning(a);
    if ((w ?? '') !== warning.textContent) warning.textContent = w ?? '';
    fieldsError.textContent = unknownFieldProblem(body.value) ?? '';
    if (fieldsError.textContent || a.overLimit) body.setAttribute('aria-invalid', 'true');
    else body.removeAttribute('aria-invalid');
    const first = list[0] ?? null;
    preview.replaceChildren(
      ...(body.value.trim()
        ? [
            h('span', { class: 'preview-label' }, first ? `Preview for ${recipientName(first)}: ` : 'Preview: '),
            h('span', { id: 'campaign-preview-text' }, largestMerged(body.value, first ? [first] : []).text),
          ]
        : []),
    );
  }
  // Every recipient's text is merged and counted: a large audience is counted once the typing pauses.
  const updateCounterSoon = debounce(updateCounter, 200);
  body.addEventListener('input', () => (recipients().length > 2000 ? updateCounterSoon() : updateCounter()));
  name.addEventListener('input', () => name.removeAttribute('aria-invalid'));

  function audienceStale() {
    return audience !== null && (audience.q !== q.value.trim() || audience.type !== type.value.trim());
  }

  function showAudience() {
    if (audience === null) return;
    const list = recipients();
    const withoutPhone = audience.matched - list.length;
    audienceCount.textContent = audienceStale()
      ? 'The search changed: find the contacts again.'
      : `${audience.matched} ${audience.matched === 1 ? 'contact matches' : 'contacts match'}; ${list.length} ${list.length === 1 ? 'has a' : 'have a'} phone number` +
        `${withoutPhone > 0 ? ` (${withoutPhone} without one left out)` : ''}.`;
    const shown = list.slice(0, 5).map((r) => h('li', {}, recipientName(r)));
    if (list.length > 5) shown.push(h('li', { class: 'muted' }, `and ${list.length - 5} more`));
    audienceList.replaceChildren(...shown);
  }
  q.addEventListener('input', showAudience);
  type.addEventListener('change', showAudience);
  q.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      findAudience();
    }
  });

  /** Every contact that matches, page by page (sorted by name, so that pages do not shift under the paging). */
  async function findAudience() {
    const mine = ++searchSeq;
    const query = { q: q.value.trim(), type: type.value.trim() };
    error.textContent = '';
    find.disabled = true;
    audienceCount.textContent = 'Finding the contacts…';
    const contacts = [];
    try {
      for (let page = 0; ; page++) {
        const res = await contactsApi.list({
          q: query.q || undefined,
          type: query.type || undefined,
          page,
          size: CONTACTS_PAGE,
          sort: 'name',
        });
        if (mine !== searchSeq || left) return;
        const total = res.total ?? 0;
        if (total > MAX_AUDIENCE) {
          audienceCount.textContent = `${total} contacts match: narrow the search (at most ${MAX_AUDIENCE} per campaign from the console).`;
          audience = null;
          audienceList.replaceChildren();
          updateCounter();
          return;
        }
        contacts.push(...(res.items ?? []));
        if ((res.items ?? []).length < CONTACTS_PAGE || contacts.length >= total) break;
        audienceCount.textContent = `Finding the contacts… ${contacts.length} of ${total}`;
      }
      audience = { ...query, matched: contacts.length, recipients: recipientsFromContacts(contacts) };
      showAudience();
      updateCounter();
      announce(audienceCount.textContent);
    } catch (e) {
      if (mine === searchSeq) audienceCount.textContent = `Could not find the contacts: ${e.message}`;
    } finally {
      if (mine === searchSeq) find.disabled = false;
    }
  }

  // --- When.
  function updateWhen() {
    sendAt.disabled = !whenLater.checked;
    if (whenLater.checked && !sendAt.value) {
      const now = Date.now();
      sendAt.min = toLocalInputValue(new Date(now + 60_000));
      sendAt.max = toLocalInputValue(new Date(now + MAX_AHEAD_MS));
      sendAt.value = toLocalInputValue(new Date(now + 60 * 60_000));
    }
    sendAtError.textContent = '';
    sendAt.removeAttribute('aria-invalid');
  }
  whenNow.addEventListener('change', updateWhen);
  whenLater.addEventListener('change', updateWhen);
  sendAt.addEventListener('input', () => {
    sendAtError.textContent = '';
    sendAt.removeAttribute('aria-invalid');
  });

  /** What is wrong before a draft can be made, each next to its field: [{el, errorEl?, message}]. */
  function problems() {
    const found = [];
    if (!name.value.trim()) found.push({ el: name, message: 'Give the campaign a name.' });
    const merged = largestMerged(body.value, recipients());
    if (!body.value.trim()) found.push({ el: body, message: 'Write the text to send.' });
    else if (unknownFieldProblem(body.value)) found.push({ el: body, message: unknownFieldProblem(body.value) });
    else if (merged.analysis.overLimit)
      found.push({ el: body, message: `The longest text is over ${MAX_CHARACTERS} characters.` });
    if (audience === null) found.push({ el: find, message: 'Find the audience first.' });
    else if (audienceStale()) found.push({ el: find, message: 'The search changed: find the contacts again.' });
    else if (recipients().length === 0) found.push({ el: q, message: 'No contact with a phone number matches.' });
    if (whenLater.checked) {
      const p = sendAtProblem(sendAt.value);
      if (p) {
        sendAtError.textContent = p;
        sendAt.setAttribute('aria-invalid', 'true');
        found.push({ el: sendAt, message: p });
      }
    }
    return found;
  }

  async function makeDraft(e) {
    e.preventDefault();
    if (review.disabled) return;
    error.textContent = '';
    const found = problems();
    if (found.length) {
      error.textContent = found.map((p) => p.message).join(' ');
      found[0].el.focus();
      return;
    }
    const campaign = {
      name: name.value.trim(),
      body: body.value,
      sendAt: whenLater.checked ? localDateTimeToIso(sendAt.value) : undefined,
    };
    // Requests of at most 1 MB (the gateway's campaign routes take 4 MiB unless its operator says less).
    const chunks = chunkRecipients(recipients(), {
      maxBytes: 1_000_000,
      firstOverhead: new TextEncoder().encode(JSON.stringify(campaign)).length,
    });
    // One key per campaign as reviewed: a retry after a lost answer finds the same draft.
    const request = JSON.stringify([campaign, audience.q, audience.type, recipients().length]);
    if (key === null || keyFor !== request) {
      key = newIdempotencyKey();
      keyFor = request;
    }
    review.disabled = true;
    editing.disabled = true;
    review.textContent = 'Counting the recipients…';
    let made = null;
    try {
      made = await campaignsApi.create({ ...campaign, recipients: chunks[0] }, key);
      for (let i = 1; i < chunks.length && !left; i++) {
        review.textContent = `Adding the recipients… ${i + 1} of ${chunks.length}`;
        made = await campaignsApi.addRecipients(made.id, chunks[i]);
      }
      key = null;
      keyFor = null;
      if (left) return;
      draft = made;
      showReview();
    } catch (err) {
      editing.disabled = false;
      if (made !== null) {
        // Made, but not with every recipient: it would send to some only. It is given up; the next Review makes
        // another (with a new key: the old one names the canceled draft).
        key = null;
        keyFor = null;
        await campaignsApi.act(made.id, 'cancel').catch(() => {});
        error.textContent = `Not every recipient could be added (${err.message}): the draft was canceled, review again.`;
        error.focus?.();
        return;
      }
      error.textContent = err.message;
      const field = err.problem?.field ?? err.problem?.errors?.[0]?.field ?? '';
      const el = { name, body, sendAt }[field] ?? (field.startsWith('recipients') ? find : null);
      if (el && el !== find) el.setAttribute('aria-invalid', 'true');
      el?.focus();
    } finally {
      review.disabled = false;
      review.textContent = 'Review';
    }
  }

  function showReview() {
    const p = campaignProgress(draft.counts);
    const later = whenLater.checked;
    reviewSummary.textContent = `${audienceSummary(draft.counts)}.`;
    const rows = [
      ['Eligible', String(p.eligible), 'review-eligible'],
      ['Opted out (skipped)', String(p.skipped), 'review-skipped'],
      ['Segments', `about ${draft.segments?.estimated ?? '?'}`, 'review-segments'],
      [
        'Sends',
        later && draft.sendAt
          ? h('time', { datetime: draft.sendAt, title: fullDateTime(draft.sendAt) }, shortDateTime(draft.sendAt))
          : 'now',
        'review-when',
      ],
    ];
    reviewDetails.replaceChildren(...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { id }, v)]));
    start.textContent = later ? 'Schedule' : 'Send now';
    start.disabled = p.eligible === 0;
    reviewError.textContent = p.eligible === 0 ? 'Every recipient has opted out: there is no one to send to.' : '';
    form.hidden = true;
    reviewPanel.hidden = false;
    reviewPanel.querySelector('h2').focus();
    announce(reviewSummary.textContent);
  }

  async function startDraft() {
    reviewError.textContent = '';
    // A time that passed while reviewing would send at once: ask for another instead.
    if (whenLater.checked && draft.sendAt && Date.parse(draft.sendAt) - Date.now() < 30_000) {
      reviewError.textContent = 'The time to send has passed: go back to editing and choose another.';
      return;
    }
    start.disabled = true;
    back.disabled = true;
    try {
      const started = await campaignsApi.act(draft.id, 'start');
      announce(started.status === 'scheduled' ? 'Campaign scheduled.' : 'Campaign started.');
      window.location.hash = `#/campaigns/${encodeURIComponent(draft.id)}`;
    } catch (err) {
      reviewError.textContent = err.message;
      start.disabled = false;
      back.disabled = false;
    }
  }

  /** Back to the form: the draft is canceled (a new one is made by the next Review). */
  async function giveUpDraft() {
    back.disabled = true;
    start.disabled = true;
    const id = draft.id;
    draft = null;
    await campaignsApi.act(id, 'cancel').catch(() => {}); // a draft left behind is listed, and can be canceled there
    back.disabled = false;
    reviewPanel.hidden = true;
    form.hidden = false;
    editing.disabled = false;
    name.focus();
  }

  updateCounter();
  return () => {
    left = true;
  };
}

function recipientName(r) {
  const full = [r.fields?.firstName, r.fields?.lastName].filter(Boolean).join(' ');
  return r.name || full || contactName({ phoneE164: r.to });
}
