// MT5 Trading DB web console: reads only the public API with the key kept in this tab's sessionStorage.
// The chart is Apache ECharts, unpacked from its WebJar at build time (pom.xml, maven-dependency-plugin).
import * as echarts from '/vendor/echarts/echarts.esm.min.js';

const KEY_STORE = 'mt5db.apiKey';
const params = new URLSearchParams(location.search);
// Bars asked for when a series opens, and again per "load older" step; rows per /candles request.
const WINDOW_BARS = clampInt(params.get('bars'), 500, 10, 5000);
const PAGE_LIMIT = clampInt(params.get('page'), 1000, 10, 100000);
const STATUS_EVERY_MS = 10000;
const RENDER_DELAY_MS = 150;
const TIMEFRAME_SECONDS = { M1: 60, M5: 300, M15: 900, M30: 1800, H1: 3600, H4: 14400, D1: 86400, W1: 604800, MN1: 2678400 };

const $ = (id) => document.getElementById(id);
const el = {
  keyForm: $('key-form'), keyInput: $('api-key'), keySet: $('key-set'), forget: $('forget-key'),
  main: $('console'), symbol: $('symbol'), timeframe: $('timeframe'), message: $('message'), live: $('live'),
  chart: $('chart'), tableView: $('table-view'), toggleTable: $('toggle-table'), tbody: document.querySelector('#bars-table tbody'),
  caption: $('bars-caption'), loadOlder: $('load-older'), signalList: $('signal-list'),
  health: $('st-health'), rate: $('st-rate'), jobs: $('st-jobs'), model: $('st-model'),
  lastData: document.querySelector('#last-data tbody'),
};

let key = sessionStorage.getItem(KEY_STORE);
let chart = null;
let symbols = new Map();          // symbol -> /symbols item
let series = null;                // { symbol, timeframe, digits, firstTs }
let bars = [];                    // ascending by time; each a /candles item plus t (epoch ms)
let signals = new Map();          // id -> signal
let view = { start: 0, end: -1 }; // visible bar indexes, inclusive
let loadGeneration = 0;           // bumps on every series change; late answers of an older one are dropped
let olderLoading = false;
let renderTimer = null;
let stream = { generation: 0, abort: null, lastEventId: null };
let previousStats = null;

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

