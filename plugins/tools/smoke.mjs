// Runs each example core module once under Node's WebAssembly engine, independently of Sluice,
// so a broken hand-written ABI shows up at build time and not only in the Java tests.
import { readFile } from "node:fs/promises";

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();
let failures = 0;

function check(what, actual, expected) {
  const ok = actual === expected;
  if (!ok) failures++;
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}: ${actual}${ok ? "" : ` (expected ${expected})`}`);
}

// WASI calls a plugin may make during these calls: all answered with "nothing here".
const wasi = new Proxy({}, { get: (_, name) => (..._args) => (name === "fd_write" ? 8 : 0) });

async function blink(file) {
  let memory;
  const logs = [];
  const imports = {
    "blink:plugin/host@0.1.0": {
      log: (level, ptr, len) => logs.push(decoder.decode(new Uint8Array(memory.buffer, ptr, len))),
    },
    wasi_snapshot_preview1: wasi,
  };
  const { instance } = await WebAssembly.instantiate(await readFile(file), imports);
  const ex = instance.exports;
  memory = ex.memory;
  ex._initialize?.();
  const area = ex["blink:plugin/plugin@0.1.0#init"]();
  check(`${file} init tag`, new Uint8Array(memory.buffer)[area], 0);
  const lower = (s) => {
    const bytes = encoder.encode(s);
    const ptr = ex.cabi_realloc(0, 0, 1, bytes.length);
    new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  };
  return (topic, key, value) => {
    const [tp, tl] = lower(topic);
    const [kp, kl] = key === null ? [0, 0] : lower(key);
    const [vp, vl] = lower(value);
    return ex["blink:plugin/plugin@0.1.0#on-record"](tp, tl, 0, key === null ? 0 : 1, kp, kl, vp, vl) !== 0;
  };
}

for (const file of ["blink/content-filter.wasm", "blink/content-filter-c.wasm"]) {
  const onRecord = await blink(file);
  check(`${file} accepts an ordinary record`, onRecord("orders", null, "hello"), true);
  check(`${file} rejects an empty value`, onRecord("orders", null, ""), false);
  check(`${file} rejects a sensitive topic without key`, onRecord("sensitive-data", null, "x"), false);
  check(`${file} accepts a sensitive topic with key`, onRecord("sensitive-data", "k", "x"), true);
  check(`${file} rejects a password`, onRecord("orders", "k", "my password is 123"), false);
}
const demo = await blink("blink/demo-plugin.wasm");
check("blink/demo-plugin.wasm accepts", demo("t", "k", "v"), true);

if (failures) {
  console.error(`smoke test: ${failures} failure(s)`);
  process.exit(1);
}
