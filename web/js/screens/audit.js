// audit.js — the audit log for auditors: the current signed tree head and
// the entries in order; a chosen entry's inclusion in the signed tree is
// verified here in the browser, trusting nothing but the head's signature:
//   leaf = SHA-256(0x00 || entry bytes)          (RFC 9162 §2.1.1)
//   the path from GET /v1/audit/proof folded as in RFC 9162 §2.1.3.2
//   with node = SHA-256(0x01 || left || right), compared with the root of
//   the signed head; the head's Ed25519 signature is checked over
//   "qupiya-sth-v1\n" size "\n" root "\n" timestamp "\n" where the
//   browser's WebCrypto supports Ed25519.
// The entry bytes are the stored canonical text ("raw", asked with raw=1).
//
// The log itself (issue 13): newest first, filtered on the server (actor,
// action, object, outcome, organization, dates in the chosen zone), with
// actors and objects named by the server (view=named: login and person's
// name, account number, list title), actions in words (act.<code> in
// i18n.js; a refusal's request line is mapped to the act it refused), times
// in Asia/Almaty unless another zone is chosen; the CSV export of the same
// view comes from GET /v1/audit/export (audited, label on its first line).

import { get, qs, request, ApiError } from '../api.js';
import { t, tv, parseDate, articleText, DICT } from '../i18n.js';
import { h, clear, table, dl, date, load, section, refusal, banner, labelTag } from '../ui.js';
import { orgOptions } from '../names.js';

const hex = buf => Array.from(new Uint8Array(buf)).map(b => b.toString(16).padStart(2, '0')).join('');
const unhex = s => new Uint8Array((s.match(/../g) || []).map(x => parseInt(x, 16)));

