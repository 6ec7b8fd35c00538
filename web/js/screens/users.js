// users.js — accounts, for the administrator (who never reads content).

import { post, all } from '../api.js';
import { t } from '../i18n.js';
import { h, table, form, load, section, refusal } from '../ui.js';
import { orgOptions, nameOf } from '../names.js';

export const ROLES = ['admin', 'security_officer', 'head', 'classifier', 'employee', 'nsc_officer',
  'authorized_body', 'archivist', 'auditor', 'citizen'];

export async function render(main, params, ctx) {
  main.appendChild(h('h1', t('users.title')));
  const list = h('div');
  main.appendChild(section('users.list', list));
  await load(list, async () => {
    const items = await all('/v1/users');
    return table([
      { key: 'login.login', get: u => u.login },
      { key: 'field.roles', get: u => (u.roles || []).map(r => t('role.' + r)).join(', ') },
      { key: 'field.org_id', get: u => u.org_id ? nameOf('org', u.org_id) : '—' },
      { key: 'field.person_id', get: u => u.person_id || '—' },
      { key: 'users.state', get: u => t(u.disabled ? 'users.disabled' : 'users.enabled') },
      { key: 'users.actions', get: u => h('span', toggle(u, list, ctx), ' ', resetButton(u, list)) },
    ], items, { testid: 'users-table' });
  });
  const userOpts = [['', '—']].concat(await all('/v1/users').then(us => us.map(u => [u.id, u.login])).catch(() => []));
  main.appendChild(section('users.roles', form({
    id: 'user-roles', testid: 'user-roles', submit: 'users.roles.submit',
    fields: [
      { name: 'id', label: 'login.login', type: 'select', required: true, options: userOpts },
      { name: 'roles', type: 'multi', required: true, options: ROLES.map(r => [r, t('role.' + r)]) },
    ],
    onSubmit: async v => { await post('/v1/users/' + encodeURIComponent(v.id) + '/roles', { roles: v.roles }); ctx.route(); },
  })));
  const orgs = await orgOptions().catch(() => []);
  main.appendChild(section('users.add', form({
    id: 'user', testid: 'user-add', submit: 'users.add.submit',
    fields: [
      { name: 'login', label: 'login.login', required: true },
      { name: 'password', label: 'login.password', type: 'password', required: true, autocomplete: 'new-password', hint: 'hint.password' },
      { name: 'roles', type: 'multi', required: true, options: ROLES.map(r => [r, t('role.' + r)]) },
      { name: 'org_id', type: 'select', options: orgs },
      { name: 'person_id', hint: 'hint.ids' },
    ],
    onSubmit: async v => { await post('/v1/users', v); ctx.route(); },
  })));
}

// Disable or enable an account, after a confirmation naming its login.
function toggle(u, list, ctx) {
  const what = u.disabled ? 'enable' : 'disable';
  return h('button', {
    type: 'button', 'data-testid': 'user-' + what,
    on: { click: async () => {
      if (!window.confirm(t('users.confirm.' + what).replace('{login}', u.login))) return;
      try {
        await post('/v1/users/' + encodeURIComponent(u.id) + '/' + what, {});
        ctx.route();
      } catch (e) {
        list.prepend(refusal(e));
      }
    } },
  }, t('users.' + what));
}

// Reset a password to a one-time one, shown once here; the user must
// change it at the next login.
function resetButton(u, list) {
  return h('button', {
    type: 'button', 'data-testid': 'user-reset-password',
    on: { click: async () => {
      if (!window.confirm(t('users.confirm.reset').replace('{login}', u.login))) return;
      try {
        const r = await post('/v1/users/' + encodeURIComponent(u.id) + '/reset-password', {});
        list.prepend(h('p.notice', { role: 'status', 'data-testid': 'one-time-password' },
          t('users.one_time').replace('{login}', u.login) + ' ', h('code', r.one_time_password)));
      } catch (e) {
        list.prepend(refusal(e));
      }
    } },
  }, t('users.reset'));
}
