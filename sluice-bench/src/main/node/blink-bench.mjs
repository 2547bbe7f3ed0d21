// The Blink content filter's core module under Node.js (V8), timed inside Node: the same
// records, the same `log` import and the same canonical-ABI lowering (every string copied into
// memory the guest allocates with cabi_realloc) as Sluice does.
//
//   node blink-bench.mjs PLUGIN.wasm RECORDS_FILE [--rounds N] [--min-time-ms T] [--warmup-ms W]
//
// Prints one JSON line: ns per record for every round and how many records were accepted.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const [pluginPath, recordsPath, ...rest] = process.argv.slice(2);
if (!pluginPath || !recordsPath) {
  console.error('usage: node blink-bench.mjs PLUGIN.wasm RECORDS_FILE [--rounds N] [--min-time-ms T] [--warmup-ms W]');
  process.exit(2);
}
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 ? Number(rest[i + 1]) : fallback;
};
const rounds = option('--rounds', 10);
const minTimeNs = BigInt(Math.round(option('--min-time-ms', 200) * 1e6));
const warmupNs = BigInt(Math.round(option('--warmup-ms', 1000) * 1e6));

function readRecords(path) {
  const data = readFileSync(path);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  const u32 = () => {
    if (at + 4 > data.length) throw new Error(`${path} is truncated at byte ${at}`);
    const v = view.getUint32(at, true);
    at += 4;
    return v;
  };
  const bytes = (n) => {
    if (at + n > data.length) throw new Error(`${path} is truncated at byte ${at}`);
    const b = data.subarray(at, at + n);
    at += n;
    return new Uint8Array(b);
  };
  const count = u32();
  const records = [];
  for (let i = 0; i < count; i++) {
    const partition = u32();
    const topic = bytes(u32());
    const keyLen = view.getInt32(at, true);
    at += 4;
    const key = keyLen >= 0 ? bytes(keyLen) : null;
    const value = bytes(u32());
    records.push({ partition, topic, key, value });
  }
  return records;
}

let records;
let module;
try {
  records = readRecords(recordsPath);
  module = await WebAssembly.compile(readFileSync(pluginPath));
} catch (e) {
  console.error(`blink-bench: ${e.message}`);
  process.exit(2);
}

const decoder = new TextDecoder('utf-8', { fatal: true });
let memory;
let lastWarning = null;
const wasi = new WASI({ version: 'preview1', args: [], env: {}, preopens: {} });
const imports = {
  'blink:plugin/host@0.1.0': {
    log(level, ptr, len) {
      const message = decoder.decode(new Uint8Array(memory.buffer, ptr, len));
      if (level >= 3) lastWarning = message;
    },
  },
};
if (WebAssembly.Module.imports(module).some((i) => i.module === 'wasi_snapshot_preview1')) {
  Object.assign(imports, wasi.getImportObject());
}
const instance = await WebAssembly.instantiate(module, imports);
const exports = instance.exports;
memory = exports.memory;
if (exports._initialize) wasi.initialize(instance);
exports['blink:plugin/plugin@0.1.0#init']();
const realloc = exports.cabi_realloc;
const onRecord = exports['blink:plugin/plugin@0.1.0#on-record'];

function lower(bytes) {
  const ptr = realloc(0, 0, 1, bytes.length);
  new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

function pass() {
  let accepted = 0;
  for (const r of records) {
    lastWarning = null;
    const topicPtr = lower(r.topic);
    const keyPtr = r.key ? lower(r.key) : 0;
    const valuePtr = lower(r.value);
    accepted += onRecord(topicPtr, r.topic.length, r.partition, r.key ? 1 : 0, keyPtr,
      r.key ? r.key.length : 0, valuePtr, r.value.length) !== 0 ? 1 : 0;
  }
  return accepted;
}

const accepted = pass();
let sink = 0;
for (const t0 = process.hrtime.bigint(); process.hrtime.bigint() - t0 < warmupNs;) sink += pass();
const perRecord = [];
for (let round = 0; round < rounds; round++) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t;
  do {
    sink += pass();
    n += records.length;
    t = process.hrtime.bigint();
  } while (t - t0 < minTimeNs);
  perRecord.push(Number(t - t0) / n);
}
if (sink < 0) console.error('unreachable');
console.log(JSON.stringify({
  engine: 'node-v8', node: process.version, plugin: basename(pluginPath),
  records: records.length, accepted, ns_per_record: perRecord.map((x) => Number(x.toFixed(3))),
}));
