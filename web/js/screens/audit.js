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

import { get, qs } from '../api.js';
import { t, tv, fmtDateTime } from '../i18n.js';
import { h, clear, table, dl, date, load, section, refusal } from '../ui.js';

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
  main.appendChild(h('h1', t('audit.title')));
  main.appendChild(h('p.intro', t('audit.intro')));
  const headBox = h('div');
  main.appendChild(section('audit.head', headBox));
  let head = null;
  await load(headBox, async () => {
    head = await get('/v1/audit/head');
    const sig = await verifySignature(head);
    return dl([
      ['audit.size', h('span', { 'data-testid': 'head-size' }, String(head.size))],
      ['audit.root', h('code.hash', head.root)],
      ['audit.timestamp', fmtDateTime(head.timestamp)],
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
  main.appendChild(section('audit.verify.title', h('p.intro', t('audit.verify.intro')), verifyForm, result));
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

  async function show(after) {
    await load(listBox, async () => {
      const r = await get('/v1/audit' + qs({ after, limit: 50 }));
      const items = r.items || [];
      return h('div',
        table([
          { key: 'audit.seq', get: e => String(e.seq) },
          { key: 'audit.time', get: e => fmtDateTime(e.time) },
          { key: 'field.effective_date', get: e => date(e.effective_date) },
          { key: 'audit.action', get: e => h('code', e.action || '') },
          { key: 'audit.object', get: e => e.object || '—' },
          { key: 'audit.outcome', get: e => [tv('outcome', e.outcome || 'ok'), e.code ? [' ', h('code', e.code)] : null] },
          { key: 'actions', get: e => h('button.small', { type: 'button', 'data-testid': 'verify-' + e.seq, 'aria-label': t('audit.verify') + ' ' + e.seq, on: { click: () => { verifyForm.elements[0].value = e.seq; verify(e.seq); result.scrollIntoView(); } } }, t('audit.check')) },
        ], items, { testid: 'audit-table' }),
        h('p.pager',
          after !== undefined && after !== null ? h('button', { type: 'button', on: { click: () => show(Math.max(-1, after - 50) < 0 ? undefined : after - 50) } }, t('previous')) : null, ' ',
          r.next ? h('button', { type: 'button', on: { click: () => show(Number(r.next)) } }, t('more')) : null));
    });
  }
  await show(undefined);
}
