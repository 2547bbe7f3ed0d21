// Turns a Blink core module into a component the way Blink's docs do with
// `wasm-tools component new … --adapt wasi_snapshot_preview1=…reactor.wasm`:
// embed the WIT world into the module, then wrap it with the WASI preview 1 reactor adapter.
//
// jco's CLI cannot read the WIT file here (its sandbox grants no file access), so the WIT text is
// passed to jco's JavaScript API as a string.
//
// usage: node tools/componentize.mjs <core.wasm> <wit file> <world> <out.wasm>
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { componentEmbed, componentNew, componentWit } from "@bytecodealliance/jco";

const [core, witFile, world, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node tools/componentize.mjs <core.wasm> <wit file> <world> <out.wasm>");
  process.exit(2);
}
const adapterPath = fileURLToPath(
  new URL("../node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm", import.meta.url),
);

const embedded = await componentEmbed({
  binary: await readFile(core),
  witSource: await readFile(witFile, "utf8"),
  world,
});
const component = await componentNew(embedded, [
  ["wasi_snapshot_preview1", await readFile(adapterPath)],
]);
await writeFile(out, component);

// Check the result describes the world we meant (its package's `plugin` export and `host`
// import: both the Blink and the Sluice worlds have them), so a broken build fails here.
const wit = await componentWit(component);
const pkg = (await readFile(witFile, "utf8")).match(/^package\s+([^@;\s]+)@([^;\s]+);/m);
const [name, version] = pkg ? [pkg[1], pkg[2]] : ["?", "?"];
if (!wit.includes(`export ${name}/plugin@${version}`) || !wit.includes(`import ${name}/host@${version}`)) {
  console.error(wit);
  throw new Error(`${out}: the component does not have the ${world} world of ${witFile}`);
}
console.log(`  ${out}: ${component.length} bytes`);
