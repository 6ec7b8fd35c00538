// classification.js — the statutory catalogue (Art. 11-14, 17.1), officials
// empowered to classify (Art. 5.4, 15.1), departmental lists with their
// items, approval, review and changes with their cascade (Art. 22), and
// information items: classification, preliminary classification (Art. 20.2),
// extension (Art. 20.3) and declassification (Art. 22-23).

import { get, post, all, qs } from '../api.js';
import { t, tv, DEGREES, articleText, getLang } from '../i18n.js';
import { h, clear, table, dl, date, labelTag, stateTag, banner, form, load, section, has, actionButton, yesNo } from '../ui.js';
import { orgLink, orgOptions, personOptions, nameOf, objectLink } from '../names.js';

const degreeOptions = () => DEGREES.slice().reverse().map(d => [d, tv('label', d)]);
const DECLASSIFY_GROUNDS = ['treaty', 'circumstances_changed', 'list_changed', 'term_expired', 'criminal_proceedings', 'court_decision', 'unreasonable'];

let catalogCache = null;
async function catalog() {
  if (!catalogCache) catalogCache = get('/v1/catalog').catch(e => { catalogCache = null; throw e; });
  return catalogCache;
}
const textOf = x => (x && x.text ? (x.text[getLang()] || x.text.en || x.text.kk) : '');

