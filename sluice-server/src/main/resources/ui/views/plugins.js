// The plugin list: every plugin in chain order with its state and counters, the live chart, and
// the upload of a new plugin. Refreshed every 5 s (the history's interval).
import {api} from '../api.js';
import {h, replace, badge, ms} from '../dom.js';
import {liveChart, perSecond, latest} from './chart.js';
import {uploadForm} from './upload.js';

const REFRESH_MS = 5000;

const COLUMNS = [
  ['State', (p) => badge(p.status)],
  ['Breaker', (p) => badge(p.breaker)],
  ['Calls', (p) => p.calls],
  ['Accepted', (p) => p.accepted],
  ['Rejections', (p) => p.rejected],
  ['Failures', (p) => p.failures],
  ['p50', (p) => p.calls ? ms(p.p50_ms) : '—'],
  ['p99', (p) => p.calls ? ms(p.p99_ms) : '—'],
];

export function pluginList(main) {
  const body = h('tbody');
  const table = h('table', {class: 'plugins', id: 'plugin-table'},
    h('caption', {}, 'Plugins, in chain order'),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Plugin'),
      COLUMNS.map(([title]) => h('th', {scope: 'col'}, title)))),
    body);
  const status = h('p', {class: 'error', role: 'alert'});
  const calls = h('div', {class: 'chart', role: 'img',
    'aria-label': 'Records per second for each plugin, last 10 minutes'});
  const latency = h('div', {class: 'chart', role: 'img',
    'aria-label': 'p99 latency for each plugin, last 10 minutes'});
  replace(main,
    h('h1', {}, 'Plugins'),
    status,
    h('div', {class: 'table-wrap'}, table),
    h('section', {class: 'card', 'aria-labelledby': 'live-title'},
      h('h2', {id: 'live-title'}, 'Last minutes'),
      h('div', {class: 'charts'}, calls, latency)),
    h('section', {class: 'card', 'aria-labelledby': 'upload-title'},
      h('h2', {id: 'upload-title'}, 'Upload a plugin'),
      uploadForm({done: () => refresh()})));

  let interval = 5000;
  const callsChart = liveChart(calls, {title: 'Calls/s', value: perSecond('calls', () => interval),
    unit: ''});
  const p99Chart = liveChart(latency, {title: 'p99', value: latest('p99_ms'), unit: ' ms'});
  let stopped = false;

  async function refresh() {
    try {
      const [list, history] = await Promise.all([api.plugins(), api.history()]);
      if (stopped) return;
      replace(status);
      render(body, list);
      interval = history.interval_ms ?? interval;
      callsChart(history);
      p99Chart(history);
    } catch (e) {
      if (!stopped && e.status !== 401) replace(status, e.message);
    }
  }
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    callsChart.stop();
    p99Chart.stop();
  };
}

function render(body, list) {
  const byName = new Map(list.plugins.map((p) => [p.name, p]));
  // Chain order first; a plugin outside the chain (failed to load, say) after it.
  const names = [...list.chain, ...list.plugins.map((p) => p.name)
    .filter((n) => !list.chain.includes(n))];
  if (names.length === 0) {
    replace(body, h('tr', {}, h('td', {colspan: COLUMNS.length + 1},
      'No plugins yet: upload one below.')));
    return;
  }
  replace(body, names.filter((n) => byName.has(n)).map((name) => {
    const p = byName.get(name);
    return h('tr', {'data-plugin': name},
      h('th', {scope: 'row', 'data-label': 'Plugin'},
        h('a', {href: '#/plugins/' + encodeURIComponent(name)}, name)),
      COLUMNS.map(([title, cell]) => h('td', {'data-label': title}, cell(p))));
  }));
}
