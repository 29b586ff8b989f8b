/*
 * Liên thông Hub — operations console. Fills each server-rendered page from /console/api/… and keeps it current
 * (polling every 2 s; the live view streams Server-Sent Events). Data goes into the page as text, never as HTML.
 * Actions send the session's CSRF token (cookie XSRF-TOKEN → header X-XSRF-TOKEN); the server checks the role again.
 */
(function () {
  'use strict';

  const body = document.body;
  const page = body.dataset.page;
  const canAct = body.dataset.canAct === 'true';
  const texts = JSON.parse(body.dataset.texts || '{}');
  const POLL_MS = 2000;
  const zone = body.dataset.zone || 'Asia/Ho_Chi_Minh';
  /** The time now as the center reads it (its zone, 24-hour clock), whatever the browser's zone. */
  const now = () => new Date().toLocaleTimeString('vi-VN', { hour12: false, timeZone: zone });

  function t(key, ...args) {
    let s = texts[key] || key;
    args.forEach((a, i) => { s = s.replace('{' + i + '}', a); });
    return s;
  }

  /** el('td', {class: 'x', dataset: {id: 1}}, 'text', childNode…) — text children are text nodes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null || v === false) return;
      if (k === 'class') e.className = v;
      else if (k === 'dataset') Object.entries(v).forEach(([dk, dv]) => { e.dataset[dk] = dv; });
      else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
      else if (v === true) e.setAttribute(k, '');
      else e.setAttribute(k, v);
    });
    children.flat().forEach(c => {
      if (c === undefined || c === null) return;
      e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return e;
  }

  const dash = v => (v === undefined || v === null || v === '' ? '—' : v);
  const badge = (text, cls) => el('span', { class: 'badge ' + (cls || '') }, text);

  function cookie(name) {
    const m = document.cookie.split('; ').find(c => c.startsWith(name + '='));
    return m ? decodeURIComponent(m.substring(name.length + 1)) : null;
  }

  async function getJson(url) {
    const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const type = res.headers.get('content-type') || '';
    if (res.redirected || !type.includes('json')) {
      // the session ended: the login page
      window.location.reload();
      throw new Error('session ended');
    }
    if (!res.ok) throw new Error((await res.json()).detail || res.status);
    return res.json();
  }

  async function post(url, data) {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-XSRF-TOKEN': cookie('XSRF-TOKEN') || '' },
      body: JSON.stringify(data || {})
    });
    let answer = {};
    try { answer = await res.json(); } catch (e) { /* no body */ }
    if (res.status === 403) throw new Error(t('action.forbidden'));
    if (!res.ok) throw new Error(answer.detail || ('HTTP ' + res.status));
    return answer;
  }

  function notice(text, bad) {
    const n = document.getElementById('notice');
    if (!n) return;
    n.textContent = text;
    n.classList.toggle('bad', !!bad);
  }

  /** Calls fn now and every POLL_MS; shows when the page was last updated. */
  function poll(fn) {
    const updated = document.getElementById('updated');
    const error = document.getElementById('error');
    const run = async () => {
      try {
        await fn();
        if (updated) updated.textContent = now();
        if (error) error.textContent = '';
      } catch (e) {
        if (error) error.textContent = t('common.failed') + ': ' + e.message;
      } finally {
        setTimeout(run, POLL_MS);
      }
    };
    run();
  }

  /** The confirmation dialog; resolves to the reason (possibly empty) or null when cancelled. */
  function ask(message, reasonRequired) {
    const dialog = document.getElementById('confirm');
    const reason = document.getElementById('confirm-reason');
    const error = document.getElementById('confirm-error');
    document.getElementById('confirm-text').textContent = message;
    reason.value = '';
    error.textContent = '';
    return new Promise(resolve => {
      const ok = document.getElementById('confirm-ok');
      const cancel = document.getElementById('confirm-cancel');
      const done = value => {
        ok.onclick = null;
        cancel.onclick = null;
        dialog.close();
        resolve(value);
      };
      ok.onclick = () => {
        if (reasonRequired && !reason.value.trim()) {
          error.textContent = t('action.reasonRequired');
          return;
        }
        done(reason.value.trim());
      };
      cancel.onclick = () => done(null);
      dialog.onclose = () => { if (ok.onclick) done(null); };
      dialog.showModal();
      reason.focus();
    });
  }

  function fill(tbody, rows, columns, emptyText) {
    tbody.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { colspan: columns }, emptyText || t('common.none')))]));
  }

  // ---------------------------------------------------------------------------------------------------- routes
  function routes() {
    const tbody = document.querySelector('#routes tbody');
    const cols = canAct ? 10 : 9;
    async function act(route, action) {
      const reason = await ask(t('action.confirmRoute', t('action.' + action), route), false);
      if (reason === null) return;
      try {
        const r = await post('/console/api/routes/' + encodeURIComponent(route) + '/' + action, { reason });
        notice(t('action.done') + ': ' + route + ' → ' + t('state.' + r.state));
        await refresh();
      } catch (e) { notice(e.message, true); }
    }
    async function refresh() {
      const data = await getJson('/console/api/routes');
      fill(tbody, data.routes.map(r => el('tr', { dataset: { route: r.id } },
        el('td', { class: 'id', title: r.from || '' }, r.id),
        el('td', { class: 'state' }, badge(t('state.' + r.state), 's-' + r.state)),
        el('td', { class: 'num total' }, r.total),
        el('td', { class: 'num failed' }, r.failed),
        el('td', { class: 'num inflight' }, r.inflight),
        el('td', { class: 'num' }, dash(r.meanMs)),
        el('td', { class: 'num' }, dash(r.maxMs)),
        el('td', { class: r.lastError ? 'error-text' : '', title: dash(r.lastErrorAt) }, r.lastError ? r.lastErrorAt + ' — ' + r.lastError : '—'),
        el('td', {}, dash(r.uptime)),
        canAct ? el('td', { class: 'actions' }, r.actions.map(a =>
          el('button', { type: 'button', dataset: { action: a }, onclick: () => act(r.id, a) }, t('action.' + a)))) : null
      )), cols);
    }
    poll(refresh);
  }

  // ---------------------------------------------------------------------------------------------------- connectors
  function connectors() {
    const tbody = document.querySelector('#connectors tbody');
    poll(async () => {
      const data = await getJson('/console/api/connectors');
      fill(tbody, data.connectors.map(c => el('tr', { dataset: { partner: c.partner } },
        el('td', {}, el('strong', {}, t('partner.' + c.partner)), el('div', { class: 'muted' }, c.partner)),
        el('td', { class: 'health' }, badge(t('health.' + c.health), 'h-' + c.health)),
        el('td', { class: 'circuit' }, c.circuit ? badge(c.circuit, 'c-' + c.circuit) : '—',
          c.breakerFailureRate !== null && c.breakerFailureRate !== undefined ? el('div', { class: 'muted' }, c.breakerFailureRate + '%') : null),
        el('td', { class: 'num queue' }, dash(c.queueDepth)),
        el('td', { class: 'num dlq' }, c.dlqDepth ? el('a', { href: '/console/dead-letters#' + c.partner }, c.dlqDepth) : dash(c.dlqDepth)),
        el('td', {}, dash(c.lastSuccess), c.lastSuccessAgo ? el('div', { class: 'muted' }, c.lastSuccessAgo) : null),
        el('td', {}, dash(c.oldestQueuedAge), c.queued ? el('div', { class: 'muted' }, c.queued + ' QUEUED') : null),
        el('td', {}, dash(c.meanLag)),
        el('td', {}, c.delivered15m + ' / ' + c.failed15m,
          c.successRate15m !== null ? el('div', { class: 'muted' }, c.successRate15m + '%') : null),
        el('td', { class: 'id' }, dash(c.route), c.routeState ? el('div', {}, badge(t('state.' + c.routeState), 's-' + c.routeState)) : null)
      )), 10);
      const axis = data.connectors.find(c => c.partner === 'axis');
      const sync = axis && axis.sync;
      document.getElementById('axis-sync-rate').textContent =
        sync && sync.syncRate !== null && sync.syncRate !== undefined ? sync.syncRate + ' %' : t('common.notAvailable');
      document.getElementById('axis-oldest').textContent = sync ? dash(sync.oldestUnsynced) : t('common.notAvailable');
    });
  }

  // ---------------------------------------------------------------------------------------------------- dead letters
  function deadLetters() {
    let partner = (window.location.hash || '#police').substring(1);
    const selected = new Set();
    const open = new Set();
    const tabs = document.getElementById('partners');
    const letters = document.querySelector('#letters tbody');
    const parked = document.querySelector('#parked tbody');

    function payload(id, text) {
      const d = el('details', { dataset: { id } }, el('summary', {}, t('deadLetters.payload')), el('pre', {}, dash(text)));
      d.open = open.has(id);
      d.addEventListener('toggle', () => { if (d.open) open.add(id); else open.delete(id); });
      return d;
    }

    async function move(ids, replay) {
      if (!ids.length) return;
      const reason = await ask(t(replay ? 'action.confirmReplay' : 'action.confirmDiscard', ids.length), !replay);
      if (reason === null) return;
      try {
        const r = await post('/console/api/dead-letters/' + partner + '/' + (replay ? 'replay' : 'discard'), { ids, reason });
        const ok = r.results.filter(x => x.done).length;
        const failed = r.results.filter(x => !x.done);
        ids.forEach(id => selected.delete(id));
        notice(t('action.done') + ': ' + ok + '/' + ids.length +
          (failed.length ? ' — ' + failed.map(f => f.detail).join('; ') : ''), failed.length > 0);
        await refresh();
      } catch (e) { notice(e.message, true); }
    }

    async function resolveParked(id, replay) {
      const reason = await ask(t(replay ? 'action.confirmReplay' : 'action.confirmDiscard', 1), !replay);
      if (reason === null) return;
      try {
        const r = await post('/console/api/parked/' + id + '/' + (replay ? 'replay' : 'discard'), { reason });
        notice(t('action.done') + ': #' + id + ' → ' + r.status);
        await refresh();
      } catch (e) { notice(e.message, true); }
    }

    if (canAct) {
      document.getElementById('replay-selected').addEventListener('click', () => move([...selected], true));
      document.getElementById('discard-selected').addEventListener('click', () => move([...selected], false));
      document.getElementById('select-all').addEventListener('change', e => {
        letters.querySelectorAll('input[type=checkbox]').forEach(c => {
          c.checked = e.target.checked;
          if (c.checked) selected.add(c.value); else selected.delete(c.value);
        });
      });
    }

    async function refresh() {
      const data = await getJson('/console/api/dead-letters?partner=' + encodeURIComponent(partner));
      tabs.replaceChildren(...Object.entries(data.depths).map(([p, n]) => el('button', {
        type: 'button', role: 'tab', 'aria-selected': String(p === partner), dataset: { partner: p },
        onclick: () => { partner = p; window.location.hash = p; selected.clear(); refresh(); }
      }, t('partner.' + p) + ' (' + (n < 0 ? '?' : n) + ')')));
      const ids = new Set(data.letters.map(l => l.messageId));
      [...selected].forEach(id => { if (!ids.has(id)) selected.delete(id); });
      fill(letters, data.letters.map(l => el('tr', { dataset: { message: l.messageId, delivery: l.deliveryId || '' } },
        canAct ? el('td', {}, el('input', {
          type: 'checkbox', value: l.messageId, checked: selected.has(l.messageId),
          onchange: e => { if (e.target.checked) selected.add(l.messageId); else selected.delete(l.messageId); }
        })) : null,
        el('td', { class: 'id delivery' }, dash(l.deliveryId)),
        el('td', { class: 'id' }, l.dossierCode ? el('a', { href: '/console/dossiers?code=' + encodeURIComponent(l.dossierCode) }, l.dossierCode) : '—'),
        el('td', {}, dash(l.kind)),
        el('td', { class: 'error-text' }, dash(l.reason)),
        el('td', { class: 'num' }, dash(l.attempts)),
        el('td', {}, dash(l.failedAt)),
        el('td', {}, payload(l.messageId, l.payload)),
        canAct ? el('td', { class: 'actions' },
          el('button', { type: 'button', dataset: { action: 'replay' }, onclick: () => move([l.messageId], true) }, t('action.replay')),
          el('button', { type: 'button', class: 'danger', dataset: { action: 'discard' }, onclick: () => move([l.messageId], false) }, t('action.discard'))) : null
      )), canAct ? 9 : 7, t('deadLetters.empty'));
      document.getElementById('parked-count').textContent = data.parkedCount;
      fill(parked, data.parked.map(p => el('tr', { dataset: { parked: p.id } },
        el('td', { class: 'num' }, p.id),
        el('td', {}, p.parkedAt),
        el('td', { class: 'id' }, dash(p.route)),
        el('td', { class: 'id', title: dash(p.endpoint) }, dash(p.source)),
        el('td', { class: 'error-text' }, p.reason),
        el('td', { class: 'id' }, p.dossierCode ? el('a', { href: '/console/dossiers?code=' + encodeURIComponent(p.dossierCode) }, p.dossierCode) : '—'),
        el('td', {}, payload('parked-' + p.id, p.payload)),
        canAct ? el('td', { class: 'actions' },
          el('button', { type: 'button', dataset: { action: 'replay' }, disabled: !p.replayTo, title: p.replayTo || t('deadLetters.noReplayTarget'),
            onclick: () => resolveParked(p.id, true) }, t('action.replay')),
          el('button', { type: 'button', class: 'danger', dataset: { action: 'discard' }, onclick: () => resolveParked(p.id, false) }, t('action.discard'))) : null
      )), canAct ? 8 : 7, t('deadLetters.parkedEmpty'));
    }
    poll(refresh);
  }

  // ---------------------------------------------------------------------------------------------------- devices
  function devices() {
    const centers = document.getElementById('centers');
    poll(async () => {
      const data = await getJson('/console/api/devices');
      document.getElementById('devices-unavailable').hidden = data.available;
      document.getElementById('devices-none').hidden = !data.available || data.centers.length > 0;
      centers.replaceChildren(...data.centers.map(c => el('section', { class: 'center', dataset: { center: c.center } },
        el('h2', {}, c.center, ' ', el('span', { class: 'count' }, c.online + '/' + c.total + ' ' + t('devices.online'))),
        ['KIOSK', 'COUNTER', 'RATING', null].map(kind => {
          const list = c.devices.filter(d => kind === null ? !['KIOSK', 'COUNTER', 'RATING'].includes(d.kind) : d.kind === kind);
          if (!list.length) return null;
          return el('div', {},
            el('h3', {}, kind ? t('devices.kind.' + kind) : '—'),
            el('div', { class: 'devices' }, list.map(d => {
              const state = d.online === true ? 'online' : d.online === false ? 'offline' : 'unknown';
              return el('div', { class: 'device is-' + state, dataset: { device: d.id } },
                el('div', { class: 'name' }, d.id),
                el('div', {}, badge(t('devices.' + state), state)),
                d.counter ? el('div', { class: 'meta' }, t('devices.counter') + ': ' + d.counter) : null,
                el('div', { class: 'meta' }, t('devices.lastSeen') + ': ' + dash(d.lastSeen) + (d.lastSeenAgo ? ' (' + d.lastSeenAgo + ')' : '')),
                d.battery !== null && d.battery !== undefined ? el('div', { class: 'meta' }, t('devices.battery') + ': ' + d.battery + '%') : null,
                el('div', { class: 'meta' }, t('devices.parked') + ': ', d.parked ? el('a', { href: '/console/dead-letters' }, d.parked) : '0'));
            })));
        }))));
      const section = document.getElementById('device-parked-section');
      section.hidden = !data.parked.length;
      fill(document.querySelector('#device-parked tbody'), data.parked.map(p =>
        el('tr', {}, el('td', {}, p.center), el('td', { class: 'id' }, p.device), el('td', { class: 'num' }, p.parked))), 3);
    });
  }

  // ---------------------------------------------------------------------------------------------------- dossier
  function dossiers() {
    const code = body.dataset.code;
    if (!code) return;
    const timeline = document.querySelector('#timeline tbody');
    const deliveries = document.querySelector('#deliveries tbody');
    poll(async () => {
      const data = await getJson('/console/api/dossiers/' + encodeURIComponent(code));
      const d = data.dossier;
      const status = document.getElementById('dossier-status');
      status.textContent = t('status.' + d.status);
      document.getElementById('dossier-dvcqg').textContent = d.dvcqgStatus;
      document.getElementById('dossier-due').textContent = dash(d.dueAt);
      const tl = document.getElementById('dossier-timeliness');
      tl.textContent = d.timeliness ? t('timeliness.' + d.timeliness) : '—';
      tl.className = 'badge' + (d.timeliness ? ' t-' + d.timeliness : '');
      fill(timeline, data.timeline.map(e => el('tr', { class: 'k-' + e.kind, dataset: { kind: e.kind, outcome: e.outcome || '' } },
        el('td', {}, dash(e.at)),
        el('td', {}, t('timeline.' + e.kind)),
        el('td', {}, e.kind === 'STATUS'
          ? [e.what, ' ', el('span', { class: 'muted' }, (e.from ? t('status.' + e.from) + ' → ' : '') + t('status.' + e.to))]
          : [e.what, e.parcel ? el('div', { class: 'muted' }, e.parcel) : null, e.deliveryId ? el('div', { class: 'muted id' }, e.deliveryId) : null]),
        el('td', {}, e.kind === 'STATUS' ? dash(e.who) : (e.partner ? t('partner.' + e.partner) + (e.direction ? ' (' + e.direction + ')' : '') : '—')),
        el('td', { class: 'outcome' }, e.outcome ? badge(e.outcome, 'o-' + e.outcome) : (e.attempt ? '#' + e.attempt : '—')),
        el('td', { class: 'detail' }, dash(e.detail))
      )), 6);
      fill(deliveries, data.deliveries.map(r => el('tr', { dataset: { delivery: r.deliveryId, status: r.status } },
        el('td', { class: 'id' }, r.deliveryId),
        el('td', {}, t('partner.' + r.partner)),
        el('td', {}, r.kind),
        el('td', { class: 'delivery-status' }, badge(r.status, 'o-' + r.status)),
        el('td', { class: 'num' }, r.attempts),
        el('td', {}, dash(r.deliveredAt)),
        el('td', { class: r.lastError ? 'error-text' : '' }, dash(r.lastError))
      )), 7);
      const steps = document.getElementById('steps');
      document.getElementById('steps-section').hidden = !data.steps.length;
      steps.replaceChildren(...data.steps.map(s => el('li', {},
        el('a', { href: '/console/dossiers?code=' + encodeURIComponent(s.code) }, s.code), ' — ',
        (s.partner ? t('partner.' + s.partner) + ' · ' : '') + t('status.' + s.status))));
    });
  }

  // ---------------------------------------------------------------------------------------------------- live
  function live() {
    const tbody = document.querySelector('#events tbody');
    const state = document.getElementById('live-state');
    const seen = new Set();
    fill(tbody, [], 7, t('live.waiting'));
    function add(e) {
      if (seen.has(e.id)) return;
      seen.add(e.id);
      if (tbody.querySelector('tr.empty')) tbody.replaceChildren();
      tbody.prepend(el('tr', { class: 'fresh', dataset: { event: e.id, code: e.code } },
        el('td', {}, dash(e.at)),
        el('td', { class: 'id' }, el('a', { href: '/console/dossiers?code=' + encodeURIComponent(e.code) }, e.code)),
        el('td', {}, dash(e.event)),
        el('td', {}, (e.fromStatus ? t('status.' + e.fromStatus) + ' → ' : '') + (e.status ? t('status.' + e.status) : '')),
        el('td', {}, dash(e.procedureCode)),
        el('td', {}, dash(e.actor)),
        el('td', {}, dash(e.dueAt))));
      while (tbody.rows.length > 200) tbody.deleteRow(-1);
    }
    const source = new EventSource('/console/api/live');
    source.addEventListener('dossier', m => add(JSON.parse(m.data)));
    source.onopen = () => { state.textContent = t('live.connected'); state.className = 'badge online'; };
    source.onerror = () => { state.textContent = t('live.disconnected'); state.className = 'badge offline'; };
    const updated = document.getElementById('updated');
    if (updated) updated.textContent = now();
  }

  // ---------------------------------------------------------------------------------------------------- audit
  function audit() {
    const tbody = document.querySelector('#audit tbody');
    const form = document.getElementById('audit-filter');
    form.addEventListener('submit', e => { e.preventDefault(); });
    poll(async () => {
      const q = new URLSearchParams();
      ['who', 'action', 'target'].forEach(k => { const v = form.elements[k].value.trim(); if (v) q.set(k, v); });
      const data = await getJson('/console/api/audit?' + q.toString());
      fill(tbody, data.entries.map(a => el('tr', { dataset: { action: a.action, id: a.id } },
        el('td', {}, a.at),
        el('td', {}, a.who, a.role ? el('div', { class: 'muted' }, t('role.' + a.role)) : null),
        el('td', { class: 'id' }, a.action),
        el('td', { class: 'id' }, dash(a.target), a.detail ? el('div', { class: 'muted' }, a.detail) : null),
        el('td', {}, dash(a.before)),
        el('td', {}, dash(a.after)),
        el('td', {}, dash(a.reason)),
        el('td', {}, badge(a.outcome, 'o-' + a.outcome))
      )), 8);
    });
  }

  const pages = { routes, connectors, 'dead-letters': deadLetters, devices, dossiers, live, audit };
  if (pages[page]) pages[page]();
})();
