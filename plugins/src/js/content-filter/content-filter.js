// The Blink content filter in JavaScript, built into a component with ComponentizeJS:
// rejects empty values, `sensitive-` topics without a key, and values containing "password",
// logging the reason as the Rust and C builds do.
import { log } from 'blink:plugin/host@0.1.0';

export const plugin = {
  init() {
    log('info', 'content filter ready');
    return undefined; // option<u16>: no port
  },

  onRecord(topic, partition, key, value) {
    if (value.length === 0) {
      log('warn', 'rejected: empty value');
      return false;
    }
    if (topic.startsWith('sensitive-') && key === undefined) {
      log('warn', `rejected: sensitive topic ${topic} requires a key`);
      return false;
    }
    if (value.includes('password')) {
      log('warn', 'rejected: value contains a password');
      return false;
    }
    return true;
  },
};
