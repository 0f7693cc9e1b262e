// The pipeline-scheduler dashboard: plain JavaScript over the JSON API, no build step.
// Every text from the server is put in the page with textContent, never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'pipeline-scheduler-token';
  const REFRESH_MS = 5000;
  const RUN_POLL_MS = 1000;
  const HISTORY_LIMIT = 50;
  const SVG = 'http://www.w3.org/2000/svg';

  const state = {
    schedule: null,
    run: null,
    runTimer: null,
    polling: false,
    refreshing: false,
    refreshAgain: false,
  };
  const $ = (id) => document.getElementById(id);

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // ---- talking to the API ----

  // Where the API is mounted: '' on its own port, e.g. '/scheduler' in an application's web server
  // (the server writes it into the page).
  const BASE = document.querySelector('meta[name="pipeline-scheduler-base"]').content;

  async function api(method, path, options = {}) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(BASE + path, { method, headers, cache: 'no-store' });
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = { error: text };
      }
    }
    // Only the API's own token challenge asks for the token; a web server's own login (a Basic
    // challenge) is the browser's business. Where reads need the token too, a read asks for it.
    const challenge = response.headers.get('WWW-Authenticate') || '';
    if (response.status === 401 && challenge.startsWith('Bearer')) {
      if (await askToken(body && body.error)) {
        return api(method, path, options);
      }
      throw new ApiError(401, 'A token is needed for this action.');
    }
    if (!response.ok && !(options.accept || []).includes(response.status)) {
      throw new ApiError(response.status, (body && body.error) || response.statusText);
    }
    return body;
  }

  const enc = encodeURIComponent;

  // ---- the token, asked for once and kept for this tab ----

  let tokenWaiter = null;

  function askToken(reason) {
    if (tokenWaiter) {
      return tokenWaiter;
    }
    const dialog = $('token-dialog');
    $('token-reason').textContent = reason
      ? reason
      : 'This server needs a bearer token for changes.';
    $('token-input').value = '';
    tokenWaiter = new Promise((resolve) => {
      const finish = (saved) => {
        $('token-form').removeEventListener('submit', onSave);
        $('token-cancel').removeEventListener('click', onCancel);
        dialog.removeEventListener('cancel', onCancel);
        if (dialog.open) {
          dialog.close();
        }
        tokenWaiter = null;
        resolve(saved);
      };
      const onSave = (event) => {
        event.preventDefault();
        const token = $('token-input').value.trim();
        if (!token) {
          return;
        }
        sessionStorage.setItem(TOKEN_KEY, token);
        finish(true);
      };
      const onCancel = (event) => {
        event.preventDefault();
        finish(false);
      };
      $('token-form').addEventListener('submit', onSave);
      $('token-cancel').addEventListener('click', onCancel);
      dialog.addEventListener('cancel', onCancel);
    });
    dialog.showModal();
    $('token-input').focus();
    return tokenWaiter;
  }

  // ---- formatting ----

  function formatTime(iso) {
    if (!iso) {
      return '–';
    }
    return iso.replace('T', ' ').replace(/\.\d+/, '').replace(/Z$/, ' UTC');
  }

  function formatDuration(ms) {
    if (ms === null || ms === undefined) {
      return '–';
    }
    if (ms < 1000) {
      return ms + ' ms';
    }
    if (ms < 60000) {
      return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    }
    const seconds = Math.round(ms / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const pad = (n) => String(n).padStart(2, '0');
    return h > 0 ? h + 'h ' + pad(m) + 'm' : m + 'm ' + pad(s) + 's';
  }

  function zoneName(zone) {
    return zone === 'Z' ? 'UTC' : zone;
  }

  // QUEUED (claimed, waiting for a worker) and RUNNING runs have not ended yet.
  function unfinished(run) {
    return run.status === 'QUEUED' || run.status === 'RUNNING';
  }

  function runDuration(run) {
    return unfinished(run) ? run.status.toLowerCase() : formatDuration(run.durationMillis);
  }

  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') {
        node.textContent = value;
      } else if (key === 'className') {
        node.className = value;
      } else if (key.startsWith('data-')) {
        node.setAttribute(key, value);
      } else {
        node[key] = value;
      }
    }
    for (const child of children) {
      node.append(child);
    }
    return node;
  }

  function badge(text, kind) {
    return el('span', { className: 'badge ' + (kind || text), text });
  }

  function showMessage(text, kind) {
    const message = $('message');
    if (!text) {
      message.hidden = true;
      return;
    }
    message.textContent = text;
    message.className = 'message' + (kind ? ' ' + kind : '');
    message.hidden = false;
  }

  // ---- health ----

  async function loadHealth() {
    const health = await api('GET', '/api/scheduler/health', { accept: [503] });
    const status = $('health-status');
    status.textContent = health.status;
    status.className = 'badge ' + health.status;
    $('health-running').textContent = health.running ? 'running' : 'stopped';
    const m = health.metrics;
    $('success-rate').textContent = m.totalRuns === 0 ? '–' : (m.successRate * 100).toFixed(1) + ' %';
    $('total-runs').textContent = String(m.totalRuns);
    $('failed-runs').textContent = String(m.failed);
    $('running-runs').textContent = String(m.running);
    $('avg-duration').textContent = m.totalRuns === 0 ? '–' : formatDuration(m.averageDurationMillis);
    showUnusable((health.details || {}).invalidStoredSchedules || {});
  }

  // Stored schedules (rows of the table) that cannot be used, each with its reason.
  function showUnusable(unusable) {
    const names = Object.keys(unusable).sort();
    $('unusable-list').replaceChildren(
      ...names.map((name) => {
        const item = document.createElement('li');
        const strong = document.createElement('strong');
        strong.textContent = name;
        item.append(strong, ': ' + unusable[name]);
        return item;
      }),
    );
    $('unusable').hidden = names.length === 0;
  }

  // ---- schedules ----

  async function loadSchedules() {
    const schedules = await api('GET', '/api/schedules');
    const body = $('schedules').tBodies[0];
    body.replaceChildren(...schedules.map(scheduleRow));
    $('no-schedules').hidden = schedules.length > 0;
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    if (state.schedule && !schedules.some((s) => s.name === state.schedule)) {
      $('detail-spec').textContent = '(no longer registered)';
    }
  }

  function scheduleRow(s) {
    const name = el('button', { type: 'button', className: 'link', text: s.name });
    name.addEventListener('click', () => selectSchedule(s.name));
    const run = el('button', { type: 'button', text: 'Run now', 'data-action': 'run' });
    run.addEventListener('click', () => runNow(s.name, run));
    const toggle = el('button', {
      type: 'button',
      className: 'secondary',
      text: s.enabled ? 'Disable' : 'Enable',
      'data-action': s.enabled ? 'disable' : 'enable',
    });
    toggle.addEventListener('click', () => setEnabled(s.name, !s.enabled, toggle));
    const row = el('tr', { 'data-name': s.name }, [
      el('td', {}, [name]),
      el('td', { text: s.type }),
      el('td', { text: s.description }),
      el('td', { text: zoneName(s.timezone) }),
      el('td', {}, [badge(s.enabled ? 'yes' : 'no')]),
      el('td', { className: 'nowrap', text: formatTime(s.nextRun) }),
      el('td', {}, [s.lastOutcome ? badge(s.lastOutcome) : el('span', { className: 'muted', text: 'never ran' })]),
      el('td', { className: 'actions' }, [run, toggle]),
    ]);
    if (s.name === state.schedule) {
      row.classList.add('selected');
    }
    return row;
  }

  async function runNow(name, button) {
    button.disabled = true;
    try {
      const started = await api('POST', '/api/schedules/' + enc(name) + '/run');
      showMessage(null);
      state.schedule = name;
      if (started.runId) {
        selectRun(started.runId);
      }
      await Promise.all([loadSchedules(), loadHistory(), loadHealth()]);
    } catch (e) {
      showMessage('Run now of ' + name + ' failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  async function setEnabled(name, enable, button) {
    button.disabled = true;
    try {
      await api('POST', '/api/schedules/' + enc(name) + (enable ? '/enable' : '/disable'));
      showMessage(null);
      await loadSchedules();
    } catch (e) {
      showMessage((enable ? 'Enabling ' : 'Disabling ') + name + ' failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  // ---- a schedule's history and chart ----

  function selectSchedule(name) {
    state.schedule = name;
    updateHash();
    for (const row of $('schedules').tBodies[0].rows) {
      row.classList.toggle('selected', row.dataset.name === name);
    }
    loadHistory().catch((e) => showMessage('Loading the history of ' + name + ' failed: ' + e.message));
  }

  async function loadHistory() {
    const name = state.schedule;
    if (!name) {
      return;
    }
    let runs;
    try {
      runs = await api('GET', '/api/schedules/' + enc(name) + '/history?limit=' + HISTORY_LIMIT);
    } catch (e) {
      if (e.status === 404) {
        runs = [];
      } else {
        throw e;
      }
    }
    if (name !== state.schedule) {
      return;
    }
    $('schedule-detail').hidden = false;
    $('detail-name').textContent = name;
    const row = [...$('schedules').tBodies[0].rows].find((r) => r.dataset.name === name);
    $('detail-spec').textContent = row ? row.cells[2].textContent : '';
    loadHolidays(name).catch(() => {
      $('detail-holidays').hidden = true;
    });
    $('history').tBodies[0].replaceChildren(...runs.map(historyRow));
    $('no-history').hidden = runs.length > 0;
    drawChart(runs.slice().reverse());
  }

  // The dates the schedule skips (its holiday calendar), from its detail.
  async function loadHolidays(name) {
    const schedule = await api('GET', '/api/schedules/' + enc(name));
    if (name !== state.schedule) {
      return;
    }
    const holidays = schedule.holidays;
    const line = $('detail-holidays');
    line.hidden = !holidays;
    if (holidays) {
      const next = holidays.upcoming.length ? ' · next: ' + holidays.upcoming.join(', ') : '';
      line.textContent = 'Skips ' + holidays.summary + next;
    }
  }

  function historyRow(run) {
    const row = el('tr', { 'data-run-id': run.runId, title: 'run ' + run.runId }, [
      el('td', { className: 'nowrap', text: formatTime(run.startedAt) }),
      el('td', { text: run.trigger }),
      el('td', { text: String(run.attempt) }),
      el('td', {}, [badge(run.status)]),
      el('td', { className: 'nowrap', text: runDuration(run) }),
      el('td', { text: run.error || '' }),
    ]);
    if (run.runId === state.run) {
      row.classList.add('selected');
    }
    row.addEventListener('click', () => selectRun(run.runId));
    return row;
  }

  function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, String(value));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // Bars oldest to newest: height is the duration, colour the outcome.
  function drawChart(runs) {
    const chart = $('chart');
    const width = 600;
    const height = 170;
    const left = 52;
    const bottom = 20;
    const top = 10;
    const plot = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
    const max = Math.max(1, ...runs.map((r) => r.durationMillis || 0));
    const usable = height - top - bottom;
    plot.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom }));
    plot.append(svg('line', { class: 'axis', x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
    plot.append(svg('text', { x: left - 6, y: top + 10, 'text-anchor': 'end' }, formatDuration(max)));
    plot.append(svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end' }, '0'));
    if (runs.length === 0) {
      plot.append(svg('text', { x: (width + left) / 2, y: height / 2, 'text-anchor': 'middle' }, 'no runs yet'));
    } else {
      plot.append(svg('text', { x: left, y: height - 4 }, formatTime(runs[0].startedAt)));
      plot.append(svg('text', { x: width, y: height - 4, 'text-anchor': 'end' }, formatTime(runs[runs.length - 1].startedAt)));
    }
    const slot = (width - left - 4) / Math.max(runs.length, 10);
    runs.forEach((run, i) => {
      const h = unfinished(run) ? usable * 0.08 : Math.max(2, (usable * (run.durationMillis || 0)) / max);
      const bar = svg('rect', {
        class: 'bar ' + run.status,
        x: left + 4 + i * slot,
        y: height - bottom - h,
        width: Math.max(1, slot * 0.8),
        height: h,
        'data-run-id': run.runId,
      });
      bar.append(svg('title', {}, `${run.status} · ${runDuration(run)} · ${formatTime(run.startedAt)}`));
      bar.addEventListener('click', () => selectRun(run.runId));
      plot.append(bar);
    });
    chart.replaceChildren(plot);
  }

  // ---- one run, polled while it runs ----

  function selectRun(runId) {
    state.run = runId;
    updateHash();
    for (const row of $('history').tBodies[0].rows) {
      row.classList.toggle('selected', row.dataset.runId === runId);
    }
    clearTimeout(state.runTimer);
    loadRun(runId);
  }

  async function loadRun(runId) {
    let run;
    try {
      run = await api('GET', '/api/runs/' + enc(runId));
    } catch (e) {
      if (runId === state.run) {
        showMessage('Loading run ' + runId + ' failed: ' + e.message);
      }
      return;
    }
    if (runId !== state.run) {
      return;
    }
    $('run-detail').hidden = false;
    $('run-id').textContent = run.runId;
    $('run-schedule').textContent = run.scheduleName;
    const status = $('run-status');
    status.textContent = run.status;
    status.className = 'badge ' + run.status;
    $('run-trigger').textContent = run.trigger + (run.attempt > 1 ? ' (attempt ' + run.attempt + ')' : '');
    $('run-started').textContent = formatTime(run.startedAt);
    $('run-finished').textContent = formatTime(run.finishedAt);
    $('run-duration').textContent = runDuration(run);
    $('run-node').textContent = run.node || '–';
    $('run-error').textContent = run.error || '–';
    const output = $('run-output');
    const atEnd = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
    output.textContent = run.output || (unfinished(run) ? '(no output yet)' : '(no output)');
    if (atEnd) {
      output.scrollTop = output.scrollHeight;
    }
    $('cancel-run').hidden = !unfinished(run);
    if (unfinished(run)) {
      state.polling = true;
      state.runTimer = setTimeout(() => loadRun(runId), RUN_POLL_MS);
    } else if (state.polling) {
      state.polling = false;
      refreshAll(); // the run just ended: its outcome shows in the table and the chart
    }
  }

  async function cancelRun() {
    const runId = state.run;
    if (!runId) {
      return;
    }
    const button = $('cancel-run');
    button.disabled = true;
    try {
      await api('POST', '/api/runs/' + enc(runId) + '/cancel');
      showMessage('Asked run ' + runId + ' to stop.', 'info');
      clearTimeout(state.runTimer);
      loadRun(runId);
    } catch (e) {
      showMessage('Cancelling run ' + runId + ' failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  // ---- page state in the address, refresh ----

  function updateHash() {
    const parts = [];
    if (state.schedule) {
      parts.push('schedule=' + enc(state.schedule));
    }
    if (state.run) {
      parts.push('run=' + enc(state.run));
    }
    history.replaceState(
      null,
      '',
      location.pathname + location.search + (parts.length ? '#' + parts.join('&') : ''));
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    state.schedule = params.get('schedule');
    state.run = params.get('run');
  }

  // One refresh at a time; a refresh asked for meanwhile runs right after.
  async function refreshAll() {
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    state.refreshing = true;
    try {
      do {
        state.refreshAgain = false;
        await Promise.all([loadHealth(), loadSchedules()]);
        await loadHistory();
      } while (state.refreshAgain);
    } catch (e) {
      showMessage('Cannot reach the scheduler: ' + e.message);
    } finally {
      state.refreshing = false;
    }
  }

  // A token given once as ?token= (SchedulerHttpServer.urlWithToken()) is kept for this tab and
  // taken out of the address bar, so it is not left in the history or shared with the page's URL.
  function takeTokenFromAddress() {
    const params = new URLSearchParams(location.search);
    const token = params.get('token');
    if (!token) {
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }

  function start() {
    takeTokenFromAddress();
    $('token-button').addEventListener('click', () => askToken('Enter the bearer token for changes (kept for this tab only).'));
    $('cancel-run').addEventListener('click', cancelRun);
    readHash();
    refreshAll().then(() => {
      if (state.run) {
        loadRun(state.run);
      }
    });
    setInterval(refreshAll, REFRESH_MS);
  }

  start();
})();
