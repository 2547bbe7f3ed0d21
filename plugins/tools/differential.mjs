// Runs the example components under Node, through `jco transpile`, and writes what they answered
// to testdata/components/expected/*.json. sluice-component's DifferentialTest runs the same
// components with the same inputs on the JVM and must get the same answers: an independent
// implementation of the canonical ABI checking ours.
//
//   node tools/differential.mjs          (plugins/build.sh runs it)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { instantiate, plugins } from './jco-run.mjs';

const out = join(plugins, 'testdata/components/expected');

// The same records the Java side sends; each answer lists the lines the plugin logged for it.
const RECORDS = [
  ['orders', 0, undefined, 'hello'],
  ['sensitive-data', 1, 'k', 'x'],
  ['orders', 2, undefined, ''],
  ['sensitive-data', 3, undefined, 'x'],
  ['orders', 4294967295, 'clé', 'my password is 123'],
  ['日本', 7, '🦀', 'ünïcödé value'],
];

async function blink(file) {
  let logged = [];
  const instance = await instantiate(file, {
    'blink:plugin/host': { log: (level, message) => logged.push(`${level} ${message}`) },
  });
  const plugin = instance.plugin ?? instance['blink:plugin/plugin@0.1.0'];
  const answers = [];
  const port = plugin.init();
  answers.push({ call: 'init', result: port ?? null, logged });
  for (const [topic, partition, key, value] of RECORDS) {
    logged = [];
    const result = plugin.onRecord(topic, partition, key, value);
    answers.push({ call: `on-record ${topic} ${partition}`, result, logged });
  }
  return answers;
}

// The fixed value the Java side builds too (DifferentialTest.FIXED).
const FIXED = {
  b: true,
  i8: -7, n8: 250, i16: -1000, n16: 60000, i32: -100000, n32: 4000000000,
  i64: -5000000000n, n64: 17000000000000000000n,
  f: 1.25, d: -0.000123,
  c: 'ß',
  s: 'fixed ✓',
  bytes: new Uint8Array([0, 1, 254, 255]),
  words: ['one', 'twö', ''],
  p: { x: 1, y: -1 },
  t: [9, 'nine', 9.5],
  sh: { tag: 'rect', val: { x: 2, y: 3 } },
  col: 'blue',
  o: 'present',
  oo: { tag: 'some', val: 7 },
  r: { tag: 'err', val: 'bad' },
  unit: { tag: 'ok', val: undefined },
  fl: { read: true, write: false, exec: true },
  shapes: [{ tag: 'empty' }, { tag: 'circle', val: 0.5 }],
  nested: [undefined, { x: 5, y: 6 }],
};

async function kitchenSink() {
  const tallies = { created: 0, dropped: 0 };
  class Tally {
    constructor(start) {
      this.value = start;
      tallies.created++;
    }
    add(by) {
      this.value += by;
      return this.value;
    }
  }
  const instance = await instantiate('testdata/components/kitchen-sink-js.wasm', {
    'test:kitchen/host': {
      Tally,
      echo: (e) => e,
      // Answers with its arguments and -2^40 in the s64 slot the parameters lack.
      flat: (a, b, c, e, f, g, h) => [a, b, c, -1099511627776n, e, f, g, h],
    },
  });
  const api = instance.api;
  const answers = { 'describe-fixed': api.describe(FIXED) };
  for (let seed = 0; seed < 5; seed++) {
    answers[`make-${seed}`] = api.describe(api.make(seed));
  }
  answers.many = api.many(1, 2n, 'c', 4, 5n, 'f', 7, 8n, 'i', 10, 11n, 'l', 13, 14n, 'o');
  answers.tally = String(api.tally(10, [1, 2, 3, -100]));
  answers.lengths = Array.from(api.lengths(['', 'a', 'héllo', '🦀']));
  answers['describe-flat'] = api.describeFlat(200, -300, 4000000000, -5000000000000n, 0.1, 2.5, '🦀', true);
  return answers;
}

// Strings into UTF-8 and UTF-16 guest memory and back (DifferentialTest.STRINGS).
const STRINGS = ['', 'plain ascii', 'héllo wörld', '日本語', '🦀 and 𝄞', 'a\u0000b', 'ÿ'.repeat(100)];

async function strings() {
  const instance = await instantiate('testdata/components/strings.wasm', {});
  return STRINGS.map((s) => ({
    echo8: instance.echo8(s),
    echo16: instance.echo16(s),
    length8: instance.length8(s),
    length16: instance.length16(s),
  }));
}

await mkdir(out, { recursive: true });
const results = {
  'content-filter-component': await blink('blink/content-filter-component.wasm'),
  'demo-plugin-component': await blink('blink/demo-plugin-component.wasm'),
  'content-filter-js': await blink('blink/content-filter-js.wasm'),
  'kitchen-sink-js': await kitchenSink(),
  strings: await strings(),
};
for (const [name, answers] of Object.entries(results)) {
  await writeFile(join(out, `${name}.json`), `${JSON.stringify(answers, null, 2)}\n`);
  console.log(`  testdata/components/expected/${name}.json`);
}