function clampInt(text, fallback, min, max) {
  const n = Number.parseInt(text ?? '', 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

async function api(path) {
  const response = await fetch(path, { headers: { 'X-API-Key': key, Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch (ignored) { /* not problem+json */ }
    if (response.status === 401) {
      lock(`The key was refused: ${detail}`);
    }
    throw new ApiError(response.status, detail);
  }
  return response.json();
}

function say(text, isError = false) {
  el.message.textContent = text;
  el.message.classList.toggle('error', isError);
}

// ---- key ------------------------------------------------------------------------------------------

function lock(reason) {
  key = null;
  sessionStorage.removeItem(KEY_STORE);
  stopStream();
  el.main.hidden = true;
  el.keySet.hidden = true;
  el.keyForm.hidden = false;
  document.body.dataset.state = 'locked';
  if (reason) {
    el.keyForm.querySelector('.help').textContent = reason;
  }
  el.keyInput.focus();
}

el.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = el.keyInput.value.trim();
  if (!value) {
    return;
  }
  key = value;
  sessionStorage.setItem(KEY_STORE, key);
  el.keyInput.value = '';
  start();
});

el.forget.addEventListener('click', () => lock('Key forgotten. Paste a key to continue.'));

// ---- start and series -----------------------------------------------------------------------------

async function start() {
  el.keyForm.hidden = true;
  el.keySet.hidden = false;
  el.main.hidden = false;
  document.body.dataset.state = 'loading';
  if (!chart) {
    chart = echarts.init(el.chart, null, { renderer: 'canvas' });
    chart.on('datazoom', onZoom);
    window.addEventListener('resize', () => chart.resize());
  }
  try {
    await loadSymbols();
  } catch (e) {
    if (key) {
      say(`Could not list the symbols: ${e.message}`, true);
      document.body.dataset.state = 'error';
    }
    return;
  }
  refreshStatus();
  openSeries();
}

async function loadSymbols() {
  const all = new Map();
  let cursor = null;
  do {
    const page = await api(`/symbols?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const item of page.items) {
      all.set(item.symbol, item);
    }
    cursor = page.next_cursor;
  } while (cursor);
  symbols = all;
  const wanted = params.get('symbol') || el.symbol.value || [...all.keys()][0] || '';
  el.symbol.replaceChildren(...[...all.keys()].sort().map((name) => new Option(name, name)));
  if (wanted && !all.has(wanted)) {
    el.symbol.add(new Option(wanted, wanted));
  }
  el.symbol.value = wanted;
  const timeframe = (params.get('timeframe') || el.timeframe.value || 'M1').toUpperCase();
  if (TIMEFRAME_SECONDS[timeframe]) {
    el.timeframe.value = timeframe;
  }
  markTimeframesWithData();
}

/** Timeframes without stored bars stay selectable (the stream may fill them) but say so. */
function markTimeframesWithData() {
  const info = symbols.get(el.symbol.value);
  const present = new Set((info?.series || []).filter((s) => s.count > 0).map((s) => s.timeframe));
  for (const option of el.timeframe.options) {
    option.textContent = present.has(option.value) || !info ? option.value : `${option.value} (no data)`;
  }
}

let seriesTimer = null;
function onSeriesPicked() {
  // Arrow keys on a closed select fire change at each step: wait until the choice settles.
  clearTimeout(seriesTimer);
  markTimeframesWithData();
  seriesTimer = setTimeout(openSeries, 300);
}
el.symbol.addEventListener('change', onSeriesPicked);
el.timeframe.addEventListener('change', onSeriesPicked);

async function openSeries() {
  const symbol = el.symbol.value;
  const timeframe = el.timeframe.value;
  const generation = ++loadGeneration;
  const url = new URL(location.href);
  url.searchParams.set('symbol', symbol);
  url.searchParams.set('timeframe', timeframe);
  history.replaceState(null, '', url);
  stopStream();
  bars = [];
  signals = new Map();
  view = { start: 0, end: -1 };
  if (!symbol) {
    say('No symbol is stored yet: post candles or ticks first.');
    document.body.dataset.state = 'ready';
    render();
    return;
  }
  const info = symbols.get(symbol);
  const seriesInfo = (info?.series || []).find((s) => s.timeframe === timeframe);
  series = {
    symbol, timeframe,
    digits: info?.digits ?? 5,
    firstTs: seriesInfo?.first_ts ? Date.parse(seriesInfo.first_ts) : null,
    lastTs: seriesInfo?.last_ts ? Date.parse(seriesInfo.last_ts) : null,
  };
  document.body.dataset.state = 'loading';
  say(`Loading ${symbol} ${timeframe}…`);
  try {
    if (series.lastTs !== null) {
      const step = TIMEFRAME_SECONDS[timeframe] * 1000;
      const loaded = await fetchCandles(series.lastTs - (WINDOW_BARS - 1) * step, series.lastTs + step, generation);
      if (generation !== loadGeneration) {
        return;
      }
      bars = loaded;
    }
    await loadSignals(generation);
    if (generation !== loadGeneration) {
      return;
    }
    view = { start: Math.max(0, bars.length - 150), end: bars.length - 1 };
    say([bars.length ? '' : `No ${timeframe} bar of ${symbol} is stored yet; new bars appear live.`, signalNote]
      .filter(Boolean).join(' '));
    render();
    document.body.dataset.state = 'ready';
    startStream(generation);
    refreshModel();
  } catch (e) {
    if (generation === loadGeneration && key) {
      bars = [];
      render();
      say(`Could not load ${symbol} ${timeframe}: ${e.message}`, true);
      document.body.dataset.state = 'error';
    }
  }
}

/** Every bar in [from, to), following next_cursor page by page. */
async function fetchCandles(fromMs, toMs, generation) {
  const out = [];
  let from = new Date(Math.max(0, fromMs)).toISOString();
  const to = new Date(toMs).toISOString();
  while (from && generation === loadGeneration) {
    const page = await api(`/candles?symbol=${encodeURIComponent(series.symbol)}&timeframe=${series.timeframe}`
      + `&indicators=true&limit=${PAGE_LIMIT}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    for (const item of page.items) {
      out.push(withTime(item));
    }
    from = page.next_cursor;
  }
  return out;
}

function withTime(item) {
  return { ...item, t: Date.parse(item.ts) };
}

function hasOlder() {
  return bars.length > 0 && series?.firstTs !== null && bars[0].t > series.firstTs;
}

/** One more window of history before the oldest loaded bar, skipping empty stretches (weekends). */
async function loadOlder() {
  if (olderLoading || !hasOlder()) {
    return;
  }
  olderLoading = true;
  el.loadOlder.disabled = true;
  const generation = loadGeneration;
  const step = TIMEFRAME_SECONDS[series.timeframe] * 1000;
  try {
    let to = bars[0].t;
    let older = [];
    while (older.length === 0 && to > series.firstTs && generation === loadGeneration) {
      const from = Math.max(series.firstTs, to - WINDOW_BARS * step);
      older = await fetchCandles(from, to, generation);
      to = from;
    }
    if (generation !== loadGeneration || older.length === 0) {
      return;
    }
    bars = older.concat(bars);
    view = { start: view.start + older.length, end: view.end + older.length };
    view.start = Math.max(0, view.start - Math.min(older.length, view.end - view.start + 1));
    await loadSignals(generation);
    say(`Loaded ${older.length} older bars.`);
    render();
  } catch (e) {
    say(`Could not load older bars: ${e.message}`, true);
  } finally {
    olderLoading = false;
    updateControls();
  }
}
el.loadOlder.addEventListener('click', loadOlder);

let signalNote = '';
async function loadSignals(generation) {
  signalNote = '';
  try {
    const page = await api(`/signals?symbol=${encodeURIComponent(series.symbol)}&timeframe=${series.timeframe}&limit=1000`);
    if (generation !== loadGeneration) {
      return;
    }
    for (const item of page.items) {
      signals.set(item.id, { ...signals.get(item.id), ...item });
    }
  } catch (e) {
    if (e.status === 403) {
      signalNote = 'This key lacks the signals scope: only signals arriving live are shown.';
    } else {
      throw e;
    }
  }
}

// ---- chart ----------------------------------------------------------------------------------------

function scheduleRender() {
  if (!renderTimer) {
    renderTimer = setTimeout(() => {
      renderTimer = null;
      render();
    }, RENDER_DELAY_MS);
  }
}

function timeLabel(t) {
  const iso = new Date(t).toISOString();
  const seconds = TIMEFRAME_SECONDS[series?.timeframe] || 60;
  return seconds >= 86400 ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function barIndexAt(t) {
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].t === t) {
      return mid;
    }
    if (bars[mid].t < t) {
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return -(lo + 1);
}

/** The bar a signal belongs to: its bar_ts, else its creation time floored to the timeframe. */
function signalBar(signal) {
  if (signal.bar_ts) {
    return barIndexAt(Date.parse(signal.bar_ts));
  }
  const step = TIMEFRAME_SECONDS[series.timeframe] * 1000;
  const created = Date.parse(signal.created_at);
  return Number.isFinite(created) ? barIndexAt(created - (created % step)) : -1;
}

function signalMarkers() {
  const markers = [];
  for (const s of signals.values()) {
    const index = signalBar(s);
    if (index < 0 || (s.side !== 'BUY' && s.side !== 'SELL' && s.side !== 'CLOSE')) {
      continue;
    }
    const bar = bars[index];
    const buy = s.side === 'BUY';
    markers.push({
      value: [index, buy ? bar.low : bar.high],
      name: `${s.side} ${s.status ?? ''}`.trim(),
      symbol: s.side === 'CLOSE' ? 'diamond' : 'triangle',
      symbolRotate: buy ? 0 : 180,
      symbolOffset: [0, buy ? 12 : -12],
      itemStyle: { color: buy ? '#0b7a3b' : s.side === 'SELL' ? '#b3261e' : '#5b3fa8', opacity: s.status === 'ACTIVE' ? 1 : 0.55 },
      label: { show: true, position: buy ? 'bottom' : 'top', formatter: `${s.side} · ${s.status ?? ''}`, color: '#1b1f24', fontSize: 11 },
    });
  }
  return markers;
}

function column(name) {
  return bars.map((b) => (b[name] ?? '-'));
}

function render() {
  if (!chart) {
    return;
  }
  const labels = bars.map((b) => timeLabel(b.t));
  const markers = series ? signalMarkers() : [];
  const digits = series?.digits ?? 5;
  const axes = [0, 1, 2, 3];
  const xAxis = axes.map((i) => ({
    type: 'category', gridIndex: i, data: labels, boundaryGap: true,
    axisLabel: { show: i === 3, color: '#4a5560' }, axisTick: { show: i === 3 }, axisLine: { lineStyle: { color: '#8a949e' } },
  }));
  const yAxis = [
    { gridIndex: 0, scale: true, axisLabel: { color: '#4a5560', formatter: (v) => v.toFixed(digits) }, splitLine: { lineStyle: { color: '#eceff2' } } },
    { gridIndex: 1, min: 0, splitNumber: 2, axisLabel: { color: '#4a5560' }, splitLine: { show: false } },
    { gridIndex: 2, min: 0, max: 100, interval: 50, axisLabel: { color: '#4a5560' }, splitLine: { show: false } },
    { gridIndex: 3, scale: true, splitNumber: 2, axisLabel: { color: '#4a5560' }, splitLine: { show: false } },
  ];
  const start = Math.max(0, view.start);
  const end = view.end < 0 ? bars.length - 1 : Math.min(view.end, bars.length - 1);
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    legend: { top: 0, textStyle: { color: '#1b1f24' }, data: ['Price', 'BB upper', 'BB middle', 'BB lower', 'Signals', 'RSI', 'MACD', 'MACD signal'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'cross' } },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 70, right: 20, top: 30, height: '46%' },
      { left: 70, right: 20, top: '55%', height: '9%' },
      { left: 70, right: 20, top: '67%', height: '10%' },
      { left: 70, right: 20, top: '80%', height: '10%' },
    ],
    xAxis, yAxis,
    dataZoom: [
      { type: 'inside', xAxisIndex: axes, startValue: start, endValue: end },
      { type: 'slider', xAxisIndex: axes, startValue: start, endValue: end, bottom: 4, height: 18 },
    ],
    series: [
      {
        name: 'Price', type: 'candlestick', xAxisIndex: 0, yAxisIndex: 0,
        data: bars.map((b) => [b.open, b.close, b.low, b.high]),
        itemStyle: { color: '#0b7a3b', color0: '#b3261e', borderColor: '#0b7a3b', borderColor0: '#b3261e' },
      },
      { name: 'BB upper', type: 'line', data: column('bb_upper'), showSymbol: false, lineStyle: { width: 1, color: '#0b5cad' }, itemStyle: { color: '#0b5cad' } },
      { name: 'BB middle', type: 'line', data: column('bb_middle'), showSymbol: false, lineStyle: { width: 1, type: 'dashed', color: '#6b7680' }, itemStyle: { color: '#6b7680' } },
      { name: 'BB lower', type: 'line', data: column('bb_lower'), showSymbol: false, lineStyle: { width: 1, color: '#0b5cad' }, itemStyle: { color: '#0b5cad' } },
      { name: 'Signals', type: 'scatter', xAxisIndex: 0, yAxisIndex: 0, data: markers, symbolSize: 14, z: 5 },
      {
        name: 'Volume', type: 'bar', xAxisIndex: 1, yAxisIndex: 1,
        data: bars.map((b) => ({ value: b.volume ?? 0, itemStyle: { color: b.close >= b.open ? '#7fbf9a' : '#e09890' } })),
      },
      {
        name: 'RSI', type: 'line', xAxisIndex: 2, yAxisIndex: 2, data: column('rsi'), showSymbol: false,
        lineStyle: { width: 1.2, color: '#7a3fb0' }, itemStyle: { color: '#7a3fb0' },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#8a949e', type: 'dotted' }, label: { color: '#4a5560' }, data: [{ yAxis: 30 }, { yAxis: 70 }] },
      },
      { name: 'MACD', type: 'line', xAxisIndex: 3, yAxisIndex: 3, data: column('macd'), showSymbol: false, lineStyle: { width: 1.2, color: '#0b5cad' }, itemStyle: { color: '#0b5cad' } },
      { name: 'MACD signal', type: 'line', xAxisIndex: 3, yAxisIndex: 3, data: column('macd_signal'), showSymbol: false, lineStyle: { width: 1.2, color: '#c25e00' }, itemStyle: { color: '#c25e00' } },
      {
        name: 'MACD histogram', type: 'bar', xAxisIndex: 3, yAxisIndex: 3,
        data: bars.map((b) => ({ value: b.macd_hist ?? '-', itemStyle: { color: (b.macd_hist ?? 0) >= 0 ? '#7fbf9a' : '#e09890' } })),
      },
    ],
  }, { replaceMerge: ['series', 'dataZoom'] });
  view = { start, end };
  el.chart.dataset.barCount = String(bars.length);
  el.chart.dataset.signalMarkers = String(markers.length);
  el.chart.dataset.lastTs = bars.length ? bars[bars.length - 1].ts : '';
  el.chart.setAttribute('aria-label', series
    ? `${series.symbol} ${series.timeframe}: ${bars.length} bars loaded, ${markers.length} signal markers`
    : 'No series');
  renderSignalList();
  updateVisible();
}

