// workflows.js — joint works (Decree 743) and foreign transfers (Art. 27)
// as timelines of their steps. Only the next step the Law allows in the
// current state is offered; a refusal is shown next to that step with its
// article.
//
// Joint work states (core/joint_work.h): requested -> permitted | refused;
// permitted -> agreed -> notified -> active <-> suspended; any open state
// -> closed; suspended with the cancellation raised -> cancelled.
// Foreign transfer states (core/foreign.h): proposed -> opined |
// opinion_negative -> decided -> contracted -> transferred.

import { get, post, all, qs, request, ApiError } from '../api.js';
import { t, tv, articleText } from '../i18n.js';
import { h, clear, table, dl, date, labelTag, stateTag, banner, form, load, section, has, unavailable, refusal } from '../ui.js';
import { orgLink, orgOptions, nameOf, objectLink } from '../names.js';

// Each step: the state its completion enters, and where its own date is.
const JW_STEPS = [
  { key: 'request', to: 'requested', art: 'R743 p.4', date: j => j.received_on },
  { key: 'permission', to: 'permitted', alt: 'refused', art: 'R743 p.5', date: j => j.permission && (j.permission.date || j.permission.answered_on) },
  { key: 'agreement', to: 'agreed', art: 'R743 p.6', date: j => j.agreement && j.agreement.signed_on },
  { key: 'nsc_notice', to: 'notified', art: 'R743 p.3.3', date: j => j.nsc_notice && j.nsc_notice.sent_on },
  { key: 'transfer', to: 'active', art: '26.1', date: j => (j.transferred || [])[0] && j.transferred[0].date },
  { key: 'close', to: 'closed', alt: 'cancelled', art: 'R743 p.10', date: j => j.end && j.end.date },
];

// The history entry that entered state `to` (or `alt`), if any.
function entered(doc, s) {
  if (s.key === 'request' || s.key === 'proposal') return { date: null };
  return (doc.history || []).find(x => x.to === s.to || (s.alt && x.to === s.alt)) || null;
}

function timeline(steps, doc, prefix) {
  return h('ol.timeline', { 'data-testid': 'timeline' }, steps.map(s => {
    const e = entered(doc, s);
    const refused = e && s.alt && e.to === s.alt;
    const d = e ? (s.date(doc) || e.date) : null;
    return h('li', { class: e ? (refused ? 'step refused' : 'step done') : 'step pending', 'data-step': s.key },
      h('span.step-mark', { 'aria-hidden': 'true' }, e ? (refused ? '✘' : '✔') : '○'),
      h('span.visually-hidden', (e ? (refused ? t('step.refused') : t('step.done')) : t('step.pending')) + ': '),
      h('strong', t(prefix + s.key)), ' ', h('span.article', articleText(s.art)),
      d ? [' — ', date(d)] : null,
      refused ? [' — ', h('em', tv(prefix === 'jwstep.' ? 'jw_state' : 'ft_state', e.to))] : null);
  }));
}

function remember(kind, rec) {
  const k = 'qupiya.recent.' + kind;
  let r = [];
  try { r = JSON.parse(sessionStorage.getItem(k) || '[]'); } catch (e) { r = []; }
  r = r.filter(x => x.id !== rec.id);
  r.unshift({ id: rec.id, state: rec.state });
  sessionStorage.setItem(k, JSON.stringify(r.slice(0, 30)));
}

function recent(kind) {
  try { return JSON.parse(sessionStorage.getItem('qupiya.recent.' + kind) || '[]'); } catch (e) { return []; }
}

// Whether any route exists at path on this server, without side effects:
// an unused method answers 405 where the path exists and 404 where not.
export async function available(path) {
  try {
    await request('OPTIONS', path);
    return true;
  } catch (e) {
    return !(e instanceof ApiError && e.status === 404);
  }
}

// ================================================================= joint works

