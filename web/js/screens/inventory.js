// inventory.js — a periodic check that every registered copy is where the
// registry says: each copy marked found or missing, then the inventory is
// closed and its act (with discrepancies and the incidents it opened)
// printed.

import { get, post, all, qs } from '../api.js';
import { t, tv } from '../i18n.js';
import { h, clear, table, dl, date, labelTag, stateTag, banner, form, load, section, has, newId, refusal, printAudited } from '../ui.js';
import { orgLink, personLink, objectLink } from '../names.js';

const RECENT = 'qupiya.inventories';

function recent() {
  try { return JSON.parse(sessionStorage.getItem(RECENT) || '[]'); } catch (e) { return []; }
}

function remember(inv) {
  const r = recent().filter(x => x.id !== inv.id);
  r.unshift({ id: inv.id, opened_on: inv.opened_on });
  sessionStorage.setItem(RECENT, JSON.stringify(r.slice(0, 20)));
}

function marksOf(id) {
  try { return JSON.parse(sessionStorage.getItem('qupiya.marks.' + id) || '{}'); } catch (e) { return {}; }
}

function saveMark(id, key, found) {
  const m = marksOf(id);
  m[key] = found;
  sessionStorage.setItem('qupiya.marks.' + id, JSON.stringify(m));
}

export async function index(main, params, ctx) {
  main.appendChild(h('h1', t('inventory.title')));
  main.appendChild(h('p.intro', t('inventory.intro')));
  if (has(ctx.user, 'security_officer')) {
    main.appendChild(section('inventory.open', form({
      id: 'inv-open', testid: 'inventory-open', submit: 'inventory.open.submit',
      fields: [{ name: 'effective_date', type: 'date' }],
      onSubmit: async v => {
        const inv = await post('/v1/inventories', Object.assign({ org_id: ctx.user.org_id }, v));
        remember(inv);
        ctx.go('#/inventories/' + encodeURIComponent(inv.id));
      },
    })));
  }
  const list = h('div');
  main.appendChild(section('inventory.list', list));
  await load(list, async () => {
    let items = null;
    try { items = await all('/v1/inventories' + qs({ org_id: ctx.user.org_id })); } catch (e) { items = null; }
    if (!items) items = recent();
    return table([
      { key: 'field.id', get: i => h('a', { href: '#/inventories/' + encodeURIComponent(i.id) }, i.id) },
      { key: 'field.opened_on', get: i => date(i.opened_on) },
      { key: 'field.state', get: i => i.state ? stateTag('inventory_state', i.state) : '—' },
    ], items, { empty: 'inventory.none' });
  });
}

export async function page(main, params, ctx) {
  const id = params.id;
  const inv = await get('/v1/inventories/' + encodeURIComponent(id));
  remember(inv);
  const so = has(ctx.user, 'security_officer');
  main.appendChild(h('h1', t('inventory.one'), ' ', h('code', inv.id)));
  const rec = section('inventory.record', dl([
    ['field.org_id', orgLink(inv.org_id)],
    ['field.state', stateTag('inventory_state', inv.state)],
    ['field.opened_on', date(inv.opened_on)],
    ['field.closed_on', date(inv.closed_on)],
    ['inventory.marks', String(inv.marks || 0)],
  ]));
  if (inv.state !== 'open') rec.classList.add('noprint');
  main.appendChild(rec);

  if (inv.state === 'open') {
    const carriers = (await all('/v1/carriers' + qs({ org_id: inv.org_id, state: 'registered' })))
      .concat(await all('/v1/carriers' + qs({ org_id: inv.org_id, state: 'issued' })));
    banner(carriers.map(c => c.label));
    const marks = marksOf(id);
    const rows = [];
    for (const c of carriers) for (const k of c.copies || []) rows.push({ c, k });
    main.appendChild(section('inventory.check', table([
      { key: 'field.account_number', get: r => h('a', { href: '#/carriers/' + encodeURIComponent(r.c.id) }, r.c.account_number) },
      { key: 'field.title', get: r => r.c.title },
      { key: 'field.label', get: r => labelTag(r.c.label) },
      { key: 'field.copy_number', get: r => String(r.k.number) },
      { key: 'field.holder', get: r => r.k.holder ? personLink(r.k.holder) : t('carrier.in_registry') },
      { key: 'inventory.mark', get: r => so ? markControl(id, r.c, r.k.number, marks) : '—' },
    ], rows, { testid: 'inventory-copies', empty: 'inventory.nothing' })));
    if (so) {
      main.appendChild(section('inventory.other', form({
        id: 'inv-other', submit: 'inventory.mark.submit', done: 'inventory.marked',
        fields: [
          { name: 'carrier_id', required: true },
          { name: 'copy_number', type: 'number', required: true, min: 1 },
          { name: 'found', type: 'checkbox', label: 'inventory.found', value: true },
        ],
        onSubmit: async v => { await post('/v1/inventories/' + encodeURIComponent(id) + '/marks', v); },
      })));
      main.appendChild(section('inventory.close', form({
        id: 'inv-close', testid: 'inventory-close', submit: 'inventory.close.submit', intro: t('inventory.close.intro'),
        fields: [{ name: 'effective_date', type: 'date' }],
        onSubmit: async v => { await post('/v1/inventories/' + encodeURIComponent(id) + '/close', v); ctx.route(); },
      })));
    }
  } else {
    banner((inv.discrepancies || []).map(d => d.label));
    main.appendChild(act(inv));
  }
}