/** The wheel, drag and slider report percents of the axis; our own actions bar indexes. */
function onZoom(params) {
  const range = params.batch ? params.batch[0] : params;
  const last = Math.max(0, bars.length - 1);
  const start = Number.isFinite(range.startValue) ? range.startValue : Math.round((range.start / 100) * last);
  const end = Number.isFinite(range.endValue) ? range.endValue : Math.round((range.end / 100) * last);
  view = { start: Math.max(0, start), end: Math.min(last, end) };
  updateVisible();
  if (start === 0 && hasOlder()) {
    loadOlder();
  }
}

function zoomTo(start, end) {
  const last = bars.length - 1;
  if (last < 0) {
    return;
  }
  const width = Math.max(4, end - start);
  start = Math.max(0, Math.min(start, last - width));
  end = Math.min(last, start + width);
  chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, startValue: start, endValue: end });
}

function pan(fraction) {
  const width = view.end - view.start;
  const shift = Math.max(1, Math.round(width * Math.abs(fraction))) * Math.sign(fraction);
  if (view.start + shift < 0 && hasOlder()) {
    loadOlder();
  }
  zoomTo(view.start + shift, view.end + shift);
}

function zoom(factor) {
  const width = view.end - view.start;
  const newWidth = Math.max(4, Math.round(width * factor));
  zoomTo(view.end - newWidth, view.end);
}

