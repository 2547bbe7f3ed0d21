// Uploading a .wasm: a new plugin (from the list) or a new version (from a plugin's page). A
// version that fails to load leaves the running one serving; the server says why, and so do we.
import {api} from '../api.js';
import {h, field, replace, badge} from '../dom.js';

/**
 * The upload form. With `fixedName` it replaces that plugin; without it, the name is asked
 * (filled in from the file's name). `done(answer)` runs after a successful upload.
 */
export function uploadForm({fixedName, done}) {
  const id = fixedName ? 'new-version' : 'upload';
  const file = h('input', {id: id + '-file', type: 'file', accept: '.wasm,application/wasm',
    required: true});
  const name = h('input', {id: id + '-name', type: 'text', required: true, spellcheck: 'false',
    pattern: '[A-Za-z0-9][A-Za-z0-9._-]*'});
  file.addEventListener('change', () => {
    if (!fixedName && file.files[0] && !name.value) {
      name.value = file.files[0].name.replace(/\.wasm$/i, '');
    }
  });
  const result = h('div', {class: 'result', role: 'status', 'aria-live': 'polite',
    id: id + '-result'});
  const button = h('button', {type: 'submit'}, fixedName ? 'Upload new version' : 'Upload');
  const form = h('form', {class: 'upload', 'aria-label': fixedName ? 'Upload a new version'
      : 'Upload a plugin',
    onsubmit: async (event) => {
      event.preventDefault();
      const target = fixedName ?? name.value.trim();
      button.disabled = true;
      replace(result, 'Uploading ' + file.files[0].name + ' …');
      try {
        const answer = await api.upload(target, file.files[0]);
        replace(result, h('p', {class: 'ok'}, badge(answer.status), ' ', uploaded(target, answer)));
        form.reset();
        done?.(answer);
      } catch (e) {
        replace(result, failure(target, e));
      } finally {
        button.disabled = false;
      }
    }},
    fixedName ? null : field('Plugin name', name, 'The name it runs under; a plugin of that'
      + ' name already running is replaced by this version.'),
    field(fixedName ? 'New version (.wasm)' : 'Plugin file (.wasm)', file),
    button,
    result);
  return form;
}

function uploaded(name, answer) {
  switch (answer.status) {
    case 'loaded': return `${name} is loaded and at the end of the chain.`;
    case 'replaced': return `${name} now runs the new version.`;
    case 'unchanged': return `${name} already runs exactly this file; nothing changed.`;
    default: return `${name}: ${answer.status}.`;
  }
}

/** The rollback: which phase refused the file, why, and what keeps serving. */
function failure(name, e) {
  const b = e.body;
  if (e.status === 422) {
    return h('div', {class: 'failure', role: 'alert', 'aria-label': 'Upload failed'},
      h('p', {}, h('strong', {}, 'Upload failed'), b.phase ? ` in the ${b.phase} phase` : '',
        ' — rolled back.'),
      h('p', {class: 'reason'}, b.error),
      h('p', {}, b.kept
        ? `The running version of ${name} (sha256 ${String(b.kept).slice(0, 12)}…) keeps serving.`
        : `No version of ${name} was running, so none is now.`));
  }
  return h('div', {class: 'failure', role: 'alert', 'aria-label': 'Upload failed'},
    h('p', {}, h('strong', {}, 'Upload failed'), ` (HTTP ${e.status || 'error'})`),
    h('p', {class: 'reason'}, e.message));
}
