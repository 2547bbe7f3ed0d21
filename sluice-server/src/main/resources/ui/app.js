// The Sluice web UI: a hash router over five views. Each view renders into <main> and may return
// a function that stops what it started (its refresh timer) when the user leaves it.
import {api, session, whenUnauthorized} from './api.js';
import {h, field, replace} from './dom.js';
import {pluginList} from './views/plugins.js';
import {pluginPage} from './views/plugin.js';
import {recordTester} from './views/tester.js';
import {catalogPage} from './views/catalog.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let leave = () => {};

function route() {
  leave();
  leave = () => {};
  if (!session.token()) {
    signInForm();
    return;
  }
  nav.hidden = false;
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [view, ...rest] = hash.split('/');
  for (const link of nav.querySelectorAll('a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === '#/' + (view || 'plugins'));
  }
  if (view === 'plugins' && rest.length > 0) leave = pluginPage(main, rest.join('/')) ?? leave;
  else if (view === 'catalog') leave = catalogPage(main) ?? leave;
  else if (view === 'tester') leave = recordTester(main) ?? leave;
  else leave = pluginList(main) ?? leave;
  main.focus({preventScroll: true});
}

function signInForm(message) {
  nav.hidden = true;
  const input = h('input', {id: 'token', type: 'password', autocomplete: 'current-password',
    required: true, spellcheck: 'false'});
  const error = h('p', {class: 'error', role: 'alert', id: 'sign-in-error'}, message ?? '');
  const button = h('button', {type: 'submit'}, 'Sign in');
  const form = h('form', {class: 'card sign-in', 'aria-labelledby': 'sign-in-title',
    onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      replace(error);
      try {
        await api.tryToken(input.value.trim());
        session.signIn(input.value.trim());
        route();
      } catch (e) {
        replace(error, e.status === 401
          ? 'The server refused this token. It is in the file named by admin.token_file (the'
            + ' server logs where at startup).'
          : e.message);
        button.disabled = false;
        input.select();
      }
    }},
    h('h1', {id: 'sign-in-title'}, 'Sign in'),
    field('Admin token', input, 'Kept in this tab only, and sent with every management call.'),
    error,
    button);
  replace(main, form);
  input.focus();
}

whenUnauthorized(() => {
  session.signOut();
  leave();
  leave = () => {};
  signInForm('The server no longer accepts the token (it may have changed); sign in again.');
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  route();
});
window.addEventListener('hashchange', route);
route();
