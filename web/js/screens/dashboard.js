// dashboard.js — the organization's deadlines (GET /v1/deadlines), overdue
// first, each with its code and article (SPEC.md §5 "Deadlines list").

import { get, all, qs } from '../api.js';
import { t, tp, tv, articleText, labelName, DEGREES, fmtDate } from '../i18n.js';
import { h, table, date, load, section } from '../ui.js';
import { objectLink, nameOf } from '../names.js';

// The object of a deadline by what a person knows: a carrier's account
// number and title, a person's or organization's name; the link stays.
const NAMED = {
  carrier: ['/v1/carriers/', c => c.account_number + (c.title ? ' — ' + c.title : '')],
  list: ['/v1/lists/', l => l.title || l.id],
  jw: ['/v1/joint-works/', j => (j.carriers || []).map(c => c.account_number).filter(Boolean).join(', ') || (j.agreement && j.agreement.number) || j.id],
  request: ['/v1/declassification-requests/', q => [q.requester, q.subject].filter(Boolean).join(' — ') || q.id],
  clearance: ['/v1/clearances/', c => nameOf('person', c.person_id)],
};
const seen = new Map();
// Certificates have no page of their own: named from the organization's list.
let certificateNames = new Map();
function objectTitle(id) {
  const link = objectLink(id);
  const kind = String(id || '').split('_')[0];
  if (typeof link === 'string' || !link.querySelector) return link;
  const code = link.querySelector('code');
  if (!code) return link;
  if (kind === 'certificate' && certificateNames.has(id)) {
    code.replaceWith(certificateNames.get(id));
  } else if (kind === 'person' || kind === 'org' || kind === 'info') {
    code.replaceWith(nameOf(kind, id));
  } else if (NAMED[kind]) {
    const [path, fmt] = NAMED[kind];
    if (!seen.has(id)) seen.set(id, get(path + encodeURIComponent(id)).catch(() => null));
    seen.get(id).then(r => { if (r) code.replaceWith(h('span.ref', fmt(r))); });
  }
  return link;
}

// ---------------------------------------------------------------- charts
// Drawn here as SVG (no library): the page prints them as they are.
const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const k of kids.flat()) if (k !== null && k !== undefined) el.appendChild(typeof k === 'string' ? document.createTextNode(k) : k);
  return el;
}
const STATE_COLORS = { registered: '#4a7bb7', issued: '#e0a030', transferred: '#7a5cb0', archived: '#6b8e23', destroyed: '#888', lost: '#c0392b', declassified: '#2e8b57' };

// Carriers by label (rows) and state (stacked segments).
function carriersChart(carriers) {
  const states = Object.keys(STATE_COLORS).filter(st => carriers.some(c => c.state === st));
  const labels = DEGREES.filter(d => carriers.some(c => c.label === d));
  const max = Math.max(1, ...labels.map(d => carriers.filter(c => c.label === d).length));
  const W = 640, left = 190, bar = 26, gap = 10, top = 10;
  const H = top + labels.length * (bar + gap) + 40;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': 'chart-carriers-title', 'data-testid': 'chart-carriers', class: 'chart' },
    s('title', { id: 'chart-carriers-title' }, t('dash.carriers')));
  labels.forEach((d, i) => {
    const y = top + i * (bar + gap);
    svg.appendChild(s('text', { x: left - 8, y: y + bar * 0.68, 'text-anchor': 'end', 'font-size': 13 }, labelName(d)));
    let x = left;
    for (const st of states) {
      const n = carriers.filter(c => c.label === d && c.state === st).length;
      if (!n) continue;
      const w = (W - left - 20) * n / max;
      svg.appendChild(s('rect', { x, y, width: w, height: bar, fill: STATE_COLORS[st] }, s('title', {}, tv('carrier_state', st) + ': ' + n)));
      if (w > 18) svg.appendChild(s('text', { x: x + w / 2, y: y + bar * 0.68, 'text-anchor': 'middle', 'font-size': 12, fill: '#fff' }, String(n)));
      x += w;
    }
  });
  let lx = left;
  const ly = H - 18;
  for (const st of states) {
    svg.appendChild(s('rect', { x: lx, y: ly - 10, width: 12, height: 12, fill: STATE_COLORS[st] }));
    const name = tv('carrier_state', st);
    svg.appendChild(s('text', { x: lx + 16, y: ly, 'font-size': 12 }, name));
    lx += 30 + name.length * 7;
  }
  return described(svg, 'chart-carriers', labels.map(d => labelName(d) + ': ' + carriers.filter(c => c.label === d).length).join('; ') + '.');
}

