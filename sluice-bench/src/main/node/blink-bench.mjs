// The Blink content filter's core module under Node.js (V8), timed inside Node: the same
// records, the same `log` import and the same canonical-ABI lowering as Sluice's host (each
// string, the value even when empty, copied into memory the guest allocates with
// cabi_realloc(0, 0, 1, len) and then owns), so the rows compare engines, not hosts.
//
//   node blink-bench.mjs PLUGIN.wasm RECORDS_FILE [--rounds N] [--min-time-ms T] [--warmup-ms W]
//
// PLUGIN.wasm is a core module (wasm32-wasip1 reactor) exporting memory, cabi_realloc,
// blink:plugin/plugin@0.1.0#init and #on-record, importing blink:plugin/host@0.1.0 log and
// wasi_snapshot_preview1 (given by node:wasi, no files, no environment). RECORDS_FILE is the
// benchmark's records file (format in BenchRecords.java), encoded to bytes once, outside the
// timed loop. After W ms of warm-up (default 1000, for V8's tiers to optimise both the module
// and this loop) it times N rounds (default 10), each looping over all records for at least T ms
// (default 200) with process.hrtime.bigint(), and prints one JSON line to stdout:
//
//   {"engine":"node-v8","node":"v20…","plugin":"content-filter.wasm","records":16,"accepted":12,
//    "ns_per_record":[r1,...,rN]}
//
// "accepted" comes from one pass, so the caller can check every engine made the same decisions.
// Errors go to stderr, with exit status 2. Node prints an ExperimentalWarning for WASI on
// stderr; pass --no-warnings to silence it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';
import { readRecords } from './records.mjs';

const USAGE =
  'usage: node blink-bench.mjs PLUGIN.wasm RECORDS_FILE [--rounds N] [--min-time-ms T] [--warmup-ms W]';

function fail(message) {
  console.error(`blink-bench: ${message}`);
  process.exit(2);
}

const [pluginPath, recordsPath, ...rest] = process.argv.slice(2);
if (!pluginPath || !recordsPath || pluginPath.startsWith('-') || recordsPath.startsWith('-')) {
  console.error(USAGE);
  process.exit(2);
}
const options = { '--rounds': 10, '--min-time-ms': 200, '--warmup-ms': 1000 };
for (let i = 0; i < rest.length; i += 2) {
  if (!(rest[i] in options)) fail(`unknown option ${rest[i]}\n${USAGE}`);
  if (i + 1 >= rest.length) fail(`${rest[i]} needs a value`);
  const v = Number(rest[i + 1]);
  if (!(v > 0)) fail(`${rest[i]} wants a positive number, not '${rest[i + 1]}'`);
  options[rest[i]] = v;
}
const rounds = Math.max(1, Math.floor(options['--rounds']));
const minTimeNs = BigInt(Math.round(options['--min-time-ms'] * 1e6));
const warmupNs = BigInt(Math.round(options['--warmup-ms'] * 1e6));

let records;
try {
  records = readRecords(recordsPath);
} catch (e) {
  fail(e.message.includes(recordsPath) ? e.message : `${recordsPath}: ${e.message}`);
}

const wasi = new WASI({ version: 'preview1', args: [], env: {}, preopens: {} });
const decoder = new TextDecoder('utf-8'); // lossy, as the Java host decodes
let memory;
let lastWarning = null; // the last warn/error of the current call: the rejection reason
const imports = {
  ...wasi.getImportObject(),
  'blink:plugin/host@0.1.0': {
    log(level, ptr, len) {
      const message = decoder.decode(new Uint8Array(memory.buffer, ptr >>> 0, len >>> 0));
      if (level >= 3) lastWarning = message;
    },
  },
};

let exports;
try {
  const module = await WebAssembly.compile(readFileSync(pluginPath));
  const instance = await WebAssembly.instantiate(module, imports);
  exports = instance.exports;
  memory = exports.memory;
  for (const name of ['memory', 'cabi_realloc', 'blink:plugin/plugin@0.1.0#init', 'blink:plugin/plugin@0.1.0#on-record']) {
    if (!exports[name]) throw new Error(`does not export ${name}`);
  }
  // Gives WASI the instance's memory and runs _initialize when the module has one (the C
  // reactor does; the Rust cdylib does not, and must not be left without WASI's memory).
  wasi.initialize(instance);
  exports['blink:plugin/plugin@0.1.0#init']();
} catch (e) {
  fail(`${pluginPath}: ${e.message}`);
}
const realloc = exports.cabi_realloc;
const onRecord = exports['blink:plugin/plugin@0.1.0#on-record'];

function lower(bytes) {
  const ptr = realloc(0, 0, 1, bytes.length);
  new Uint8Array(memory.buffer, ptr >>> 0, bytes.length).set(bytes); // buffer may have grown
  return ptr;
}

function pass() {
  let accepted = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    lastWarning = null;
    const topicPtr = lower(r.topic);
    const key = r.key;
    const keyPtr = key !== null ? lower(key) : 0;
    const valuePtr = lower(r.value);
    const verdict = onRecord(topicPtr, r.topic.length, r.partition, key !== null ? 1 : 0, keyPtr,
      key !== null ? key.length : 0, valuePtr, r.value.length);
    if (verdict !== 0) accepted++;
  }
  return accepted;
}

// One checked pass: the decisions, and a reason logged for every rejection.
let accepted = 0;
try {
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    lastWarning = null;
    const verdict = onRecord(lower(r.topic), r.topic.length, r.partition, r.key !== null ? 1 : 0,
      r.key !== null ? lower(r.key) : 0, r.key !== null ? r.key.length : 0, lower(r.value),
      r.value.length);
    if (verdict !== 0) accepted++;
    else if (lastWarning === null) console.error(`blink-bench: record ${i} rejected without a warning`);
  }
} catch (e) {
  fail(`${pluginPath}: ${e.message}`);
}

// Warm-up, which also sizes a batch of passes between clock reads (hrtime.bigint costs ~100 ns)
// so that reading the clock stays well below 0.1% of the time measured.
let sink = 0;
let passes = 0;
let t0 = process.hrtime.bigint();
let t;
do {
  sink += pass();
  passes++;
  t = process.hrtime.bigint();
} while (t - t0 < warmupNs);
const passNs = Number(t - t0) / passes;
const batch = passNs < 100_000 ? Math.ceil(100_000 / passNs) : 1;

const perRecord = [];
for (let round = 0; round < rounds; round++) {
  let n = 0;
  t0 = process.hrtime.bigint();
  do {
    for (let b = 0; b < batch; b++) sink += pass();
    n += batch * records.length;
    t = process.hrtime.bigint();
  } while (t - t0 < minTimeNs);
  perRecord.push(Number(t - t0) / n);
}
if (sink < 0) console.error('unreachable'); // keeps sink, and so every pass, alive

console.log(JSON.stringify({
  engine: 'node-v8', node: process.version, plugin: basename(pluginPath),
  records: records.length, accepted, ns_per_record: perRecord.map((x) => Number(x.toFixed(3))),
}));
