// The benchmark's records file (format in BenchRecords.java), read by the Node harnesses
// (blink-bench.mjs, js-bench.mjs): each record as bytes, the key null when there is none.
import { readFileSync } from 'node:fs';

export function readRecords(path) {
  const data = readFileSync(path);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  const truncated = () => new Error(`${path}: truncated at byte ${at}`);
  const u32 = () => {
    if (at + 4 > data.length) throw truncated();
    const v = view.getUint32(at, true);
    at += 4;
    return v;
  };
  const bytes = (n) => {
    if (at + n > data.length) throw truncated();
    const b = data.slice(at, at + n); // a copy, not a view of the file buffer
    at += n;
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  };
  const count = u32();
  // A record takes at least 16 bytes.
  if (count === 0 || count > (data.length - 4) / 16) {
    throw new Error(`${path}: implausible record count ${count}`);
  }
  const records = [];
  for (let i = 0; i < count; i++) {
    const partition = u32();
    const topic = bytes(u32());
    const keyAt = at;
    const keyLen = u32() | 0;
    if (keyLen < -1) throw new Error(`${path}: negative key length at byte ${keyAt}`);
    const key = keyLen >= 0 ? bytes(keyLen) : null;
    const value = bytes(u32());
    records.push({ partition, topic, key, value });
  }
  if (at !== data.length) throw new Error(`${path}: trailing bytes after the last record at byte ${at}`);
  return records;
}
