// The record tester: one record through the chain as a dry run (POST /produce?dry_run=true).
// The plugins really run (their counters and logs see it) but nothing is stored.
import {api} from '../api.js';
import {h, field, replace, badge} from '../dom.js';

export function recordTester(main) {
  const input = (id, attrs = {}) => h('input', {id, type: 'text', spellcheck: 'false', ...attrs});
  const topic = input('tester-topic', {required: true, value: 'orders'});
  const partition = input('tester-partition', {type: 'number', min: 0, value: '0',
    inputmode: 'numeric'});
  const key = input('tester-key');
  const value = h('textarea', {id: 'tester-value', rows: 4, spellcheck: 'false'});
  const headers = h('textarea', {id: 'tester-headers', rows: 2, spellcheck: 'false',
    placeholder: 'source: web'});
  const outcome = h('div', {class: 'result', role: 'status', 'aria-live': 'polite',
    id: 'tester-result'});
  const run = h('button', {type: 'submit'}, 'Run dry run');

  replace(main,
    h('h1', {}, 'Record tester'),
    h('p', {}, 'Sends one record through the chain as a dry run: every plugin judges it as it'
      + ' would a real one, and nothing is stored.'),
    h('form', {class: 'card tester', 'aria-label': 'Record to test', onsubmit: async (event) => {
      event.preventDefault();
      let request;
      try {
        request = record(topic, partition, key, value, headers);
      } catch (e) {
        replace(outcome, h('p', {class: 'error', role: 'alert'}, e.message));
        return;
      }
      run.disabled = true;
      replace(outcome, 'Running …');
      try {
        replace(outcome, answer(await api.dryRun(request)));
      } catch (e) {
        replace(outcome, h('p', {class: 'error', role: 'alert'}, 'The dry run failed: '
          + e.message));
      } finally {
        run.disabled = false;
      }
    }},
    h('div', {class: 'row'}, field('Topic', topic), field('Partition', partition)),
    field('Key', key, 'Empty: a record without a key.'),
    field('Value', value),
    field('Headers', headers, 'One per line, as name: value.'),
    run),
    outcome);
}

function record(topic, partition, key, value, headers) {
  const out = {topic: topic.value.trim(), partition: Number(partition.value || 0),
    value: value.value};
  if (key.value !== '') out.key = key.value;
  const lines = headers.value.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length) {
    out.headers = lines.map((line, i) => {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`Header line ${i + 1} has no "name: value".`);
      return {key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim()};
    });
  }
  return out;
}

function answer(dry) {
  const results = dry.results ?? [];
  return [
    h('h2', {}, 'Chain verdict'),
    h('ul', {class: 'verdicts', 'aria-label': 'Chain verdict'},
      results.map((r) => h('li', {}, verdict(r)))),
    h('h2', {}, 'Each plugin'),
    h('div', {class: 'table-wrap'}, h('table', {class: 'steps', 'aria-label': 'Each plugin'},
      h('thead', {}, h('tr', {}, ['Plugin', 'Verdict', 'Outputs', 'Log', 'Time']
        .map((t) => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, (dry.steps ?? []).map((step) => h('tr', {'data-plugin': step.plugin},
        h('th', {scope: 'row', 'data-label': 'Plugin'}, step.plugin),
        h('td', {'data-label': 'Verdict'}, (step.verdicts ?? []).map((v) =>
          h('div', {}, verdict(v)))),
        h('td', {'data-label': 'Outputs'}, (step.verdicts ?? []).map((v) =>
          v.verdict === 'replace' ? outputs(v.outputs) : h('div', {}, v.verdict === 'accept'
            ? 'as given' : 'none'))),
        h('td', {'data-label': 'Log'}, (step.log ?? []).length
          ? h('pre', {}, step.log.join('\n')) : '—'),
        h('td', {'data-label': 'Time'}, ((step.nanos ?? 0) / 1e6).toFixed(3) + ' ms')))))),
  ];
}

function verdict(v) {
  const parts = [badge(v.verdict)];
  if (v.plugin) parts.push(' by ', h('strong', {}, v.plugin));
  if (v.reason) parts.push(': ', h('span', {class: 'reason'}, v.reason));
  if (v.verdict === 'replace') parts.push(` into ${(v.outputs ?? []).length} record(s)`);
  return parts;
}

function outputs(records) {
  if (!records?.length) return h('div', {}, 'dropped');
  return h('ul', {class: 'outputs'}, records.map((r) => h('li', {},
    h('code', {}, `${r.topic}/${r.partition}`), ' ',
    r.key === null || r.key === undefined ? '' : `key ${r.key} `,
    'value ', h('code', {}, r.value ?? `(${r.value_base64?.length ?? 0} base64 chars)`))));
}