$('pan-left').addEventListener('click', () => pan(-0.25));
$('pan-right').addEventListener('click', () => pan(0.25));
$('zoom-in').addEventListener('click', () => zoom(0.5));
$('zoom-out').addEventListener('click', () => zoom(2));
el.chart.addEventListener('keydown', (event) => {
  const actions = {
    ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), '+': () => zoom(0.5), '=': () => zoom(0.5),
    '-': () => zoom(2), Home: () => zoomTo(0, view.end - view.start), End: () => zoomTo(bars.length - 1 - (view.end - view.start), bars.length - 1),
  };
  if (actions[event.key]) {
    event.preventDefault();
    actions[event.key]();
  }
});

function updateControls() {
  el.loadOlder.disabled = olderLoading || !hasOlder();
}

function updateVisible() {
  const count = bars.length ? view.end - view.start + 1 : 0;
  el.chart.dataset.visibleCount = String(count);
  updateControls();
  if (!el.tableView.hidden) {
    renderTable();
  }
}

function format(value, digits) {
  return value === null || value === undefined ? '' : Number(value).toFixed(digits);
}

function renderTable() {
  const digits = series?.digits ?? 5;
  const rows = [];
  for (let i = view.start; i <= view.end && i < bars.length; i++) {
    const b = bars[i];
    const cells = [b.ts, format(b.open, digits), format(b.high, digits), format(b.low, digits), format(b.close, digits),
      String(b.volume ?? ''), format(b.rsi, 2), format(b.macd, digits + 1), format(b.macd_signal, digits + 1),
      format(b.bb_upper, digits), format(b.bb_lower, digits), b.closed === false ? 'no' : 'yes'];
    const tr = document.createElement('tr');
    tr.dataset.ts = b.ts;
    cells.forEach((text, c) => {
      const cell = document.createElement(c === 0 ? 'th' : 'td');
      if (c === 0) {
        cell.scope = 'row';
      }
      cell.textContent = text;
      tr.appendChild(cell);
    });
    rows.push(tr);
  }
  el.tbody.replaceChildren(...rows);
  el.caption.textContent = series ? `${series.symbol} ${series.timeframe}: ${rows.length} visible bars` : 'Visible bars';
}

