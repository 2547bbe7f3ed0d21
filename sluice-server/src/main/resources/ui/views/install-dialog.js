// The confirmation before an install: the permissions the entry asks for, in plain words, which
// the user grants by confirming (the grant goes in the POST; nothing is granted silently). A
// plain "http" or "events" ask names no host or channel, so the dialog asks for them: any granted
// one answers the ask, or the settings may grant it already.
import {h, field} from '../dom.js';

const MEANING = [
  [/^state$/, () => 'keep state: a key-value store of its own on this server'],
  [/^events:(.+)$/, (m) => `publish events to the channel ${m[1]}`],
  [/^http:(.+)$/, (m) => `make HTTP calls to ${m[1]}`],
];

/** What a permission token lets a plugin do. */
function meaning(token) {
  for (const [pattern, say] of MEANING) {
    const m = token.match(pattern);
    if (m) return say(m);
  }
  return 'a permission this page does not know: ' + token;
}

/** An ask for an unnamed host or channel, with the input that names them. */
const OPEN_ASKS = {
  http: {label: 'HTTP hosts it may call', prefix: 'http:', example: 'api.example.com:443'},
  events: {label: 'Event channels it may publish to', prefix: 'events:', example: 'orders'},
};

/**
 * Shows the dialog for `entry`; resolves to the grant (permission tokens) when the user confirms,
 * to null when they cancel.
 */
export function confirmInstall(entry, actionLabel) {
  const asks = entry.permissions ?? [];
  const open = asks.filter((p) => OPEN_ASKS[p]).map((p) => {
    const ask = OPEN_ASKS[p];
    const input = h('input', {id: 'grant-' + p, type: 'text', spellcheck: 'false',
      placeholder: ask.example});
    return {ask, input, field: field(ask.label + ' (comma-separated)', input,
      'Leave empty if the server\'s settings already grant it; otherwise the install is'
        + ' refused.')};
  });
  const named = asks.filter((p) => !OPEN_ASKS[p]);
  const title = h('h2', {id: 'install-title'}, actionLabel + '?');
  const confirm = h('button', {type: 'submit', value: 'confirm'},
    asks.length ? 'Grant and install' : 'Install');
  const cancel = h('button', {type: 'button', class: 'secondary'}, 'Cancel');
  const dialog = h('dialog', {class: 'install', 'aria-labelledby': 'install-title',
    'aria-describedby': 'install-asks'},
    h('form', {method: 'dialog'},
      title,
      h('p', {}, `${entry.name} ${entry.version} (${entry.contract}), signed by `,
        h('code', {}, entry.key_id ?? 'nobody'), '.'),
      asks.length === 0
        ? h('p', {id: 'install-asks'}, 'It asks for no permissions.')
        : [h('p', {id: 'install-asks'}, 'It asks for these permissions, which this server will'
            + ' grant it when you confirm:'),
          h('ul', {class: 'grants', 'aria-label': 'Permissions to grant'},
            named.map((p) => h('li', {'data-permission': p}, h('code', {}, p), ' — ', meaning(p))),
            open.map((o) => h('li', {'data-permission': o.ask.prefix.slice(0, -1)},
              h('code', {}, o.ask.prefix.slice(0, -1)), ' — ', o.ask.label.toLowerCase(),
              o.field)))],
      entry.installed
        ? h('p', {}, 'The running version keeps serving until the new one is ready, and stays if'
            + ' the new one fails.')
        : null,
      h('div', {class: 'buttons'}, confirm, cancel)));
  document.body.append(dialog);
  return new Promise((resolve) => {
    let grant = null;
    cancel.addEventListener('click', () => dialog.close());
    dialog.querySelector('form').addEventListener('submit', () => {
      grant = [...named, ...open.flatMap((o) => o.input.value.split(',')
        .map((v) => v.trim()).filter((v) => v).map((v) => o.ask.prefix + v))];
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(grant);
    });
    dialog.showModal();
    (open[0]?.input ?? confirm).focus();
  });
}
