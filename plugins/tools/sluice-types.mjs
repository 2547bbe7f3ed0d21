// Writes the TypeScript declarations of the `sluice:plugin@0.1.0` world for a JavaScript guest
// (what `jco guest-types` gives) into sdk/js/types/. jco's CLI cannot read the WIT file here (its
// WASI sandbox grants no file access), so the WIT text goes to jco's bindgen component directly
// (not among the package's exports, hence the path).
//
//   node tools/sluice-types.mjs        (plugins/build.sh runs it)
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { $init, generateTypes } from '../node_modules/@bytecodealliance/jco-transpile/vendor/js-component-bindgen-component.js';
import { plugins } from './jco-run.mjs';

const wit = join(plugins, 'sdk/wit/sluice-plugin.wit');
const out = join(plugins, 'sdk/js/types');

await $init;
const files = generateTypes('sluice-plugin', {
  wit: { tag: 'source', val: await readFile(wit, 'utf8') },
  world: 'sluice-plugin',
  guest: true,
  tlaCompat: false,
  features: { tag: 'list', val: [] },
});
await rm(out, { recursive: true, force: true });
for (const [name, bytes] of files) {
  await mkdir(dirname(join(out, name)), { recursive: true });
  await writeFile(join(out, name), bytes);
  console.log(`  sdk/js/types/${name}`);
}
