// orgs.js — organizations, their permits (Art. 34), protection means
// certificates (Art. 35), archive delegations (Art. 23.2) and liquidation
// (Art. 28).

import { get, post, all } from '../api.js';
import { t, tv, DEGREES, articleText } from '../i18n.js';
import { h, table, dl, date, labelTag, stateTag, form, load, section, has, actionButton, query, yesNo } from '../ui.js';
import { orgLink, orgOptions } from '../names.js';

const KINDS = ['state_body', 'organization', 'foreign_state', 'international_org'];
const REGIMES = ['special_regime', 'regime', 'protected'];
const degreeOptions = () => DEGREES.slice().reverse().map(d => [d, tv('label', d)]);

export async function index(main, params, ctx) {
  const q = query();
  if (q.permit) {
    const p = await get('/v1/permits/' + encodeURIComponent(q.permit));
    location.replace('#/orgs/' + encodeURIComponent(p.org_id));
    return;
  }
  main.appendChild(h('h1', t('orgs.title')));
  const list = h('div');
  main.appendChild(section('orgs.list', list));
  await load(list, async () => {
    const items = await all('/v1/orgs');
    return table([
      { key: 'field.name', get: o => h('a', { href: '#/orgs/' + encodeURIComponent(o.id) }, o.name) },
      { key: 'field.bin', get: o => o.bin || '—' },
      { key: 'field.kind', get: o => tv('org_kind', o.kind) },
      { key: 'field.city', get: o => o.city || '—' },
      { key: 'field.state', get: o => stateTag('org_state', o.state) },
    ], items, { testid: 'orgs-table' });
  });
  if (has(ctx.user, 'admin', 'security_officer')) {
    const parents = await orgOptions().catch(() => []);
    main.appendChild(section('orgs.add', form({
      id: 'org', testid: 'org-add', submit: 'orgs.add.submit',
      fields: [
        { name: 'name', required: true },
        { name: 'bin', hint: 'hint.bin' },
        { name: 'kind', type: 'select', required: true, choose: true, options: KINDS.map(k => [k, tv('org_kind', k)]) },
        { name: 'parent_id', type: 'select', options: parents },
        { name: 'city' },
        { name: 'foreign_participation', type: 'checkbox' },
        { name: 'state_share', type: 'number', min: 0, max: 100 },
        { name: 'regime_category', type: 'select', options: REGIMES.map(r => [r, tv('regime', r)]) },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => { const o = await post('/v1/orgs', v); ctx.go('#/orgs/' + encodeURIComponent(o.id)); },
    })));
  }
}

export async function page(main, params, ctx) {
  const id = params.id;
  const base = '/v1/orgs/' + encodeURIComponent(id);
  const o = await get(base);
  const reload = () => ctx.route();
  const nsc = has(ctx.user, 'nsc_officer');
  main.appendChild(h('h1', o.name));
  main.appendChild(section('org.record', dl([
    ['field.bin', o.bin || '—'],
    ['field.kind', tv('org_kind', o.kind)],
    ['field.parent_id', o.parent_id ? orgLink(o.parent_id) : '—'],
    ['field.city', o.city || '—'],
    ['field.foreign_participation', yesNo(o.foreign_participation)],
    ['field.state_share', o.state_share === null || o.state_share === undefined ? '—' : o.state_share + ' %'],
    ['field.regime_category', o.regime_category ? tv('regime', o.regime_category) : '—'],
    ['field.state', stateTag('org_state', o.state)],
    ['field.registered_on', date(o.registered_on)],
  ])));

  const permits = o.permits || [];
  const pSec = section('permits.title', h('p.intro', h('span.article', articleText('34'))), table([
    { key: 'field.number', get: p => p.number },
    { key: 'field.degree', get: p => labelTag(p.degree) },
    { key: 'field.issued_on', get: p => date(p.issued_on) },
    { key: 'field.valid_until', get: p => date(p.valid_until) },
    { key: 'field.state', get: p => stateTag('permit_state', p.state) },
    { key: 'actions', get: p => !nsc ? '—' : [
      p.state === 'active' ? actionButton('permit.suspend', async () => { await post('/v1/permits/' + encodeURIComponent(p.id) + '/suspend', {}); reload(); }) : null,
      p.state === 'suspended' ? actionButton('permit.resume', async () => { await post('/v1/permits/' + encodeURIComponent(p.id) + '/resume', {}); reload(); }) : null,
      p.state !== 'cancelled' ? actionButton('permit.cancel', async () => { await post('/v1/permits/' + encodeURIComponent(p.id) + '/cancel', {}); reload(); },
        { confirm: t('confirm.cancel_permit', { what: p.number + ' · ' + o.name }) }) : null,
    ] },
  ], permits, { testid: 'permits', empty: 'permits.none' }));
  if (nsc) {
    pSec.appendChild(form({
      id: 'permit', testid: 'permit-add', title: 'permits.add', submit: 'permits.add.submit',
      fields: [
        { name: 'degree', type: 'select', required: true, choose: true, options: degreeOptions() },
        { name: 'number', required: true },
        { name: 'issued_on', type: 'date', required: true },
        { name: 'valid_until', type: 'date', required: true },
      ],
      onSubmit: async v => { await post(base + '/permits', v); reload(); },
    }));
  }
  main.appendChild(pSec);

  const certBox = h('div');
  const cSec = section('certs.title', h('p.intro', t('certs.intro'), ' ', h('span.article', articleText('35'))), certBox);
  await load(certBox, async () => {
    const r = await get(base + '/certificates');
    return table([
      { key: 'field.means', get: c => c.means },
      { key: 'field.number', get: c => c.number },
      { key: 'field.degree', get: c => labelTag(c.degree) },
      { key: 'field.valid_until', get: c => date(c.valid_until) },
    ], r.items || r || [], { testid: 'certificates', empty: 'certs.none' });
  });
  if (has(ctx.user, 'security_officer')) {
    cSec.appendChild(form({
      id: 'cert', testid: 'cert-add', title: 'certs.add', submit: 'certs.add.submit',
      fields: [
        { name: 'means', required: true },
        { name: 'number', required: true },
        { name: 'degree', type: 'select', required: true, choose: true, options: degreeOptions() },
        { name: 'valid_until', type: 'date', required: true },
      ],
      onSubmit: async v => { await post(base + '/certificates', v); reload(); },
    }));
  }
  main.appendChild(cSec);

  if (has(ctx.user, 'head')) {
    const orgs = await orgOptions().catch(() => []);
    const dbox = h('div');
    load(dbox, async () => {
      const r = await get(base + '/archive-delegations');
      return table([
        { key: 'field.archive_org_id', get: d => orgLink(d.archive_org_id) },
        { key: 'field.ref', get: d => d.ref || '—' },
        { key: 'field.date', get: d => date(d.date || d.delegated_on || d.effective_date) },
      ], r.items || r || [], { empty: 'empty' });
    });
    main.appendChild(section('org.delegation', h('p.intro', t('org.delegation.intro'), ' ', h('span.article', articleText('23.2'))), dbox, form({
      id: 'deleg', submit: 'org.delegation.submit', done: 'saved',
      fields: [
        { name: 'archive_org_id', type: 'select', required: true, choose: true, options: orgs },
        { name: 'ref', required: true },
      ],
      onSubmit: async v => { await post(base + '/archive-delegations', v); reload(); },
    })));
  }
  if (has(ctx.user, 'admin', 'head')) {
    const orgs = await orgOptions().catch(() => []);
    main.appendChild(section('org.liquidate', h('p.intro', t('org.liquidate.intro'), ' ', h('span.article', articleText('28'))), form({
      id: 'liq', testid: 'liquidate', submit: 'org.liquidate.submit',
      fields: [
        { name: 'successor_org_id', type: 'select', options: orgs.filter(x => x[0] !== id) },
        { name: 'effective_date', type: 'date' },
      ],
      confirm: () => t('confirm.liquidate', { what: o.name }),
      onSubmit: async v => { await post(base + '/liquidate', v); reload(); },
    })));
  }
}
