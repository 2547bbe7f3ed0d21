// One plugin: its state, counters, limits, permissions, config editor, log tail and failures,
// and the buttons that act on it. Refreshed every 5 s, except the config editor, which holds
// what the user is typing until it is saved.
import {api} from '../api.js';
import {h, facts, replace, badge, ms, bytes, time} from '../dom.js';
import {configEditor} from './config.js';
import {uploadForm} from './upload.js';

const REFRESH_MS = 5000;

export function pluginPage(main, name) {
  const heading = h('h1', {}, name);
  const summary = h('div', {class: 'summary'});
  const actionResult = h('div', {class: 'result', role: 'status', 'aria-live': 'polite',
    id: 'action-result'});
  const limits = h('div');
  const permissions = h('div');
  const logs = h('ol', {class: 'lines', 'aria-label': 'Log tail'});
  const failures = h('ol', {class: 'lines', 'aria-label': 'Failures'});
  const config = h('div');
  const problem = h('p', {class: 'error', role: 'alert'});
  let stopped = false;
  let editorShown = false;

  const act = async (label, call, after) => {
    replace(actionResult, label + ' …');
    try {
      const answer = await call();
      replace(actionResult, h('p', {class: 'ok'}, after(answer)));
      if (!stopped) refresh();
    } catch (e) {
      replace(actionResult, h('p', {class: 'error', role: 'alert'}, `${label} failed: ${e.message}`));
    }
  };
  const button = (text, onclick) => h('button', {type: 'button', onclick}, text);
  const deleteArea = h('div', {class: 'confirm'});
  const askDelete = () => replace(deleteArea,
    h('p', {}, `Delete ${name}? It is unloaded, and an uploaded file is removed from the server.`),
    button('Yes, delete ' + name, () => act('Delete', () => api.remove(name), () => {
      location.hash = '#/plugins';
      return `${name} was deleted.`;
    })),
    button('Keep it', () => replace(deleteArea)));

  replace(main,
    h('p', {class: 'crumbs'}, h('a', {href: '#/plugins'}, '← All plugins')),
    heading, problem, summary,
    h('section', {class: 'card', 'aria-labelledby': 'actions-title'},
      h('h2', {id: 'actions-title'}, 'Actions'),
      h('div', {class: 'buttons'},
        button('Enable', () => act('Enable', () => api.act(name, 'enable'),
          (p) => `${name} is ${p.status}.`)),
        button('Disable', () => act('Disable', () => api.act(name, 'disable'),
          (p) => `${name} is ${p.status}.`)),
        button('Reload', () => act('Reload', () => api.act(name, 'reload'),
          (p) => `${name} was reloaded; it is ${p.status}.`)),
        h('button', {type: 'button', class: 'danger', onclick: askDelete}, 'Delete')),
      deleteArea,
      actionResult,
      uploadForm({fixedName: name, done: () => refresh()})),
    h('div', {class: 'columns'},
      h('section', {class: 'card', 'aria-labelledby': 'limits-title'},
        h('h2', {id: 'limits-title'}, 'Limits'), limits),
      h('section', {class: 'card', 'aria-labelledby': 'permissions-title'},
        h('h2', {id: 'permissions-title'}, 'Permissions'), permissions)),
    h('section', {class: 'card', 'aria-labelledby': 'config-title'},
      h('h2', {id: 'config-title'}, 'Config'), config),
    h('section', {class: 'card', 'aria-labelledby': 'logs-title'},
      h('h2', {id: 'logs-title'}, 'Log tail'), logs),
    h('section', {class: 'card', 'aria-labelledby': 'failures-title'},
      h('h2', {id: 'failures-title'}, 'Failures'), failures));

  async function refresh() {
    let p;
    try {
      p = await api.plugin(name);
    } catch (e) {
      if (!stopped && e.status !== 401) {
        replace(problem, e.status === 404 ? `There is no plugin named ${name}.` : e.message);
      }
      return;
    }
    if (stopped) return;
    replace(problem);
    replace(summary, overview(p));
    replace(limits, facts([
      ['Memory', bytes(p.limits?.max_memory_bytes)],
      ['Time per call', ms(p.limits?.max_execution_time_ms)],
      ['On error', p.limits?.on_error],
      ['Record size', bytes(p.limits?.max_record_bytes)],
    ], 'Limits'));
    replace(permissions, grants(p));
    replace(logs, lines(p.logs, (l) => [h('span', {class: 'level ' + l.level}, l.level), ' ',
      l.message], 'No log lines yet.'));
    replace(failures, lines(p.failures, (f) => [h('span', {class: 'level ERROR'}, f.kind), ' ',
      f.message], 'No failures.'));
    if (!editorShown) {
      editorShown = true;
      replace(config, configEditor(name, p.config ?? {}));
    }
  }
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function overview(p) {
  return [
    h('p', {class: 'states'}, 'State ', h('span', {id: 'plugin-state'}, badge(p.status)),
      ' · breaker ', badge(p.breaker), ' · ', p.enabled ? 'enabled' : 'not enabled'),
    facts([
      ['Contract', p.contract],
      ['World', p.world ? h('details', {}, h('summary', {}, worldName(p.world)),
        h('pre', {class: 'wit'}, p.world)) : 'none declared'],
      ['Source', p.source === 'upload' ? 'uploaded' : 'settings file'],
      ['SHA-256', h('code', {title: p.sha256}, String(p.sha256 ?? '').slice(0, 16) + '…')],
      ['Size', bytes(p.size_bytes)],
      ['Calls', p.calls], ['Accepted', p.accepted], ['Rejections', p.rejected],
      // In the detail, `failures` is the ring of recent failures and the count is failure_count.
      ['Failures', p.failure_count ?? p.failures],
      ['p50', p.calls ? ms(p.p50_ms) : '—'], ['p99', p.calls ? ms(p.p99_ms) : '—'],
      ['Imports', (p.imports ?? []).join(', ') || 'no host services'],
    ], 'Status'),
    p.failure_reason ? h('p', {class: 'failure', role: 'alert'}, 'Failed: ', p.failure_reason)
      : null,
  ];
}

/** The world's WIT text is long; its first `world NAME` names it. */
function worldName(wit) {
  const match = /\bworld\s+([\w-]+)/.exec(wit);
  return match ? match[1] : 'WIT';
}

function grants(p) {
  const g = p.permissions ?? {};
  const list = (values) => (values ?? []).length ? values.join(', ') : 'nothing';
  return facts([
    ['State', g.state ? 'granted' : 'not granted'],
    ['Events it may publish', list(g.events?.publish)],
    ['HTTP hosts it may call', list(g.http?.allow)],
  ], 'Permissions');
}

/** Newest last, as the server keeps them. */
function lines(items, render, empty) {
  if (!items?.length) return h('li', {class: 'empty'}, empty);
  return items.map((item) => h('li', {}, h('time', {}, time(item.time)), ' ', render(item)));
}
