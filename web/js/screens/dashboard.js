// dashboard.js — the organization's deadlines (GET /v1/deadlines), overdue
// first, each with its code and article (SPEC.md §5 "Deadlines list").

import { get, all, qs } from '../api.js';
import { t, tp, tv, articleText, labelName, DEGREES, fmtDate } from '../i18n.js';
import { h, table, date, load, section } from '../ui.js';
import { objectLink, nameOf } from '../names.js';

// The object of a deadline by what a person knows: a carrier's account
// number and title, a person's or organization's name; the link stays.
const NAMED = { carrier: ['/v1/carriers/', c => c.account_number + (c.title ? ' — ' + c.title : '')], list: ['/v1/lists/', l => l.title || l.id] };
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
  return svg;
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
  const stack = new Map();
  for (const i of soon) {
    const x = Math.round(xOf(i.due_on));
    const k = stack.get(x) || 0;
    stack.set(x, k + 1);
    svg.appendChild(s('circle', { cx: x, cy: axis - 12 - k * 12, r: 5, fill: '#2c5d8f' },
      s('title', {}, fmtDate(i.due_on) + ' — ' + tv('deadline', i.kind))));
  }
  return svg;
}

export async function render(main, params, ctx) {
  main.appendChild(h('h1', t('nav.dashboard')));
  const charts = h('div.charts');
  main.appendChild(section('dash.title', charts));
  const body = h('div');
  main.appendChild(section('deadlines.title', body));
  await load(body, async () => {
    const r = await get('/v1/deadlines' + qs({ org_id: ctx.user.org_id }));
    const carriers = await all('/v1/carriers' + qs({ org_id: ctx.user.org_id })).catch(() => []);
    const issued = carriers.filter(c => c.state === 'issued').length;
    charts.appendChild(h('div', h('h3', t('dash.carriers')), carriersChart(carriers)));
    charts.appendChild(h('div', h('h3', t('dash.timeline')), timelineChart(r.items || [], r.as_of)));
    charts.appendChild(h('p.summary', { 'data-testid': 'dash-issued' }, tp('dash.issued', issued)));
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