export async function jointIndex(main, params, ctx) {
  main.appendChild(h('h1', t('jw.title')));
  main.appendChild(h('p.intro', t('jw.intro')));
  const list = h('div');
  main.appendChild(section('jw.list', list));
  let exists = true;
  await load(list, async () => {
    try {
      const items = await all('/v1/joint-works' + qs({ org_id: ctx.user.org_id }));
      return table([
        { key: 'field.id', get: j => h('a', { href: '#/joint-works/' + encodeURIComponent(j.id) }, j.id) },
        { key: 'field.executor', get: j => j.executor_org_id ? nameOf('org', j.executor_org_id) : nameOf('person', j.executor_person_id) },
        { key: 'field.term', get: j => date(j.term_from) + ' – ' + date(j.term_to) },
        { key: 'field.state', get: j => stateTag('jw_state', j.state) },
        { key: 'field.response_due_on', get: j => date(j.response_due_on) },
      ], items, { testid: 'jw-table', empty: 'jw.none' });
    } catch (e) {
      if (e instanceof ApiError && e.unavailable) { exists = await available('/v1/joint-works'); if (!exists) return unavailable(); return recentTable('jw', '#/joint-works/', 'jw_state'); }
      throw e;
    }
  });
  if (exists && has(ctx.user, 'security_officer')) main.appendChild(await jointRequestForm(ctx));
}

async function jointRequestForm(ctx) {
  const orgs = await orgOptions().catch(() => []);
  const carriers = await all('/v1/carriers' + qs({ org_id: ctx.user.org_id, state: 'registered' })).catch(() => []);
  const f = form({
    id: 'jw', testid: 'jw-request', title: 'jw.request', submit: 'jw.request.submit',
    intro: t('jw.request.intro'),
    fields: [
      { name: 'executor_org_id', type: 'select', options: orgs.filter(o => o[0] !== ctx.user.org_id) },
      { name: 'executor_person_id', hint: 'hint.executor_person' },
      { name: 'executor_address' },
      { name: 'executor_head' },
      { name: 'executor_residence' },
      { name: 'disposing_org_id', type: 'select', options: orgs, value: ctx.user.org_id },
      { name: 'justification', type: 'textarea' },
      { name: 'term_from', type: 'date' },
      { name: 'term_to', type: 'date' },
      { name: 'carrier_ids', label: 'field.carriers', type: 'multi', options: carriers.map(c => [c.id, c.account_number + ' — ' + c.title + ' (' + tv('label', c.label) + ')']), hint: 'hint.multi' },
      { name: 'copy_numbers', list: true, hint: 'hint.copies' },
      { name: 'executor_permit_ref', type: 'select', options: [] },
      { name: 'executor_clearance_ref', hint: 'hint.ids' },
      { name: 'effective_date', type: 'date' },
    ],
    onSubmit: async v => {
      const body = { customer_org_id: ctx.user.org_id };
      for (const k of ['executor_org_id', 'executor_person_id', 'executor_address', 'executor_head', 'executor_residence', 'disposing_org_id', 'justification', 'term_from', 'term_to', 'executor_permit_ref', 'executor_clearance_ref', 'effective_date']) if (v[k]) body[k] = v[k];
      const nums = (v.copy_numbers || []).map(Number).filter(n => n > 0);
      body.carriers = (v.carrier_ids || []).map(id => {
        const c = carriers.find(x => x.id === id);
        return { carrier_id: id, copy_numbers: nums.length ? nums : (c ? c.copies.map(k => k.number) : [1]) };
      });
      const j = await post('/v1/joint-works', body);
      ctx.go('#/joint-works/' + encodeURIComponent(j.id));
    },
  });
  const exec = f.inputs.executor_org_id, permit = f.inputs.executor_permit_ref;
  exec.addEventListener('change', async () => {
    clear(permit);
    permit.appendChild(h('option', { value: '' }, '—'));
    if (!exec.value) return;
    try {
      const o = await get('/v1/orgs/' + encodeURIComponent(exec.value));
      for (const p of o.permits || []) permit.appendChild(h('option', { value: p.id }, p.number + ' — ' + tv('label', p.degree) + ' (' + tv('permit_state', p.state) + ')'));
      if ((o.permits || []).length) permit.value = o.permits[0].id;
    } catch (e) { /* left empty */ }
  });
  return section('jw.request', f);
}

