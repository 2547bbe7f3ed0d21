// The content filter for Sluice's own contract in JavaScript (ComponentizeJS, with the world's
// WIT and the types in plugins/sdk/js/types): the rules of plugins/src/c/content-rules.h, the
// same as the Rust and C builds, over a batch of byte records. The harness checks that all
// three builds answer alike.
import { log } from 'sluice:plugin/host@0.1.0';

const PASSWORD = new TextEncoder().encode('password');

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
  if (record.value.length === 0) {
    return { tag: 'reject', val: 'rejected: empty value' };
  }
  if (record.key === undefined && record.topic.startsWith('sensitive-')) {
    return { tag: 'reject', val: `rejected: sensitive topic ${record.topic} requires a key` };
  }
  if (contains(record.value, PASSWORD)) {
    return { tag: 'reject', val: 'rejected: value contains a password' };
  }
  return { tag: 'accept' };
}

/** @type {typeof import('sluice:plugin/plugin@0.1.0')} */
export const plugin = {
  init() {
    log('info', 'content filter ready');
    return { wantsStored: false, subscriptions: [] };
  },
  onRecords(records) {
    return records.map(check);
  },
  onStored() {},
  onEvent() {},
};
