// One campaign: its status, text and counts, updated live from the gateway's stream (GET
// /api/campaigns/{id}/stream, over fetch with the bearer token as the conversation's: js/sse.js), Start, Pause,
// Resume and Cancel as its status allows for those who may run campaigns (sms-admin), and its recipients.
import { campaignsApi } from '../api.js';
import { authHeaders, currentRoles, signInAgain } from '../auth.js';
import { connectEventStream } from '../sse.js';
import { h, announce } from '../dom.js';
import { humanise, shortDateTime, fullDateTime, failureReason } from '../format.js';
import { cannotReason } from '../roles.js';
import {
  campaignActions,
  campaignProgress,
  campaignStatusLabel,
  countRows,
  countsLine,
  newerCampaign,
} from '../campaigns.js';

const RECIPIENTS_PAGE = 50;

export async function renderCampaign(main, id) {
  const hash = window.location.hash;
  let campaign;
  try {
    campaign = await campaignsApi.get(id);
  } catch (e) {
    document.title = 'Campaign not found · SMS console';
    main.append(
      h('h1', { tabindex: '-1' }, e.status === 404 ? 'Campaign not found' : 'Could not load the campaign'),
      h('p', { class: 'notice notice-error', role: 'alert' }, e.message),
      h('p', {}, h('a', { href: '#/campaigns' }, 'Back to the campaigns')),
    );
    return null;
  }
  if (window.location.hash !== hash) return null; // left while it loaded
  document.title = `${campaign.name} · SMS console`;

  let closed = false;
  let source = null;
  let everOpened = false;
  const runBlocked = cannotReason(currentRoles(), 'runCampaigns');

  const heading = h('h1', { tabindex: '-1', id: 'campaign-title' });
  const status = h('span', { class: 'badge', id: 'campaign-status' });
  const when = h('p', { class: 'muted', id: 'campaign-when' });
  const liveState = h(
    'span',
    { class: 'live-state', id: 'campaign-live', dataset: { state: 'connecting' } },
    'Connecting…',
  );
  const progress = h('progress', { id: 'campaign-progress', max: '1', value: '0', 'aria-labelledby': 'progress-h' });
  const percent = h('span', { id: 'campaign-percent', class: 'muted' });
  const line = h('p', { id: 'campaign-counts-line', role: 'status' });
  const counts = h('dl', { class: 'details counts', id: 'campaign-counts' });
  const countCells = new Map();
  for (const r of countRows(campaign.counts)) {
    const dd = h('dd', { id: `count-${r.key}`, dataset: { count: String(r.value) } }, String(r.value));
    countCells.set(r.key, dd);
    counts.append(h('dt', {}, r.label), dd);
  }
  const bodyText = h('p', { class: 'campaign-body', id: 'campaign-body-text' });
  const segments = h('p', { class: 'muted', id: 'campaign-segments' });
  const actionError = h('p', { class: 'notice notice-error', role: 'alert', id: 'campaign-action-error' });

  const buttons = {
    start: h(
      'button',
      { type: 'button', class: 'primary', id: 'campaign-start', onclick: () => act('start') },
      'Start',
    ),
    pause: h(
      'button',
      { type: 'button', class: 'secondary', id: 'campaign-pause', onclick: () => act('pause') },
      'Pause',
    ),
    resume: h(
      'button',
      { type: 'button', class: 'primary', id: 'campaign-resume', onclick: () => act('resume') },
      'Resume',
    ),
    cancel: h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'campaign-cancel',
        'aria-expanded': 'false',
        'aria-controls': 'campaign-cancel-ask',
        onclick: () => askCancel(true),
      },
      'Cancel campaign',
    ),
  };
  // Canceling cannot be undone: asked once more, in the page (no window.confirm).
  const confirmYes = h('button', { type: 'button', class: 'danger', id: 'campaign-cancel-confirm' }, 'Yes, cancel it');
  const confirmNo = h('button', { type: 'button', class: 'secondary', id: 'campaign-cancel-keep' }, 'Keep it');
  const confirmBox = h(
    'div',
    { class: 'confirm', id: 'campaign-cancel-ask', hidden: true, role: 'group', 'aria-labelledby': 'cancel-q' },
    h('p', { id: 'cancel-q' }, 'Cancel the campaign? Texts not yet handed to the carrier will not be sent.'),
    h('div', { class: 'actions' }, confirmNo, confirmYes),
  );
  confirmYes.addEventListener('click', () => act('cancel'));
  confirmNo.addEventListener('click', () => askCancel(false));
  const controls = runBlocked
    ? h('p', { class: 'hint', id: 'campaign-controls-reason' }, `${runBlocked}.`)
    : h(
        'div',
        { class: 'campaign-controls' },
        h('div', { class: 'actions' }, buttons.start, buttons.pause, buttons.resume, buttons.cancel),
        confirmBox,
        actionError,
      );

  const recipientList = h('ul', { class: 'recipient-list', id: 'campaign-recipients' });
  const recipientsError = h('p', { class: 'notice notice-error', role: 'alert' });
  const moreRecipients = h(
    'button',
    { type: 'button', class: 'secondary', hidden: true, onclick: () => loadRecipients(false) },
    'Show more',
  );
  let recipientsCursor = null;

  main.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/campaigns' }, '← Campaigns')),
    h('div', { class: 'page-head' }, h('div', {}, heading, h('div', { class: 'contact-tags' }, status)), controls),
    when,
    h(
      'div',
      { class: 'campaign-grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'progress-h' },
        h('div', { class: 'section-head' }, h('h2', { id: 'progress-h' }, 'Progress'), liveState),
        h('div', { class: 'progress-row' }, progress, percent),
        line,
        counts,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'text-h' },
        h('h2', { id: 'text-h' }, 'Text'),
        bodyText,
        segments,
      ),
      h(
        'section',
        { class: 'card campaign-recipients', 'aria-labelledby': 'recipients-h' },
        h(
          'div',
          { class: 'section-head' },
          h('h2', { id: 'recipients-h' }, 'Recipients'),
          h('button', { type: 'button', class: 'link-button', onclick: () => loadRecipients(true) }, 'Refresh'),
        ),
        recipientsError,
        recipientList,
        moreRecipients,
      ),
    ),
  );

  function render() {
    const c = campaign;
    const p = campaignProgress(c.counts);
    heading.textContent = c.name || 'Untitled campaign';
    status.textContent = campaignStatusLabel(c.status);
    status.className = `badge badge-campaign-${c.status}`;
    status.dataset.status = c.status;
    const by = c.createdBy?.name ? ` by ${c.createdBy.name}` : '';
    const goes = c.sendAt ? ` · ${c.status === 'scheduled' ? 'Sends' : 'Send at'} ${fullDateTime(c.sendAt)}` : '';
    when.textContent = `Created ${shortDateTime(c.createdAt)}${by}${goes}`;
    progress.max = Math.max(1, p.eligible);
    progress.value = p.settled;
    percent.textContent = `${p.percent}% settled`;
    const text = countsLine(c.counts);
    if (line.textContent !== text) line.textContent = text;
    for (const r of countRows(c.counts)) {
      const dd = countCells.get(r.key);
      if (dd.textContent !== String(r.value)) {
        dd.textContent = String(r.value);
        dd.dataset.count = String(r.value);
      }
    }
    if (bodyText.textContent !== (c.body ?? '')) bodyText.textContent = c.body ?? '';
    const est = c.segments?.estimated;
    const actual = c.segments?.actual;
    segments.textContent =
      est == null ? '' : `About ${est} segment${est === 1 ? '' : 's'} in all; ${actual ?? 0} handed to the carrier.`;
    const allowed = campaignActions(c.status);
    for (const [name, button] of Object.entries(buttons)) {
      button.hidden = !allowed[name];
    }
    if (!allowed.cancel) confirmBox.hidden = true;
  }

  function apply(next, why) {
    if (!next?.id || !newerCampaign(campaign, next)) return;
    const before = campaign.status;
    campaign = next;
    render();
    if (before !== next.status) {
      announce(`Campaign ${campaignStatusLabel(next.status).toLowerCase()}: ${countsLine(next.counts)}.`);
      if (why !== 'action') loadRecipients(true);
    }
  }

  function askCancel(open) {
    confirmBox.hidden = !open;
    buttons.cancel.setAttribute('aria-expanded', String(open));
    (open ? confirmNo : buttons.cancel).focus();
  }

  async function act(action) {
    actionError.textContent = '';
    const all = [...Object.values(buttons), confirmYes, confirmNo];
    all.forEach((b) => (b.disabled = true));
    try {
      apply(await campaignsApi.act(campaign.id, action), 'action');
      confirmBox.hidden = true;
      loadRecipients(true);
    } catch (e) {
      actionError.textContent = e.message;
      // 409: the campaign moved on meanwhile (e.g. completed): show what it is now.
      if (e.status === 409)
        await campaignsApi.get(campaign.id).then(
          (c) => apply(c, 'refresh'),
          () => {},
        );
    } finally {
      all.forEach((b) => (b.disabled = false));
      // The button pressed may now be hidden (Pause gives way to Resume): the focus goes to the next one shown.
      if (document.activeElement === document.body || document.activeElement?.hidden) {
        (Object.values(buttons).find((b) => !b.hidden) ?? heading).focus();
      }
    }
  }

  async function loadRecipients(fromStart) {
    recipientsError.textContent = '';
    try {
      const page = await campaignsApi.recipients(campaign.id, {
        cursor: fromStart ? undefined : (recipientsCursor ?? undefined),
        limit: RECIPIENTS_PAGE,
      });
      if (closed) return;
      const rows = (page.items ?? []).map(recipientRow);
      if (fromStart) recipientList.replaceChildren(...rows);
      else recipientList.append(...rows);
      recipientsCursor = page.nextCursor ?? null;
      moreRecipients.hidden = !recipientsCursor;
      if (fromStart && rows.length === 0) recipientList.append(h('li', { class: 'muted' }, 'No recipients.'));
    } catch (e) {
      if (!closed) recipientsError.textContent = e.message;
    }
  }

  function setLive(state, text) {
    liveState.dataset.state = state;
    liveState.textContent = text;
  }

  function connect() {
    source = connectEventStream(campaignsApi.streamUrl(campaign.id), {
      headers: async () => authHeaders(),
      onOpen: () => {
        setLive('live', 'Live');
        // After a reconnect the stream's first event brings the campaign as it is; nothing else to fetch.
        everOpened = true;
      },
      onState: (state, detail) => {
        if (closed) return;
        if (state === 'reconnecting') setLive('reconnecting', everOpened ? 'Reconnecting…' : 'Connecting…');
        else setLive('off', `No live updates: ${detail}`);
      },
      onUnauthorized: () => signInAgain(),
      onEvent: (event) => {
        if (event.type !== 'campaign') return;
        try {
          apply(JSON.parse(event.data), 'live');
        } catch {
          // not a campaign: ignored
        }
      },
    });
  }

  render();
  loadRecipients(true);
  connect();
  return () => {
    closed = true;
    source?.close();
  };
}

const RECIPIENT_LABELS = {
  queued: 'Waiting',
  held: 'Held for quiet hours',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Undelivered',
  failed: 'Failed',
  skipped: 'Skipped (opted out)',
  canceled: 'Canceled',
};

function recipientRow(r) {
  const label = RECIPIENT_LABELS[r.status] ?? humanise(r.status);
  const reason = r.errorCode != null ? failureReason(r) : null;
  const held = r.status === 'held' && r.heldUntil ? ` until ${shortDateTime(r.heldUntil)}` : '';
  return h(
    'li',
    { class: 'recipient', dataset: { to: r.to, status: r.status } },
    r.contactId
      ? h('a', { class: 'recipient-to', href: `#/contacts/${encodeURIComponent(r.contactId)}` }, r.to)
      : h('span', { class: 'recipient-to' }, r.to),
    h('span', { class: `badge recipient-status status-${r.status}` }, `${label}${held}`),
    reason ? h('span', { class: 'recipient-error' }, reason) : null,
  );
}
