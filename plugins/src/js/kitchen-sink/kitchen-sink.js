// The guest half of the differential test (see kitchen-sink.wit): describes what it receives as
// JSON and makes values of every type from a seed.
import { Tally, echo, flat } from 'test:kitchen/host@0.1.0';

const json = (value) =>
  JSON.stringify(value, (_, v) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return Array.from(v);
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (Object.is(v, -0)) return '-0';
    return v;
  });

const SHAPES = [
  { tag: 'circle', val: 1.5 },
  { tag: 'rect', val: { x: -3, y: 4 } },
  { tag: 'empty' },
];
const COLORS = ['red', 'green', 'blue'];
const WORDS = ['', 'a', 'héllo', '日本語', '🦀 crab', 'x'.repeat(300)];

function make(seed) {
  const k = seed % 5;
  const value = {
    b: seed % 2 === 0,
    i8: [-128, 127, 0, -1, 42][k],
    n8: [0, 255, 1, 128, 200][k],
    i16: [-32768, 32767, 0, -1, 1234][k],
    n16: [0, 65535, 1, 32768, 4321][k],
    i32: [-2147483648, 2147483647, 0, -1, 123456][k],
    n32: [0, 4294967295, 1, 2147483648, 654321][k],
    i64: [-9223372036854775808n, 9223372036854775807n, 0n, -1n, 1234567890123n][k],
    n64: [0n, 18446744073709551615n, 1n, 9223372036854775808n, 987654321098n][k],
    f: [0.1, -2.5, 3.4028234663852886e38, 1e-45, -0][k],
    d: [0.1, -2.5, 1.7976931348623157e308, 5e-324, Math.PI][k],
    c: ['a', 'é', '日', '🦀', '\u{10FFFF}'][k],
    s: WORDS.slice(0, k + 1).join('|'),
    bytes: Uint8Array.from({ length: k * 3 }, (_, i) => (i * 37 + seed) & 0xff),
    words: WORDS.slice(k),
    p: { x: seed, y: -seed },
    t: [seed & 0xff, `t${seed}`, 0.25 * seed],
    sh: SHAPES[seed % 3],
    col: COLORS[seed % 3],
    o: k % 2 === 0 ? undefined : `some ${seed}`,
    oo: [{ tag: 'none' }, { tag: 'some', val: undefined }, { tag: 'some', val: seed }][k % 3],
    r: k % 2 === 0 ? { tag: 'ok', val: seed } : { tag: 'err', val: `error ${seed}` },
    unit: k % 2 === 0 ? { tag: 'ok', val: undefined } : { tag: 'err', val: undefined },
    fl: { read: k % 2 === 1, write: k >= 2, exec: k === 4 },
    shapes: SHAPES.slice(0, k),
    nested: Array.from({ length: k }, (_, i) => (i % 2 === 0 ? { x: i, y: seed } : undefined)),
  };
  return echo(value);
}

export const api = {
  describe: (e) => json(e),
  make,
  describeFlat(a, b, c, d, e, f, g, h) {
    return json([[a, b, c, d, e, f, g, h], flat(a, b, c, e, f, g, h)]);
  },
  many: (...args) => json(args),
  tally(start, steps) {
    const tally = new Tally(start);
    let last = start;
    for (const step of steps) last = tally.add(step);
    return last;
  },
  lengths: (words) => Uint32Array.from(words, (w) => new TextEncoder().encode(w).length),
};
