// The inbox page: sign in, list the feed, mark items, and follow live updates over Server-Sent Events.
'use strict';

const PAGE_SIZE = 8;
const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem('feedToken'), user: JSON.parse(sessionStorage.getItem('feedUser') || 'null'),
  cursor: null, items: new Map(), source: null };

async function api(path, options = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const res = await fetch(path, { ...options, headers });
  if (res.status === 401) { signOut('Your session has expired; sign in again.'); throw new Error('unauthorized'); }
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// ---- rendering

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** The feed body is markdown; the demo renders **bold** and *italic*, after escaping everything else. */
function markdown(s) {
  return escapeHtml(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>');
}

function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return new Date(iso).toLocaleDateString();
}

function initials(item) {
  if (item.workflow === 'security-alert') return '!';
  const name = item.actor ? item.actor.name : '?';
  return name.split(' ').map((p) => p[0]).join('').slice(0, 2).toUpperCase();
}

function renderItem(item) {
  const li = document.createElement('li');
  li.className = 'feed-item' + (item.read ? '' : ' unread');
  li.dataset.id = item.id;
  li.innerHTML = `<span class="avatar${item.workflow === 'security-alert' ? ' alert' : ''}">${escapeHtml(initials(item))}</span>
    <div><p class="body">${markdown(item.body)}</p><span class="time">${ago(item.createdAt)}</span></div>
    <button class="archive" title="Archive" aria-label="Archive">×</button>`;
  li.addEventListener('click', () => markRead(item.id));
  li.querySelector('.archive').addEventListener('click', (e) => { e.stopPropagation(); archive(item.id); });
  return li;
}

function upsert(item, { prepend = false } = {}) {
  const existing = $('feed').querySelector(`[data-id="${CSS.escape(item.id)}"]`);
  if (item.archived) { if (existing) existing.remove(); state.items.delete(item.id); refreshEmpty(); return; }
  state.items.set(item.id, item);
  const li = renderItem(item);
  if (existing) existing.replaceWith(li);
  else if (prepend) $('feed').prepend(li);
  else $('feed').append(li);
  refreshEmpty();
}

function refreshEmpty() {
  $('empty').hidden = state.items.size > 0;
}

function setCounts(counts) {
  const unread = counts.unread;
  $('badge').textContent = unread > 99 ? '99+' : String(unread);
  $('badge').hidden = unread === 0;
  $('badge').dataset.count = String(unread);
  document.title = (unread ? `(${unread}) ` : '') + 'knock · inbox demo';
}

// ---- feed

async function loadFirstPage() {
  const page = await api(`/api/feed?pageSize=${PAGE_SIZE}`);
  $('feed').innerHTML = '';
  state.items.clear();
  page.items.forEach((i) => upsert(i));
  setPage(page);
}

async function loadMore() {
  if (!state.cursor) return;
  const page = await api(`/api/feed?pageSize=${PAGE_SIZE}&after=${encodeURIComponent(state.cursor)}`);
  page.items.forEach((i) => upsert(i));
  setPage(page);
}

function setPage(page) {
  state.cursor = page.nextCursor;
  $('load-more').hidden = !state.cursor;
  setCounts(page.counts);
  refreshEmpty();
}

async function markRead(id) {
  const item = state.items.get(id);
  if (!item || item.read) return;
  const res = await api(`/api/feed/messages/${encodeURIComponent(id)}/read`, { method: 'POST' });
  res.changed.forEach((i) => upsert(i));
  setCounts(res.counts);
}

async function archive(id) {
  const res = await api(`/api/feed/messages/${encodeURIComponent(id)}/archive`, { method: 'POST' });
  res.changed.forEach((i) => upsert(i));
  setCounts(res.counts);
}

async function markAllRead() {
  const res = await api('/api/feed/read-all', { method: 'POST' });
  state.items.forEach((i) => upsert({ ...i, read: true, seen: true }));
  setCounts(res.counts);
}

async function togglePanel() {
  const open = $('panel').hidden;
  $('panel').hidden = !open;
  $('bell').setAttribute('aria-expanded', String(open));
  if (open) await api('/api/feed/seen-all', { method: 'POST' }); // opening the inbox counts as seeing it
}

// ---- live updates

function connectLive() {
  if (state.source) state.source.close();
  const source = new EventSource('/api/feed/stream?token=' + encodeURIComponent(state.token));
  state.source = source;
  const on = (type, f) => source.addEventListener(type, (e) => f(JSON.parse(e.data)));
  on('message', (d) => { upsert(d.item, { prepend: true }); setCounts(d.counts); });
  on('changed', (d) => { upsert(d.item); setCounts(d.counts); });
  on('counts', (d) => setCounts(d.counts));
  on('resync', () => loadFirstPage());
  source.onopen = () => $('live').classList.add('on');
  source.onerror = () => {
    $('live').classList.remove('on');
    if (source.readyState === EventSource.CLOSED) signOut('Live updates stopped; sign in again.');
  };
}

// ---- session and demo buttons

async function showSignIn() {
  $('session').hidden = true;
  $('demo').hidden = true;
  $('sign-in').hidden = false;
  const users = await api('/api/demo/users');
  $('users').innerHTML = '';
  users.forEach((u) => {
    const b = document.createElement('button');
    b.textContent = 'Sign in as ' + u.name;
    b.dataset.user = u.id;
    b.addEventListener('click', () => signIn(u.id));
    $('users').append(b);
  });
  fillActors(users);
}

function fillActors(users) {
  $('actor').innerHTML = '';
  users.filter((u) => !state.user || u.id !== state.user.userId).forEach((u) => {
    const o = document.createElement('option');
    o.value = u.id;
    o.textContent = u.name;
    $('actor').append(o);
  });
}

async function signIn(userId) {
  const res = await api('/api/demo/sign-in', { method: 'POST', body: JSON.stringify({ userId }) });
  state.token = res.token;
  state.user = res;
  sessionStorage.setItem('feedToken', res.token);
  sessionStorage.setItem('feedUser', JSON.stringify(res));
  await showInbox();
}

function signOut(message) {
  if (state.source) state.source.close();
  state.token = null;
  state.user = null;
  sessionStorage.removeItem('feedToken');
  sessionStorage.removeItem('feedUser');
  showSignIn().then(() => { if (message) $('status').textContent = message; });
}

async function showInbox() {
  $('sign-in').hidden = true;
  $('demo').hidden = false;
  $('session').hidden = false;
  $('who').textContent = state.user.name;
  fillActors(await api('/api/demo/users'));
  await loadFirstPage();
  connectLive();
  document.body.dataset.ready = 'true';
}

async function demo(path, body, what) {
  try {
    await api(path, { method: 'POST', body: JSON.stringify(body || {}) });
    $('status').textContent = what;
  } catch (e) {
    $('status').textContent = 'Failed: ' + e.message;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('bell').addEventListener('click', togglePanel);
  $('mark-all-read').addEventListener('click', markAllRead);
  $('load-more').addEventListener('click', loadMore);
  $('sign-out').addEventListener('click', () => signOut());
  $('comment-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const actor = $('actor').selectedOptions[0];
    demo('/api/demo/comment', { actorId: actor.value, text: $('comment-text').value },
      `${actor.textContent} commented; the other followers were notified.`);
  });
  $('mention').addEventListener('click', () => demo('/api/demo/mention', { actorId: $('actor').value },
    'Mentioned you. Leave the inbox closed and an email follows in the terminal.'));
  $('security').addEventListener('click', () => demo('/api/demo/security-alert', {}, 'Security alert sent in-app and by email.'));
  if (state.token && state.user) showInbox().catch(() => {}); else showSignIn();
});
