// me.js — the workplace of a user acting for themselves (issue 13): "My
// carriers", what I may read or am issued now (GET /v1/me/carriers, decided
// by the server's one access decision), each with its label; reading starts
// by choosing from that list (#/mine/ID shows which carrier is on screen,
// with its banner); then my issued copies with their dates, my grants with
// their end dates, my clearances with the restriction period, my trips
// (GET /v1/me/workplace). Nothing here names another person.

import { get, request } from '../api.js';
import { t, tv, articleText } from '../i18n.js';
import { h, clear, table, date, labelTag, stateTag, banner, load, section, refusal } from '../ui.js';
import { showContent } from './carriers.js';

function decision(c) {
  if (c.allowed) return h('span.decision.ok', '✔ ', t('mine.allowed'));
  return h('span.decision.bad', '✘ ', t('mine.refused'), ' ', c.article ? h('span.article', articleText(c.article)) : null, ' ', c.code ? h('code.code', c.code) : null);
}

export async function render(main, params, ctx) {
  main.appendChild(h('h1', t('mine.title')));
  main.appendChild(h('p.intro', t('mine.intro')));
  const listBox = h('div');
  const readBox = h('div.content-out', { 'data-testid': 'read-result', 'aria-live': 'polite' });
  main.appendChild(section('mine.carriers', listBox));
  let items = [];
  await load(listBox, async () => {
    items = (await get('/v1/me/carriers')).items || [];
    banner(items.map(c => c.label));
    return table([
      { key: 'field.account_number', get: c => h('span.account', c.account_number || '—') },
      { key: 'field.title', get: c => c.title || '—' },
      { key: 'field.label', get: c => labelTag(c.label) },
      { key: 'mine.issued_copies', get: c => (c.issued_copies || []).length ? (c.issued_copies || []).join(', ') : '—' },
      { key: 'mine.decision', get: c => decision(c) },
      { key: 'actions', get: c => h('a.button.small', { href: '#/mine/' + encodeURIComponent(c.id), 'data-testid': 'mine-read-' + c.account_number, 'aria-label': t('content.read') + ' ' + (c.account_number || '') }, t('content.read')) },
    ], items, { testid: 'mine-table', empty: 'mine.empty' });
  });
  if (params.id) {
    const c = items.find(x => x.id === params.id);
    main.appendChild(section('mine.reading', readBox));
    readBox.appendChild(h('p.reading-of', { 'data-testid': 'reading-of' },
      t('mine.shown'), ' ', h('strong', c ? c.account_number : '—'), c ? [' — ', c.title, ' ', labelTag(c.label)] : null));
    if (c) banner([c.label]);
    try {
      const buf = await request('GET', '/v1/carriers/' + encodeURIComponent(params.id) + '/content', undefined, { binary: true });
      if (buf.label) banner([buf.label]);
      readBox.appendChild(showContent(buf));
    } catch (e) {
      readBox.appendChild(refusal(e));
    }
  }

  const mineBox = h('div');
  main.appendChild(mineBox);
  await load(mineBox, async () => {
    const w = await get('/v1/me/workplace');
    const byId = Object.fromEntries(items.map(c => [c.id, c]));
    const target = g => g.carrier_id ? (byId[g.carrier_id] ? byId[g.carrier_id].account_number + ' — ' + byId[g.carrier_id].title : (g.target && g.target.name) || t('mine.a_carrier'))
      : ((g.target && g.target.name) || t('mine.an_information'));
    return h('div',
      section('mine.issued',
        table([
          { key: 'field.account_number', get: i => i.account_number || '—' },
          { key: 'field.title', get: i => i.title || '—' },
          { key: 'field.label', get: i => labelTag(i.label) },
          { key: 'field.copy_number', get: i => String(i.copy_number) },
          { key: 'mine.issued_on', get: i => date(i.issued_on) },
        ], w.issued || [], { testid: 'mine-issued', empty: 'mine.none' })),
      section('mine.grants',
        table([
          { key: 'mine.grant_to', get: g => target(g) },
          { key: 'mine.from', get: g => date(g.from) },
          { key: 'mine.until', get: g => date(g.until) },
          { key: 'field.state', get: g => stateTag('grant_state', g.state) },
        ], w.grants || [], { testid: 'mine-grants', empty: 'mine.none' })),
      section('mine.clearances',
        table([
          { key: 'mine.form', get: c => labelTag(c.form) },
          { key: 'field.state', get: c => stateTag('clearance_state', c.state) },
          { key: 'mine.granted_on', get: c => date(c.granted_on) },
          { key: 'mine.restriction_until', get: c => date(c.restriction_until) },
          { key: 'mine.terminated_on', get: c => date(c.terminated_on) },
        ], w.clearances || [], { testid: 'mine-clearances', empty: 'mine.none' })),
      section('mine.trips',
        table([
          { key: 'mine.country', get: x => x.country || '—' },
          { key: 'mine.depart_on', get: x => date(x.depart_on) },
          { key: 'mine.return_on', get: x => date(x.return_on) },
          { key: 'field.state', get: x => stateTag('trip_state', x.state) },
        ], w.trips || [], { testid: 'mine-trips', empty: 'mine.none' })));
  });
  if (params.id) { const r = main.querySelector('[data-testid="read-result"]'); if (r && r.scrollIntoView) r.scrollIntoView(); }
}
