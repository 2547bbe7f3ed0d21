// Runs the `sluice:plugin@0.1.0` example components (plugins/sluice/*.wasm) under Node through
// `jco transpile`, with JavaScript implementations of the world's imports, and writes every
// call and answer to testdata/components/expected/sluice-<plugin>.json. The Java host must give
// the same answers for the same inputs (each file holds its inputs too).
//
// It also checks, and fails the build when they do not hold:
// - the Rust, C and JavaScript builds of one plugin answer exactly the same;
// - the echo plugin's answers mirror its inputs field by field (computed here, independently of
//   the plugin), so every type of the world round-trips through each SDK's bindings.
//
//   node tools/sluice-harness.mjs        (plugins/build.sh runs it)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load, plugins } from './jco-run.mjs';

const out = join(plugins, 'testdata/components/expected');
const utf8 = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });

// ---- JSON forms, as /produce and /fetch write them: text when UTF-8, else *_base64 ----

function bytesJson(name, bytes) {
  try {
    return { [name]: strict.decode(bytes) };
  } catch {
    return { [`${name}_base64`]: Buffer.from(bytes).toString('base64') };
  }
}

const headersJson = (headers) => headers.map((h) => ({ key: h.key, ...bytesJson('value', h.value) }));

function recordJson(r) {
  return {
    topic: r.topic,
    partition: r.partition,
    ...(r.key === undefined ? { key: null } : bytesJson('key', r.key)),
    ...bytesJson('value', r.value),
    headers: headersJson(r.headers),
    timestamp: String(r.timestamp),
  };
}

function outputJson(o) {
  return {
    topic: o.topic ?? null,
    partition: o.partition ?? null,
    ...(o.key === undefined ? { key: null } : bytesJson('key', o.key)),
    ...bytesJson('value', o.value),
    headers: headersJson(o.headers),
    timestamp: o.timestamp === undefined ? null : String(o.timestamp),
  };
}

function verdictJson(v) {
  switch (v.tag) {
    case 'accept':
      return 'accept';
    case 'reject':
      return { reject: v.val };
    case 'replace':
      return { replace: v.val.map(outputJson) };
    default:
      throw new Error(`unknown verdict ${JSON.stringify(v)}`);
  }
}

// ---- inputs ----

const b = (text) => (typeof text === 'string' ? utf8.encode(text) : Uint8Array.from(text));
const header = (key, value) => ({ key, value: b(value) });
function rec(topic, partition, key, value, headers = [], timestamp = 1700000000000n) {
  return { topic, partition, key: key === undefined ? undefined : b(key), value: b(value), headers, timestamp };
}

// Every shape of record the world allows: key none and empty, empty and binary values,
// repeated header keys, extreme partitions and timestamps, text that is not ASCII.
const MIXED = [
  rec('orders', 0, undefined, 'hello'),
  rec('sensitive-data', 1, 'k', 'x'),
  rec('orders', 2, undefined, ''),
  rec('sensitive-data', 3, undefined, 'x'),
  rec('orders', 4294967295, 'clé', 'my password is 123', [header('a', '1'), header('a', '2'), header('b', '')], -1n),
  rec('日本', 7, '🦀', 'ünïcödé 42', [header('ключ', 'значение')], 0n),
  rec('bin', 5, [0, 255], [0xff, 0xfe, 0x00, 0x31, 0x32, 0x80], [header('bin', [0xff]), header('bin', [0x00])],
    9007199254740993n),
  rec('orders', 6, '', 'card 4111-1111-1111-1111', [], -9223372036854775808n),
  rec('events', 8, 'e1', '{"type":"order","id":1}', [header('trace', 't1')], 9223372036854775807n),
  rec('events', 9, undefined, ' { "id": 2, "type" : "refund" } '),
  rec('events', 10, 'e3', '{"type":"unknown"}'),
  rec('events', 11, 'e4', '{"id":3}'),
  rec('events', 12, 'e5', '[1,2]'),
  rec('events', 13, 'e6', '{"nested":{"type":"x","a":[1,{"b":"c"}]},"type":"payment","n":-1.5e3,"ok":true}'),
  rec('events', 14, 'e7', '{"type":"ord\\u0065r","z":null}'),
  rec('events', 15, 'e8', '{"type":"order"'),
];

// A batch bigger than the SDKs' 64 KiB argument arena, so it spills and is reset after.
function bulk() {
  const records = [];
  for (let i = 0; i < 200; i++) {
    const value = new Uint8Array(1000);
    for (let j = 0; j < value.length; j++) value[j] = (i * 7 + j) % 251;
    const key = i % 3 === 0 ? undefined : [i & 255];
    records.push(rec('bulk', i, key, value, [header('n', String(i))], BigInt(i)));
  }
  return records;
}
const BULK_DESCRIPTION =
  '200 records i=0..199: topic "bulk", partition i, key none when i%3==0 else [i&255], ' +
  'value 1000 bytes (i*7+j)%251, headers [n=<i>], timestamp i';