export async function index(main, params, ctx) {
  main.appendChild(h('h1', t('cls.title')));
  main.appendChild(h('nav.tabs', { 'aria-label': t('cls.sections') }, h('ul',
    [['cls-info', 'cls.information'], ['cls-lists', 'cls.lists'], ['cls-classifiers', 'cls.classifiers'], ['cls-catalog', 'cls.catalog']]
      .map(([id, k]) => h('li', h('a', { href: '#/classification', 'data-target': id, on: { click: ev => { ev.preventDefault(); const el = document.getElementById(id); if (el) { el.scrollIntoView(); el.focus(); } } } }, t(k)))))));

  // information items
  const infoBox = h('div');
  const infoSec = section('cls.information', infoBox);
  infoSec.id = 'cls-info'; infoSec.tabIndex = -1;
  main.appendChild(infoSec);
  const labels = [];
  await load(infoBox, async () => {
    const items = await all('/v1/information' + qs({ org_id: ctx.user.org_id }));
    labels.push(...items.filter(i => i.state !== 'declassified').map(i => i.degree));
    banner(labels);
    return table([
      { key: 'field.title', get: i => h('a', { href: '#/information/' + encodeURIComponent(i.id) }, i.title) },
      { key: 'field.degree', get: i => labelTag(i.degree) },
      { key: 'field.state', get: i => stateTag('info_state', i.state) },
      { key: 'field.basis', get: i => i.preliminary ? t('info.preliminary') : (i.basis || '—') },
      { key: 'field.classified_on', get: i => date(i.classified_on) },
      { key: 'field.declassify_on', get: i => date(i.declassify_on) },
    ], items, { testid: 'information-table', empty: 'info.none' });
  });
  if (has(ctx.user, 'classifier')) infoSec.appendChild(await classifyForm(ctx));

  // lists
  const listBox = h('div');
  const listSec = section('cls.lists', h('p.intro', t('cls.lists.intro'), ' ', h('span.article', articleText('15.2')), ' ', h('span.article', articleText('22.2'))), listBox);
  listSec.id = 'cls-lists'; listSec.tabIndex = -1;
  main.appendChild(listSec);
  await load(listBox, async () => {
    const lists = await all('/v1/lists' + qs({ org_id: ctx.user.org_id }));
    return table([
      { key: 'field.title', get: l => h('a', { href: '#/lists/' + encodeURIComponent(l.id) }, l.title) },
      { key: 'field.state', get: l => stateTag('list_state', l.state) },
      { key: 'field.version', get: l => String(l.version) },
      { key: 'field.approved_on', get: l => date(l.approved_on) },
      { key: 'field.next_review_on', get: l => date(l.next_review_on) },
    ], lists, { testid: 'lists-table', empty: 'lists.none' });
  });
  if (has(ctx.user, 'security_officer')) {
    listSec.appendChild(form({
      id: 'list', testid: 'list-add', title: 'lists.add', submit: 'lists.add.submit',
      fields: [{ name: 'title', required: true }, { name: 'effective_date', type: 'date' }],
      onSubmit: async v => { const l = await post('/v1/lists', Object.assign({ org_id: ctx.user.org_id }, v)); ctx.go('#/lists/' + encodeURIComponent(l.id)); },
    }));
  }

  // classifiers
  const clsBox = h('div');
  const clsSec = section('cls.classifiers', h('p.intro', h('span.article', articleText('5.4')), ' ', h('span.article', articleText('15.1'))), clsBox);
  clsSec.id = 'cls-classifiers'; clsSec.tabIndex = -1;
  main.appendChild(clsSec);
  await load(clsBox, async () => {
    const items = await all('/v1/classifiers' + qs({ org_id: ctx.user.org_id }));
    return table([
      { key: 'field.full_name', get: c => c.full_name || nameOf('person', c.person_id) },
      { key: 'field.position', get: c => c.position || '—' },
      { key: 'field.org_id', get: c => orgLink(c.org_id) },
      { key: 'field.state', get: c => tv('active_state', c.state) },
    ], items, { empty: 'classifiers.none' });
  });
  if (has(ctx.user, 'admin')) {
    const orgs = await orgOptions().catch(() => []);
    clsSec.appendChild(form({
      id: 'classifier', title: 'classifiers.add', submit: 'classifiers.add.submit',
      fields: [{ name: 'org_id', type: 'select', required: true, options: orgs }, { name: 'person_id', required: true, hint: 'hint.ids' }],
      onSubmit: async v => { await post('/v1/classifiers', v); ctx.route(); },
    }));
  }

  // catalogue
  const catBox = h('div');
  const catSec = section('cls.catalog', catBox);
  catSec.id = 'cls-catalog'; catSec.tabIndex = -1;
  main.appendChild(catSec);
  await load(catBox, async () => {
    const c = await catalog();
    const filterId = 'cat-filter';
    const rows = h('div');
    const render = needle => {
      clear(rows);
      const n = (needle || '').toLowerCase();
      const f = x => !n || x.code.toLowerCase().includes(n) || textOf(x).toLowerCase().includes(n);
      rows.appendChild(h('details', { open: !!n },
        h('summary', t('catalog.items'), ' (', String((c.items || []).length), ')'),
        table([{ key: 'field.code', get: x => x.code }, { key: 'field.text', get: x => textOf(x) }], (c.items || []).filter(f), { testid: 'catalog' })));
      rows.appendChild(h('details', { open: !!n },
        h('summary', t('catalog.not_classifiable'), ' (', String((c.not_classifiable || []).length), ') ', h('span.article', articleText('17.1'))),
        table([{ key: 'field.code', get: x => x.code }, { key: 'field.text', get: x => textOf(x) }], (c.not_classifiable || []).filter(f))));
    };
    const input = h('input', { id: filterId, type: 'search', on: { input: ev => render(ev.target.value) } });
    render('');
    return h('div', getLang() === 'ru' ? h('p.hint', { 'data-testid': 'catalog-translation' }, t(c.translations && c.translations.ru ? 'catalog.ru_working' : 'catalog.lang_note')) : null,
      h('div.field', h('label', { for: filterId }, t('catalog.search')), input), rows);
  });
}

async function itemOptions(orgId) {
  const lists = await all('/v1/lists' + qs({ org_id: orgId, state: 'approved' })).catch(() => []);
  const out = [];
  for (const l of lists) {
    const full = await get('/v1/lists/' + encodeURIComponent(l.id)).catch(() => null);
    for (const it of (full && full.items) || []) {
      if (it.state && it.state !== 'active') continue;
      out.push([it.id, l.title + ' · ' + it.code + ' — ' + it.text + ' (' + tv('label', it.degree) + ')']);
    }
  }
  return out;
}

async function classifyForm(ctx) {
  const items = await itemOptions(ctx.user.org_id);
  const cat = await catalog().catch(() => ({ not_classifiable: [] }));
  return form({
    id: 'classify', testid: 'classify', title: 'info.classify', submit: 'info.classify.submit',
    fields: [
      { name: 'title', required: true },
      { name: 'list_item_id', type: 'select', options: items, hint: 'hint.list_item' },
      { name: 'preliminary', type: 'checkbox', label: 'info.preliminary' },
      { name: 'degree', type: 'select', required: true, choose: true, options: degreeOptions() },
      { name: 'topics', type: 'multi', options: (cat.not_classifiable || []).map(x => [x.code, x.code + ' ' + textOf(x)]), hint: 'hint.topics', omitEmpty: true },
      { name: 'classified_on', type: 'date', required: true },
      { name: 'declassify_on', type: 'date', required: true, hint: 'hint.term' },
    ],
    onSubmit: async v => {
      if (!v.preliminary) delete v.preliminary;
      const i = await post('/v1/information', Object.assign({ org_id: ctx.user.org_id }, v));
      ctx.go('#/information/' + encodeURIComponent(i.id));
    },
  });
}

