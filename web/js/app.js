// app.js — the shell: language, login, navigation by role, and the router
// (location.hash: #/carriers, #/carriers/ID, ...). Each screen is a module
// under screens/ exporting functions (main, params, ctx) that fill <main>.

import { t, getLang, setLang, LANGS, applyStatic } from './i18n.js';
import * as api from './api.js';
import { h, clear, banner, refusal, has } from './ui.js';
import * as dashboard from './screens/dashboard.js';
import * as carriers from './screens/carriers.js';
import * as inventory from './screens/inventory.js';
import * as persons from './screens/persons.js';
import * as orgs from './screens/orgs.js';
import * as classification from './screens/classification.js';
import * as workflows from './screens/workflows.js';
import * as cases from './screens/cases.js';
import * as audit from './screens/audit.js';
import * as why from './screens/why.js';
import * as users from './screens/users.js';
import * as me from './screens/me.js';
import * as importer from './screens/import.js';

// [path pattern, screen, roles that see it in the menu (null: not in menu), title key]
const ROUTES = [
  ['dashboard', dashboard.render, ['security_officer', 'head'], 'nav.dashboard'],
  ['mine', me.render, ['employee', 'security_officer', 'head', 'classifier', 'archivist', 'citizen'], 'nav.mine'],
  ['mine/:id', me.render, null, 'nav.mine'],
  ['carriers', carriers.registry, ['security_officer', 'head', 'auditor'], 'nav.carriers'],
  ['carriers/:id', carriers.page, null],
  ['inventories', inventory.index, ['security_officer', 'head', 'auditor'], 'nav.inventories'],
  ['inventories/:id', inventory.page, null],
  ['read', carriers.read, ['security_officer', 'head', 'classifier', 'archivist'], 'nav.read'],
  ['read/:id', carriers.read, null],
  ['persons', persons.index, ['security_officer', 'head', 'auditor'], 'nav.persons'],
  ['persons/:id', persons.page, null],
  ['orgs', orgs.index, ['admin', 'security_officer', 'head', 'nsc_officer', 'authorized_body', 'auditor', 'classifier', 'archivist'], 'nav.orgs'],
  ['orgs/:id', orgs.page, null],
  ['classification', classification.index, ['security_officer', 'head', 'classifier', 'authorized_body', 'archivist', 'auditor', 'admin', 'nsc_officer'], 'nav.classification'],
  ['lists/:id', classification.listPage, null],
  ['information/:id', classification.infoPage, null],
  ['joint-works', workflows.jointIndex, ['security_officer', 'head', 'nsc_officer', 'auditor'], 'nav.joint'],
  ['joint-works/:id', workflows.jointPage, null],
  ['foreign-transfers', workflows.foreignIndex, ['security_officer', 'head', 'authorized_body', 'auditor'], 'nav.foreign'],
  ['foreign-transfers/:id', workflows.foreignPage, null],
  ['requests', cases.requestsIndex, ['security_officer', 'head', 'auditor'], 'nav.requests'],
  ['requests/:id', cases.requestPage, null],
  ['incidents', cases.incidentsIndex, ['security_officer', 'head', 'auditor'], 'nav.incidents'],
  ['audit', audit.render, ['auditor'], 'nav.audit'],
  ['why', why.render, ['security_officer', 'head', 'auditor'], 'nav.why'],
  ['users', users.render, ['admin'], 'nav.users'],
  ['import', importer.render, ['security_officer'], 'nav.import'],
];

function match(hash) {
  const path = hash.replace(/^#\/?/, '').split('?')[0];
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const [pat, fn, , title] of ROUTES) {
    const pp = pat.split('/');
    if (pp.length !== parts.length) continue;
    const params = {};
    let ok = true;
    pp.forEach((p, i) => {
      if (p.startsWith(':')) params[p.slice(1)] = parts[i];
      else if (p !== parts[i]) ok = false;
    });
    if (ok) return { fn, params, title, pat };
  }
  return null;
}

function home(user) {
  for (const [pat, , roles] of ROUTES) if (roles && has(user, ...roles)) return '#/' + pat;
  return '#/mine';
}

function renderNav(user) {
  const nav = document.getElementById('nav');
  clear(nav);
  if (!user) return;
  const cur = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  const items = ROUTES.filter(r => r[2] && has(user, ...r[2]));
  nav.appendChild(h('ul', items.map(([pat, , , title]) =>
    h('li', h('a', { href: '#/' + pat, 'aria-current': pat === cur ? 'page' : null, 'data-nav': pat }, t(title))))));
}

function renderWho(user) {
  const who = document.getElementById('who');
  const out = document.getElementById('logout');
  clear(who);
  if (!user) { out.hidden = true; return; }
  who.appendChild(document.createTextNode(user.login + ' · ' + user.roles.map(r => t('role.' + r)).join(', ')));
  out.hidden = false;
}

