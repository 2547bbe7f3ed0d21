// The catalog page: what catalog.url offers (GET /admin/catalog), one card per plugin with its
// newest version first, and install or upgrade after the permissions it asks for are confirmed
// (POST /admin/catalog/install). The server checks everything again on install: what this page
// shows about signatures only explains why it offers no button.
import {api} from '../api.js';
import {h, replace, facts, bytes} from '../dom.js';
import {confirmInstall} from './install-dialog.js';

/** Why an entry with this signature state cannot be installed; null when it can. */
function refusalReason(entry) {
  switch (entry.signature) {
    case 'valid': return null;
    case 'invalid': return 'Its signature does not match the entry: the entry was changed after'
      + ' it was signed. It cannot be installed.';
    case 'untrusted': return `It is signed by the key ${entry.key_id}, which this server does not`
      + ' trust. It cannot be installed until an operator adds the publisher\'s public key to'
      + ' catalog.trusted_keys.';
    case 'missing': return 'It is not signed. It cannot be installed.';
    default: return `Its signature state is "${entry.signature}". It cannot be installed.`;
  }
}

const SIGNATURE_TONE = {valid: 'ok', invalid: 'bad', untrusted: 'bad', missing: 'warn'};

export function catalogPage(main) {
  const search = h('input', {id: 'catalog-search', type: 'search', spellcheck: 'false',
    placeholder: 'name, description, contract or permission'});
  const status = h('div', {role: 'alert', id: 'catalog-error'});
  const result = h('div', {role: 'status', 'aria-live': 'polite', id: 'install-result'});
  const count = h('p', {class: 'muted', id: 'catalog-count', 'aria-live': 'polite'});
  const list = h('div', {class: 'catalog', id: 'catalog-list'});
  const where = h('p', {class: 'muted', id: 'catalog-location'});
  replace(main,
    h('h1', {}, 'Catalog'),
    where,
    h('div', {class: 'field catalog-search', role: 'search'},
      h('label', {for: search.id}, 'Search the catalog'),
      search),
    status,
    result,
    count,
    list);

  let listing = null;
  let stopped = false;
  // The version chosen in each card's selector, kept across refreshes.
  const chosen = new Map();

  async function refresh() {
    try {
      const answer = await api.catalog();
      if (stopped) return;
      listing = answer;
      replace(status);
      replace(where, 'From ', h('code', {}, answer.catalog));
      render();
    } catch (e) {
      if (stopped || e.status === 401) return;
      listing = null;
      replace(list);
      replace(count);
      replace(status, h('div', {class: 'failure'},
        h('p', {}, h('strong', {}, 'The catalog cannot be shown'),
          e.body?.phase ? ` (${e.body.phase})` : '', '.'),
        h('p', {class: 'reason'}, e.message)));
    }
  }

  function render() {
    const term = search.value.trim().toLowerCase();
    const groups = byName(listing.entries)
      .filter((versions) => term === '' || versions.some((e) => matches(e, term)));
    replace(count, listing.entries.length === 0 ? 'The catalog has no plugins yet.'
      : `${groups.length} of ${byName(listing.entries).length} plugins`
        + (term ? ` match "${search.value.trim()}".` : '.'));
    replace(list, groups.map((versions) => card(versions)));
  }

  function card(versions) {
    const name = versions[0].name;
    const entry = versions.find((e) => e.version === chosen.get(name)) ?? versions[0];
    const titleId = 'entry-' + name;
    const picker = versions.length < 2 ? null : h('select', {id: 'version-' + name,
      onchange: () => { chosen.set(name, picker.value); render(); }},
      versions.map((e) => h('option', {value: e.version, selected: e === entry}, e.version)));
    const reason = refusalReason(entry);
    const reasonId = 'why-' + name;
    return h('article', {class: 'card entry', 'data-entry': name, 'aria-labelledby': titleId},
      h('h2', {id: titleId}, name, ' ', h('span', {class: 'version'}, entry.version), ' ',
        h('span', {class: 'badge ' + (SIGNATURE_TONE[entry.signature] ?? 'warn')},
          'signature ' + entry.signature)),
      h('p', {class: 'description'}, entry.description || 'No description.'),
      picker ? h('div', {class: 'field version-picker'},
        h('label', {for: picker.id}, 'Version of ' + name), picker) : null,
      facts([
        ['Contract', entry.contract],
        ['World', entry.world],
        ['Size', bytes(entry.size)],
        ['SHA-256', h('code', {title: entry.sha256}, entry.sha256.slice(0, 16) + '…')],
        ['Signed by', entry.key_id ? h('code', {}, entry.key_id) : 'nobody'],
        ['Asks for', permissionList(entry.permissions)],
        ['Installed', installedText(entry)],
      ], 'About ' + name + ' ' + entry.version),
      reason
        ? h('p', {class: 'refusal', id: reasonId}, h('strong', {}, 'Not installable: '), reason)
        : action(entry));
  }

  function action(entry) {
    const label = actionLabel(entry);
    if (!label) {
      return h('p', {class: 'ok'}, `${entry.name} runs this version.`);
    }
    return h('div', {class: 'buttons'}, h('button', {type: 'button',
      onclick: async (event) => {
        const button = event.currentTarget;
        const grant = await confirmInstall(entry, label);
        if (!grant) return;
        button.disabled = true;
        replace(result, `Installing ${entry.name} ${entry.version} …`);
        try {
          const answer = await api.install(entry.name, entry.version, grant);
          replace(result, h('p', {class: 'ok'}, installed(answer)));
        } catch (e) {
          replace(result, refused(entry, e));
        } finally {
          button.disabled = false;
          refresh();
        }
      }}, label));
  }

  search.addEventListener('input', () => { if (listing) render(); });
  refresh();
  return () => { stopped = true; };
}