el.toggleTable.addEventListener('click', () => {
  const show = el.tableView.hidden;
  el.tableView.hidden = !show;
  el.toggleTable.setAttribute('aria-expanded', String(show));
  el.toggleTable.textContent = show ? 'Hide table of visible bars' : 'Show table of visible bars';
  if (show) {
    renderTable();
  }
});

function renderSignalList() {
  const items = [...signals.values()].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || '')).slice(0, 50);
  el.signalList.replaceChildren(...items.map((s) => {
    const li = document.createElement('li');
    li.dataset.signalId = s.id;
    const side = document.createElement('span');
    side.className = `side-${s.side}`;
    side.textContent = s.side;
    const confidence = s.confidence !== null && s.confidence !== undefined ? `, confidence ${Number(s.confidence).toFixed(2)}` : '';
    const delivery = s.delivery_status || s.delivery?.status;
    li.append(side, ` ${s.status ?? ''}${delivery ? ` (delivery ${delivery})` : ''} · bar ${s.bar_ts ?? '–'}`
      + ` · created ${s.created_at ?? '–'}${confidence}`);
    return li;
  }));
  if (!items.length) {
    const li = document.createElement('li');
    li.textContent = 'None.';
    el.signalList.replaceChildren(li);
  }
}

// ---- live stream (fetch + a Server-Sent Events parser: EventSource cannot send the key header) -------

