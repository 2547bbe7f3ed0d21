// Runs a component under Node through `jco transpile`: what tools/differential.mjs and
// tools/sluice-harness.mjs share.
import { transpile } from '@bytecodealliance/jco';
import * as shim from '@bytecodealliance/preview2-shim';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The plugins/ folder. */
export const plugins = join(dirname(fileURLToPath(import.meta.url)), '..');

// WASI from jco's preview2 shim, keyed the way transpiled code looks imports up.
export function wasiImports() {
  const imports = {};
  for (const [pkg, ifaces] of Object.entries(shim)) {
    for (const [iface, impl] of Object.entries(ifaces)) {
      const kebab = iface.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      imports[`wasi:${pkg}/${kebab}`] = impl;
    }
  }
  return imports;
}

/**
 * Transpiles the component at `file` (relative to plugins/) once and returns a function that
 * instantiates it afresh with the given host imports (WASI comes from the shim). The function's
 * `timings` say how long transpiling and compiling its core modules took, in milliseconds (the
 * benchmark reports them).
 */
export async function load(file) {
  const bytes = await readFile(join(plugins, file));
  const started = performance.now();
  const { files } = await transpile(bytes, { name: 'component', instantiation: 'async' });
  const transpiled = performance.now();
  let compileMs = 0;
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jco-'));
  const modules = new Map();
  let mod;
  try {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), content);
      if (name.endsWith('.wasm')) {
        const t = performance.now();
        modules.set(name, await WebAssembly.compile(content));
        compileMs += performance.now() - t;
      }
    }
    mod = await import(pathToFileURL(join(dir, 'component.js')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const make = (hostImports) =>
    mod.instantiate(async (name) => modules.get(name), { ...wasiImports(), ...hostImports });
  make.timings = { transpile_ms: transpiled - started, compile_ms: compileMs };
  return make;
}

/** Instantiates the component at `file` once. */
export async function instantiate(file, hostImports) {
  return (await load(file))(hostImports);
}
