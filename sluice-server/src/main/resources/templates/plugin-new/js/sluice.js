// {{name}}: a plugin for Sluice's own contract, the sluice:plugin@0.1.0 world, in JavaScript
// (ComponentizeJS compiles it against wit/sluice-plugin.wit; the types are in sdk/js/types).
//
// For each record of a batch it answers one verdict:
// - the value contains "forbidden": reject, with a reason the producer sees;
// - the record already carries a `checked-by` header: accept it unchanged;
// - otherwise: replace it with a copy that adds the header `checked-by: {{name}}`.
/// <reference path="sdk/js/types/sluice-plugin.d.ts" />
import { log } from 'sluice:plugin/host@0.1.0';

const FORBIDDEN = new TextEncoder().encode('forbidden');
const HEADER = 'checked-by';
const CHECKER = new TextEncoder().encode('{{name}}');

/** Whether `needle` occurs in `hay` (both Uint8Array): values are bytes, maybe not UTF-8. */
function contains(hay, needle) {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (hay[i + j] !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** @param {import('sluice:plugin/types@0.1.0').Record} record */
function check(record) {
  if (contains(record.value, FORBIDDEN)) {
    log('warn', `rejected a record on ${record.topic}`);
    return { tag: 'reject', val: 'value contains "forbidden"' };
  }
  if (record.headers.some((h) => h.key === HEADER)) {
    return { tag: 'accept' };
  }
  // An output with no topic, partition or timestamp keeps the record's.
  return {
    tag: 'replace',
    val: [
      {
        key: record.key,
        value: record.value,
        headers: [...record.headers, { key: HEADER, value: CHECKER }],
      },
    ],
  };
}

/** @type {typeof import('sluice:plugin/plugin@0.1.0')} */
export const plugin = {
  init() {
    log('info', '{{name}} ready');
    return { wantsStored: false, subscriptions: [] };
  },
  onRecords(records) {
    return records.map(check);
  },
  onStored() {},
  onEvent() {},
};
