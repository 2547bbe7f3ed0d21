// The plugin's config (string keys and values) as rows to edit; saved whole with
// PUT /admin/plugins/{name}/config, which reconfigures the running plugin.
import {api} from '../api.js';
import {h, replace} from '../dom.js';

export function configEditor(name, config) {
  const rows = h('tbody');
  let next = 0;
  const addRow = (key = '', value = '') => {
    const n = ++next;
    const row = h('tr', {},
      h('td', {'data-label': 'Key'}, h('input', {type: 'text', 'aria-label': `Config key ${n}`,
        class: 'key', value: key, spellcheck: 'false'})),
      h('td', {'data-label': 'Value'}, h('input', {type: 'text',
        'aria-label': `Config value ${n}`, class: 'value', value, spellcheck: 'false'})),
      h('td', {}, h('button', {type: 'button', class: 'link', 'aria-label': `Remove config ${n}`,
        onclick: () => row.remove()}, 'Remove')));
    rows.append(row);
  };
  for (const [key, value] of Object.entries(config)) addRow(key, value);
  const result = h('div', {class: 'result', role: 'status', 'aria-live': 'polite'});
  const save = h('button', {type: 'submit'}, 'Save config');
  return h('form', {'aria-label': 'Config editor', onsubmit: async (event) => {
    event.preventDefault();
    const entries = [...rows.querySelectorAll('tr')].map((tr) =>
      [tr.querySelector('.key').value.trim(), tr.querySelector('.value').value]);
    const blank = entries.findIndex(([key]) => key === '');
    if (blank >= 0) {
      replace(result, h('p', {class: 'error', role: 'alert'},
        `Row ${blank + 1} has no key: give it one, or remove the row.`));
      return;
    }
    save.disabled = true;
    try {
      await api.saveConfig(name, Object.fromEntries(entries));
      replace(result, h('p', {class: 'ok'}, `Saved: ${name} runs with the new config.`));
    } catch (e) {
      replace(result, h('p', {class: 'error', role: 'alert'}, `Not saved: ${e.message}`));
    } finally {
      save.disabled = false;
    }
  }},
  h('table', {class: 'config'},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Key'), h('th', {scope: 'col'}, 'Value'),
      h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Remove')))),
    rows),
  h('div', {class: 'buttons'},
    h('button', {type: 'button', onclick: () => addRow()}, 'Add setting'), save),
  result);
}
