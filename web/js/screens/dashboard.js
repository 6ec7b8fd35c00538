// dashboard.js — the organization's deadlines (GET /v1/deadlines), overdue
// first, each with its code and article (SPEC.md §5 "Deadlines list").

import { get, qs } from '../api.js';
import { t, tp, tv, articleText } from '../i18n.js';
import { h, table, date, load, section } from '../ui.js';
import { objectLink, nameOf } from '../names.js';

// The object of a deadline by what a person knows: a carrier's account
// number and title, a person's or organization's name; the link stays.
const NAMED = { carrier: ['/v1/carriers/', c => c.account_number + (c.title ? ' — ' + c.title : '')] };
const seen = new Map();
function objectTitle(id) {
  const link = objectLink(id);
  const kind = String(id || '').split('_')[0];
  if (typeof link === 'string' || !link.querySelector) return link;
  const code = link.querySelector('code');
  if (!code) return link;
  if (kind === 'person' || kind === 'org' || kind === 'info') {
    code.replaceWith(nameOf(kind, id));
  } else if (NAMED[kind]) {
    const [path, fmt] = NAMED[kind];
    if (!seen.has(id)) seen.set(id, get(path + encodeURIComponent(id)).catch(() => null));
    seen.get(id).then(r => { if (r) code.replaceWith(h('span.ref', fmt(r))); });
  }
  return link;
}

export async function render(main, params, ctx) {
  main.appendChild(h('h1', t('nav.dashboard')));
  const body = h('div');
  main.appendChild(section('deadlines.title', body));
  await load(body, async () => {
    const r = await get('/v1/deadlines' + qs({ org_id: ctx.user.org_id }));
    const items = (r.items || []).slice();
    // overdue first; within each group the server's order (by due_on)
    const sorted = items.filter(i => i.overdue).concat(items.filter(i => !i.overdue));
    const over = sorted.filter(i => i.overdue).length;
    return h('div',
      h('p.summary', { 'data-testid': 'deadlines-summary' }, tp('deadlines.summary', items.length, { over })),
      table([
        { key: 'deadlines.status', get: i => i.overdue ? h('strong.overdue', '⚠ ', t('deadlines.overdue')) : h('span.open', t('deadlines.open')) },
        { key: 'deadlines.due', get: i => date(i.due_on) },
        { key: 'deadlines.kind', get: i => tv('deadline', i.kind) },
        { key: 'deadlines.object', get: i => objectTitle(i.object_id) },
        { key: 'deadlines.rule', get: i => [i.code ? h('code', i.code) : '', ' ', i.article ? h('span.article', articleText(i.article)) : ''] },
      ], sorted, { testid: 'deadlines', empty: 'deadlines.none', rowAttrs: i => ({ class: i.overdue ? 'row-overdue' : null }) }));
  });
}
