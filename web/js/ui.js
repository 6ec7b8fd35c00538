// ui.js — small DOM helpers shared by the screens: elements, tables, forms
// with refusals shown next to their field, the label banner, date format.
//
// No innerHTML with data: every text from the server goes in as a text node.

import { t, tv, fmtDate, parseDate, articleText, labelName, DEGREES, DICT } from './i18n.js';
import { ApiError, post } from './api.js';

// h('tag.class#id', {attrs, on: {event: fn}}, ...children)
export function h(sel, attrs, ...children) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/.exec(sel);
  const el = document.createElement(m ? m[1] : sel);
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

let uid = 0;
export function newId(prefix) { uid += 1; return (prefix || 'q') + '-' + uid; }

// A table: cols [{key: i18n key, get: row => node|string}], rows.
export function table(cols, rows, opts = {}) {
  if (!rows || rows.length === 0) return h('p.empty', { 'data-testid': opts.testid }, t(opts.empty || 'empty'));
  return h('div.table-wrap', h('table', { 'data-testid': opts.testid, class: opts.class },
    opts.caption ? h('caption', opts.caption) : null,
    h('thead', h('tr', cols.map(c => h('th', { scope: 'col' }, t(c.key))))),
    h('tbody', rows.map(r => h('tr', opts.rowAttrs ? opts.rowAttrs(r) : null,
      cols.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c.get(r)) : h('td', c.get(r)))))))));
}

// A definition list of [key, value] pairs (values may be nodes).
export function dl(pairs) {
  return h('dl.facts', pairs.filter(p => p).map(([k, v]) => [h('dt', t(k)), h('dd', v === null || v === undefined || v === '' ? '—' : v)]));
}

export function link(href, text) { return h('a', { href }, text); }

export function date(d) { return d ? fmtDate(d) : '—'; }

// The label of a carrier or degree, with a text mark (never colour only).
export function labelTag(degree) {
  if (!degree) return '—';
  return h('span', { class: 'label label-' + degree }, labelName(degree));
}

export function stateTag(kind, state) {
  if (!state) return '—';
  return h('span', { class: 'state state-' + state }, tv(kind, state));
}

export function yesNo(b) { return b ? t('yes') : t('no'); }

// ---------------------------------------------------------------- banner

// Shows the highest label among those given on the banner at the top of the
// page; hides it when the screen shows no classified metadata.
export function banner(labels) {
  const el = document.getElementById('banner');
  if (!el) return;
  let best = -1;
  for (const l of labels || []) {
    const i = DEGREES.indexOf(l);
    if (i > best) best = i;
  }
  clear(el);
  if (best < 0) {
    el.hidden = true;
    el.removeAttribute('data-label');
    return;
  }
  const deg = DEGREES[best];
  el.hidden = false;
  el.setAttribute('data-label', deg);
  el.className = 'banner banner-' + deg;
  el.appendChild(h('span.banner-mark', { 'aria-hidden': 'true' }, '▲'));
  el.appendChild(h('span.banner-caption', t('banner.caption') + ': '));
  el.appendChild(h('strong.banner-label', { 'data-testid': 'banner-label' }, labelName(deg).toUpperCase()));
}

// ---------------------------------------------------------------- messages

// The article is shown once, by the link after the message: a "(Art. 18)"
// the server put inside the message is taken out.
function onceArticle(msg, article, field) {
  msg = fieldWords(msg, field);
  if (!article || !msg) return msg;
  const esc = article.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return msg.replace(new RegExp('\\s*\\([^()]*' + esc + '[^()]*\\)', 'g'), '');
}

// A message naming a field as the API spells it ("declassify_on") names it
// by its label in the user's language where the interface has one.
function fieldWords(msg, field) {
  if (!msg || !field) return msg;
  const base = field.replace(/^.*\./, '').replace(/\[\d+\]$/, '');
  const key = 'field.' + base;
  if (!DICT[key] || !msg.includes(field)) return msg;
  return msg.split(field).join('«' + t(key) + '»');
}

export function refusal(err) {
  if (!(err instanceof ApiError)) {
    return h('div.refusal', { role: 'alert' }, h('strong', t('error.unexpected')), ' ', String(err && err.message || err));
  }
  const kind = err.status === 422 ? 'refused.rule'
    : err.code === 'duplicate' ? 'refused.duplicate' : err.status === 409 ? 'refused.step'
    : err.status === 401 ? (err.code === 'bad_credentials' ? 'refused.login' : 'refused.session')
    : err.status === 403 ? 'refused.role' : err.status === 404 ? 'refused.notfound'
      : err.status === 400 ? 'refused.input' : err.status === 429 ? 'refused.throttled'
        : err.status === 0 ? 'refused.network' : 'refused.other';
  return h('div.refusal', { role: 'alert', 'data-code': err.code, 'data-status': String(err.status) },
    h('strong.refusal-kind', t(kind)), ' ',
    h('span.refusal-message', onceArticle(err.message, err.article, err.field)), ' ',
    err.article ? h('span.article', { 'data-testid': 'article' }, articleText(err.article)) : null,
    err.code ? h('code.code', err.code) : null,
    err.detail ? h('span.detail', ' — ' + err.detail) : null);
}