async function sha256(...parts) {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const buf = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { buf.set(p, o); o += p.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

export async function leafHash(bytes) { return sha256(new Uint8Array([0]), bytes); }
const nodeHash = (l, r) => sha256(new Uint8Array([1]), l, r);

// RFC 9162 §2.1.3.2: true when path proves leaf at index in a tree of size
// with root.
export async function verifyInclusion(leaf, index, size, path, root) {
  if (index >= size) return false;
  let fn = index, sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1) === 0) {
        while ((fn & 1) === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hex(r) === hex(root);
}

async function verifySignature(head) {
  try {
    const key = await crypto.subtle.importKey('raw', unhex(head.public_key), { name: 'Ed25519' }, false, ['verify']);
    const msg = new TextEncoder().encode('qupiya-sth-v1\n' + head.size + '\n' + head.root + '\n' + head.timestamp + '\n');
    return (await crypto.subtle.verify({ name: 'Ed25519' }, key, unhex(head.signature), msg)) ? 'valid' : 'invalid';
  } catch (e) {
    return 'unsupported';
  }
}

export async function render(main, params, ctx) {
  // local time: Asia/Almaty unless the auditor chose another zone (kept for the tab)
  const tzs = ['Asia/Almaty', 'Asia/Aqtau', 'Asia/Aqtobe', 'Asia/Oral', 'Asia/Qostanay', 'Asia/Qyzylorda', 'UTC'];
  const localTz = (() => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return null; } })();
  if (localTz && !tzs.includes(localTz)) tzs.push(localTz);
  let tz = sessionStorage.getItem(TZ_KEY);
  if (!tzs.includes(tz)) tz = 'Asia/Almaty';
  main.appendChild(h('h1', t('audit.title')));
  main.appendChild(h('p.intro', t('audit.intro')));
  const headBox = h('div');
  // The signed head goes below the log, beside the proof of an entry: the
  // log itself is what the auditor opens the page for.
  const headSection = section('audit.head', headBox);
  let head = null;
  await load(headBox, async () => {
    head = await get('/v1/audit/head');
    const sig = await verifySignature(head);
    return dl([
      ['audit.size', h('span', { 'data-testid': 'head-size' }, String(head.size))],
      ['audit.root', h('code.hash', head.root)],
      ['audit.timestamp', fmtZoned(head.timestamp, tz) + ' (' + tz + ')'],
      ['audit.public_key', h('code.hash', head.public_key)],
      ['audit.signature', [h('code.hash', head.signature), ' ', h('strong', { 'data-testid': 'sig-status', class: 'sig-' + sig }, (sig === 'valid' ? '✔ ' : sig === 'invalid' ? '✘ ' : '? ') + t('audit.sig.' + sig))]],
    ]);
  });

  const result = h('div.verify-result', { 'aria-live': 'polite', 'data-testid': 'verify-result' });
  const listBox = h('div');
  const seqId = 'audit-seq';
  const verifyForm = h('form.form.compact', { 'data-testid': 'verify-form' },
    h('div.field', h('label', { for: seqId }, t('audit.entry_no')), h('input', { id: seqId, type: 'number', min: '0', required: true })),
    h('div.actions', h('button', { type: 'submit' }, t('audit.verify'))));
  verifyForm.addEventListener('submit', ev => { ev.preventDefault(); verify(Number(verifyForm.elements[0].value)); });
  const verifySection = section('audit.verify.title', h('p.intro', t('audit.verify.intro')), verifyForm, result);
  main.appendChild(section('audit.entries', listBox));

  async function verify(seq) {
    clear(result);
    if (!head) return;
    try {
      const page = await get('/v1/audit' + qs({ after: seq - 1 >= 0 ? seq - 1 : undefined, limit: 1, raw: 1 }));
      const entry = (page.items || [])[0];
      if (!entry || entry.seq !== seq || typeof entry.raw !== 'string') throw new Error(t('audit.no_entry'));
      const bytes = new TextEncoder().encode(entry.raw);
      const leaf = await leafHash(bytes);
      const leafOk = hex(leaf) === entry.leaf_hash;
      const proof = await get('/v1/audit/proof' + qs({ index: seq, size: head.size }));
      const ok = leafOk && await verifyInclusion(leaf, seq, head.size, (proof.path || []).map(unhex), unhex(head.root));
      result.appendChild(h('div', { class: ok ? 'verified ok' : 'verified bad', role: 'status', 'data-ok': ok ? 'true' : 'false' },
        h('strong', ok ? '✔ ' + t('audit.included', { seq, size: head.size }) : '✘ ' + t('audit.not_included', { seq })),
        h('ul',
          h('li', (leafOk ? '✔ ' : '✘ ') + t('audit.leaf_ok'), ' ', h('code.hash', hex(leaf))),
          h('li', t('audit.path_len', { n: (proof.path || []).length })),
          h('li', t('audit.against_root'), ' ', h('code.hash', head.root))),
        h('details', h('summary', t('audit.entry_text')), h('pre', entry.raw))));
    } catch (e) {
      result.appendChild(refusal(e));
    }
  }

  // ---- the log: filters, newest first, names, local time, export
  const filterBox = h('div');
  main.insertBefore(section('audit.filters', filterBox), main.lastChild);
  const orgs = await orgOptions().catch(() => []);
  const fid = id => 'audit-f-' + id;
  const field = (id, key, input) => h('div.field', h('label', { for: fid(id) }, t(key)), input);
  const inp = (id, attrs) => h('input', Object.assign({ id: fid(id), name: id, autocomplete: 'off' }, attrs || {}));
  const sel = (id, opts, value) => {
    const el = h('select', { id: fid(id), name: id }, opts.map(([v, txt]) => h('option', { value: v }, txt)));
    if (value !== undefined) el.value = value;
    return el;
  };
  const actionOpts = [['', t('audit.f.any')]].concat(ACTIONS.map(a => [a, t('act.' + a)]).sort((a, b) => a[1].localeCompare(b[1])));
  const fForm = h('form.form.audit-filters', { 'data-testid': 'audit-filters', novalidate: true },
    field('actor', 'audit.f.actor', inp('actor')),
    field('action', 'audit.f.action', sel('action', actionOpts)),
    field('object', 'audit.f.object', inp('object')),
    field('outcome', 'audit.f.outcome', sel('outcome', [['', t('audit.f.any')]].concat(['ok', 'refused', 'denied', 'failed'].map(o => [o, tv('outcome', o)])))),
    field('org_id', 'audit.f.org', sel('org_id', [['', t('audit.f.any')]].concat(orgs))),
    field('from', 'audit.f.from', inp('from', { placeholder: t('date.placeholder'), inputmode: 'numeric' })),
    field('to', 'audit.f.to', inp('to', { placeholder: t('date.placeholder'), inputmode: 'numeric' })),
    field('tz', 'audit.f.tz', sel('tz', tzs.map(z => [z, z === localTz ? z + ' (' + t('audit.tz.local') + ')' : z]), tz)),
    h('div.actions',
      h('button', { type: 'submit', 'data-testid': 'audit-apply' }, t('audit.apply')), ' ',
      h('button.print', { type: 'reset' }, t('audit.reset')), ' ',
      h('button.print', { type: 'button', 'data-testid': 'audit-export', on: { click: () => exportCsv() } }, t('audit.export'))));
  const fErr = h('div', { 'aria-live': 'polite', 'data-testid': 'audit-export-result' });
  filterBox.appendChild(fForm);
  filterBox.appendChild(fErr);
  fForm.elements.tz.addEventListener('change', () => { tz = fForm.elements.tz.value; sessionStorage.setItem(TZ_KEY, tz); show(cursor); });
  fForm.addEventListener('submit', ev => { ev.preventDefault(); stack = []; show(undefined); });
  fForm.addEventListener('reset', () => { setTimeout(() => { fForm.elements.tz.value = tz; stack = []; show(undefined); }, 0); });

  function filters() {
    const v = n => (fForm.elements[n].value || '').trim();
    const day = (n, add) => {
      const d = parseDate(v(n));
      if (v(n) && !d) throw new ApiError(400, { code: 'invalid_value', field: n, message: t('audit.f.' + n) + ': ' + t('date.placeholder') });
      return d ? zoneStart(d, add, tz) : undefined;
    };
    return { actor: v('actor'), action: v('action'), object: v('object'), outcome: v('outcome'), org_id: v('org_id'), from: day('from', 0), to: day('to', 1) };
  }

  async function exportCsv() {
    clear(fErr);
    try {
      const buf = await request('GET', '/v1/audit/export' + qs(filters()), undefined, { binary: true });
      const text = new TextDecoder('utf-8').decode(buf);
      const n = Math.max(0, text.split('\r\n').filter(Boolean).length - 2);
      const url = URL.createObjectURL(new Blob([buf], { type: 'text/csv' }));
      const a = h('a', { href: url, download: 'qupiya-audit.csv', 'data-testid': 'audit-csv-link' }, 'qupiya-audit.csv');
      fErr.appendChild(h('p.notice', { role: 'status' }, t('audit.exported', { n, label: buf.label ? tv('label', buf.label) : t('audit.label_none') }), ' ', a));
      a.click();
    } catch (e) {
      fErr.appendChild(refusal(e));
    }
  }

  const who = (id, names) => {
    if (id === 'system') return t('audit.system');
    if (id === 'anonymous') return t('audit.anonymous');
    const n = names[id];
    if (!n) return h('code', id || '—');
    return [h('strong', n.login || n.name), n.person ? h('span.sub', n.person) : null];
  };
  const what = (id, names) => {
    if (!id) return '—';
    const n = names[id];
    if (!n) return h('code', id);
    return [h('span.sub', tv('kind', n.kind)), ' ', h('span', n.name || '—'), n.label ? [' ', labelTag(n.label)] : null];
  };
  const act = e => {
    const code = actionCode(e.action || '');
    const known = code && DICT['act.' + code];
    if (e.outcome === 'refused' && /^[A-Z]+ \//.test(e.action || '')) {
      return h('span', { title: e.action }, known ? t('audit.refused_act', { a: t('act.' + code) }) : e.action);
    }
    const word = known ? h('span', { title: e.action }, t('act.' + code)) : h('code', e.action || '');
    // a record brought in from a paper registry (docs/import.md)
    const d = e.details;
    return d && d.origin === 'import'
      ? [word, ' ', h('span.tag.import-mark', { 'data-testid': 'import-mark' }, t('import.origin', { line: d.line }))]
      : word;
  };

  let stack = [], cursor;
  async function show(before) {
    cursor = before;
    await load(listBox, async () => {
      const r = await get('/v1/audit' + qs(Object.assign({ order: 'desc', view: 'named', limit: 50, before }, filters())));
      const items = r.items || [];
      const names = r.names || {};
      banner(Object.values(names).map(n => n.label).filter(Boolean));
      return h('div',
        h('p.intro', t('audit.newest_first', { tz })),
        table([
          { key: 'audit.seq', get: e => String(e.seq) },
          { key: 'audit.time', get: e => [fmtZoned(e.time, tz), e.effective_date ? h('span.sub', t('audit.effective') + ' ' + date(e.effective_date)) : null] },
          { key: 'audit.actor', get: e => who(e.actor, names) },
          { key: 'audit.action', get: e => act(e) },
          { key: 'audit.object', get: e => what(e.object, names) },
          { key: 'audit.outcome', get: e => [tv('outcome', e.outcome || 'ok'), e.code ? [' ', h('code', e.code)] : null, e.article ? h('span.sub', articleText(e.article)) : null] },
          { key: 'actions', get: e => h('button.small', { type: 'button', 'data-testid': 'verify-' + e.seq, 'aria-label': t('audit.verify') + ' ' + e.seq, on: { click: () => { verifyForm.elements[0].value = e.seq; verify(e.seq); result.scrollIntoView(); } } }, t('audit.check')) },
        ], items, { testid: 'audit-table', class: 'audit-log' }),
        h('p.pager',
          stack.length ? h('button', { type: 'button', on: { click: () => show(stack.pop()) } }, t('audit.newer')) : null, ' ',
          r.next ? h('button', { type: 'button', 'data-testid': 'audit-older', on: { click: () => { stack.push(before); show(Number(r.next)); } } }, t('audit.older')) : null));
    });
  }
  main.appendChild(headSection);
  main.appendChild(verifySection);
  await show(undefined);
}