/** The entries (name order, newest version first) as one array per name. */
function byName(entries) {
  const groups = new Map();
  for (const e of entries) {
    if (!groups.has(e.name)) groups.set(e.name, []);
    groups.get(e.name).push(e);
  }
  return [...groups.values()];
}

function matches(entry, term) {
  return [entry.name, entry.description, entry.contract, entry.world, entry.signature,
    ...(entry.permissions ?? [])].some((text) => String(text ?? '').toLowerCase().includes(term));
}

/** The button's words, or null when exactly this version already runs. */
function actionLabel(entry) {
  const running = entry.installed;
  if (!running) return `Install ${entry.name} ${entry.version}`;
  if (running.sha256 === entry.sha256) return null;
  if (entry.upgrade) return `Upgrade ${entry.name} to ${entry.version}`;
  return `Replace with ${entry.version}`;
}

function installedText(entry) {
  const running = entry.installed;
  if (!running) return 'not installed';
  const sha = h('code', {title: running.sha256}, running.sha256.slice(0, 12) + '…');
  if (running.sha256 === entry.sha256) return ['this version (', sha, ')'];
  if (running.version) return [running.version + ' (', sha, ')'];
  return ['a version not from this catalog (', sha, ')'];
}

function permissionList(permissions) {
  if (!permissions || permissions.length === 0) return 'no permissions';
  return h('ul', {class: 'permissions'}, permissions.map((p) => h('li', {}, h('code', {}, p))));
}

function installed(answer) {
  const granted = answer.granted?.length ? ` It may use: ${answer.granted.join(', ')}.` : '';
  switch (answer.action) {
    case 'installed':
      return `${answer.name} ${answer.version} is installed and at the end of the chain.` + granted;
    case 'upgraded': return `${answer.name} now runs ${answer.version}.` + granted;
    case 'unchanged': return `${answer.name} already runs ${answer.version}; nothing changed.`;
    default: return `${answer.name} ${answer.version}: ${answer.action}.`;
  }
}

/** The server's refusal: the phase, its reason word for word, and what keeps running. */
function refused(entry, e) {
  const b = e.body;
  // The server names what runs on (kept, null when nothing did); without an answer from it
  // (unreachable) the page cannot say, and the plugin list shows it.
  const kept = b.kept ? `The running version of ${entry.name} (sha256 ${String(b.kept).slice(0, 12)}`
      + '…) was kept and keeps serving.'
    : 'kept' in b ? `No version of ${entry.name} was running, and none was installed.`
      : 'See the plugin list for what runs now.';
  return h('div', {class: 'failure', role: 'alert', 'aria-label': 'Install refused'},
    h('p', {}, h('strong', {}, `Installing ${entry.name} ${entry.version} was refused`),
      b.phase ? ` in the ${b.phase} phase` : ` (HTTP ${e.status || 'error'})`, '.'),
    h('p', {class: 'reason'}, e.message),
    h('p', {}, kept));
}