// ------------------------------------------------------------------ a list

export async function listPage(main, params, ctx) {
  const id = params.id;
  const base = '/v1/lists/' + encodeURIComponent(id);
  const l = await get(base);
  const reload = () => ctx.route();
  const items = l.items || [];
  banner(items.filter(i => i.state !== 'removed').map(i => i.degree));
  main.appendChild(h('h1', t('list.title'), ': ', l.title));
  main.appendChild(section('list.record', dl([
    ['field.org_id', orgLink(l.org_id)],
    ['field.state', stateTag('list_state', l.state)],
    ['field.version', String(l.version)],
    ['field.created_on', date(l.created_on)],
    ['field.approved_on', date(l.approved_on)],
    ['field.reviewed_on', date(l.reviewed_on)],
    ['field.next_review_on', date(l.next_review_on)],
  ])));
  const head = has(ctx.user, 'head');
  const cascadeOut = h('div', { 'aria-live': 'polite', 'data-testid': 'cascade' });
  main.appendChild(section('list.items', table([
    { key: 'field.code', get: i => i.code },
    { key: 'field.text', get: i => i.text },
    { key: 'field.degree', get: i => labelTag(i.degree) },
    { key: 'field.basis', get: i => i.basis },
    { key: 'field.state', get: i => stateTag('item_state', i.state) },
    { key: 'actions', get: i => head && l.state === 'approved' && i.state !== 'removed' ? changeForm(i, cascadeOut) : '—' },
  ], items, { testid: 'list-items', empty: 'list.no_items' }), cascadeOut));

  if (has(ctx.user, 'security_officer')) {
    const cat = await catalog().catch(() => ({ items: [] }));
    const approved = l.state === 'approved';
    main.appendChild(section('list.add_item', form({
      id: 'item', testid: 'item-add', submit: 'list.add_item.submit',
      intro: approved ? t('list.change_intro') : null,
      fields: [
        { name: 'code', required: true },
        { name: 'text', type: 'textarea', required: true },
        { name: 'degree', type: 'select', required: true, choose: true, options: degreeOptions() },
        { name: 'basis', type: 'select', required: true, choose: true, options: (cat.items || []).map(x => [x.code, x.code + ' ' + textOf(x).slice(0, 80)]) },
        { name: 'authorized_body_ref', label: 'field.authorized_body_ref' },
        { name: 'nsc_ref', label: 'field.nsc_ref' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => {
        const body = { code: v.code, text: v.text, degree: v.degree, basis: v.basis };
        if (v.authorized_body_ref || v.nsc_ref) body.coordination = { authorized_body_ref: v.authorized_body_ref || '', nsc_ref: v.nsc_ref || '' };
        if (v.effective_date) body.effective_date = v.effective_date;
        await post(base + '/items', body);
        reload();
      },
    })));
  }
  if (head) {
    main.appendChild(section('list.approval', h('p.intro', t('list.approval.intro'), ' ', h('span.article', articleText('22.2'))),
      l.state !== 'approved'
        ? form({ id: 'approve', testid: 'list-approve', submit: 'list.approve', fields: [{ name: 'effective_date', type: 'date' }], onSubmit: async v => { await post(base + '/approve', v); reload(); } })
        : form({ id: 'review', testid: 'list-review', submit: 'list.review', fields: [{ name: 'effective_date', type: 'date' }], onSubmit: async v => { await post(base + '/review', v); reload(); } })));
  }
}

function changeForm(item, out) {
  const f = form({
    id: 'change', submit: 'item.change.submit', testid: 'change-' + item.code,
    fields: [
      { name: 'degree', type: 'select', label: 'item.new_degree', options: degreeOptions() },
      { name: 'removed', type: 'checkbox', label: 'item.remove' },
      { name: 'authorized_body_ref', label: 'field.authorized_body_ref' },
      { name: 'nsc_ref', label: 'field.nsc_ref' },
    ],
    onSubmit: async v => {
      const body = { coordination: { authorized_body_ref: v.authorized_body_ref || '', nsc_ref: v.nsc_ref || '' } };
      if (!v.authorized_body_ref && !v.nsc_ref) delete body.coordination;
      if (v.removed) body.removed = true; else if (v.degree) body.degree = v.degree;
      const r = await post('/v1/list-items/' + encodeURIComponent(item.id) + '/change', body);
      clear(out);
      const a = (r && r.affected) || {};
      out.appendChild(h('div.cascade', { role: 'status' },
        h('h3', t('cascade.title'), ' ', h('span.article', articleText('23.1'))),
        h('p', t('cascade.intro')),
        h('h4', t('cascade.information'), ' (', String((a.information || []).length), ')'),
        h('ul', (a.information || []).map(i => h('li', objectLink(i)))),
        h('h4', t('cascade.carriers'), ' (', String((a.carriers || []).length), ')'),
        h('ul', (a.carriers || []).map(i => h('li', objectLink(i))))));
    },
  });
  f.classList.add('compact');
  return h('details', h('summary', t('item.change')), f);
}

// ------------------------------------------------------------------ information

export async function infoPage(main, params, ctx) {
  const id = params.id;
  const base = '/v1/information/' + encodeURIComponent(id);
  const i = await get(base);
  const reload = () => ctx.route();
  if (i.state !== 'declassified') banner([i.degree]);
  main.appendChild(h('h1', t('info.title'), ': ', i.title));
  main.appendChild(section('info.record', dl([
    ['field.degree', labelTag(i.degree)],
    ['field.state', stateTag('info_state', i.state)],
    ['field.org_id', orgLink(i.org_id)],
    ['field.basis', i.preliminary ? t('info.preliminary') : (i.basis || '—')],
    ['field.list_item_id', i.list_id ? h('a', { href: '#/lists/' + encodeURIComponent(i.list_id) }, i.list_item_id) : '—'],
    ['field.topics', (i.topics || []).join(', ') || '—'],
    ['field.classified_on', date(i.classified_on)],
    ['field.declassify_on', date(i.declassify_on)],
    ['field.proposal_on', date(i.proposal_on)],
    ['info.decision', i.decision ? [tv('prelim_decision', i.decision.decision || i.decision), ' ', date(i.decision.date)] : '—'],
    ['info.review_required', yesNo(i.review_required)],
  ])));
  const acts = [];
  if (i.state === 'preliminary' && has(ctx.user, 'security_officer') && !i.proposal_on) {
    acts.push(h('div', h('p.intro', t('info.proposal.intro'), ' ', h('span.article', articleText('20.2'))),
      form({ id: 'proposal', submit: 'info.proposal.submit', fields: [{ name: 'effective_date', type: 'date' }], onSubmit: async v => { await post(base + '/proposal', v); reload(); } })));
  }
  if (i.state === 'preliminary' && has(ctx.user, 'head')) {
    const items = await itemOptions(i.org_id);
    acts.push(form({
      id: 'pdecision', title: 'info.pdecision', submit: 'info.pdecision.submit',
      fields: [
        { name: 'decision', type: 'select', required: true, choose: true, options: [['add_to_list', tv('prelim_decision', 'add_to_list')], ['remove_label', tv('prelim_decision', 'remove_label')]] },
        { name: 'list_item_id', type: 'select', options: items },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => { await post(base + '/preliminary-decision', v); reload(); },
    }));
  }
  if (i.state === 'classified' && has(ctx.user, 'authorized_body')) {
    acts.push(form({
      id: 'extend', title: 'info.extend', submit: 'info.extend.submit', intro: articleText('20.3'),
      fields: [{ name: 'declassify_on', type: 'date', required: true }, { name: 'conclusion_ref' }],
      onSubmit: async v => { await post(base + '/extend', v); reload(); },
    }));
  }
  if (i.state !== 'declassified' && has(ctx.user, 'head', 'archivist', 'authorized_body')) {
    acts.push(form({
      id: 'declassify', title: 'info.declassify', submit: 'info.declassify.submit', intro: articleText('22.1'),
      fields: [
        { name: 'ground', type: 'select', options: DECLASSIFY_GROUNDS.map(g => [g, tv('declassify_ground', g)]) },
        { name: 'court_ref' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => { await post(base + '/declassify', v); reload(); },
    }));
  }
  if (acts.length) main.appendChild(section('info.actions', ...acts));
}