export function notice(key, extra) {
  return h('p.notice', { role: 'status' }, t(key), extra ? [' ', extra] : null);
}

export function unavailable(what) {
  return h('p.unavailable', { role: 'status', 'data-testid': 'unavailable' }, t('unavailable'), what ? ' (' + what + ')' : '');
}

// Runs an async loader into a container; shows a refusal on failure and
// "not available" when the endpoint does not exist on this server.
export async function load(container, fn) {
  clear(container);
  container.appendChild(h('p.loading', { role: 'status' }, t('loading')));
  try {
    const node = await fn();
    clear(container);
    if (node) container.appendChild(node);
  } catch (e) {
    clear(container);
    if (e instanceof ApiError && e.unavailable) container.appendChild(unavailable());
    else container.appendChild(refusal(e));
  }
}

// ---------------------------------------------------------------- forms

// fields: [{name, label, type: text|date|number|select|checkbox|textarea|file|password|multi,
//           options: [[value, text]], required, value, hint, list(comma separated)}]
// onSubmit(values, form) may throw ApiError: the refusal is shown at the
// top of the form and next to the field it names.
export function form(spec) {
  const fid = newId(spec.id || 'form');
  const summary = h('div.form-result', { 'aria-live': 'polite' });
  const inputs = {};
  const errs = {};
  const rows = spec.fields.map(f => {
    const id = fid + '-' + f.name.replace(/\W/g, '_');
    const errId = id + '-err';
    let input;
    const common = { id, name: f.name, 'aria-describedby': errId + (f.hint ? ' ' + id + '-hint' : ''), required: f.required };
    if (f.type === 'select' || f.type === 'multi') {
      input = h('select', Object.assign({ multiple: f.type === 'multi' }, common),
        f.type === 'select' && !f.required ? h('option', { value: '' }, '—') : null,
        // A wrong default does harm here: the user must choose.
        f.type === 'select' && f.required && f.choose ? h('option', { value: '' }, t('form.choose')) : null,
        (f.options || []).map(([v, txt]) => h('option', { value: v }, txt)));
      if (f.value !== undefined) {
        if (f.type === 'multi') for (const o of input.options) o.selected = f.value.includes(o.value);
        else input.value = f.value;
      }
    } else if (f.type === 'textarea') {
      input = h('textarea', Object.assign({ rows: f.rows || 4 }, common), f.value || '');
    } else if (f.type === 'checkbox') {
      input = h('input', Object.assign({ type: 'checkbox', checked: f.value }, common));
    } else if (f.type === 'file') {
      // The browser's own picker speaks its language, not the user's: a
      // labelled button opens it and the chosen file's name is shown.
      const native = h('input.file-native', Object.assign({ type: 'file', tabindex: '-1' }, common));
      const chosen = h('span.file-chosen', t('file.none'));
      const pick = h('button.file-pick', { type: 'button', 'aria-describedby': id + '-chosen' }, t('file.choose'));
      chosen.id = id + '-chosen';
      pick.addEventListener('click', () => native.click());
      native.addEventListener('change', () => { chosen.textContent = native.files && native.files[0] ? native.files[0].name : t('file.none'); });
      input = native;
      input.picker = h('span.file-picker', native, pick, ' ', chosen);
    } else if (f.type === 'date') {
      input = h('input', Object.assign({ type: 'text', inputmode: 'numeric', autocomplete: 'off',
        placeholder: t('date.placeholder'), pattern: '\\d{2}\\.\\d{2}\\.\\d{4}|\\d{4}-\\d{2}-\\d{2}',
        value: f.value ? fmtDate(f.value) : '' }, common));
    } else {
      input = h('input', Object.assign({ type: f.type || 'text', value: f.value, autocomplete: f.autocomplete || 'off',
        min: f.min, max: f.max }, common));
    }
    inputs[f.name] = input;
    errs[f.name] = h('span.field-error', { id: errId });
    const label = h('label', { for: id }, t(f.label || ('field.' + f.name)), f.required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null);
    return h('div', { class: 'field field-' + (f.type || 'text') },
      f.type === 'checkbox' ? [input, ' ', label] : [label, input.picker || input],
      f.hint ? h('span.hint', { id: id + '-hint' }, t(f.hint)) : null,
      errs[f.name]);
  });
  const button = h('button', { type: 'submit', 'data-testid': spec.testid ? spec.testid + '-submit' : null }, t(spec.submit || 'save'));
  const el = h('form.form', { id: fid, 'data-testid': spec.testid, novalidate: true, 'aria-labelledby': spec.title ? fid + '-title' : null },
    spec.title ? h('h3', { id: fid + '-title' }, t(spec.title)) : null,
    spec.intro ? h('p.intro', spec.intro) : null,
    summary, rows, h('div.actions', button));
  el.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(summary);
    for (const k of Object.keys(errs)) { clear(errs[k]); inputs[k].removeAttribute('aria-invalid'); }
    let values;
    try {
      values = collect(spec.fields, inputs);
    } catch (bad) {
      showFieldError(bad.field, h('span', t('error.date')));
      return;
    }
    // Irreversible steps name what they act on and ask first.
    if (spec.confirm && !window.confirm(spec.confirm(values))) return;
    button.disabled = true;
    try {
      const res = await spec.onSubmit(values, el);
      if (res !== false && spec.done) {
        clear(summary);
        summary.appendChild(h('p.ok', { role: 'status' }, '✓ ', t(spec.done)));
      }
    } catch (e) {
      summary.appendChild(refusal(e));
      if (e instanceof ApiError && e.field) {
        const base = e.field.replace(/[[.].*$/, '');
        showFieldError(inputs[e.field] ? e.field : base, refusalShort(e));
      }
    } finally {
      button.disabled = false;
    }
  });
  function showFieldError(name, node) {
    if (!errs[name]) return;
    errs[name].appendChild(node);
    inputs[name].setAttribute('aria-invalid', 'true');
  }
  el.inputs = inputs;
  return el;
}