function setLive(state, text) {
  el.live.dataset.live = state;
  el.live.textContent = `live: ${text || state}`;
}

function stopStream() {
  stream.generation++;
  if (stream.abort) {
    stream.abort.abort();
    stream.abort = null;
  }
  stream.lastEventId = null;
  setLive('off');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startStream(loadGen) {
  const generation = ++stream.generation;
  const url = `/stream?symbols=${encodeURIComponent(series.symbol)}&timeframes=${series.timeframe}&types=candle,signal,model`;
  let backoff = 1000;
  while (generation === stream.generation && key) {
    const controller = new AbortController();
    stream.abort = controller;
    try {
      const headers = { 'X-API-Key': key, Accept: 'text/event-stream' };
      if (stream.lastEventId) {
        headers['Last-Event-ID'] = stream.lastEventId;
      }
      setLive('connecting', 'connecting…');
      const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401 || response.status === 403) {
        setLive('denied', `refused (${response.status})`);
        return;
      }
      if (response.status === 404) {
        setLive('unavailable', 'this server has no /stream');
        await sleep(30000);
        continue;
      }
      if (!response.ok || !response.body) {
        throw new Error(`HTTP ${response.status}`);
      }
      setLive('connected');
      backoff = 1000;
      await readEvents(response.body, (event) => {
        if (generation === stream.generation && loadGen === loadGeneration) {
          onStreamEvent(event);
        }
      }, (retry) => { backoff = retry; });
    } catch (e) {
      if (controller.signal.aborted || generation !== stream.generation) {
        return;
      }
    }
    if (generation !== stream.generation) {
      return;
    }
    setLive('reconnecting', 'reconnecting…');
    await sleep(backoff);
    backoff = Math.min(backoff * 2, 15000);
  }
}