const VERDICTS = (...names) => names.map((n) => header('verdict', n));
const ECHO_BATCH = [
  rec('t', 1, 'key', 'value', [header('verdict', 'replace'), header('x', [0, 1]), header('x', 'again')], 42n),
  rec('t', 4294967295, undefined, [0xc3, 0x28], VERDICTS('replace'), -42n),
  rec('t', 0, 'k', 'no', VERDICTS('reject')),
  rec('t', 0, undefined, '', VERDICTS('drop')),
  rec('t', 0, 'k', 'first header wins', VERDICTS('accept', 'reject')),
  rec('t', 0, 'k', 'no header at all'),
  rec('日本', 3, [0xff], [0xff, 0xfe], [header('verdict', 'reject'), header('🦀', [0xff])], 9007199254740993n),
];

// ---- the host's side of the world, in JavaScript ----

function host({ plugin, config = {}, granted }) {
  const calls = [];
  const state = new Map();
  const deny = (permission) => {
    throw { payload: `permission '${permission}' is not granted to plugin ${plugin} (settings: plugins.${plugin}.permissions)` };
  };
  const hex = (bytes) => Buffer.from(bytes).toString('hex');
  const imports = {
    'sluice:plugin/host': {
      log: (level, message) => calls.push(`log ${level} ${message}`),
      config: (key) => config[key],
    },
    'sluice:plugin/metrics': {
      counterAdd: (name, delta) => calls.push(`counter-add ${name} ${delta}`),
      gaugeSet: (name, value) => calls.push(`gauge-set ${name} ${value}`),
      histogramRecord: (name, value) => calls.push(`histogram-record ${name} ${value}`),
    },
    'sluice:plugin/state': {
      get: (key) => (granted.state ? state.get(key) : deny('state')),
      set: (key, value) => {
        if (!granted.state) deny('state');
        state.set(key, Uint8Array.from(value));
      },
      delete: (key) => {
        if (!granted.state) deny('state');
        state.delete(key);
      },
      increment: (key, delta) => {
        if (!granted.state) deny('state');
        const now = BigInt.asIntN(64, (state.get(`#${key}`) ?? 0n) + delta);
        state.set(`#${key}`, now);
        return now;
      },
    },
    'sluice:plugin/events': {
      publish: (channel, payload) => {
        if (!granted.events) deny('events');
        calls.push(`publish ${channel} ${hex(payload)}`);
      },
    },
    'sluice:plugin/http': {
      // Answers without a network: the request reflected, with repeated header names.
      send: (request) => {
        if (!granted.http) deny('http');
        calls.push(`http ${request.method} ${request.url} ${JSON.stringify(request.headers)} ${hex(request.body)}`);
        return {
          status: 201,
          headers: [['content-type', 'application/octet-stream'], ...request.headers],
          body: Uint8Array.from([...utf8.encode(`${request.method} `), ...request.body]),
        };
      },
    },
  };
  return { calls, imports };
}

const ALL = { state: true, events: true, http: true };
const NONE = { state: false, events: false, http: false };

// ---- running a plugin through a script of calls ----

async function run(make, { plugin, config = {}, granted = NONE, steps }) {
  const h = host({ plugin, config, granted });
  const instance = await make(h.imports);
  const api = instance.plugin;
  const answers = [];
  const take = () => h.calls.splice(0);
  for (const step of steps) {
    if (step === 'init') {
      let result;
      try {
        const r = api.init();
        result = { ok: { wants_stored: r.wantsStored, subscriptions: r.subscriptions } };
      } catch (e) {
        if (!('payload' in e)) throw e;
        result = { err: e.payload };
      }
      answers.push({ call: 'init', result, host: take() });
      if (result.err) break;
    } else if (step.records) {
      const verdicts = api.onRecords(step.records);
      assert.equal(verdicts.length, step.records.length, `${plugin}: one verdict per record`);
      const json = verdicts.map(verdictJson);
      if (step.summary) {
        const tally = {};
        for (const v of json) tally[typeof v === 'string' ? v : Object.keys(v)[0]] = (tally[typeof v === 'string' ? v : Object.keys(v)[0]] ?? 0) + 1;
        const sha256 = createHash('sha256').update(JSON.stringify(json)).digest('hex');
        const host = take();
        const hostSha256 = createHash('sha256').update(JSON.stringify(host)).digest('hex');
        answers.push({ call: 'on-records', records: step.summary, verdicts: { tally, sha256 }, host: { calls: host.length, sha256: hostSha256 } });
      } else {
        answers.push({ call: 'on-records', records: step.records.map(recordJson), verdicts: json, host: take() });
      }
      step.check?.(step.records, verdicts);
    } else if (step.stored) {
      api.onStored(step.stored);
      answers.push({ call: 'on-stored', records: step.stored.map(([r, o]) => ({ ...recordJson(r), offset: String(o) })), host: take() });
    } else if (step.event) {
      const [channel, payload] = step.event;
      api.onEvent(channel, payload);
      answers.push({ call: 'on-event', channel, ...bytesJson('payload', payload), host: take() });
    }
  }
  return { plugin, config, granted: Object.keys(granted).filter((k) => granted[k]), answers };
}

