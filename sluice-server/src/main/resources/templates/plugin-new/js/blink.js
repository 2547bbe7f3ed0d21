// {{name}}: a Blink plugin (the blink:plugin@0.1.0 world) in JavaScript, compiled by
// ComponentizeJS against wit/blink-plugin.wit.
//
// Rejects a record whose value contains "forbidden" and accepts every other one. Sluice gives
// the producer the last warning logged during the call as the reason, so log why you reject.
import { log } from 'blink:plugin/host@0.1.0';

export const plugin = {
  init() {
    log('info', '{{name}} ready');
    return undefined; // option<u16>: no port needed
  },

  onRecord(topic, partition, key, value) {
    if (value.includes('forbidden')) {
      log('warn', 'value contains "forbidden"');
      return false;
    }
    return true;
  },
};