/** Parses text/event-stream (the WHATWG rules: fields, multi-line data, comments, id, retry). */
async function readEvents(body, dispatch, onRetry) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: '', data: [], id: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (event.id !== null) {
          stream.lastEventId = event.id;
        }
        if (event.data.length) {
          dispatch({ type: event.type || 'message', data: event.data.join('\n'), id: event.id ?? stream.lastEventId });
        }
        event = { type: '', data: [], id: null };
        continue;
      }
      if (line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let text = colon < 0 ? '' : line.slice(colon + 1);
      if (text.startsWith(' ')) {
        text = text.slice(1);
      }
      if (field === 'event') {
        event.type = text;
      } else if (field === 'data') {
        event.data.push(text);
      } else if (field === 'id' && !text.includes('\0')) {
        event.id = text;
      } else if (field === 'retry' && /^\d+$/.test(text)) {
        onRetry(Number(text));
      }
    }
  }
}

function onStreamEvent(event) {
  let data;
  try {
    data = JSON.parse(event.data);
  } catch (e) {
    return;
  }
  switch (event.type) {
    case 'candle':
      if (data.symbol === series.symbol && data.timeframe === series.timeframe) {
        upsertBar(withTime(data));
      }
      break;
    case 'signal':
      if (data.symbol === series.symbol && data.timeframe === series.timeframe) {
        signals.set(data.id, { ...signals.get(data.id), ...data });
        scheduleRender();
      }
      break;
    case 'model':
      refreshModel();
      break;
    case 'heartbeat':
      setLive('connected', `connected (${new Date().toISOString().slice(11, 19)} UTC)`);
      break;
    case 'reset':
      // The server could not resume from our last id: reload what the stream may have missed.
      say('The live stream restarted from now; history reloaded.');
      reloadKeepingStream();
      break;
    case 'dropped':
      setLive('reconnecting', 'dropped by the server, resuming…');
      break;
    default:
      break;
  }
}

function upsertBar(bar) {
  const index = barIndexAt(bar.t);
  if (index >= 0) {
    bars[index] = bar;
  } else {
    const at = -index - 1;
    if (at === 0 && bars.length && hasOlder()) {
      return; // before the loaded history: it appears when that history is loaded
    }
    const following = view.end >= bars.length - 1;
    bars.splice(at, 0, bar);
    if (bars.length === 1) {
      view = { start: 0, end: 0 };
    } else if (at <= view.start) {
      view = { start: view.start + 1, end: view.end + 1 };
    } else if (following) {
      // Following the newest bar: keep the window's width and move it along.
      const width = view.end - view.start;
      view = { end: bars.length - 1, start: Math.max(0, bars.length - 1 - width) };
    }
  }
  if (series.firstTs === null || bar.t < series.firstTs) {
    series.firstTs = bar.t;
  }
  scheduleRender();
}

async function reloadKeepingStream() {
  const generation = loadGeneration;
  if (!bars.length) {
    return;
  }
  const step = TIMEFRAME_SECONDS[series.timeframe] * 1000;
  try {
    const fresh = await fetchCandles(bars[0].t, Date.now() + step, generation);
    if (generation === loadGeneration) {
      fresh.forEach(upsertBar);
      await loadSignals(generation);
      scheduleRender();
    }
  } catch (e) {
    say(`Could not reload: ${e.message}`, true);
  }
}

// ---- status strip -------------------------------------------------------------------------------

function age(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) {
    return `${s} s`;
  }
  if (s < 7200) {
    return `${Math.round(s / 60)} min`;
  }
  if (s < 172800) {
    return `${Math.round(s / 3600)} h`;
  }
  return `${Math.round(s / 86400)} d`;
}

async function refreshStatus() {
  if (!key) {
    return;
  }
  await Promise.allSettled([refreshHealth(), refreshStats(), refreshLastData()]);
}

