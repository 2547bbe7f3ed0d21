// The server's management API (/admin, docs/admin-api.md) and the record tester's dry run.
// The token is asked once and kept in sessionStorage: gone when the tab closes, never in a cookie
// (so no other site can make the browser send it).

const TOKEN_KEY = 'sluice.admin-token';

/** An answer other than 2xx: the HTTP status and the server's JSON error body. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `the server answered ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** Called when the server refuses the token (401): the app asks for it again. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

async function call(method, path,
    {body, contentType, token = session.token(), admin = true, signingIn = false} = {}) {
  const headers = {Accept: 'application/json'};
  if (admin) headers.Authorization = 'Bearer ' + token;
  if (contentType) headers['Content-Type'] = contentType;
  let response;
  try {
    response = await fetch(path, {method, headers, body, cache: 'no-store'});
  } catch (e) {
    throw new ApiError(0, {error: `cannot reach the server (${e.message}); is it running?`});
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = {error: text}; }
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    // While signing in, a 401 is the answer to show, not a session that ended.
    if (response.status === 401 && admin && !signingIn) onUnauthorized(error);
    throw error;
  }
  return json;
}

const plugin = (name) => '/admin/plugins/' + encodeURIComponent(name);
const jsonBody = (value) => ({body: JSON.stringify(value), contentType: 'application/json'});

export const api = {
  /** Checks a token without keeping it; resolves to the plugin list, or throws (401 if wrong). */
  tryToken: (token) => call('GET', '/admin/plugins', {token, signingIn: true}),
  plugins: () => call('GET', '/admin/plugins'),
  plugin: (name) => call('GET', plugin(name)),
  history: () => call('GET', '/admin/history'),
  upload: (name, file) =>
    call('PUT', plugin(name), {body: file, contentType: 'application/wasm'}),
  act: (name, action) => call('POST', plugin(name) + '/' + action),
  remove: (name) => call('DELETE', plugin(name)),
  saveConfig: (name, config) => call('PUT', plugin(name) + '/config', jsonBody(config)),
  catalog: () => call('GET', '/admin/catalog'),
  /** Installs name@version from catalog.url with the permissions the user confirmed. */
  install: (name, version, grant) =>
    call('POST', '/admin/catalog/install', jsonBody({name, version, grant})),
  dryRun: (request) =>
    call('POST', '/produce?dry_run=true', {...jsonBody(request), admin: false}),
};