const TZ_KEY = 'qupiya.tz';

// Every action code the server writes (tests/api/test_workplace.py checks
// the list against src/); each has its words in i18n.js as act.<code>.
export const ACTIONS = ['archive_delegation.create', 'audit.cosignature', 'audit.export', 'carrier.archive', 'carrier.content.put',
  'carrier.content.read', 'carrier.create', 'carrier.declassify', 'carrier.destroy', 'carrier.extend', 'carrier.issue',
  'carrier.read', 'carrier.relabel', 'carrier.return', 'certificate.create', 'classifier.create', 'clearance.create',
  'clearance.decision', 'clearance.prerequisites', 'clearance.terminate', 'emergency.declare', 'emergency.end',
  'foreign_transfer.contract', 'foreign_transfer.expert_opinion', 'foreign_transfer.government_decision',
  'foreign_transfer.propose', 'foreign_transfer.transfer', 'grant.create', 'grant.revoke', 'ground.create', 'ground.lift',
  'incident.confirm', 'incident.create', 'information.create', 'information.declassify', 'information.extend',
  'information.preliminary_decision', 'information.proposal', 'information.reclassify', 'inventory.close',
  'inventory.create', 'inventory.mark', 'joint_work.addendum', 'joint_work.agreement', 'joint_work.cancel',
  'joint_work.close', 'joint_work.nsc_notice', 'joint_work.permission', 'joint_work.protection', 'joint_work.request',
  'joint_work.resume', 'joint_work.transfer', 'joint_work.violation', 'list.approve', 'list.create', 'list.review',
  'list_item.change', 'list_item.create', 'org.create', 'org.liquidate', 'permit.cancel', 'permit.create', 'permit.mark',
  'permit.resume', 'permit.suspend', 'person.create', 'person.employment', 'request.answer', 'request.create',
  'request.forward', 'session.audit_dropped', 'session.create', 'session.delete', 'session.failures', 'system.init', 'transfer.create', 'trip.approve', 'trip.create',
  'trip.depart', 'trip.refuse', 'user.create', 'user.disable', 'user.enable', 'user.roles', 'user.password',
  'user.reset_password', 'audit.print', 'import', 'registry.export'];

