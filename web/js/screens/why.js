// why.js — "why?": the access decision for a person and a carrier, rule by
// rule with the article of each (GET /v1/access/check, SPEC.md §3 "Access
// to carriers"), in the order the rules are evaluated.

import { get, all, qs } from '../api.js';
import { t, articleText } from '../i18n.js';
import { h, clear, table, labelTag, banner, form, section, query, refusal } from '../ui.js';
import { personOptions } from '../names.js';

export async function render(main, params, ctx) {
  const q = query();
  main.appendChild(h('h1', t('why.title')));
  main.appendChild(h('p.intro', t('why.intro')));
  const out = h('div', { 'aria-live': 'polite', 'data-testid': 'why-result' });
  let carriers = [];
  try { carriers = await all('/v1/carriers' + qs({ org_id: ctx.user.org_id }), 1000); } catch (e) { carriers = []; }
  const people = await personOptions(ctx.user.org_id).catch(() => []);
  const f = form({
    id: 'why', testid: 'why-form', submit: 'why.submit',
    fields: [
      { name: 'person_id', type: 'select', required: true, options: people, value: q.person_id },
      carriers.length ? { name: 'carrier_id', label: 'carrier.title', type: 'select', required: true, options: carriers.map(c => [c.id, c.account_number + ' — ' + c.title]), value: q.carrier_id }
        : { name: 'carrier_id', required: true, value: q.carrier_id },
    ],
    onSubmit: async v => {
      clear(out);
      const r = await get('/v1/access/check' + qs(v));
      const c = carriers.find(x => x.id === v.carrier_id);
      if (c) banner([c.label]);
      out.appendChild(h('div',
        h('p', { class: r.allowed ? 'verdict allowed' : 'verdict refused', 'data-testid': 'why-verdict', 'data-allowed': String(r.allowed) },
          h('strong', r.allowed ? '✔ ' + t('why.allowed') : '✘ ' + t('why.refused')),
          c ? [' — ', c.account_number, ' ', labelTag(c.label)] : null),
        h('ol.checks', (r.checks || []).map(ch => h('li', { class: ch.passed ? 'passed' : 'failed', 'data-code': ch.code },
          h('span.mark', { 'aria-hidden': 'true' }, ch.passed ? '✔ ' : '✘ '),
          h('strong', ch.passed ? t('why.passed') : t('why.failed')), ': ',
          ch.message, ' ', h('span.article', articleText(ch.article)), ' ', h('code.code', ch.code))))));
      return false;
    },
  });
  main.appendChild(section('why.section', f, out));
  if (q.person_id && q.carrier_id) f.requestSubmit();
}
