// api.js — the one way the interface talks to the server (/v1).
//
// SECURITY: the bearer token lives only in sessionStorage (this tab; gone
// when the tab closes), never in localStorage or a cookie. After
// IDLE_MS without the user touching the page the session is ended here and
// on the server (the server ends it after 30 minutes idle too). Every
// request sends Accept-Language with the chosen language, so refusals come
// back in it.

import { getLang } from './i18n.js';

const TOKEN_KEY = 'qupiya.token';
const USER_KEY = 'qupiya.user';
export const IDLE_MS = 30 * 60 * 1000;

// A refusal or failure of the server: status, stable code, article, field.
export class ApiError extends Error {
  constructor(status, err) {
    super((err && err.message) || ('HTTP ' + status));
    this.status = status;
    this.code = (err && err.code) || '';
    this.article = (err && err.article) || '';
    this.field = (err && err.field) || '';
    this.detail = (err && err.detail) || '';
  }
  // The route itself does not exist on this server (not merely an unknown id).
  get unavailable() {
    return (this.status === 404 && !this.field && this.code === 'not_found') || this.status === 405;
  }
}

export function session() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  let user = null;
  try { user = JSON.parse(sessionStorage.getItem(USER_KEY) || 'null'); } catch (e) { user = null; }
  return { token, user };
}

// Replaces the signed-in account as the server answered it (after a change).
export function setUser(user) {
  if (sessionStorage.getItem(TOKEN_KEY)) sessionStorage.setItem(USER_KEY, JSON.stringify(user));
}

function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

let idleTimer = null;
let onLogout = () => {};

export function setLogoutHandler(fn) { onLogout = fn; }

// Called on every user action and every request: restarts the idle clock.
export function touch() {
  if (!session()) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { logout('idle'); }, IDLE_MS);
}

export async function request(method, path, body, opts = {}) {
  const headers = { 'Accept-Language': getLang(), 'Accept': 'application/json' };
  const s = session();
  if (s && !opts.anonymous) headers['Authorization'] = 'Bearer ' + s.token;
  let payload;
  if (opts.raw !== undefined) {
    headers['Content-Type'] = 'application/octet-stream';
    payload = opts.raw;
  } else if (body !== undefined && body !== null) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(path, { method, headers, body: payload, cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: String(e && e.message || e) });
  }
  touch();
  if (resp.status === 401 && s && !opts.anonymous) {
    clearSession();
    onLogout('expired');
  }
  if (!resp.ok) {
    let err = null;
    try { err = (await resp.json()).error; } catch (e) { err = null; }
    throw new ApiError(resp.status, err);
  }
  if (opts.binary) {
    // The content's label rides along, for the banner (SPEC.md §4).
    const buf = await resp.arrayBuffer();
    buf.label = resp.headers.get('X-Qupiya-Label') || null;
    return buf;
  }
  if (resp.status === 204) return null;
  const text = await resp.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body || {}, opts);
export const put = (path, raw) => request('PUT', path, undefined, { raw });

// Query string from an object, leaving out empty values.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') u.set(k, v);
  }
  const s = u.toString();
  return s ? '?' + s : '';
}

export async function login(loginName, password) {
  const r = await request('POST', '/v1/session', { login: loginName, password }, { anonymous: true });
  sessionStorage.setItem(TOKEN_KEY, r.token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(r.user));
  touch();
  return r.user;
}

export async function logout(reason) {
  const s = session();
  if (idleTimer) { clearTimeout(idleTimer); idleTimer = null; }
  if (s) {
    try { await request('DELETE', '/v1/session'); } catch (e) { /* ended anyway */ }
  }
  clearSession();
  onLogout(reason || 'logout');
}

// Every page of a paged list (items + next), up to max items.
export async function all(path, max = 2000) {
  const out = [];
  let after = null;
  const sep = path.includes('?') ? '&' : '?';
  for (;;) {
    const r = await get(path + sep + 'limit=500' + (after !== null ? '&after=' + encodeURIComponent(after) : ''));
    out.push(...(r.items || []));
    if (!r.next || out.length >= max) return out;
    after = r.next;
  }
}
