// carriers.js — the carrier registry (search, filters, registration, the
// printable registration journal), a carrier's page (copies and holders,
// circulation journal, issue/return, destroy with act, archive, content
// upload and reading) and the reading screen of a cleared employee.

import { get, post, put, all, qs, request } from '../api.js';
import { t, tp, tv, DEGREES, articleText } from '../i18n.js';
import { h, clear, table, dl, date, labelTag, stateTag, banner, form, load, section, has, compact, refusal, actionButton, query, printAudited } from '../ui.js';
import { personLink, orgLink, personOptions, orgOptions, nameOf, objectLink } from '../names.js';

export const KINDS = ['paper', 'electronic', 'media', 'product', 'other'];
export const DECLASSIFY_GROUNDS = ['treaty', 'circumstances_changed', 'list_changed', 'term_expired', 'criminal_proceedings', 'court_decision', 'unreasonable'];
export const STATES = ['registered', 'issued', 'transferred', 'archived', 'destroyed', 'lost', 'declassified'];

const degreeOptions = () => DEGREES.slice().reverse().map(d => [d, tv('label', d)]);

function noprint(el) { el.classList.add('noprint'); return el; }

function printButton() {
  return h('button.print', { type: 'button', on: { click: e => printAudited('carrier_journal', e.target.parentNode) } }, t('print'));
}

// ------------------------------------------------------------------ registry

export async function registry(main, params, ctx) {
  const q = query();
  main.appendChild(h('h1', t('carriers.title')));
  const results = h('div');
  const filters = form({
    id: 'filters', testid: 'carrier-filters', submit: 'search', title: 'carriers.filters',
    fields: [
      { name: 'account_number', label: 'field.account_number', value: q.account_number },
      { name: 'label', type: 'select', options: degreeOptions(), value: q.label },
      { name: 'state', type: 'select', options: STATES.map(s => [s, tv('carrier_state', s)]), value: q.state },
      { name: 'holder', label: 'field.holder', type: 'select', options: has(ctx.user, 'security_officer', 'head', 'auditor') ? await personOptions(ctx.user.org_id).catch(() => []) : [], value: q.holder },
    ],
    onSubmit: async v => { await show(v); return false; },
  });
  main.appendChild(section('carriers.journal', h('div.noprint', filters, printButton()), results));

  async function show(filter, after) {
    await load(results, async () => {
      const r = await get('/v1/carriers' + qs(Object.assign({ org_id: ctx.user.org_id }, filter, { after, limit: 100 })));
      const items = r.items || [];
      banner(items.map(c => c.label));
      return h('div',
        table([
          { key: 'field.account_number', get: c => h('a', { href: '#/carriers/' + encodeURIComponent(c.id) }, c.account_number) },
          { key: 'field.registered_on', get: c => date(c.registered_on) },
          { key: 'field.title', get: c => c.title },
          { key: 'field.kind', get: c => tv('carrier_kind', c.kind) },
          { key: 'field.label', get: c => labelTag(c.label) },
          { key: 'field.copies', get: c => String((c.copies || []).length) },
          { key: 'field.sheets', get: c => String(c.sheets) },
          { key: 'field.state', get: c => stateTag('carrier_state', c.state) },
        ], items, { testid: 'carrier-table', empty: 'carriers.none' }),
        r.next ? h('p.pager.noprint', h('button', { type: 'button', on: { click: () => show(filter, r.next) } }, t('more'))) : null);
    });
  }
  await show(compact({ account_number: q.account_number, label: q.label, state: q.state, holder: q.holder }));

  if (has(ctx.user, 'security_officer')) main.appendChild(await registrationForm(ctx));
}

async function registrationForm(ctx) {
  let infos = [];
  try { infos = await all('/v1/information' + qs({ org_id: ctx.user.org_id })); } catch (e) { infos = []; }
  const infoOpts = infos.filter(i => i.state !== 'declassified').map(i => [i.id, i.title + ' — ' + tv('label', i.degree) + (i.preliminary ? ' (' + t('info.preliminary') + ')' : '')]);
  const f = form({
    id: 'register', testid: 'carrier-register', submit: 'carriers.register.submit',
    fields: [
      { name: 'account_number', required: true },
      { name: 'title', required: true },
      { name: 'kind', type: 'select', required: true, options: KINDS.map(k => [k, tv('carrier_kind', k)]), value: 'paper' },
      { name: 'label', type: 'select', required: true, choose: true, options: degreeOptions() },
      infoOpts.length ? { name: 'information_ids', type: 'multi', options: infoOpts, hint: 'hint.multi' }
        : { name: 'information_ids', list: true, hint: 'hint.ids' },
      { name: 'source_carrier_ids', list: true, hint: 'hint.ids', omitEmpty: true },
      { name: 'copies', type: 'number', required: true, min: 1, value: '1' },
      { name: 'sheets', type: 'number', required: true, min: 0, value: '1' },
      { name: 'declassify_on', type: 'date', hint: 'hint.declassify_default' },
      { name: 'effective_date', type: 'date' },
    ],
    onSubmit: async v => {
      if (!v.source_carrier_ids || v.source_carrier_ids.length === 0) delete v.source_carrier_ids;
      const c = await post('/v1/carriers', Object.assign({ org_id: ctx.user.org_id, information_ids: [] }, v));
      ctx.go('#/carriers/' + encodeURIComponent(c.id));
    },
  });
  return noprint(section('carriers.register', f));
}

