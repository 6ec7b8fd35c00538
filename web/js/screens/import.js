// import.js — the security officer brings paper registries in as CSV
// (docs/import.md): choose the kind, download its template (or the current
// registry in the same layout), upload the file, check it (dry run: every
// refused row with its line, code, article and message in the chosen
// language), then commit it — whole or not at all — with a progress bar.
//
// The upload goes through XMLHttpRequest only for its upload progress
// events (fetch has none); the token and language are sent as api.js does.

import { request, session, ApiError } from '../api.js';
import { t, tp, tv, getLang, articleText } from '../i18n.js';
import { h, clear, section, table, refusal, banner } from '../ui.js';

export const KINDS = ['persons', 'lists', 'information', 'carriers', 'clearances', 'grants'];

// POST /v1/import with progress: onProgress(fraction or null while the
// server works). Resolves with the report; rejects with an ApiError (a 422
// import_refused carries the report as err.report).
function upload(file, dry, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/v1/import' + (dry ? '?dry_run=true' : ''));
    const s = session();
    if (s) x.setRequestHeader('Authorization', 'Bearer ' + s.token);
    x.setRequestHeader('Accept-Language', getLang());
    x.setRequestHeader('Content-Type', 'text/csv');
    x.upload.addEventListener('progress', ev => { if (ev.lengthComputable) onProgress(ev.loaded / ev.total); });
    x.upload.addEventListener('load', () => onProgress(null));
    x.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(x.responseText); } catch (e) { body = null; }
      if (x.status === 200) return resolve(body);
      const err = new ApiError(x.status, body && body.error);
      err.report = body && body.report;
      reject(err);
    });
    x.addEventListener('error', () => reject(new ApiError(0, { code: 'network', message: t('refused.network') })));
    x.send(file);
  });
}

// A CSV from the server as a download link (with the label it carries).
async function downloadLink(path, name, box) {
  clear(box);
  try {
    const buf = await request('GET', path, undefined, { binary: true });
    if (buf.label) banner([buf.label]);
    const url = URL.createObjectURL(new Blob([buf], { type: 'text/csv' }));
    box.appendChild(h('p.notice', { role: 'status' },
      buf.label ? [t('import.carries'), ' ', tv('label', buf.label), '. '] : null,
      h('a', { href: url, download: name, 'data-testid': 'import-download-link' }, name)));
  } catch (e) {
    box.appendChild(refusal(e));
  }
}

function reportView(rep) {
  const errs = rep.errors || [];
  return h('div.import-report', { 'data-testid': 'import-report' },
    h('p', { role: 'status', 'data-testid': 'import-summary' },
      tp('import.rows', rep.rows), ' · ', tp('import.created', rep.created), ' · ',
      tp('import.unchanged', rep.unchanged), ' · ', tp('import.refused', rep.refused), ' — ',
      h('strong', t(rep.committed ? 'import.committed' : rep.dry_run ? 'import.dry_done' : 'import.not_committed'))),
    errs.length ? table([
      { key: 'import.line', get: e => String(e.line) },
      { key: 'import.code', get: e => h('code', e.code) },
      { key: 'import.article', get: e => (e.article ? articleText(e.article) : '—') },
      { key: 'import.message', get: e => [e.message, e.detail ? ' — ' + e.detail : ''] },
      { key: 'import.field', get: e => (e.field ? h('code', e.field) : '—') },
    ], errs, { testid: 'import-errors', class: 'import-errors' }) : null);
}