let logoutReason = null;

function loginScreen(main) {
  banner([]);
  document.title = t('login.title') + ' — qupiya';
  const err = h('div', { 'aria-live': 'assertive' });
  const lid = 'login-name', pid = 'login-password';
  const f = h('form.form.login', { 'data-testid': 'login-form' },
    h('h1', t('login.title')),
    logoutReason && logoutReason !== 'logout' ? h('p.notice', { role: 'status' }, t('login.ended.' + logoutReason)) : null,
    err,
    h('div.field', h('label', { for: lid }, t('login.login')), h('input', { id: lid, name: 'login', autocomplete: 'username', required: true })),
    h('div.field', h('label', { for: pid }, t('login.password')), h('input', { id: pid, name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('div.actions', h('button', { type: 'submit' }, t('login.submit'))));
  f.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(err);
    try {
      const user = await api.login(f.elements.login.value.trim(), f.elements.password.value);
      logoutReason = null;
      location.hash = home(user);
      route();
    } catch (e) {
      err.appendChild(refusal(e));
    }
  });
  main.appendChild(f);
  f.elements.login.focus();
}

// After a reset to a one-time password the server opens nothing but the
// change (403 password_change_required), so this is the only screen.
function passwordChangeScreen(main, user) {
  banner([]);
  document.title = t('pwchange.title') + ' — qupiya';
  const err = h('div', { 'aria-live': 'assertive' });
  const f = h('form.form.login', { 'data-testid': 'password-change-form' },
    h('h1', t('pwchange.title')),
    h('p.notice', { role: 'status' }, t('pwchange.why')),
    err,
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: user.login, hidden: true, readonly: true }),
    h('div.field', h('label', { for: 'pw-old' }, t('pwchange.old')), h('input', { id: 'pw-old', name: 'old', type: 'password', autocomplete: 'current-password', required: true })),
    h('div.field', h('label', { for: 'pw-new' }, t('pwchange.new')), h('input', { id: 'pw-new', name: 'new', type: 'password', autocomplete: 'new-password', required: true, minlength: 12, maxlength: 1024, 'aria-describedby': 'pw-new-hint' }),
      h('p.hint', { id: 'pw-new-hint' }, t('hint.password'))),
    h('div.field', h('label', { for: 'pw-again' }, t('pwchange.again')), h('input', { id: 'pw-again', name: 'again', type: 'password', autocomplete: 'new-password', required: true })),
    h('div.actions', h('button', { type: 'submit' }, t('pwchange.submit'))));
  f.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(err);
    if (f.elements.new.value !== f.elements.again.value) {
      err.appendChild(h('p.error', { role: 'alert' }, t('pwchange.mismatch')));
      f.elements.again.focus();
      return;
    }
    try {
      const u = await api.post('/v1/me/password', { old_password: f.elements.old.value, new_password: f.elements.new.value });
      api.setUser(u);
      location.hash = home(u);
      route();
    } catch (e) {
      err.appendChild(refusal(e));
    }
  });
  main.appendChild(f);
  f.elements.old.focus();
}

let routing = 0;

// focus: move keyboard focus to the new screen (navigation by link or hash).
export async function route(focus) {
  const main = document.getElementById('main');
  const s = api.session();
  const user = s && s.user;
  renderWho(user);
  renderNav(user);
  clear(main);
  banner([]);
  if (!user) { loginScreen(main); return; }
  if (user.must_change_password) { renderNav(null); passwordChangeScreen(main, user); return; }
  const m = match(location.hash);
  if (!m) { location.replace(home(user)); return; }
  const my = ++routing;
  document.title = (m.title ? t(m.title) : 'qupiya') + ' — qupiya';
  const ctx = { user, route, go: hash => { location.hash = hash; }, stale: () => my !== routing };
  try {
    await m.fn(main, m.params, ctx);
  } catch (e) {
    if (my === routing) main.appendChild(refusal(e));
  }
  if (my === routing) {
    const h1 = main.querySelector('h1');
    if (h1) document.title = h1.textContent + ' — qupiya';
    document.getElementById('live').textContent = document.title;
    if (focus === true) main.focus();
  }
}

function start() {
  const sel = document.getElementById('lang');
  sel.value = getLang();
  applyStatic();
  sel.addEventListener('change', () => {
    if (LANGS.includes(sel.value)) setLang(sel.value);
    applyStatic();
    route();
  });
  document.getElementById('logout').addEventListener('click', () => api.logout('logout'));
  api.setLogoutHandler(reason => { logoutReason = reason; if (location.hash !== '#/') location.hash = '#/'; route(); });
  for (const ev of ['keydown', 'pointerdown']) document.addEventListener(ev, () => api.touch(), { passive: true });
  window.addEventListener('hashchange', () => route(true));
  api.touch();
  route();
}

start();