function refusalShort(e) {
  return h('span', '⚠ ', onceArticle(e.message, e.article, e.field), e.article ? [' ', h('span.article', articleText(e.article))] : null);
}

function collect(fields, inputs) {
  const out = {};
  for (const f of fields) {
    const inp = inputs[f.name];
    let v;
    if (f.type === 'checkbox') v = inp.checked;
    else if (f.type === 'multi') v = Array.from(inp.selectedOptions).map(o => o.value);
    else if (f.type === 'file') v = inp.files && inp.files[0] ? inp.files[0] : null;
    else if (f.type === 'number') v = inp.value === '' ? undefined : Number(inp.value);
    else if (f.type === 'date') {
      if (inp.value.trim() === '') v = undefined;
      else {
        v = parseDate(inp.value);
        if (!v) { const err = new Error('date'); err.field = f.name; throw err; }
      }
    } else if (f.list) {
      v = inp.value.split(/[\s,;]+/).filter(Boolean);
    } else v = inp.value.trim() === '' ? undefined : inp.value.trim();
    if (v !== undefined && !(f.omitEmpty && Array.isArray(v) && v.length === 0)) out[f.name] = v;
  }
  return out;
}

// A button running an async action; a refusal appears right after it.
export function actionButton(key, fn, opts = {}) {
  const out = h('div.action-result', { 'aria-live': 'polite' });
  const b = h('button', { type: 'button', class: opts.class, 'data-testid': opts.testid }, t(key));
  b.addEventListener('click', async () => {
    clear(out);
    if (opts.confirm && !window.confirm(opts.confirm)) return;
    b.disabled = true;
    try { await fn(); } catch (e) { out.appendChild(refusal(e)); } finally { b.disabled = false; }
  });
  return h('span.action', b, out);
}

export function section(titleKey, ...content) {
  const id = newId('sec');
  return h('section.panel', { 'aria-labelledby': id }, h('h2', { id }, t(titleKey)), ...content);
}

export function pager(next, onNext) {
  if (!next) return null;
  return h('p.pager', h('button', { type: 'button', on: { click: () => onNext(next) } }, t('more')));
}

export function has(user, ...roles) {
  return !!(user && user.roles && roles.some(r => user.roles.includes(r)));
}

// Strips undefined values (for request bodies).
export function compact(o) {
  const r = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') r[k] = v;
  return r;
}

// The ?query of the hash route as an object.
export function query() {
  const q = location.hash.split('?')[1] || '';
  return Object.fromEntries(new URLSearchParams(q));
}

// Prints the page after recording the printout in the audit log
// (POST /v1/audit/print {what, label}); the label is the banner's, the
// highest the page shows, which print.css keeps at the top of every sheet.
// No record, no printout: a refusal is shown in place instead.
export async function printAudited(what, where) {
  const el = document.getElementById('banner');
  const label = el && !el.hidden ? el.getAttribute('data-label') : null;
  try {
    await post('/v1/audit/print', label ? { what, label } : { what });
  } catch (e) {
    if (where) where.prepend(refusal(e));
    return;
  }
  window.print();
}
