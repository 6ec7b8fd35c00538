// users.js — accounts, for the administrator (who never reads content).

import { post, all } from '../api.js';
import { t } from '../i18n.js';
import { h, table, form, load, section } from '../ui.js';
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
    ], items, { testid: 'users-table' });
  });
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