function carriersOf(j) {
  return (j.carriers || []).map(c => c.carrier_id || c);
}

export async function jointPage(main, params, ctx) {
  const id = params.id;
  const base = '/v1/joint-works/' + encodeURIComponent(id);
  let j;
  try { j = await get(base); } catch (e) {
    if (e instanceof ApiError && e.unavailable) { main.appendChild(h('h1', t('jw.one'))); main.appendChild(unavailable()); return; }
    throw e;
  }
  const reload = () => ctx.route();
  const state = j.state;
  const labels = (j.carriers || []).map(c => c.label).filter(Boolean);
  if (labels.length) banner(labels);
  main.appendChild(h('h1', t('jw.one'), ' ', h('code', j.id)));
  main.appendChild(h('p.subtitle', t('field.state'), ': ', h('strong', { 'data-testid': 'jw-state' }, stateTag('jw_state', state))));
  main.appendChild(section('jw.record', dl([
    ['field.customer_org_id', orgLink(j.customer_org_id)],
    ['field.executor', j.executor_org_id ? orgLink(j.executor_org_id) : nameOf('person', j.executor_person_id)],
    ['field.disposing_org_id', orgLink(j.disposing_org_id)],
    ['field.justification', j.justification || '—'],
    ['field.term', date(j.term_from) + ' – ' + date(j.term_to)],
    ['field.response_due_on', date(j.response_due_on)],
    ['field.carriers', h('ul.inline', (j.carriers || []).map(c => h('li', h('a', { href: '#/carriers/' + encodeURIComponent(c.carrier_id) },
      c.account_number || c.carrier_id), c.title ? ' — ' + c.title : '', ' ', c.label ? labelTag(c.label) : '',
      (c.copy_numbers || []).length ? ' (' + t('field.copy_numbers') + ': ' + c.copy_numbers.join(', ') + ')' : '')))],
    j.agreement ? ['jwstep.agreement', [j.agreement.number || '', ' ', date(j.agreement.signed_on)]] : null,
    j.cancellation_raised ? ['jw.cancellation_raised', t('yes')] : null,
  ])));

  remember('jw', j);
  main.appendChild(section('jw.timeline', timeline(JW_STEPS, j, 'jwstep.'),
    (j.violations || []).length ? h('div', h('h3', t('jw.violations')), h('ul', j.violations.map(v => h('li', date(v.date || v.noted_on || v.recorded_on), ' — ', v.description || '')))) : null,
    state === 'refused' ? h('p.refused-final', t('jw.refused_final'), j.permission && j.permission.reason ? ': ' + j.permission.reason : '') : null));

  // the next lawful step(s)
  const so = has(ctx.user, 'security_officer'), head = has(ctx.user, 'head');
  // The executor by name for the confirmation (the span fills in when known).
  const executor = j.executor_org_id ? nameOf('org', j.executor_org_id) : nameOf('person', j.executor_person_id);
  const step = (key, fields, path, build, roleOk) => roleOk ? form({
    id: 'jw-' + key, testid: 'jw-step-' + key, title: 'jwstep.' + key, submit: 'jwstep.' + key + '.submit', fields,
    confirm: key === 'cancel' ? () => t('confirm.cancel_jw', { what: [(j.agreement && j.agreement.number), executor.textContent].filter(Boolean).join(' · ') }) : null,
    onSubmit: async v => { await post(base + path, build ? build(v) : v); reload(); },
  }) : h('p.waiting', t('jw.waiting_for'), ' ', t('jwstep.' + key), ' (', t(key === 'permission' ? 'role.head' : 'role.security_officer'), ')');
  const next = [];
  const cs = carriersOf(j);
  const held = j.held || [];
  const annex = ((j.agreement && j.agreement.annex) || cs).filter(c => !held.includes(c));
  const carrierOpts = ids => ids.map(c => { const x = (j.carriers || []).find(k => k.carrier_id === c); return [c, x && x.account_number ? x.account_number + ' — ' + (x.title || '') : c]; });
  if (state === 'requested') {
    next.push(step('permission', [
      { name: 'decision', type: 'select', required: true, choose: true, options: [['granted', tv('permission', 'granted')], ['refused', tv('permission', 'refused')]] },
      { name: 'reason', type: 'textarea' },
      { name: 'effective_date', type: 'date' },
    ], '/permission', null, head));
  } else if (state === 'permitted') {
    next.push(step('agreement', [
      { name: 'number', required: true },
      { name: 'signed_on', type: 'date', required: true },
      { name: 'annex', type: 'multi', options: carrierOpts(cs), value: cs },
    ], '/agreement', null, so));
  } else if (state === 'agreed') {
    next.push(step('nsc_notice', [{ name: 'sent_on', type: 'date', required: true }], '/nsc-notice', null, so));
  } else if (state === 'notified' || (state === 'active' && annex.length)) {
    next.push(step('transfer', [{ name: 'carrier_ids', type: 'multi', options: carrierOpts(annex), value: annex }, { name: 'effective_date', type: 'date' }], '/transfer', null, so));
  }
  if (state === 'active' || state === 'suspended') {
    next.push(step('violation', [{ name: 'description', type: 'textarea', required: true }], '/violations', null, so));
  }
  if (state === 'suspended') {
    next.push(step('resume', [], '/resume', null, so));
    if (j.cancellation_raised) next.push(step('cancel', [], '/cancel', null, so));
  }
  if (['requested', 'permitted', 'agreed', 'notified', 'active', 'suspended'].includes(state)) {
    next.push(step('close', [{ name: 'effective_date', type: 'date' }], '/close', null, so));
  }
  main.appendChild(section('jw.next', next.length ? next : h('p.final', { 'data-testid': 'jw-final' }, t('jw.final'))));
}

