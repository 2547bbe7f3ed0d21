// Building the page: every text goes in as text (never as markup), so whatever a plugin logged
// or named shows as written and cannot run.

/** An element: h('td', {class: 'n', 'data-label': 'Calls'}, '12', otherNode). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what `el` holds. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A label and its input, tied by id (the tests find inputs by their label). */
export function field(labelText, input, hint) {
  const hintId = hint ? input.id + '-hint' : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h('div', {class: 'field'},
    h('label', {for: input.id}, labelText),
    input,
    hint ? h('small', {id: hintId}, hint) : null);
}

/** A definition list from [term, value] pairs. */
export function facts(pairs, label) {
  return h('dl', {class: 'facts', 'aria-label': label},
    pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));
}

export function ms(value) {
  if (value === undefined || value === null) return '—';
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
  return value.toFixed(digits) + ' ms';
}

export function bytes(n) {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function time(epochMs) {
  return epochMs ? new Date(epochMs).toLocaleTimeString() : '';
}

/** A state as a badge whose colour says whether it is fine; the text says it for everyone. */
export function badge(text) {
  const value = String(text ?? 'unknown');
  const tone = /^(ENABLED|CLOSED|accept|stored|loaded|replaced|unchanged)$/i.test(value) ? 'ok'
    : /^(FAILED|OPEN|reject|unavailable)$/i.test(value) ? 'bad' : 'warn';
  return h('span', {class: 'badge ' + tone}, value);
}