// ------------------------------------------------------------------ one carrier

export async function page(main, params, ctx) {
  const id = params.id;
  const c = await get('/v1/carriers/' + encodeURIComponent(id));
  banner([c.label]);
  const so = has(ctx.user, 'security_officer');
  const reload = () => ctx.route();
  main.appendChild(h('h1', t('carrier.title'), ' ', h('span.acct', { 'data-testid': 'carrier-account' }, c.account_number)));
  main.appendChild(h('p.subtitle', c.title, ' · ', labelTag(c.label), ' · ', stateTag('carrier_state', c.state)));
  main.appendChild(section('carrier.record', dl([
    ['field.account_number', c.account_number],
    ['field.title', c.title],
    ['field.kind', tv('carrier_kind', c.kind)],
    ['field.label', labelTag(c.label)],
    ['field.state', stateTag('carrier_state', c.state)],
    ['field.org_id', orgLink(c.org_id)],
    ['field.disposing_org_ids', (c.disposing_org_ids || []).length ? h('ul.inline', c.disposing_org_ids.map(o => h('li', orgLink(o)))) : '—'],
    ['field.sheets', String(c.sheets)],
    ['field.registered_on', date(c.registered_on)],
    ['field.declassify_on', date(c.declassify_on)],
    ['field.information_ids', (c.information_ids || []).length ? h('ul.inline', c.information_ids.map(i => h('li', h('a', { href: '#/information/' + encodeURIComponent(i) }, nameOf('info', i))))) : '—'],
    ['field.source_carrier_ids', (c.source_carrier_ids || []).length ? h('ul.inline', c.source_carrier_ids.map(i => h('li', objectLink(i)))) : '—'],
    c.destruction ? ['carrier.destruction', t('carrier.act_of', { act: c.destruction.act_number || '', date: date(c.destruction.date) })] : null,
    c.archive ? ['carrier.archive', t('carrier.archived_as', { ref: c.archive.archive_ref || '', date: date(c.archive.date) })] : null,
    c.archive && c.archive.archive_org_id ? ['field.archive_org_id', orgLink(c.archive.archive_org_id)] : null,
    ['carrier.why', h('a', { href: '#/why?carrier_id=' + encodeURIComponent(c.id) }, t('carrier.why.link'))],
  ])));

  // copies and holders
  const live = c.state === 'registered' || c.state === 'issued';
  // custody per copy: each copy's holding organization (or citizen executor)
  const mine = k => (k.holder_org_id || (k.holder_person_id ? null : c.org_id)) === ctx.user.org_id;
  const people = has(ctx.user, 'security_officer', 'head') && live ? await personOptions(ctx.user.org_id || c.org_id).catch(() => []) : [];
  main.appendChild(section('carrier.copies', table([
    { key: 'field.copy_number', get: k => String(k.number) },
    { key: 'field.holder_org', get: k => k.holder_person_id ? personLink(k.holder_person_id) : orgLink(k.holder_org_id || c.org_id) },
    { key: 'field.holder', get: k => k.holder ? personLink(k.holder) : t('carrier.in_registry') },
    { key: 'actions', get: k => !(so && live && mine(k)) ? '—' : k.holder
      ? actionButton('carrier.return', async () => { await post('/v1/carriers/' + encodeURIComponent(id) + '/return', { person_id: k.holder, copy_number: k.number }); reload(); }, { testid: 'return-' + k.number })
      : issueForm(id, k.number, people, reload) },
  ], c.copies || [], { testid: 'copies' })));

  // need-to-know grants (Art. 33.2)
  if (has(ctx.user, 'head', 'security_officer', 'auditor')) {
    const gbox = h('div');
    const gsec = section('grants.title', h('p.intro', t('grants.intro'), ' ', h('span.article', articleText('33.2'))), gbox);
    main.appendChild(gsec);
    await load(gbox, async () => {
      const gs = (await all('/v1/grants')).filter(g => g.carrier_id === id);
      const list = table([
        { key: 'field.person_id', get: g => personLink(g.person_id) },
        { key: 'grants.from', get: g => date(g.from) },
        { key: 'grants.until', get: g => date(g.until) },
        { key: 'field.state', get: g => tv('grant_state', g.state) },
      ], gs, { testid: 'grants', empty: 'grants.none' });
      // revocation before the end, by the granting organization (Art. 33.2)
      const active = gs.filter(g => g.state === 'active' && (!g.granting_org_id || g.granting_org_id === ctx.user.org_id));
      if (!has(ctx.user, 'head', 'security_officer') || !active.length) return list;
      const ppl = new Map(people.length ? people : await personOptions(c.org_id).catch(() => []));
      return h('div', list, form({
        id: 'grant-revoke', testid: 'grant-revoke', title: 'grants.revoke', submit: 'grants.revoke.submit',
        fields: [
          { name: 'grant_id', label: 'grants.grant', type: 'select', required: true, choose: true,
            options: active.map(g => [g.id, (ppl.get(g.person_id) || g.person_id) + ' · ' + date(g.until)]) },
          { name: 'reason', label: 'field.reason_text', type: 'textarea', required: true },
        ],
        onSubmit: async v => { await post('/v1/grants/' + encodeURIComponent(v.grant_id) + '/revoke', { reason: v.reason }); reload(); },
      }));
    });
    if (has(ctx.user, 'head', 'security_officer') && live) {
      const ppl = people.length ? people : await personOptions(c.org_id).catch(() => []);
      gsec.appendChild(form({
        id: 'grant', testid: 'grant-add', title: 'grants.add', submit: 'grants.add.submit',
        fields: [
          { name: 'person_id', type: 'select', required: true, choose: true, options: ppl },
          { name: 'until', label: 'grants.until', type: 'date', required: true },
        ],
        onSubmit: async v => { await post('/v1/grants', Object.assign({ carrier_id: id }, v)); reload(); },
      }));
    }
  }

  // content
  const contentOut = h('div.content-out');
  const contentParts = [readButton(id, contentOut)];
  if (so && live) {
    contentParts.unshift(form({
      id: 'content', testid: 'content-upload', title: 'content.upload', submit: 'content.upload.submit', done: 'content.stored',
      fields: [
        { name: 'file', type: 'file', label: 'content.file' },
        { name: 'text', type: 'textarea', label: 'content.text', hint: 'content.text.hint' },
      ],
      onSubmit: async v => {
        let body;
        if (v.file) body = await v.file.arrayBuffer();
        else if (v.text !== undefined) body = new TextEncoder().encode(v.text);
        else throw new Error(t('content.nothing'));
        await put('/v1/carriers/' + encodeURIComponent(id) + '/content', body);
      },
    }));
  }
  main.appendChild(noprint(section('content.title', ...contentParts, contentOut)));

  // destroy / archive
  if (so && live) {
    const archiveOrgs = await orgOptions().catch(() => []);
    main.appendChild(noprint(section('carrier.close',
      form({
        id: 'destroy', testid: 'destroy', title: 'carrier.destroy', submit: 'carrier.destroy.submit',
        fields: [{ name: 'act_number', required: true }, { name: 'effective_date', type: 'date' }],
        confirm: () => t('confirm.destroy', { what: c.account_number + ' «' + (c.title || '') + '»' }),
        onSubmit: async v => { await post('/v1/carriers/' + encodeURIComponent(id) + '/destroy', v); reload(); },
      }),
      form({
        id: 'archive', testid: 'archive', title: 'carrier.archive.title', submit: 'carrier.archive.submit',
        fields: [{ name: 'archive_ref', required: true }, { name: 'archive_org_id', type: 'select', options: archiveOrgs }, { name: 'effective_date', type: 'date' }],
        onSubmit: async v => { await post('/v1/carriers/' + encodeURIComponent(id) + '/archive', v); reload(); },
      }))));
  }

  // transfer to another organization (Art. 25), term, declassification, relabelling
  const more = [];
  if (so && live) {
    const orgs = await orgOptions().catch(() => []);
    more.push(form({
      id: 'transfer', testid: 'transfer', title: 'carrier.transfer', submit: 'carrier.transfer.submit', intro: t('carrier.transfer.intro'),
      fields: [
        { name: 'to_org_id', type: 'select', required: true, choose: true, options: orgs.filter(o => o[0] !== c.org_id) },
        { name: 'sanction_ref' },
        { name: 'act_number' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => { await post('/v1/transfers', Object.assign({ carrier_ids: [id] }, v)); reload(); },
    }));
  }
  if (has(ctx.user, 'head', 'security_officer') && c.state !== 'destroyed' && c.state !== 'declassified') {
    more.push(form({
      id: 'relabel', testid: 'relabel', title: 'carrier.relabel', submit: 'carrier.relabel.submit', intro: articleText('18'),
      fields: [{ name: 'label', type: 'select', required: true, choose: true, options: degreeOptions() }, { name: 'effective_date', type: 'date' }],
      onSubmit: async v => { await post('/v1/carriers/' + encodeURIComponent(id) + '/relabel', v); reload(); },
    }));
  }
  if (has(ctx.user, 'head') && c.state !== 'destroyed' && c.state !== 'declassified') {
    more.push(form({
      id: 'extend', testid: 'carrier-extend', title: 'carrier.extend', submit: 'carrier.extend.submit', intro: articleText('20.3') + '; ' + articleText('23.1'),
      fields: [{ name: 'declassify_on', type: 'date', required: true }, { name: 'expert_conclusion_ref' }],
      onSubmit: async v => { await post('/v1/carriers/' + encodeURIComponent(id) + '/extend', v); reload(); },
    }));
  }
  if (has(ctx.user, 'head', 'archivist', 'authorized_body') && c.state !== 'declassified' && c.state !== 'destroyed') {
    more.push(form({
      id: 'cdecl', testid: 'carrier-declassify', title: 'carrier.declassify', submit: 'carrier.declassify.submit', intro: articleText('22.1'),
      fields: [
        { name: 'ground', type: 'select', options: DECLASSIFY_GROUNDS.map(g => [g, tv('declassify_ground', g)]) },
        { name: 'court_ref' },
        { name: 'effective_date', type: 'date' },
      ],
      onSubmit: async v => { await post('/v1/carriers/' + encodeURIComponent(id) + '/declassify', v); reload(); },
    }));
  }
  if (more.length) main.appendChild(noprint(section('carrier.more', ...more)));

  // circulation journal
  const mov = c.movements || [];
  main.appendChild(section('carrier.journal',
    h('p.print-only.print-title', t('carrier.journal'), ' — ', c.account_number, ' (', tv('label', c.label), ')'),
    h('div.noprint', printButton()),
    table([
      { key: 'field.date', get: m => date(m.date) },
      { key: 'journal.event', get: m => tv('movement', m.kind) },
      { key: 'field.copy_number', get: m => m.copy_number ? String(m.copy_number) : '—' },
      { key: 'field.person_id', get: m => m.person_id ? nameOf('person', m.person_id) : '—' },
      { key: 'journal.details', get: m => { const p = [m.act_number, m.archive_ref, m.to_org_id ? nameOf('org', m.to_org_id) : null].filter(Boolean); return p.length ? p.flatMap((x, i) => i ? [' · ', x] : [x]) : '—'; } },
    ], mov, { testid: 'journal' })));
}

function issueForm(carrierId, copy, people, reload) {
  const f = form({
    id: 'issue-' + copy, testid: 'issue-' + copy, submit: 'carrier.issue',
    fields: [{ name: 'person_id', label: 'field.person_id', type: 'select', required: true, choose: true, options: people }],
    onSubmit: async v => { await post('/v1/carriers/' + encodeURIComponent(carrierId) + '/issue', { person_id: v.person_id, copy_number: copy }); reload(); },
  });
  f.classList.add('compact');
  return f;
}

function readButton(id, out) {
  return actionButton('content.read', async () => {
    clear(out);
    try {
      const buf = await request('GET', '/v1/carriers/' + encodeURIComponent(id) + '/content', undefined, { binary: true });
      if (buf.label) banner([buf.label]);
      out.appendChild(showContent(buf));
    } catch (e) {
      out.appendChild(refusal(e));
    }
  }, { testid: 'read-content' });
}

export function showContent(buf) {
  let text = null;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch (e) { text = null; }
  const url = URL.createObjectURL(new Blob([buf], { type: 'application/octet-stream' }));
  return h('div.content',
    h('p', tp('content.size', buf.byteLength), ' ', h('a', { href: url, download: 'content.bin' }, t('content.download'))),
    text !== null ? h('pre.content-text', { 'data-testid': 'content-text', tabindex: '0' }, text) : null);
}

// ------------------------------------------------------------------ reading

export async function read(main, params, ctx) {
  main.appendChild(h('h1', t('read.title')));
  main.appendChild(h('p.intro', t('read.intro')));
  const out = h('div.content-out', { 'data-testid': 'read-result' });
  const f = form({
    id: 'read', testid: 'read-form', submit: 'content.read',
    fields: [{ name: 'carrier_id', label: 'field.carrier_id', required: true, value: params.id }],
    onSubmit: async v => {
      clear(out);
      try {
        const buf = await request('GET', '/v1/carriers/' + encodeURIComponent(v.carrier_id) + '/content', undefined, { binary: true });
        if (buf.label) banner([buf.label]);
        out.appendChild(showContent(buf));
      } catch (e) {
        out.appendChild(refusal(e));
      }
      return false;
    },
  });
  main.appendChild(section('read.section', f, out));
  if (params.id) f.requestSubmit();
}