// A refusal is logged with the request line ("POST /v1/carriers/ID/issue");
// its action code is that of the act refused.
const COLL = {
  carriers: 'carrier', lists: 'list', 'list-items': 'list_item', persons: 'person', 'joint-works': 'joint_work',
  'foreign-transfers': 'foreign_transfer', 'declassification-requests': 'request', clearances: 'clearance',
  trips: 'trip', orgs: 'org', permits: 'permit', information: 'information', grants: 'grant', transfers: 'transfer',
  incidents: 'incident', users: 'user', session: 'session', classifiers: 'classifier', inventories: 'inventory',
  emergencies: 'emergency', grounds: 'ground', certificates: 'certificate', items: 'list_item',
  'archive-delegations': 'archive_delegation', violations: 'violation',
};
export function actionCode(a) {
  const m = /^([A-Z]+) \/v1\/(.+)$/.exec(a);
  if (!m) return a;
  const [, method, rest] = m;
  const segs = rest.split('?')[0].split('/');
  const coll = COLL[segs[0]] || segs[0].replace(/-/g, '_');
  if (segs.length === 1) return coll + (method === 'POST' ? '.create' : method === 'DELETE' ? '.delete' : '.list');
  if (segs.length === 2) return coll + (method === 'DELETE' ? '.delete' : '.get');
  const sub = segs[2];
  if (sub === 'content') return method === 'GET' ? 'carrier.content.read' : 'carrier.content.put';
  if (sub === 'violations') return coll + '.violation';
  if (COLL[sub] && method === 'POST') return COLL[sub] + '.create';
  return coll + '.' + sub.replace(/-/g, '_');
}

