// cases.js — declassification requests of citizens and organizations
// (Art. 24: answered with reasons within a month, or forwarded with a
// notice) and incidents (disclosure, loss; Art. 1, 26, 31, 37).

import { get, post, all, qs, ApiError } from '../api.js';
import { t, tv, articleText } from '../i18n.js';
import { h, table, dl, date, stateTag, form, load, section, has, unavailable, yesNo, actionButton } from '../ui.js';
import { orgLink, orgOptions, personOptions, nameOf, objectLink, personLink } from '../names.js';
import { available } from './workflows.js';

async function listOrUnavailable(path, build) {
  try {
    return build(await all(path));
  } catch (e) {
    if (e instanceof ApiError && e.unavailable) {
      if (!(await available(path.split('?')[0]))) return unavailable();
      return h('p.empty', t('jw.list_unavailable'));
    }
    throw e;
  }
}

// ================================================================= requests

export async function requestsIndex(main, params, ctx) {
  main.appendChild(h('h1', t('req.title')));
  main.appendChild(h('p.intro', t('req.intro'), ' ', h('span.article', articleText('24.2'))));
  const list = h('div');
  main.appendChild(section('req.list', list));
  await load(list, () => listOrUnavailable('/v1/declassification-requests' + qs({ org_id: ctx.user.org_id }), items => table([
    { key: 'field.requester', get: r => h('a', { href: '#/requests/' + encodeURIComponent(r.id) }, r.requester) },
    { key: 'field.subject', get: r => r.subject },
    { key: 'field.received_on', get: r => date(r.received_on) },
    { key: 'field.due_on', get: r => date(r.due_on) },
    { key: 'field.state', get: r => stateTag('req_state', r.state) },
  ], items, { testid: 'requests-table', empty: 'req.none' })));
  if (has(ctx.user, 'security_officer') && await available('/v1/declassification-requests')) {
    main.appendChild(section('req.add', form({
      id: 'req', testid: 'request-add', submit: 'req.add.submit',
      fields: [
        { name: 'requester', required: true },
        { name: 'subject', type: 'textarea', required: true },
        { name: 'received_on', type: 'date', required: true },
      ],
      onSubmit: async v => {
        const r = await post('/v1/declassification-requests', Object.assign({ org_id: ctx.user.org_id }, v));
        ctx.go('#/requests/' + encodeURIComponent(r.id));
      },
    })));
  }
}

export async function requestPage(main, params, ctx) {
  const base = '/v1/declassification-requests/' + encodeURIComponent(params.id);
  let r;
  try { r = await get(base); } catch (e) {
    if (e instanceof ApiError && e.unavailable) { main.appendChild(h('h1', t('req.one'))); main.appendChild(unavailable()); return; }
    throw e;
  }
  const reload = () => ctx.route();
  main.appendChild(h('h1', t('req.one'), ': ', r.requester));
  main.appendChild(section('req.record', dl([
    ['field.requester', r.requester],
    ['field.subject', r.subject],
    ['field.org_id', orgLink(r.org_id)],
    ['field.received_on', date(r.received_on)],
    ['field.due_on', date(r.due_on)],
    ['field.state', stateTag('req_state', r.state)],
    r.answer ? ['req.answer', [tv('req_decision', r.answer.decision), ' — ', r.answer.reasons || '', ' ', date(r.answer.answered_on || r.answer.date), r.answer.late ? [' ', h('strong.overdue', '⚠ ', t('req.late'))] : null]] : null,
    r.forward ? ['req.forward', [orgLink(r.forward.to_org_id), ' — ', t('field.notice_sent_on'), ' ', date(r.forward.notice_sent_on), r.forward.late ? [' ', h('strong.overdue', '⚠ ', t('req.late'))] : null]] : null,
  ])));
  const open = r.state === 'open';
  if (open) {
    const acts = [];
    if (has(ctx.user, 'head')) {
      acts.push(form({
        id: 'answer', testid: 'req-answer', title: 'req.answer', submit: 'req.answer.submit',
        fields: [
          { name: 'decision', type: 'select', required: true, choose: true, options: [['declassified', tv('req_decision', 'declassified')], ['refused', tv('req_decision', 'refused')]] },
          { name: 'reasons', type: 'textarea' },
          { name: 'effective_date', type: 'date' },
        ],
        onSubmit: async v => { await post(base + '/answer', v); reload(); },
      }));
    }
    if (has(ctx.user, 'security_officer')) {
      const orgs = await orgOptions().catch(() => []);
      acts.push(form({
        id: 'forward', testid: 'req-forward', title: 'req.forward', submit: 'req.forward.submit',
        fields: [
          { name: 'to_org_id', type: 'select', required: true, choose: true, options: orgs },
          { name: 'notice_sent_on', type: 'date', required: true },
        ],
        onSubmit: async v => { await post(base + '/forward', v); reload(); },
      }));
    }
    if (acts.length) main.appendChild(section('jw.next', ...acts));
  }
}

// ================================================================= incidents

export async function incidentsIndex(main, params, ctx) {
  main.appendChild(h('h1', t('inc.title')));
  const list = h('div');
  main.appendChild(section('inc.list', list));
  await load(list, () => listOrUnavailable('/v1/incidents' + qs({ org_id: ctx.user.org_id }), items => table([
    { key: 'field.kind', get: i => tv('incident_kind', i.kind) },
    { key: 'field.state', get: i => stateTag('incident_state', i.state) },
    { key: 'field.occurred_on', get: i => date(i.occurred_on || i.opened_on) },
    { key: 'field.carriers', get: i => h('ul.inline', (i.carrier_ids || []).map(c => h('li', objectLink(c)))) },
    { key: 'field.persons', get: i => h('ul.inline', (i.person_ids || []).map(p => h('li', personLink(p)))) },
    { key: 'field.description', get: i => i.description || '—' },
    { key: 'field.confirmed', get: i => i.confirmed ? t('yes') : has(ctx.user, 'security_officer', 'head')
      ? actionButton('incident.confirm', async () => { await post('/v1/incidents/' + encodeURIComponent(i.id) + '/confirm', {}); ctx.route(); }) : t('no') },
  ], items, { testid: 'incidents-table', empty: 'inc.none' })));
  if (has(ctx.user, 'security_officer') && await available('/v1/incidents')) {
    const carriers = await all('/v1/carriers' + qs({ org_id: ctx.user.org_id })).catch(() => []);
    const people = await personOptions(ctx.user.org_id).catch(() => []);
    main.appendChild(section('inc.add', h('p.intro', t('inc.intro')), form({
      id: 'inc', testid: 'incident-add', submit: 'inc.add.submit',
      fields: [
        { name: 'kind', type: 'select', required: true, choose: true, options: [['loss', tv('incident_kind', 'loss')], ['disclosure', tv('incident_kind', 'disclosure')]] },
        { name: 'carrier_ids', label: 'field.carriers', type: 'multi', options: carriers.map(c => [c.id, c.account_number + ' — ' + c.title]) },
        { name: 'person_ids', label: 'field.persons', type: 'multi', options: people },
        { name: 'description', type: 'textarea', required: true },
        { name: 'damage', type: 'textarea', label: 'field.damage' },
        { name: 'confirmed', type: 'checkbox' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => {
        const body = Object.assign({ carrier_ids: [], person_ids: [], confirmed: false }, v);
        if (!body.damage) delete body.damage;
        await post('/v1/incidents', body);
        ctx.route();
      },
    })));
  }
}
