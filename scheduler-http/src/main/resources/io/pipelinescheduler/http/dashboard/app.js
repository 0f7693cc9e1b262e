// The pipeline-scheduler dashboard: plain JavaScript over the JSON API, no build step.
// Every text from the server is put in the page with textContent, never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'pipeline-scheduler-token';
  const REFRESH_MS = 5000;
  const RUN_POLL_MS = 1000;
  const HISTORY_LIMIT = 50;
  const RUNS_LIMIT = 50;
  const ERROR_FOLD = 90; // longer errors (or with several lines) are folded in a <details>
  const SVG = 'http://www.w3.org/2000/svg';
  const VIEWS = ['schedules', 'graph', 'runs'];
  const UNFINISHED = ['QUEUED', 'RUNNING'];
  const FAILED = ['FAILED', 'TIMED_OUT'];
  const RETRYABLE = ['FAILED', 'TIMED_OUT', 'CANCELLED', 'ABANDONED'];

  const state = {
    view: 'schedules',
    schedule: null,
    run: null,
    runTimer: null,
    polling: false,
    refreshing: false,
    refreshAgain: false,
    schedules: [],
    editing: null, // the schedule view being edited, null for a new schedule
    shownRun: null, // the run view last loaded for the run panel
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

  // The token goes in the Authorization header only, never in an address.
  async function api(method, path, options = {}) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const init = { method, headers, cache: 'no-store' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const response = await fetch(BASE + path, init);
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
    const opener = document.activeElement;
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
        if (opener && opener.isConnected) {
          opener.focus();
        }
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

  // ---- formatting: one date format, in the viewer's zone; the schedule's zone on hover ----

  const VIEWER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const formatters = new Map();

  function formatter(zone) {
    if (!formatters.has(zone)) {
      let format;
      try {
        format = new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          year: 'numeric', month: '2-digit', day: '2-digit',
          hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
        });
      } catch (e) {
        format = null; // a zone this browser does not know
      }
      formatters.set(zone, format);
    }
    return formatters.get(zone);
  }

  // 2026-03-09 14:05:00 in the zone.
  function formatIn(date, zone) {
    const format = formatter(zone) || formatter('UTC');
    const p = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  }

  function zoneName(zone) {
    return !zone || zone === 'Z' ? 'UTC' : zone;
  }

  // A <time> in the viewer's zone; its title gives it in the schedule's zone.
  function timeEl(iso, scheduleZone) {
    if (!iso) {
      return el('span', { className: 'muted', text: '–' });
    }
    const date = new Date(iso);
    const zone = zoneName(scheduleZone);
    return el('time', {
      dateTime: iso,
      text: formatIn(date, VIEWER_ZONE),
      title: formatIn(date, zone) + ' ' + zone + (scheduleZone ? " (the schedule's zone)" : ''),
    });
  }

  function setTime(node, iso, scheduleZone) {
    node.replaceChildren(timeEl(iso, scheduleZone));
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
    return formatElapsed(ms);
  }

  // Whole units, for a run still going: 45 s, 2m 05s, 1h 03m, 3d 04h.
  function formatElapsed(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    const pad = (n) => String(n).padStart(2, '0');
    const d = Math.floor(seconds / 86400);
    const h = Math.floor((seconds % 86400) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    if (d > 0) {
      return d + 'd ' + pad(h) + 'h';
    }
    if (h > 0) {
      return h + 'h ' + pad(m) + 'm';
    }
    return m > 0 ? m + 'm ' + pad(s) + 's' : s + ' s';
  }

  // QUEUED (claimed, waiting for a worker) and RUNNING runs have not ended yet.
  function unfinished(run) {
    return UNFINISHED.includes(run.status);
  }

  // A run that succeeded although a continue-on-failure step failed.
  function partial(run) {
    return run.status === 'SUCCEEDED' && (run.failedSteps || []).length > 0;
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
      } else if (key.startsWith('data-') || key.startsWith('aria-')) {
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

  function button(text, props, onClick) {
    const node = el('button', Object.assign({ type: 'button', text }, props));
    node.addEventListener('click', () => onClick(node));
    return node;
  }

  // A button among a row's actions: data-action names what it does, data-key keeps the focus on it
  // across refreshes, and its accessible name starts with its visible text ("Retry: run of etl").
  function action(text, kind, key, what, className, onClick) {
    const props = { className, 'data-action': kind, 'data-key': kind + ':' + key, 'aria-label': text + ': ' + what };
    return button(text, props, onClick);
  }

  function badge(text, kind) {
    return el('span', { className: 'badge ' + (kind || text), text });
  }

  function statusBadge(run) {
    return partial(run)
      ? badge('SUCCEEDED with failed steps', 'PARTIAL')
      : badge(run.status);
  }

  // A long error is folded: its first line shows, the rest opens on demand.
  function errorEl(text) {
    if (!text) {
      return document.createTextNode('');
    }
    const firstLine = text.split('\n')[0];
    if (text.length <= ERROR_FOLD && !text.includes('\n')) {
      return el('span', { className: 'error-text', text });
    }
    const summary = firstLine.length > ERROR_FOLD ? firstLine.slice(0, ERROR_FOLD) + '…' : firstLine;
    return el('details', { className: 'error' }, [
      el('summary', { text: summary }),
      el('pre', { text }),
    ]);
  }

  // Messages: errors are announced at once (role alert), notices politely (role status).
  function showMessage(text, kind) {
    const error = $('message');
    const notice = $('notice');
    error.hidden = true;
    notice.hidden = true;
    if (!text) {
      return;
    }
    const target = kind === 'info' ? notice : error;
    target.textContent = text;
    target.hidden = false;
  }

  // Fills a table body, labels each cell with its column (narrow screens show rows as cards), and
  // keeps the keyboard focus on the same control when the refresh replaced it.
  function fillTable(table, rows) {
    const focused = document.activeElement;
    const key = focused && table.contains(focused) ? focused.dataset.key : null;
    table.tBodies[0].replaceChildren(...rows.map((row) => labelled(table, row)));
    refocus(table, key);
  }

  function labelled(table, row) {
    const headers = [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim());
    [...row.cells].forEach((cell, i) => cell.setAttribute('data-label', headers[i] || ''));
    return row;
  }

  function refocus(container, key) {
    if (!key) {
      return;
    }
    const again = [...container.querySelectorAll('[data-key]')].find((n) => n.dataset.key === key);
    if (again) {
      again.focus();
    }
  }

  // ---- views ----

  function showView(view, focus) {
    state.view = VIEWS.includes(view) ? view : 'schedules';
    for (const panel of document.querySelectorAll('[data-panel]')) {
      panel.hidden = panel.dataset.panel !== state.view;
    }
    for (const nav of document.querySelectorAll('nav.views button')) {
      if (nav.dataset.view === state.view) {
        nav.setAttribute('aria-current', 'page');
      } else {
        nav.removeAttribute('aria-current');
      }
    }
    updateHash();
    if (focus) {
      $('main').focus();
    }
    refreshAll();
  }

  // ---- health ----

  async function loadHealth() {
    const health = await api('GET', '/api/scheduler/health', { accept: [503] });
    const status = $('health-status');
    status.textContent = health.status;
    status.className = 'badge ' + health.status;
    const failing = [].concat((health.details || {}).failingSchedules || []);
    $('health-running').textContent = (health.running ? 'running' : 'stopped')
      + (failing.length ? ' · failing: ' + failing.join(', ') : '');
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
      ...names.map((name) => el('li', {}, [el('strong', { text: name }), ': ' + unusable[name]])),
    );
    $('unusable').hidden = names.length === 0;
  }

  // ---- schedules ----

  async function loadSchedules() {
    const schedules = await api('GET', '/api/schedules');
    state.schedules = schedules;
    fillTable($('schedules'), schedules.map(scheduleRow));
    $('no-schedules').hidden = schedules.length > 0;
    $('updated').textContent = 'updated ' + formatIn(new Date(), VIEWER_ZONE).slice(11);
    $('schedule-names').replaceChildren(...schedules.map((s) => el('option', { value: s.name })));
    if (state.schedule && !schedules.some((s) => s.name === state.schedule)) {
      $('detail-spec').textContent = '(no longer registered)';
    }
  }

  function scheduleByName(name) {
    return state.schedules.find((s) => s.name === name);
  }

  // The outcome cell: RUNNING with its elapsed time while a run of it runs, else the last outcome.
  function outcomeEl(s) {
    if (s.running) {
      const since = s.runningSince ? elapsedEl(s.runningSince) : '';
      return el('span', { className: 'nowrap' }, [badge('RUNNING'), ' ', since]);
    }
    if (!s.lastOutcome) {
      return el('span', { className: 'muted', text: 'never ran' });
    }
    return s.lastRun ? statusBadge(s.lastRun) : badge(s.lastOutcome);
  }

  function elapsedEl(since) {
    const node = el('span', { className: 'elapsed', 'data-since': since });
    tickElapsed(node);
    return node;
  }

  function tickElapsed(node) {
    node.textContent = 'for ' + formatElapsed(Date.now() - Date.parse(node.dataset.since));
  }

  function rateEl(s) {
    if (s.successRate === null || s.successRate === undefined) {
      return el('span', { className: 'muted', text: '–' });
    }
    const percent = Math.round(s.successRate * 100);
    const kind = percent >= 90 ? 'good' : percent >= 50 ? 'fair' : 'bad';
    return el('span', { className: 'rate ' + kind, text: percent + ' %', title: 'of its latest finished runs' });
  }

  function scheduleRow(s) {
    const name = button(s.name, { className: 'link', 'data-key': 'open:' + s.name }, () =>
      selectSchedule(s.name));
    const toggle = s.enabled ? 'disable' : 'enable';
    const actions = [
      action('Run now', 'run', s.name, s.name, '', (b) => runNow(s.name, b)),
      action(s.enabled ? 'Disable' : 'Enable', toggle, s.name, s.name, 'secondary', (b) =>
        setEnabled(s.name, !s.enabled, b)),
    ];
    if (s.dataDefined) {
      actions.push(action('Edit', 'edit', s.name, s.name, 'secondary', () => openEditor(s)));
    }
    const row = el('tr', { 'data-name': s.name }, [
      el('td', { className: 'name' }, [name]),
      el('td', { text: s.type }),
      el('td', { text: s.description }),
      el('td', { text: zoneName(s.timezone) }),
      el('td', {}, [badge(s.enabled ? 'yes' : 'no')]),
      el('td', { className: 'nowrap' }, [timeEl(s.nextRun, s.timezone)]),
      el('td', { className: 'outcome' }, [outcomeEl(s)]),
      el('td', { className: 'success-rate' }, [rateEl(s)]),
      el('td', { className: 'actions' }, actions),
    ]);
    if (s.running) {
      row.classList.add('running');
    }
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
        state.polling = true; // its end refreshes the page, even when the first look sees it ended
        selectRun(started.runId);
      }
      await refreshAll();
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
      showMessage((enable ? 'Enabled ' : 'Disabled ') + name + '.', 'info');
      await loadSchedules();
    } catch (e) {
      showMessage((enable ? 'Enabling ' : 'Disabling ') + name + ' failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  // ---- the editor: a data-defined schedule as a form ----

  const TIMING_FIELDS = {
    cron: { expression: 'f-cron', flavor: 'f-flavor' },
    daily: { at: 'f-at' },
    hourly: { minute: 'f-minute' },
    every: { every: 'f-every' },
    weekly: { day: 'f-day', at: 'f-at' },
    monthly: { dayOfMonth: 'f-day-of-month', at: 'f-at' },
    everyMonths: { months: 'f-months', dayOfMonth: 'f-day-of-month', at: 'f-at' },
    once: { at: 'f-once' },
    manual: {},
    after: { after: 'f-after' },
  };
  const NUMBERS = ['minute', 'dayOfMonth', 'months'];

  function openEditor(schedule) {
    state.editing = schedule || null;
    const def = schedule ? schedule.definition || {} : {};
    const form = $('schedule-form');
    form.reset();
    clearFormError();
    $('editor-title').textContent = schedule ? 'Edit ' + schedule.name : 'New schedule';
    $('f-name').value = schedule ? schedule.name : '';
    $('f-name').readOnly = Boolean(schedule); // a new name would be a new schedule
    $('f-delete').hidden = !schedule;
    $('f-description').value = def.description || '';
    fillTiming(def.timing || { kind: 'manual' });
    $('f-zone').value = def.zone || '';
    $('f-depends-on').value = (def.dependsOn || []).join(', ');
    $('f-max-retries').value = def.maxRetries ? String(def.maxRetries) : '';
    $('f-retry-delay').value = def.firstRetryDelay && def.firstRetryDelay !== 'PT0S' ? def.firstRetryDelay : '';
    $('f-timeout').value = def.timeout || '';
    $('f-overlap').value = def.overlap || 'QUEUE';
    $('f-misfire').value = def.misfire || 'FIRE_ONCE';
    fillJob(def.job || { kind: 'command' });
    showKinds();
    $('editor').hidden = false;
    $('f-name').focus();
    if (schedule) {
      $('f-description').focus();
    }
  }

  function closeEditor(focusTarget) {
    $('editor').hidden = true;
    state.editing = null;
    (focusTarget || $('new-schedule')).focus();
  }

  // A timing this form does not know is offered as it is, and kept unless another is chosen.
  function fillTiming(timing) {
    const select = $('f-timing-kind');
    select.querySelectorAll('option[data-kept]').forEach((option) => option.remove());
    if (!TIMING_FIELDS[timing.kind]) {
      const text = 'as defined: ' + JSON.stringify(timing);
      select.append(el('option', { value: 'kept', 'data-kept': 'true', text }));
      select.value = 'kept';
      return;
    }
    const kind = timing.kind;
    select.value = kind;
    for (const [field, id] of Object.entries(TIMING_FIELDS[kind])) {
      let value = timing[field];
      if (field === 'every' && !value && (timing.hours || timing.minutes || timing.seconds)) {
        value = 'PT' + (timing.hours ? timing.hours + 'H' : '') + (timing.minutes ? timing.minutes + 'M' : '')
          + (timing.seconds ? timing.seconds + 'S' : '');
      }
      if (value !== undefined && value !== null) {
        $(id).value = Array.isArray(value) ? value.join(', ') : String(value);
      }
    }
  }

  function fillJob(job) {
    const kind = ['command', 'pipeline', 'jobType'].includes(job.kind) ? job.kind : 'command';
    $('f-job-kind').value = kind;
    $('f-steps').replaceChildren();
    if (kind === 'command') {
      $('f-program').value = job.program || '';
      $('f-arguments').value = (job.arguments || []).join('\n');
      $('f-workdir').value = job.workingDirectory || '';
      $('f-env').value = Object.entries(job.environment || {}).map(([k, v]) => k + '=' + v).join('\n');
    } else if (kind === 'pipeline') {
      (job.steps || []).forEach((step) => addStep(step));
    } else {
      $('f-job-type').value = job.jobType || '';
      $('f-params').value = JSON.stringify(job.params || {}, null, 2);
    }
    if (kind === 'pipeline' && $('f-steps').children.length === 0) {
      addStep();
    }
  }

  let stepCount = 0;

  // One step of a pipeline: its name, command and whether the pipeline goes on when it fails.
  function addStep(step) {
    const n = ++stepCount;
    const job = (step && step.job) || {};
    const field = (label, input) =>
      el('div', { className: 'field' }, [el('label', { htmlFor: input.id, text: label }), input]);
    const input = (tag, part, props) =>
      el(tag, Object.assign({ id: 'f-step-' + part + '-' + n, className: 'step-' + part, autocomplete: 'off' }, props));
    const name = input('input', 'name', { value: (step && step.name) || '' });
    const program = input('input', 'program', { value: job.program || '' });
    const args = input('textarea', 'args', { rows: 2, value: (job.arguments || []).join('\n') });
    const onFailure = input('input', 'continue', { type: 'checkbox', checked: Boolean(step && step.continueOnFailure) });
    const item = el('li', { className: 'step' }, [
      el('div', { className: 'grid' }, [
        field('Step name', name),
        field('Program', program),
        field('Arguments (one a line)', args),
        el('div', { className: 'field check' }, [
          onFailure,
          el('label', { htmlFor: onFailure.id, text: 'Go on when it fails' }),
        ]),
      ]),
    ]);
    item.stepSource = step || null; // keeps the fields the form does not show (retries, timeouts, ...)
    item.append(button('Remove step', { className: 'secondary' }, () => {
      const next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      (next ? next.querySelector('input') : $('f-add-step')).focus();
    }));
    $('f-steps').append(item);
    return item;
  }

  function showKinds() {
    const timing = $('f-timing-kind').value;
    const job = $('f-job-kind').value;
    for (const node of document.querySelectorAll('[data-timing]')) {
      node.hidden = !node.dataset.timing.split(' ').includes(timing);
    }
    for (const node of document.querySelectorAll('[data-job]')) {
      node.hidden = node.dataset.job !== job;
    }
    if (job === 'pipeline' && $('f-steps').children.length === 0) {
      addStep();
    }
  }

  class FormError extends Error {
    constructor(message, inputId) {
      super(message);
      this.inputId = inputId;
    }
  }

  const list = (text) => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

  function setOrDrop(object, key, value) {
    if (value === '' || value === null || value === undefined) {
      delete object[key];
    } else {
      object[key] = value;
    }
  }

  function numberOrText(text) {
    return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim();
  }

  // The definition the form describes. An edit starts from the schedule's own definition, so the
  // fields the form does not show (notifications, holidays, output files, ...) are kept.
  function definitionFromForm() {
    const def = state.editing ? structuredClone(state.editing.definition || {}) : {};
    setOrDrop(def, 'description', $('f-description').value.trim());
    const kind = $('f-timing-kind').value;
    const timing = kind === 'kept' ? def.timing : { kind };
    for (const [field, id] of Object.entries(TIMING_FIELDS[kind] || {})) {
      const text = $(id).value.trim();
      if (!text) {
        throw new FormError('Fill in "' + labelOf(id) + '" for this timing.', id);
      }
      timing[field] = field === 'after' ? list(text) : NUMBERS.includes(field) ? numberOrText(text) : text;
    }
    def.timing = timing;
    setOrDrop(def, 'zone', $('f-zone').value.trim());
    def.dependsOn = list($('f-depends-on').value);
    const retries = $('f-max-retries').value.trim();
    def.maxRetries = retries ? numberOrText(retries) : 0;
    setOrDrop(def, 'firstRetryDelay', $('f-retry-delay').value.trim() || 'PT0S');
    setOrDrop(def, 'timeout', $('f-timeout').value.trim());
    def.overlap = $('f-overlap').value;
    def.misfire = $('f-misfire').value;
    def.job = jobFromForm(def.job);
    const masked = maskedPath(def, '');
    if (masked) {
      throw new FormError(
        masked + ' shows *** because the API masks secrets when it reads them: type the real value'
          + ' (saving *** would store ***).');
    }
    return def;
  }

  function jobFromForm(previous) {
    const kind = $('f-job-kind').value;
    const job = previous && previous.kind === kind ? structuredClone(previous) : { kind };
    if (kind === 'command') {
      Object.assign(job, commandFrom($('f-program'), $('f-arguments')));
      setOrDrop(job, 'workingDirectory', $('f-workdir').value.trim());
      const environment = {};
      for (const line of lines($('f-env').value)) {
        const at = line.indexOf('=');
        if (at <= 0) {
          throw new FormError('Environment line "' + line + '" is not NAME=value.', 'f-env');
        }
        environment[line.slice(0, at).trim()] = line.slice(at + 1);
      }
      job.environment = environment;
    } else if (kind === 'pipeline') {
      job.name = job.name || $('f-name').value.trim();
      const items = [...$('f-steps').children];
      if (items.length === 0) {
        throw new FormError('A pipeline needs at least one step.', 'f-add-step');
      }
      job.steps = items.map((item) => {
        const step = item.stepSource ? structuredClone(item.stepSource) : {};
        step.name = item.querySelector('.step-name').value.trim();
        if (!step.name) {
          throw new FormError('Every step needs a name.', item.querySelector('.step-name').id);
        }
        step.continueOnFailure = item.querySelector('.step-continue').checked;
        const command = commandFrom(item.querySelector('.step-program'), item.querySelector('.step-args'));
        step.job = Object.assign(step.job || {}, command);
        return step;
      });
    } else {
      job.jobType = $('f-job-type').value.trim();
      const text = $('f-params').value.trim() || '{}';
      let params;
      try {
        params = JSON.parse(text);
      } catch (e) {
        throw new FormError('The parameters are not valid JSON: ' + e.message, 'f-params');
      }
      if (params === null || typeof params !== 'object' || Array.isArray(params)) {
        throw new FormError('The parameters must be a JSON object, such as {"id": 42}.', 'f-params');
      }
      job.params = params;
    }
    return job;
  }

  function commandFrom(programInput, argumentsInput) {
    const program = programInput.value.trim();
    if (!program) {
      throw new FormError('Fill in the program to run.', programInput.id);
    }
    return { program, arguments: argumentsInput.value.split('\n').filter((line) => line.trim() !== '') };
  }

  // The path of the first value that is the API's mask, e.g. job.environment.DB_PASSWORD.
  function maskedPath(value, path) {
    if (typeof value === 'string') {
      return value.includes('***') ? path || 'a value' : null;
    }
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const found = maskedPath(child, path ? path + '.' + key : key);
        if (found) {
          return found;
        }
      }
    }
    return null;
  }

  function labelOf(id) {
    const label = document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent : id;
  }

  function clearFormError() {
    $('form-error').hidden = true;
    for (const input of $('schedule-form').querySelectorAll('[aria-invalid]')) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-errormessage');
    }
  }

  // The message next to the form; the field it names is marked invalid and gets the focus.
  function showFormError(message, inputId) {
    const box = $('form-error');
    box.textContent = message;
    box.hidden = false;
    let input = inputId ? $(inputId) : null;
    if (!input) {
      input = [...$('schedule-form').querySelectorAll('[data-path]')]
        .filter((node) => !node.closest('[hidden]'))
        .find((node) => message.includes("'" + node.dataset.path + "'")
          || (node.dataset.match && message.toLowerCase().includes(node.dataset.match)));
    }
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', 'form-error');
      const closed = input.closest('details');
      if (closed) {
        closed.open = true;
      }
    }
  }

  async function saveSchedule(event) {
    event.preventDefault();
    clearFormError();
    const name = $('f-name').value.trim();
    if (!name) {
      showFormError('Fill in the name of the schedule.', 'f-name');
      $('f-name').focus();
      return;
    }
    let definition;
    try {
      definition = definitionFromForm();
    } catch (e) {
      if (!(e instanceof FormError)) {
        throw e;
      }
      showFormError(e.message, e.inputId);
      return;
    }
    const save = $('f-save');
    save.disabled = true;
    try {
      const saved = await api('POST', '/api/schedules', { body: { name, definition } });
      const created = !state.editing;
      closeEditorQuietly();
      showMessage((created ? 'Created schedule ' : 'Saved schedule ') + saved.name + '.', 'info');
      await refreshAll();
      const row = [...$('schedules').tBodies[0].rows].find((r) => r.dataset.name === saved.name);
      (row ? row.querySelector('button.link') : $('new-schedule')).focus();
    } catch (e) {
      showFormError(e.message);
    } finally {
      save.disabled = false;
    }
  }

  function closeEditorQuietly() {
    $('editor').hidden = true;
    state.editing = null;
  }

  async function deleteSchedule() {
    const schedule = state.editing;
    if (!schedule || !confirm('Delete the schedule ' + schedule.name + '? Its history is kept.')) {
      return;
    }
    const remove = $('f-delete');
    remove.disabled = true;
    try {
      await api('DELETE', '/api/schedules/' + enc(schedule.name));
      closeEditor();
      showMessage('Deleted schedule ' + schedule.name + '.', 'info');
      if (state.schedule === schedule.name) {
        state.schedule = null;
        $('schedule-detail').hidden = true;
        updateHash();
      }
      await refreshAll();
    } catch (e) {
      showFormError('Deleting ' + schedule.name + ' failed: ' + e.message);
    } finally {
      remove.disabled = false;
    }
  }

  // ---- a schedule's history and chart ----

  function selectSchedule(name) {
    state.schedule = name;
    if (state.view !== 'schedules') {
      showView('schedules');
    }
    updateHash();
    for (const row of $('schedules').tBodies[0].rows) {
      row.classList.toggle('selected', row.dataset.name === name);
    }
    loadHistory()
      .then(() => $('schedule-detail').scrollIntoView({ block: 'nearest' }))
      .catch((e) => showMessage('Loading the history of ' + name + ' failed: ' + e.message));
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
    const schedule = scheduleByName(name);
    const zone = schedule ? schedule.timezone : null;
    $('schedule-detail').hidden = false;
    $('detail-name').textContent = name;
    $('detail-spec').textContent = schedule ? schedule.description : '';
    loadHolidays(name).catch(() => {
      $('detail-holidays').hidden = true;
    });
    fillTable($('history'), runs.map((run) => historyRow(newer(run), zone)));
    $('no-history').hidden = runs.length > 0;
    drawChart(runs.slice().reverse(), zone);
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

  function historyRow(run, zone) {
    const open = button('', { className: 'link', 'data-key': 'run:' + run.runId, title: 'show this run' }, () =>
      selectRun(run.runId));
    open.append(timeEl(run.startedAt, zone));
    const row = el('tr', { 'data-run-id': run.runId, title: 'run ' + run.runId }, [
      el('td', { className: 'nowrap' }, [open]),
      el('td', { text: run.trigger }),
      el('td', { text: String(run.attempt) }),
      el('td', {}, [statusBadge(run)]),
      el('td', { className: 'nowrap', text: runDuration(run) }),
      el('td', { className: 'error-cell' }, [errorEl(run.error)]),
    ]);
    if (run.runId === state.run) {
      row.classList.add('selected');
    }
    row.addEventListener('click', (event) => {
      if (!event.target.closest('details, button')) {
        selectRun(run.runId);
      }
    });
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

  // Bars oldest to newest: height is the duration, colour the outcome. A failed run also shades
  // its whole column, so a failure of 0 ms is as visible as a long one.
  function drawChart(runs, zone) {
    const chart = $('chart');
    const width = 600;
    const height = 170;
    const left = 52;
    const bottom = 20;
    const top = 10;
    const failures = runs.filter((r) => FAILED.includes(r.status)).length;
    const plot = svg('svg', {
      viewBox: `0 0 ${width} ${height}`,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': `duration and outcome of the latest ${runs.length} runs, ${failures} failed`,
    });
    const max = Math.max(1, ...runs.map((r) => r.durationMillis || 0));
    const usable = height - top - bottom;
    plot.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom }));
    plot.append(svg('line', { class: 'axis', x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
    plot.append(svg('text', { x: left - 6, y: top + 10, 'text-anchor': 'end' }, formatDuration(max)));
    plot.append(svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end' }, '0'));
    if (runs.length === 0) {
      plot.append(svg('text', { x: (width + left) / 2, y: height / 2, 'text-anchor': 'middle' }, 'no runs yet'));
    } else {
      plot.append(svg('text', { x: left, y: height - 4 }, formatIn(new Date(runs[0].startedAt), VIEWER_ZONE)));
      plot.append(svg('text', { x: width, y: height - 4, 'text-anchor': 'end' },
        formatIn(new Date(runs[runs.length - 1].startedAt), VIEWER_ZONE)));
    }
    const slot = (width - left - 4) / Math.max(runs.length, 10);
    runs.forEach((run, i) => {
      const x = left + 4 + i * slot;
      const kind = partial(run) ? 'PARTIAL' : run.status;
      if (FAILED.includes(run.status)) {
        plot.append(svg('rect', {
          class: 'fail-band ' + run.status,
          x: x - slot * 0.1,
          y: top,
          width: slot,
          height: usable,
          'data-run-id': run.runId,
        }));
      }
      const h = unfinished(run) ? usable * 0.08 : Math.max(3, (usable * (run.durationMillis || 0)) / max);
      const bar = svg('rect', {
        class: 'bar ' + kind,
        x,
        y: height - bottom - h,
        width: Math.max(1, slot * 0.8),
        height: h,
        'data-run-id': run.runId,
      });
      const when = formatIn(new Date(run.startedAt), VIEWER_ZONE);
      const label = `${partial(run) ? 'SUCCEEDED with failed steps' : run.status} · ${runDuration(run)} · ${when}`;
      bar.append(svg('title', {}, label));
      bar.addEventListener('click', () => selectRun(run.runId));
      plot.append(bar);
    });
    chart.replaceChildren(plot);
  }

  // A history that was read while the shown run still ran does not undo its end.
  function newer(run) {
    const shown = state.shownRun;
    return shown && shown.runId === run.runId && unfinished(run) && !unfinished(shown) ? shown : run;
  }

  // ---- one run, polled while it runs ----

  function selectRun(runId) {
    state.run = runId;
    updateHash();
    for (const row of $('history').tBodies[0].rows) {
      row.classList.toggle('selected', row.dataset.runId === runId);
    }
    clearTimeout(state.runTimer);
    return loadRun(runId);
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
    state.shownRun = run;
    const schedule = scheduleByName(run.scheduleName);
    const zone = schedule ? schedule.timezone : null;
    const listed = [...$('history').tBodies[0].rows].find((row) => row.dataset.runId === runId);
    if (listed && !unfinished(run)) {
      listed.replaceWith(labelled($('history'), historyRow(run, zone)));
    }
    $('run-detail').hidden = false;
    $('run-id').textContent = run.runId;
    $('run-schedule').textContent = run.scheduleName;
    const status = $('run-status');
    status.textContent = partial(run) ? 'SUCCEEDED with failed steps' : run.status;
    status.className = 'badge ' + (partial(run) ? 'PARTIAL' : run.status);
    $('run-trigger').textContent = run.trigger + (run.attempt > 1 ? ' (attempt ' + run.attempt + ')' : '');
    setTime($('run-started'), run.startedAt, zone);
    setTime($('run-finished'), run.finishedAt, zone);
    $('run-duration').textContent = unfinished(run) && run.startedAt
      ? run.status.toLowerCase() + ' for ' + formatElapsed(Date.now() - Date.parse(run.startedAt))
      : runDuration(run);
    $('run-node').textContent = run.node || '–';
    $('run-error').replaceChildren(run.error ? errorEl(run.error) : '–');
    showSteps(run);
    const output = $('run-output');
    const atEnd = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
    output.textContent = run.output || (unfinished(run) ? '(no output yet)' : '(no output)');
    if (atEnd) {
      output.scrollTop = output.scrollHeight;
    }
    $('cancel-run').hidden = !unfinished(run);
    $('retry-run').hidden = !RETRYABLE.includes(run.status);
    if (unfinished(run)) {
      state.polling = true;
      state.runTimer = setTimeout(() => loadRun(runId), RUN_POLL_MS);
    } else if (state.polling) {
      state.polling = false;
      refreshAll(); // the run just ended: its outcome shows in the table and the chart
    }
  }

  // A pipeline run's steps, when the run view has them.
  function showSteps(run) {
    const steps = run.steps || [];
    $('run-steps-box').hidden = steps.length === 0;
    fillTable($('run-steps'), steps.map((step) => el('tr', { 'data-step': step.name }, [
      el('td', { text: step.name }),
      el('td', {}, [badge(step.status)]),
      el('td', { className: 'nowrap', text: formatDuration(step.durationMs) }),
      el('td', { text: step.attempts === undefined ? '–' : String(step.attempts) }),
      el('td', { className: 'error-cell' }, [errorEl(step.error)]),
    ])));
  }

  async function cancelRun(runId, button) {
    button.disabled = true;
    try {
      await api('POST', '/api/runs/' + enc(runId) + '/cancel');
      showMessage('Asked run ' + runId + ' to stop.', 'info');
      if (runId === state.run) {
        clearTimeout(state.runTimer);
        loadRun(runId);
      }
      refreshAll();
    } catch (e) {
      showMessage('Cancelling run ' + runId + ' failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  // A new manual run of the schedule of a run that ended without success.
  async function retryRun(runId, button) {
    button.disabled = true;
    try {
      const started = await api('POST', '/api/runs/' + enc(runId) + '/retry');
      showMessage('Started run ' + started.runId + ' of ' + started.scheduleName + ' again.', 'info');
      if (state.view === 'schedules') {
        state.schedule = started.scheduleName;
        selectRun(started.runId);
      }
      await refreshAll();
    } catch (e) {
      showMessage('Retrying run ' + runId + ' failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  // ---- runs of every schedule, by state ----

  async function loadRuns() {
    const states = $('runs-state').value;
    const query = '?limit=' + RUNS_LIMIT + (states ? '&state=' + enc(states) : '');
    const runs = await api('GET', '/api/runs' + query);
    if (states !== $('runs-state').value) {
      return; // the filter changed meanwhile; its own load shows
    }
    fillTable($('runs'), runs.map(runsRow));
    $('no-runs').hidden = runs.length > 0;
  }

  function runsRow(run) {
    const schedule = scheduleByName(run.scheduleName);
    const zone = schedule ? schedule.timezone : null;
    const of = 'run of ' + run.scheduleName;
    const actions = [
      action('Show', 'show', run.runId, of, 'secondary', () => {
        state.schedule = run.scheduleName;
        showView('schedules');
        selectSchedule(run.scheduleName);
        selectRun(run.runId).then(() => $('run-detail').focus());
      }),
    ];
    if (RETRYABLE.includes(run.status)) {
      actions.push(action('Retry', 'retry', run.runId, of, '', (b) => retryRun(run.runId, b)));
    }
    if (unfinished(run)) {
      actions.push(action('Cancel', 'cancel', run.runId, of, 'danger', (b) => cancelRun(run.runId, b)));
    }
    const props = { 'data-run-id': run.runId, 'data-schedule': run.scheduleName, 'data-status': run.status };
    return el('tr', props, [
      el('td', { className: 'nowrap' }, [timeEl(run.startedAt, zone)]),
      el('td', { className: 'name', text: run.scheduleName }),
      el('td', { text: run.trigger }),
      el('td', {}, [statusBadge(run)]),
      el('td', { className: 'nowrap', text: runDuration(run) }),
      el('td', { className: 'error-cell' }, [errorEl(run.error)]),
      el('td', { className: 'actions' }, actions),
    ]);
  }

  // ---- the dependency graph: layers by depth, upstream on the left ----

  // Edges upstream → downstream from each schedule's `after` list and its definition's dependsOn.
  function dependencyEdges(schedules) {
    const edges = [];
    for (const s of schedules) {
      const after = s.after || [];
      const dependsOn = (s.definition && s.definition.dependsOn) || [];
      for (const upstream of new Set([...after, ...dependsOn])) {
        edges.push({ from: upstream, to: s.name, kind: after.includes(upstream) ? 'after' : 'dependsOn' });
      }
    }
    return edges;
  }

  // Depth = the longest path from a schedule without upstream; a cycle cannot loop forever.
  function layers(names, edges) {
    const depth = new Map(names.map((n) => [n, 0]));
    for (let pass = 0; pass < names.length; pass++) {
      let changed = false;
      for (const e of edges) {
        const d = depth.get(e.from) + 1;
        if (d > depth.get(e.to) && d < names.length) {
          depth.set(e.to, d);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    const columns = [];
    for (const name of [...names].sort()) {
      const d = depth.get(name);
      (columns[d] = columns[d] || []).push(name);
    }
    // Each column in the order of its upstream's rows, so edges cross less.
    const row = new Map();
    columns.forEach((column, d) => {
      if (d > 0) {
        const weight = (name) => {
          const ups = edges.filter((e) => e.to === name && row.has(e.from)).map((e) => row.get(e.from));
          return ups.length ? ups.reduce((a, b) => a + b, 0) / ups.length : Infinity;
        };
        column.sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));
      }
      column.forEach((name, i) => row.set(name, i));
    });
    return columns.filter(Boolean);
  }

  // The failed schedules and everything downstream of them, which their failure holds back.
  function failurePaths(schedules, edges) {
    const failed = schedules.filter((s) => !s.running && FAILED.includes(s.lastOutcome)).map((s) => s.name);
    const held = new Map(); // downstream name -> the failed schedules holding it back
    for (const root of failed) {
      const queue = [root];
      const seen = new Set(queue);
      while (queue.length) {
        const name = queue.shift();
        for (const e of edges.filter((edge) => edge.from === name && !seen.has(edge.to))) {
          seen.add(e.to);
          queue.push(e.to);
          held.set(e.to, [...(held.get(e.to) || []), root]);
        }
      }
    }
    return { failed: new Set(failed), held };
  }

  function drawGraph() {
    const schedules = state.schedules;
    const byName = new Map(schedules.map((s) => [s.name, s]));
    const edges = dependencyEdges(schedules);
    const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
    const names = [...linked];
    const { failed, held } = failurePaths(schedules, edges);
    const box = $('graph');
    const focusKey = box.contains(document.activeElement) ? document.activeElement.dataset.key : null;

    const unlinked = schedules.filter((s) => !linked.has(s.name));
    $('graph-unlinked').replaceChildren(...unlinked.map((s) => el('li', {}, [
      button(s.name, {
        className: 'chip ' + nodeClass(s, false, false),
        'data-key': 'node:' + s.name,
        'aria-label': s.name + ': ' + nodeState(s, [], false),
      }, () => selectSchedule(s.name)),
    ])));
    $('graph-unlinked-box').hidden = unlinked.length === 0;
    $('no-graph').hidden = names.length > 0;

    const notes = [...failed].filter((name) => linked.has(name)).map((name) => {
      const down = [...held.entries()].filter(([, roots]) => roots.includes(name)).map(([d]) => d);
      return name + ' failed' + (down.length ? '; it holds back ' + down.join(', ') : '');
    });
    $('graph-failures').textContent = notes.join('. ');
    $('graph-failures').hidden = notes.length === 0;

    if (names.length === 0) {
      box.replaceChildren();
      return;
    }
    const columns = layers(names, edges);
    const W = 200;
    const H = 48;
    const GAP_X = 70;
    const GAP_Y = 20;
    const PAD = 10;
    const width = PAD * 2 + columns.length * W + (columns.length - 1) * GAP_X;
    const height = PAD * 2 + Math.max(...columns.map((c) => c.length)) * (H + GAP_Y) - GAP_Y;
    const at = new Map();
    columns.forEach((column, d) => column.forEach((name, i) => at.set(name, {
      x: PAD + d * (W + GAP_X),
      y: PAD + i * (H + GAP_Y),
    })));
    const plot = svg('svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
      'aria-label': `dependency graph of ${names.length} schedules, upstream on the left`,
    });
    const defs = svg('defs');
    for (const [id, cls] of [['arrow', 'arrow'], ['arrow-failed', 'arrow failed-path']]) {
      const marker = svg('marker', {
        id,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 9,
        markerHeight: 9,
        markerUnits: 'userSpaceOnUse',
        orient: 'auto',
      });
      marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }));
      defs.append(marker);
    }
    plot.append(defs);
    for (const e of edges) {
      const a = at.get(e.from);
      const b = at.get(e.to);
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x;
      const y2 = b.y + H / 2;
      const onPath = (failed.has(e.from) || held.has(e.from)) && held.has(e.to);
      const mid = (x1 + x2) / 2;
      const d = x2 > x1
        ? `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`
        : `M ${x1} ${y1} C ${x1 + 40} ${y1 - 60}, ${x2 - 40} ${y2 - 60}, ${x2} ${y2}`; // a cycle's back edge
      const path = svg('path', {
        d,
        class: 'edge ' + e.kind + (onPath ? ' failed-path' : ''),
        'marker-end': onPath ? 'url(#arrow-failed)' : 'url(#arrow)',
        'data-from': e.from,
        'data-to': e.to,
      });
      path.append(svg('title', {}, `${e.from} → ${e.to} (${e.kind})`));
      plot.append(path);
    }
    for (const name of names) {
      const s = byName.get(name);
      const p = at.get(name);
      const holders = held.get(name) || [];
      const isFailed = failed.has(name);
      const text = nodeState(s, holders, isFailed);
      const g = svg('g', {
        class: 'node ' + nodeClass(s, isFailed, holders.length > 0),
        transform: `translate(${p.x}, ${p.y})`,
        tabindex: s ? 0 : -1,
        role: s ? 'button' : 'img',
        'aria-label': name + ': ' + text,
        'data-name': name,
        'data-key': 'node:' + name,
        'data-x': p.x,
      });
      g.append(svg('rect', { width: W, height: H, rx: 8 }));
      g.append(svg('text', { x: 10, y: 19, class: 'node-name' }, name.length > 22 ? name.slice(0, 21) + '…' : name));
      const holding = [...held.values()].filter((roots) => roots.includes(name)).length;
      const line = svg('text', { x: 10, y: 37, class: 'node-state' }, shortState(s, holders, isFailed, holding, text));
      if (s && s.running && s.runningSince) {
        line.setAttribute('data-since', s.runningSince);
        line.setAttribute('data-prefix', 'running ');
      }
      g.append(line);
      g.append(svg('title', {}, name + ': ' + text));
      if (s) {
        g.addEventListener('click', () => selectSchedule(name));
        g.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            selectSchedule(name);
          }
        });
      }
      plot.append(g);
    }
    box.replaceChildren(plot);
    refocus(box, focusKey);
  }

  // What fits in a node; its title and label have the whole text.
  function shortState(s, holders, isFailed, heldCount, text) {
    let short = text;
    if (s && !s.running && holders.length) {
      short = 'held back by ' + holders.join(', ');
    } else if (s && !s.running && isFailed) {
      short = s.lastOutcome + ' · holds back ' + heldCount;
    }
    return short.length > 31 ? short.slice(0, 30) + '…' : short;
  }

  function nodeClass(s, isFailed, isHeld) {
    if (!s) {
      return 'missing';
    }
    const outcome = s.running ? 'RUNNING' : s.lastOutcome || 'none';
    return outcome + (isFailed ? ' failed-root' : '') + (isHeld ? ' held' : '');
  }

  function nodeState(s, holders, isFailed) {
    if (!s) {
      return 'not registered';
    }
    if (s.running) {
      return 'running' + (s.runningSince ? ' for ' + formatElapsed(Date.now() - Date.parse(s.runningSince)) : '');
    }
    const last = s.lastOutcome ? s.lastOutcome : 'never ran';
    if (holders.length) {
      return last + ' · held back by ' + holders.join(', ');
    }
    return isFailed ? last + ' · holds back its downstream' : last + (s.enabled ? '' : ' · disabled');
  }

  // Running times tick every second without asking the server.
  function tick() {
    for (const node of document.querySelectorAll('.elapsed[data-since]')) {
      tickElapsed(node);
    }
    for (const node of document.querySelectorAll('text[data-since]')) {
      node.textContent = node.dataset.prefix + 'for ' + formatElapsed(Date.now() - Date.parse(node.dataset.since));
    }
  }

  // ---- page state in the address, refresh ----

  function updateHash() {
    const parts = [];
    if (state.view !== 'schedules') {
      parts.push('view=' + enc(state.view));
    }
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
    state.view = VIEWS.includes(params.get('view')) ? params.get('view') : 'schedules';
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
        if (state.view === 'schedules') {
          await loadHistory();
        } else if (state.view === 'graph') {
          drawGraph();
        } else {
          await loadRuns();
        }
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

  function listZones() {
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    $('zone-names').replaceChildren(...zones.map((zone) => el('option', { value: zone })));
  }

  function start() {
    takeTokenFromAddress();
    $('viewer-zone').textContent = 'Times in your zone, ' + VIEWER_ZONE + '; hover for the schedule\'s.';
    $('token-button').addEventListener('click', () =>
      askToken('Enter the bearer token for changes (kept for this tab only).'));
    $('cancel-run').addEventListener('click', () => cancelRun(state.run, $('cancel-run')));
    $('retry-run').addEventListener('click', () => retryRun(state.run, $('retry-run')));
    for (const nav of document.querySelectorAll('nav.views button')) {
      nav.addEventListener('click', () => showView(nav.dataset.view, true));
    }
    $('new-schedule').addEventListener('click', () => openEditor(null));
    $('schedule-form').addEventListener('submit', saveSchedule);
    $('f-cancel').addEventListener('click', () => closeEditor());
    $('f-delete').addEventListener('click', deleteSchedule);
    $('f-add-step').addEventListener('click', () => addStep().querySelector('input').focus());
    $('f-timing-kind').addEventListener('change', showKinds);
    $('f-job-kind').addEventListener('change', showKinds);
    $('editor').addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        closeEditor();
      }
    });
    $('runs-state').addEventListener('change', () => {
      updateHash();
      loadRuns().catch((e) => showMessage('Loading the runs failed: ' + e.message));
    });
    listZones();
    readHash();
    showView(state.view);
    if (state.run) {
      loadRun(state.run);
    }
    setInterval(refreshAll, REFRESH_MS);
    setInterval(tick, 1000);
  }

  start();
})();