const batches = () => [
  { records: MIXED },
  { records: [] },
  { records: bulk(), summary: BULK_DESCRIPTION },
  { records: MIXED.slice(0, 3) },
];

// ---- the echo plugin's answers, worked out here from its documented behaviour ----

const hexOf = (bytes) => Buffer.from(bytes).toString('hex');
function describe(r) {
  const headers = r.headers.map((h) => `${h.key}=${hexOf(h.value)}`).join(',');
  const key = r.key === undefined ? 'none' : hexOf(r.key);
  return `topic=${r.topic} partition=${r.partition} key=${key} value=${hexOf(r.value)} headers=[${headers}] timestamp=${r.timestamp}`;
}

function expectedEcho(r) {
  const first = r.headers.find((h) => h.key === 'verdict');
  const word = first && Buffer.from(first.value).toString();
  const rev = (bytes) => Uint8Array.from(bytes).reverse();
  if (word === 'reject') return { tag: 'reject', val: describe(r) };
  if (word === 'drop') return { tag: 'replace', val: [] };
  if (word !== 'replace') return { tag: 'accept' };
  return {
    tag: 'replace',
    val: [
      {
        topic: `${r.topic}.echo`,
        partition: (r.partition + 1) >>> 0,
        key: r.key === undefined ? undefined : rev(r.key),
        value: rev(r.value),
        headers: [...r.headers].reverse().concat([header('echo', '✓')]),
        timestamp: BigInt.asIntN(64, r.timestamp + 1n),
      },
      { topic: undefined, partition: undefined, key: undefined, value: r.value, headers: [], timestamp: undefined },
    ],
  };
}

function checkEcho(records, verdicts) {
  records.forEach((r, i) => {
    assert.deepEqual(verdictJson(verdicts[i]), verdictJson(expectedEcho(r)), `echo of record ${i}: ${describe(r)}`);
  });
}

const echoScript = (granted) => ({
  config: { 'wants-stored': 'true', subscriptions: 'audit,ünïcode,' },
  granted,
  steps: [
    'init',
    { records: ECHO_BATCH, check: checkEcho },
    { records: [] },
    { records: bulk(), summary: BULK_DESCRIPTION, check: checkEcho },
    { records: MIXED, check: checkEcho },
    { stored: [[ECHO_BATCH[0], 0n], [ECHO_BATCH[1], 18446744073709551615n], [MIXED[6], 9223372036854775813n]] },
    { stored: [] },
    { event: ['audit', b([0, 1, 2, 0xff])] },
    { event: ['ünïcode', b('')] },
  ],
});

// Each plugin: the builds that must agree, and the runs (a fresh instance each).
const PLUGINS = {
  'content-filter': {
    builds: ['rust', 'c', 'js'],
    runs: [{ steps: ['init', ...batches()] }],
  },
  'mask-digits': {
    builds: ['rust'],
    runs: [
      { steps: ['init', ...batches()] },
      { config: { mask: '*' }, steps: ['init', { records: MIXED }] },
      { config: { mask: '12' }, steps: ['init', { records: MIXED }] },
    ],
  },
  'json-router': {
    builds: ['rust'],
    runs: [
      { steps: ['init', ...batches()] },
      { config: { field: 'id', routes: '1=one, 2 = two' }, steps: ['init', { records: MIXED }] },
      { config: { routes: 'order' }, steps: ['init', { records: MIXED }] },
      { config: { routes: ' , ' }, steps: ['init'] },
    ],
  },
  echo: {
    builds: ['rust', 'c'],
    runs: [
      echoScript(ALL),
      echoScript(NONE),
      { config: { subscriptions: 'one' }, steps: ['init', { records: [MIXED[0]] }] },
      { config: { fail: 'as asked' }, steps: ['init'] },
    ],
  },
};

await mkdir(out, { recursive: true });
for (const [name, { builds, runs }] of Object.entries(PLUGINS)) {
  let reference;
  for (const lang of builds) {
    const file = `sluice/${name}-${lang}.wasm`;
    if (!existsSync(join(plugins, file))) throw new Error(`${file} is missing: run plugins/build.sh`);
    const make = await load(file);
    const results = [];
    for (const script of runs) results.push(await run(make, { plugin: name, ...script }));
    if (reference === undefined) {
      reference = { lang, results };
      await writeFile(join(out, `sluice-${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
      console.log(`  testdata/components/expected/sluice-${name}.json (from ${file})`);
    } else {
      assert.deepEqual(results, reference.results, `${file} answers differently from the ${reference.lang} build`);
      console.log(`  ${file} answers as the ${reference.lang} build does`);
    }
  }
}