export async function render(main) {
  main.appendChild(h('h1', t('import.title')));
  main.appendChild(h('p.intro', t('import.intro')));
  banner([]);

  const kindSel = h('select', { id: 'import-kind', name: 'kind', required: true, 'data-testid': 'import-kind' },
    h('option', { value: '' }, t('form.choose')),
    KINDS.map(k => h('option', { value: k }, t('import.kind.' + k))));
  const dlBox = h('div', { 'aria-live': 'polite' });
  const tmplBtn = h('button', { type: 'button', 'data-testid': 'import-template' }, t('import.template'));
  const exportBtn = h('button', { type: 'button', 'data-testid': 'import-export' }, t('import.export'));
  const need = () => {
    if (kindSel.value) return true;
    clear(dlBox).appendChild(h('p.field-error', { role: 'alert' }, t('import.choose_kind')));
    kindSel.focus();
    return false;
  };
  tmplBtn.addEventListener('click', () => { if (need()) downloadLink('/v1/import/templates/' + kindSel.value, 'qupiya-' + kindSel.value + '-template.csv', dlBox); });
  exportBtn.addEventListener('click', () => { if (need()) downloadLink('/v1/export/' + kindSel.value, 'qupiya-' + kindSel.value + '.csv', dlBox); });

  // the file: the browser's own picker speaks its language; a labelled
  // button opens it and the chosen name is shown (as in ui.js forms)
  const native = h('input.file-native', { type: 'file', id: 'import-file', accept: '.csv,text/csv', tabindex: '-1', 'data-testid': 'import-file' });
  const chosen = h('span.file-chosen', { id: 'import-file-chosen' }, t('file.none'));
  const pick = h('button.file-pick', { type: 'button', 'aria-describedby': 'import-file-chosen' }, t('file.choose'));
  pick.addEventListener('click', () => native.click());

  const progress = h('progress.import-progress', { max: '1', 'aria-label': t('import.progress'), 'data-testid': 'import-progress', hidden: true });
  const progressText = h('span.sub', { 'aria-live': 'polite' });
  const out = h('div', { 'aria-live': 'polite', 'data-testid': 'import-result' });
  const dryBtn = h('button', { type: 'button', 'data-testid': 'import-dry' }, t('import.dry'));
  const commitBtn = h('button', { type: 'button', 'data-testid': 'import-commit', disabled: true }, t('import.commit'));
  native.addEventListener('change', () => {
    chosen.textContent = native.files && native.files[0] ? native.files[0].name : t('file.none');
    commitBtn.disabled = true;
    clear(out);
  });

  async function run(dry) {
    clear(out);
    const file = native.files && native.files[0];
    if (!file) {
      out.appendChild(h('p.field-error', { role: 'alert' }, t('import.choose_file')));
      return;
    }
    dryBtn.disabled = commitBtn.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    progressText.textContent = t('import.uploading');
    try {
      const rep = await upload(file, dry, f => {
        if (f === null) {
          progress.removeAttribute('value');   // indeterminate: the server checks the rows
          progressText.textContent = t('import.checking');
        } else {
          progress.value = f;
        }
      });
      progress.value = 1;
      progressText.textContent = '';
      out.appendChild(reportView(rep));
      // commit only what a dry run found clean
      commitBtn.disabled = !(dry && rep.refused === 0);
    } catch (e) {
      progress.hidden = true;
      progressText.textContent = '';
      out.appendChild(refusal(e));
      if (e.report) out.appendChild(reportView(e.report));
    } finally {
      dryBtn.disabled = false;
    }
  }
  dryBtn.addEventListener('click', () => run(true));
  commitBtn.addEventListener('click', () => {
    if (!window.confirm(t('import.confirm', { file: native.files[0].name }))) return;
    run(false);
  });

  main.appendChild(section('import.step1',
    h('div.field', h('label', { for: 'import-kind' }, t('import.kind')), kindSel),
    h('p.actions', tmplBtn, ' ', exportBtn), dlBox,
    h('p.hint', t('import.layout_hint'))));
  main.appendChild(section('import.step2',
    h('div.field.field-file', h('label', { for: 'import-file' }, t('import.file')), h('span.file-picker', native, pick, ' ', chosen)),
    h('p.actions', dryBtn, ' ', commitBtn),
    h('p', progress, ' ', progressText), out));
}