// The next 90 days of deadlines on a line; overdue ones at the left, in red.
function timelineChart(items, asOf) {
  const day = 86400000;
  const t0 = Date.parse(asOf || new Date().toISOString().slice(0, 10));
  const W = 640, left = 70, right = 45, H = 120, axis = 70;
  const span = W - left - right;
  const xOf = d => left + span * Math.min(90, Math.max(0, (Date.parse(d) - t0) / day)) / 90;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': 'chart-deadlines-title', 'data-testid': 'chart-deadlines', class: 'chart' },
    s('title', { id: 'chart-deadlines-title' }, t('dash.timeline')),
    s('line', { x1: left, y1: axis, x2: W - right, y2: axis, stroke: '#333' }));
  for (const d of [0, 30, 60, 90]) {
    const x = left + span * d / 90;
    svg.appendChild(s('line', { x1: x, y1: axis - 4, x2: x, y2: axis + 4, stroke: '#333' }));
    svg.appendChild(s('text', { x, y: axis + 20, 'text-anchor': 'middle', 'font-size': 12 }, fmtDate(new Date(t0 + d * day).toISOString().slice(0, 10))));
  }
  const over = items.filter(i => i.overdue);
  if (over.length) {
    svg.appendChild(s('circle', { cx: 25, cy: axis, r: 12, fill: '#c0392b', class: 'overdue-mark' }, s('title', {}, t('deadlines.overdue') + ': ' + over.length)));
    svg.appendChild(s('text', { x: 25, y: axis + 4, 'text-anchor': 'middle', 'font-size': 12, fill: '#fff' }, String(over.length)));
    svg.appendChild(s('text', { x: 25, y: axis + 30, 'text-anchor': 'middle', 'font-size': 11, fill: '#c0392b' }, t('deadlines.overdue')));
  }
  const soon = items.filter(i => !i.overdue && (Date.parse(i.due_on) - t0) / day <= 90);
  if (!soon.length && !over.length)
    svg.appendChild(s('text', { x: left + span / 2, y: axis - 24, 'text-anchor': 'middle', 'font-size': 12, fill: '#555' }, t('dash.none_due')));
  const stack = new Map();
  for (const i of soon) {
    const x = Math.round(xOf(i.due_on));
    const k = stack.get(x) || 0;
    stack.set(x, k + 1);
    svg.appendChild(s('circle', { cx: x, cy: axis - 12 - k * 12, r: 5, fill: '#2c5d8f', class: 'mark' },
      s('title', {}, fmtDate(i.due_on) + ' — ' + tv('deadline', i.kind))));
  }
  return described(svg, 'chart-deadlines', tp('deadlines.summary', over.length + soon.length, { over: over.length }));
}

// A desc for a chart: what it shows, in words, for readers that do not see it.
function described(svg, id, text) {
  const title = svg.querySelector('title');
  const desc = s('desc', { id: id + '-desc' }, text);
  title.after(desc);
  svg.setAttribute('aria-describedby', id + '-desc');
  return svg;
}

