// Node's half of the JavaScript row (JsBench.java): a Blink component (the blink:plugin world)
// under Node.js (V8) through `jco transpile`, loaded with plugins/tools/jco-run.mjs, the code the
// differential tests run components with.
//
//   node js-bench.mjs COMPONENT.wasm RECORDS_FILE --seconds S
//
// It times the load (transpiling, compiling the core modules, instantiating and `init`), then runs
// the records (RECORDS_FILE, format in BenchRecords.java, decoded to strings once, outside the
// timed loop) in whole passes for S seconds, in windows that close at the first pass boundary a
// second or more after they opened (the rule JsRow.java follows), and prints one JSON line:
//
//   {"engine":"node-v8","node":"v20…","plugin":"content-filter-js.wasm","transpile_ms":…,
//    "compile_ms":…,"init_ms":…,"accepted":12,"windows":[[start_ms,end_ms,records],…]}
//
// The caller finds the steady state in the windows (Timeline.java). Every pass must accept the
// same records; errors go to stderr, with exit status 2.
import { basename, relative, resolve } from 'node:path';
import { load, plugins } from '../../../../plugins/tools/jco-run.mjs';
import { readRecords } from './records.mjs';

const USAGE = 'usage: node js-bench.mjs COMPONENT.wasm RECORDS_FILE --seconds S';

function fail(message) {
  console.error(`js-bench: ${message}`);
  process.exit(2);
}

const [componentPath, recordsPath, flag, secondsText] = process.argv.slice(2);
if (!componentPath || !recordsPath || flag !== '--seconds' || !(Number(secondsText) > 0)) {
  fail(USAGE);
}
const boundMs = Number(secondsText) * 1000;

const decoder = new TextDecoder('utf-8'); // lossy, as the Java host decodes
let records;
try {
  records = readRecords(recordsPath).map((r) => ({
    topic: decoder.decode(r.topic),
    partition: r.partition,
    key: r.key === null ? undefined : decoder.decode(r.key),
    value: decoder.decode(r.value),
  }));
} catch (e) {
  fail(e.message.includes(recordsPath) ? e.message : `${recordsPath}: ${e.message}`);
}

let plugin;
let make;
let initMs;
try {
  make = await load(relative(plugins, resolve(componentPath)));
  const started = performance.now();
  const instance = await make({ 'blink:plugin/host': { log: () => {} } });
  plugin = instance.plugin ?? instance['blink:plugin/plugin@0.1.0'];
  plugin.init();
  initMs = performance.now() - started;
} catch (e) {
  fail(`${componentPath}: ${e.message}`);
}

function pass() {
  let accepted = 0;
  for (const r of records) {
    if (plugin.onRecord(r.topic, r.partition, r.key, r.value)) accepted++;
  }
  return accepted;
}

const windows = [];
let accepted = -1;
const t0 = performance.now();
let opened = t0;
let count = 0;
let now = t0;
try {
  while (now - t0 < boundMs) {
    const a = pass();
    if (accepted >= 0 && a !== accepted) fail(`${componentPath}: a pass accepted ${a} records, another ${accepted}`);
    accepted = a;
    count += records.length;
    now = performance.now();
    if (now - opened >= 1000) {
      windows.push([opened - t0, now - t0, count].map((x) => Number(x.toFixed(3))));
      opened = now;
      count = 0;
    }
  }
} catch (e) {
  fail(`${componentPath}: ${e.message}`);
}

console.log(JSON.stringify({
  engine: 'node-v8', node: process.version, plugin: basename(componentPath),
  transpile_ms: make.timings.transpile_ms, compile_ms: make.timings.compile_ms, init_ms: initMs,
  accepted, windows,
}));