// ================================================================= foreign transfers

const FT_STEPS = [
  { key: 'proposal', to: 'proposed', art: '27.1', date: x => x.proposed_on },
  { key: 'expert_opinion', to: 'opined', alt: 'opinion_negative', art: '27.2', date: x => x.expert_opinion && x.expert_opinion.date },
  { key: 'government_decision', to: 'decided', art: '27.3', date: x => x.government_decision && x.government_decision.date },
  { key: 'contract', to: 'contracted', art: '27.4', date: x => x.contract && x.contract.date },
  { key: 'transfer', to: 'transferred', art: '27', date: x => x.transferred_on },
];

function recentTable(kind, base, stateGroup) {
  return h('div', h('p.hint', t('jw.list_unavailable')), h('h3', t('jw.recent')), table([
    { key: 'field.id', get: x => h('a', { href: base + encodeURIComponent(x.id) }, x.id) },
    { key: 'field.state', get: x => stateTag(stateGroup, x.state) },
  ], recent(kind), { empty: 'empty' }));
}

export async function foreignIndex(main, params, ctx) {
  main.appendChild(h('h1', t('ft.title')));
  main.appendChild(h('p.intro', t('ft.intro'), ' ', h('span.article', articleText('27'))));
  const list = h('div');
  main.appendChild(section('ft.list', list));
  let exists = true;
  await load(list, async () => {
    try {
      const items = await all('/v1/foreign-transfers' + qs({ org_id: ctx.user.org_id }));
      return table([
        { key: 'field.id', get: x => h('a', { href: '#/foreign-transfers/' + encodeURIComponent(x.id) }, x.id) },
        { key: 'field.recipient_org_id', get: x => nameOf('org', x.recipient_org_id) },
        { key: 'field.state', get: x => stateTag('ft_state', x.state) },
      ], items, { testid: 'ft-table', empty: 'ft.none' });
    } catch (e) {
      if (e instanceof ApiError && e.unavailable) { exists = await available('/v1/foreign-transfers'); if (!exists) return unavailable(); return recentTable('ft', '#/foreign-transfers/', 'ft_state'); }
      throw e;
    }
  });
  if (exists && has(ctx.user, 'security_officer')) {
    const orgs = await orgOptions().catch(() => []);
    const carriers = await all('/v1/carriers' + qs({ org_id: ctx.user.org_id, state: 'registered' })).catch(() => []);
    const foreign = (await all('/v1/orgs').catch(() => []))
      .filter(o => o.kind === 'foreign_state' || o.kind === 'international_org').map(o => [o.id, o.name]);
    main.appendChild(section('ft.propose', form({
      id: 'ft', testid: 'ft-propose', submit: 'ft.propose.submit',
      fields: [
        { name: 'recipient_org_id', type: 'select', required: true, choose: true, options: foreign.length ? foreign : orgs, hint: 'hint.foreign_recipient' },
        { name: 'carrier_ids', label: 'field.carriers', type: 'multi', options: carriers.map(c => [c.id, c.account_number + ' — ' + c.title + ' (' + tv('label', c.label) + ')']) },
        { name: 'justification', type: 'textarea' },
        { name: 'agreed_with', type: 'multi', options: orgs, hint: 'hint.agreed_with' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => {
        const x = await post('/v1/foreign-transfers', Object.assign({ proposer_org_id: ctx.user.org_id, carrier_ids: [], agreed_with: [] }, v));
        ctx.go('#/foreign-transfers/' + encodeURIComponent(x.id));
      },
    })));
  }
}

export async function foreignPage(main, params, ctx) {
  const id = params.id;
  const base = '/v1/foreign-transfers/' + encodeURIComponent(id);
  let x;
  try { x = await get(base); } catch (e) {
    if (e instanceof ApiError && e.unavailable) { main.appendChild(h('h1', t('ft.one'))); main.appendChild(unavailable()); return; }
    throw e;
  }
  const reload = () => ctx.route();
  const state = x.state;
  main.appendChild(h('h1', t('ft.one'), ' ', h('code', x.id)));
  main.appendChild(h('p.subtitle', t('field.state'), ': ', h('strong', { 'data-testid': 'ft-state' }, stateTag('ft_state', state))));
  main.appendChild(section('ft.record', dl([
    ['field.proposer_org_id', orgLink(x.proposer_org_id)],
    ['field.recipient_org_id', orgLink(x.recipient_org_id)],
    ['field.carriers', h('ul.inline', (x.carrier_ids || []).map(c => h('li', objectLink(c))))],
    ['field.justification', x.justification || '—'],
    ['field.agreed_with', h('ul.inline', (x.agreed_with || []).map(o => h('li', orgLink(o))))],
  ])));
  remember('ft', x);
  main.appendChild(section('jw.timeline', timeline(FT_STEPS, x, 'ftstep.'),
    state === 'opinion_negative' ? h('p.violation', '⚠ ', t('ft.opinion_negative')) : null));
  const ab = has(ctx.user, 'authorized_body'), so = has(ctx.user, 'security_officer');
  const step = (key, fields, path, roleOk, who, build) => roleOk ? form({
    id: 'ft-' + key, testid: 'ft-step-' + key, title: 'ftstep.' + key, submit: 'ftstep.' + key + '.submit', fields,
    onSubmit: async v => { await post(base + path, build ? build(v) : v); reload(); },
  }) : h('p.waiting', t('jw.waiting_for'), ' ', t('ftstep.' + key), ' (', t('role.' + who), ')');
  let next = null;
  if (state === 'proposed' || state === 'opinion_negative') {
    next = step('expert_opinion', [{ name: 'positive', type: 'checkbox', label: 'field.positive', value: true }, { name: 'ref', required: true }], '/expert-opinion', ab, 'authorized_body');
  } else if (state === 'opined') {
    next = step('government_decision', [{ name: 'ref', hint: 'hint.gov_ref' }, { name: 'treaty_ref', hint: 'hint.treaty_instead' }], '/government-decision', ab, 'authorized_body');
  } else if (state === 'decided') {
    next = step('contract', [{ name: 'ref', required: true }], '/contract', so, 'security_officer');
  } else if (state === 'contracted') {
    next = step('transfer', [], '/transfer', so, 'security_officer');
  }
  main.appendChild(section('jw.next', next || h('p.final', t('jw.final'))));
}