// Dates ahead, one lane per series (restriction periods ending, permits
// expiring, certificates expiring), from today to the latest date (at least
// a year); what has already ended sits left of the axis, in red.
const LANES = [
  { key: 'restriction', shape: 'circle', color: '#7a5cb0' },
  { key: 'permit', shape: 'square', color: '#2c5d8f' },
  { key: 'certificate', shape: 'diamond', color: '#6b8e23' },
];
function expiryChart(series, asOf) {
  const day = 86400000;
  const t0 = Date.parse(asOf);
  const all = LANES.flatMap(l => series[l.key]);
  const lastDays = Math.max(365, ...all.map(i => (Date.parse(i.on) - t0) / day));
  const W = 640, left = 230, right = 30, lane = 34, top = 8;
  const axis = top + LANES.length * lane + 4;
  const H = axis + 28;
  const span = W - left - right;
  const xOf = on => left + span * Math.max(0, (Date.parse(on) - t0) / day) / lastDays;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': 'chart-expiry-title', 'data-testid': 'chart-expiry', class: 'chart' },
    s('title', { id: 'chart-expiry-title' }, t('dash.expiry')),
    s('line', { x1: left, y1: axis, x2: W - right, y2: axis, stroke: '#333' }),
    s('text', { x: left - 12, y: axis + 20, 'text-anchor': 'end', 'font-size': 11, fill: '#c0392b' }, t('dash.ended')));
  const ticks = [0, 1 / 3, 2 / 3, 1];
  for (const f of ticks) {
    const x = left + span * f;
    svg.appendChild(s('line', { x1: x, y1: axis - 4, x2: x, y2: axis + 4, stroke: '#333' }));
    svg.appendChild(s('text', { x, y: axis + 20, 'text-anchor': f === 1 ? 'end' : f === 0 ? 'start' : 'middle', 'font-size': 11 }, fmtDate(new Date(t0 + f * lastDays * day).toISOString().slice(0, 10))));
  }
  LANES.forEach((l, i) => {
    const y = top + i * lane + lane / 2;
    const items = series[l.key];
    svg.appendChild(s('text', { x: 8, y: y + 4, 'font-size': 12, class: 'lane' }, tp('dash.lane.' + l.key, items.length)));
    svg.appendChild(s('line', { x1: left - 60, y1: y, x2: W - right, y2: y, stroke: '#ddd' }));
    const stack = new Map();
    for (const it of items) {
      const ended = Date.parse(it.on) < t0;
      const x = ended ? left - 40 : Math.round(xOf(it.on));
      const k = stack.get(x) || 0;
      stack.set(x, k + 1);
      const cx = x + (ended ? -k * 9 : 0), cy = y - (ended ? 0 : k * 9);
      const fill = ended ? '#c0392b' : l.color;
      const label = s('title', {}, it.name + ' — ' + fmtDate(it.on) + (ended ? ' (' + t('dash.ended') + ')' : ''));
      const attrs = { class: 'mark' + (ended ? ' ended' : ''), 'data-series': l.key, fill };
      svg.appendChild(l.shape === 'circle' ? s('circle', Object.assign({ cx, cy, r: 5 }, attrs), label)
        : l.shape === 'square' ? s('rect', Object.assign({ x: cx - 5, y: cy - 5, width: 10, height: 10 }, attrs), label)
          : s('path', Object.assign({ d: `M${cx} ${cy - 6}L${cx + 6} ${cy}L${cx} ${cy + 6}L${cx - 6} ${cy}Z` }, attrs), label));
    }
  });
  return described(svg, 'chart-expiry', LANES.map(l => tp('dash.lane.' + l.key, series[l.key].length)).join('; ') + '.');
}

