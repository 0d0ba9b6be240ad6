// The campaigns, newest first (GET /api/campaigns, paged by the gateway's cursor): name, status, counts, when.
// "New campaign" for those who may run campaigns (sms-admin); the others get the reason where it would be.
import { campaignsApi } from '../api.js';
import { h } from '../dom.js';
import { shortDateTime, fullDateTime } from '../format.js';
import { currentRoles } from '../auth.js';
import { cannotReason } from '../roles.js';
import { campaignStatusLabel, countsLine } from '../campaigns.js';

const PAGE_SIZE = 25;

export async function renderCampaignList(main) {
  document.title = 'Campaigns · SMS console';
  const hash = window.location.hash;
  let nextCursor = null;
  let left = false;

  const list = h('ul', { class: 'campaign-list', id: 'campaign-list' });
  const count = h('p', { class: 'muted', id: 'campaign-count', role: 'status' });
  const error = h('p', { class: 'notice notice-error', role: 'alert' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => load() }, 'Show more');
  const runBlocked = cannotReason(currentRoles(), 'runCampaigns');
  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Campaigns'),
      runBlocked
        ? h('p', { class: 'hint', id: 'new-campaign-reason' }, `${runBlocked}.`)
        : h('a', { class: 'button primary', href: '#/campaigns/new', id: 'new-campaign' }, 'New campaign'),
    ),
    count,
    error,
    list,
    more,
  );

  let shown = 0;
  async function load() {
    error.textContent = '';
    more.disabled = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await campaignsApi.list({ cursor: nextCursor ?? undefined, limit: PAGE_SIZE });
      if (left) return;
      const items = page.items ?? [];
      list.append(...items.map(row));
      shown += items.length;
      nextCursor = page.nextCursor ?? null;
      more.hidden = !nextCursor;
      count.textContent =
        shown === 0 ? 'No campaigns yet.' : `${shown}${nextCursor ? '+' : ''} campaign${shown === 1 ? '' : 's'}`;
    } catch (e) {
      if (!left) error.textContent = e.message;
    } finally {
      more.disabled = false;
      list.removeAttribute('aria-busy');
    }
  }

  await load();
  if (window.location.hash !== hash) left = true;
  return () => {
    left = true;
  };
}

function row(c) {
  const when = c.status === 'scheduled' && c.sendAt ? c.sendAt : c.createdAt;
  return h(
    'li',
    { dataset: { id: c.id, status: c.status } },
    h(
      'a',
      { class: 'campaign-row', href: `#/campaigns/${encodeURIComponent(c.id)}` },
      h(
        'span',
        { class: 'campaign-main' },
        h('span', { class: 'campaign-name' }, c.name || 'Untitled campaign'),
        h('span', { class: 'campaign-sub' }, countsLine(c.counts)),
      ),
      h(
        'span',
        { class: 'contact-tags' },
        h('span', { class: `badge badge-campaign-${c.status}` }, campaignStatusLabel(c.status)),
        when
          ? h(
              'time',
              { class: 'muted small', datetime: when, title: fullDateTime(when) },
              `${c.status === 'scheduled' ? 'Goes' : 'Created'} ${shortDateTime(when)}`,
            )
          : null,
      ),
    ),
  );
}