async function refreshHealth() {
  try {
    const response = await fetch('/health', { cache: 'no-store', headers: { Accept: 'application/json' } });
    const health = await response.json();
    el.health.textContent = health.status;
  } catch (e) {
    el.health.textContent = `unreachable (${e.message})`;
  }
}

async function refreshStats() {
  try {
    const stats = await api('/stats');
    const now = { at: Date.parse(stats.generated_at), candles: stats.candles_total, ticks: stats.ticks?.estimate ?? 0 };
    const parts = [];
    if (previousStats && now.at > previousStats.at) {
      const seconds = (now.at - previousStats.at) / 1000;
      parts.push(`${Math.max(0, (now.candles - previousStats.candles) / seconds).toFixed(1)} candles/s`);
      parts.push(`~${Math.max(0, Math.round((now.ticks - previousStats.ticks) / seconds))} ticks/s (estimate)`);
    } else {
      parts.push('measuring…');
    }
    if (stats.last_received_at) {
      parts.push(`last ingest ${age(Date.now() - Date.parse(stats.last_received_at))} ago`);
    }
    previousStats = now;
    el.rate.textContent = parts.join(' · ');
    el.jobs.textContent = (stats.jobs || []).map((j) => `${j.job} ${j.pending ? `${Number(j.lag_seconds ?? 0).toFixed(1)} s` : 'idle'}`)
      .join(' · ') || 'no jobs';
  } catch (e) {
    el.rate.textContent = el.jobs.textContent = `unavailable (${e.message})`;
  }
}

async function refreshLastData() {
  try {
    await loadSymbolsQuietly();
    const rows = [...symbols.values()].map((s) => {
      const last = Math.max(...(s.series || []).map((x) => (x.last_ts ? Date.parse(x.last_ts) : 0)), 0);
      return { symbol: s.symbol, last };
    }).sort((a, b) => b.last - a.last);
    // The 20 most recent symbols, and always the one on the chart.
    const shown = rows.slice(0, 20);
    const current = rows.find((r) => r.symbol === series?.symbol);
    if (current && !shown.includes(current)) {
      shown.push(current);
    }
    el.lastData.replaceChildren(...shown.map((r) => {
      const tr = document.createElement('tr');
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = r.symbol;
      const when = document.createElement('td');
      when.textContent = r.last ? new Date(r.last).toISOString().replace('.000Z', 'Z') : '–';
      const ago = document.createElement('td');
      ago.textContent = r.last ? age(Date.now() - r.last) : '–';
      tr.append(name, when, ago);
      return tr;
    }));
  } catch (e) {
    /* the strip keeps its previous rows */
  }
}

async function loadSymbolsQuietly() {
  const all = new Map();
  let cursor = null;
  do {
    const page = await api(`/symbols?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    page.items.forEach((item) => all.set(item.symbol, item));
    cursor = page.next_cursor;
  } while (cursor);
  symbols = all;
}

async function refreshModel() {
  if (!series) {
    return;
  }
  try {
    const own = await api(`/models?symbol=${encodeURIComponent(series.symbol)}&timeframe=${series.timeframe}&status=active&limit=1`);
    const global = own.items.length ? own : await api(`/models?symbol=*&timeframe=${series.timeframe}&status=active&limit=1`);
    const model = global.items[0];
    if (!model) {
      el.model.textContent = `no active model for ${series.symbol} ${series.timeframe}`;
      return;
    }
    const accuracy = model.test_accuracy || {};
    const figure = (name) => (accuracy[name] === undefined || accuracy[name] === null ? '–' : Number(accuracy[name]).toFixed(3));
    el.model.textContent = `${model.version}: test accuracy ${figure('model')} vs majority ${figure('majority')}, `
      + `persistence ${figure('persistence')}${model.beats_baselines ? ' (beats the baselines)' : ' (does not beat the baselines)'}`;
  } catch (e) {
    el.model.textContent = `unavailable (${e.message})`;
  }
}

setInterval(() => {
  refreshStatus();
}, STATUS_EVERY_MS);

if (key) {
  start();
} else {
  lock();
}
