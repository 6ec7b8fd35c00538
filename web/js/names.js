// names.js — display names of people and organizations by id, cached for
// the session of one page view, and option lists for the forms.

import { get, all, qs } from './api.js';
import { h } from './ui.js';

const cache = new Map();

async function cached(key, fn) {
  if (!cache.has(key)) cache.set(key, fn().catch(() => null));
  return cache.get(key);
}

export function forget() { cache.clear(); }

// A span that fills in the name of person/org id when known (else the id).
export function nameOf(kind, id) {
  if (!id) return '—';
  const span = h('span.ref', { 'data-id': id }, id);
  const path = kind === 'person' ? '/v1/persons/' : kind === 'org' ? '/v1/orgs/' : kind === 'info' ? '/v1/information/' : null;
  if (!path) return span;
  cached(kind + ':' + id, () => get(path + encodeURIComponent(id))).then(r => {
    if (r) span.textContent = kind === 'person' ? r.full_name : kind === 'info' ? r.title : r.name;
  });
  return span;
}

export function personLink(id) {
  if (!id) return '—';
  return h('a', { href: '#/persons/' + encodeURIComponent(id) }, nameOf('person', id));
}

export function orgLink(id) {
  if (!id) return '—';
  return h('a', { href: '#/orgs/' + encodeURIComponent(id) }, nameOf('org', id));
}

export async function orgOptions() {
  const r = await cached('orgs', () => all('/v1/orgs'));
  return (r || []).map(o => [o.id, o.name + (o.bin ? ' (' + o.bin + ')' : '')]);
}

export async function personOptions(orgId) {
  const r = await cached('persons:' + (orgId || ''), () => all('/v1/persons' + qs({ org_id: orgId })));
  return (r || []).map(p => [p.id, p.full_name + (p.iin ? ' · ' + p.iin : p.passport ? ' · ' + p.passport : '')]);
}

export async function persons(orgId) {
  return (await cached('persons:' + (orgId || ''), () => all('/v1/persons' + qs({ org_id: orgId })))) || [];
}

// A link to the screen of an object by the prefix of its id.
const PREFIX_ROUTES = {
  carrier: '#/carriers/', info: '#/information/', list: '#/lists/', person: '#/persons/',
  org: '#/orgs/', inventory: '#/inventories/', jw: '#/joint-works/', joint: '#/joint-works/',
  ft: '#/foreign-transfers/', foreign: '#/foreign-transfers/', req: '#/requests/', request: '#/requests/',
  dreq: '#/requests/', clearance: '#/persons/?clearance=', permit: '#/orgs/?permit=',
  cert: '#/orgs/?certificate=', certificate: '#/orgs/?certificate=',
};

export function objectLink(id) {
  if (!id) return '—';
  const p = String(id).split('_')[0];
  const base = PREFIX_ROUTES[p];
  if (!base) return h('code', id);
  if (base.includes('?')) return h('a', { href: base + encodeURIComponent(id) }, h('code', id));
  return h('a', { href: base + encodeURIComponent(id) }, h('code', id));
}