// The offset of zone at the UTC instant ms, in minutes east of UTC.
function zoneOffset(zone, ms) {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
    const g = k => Number((parts.find(p => p.type === k) || {}).value);
    return Math.round((Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute'), g('second')) - ms) / 60000);
  } catch (e) {
    return 0;
  }
}

// 'YYYY-MM-DD' (+ add days) at 00:00 in zone, as an RFC 3339 UTC instant.
export function zoneStart(d, add, zone) {
  const [y, m, dd] = d.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, dd + add);
  const ms = guess - zoneOffset(zone, guess) * 60000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// An RFC 3339 instant as DD.MM.YYYY HH:MM:SS in zone.
export function fmtZoned(v, zone) {
  const d = typeof v === 'number' ? new Date(v) : new Date(String(v || ''));
  if (isNaN(d.getTime())) return String(v || '—');
  const ms = d.getTime() + zoneOffset(zone, d.getTime()) * 60000;
  const z = new Date(ms);
  const p = n => String(n).padStart(2, '0');
  return p(z.getUTCDate()) + '.' + p(z.getUTCMonth() + 1) + '.' + z.getUTCFullYear() + ' ' + p(z.getUTCHours()) + ':' + p(z.getUTCMinutes()) + ':' + p(z.getUTCSeconds());
}
