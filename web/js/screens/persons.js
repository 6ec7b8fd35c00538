// persons.js — persons and their clearances (Art. 29-33): the five
// prerequisites of Art. 29.1 as a checklist with dates, the head's decision,
// termination; grounds for refusal (Art. 30), trips abroad (Art. 32) and
// violations.

import { get, post, all, qs } from '../api.js';
import { t, tv, DEGREES, articleText } from '../i18n.js';
import { h, table, dl, date, labelTag, stateTag, form, load, section, has, actionButton, query, yesNo } from '../ui.js';
import { orgLink } from '../names.js';

export const GROUNDS = ['incapacity', 'intentional_crime_conviction', 'medical_contraindication', 'residence_abroad',
  'verification_threat', 'restrictions_breached', 'corruption_admin_penalty', 'corruption_offense',
  'grave_crime_record', 'criminal_group', 'verification_evasion', 'false_information'];
const PREREQS = ['commitment_on', 'consent_restrictions_on', 'consent_verification_on', 'familiarized_on'];
const END_REASONS = ['violation', 'ground', 'dismissal', 'transfer', 'contract_end'];
const degreeOptions = () => DEGREES.slice().reverse().map(d => [d, tv('label', d)]);

export async function index(main, params, ctx) {
  const q = query();
  if (q.clearance) {
    const c = await get('/v1/clearances/' + encodeURIComponent(q.clearance));
    location.replace('#/persons/' + encodeURIComponent(c.person_id));
    return;
  }
  main.appendChild(h('h1', t('persons.title')));
  const list = h('div');
  main.appendChild(section('persons.list', list));
  await load(list, async () => {
    const items = await all('/v1/persons' + qs({ org_id: ctx.user.org_id }));
    return table([
      { key: 'field.full_name', get: p => h('a', { href: '#/persons/' + encodeURIComponent(p.id) }, p.full_name) },
      { key: 'field.iin', get: p => p.iin || p.passport || '—' },
      { key: 'field.citizenship', get: p => tv('citizenship', p.citizenship) },
      { key: 'field.position', get: p => p.position },
      { key: 'field.employment_state', get: p => tv('employment', p.employment_state) },
    ], items, { testid: 'persons-table' });
  });
  if (has(ctx.user, 'security_officer')) {
    main.appendChild(section('persons.add', form({
      id: 'person', testid: 'person-add', submit: 'persons.add.submit',
      fields: [
        { name: 'full_name', required: true },
        { name: 'iin', hint: 'hint.iin' },
        { name: 'passport', hint: 'hint.passport' },
        { name: 'citizenship', type: 'select', required: true, options: ['KZ', 'foreign', 'stateless'].map(c => [c, tv('citizenship', c)]), value: 'KZ' },
        { name: 'position', required: true },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => {
        const p = await post('/v1/persons', Object.assign({ org_id: ctx.user.org_id }, v));
        ctx.go('#/persons/' + encodeURIComponent(p.id));
      },
    })));
  }
}

function check(done, text, when) {
  return h('li', { class: done ? 'done' : 'missing' },
    h('span.mark', { 'aria-hidden': 'true' }, done ? '☑ ' : '☐ '),
    h('span.visually-hidden', (done ? t('prereq.done') : t('prereq.missing')) + ': '),
    text, ' — ', done ? (when ? date(when) : t('prereq.done')) : h('em', t('prereq.missing')));
}

function clearanceCard(c, person, ctx) {
  const p = c.prerequisites || {};
  const so = has(ctx.user, 'security_officer'), head = has(ctx.user, 'head');
  const base = '/v1/clearances/' + encodeURIComponent(c.id);
  const reload = () => ctx.route();
  const parts = [
    h('h3', t('clearance.form'), ': ', labelTag(c.form), ' · ', stateTag('clearance_state', c.state)),
    dl([
      ['field.registered_on', date(c.registered_on)],
      ['field.treaty_ref', c.treaty_ref || '—'],
      ['clearance.decision', c.decision ? [tv('decided', c.decision.decision), ' ', date(c.decision.date || c.granted_on),
        c.decision.contract_number ? ' · ' + t('field.contract_number') + ' ' + c.decision.contract_number : ''] : '—'],
      ['field.restriction_until', date(c.restriction_until)],
      ['clearance.termination', c.termination ? [tv('end_reason', c.termination.reason), ' ', date(c.terminated_on || c.termination.date)] : '—'],
      c.non_disclosure ? ['clearance.non_disclosure', t('clearance.non_disclosure.continues')] : null,
    ]),
    h('h4', t('prereq.title'), ' ', h('span.article', articleText('29.1'))),
    h('ol.checklist', { 'data-testid': 'prereq-' + c.id },
      PREREQS.map(k => check(!!p[k], t('prereq.' + k), p[k])),
      check(p.verification === 'passed', t('prereq.verification') + (p.verification && p.verification !== 'passed' ? ' (' + tv('verification', p.verification) + ')' : ''), p.verified_on),
      check(c.state === 'active' || (c.decision && c.decision.decision === 'grant'), t('prereq.decision'), c.granted_on)),
  ];
  if (so && (c.state === 'registering' || (c.state === 'active' && c.verification_pending))) {
    parts.push(form({
      id: 'prereq', testid: 'prereq-form', title: 'prereq.record', submit: 'save',
      fields: PREREQS.map(k => ({ name: k, type: 'date', label: 'prereq.' + k, value: p[k] }))
        .concat([{ name: 'verification', type: 'select', label: 'prereq.verification', options: ['passed', 'failed', 'evaded'].map(v => [v, tv('verification', v)]), value: p.verification },
          { name: 'verified_on', type: 'date', label: 'field.verified_on', value: p.verified_on }]),
      onSubmit: async v => { await post(base + '/prerequisites', v); reload(); },
    }));
  }
  if (head && c.state === 'registering') {
    parts.push(form({
      id: 'decision', testid: 'decision-form', title: 'clearance.decide', submit: 'clearance.decide.submit',
      fields: [
        { name: 'decision', type: 'select', required: true, choose: true, options: [['grant', tv('decision', 'grant')], ['refuse', tv('decision', 'refuse')]] },
        { name: 'contract_number' },
        { name: 'restriction_until', type: 'date' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => { await post(base + '/decision', v); reload(); },
    }));
  }
  if (head && c.state === 'active') {
    parts.push(form({
      id: 'terminate', testid: 'terminate-form', title: 'clearance.terminate', submit: 'clearance.terminate.submit',
      fields: [
        { name: 'reason', type: 'select', required: true, choose: true, options: END_REASONS.map(r => [r, tv('end_reason', r)]) },
        { name: 'effective_date', type: 'date' },
      ],
      confirm: () => t('confirm.terminate', { who: (person && person.full_name) || '' }),
      onSubmit: async v => { await post(base + '/terminate', v); reload(); },
    }));
  }
  return h('article.card', { 'data-testid': 'clearance', 'data-state': c.state }, parts);
}

export async function page(main, params, ctx) {
  const id = params.id;
  const base = '/v1/persons/' + encodeURIComponent(id);
  const p = await get(base);
  const so = has(ctx.user, 'security_officer'), head = has(ctx.user, 'head');
  const reload = () => ctx.route();
  main.appendChild(h('h1', p.full_name));
  main.appendChild(section('person.record', dl([
    ['field.iin', p.iin || '—'],
    ['field.passport', p.passport || '—'],
    ['field.citizenship', tv('citizenship', p.citizenship)],
    ['field.org_id', orgLink(p.org_id)],
    ['field.position', p.position],
    ['field.employment_state', tv('employment', p.employment_state)],
    ['field.registered_on', date(p.registered_on)],
  ])));

  const cl = p.clearances || [];
  const clSec = section('clearances.title', cl.length ? cl.map(c => clearanceCard(c, p, ctx)) : h('p.empty', t('clearances.none')));
  if (so) {
    clSec.appendChild(form({
      id: 'clearance', testid: 'clearance-add', title: 'clearance.register', submit: 'clearance.register.submit',
      fields: [
        { name: 'form', type: 'select', required: true, choose: true, options: degreeOptions() },
        { name: 'treaty_ref', hint: 'hint.treaty' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => { await post(base + '/clearances', v); reload(); },
    }));
  }
  main.appendChild(clSec);

  // grounds for refusal (Art. 30)
  const grounds = p.grounds || [];
  const gSec = section('grounds.title', h('p.intro', t('grounds.intro'), ' ', h('span.article', articleText('30.1'))),
    table([
      { key: 'field.ground', get: g => tv('ground', g.ground) },
      { key: 'field.noted_on', get: g => date(g.noted_on) },
      { key: 'field.details', get: g => g.details || '—' },
      { key: 'grounds.in_force', get: g => g.lifted_on ? t('grounds.lifted', { date: date(g.lifted_on) }) : yesNo(g.in_force !== false) },
      { key: 'actions', get: g => so && !g.lifted_on ? actionButton('grounds.lift', async () => { await post('/v1/grounds/' + encodeURIComponent(g.id) + '/lift', {}); reload(); }) : '—' },
    ], grounds, { testid: 'grounds', empty: 'grounds.none' }));
  if (so) {
    gSec.appendChild(form({
      id: 'ground', testid: 'ground-add', title: 'grounds.add', submit: 'grounds.add.submit',
      fields: [
        { name: 'ground', type: 'select', required: true, choose: true, options: GROUNDS.map(g => [g, tv('ground', g)]) },
        { name: 'noted_on', type: 'date', required: true },
        { name: 'details', type: 'textarea' },
      ],
      onSubmit: async v => { await post(base + '/grounds', v); reload(); },
    }));
  }
  main.appendChild(gSec);

  // trips abroad (Art. 32)
  const tripsBox = h('div');
  const tSec = section('trips.title', h('p.intro', t('trips.intro'), ' ', h('span.article', articleText('32'))), tripsBox);
  main.appendChild(tSec);
  await load(tripsBox, async () => {
    const r = await get(base + '/trips');
    const trips = r.items || r || [];
    return table([
      { key: 'field.country', get: x => x.country },
      { key: 'field.depart_on', get: x => date(x.depart_on) },
      { key: 'field.return_on', get: x => date(x.return_on) },
      { key: 'field.state', get: x => stateTag('trip_state', x.state) },
      { key: 'trips.violation', get: x => x.violation ? h('strong.violation', '⚠ ', x.violation.code || '', ' ', x.violation.article ? articleText(x.violation.article) : '') : '—' },
      { key: 'actions', get: x => tripActions(x, so, head, reload) },
    ], trips, { testid: 'trips', empty: 'trips.none' });
  });
  if (so) {
    tSec.appendChild(form({
      id: 'trip', testid: 'trip-add', title: 'trips.add', submit: 'trips.add.submit',
      fields: [
        { name: 'country', required: true },
        { name: 'depart_on', type: 'date', required: true },
        { name: 'return_on', type: 'date', required: true },
      ],
      onSubmit: async v => { await post(base + '/trips', v); reload(); },
    }));
  }

  // violations
  main.appendChild(section('violations.title', table([
    { key: 'field.date', get: v => date(v.date || v.noted_on || v.departed_on) },
    { key: 'field.code', get: v => v.code ? h('code', v.code) : '—' },
    { key: 'field.article', get: v => v.article ? articleText(v.article) : '—' },
    { key: 'field.details', get: v => v.details ? (typeof v.details === 'string' ? v.details : JSON.stringify(v.details)) : (v.liability || v.event || '—') },
  ], p.violations || [], { testid: 'violations', empty: 'violations.none' })));
}

function tripActions(x, so, head, reload) {
  const b = '/v1/trips/' + encodeURIComponent(x.id);
  const out = [];
  if (head && x.state === 'requested') {
    out.push(actionButton('trips.approve', async () => { await post(b + '/approve', {}); reload(); }));
    out.push(actionButton('trips.refuse', async () => { await post(b + '/refuse', {}); reload(); }));
  }
  if (so && (x.state === 'requested' || x.state === 'approved' || x.state === 'refused')) {
    out.push(actionButton('trips.depart', async () => { await post(b + '/depart', {}); reload(); }));
  }
  return out.length ? out : '—';
}