function markControl(invId, carrier, n, marks) {
  const key = carrier.id + '/' + n;
  const name = newId('mark');
  const status = h('span.mark-status', { 'aria-live': 'polite' });
  const group = h('fieldset.mark', h('legend.visually-hidden', t('inventory.mark') + ' ' + carrier.account_number + ' #' + n));
  for (const [val, key2] of [[true, 'inventory.found'], [false, 'inventory.missing']]) {
    const rid = newId('r');
    const input = h('input', { type: 'radio', name, id: rid, value: String(val), checked: marks[key] === val, 'data-testid': 'mark-' + carrier.account_number + '-' + n + '-' + (val ? 'found' : 'missing') });
    input.addEventListener('change', async () => {
      clear(status);
      try {
        await post('/v1/inventories/' + encodeURIComponent(invId) + '/marks', { carrier_id: carrier.id, copy_number: n, found: val });
        saveMark(invId, key, val);
        status.appendChild(document.createTextNode(' ✓ ' + t('inventory.saved')));
      } catch (e) {
        status.appendChild(refusal(e));
      }
    });
    group.appendChild(h('span.radio', input, h('label', { for: rid }, t(key2))));
  }
  group.appendChild(status);
  return group;
}

// The inventory act, printable.
function act(inv) {
  const d = inv.discrepancies || [];
  return section('inventory.act',
    h('div.act', { 'data-testid': 'inventory-act' },
      dl([
        ['field.org_id', orgLink(inv.org_id)],
        ['field.opened_on', date(inv.opened_on)],
        ['field.closed_on', date(inv.closed_on)],
        ['inventory.checked', String(inv.checked || 0)],
        ['inventory.found_n', String(inv.found || 0)],
        ['inventory.discrepancies', String(d.length)],
      ]),
      table([
        { key: 'inventory.discrepancy', get: x => tv('discrepancy', x.kind) },
        { key: 'field.account_number', get: x => h('a', { href: '#/carriers/' + encodeURIComponent(x.carrier_id) }, x.account_number) },
        { key: 'field.copy_number', get: x => String(x.copy_number) },
        { key: 'field.label', get: x => x.label ? labelTag(x.label) : '—' },
        { key: 'field.holder', get: x => x.holder ? personLink(x.holder) : '—' },
        { key: 'field.state', get: x => x.state ? tv('carrier_state', x.state) : '—' },
      ], d, { testid: 'discrepancies', empty: 'inventory.no_discrepancies' }),
      (inv.incident_ids || []).length ? h('p', t('inventory.incidents'), ' ', (inv.incident_ids || []).map(i => [objectLink(i), ' '])) : null,
      h('div.signatures.print-only',
        h('p', t('inventory.signed_by'), ' ______________________'),
        h('p', t('inventory.approved_by'), ' ______________________')),
      h('p.noprint', h('button', { type: 'button', on: { click: e => printAudited('inventory_act', e.target.parentNode) } }, t('print')))));
}