// Copies out on issue: one bar per copy, as long as the days it has been out.
function issuedChart(copies, asOf) {
  const day = 86400000;
  const t0 = Date.parse(asOf);
  const days = c => Math.max(0, Math.round((t0 - Date.parse(c.issued_on)) / day));
  const max = Math.max(30, ...copies.map(days));
  const W = 640, left = 260, bar = 18, gap = 8, top = 6;
  const H = top + Math.max(1, copies.length) * (bar + gap) + 24;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': 'chart-issued-title', 'data-testid': 'chart-issued', class: 'chart' },
    s('title', { id: 'chart-issued-title' }, t('dash.issued_chart')));
  if (!copies.length) svg.appendChild(s('text', { x: 8, y: top + bar * 0.7, 'font-size': 12 }, t('dash.none_issued')));
  copies.forEach((c, i) => {
    const y = top + i * (bar + gap);
    const n = days(c);
    const w = Math.max(3, (W - left - 60) * n / max);
    svg.appendChild(s('text', { x: left - 8, y: y + bar * 0.72, 'text-anchor': 'end', 'font-size': 12 }, c.account_number + ' № ' + c.number));
    svg.appendChild(s('rect', { x: left, y, width: w, height: bar, fill: '#e0a030', class: 'mark', 'data-series': 'issued' },
      s('title', {}, c.account_number + ' № ' + c.number + ' — ' + fmtDate(c.issued_on) + ', ' + tp('dash.days', n))));
    svg.appendChild(s('text', { x: left + w + 6, y: y + bar * 0.72, 'font-size': 12 }, tp('dash.days', n)));
  });
  return described(svg, 'chart-issued', tp('dash.issued_copies', copies.length));
}

// Dates of the dashboard's expiry chart from the organization's records.
async function expirySeries(orgId) {
  const org = await get('/v1/orgs/' + encodeURIComponent(orgId)).catch(() => null);
  const permits = ((org && org.permits) || []).filter(p => p.valid_until && p.state !== 'cancelled')
    .map(p => ({ name: t('dash.permit') + ' ' + p.number, on: p.valid_until }));
  const certs = await all('/v1/orgs/' + encodeURIComponent(orgId) + '/certificates').catch(() => []);
  certificateNames = new Map(certs.map(c => [c.id, [c.means, c.number].filter(Boolean).join(' № ')]));
  const certificates = certs.filter(c => c.valid_until).map(c => ({ name: certificateNames.get(c.id), on: c.valid_until }));
  const persons = await all('/v1/persons' + qs({ org_id: orgId }), 400).catch(() => []);
  const restriction = [];
  await Promise.all(persons.map(async p => {
    const full = await get('/v1/persons/' + encodeURIComponent(p.id)).catch(() => null);
    for (const c of (full && full.clearances) || [])
      if (c.restriction_until) restriction.push({ name: full.full_name, on: c.restriction_until });
  }));
  const byDate = (a, b) => a.on < b.on ? -1 : a.on > b.on ? 1 : 0;
  return { restriction: restriction.sort(byDate), permit: permits.sort(byDate), certificate: certificates.sort(byDate) };
}

export async function render(main, params, ctx) {
  main.appendChild(h('h1', t('nav.dashboard')));
  const charts = h('div.charts');
  main.appendChild(section('dash.title', charts));
  const body = h('div');
  main.appendChild(section('deadlines.title', body));
  await load(body, async () => {
    const r = await get('/v1/deadlines' + qs({ org_id: ctx.user.org_id }));
    const series = await expirySeries(ctx.user.org_id);
    const carriers = await all('/v1/carriers' + qs({ org_id: ctx.user.org_id })).catch(() => []);
    const asOf = r.as_of || new Date().toISOString().slice(0, 10);
    const copies = carriers.flatMap(c => (c.copies || []).filter(k => k.state === 'issued')
      .map(k => ({ account_number: c.account_number, number: k.number, issued_on: k.issued_on || asOf })))
      .sort((a, b) => a.issued_on < b.issued_on ? -1 : a.issued_on > b.issued_on ? 1 : 0);
    charts.appendChild(h('div.chart-box', h('h3', t('dash.carriers')), carriersChart(carriers)));
    charts.appendChild(h('div.chart-box', h('h3', t('dash.timeline')), timelineChart(r.items || [], asOf)));
    charts.appendChild(h('div.chart-box', h('h3', t('dash.expiry')), expiryChart(series, asOf)));
    charts.appendChild(h('div.chart-box', h('h3', t('dash.issued_chart')), issuedChart(copies, asOf),
      copies.length ? h('p.summary', { 'data-testid': 'dash-issued' }, tp('dash.issued_copies', copies.length)) : null));
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
