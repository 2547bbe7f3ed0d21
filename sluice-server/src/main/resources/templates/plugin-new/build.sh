#!/usr/bin/env bash
# Builds {{name}}.wasm, the {{contract_title}} plugin of this folder, offline:
#
#   ./build.sh
#
# It needs only Debian packages and npm (nothing else is reachable from the build machines) and
# says which package to install when a tool is missing. Written by `sluice plugin new`.
set -euo pipefail
cd "$(dirname "$0")"

die() {
  printf 'build.sh: %s\n' "$*" >&2
  exit 1
}
# need_command COMMAND PACKAGE: fails naming the Debian package that provides COMMAND.
need_command() {
  command -v "$1" >/dev/null 2>&1 ||
    die "'$1' is missing: install it with: apt-get install -y --no-install-recommends $2"
}
# need_package PACKAGE WHAT: fails when a Debian package without a command is not installed.
need_package() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' ||
    die "$2 is missing: install it with: apt-get install -y --no-install-recommends $1"
}
{{if sluice|js}}
# jco (the component tools{{if js}} and ComponentizeJS{{end}}), as package-lock.json pins them.
need_node_modules() {
  need_command node nodejs
  if [ ! -d node_modules/@bytecodealliance/jco ] || [ ! -d node_modules/@bytecodealliance/componentize-js ]; then
    need_command npm npm
    echo "==> npm ci (jco and ComponentizeJS, from the npm registry)"
    npm ci --no-audit --no-fund --silent ||
      die "npm ci failed: the npm registry must be reachable (or copy node_modules from a Sluice checkout's plugins/)"
  fi
}
{{end}}
{{if rust}}

# Rust for wasm32-wasip1 without rustup: tools/cargo-wasm rebuilds std from Debian's sources
# (it unpacks them into .toolchain/ the first time; SLUICE_TOOLCHAIN=DIR shares one folder
# between projects, e.g. a Sluice checkout's plugins/.toolchain).
for pkg in rustc-web cargo-web lld-22 wasi-libc; do
  need_package "$pkg" "the Rust toolchain for WebAssembly ($pkg)"
done
echo "==> cargo build (wasm32-wasip1, std rebuilt from source: about half a minute the first time)"
tools/cargo-wasm build --quiet --release
target_dir="${CARGO_TARGET_DIR:-target}"
{{if sluice}}
core="$target_dir/wasm32-wasip1/release/{{crate}}.wasm"
{{end}}
{{if blink|ourchat}}
cp "$target_dir/wasm32-wasip1/release/{{crate}}.wasm" {{name}}.wasm
{{end}}
{{end}}
{{if c}}

need_command clang "clang lld"
need_command wasm-ld lld
{{if sluice|blink}}
need_package wasi-libc "the C library for WASI (wasi-libc)"
need_package libclang-rt-14-dev-wasm32 "clang's WebAssembly runtime library (libclang-rt-14-dev-wasm32)"
{{end}}
{{if sluice}}
mkdir -p target
core=target/{{name}}.core.wasm
echo "==> clang (wasm32-wasi reactor, with the SDK in sdk/c)"
clang --target=wasm32-wasi -O2 -mexec-model=reactor -Wall -Wextra -I sdk/c \
  -o "$core" {{name}}.c sdk/c/sluice_plugin.c
{{end}}
{{if blink}}
echo "==> clang (wasm32-wasi reactor)"
clang --target=wasm32-wasi -O2 -mexec-model=reactor -Wall -Wextra -o {{name}}.wasm {{name}}.c
{{end}}
{{if ourchat}}
echo "==> clang (wasm32, freestanding: no C library, no imports but ourchat's)"
clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -Wall -Wextra \
  -o {{name}}.wasm {{name}}.c
{{end}}
{{end}}
{{if sluice rust|c}}

# A sluice:plugin component: the world's WIT embedded into the core module, wrapped with the
# WASI preview 1 reactor adapter (what `wasm-tools component new --adapt` does).
need_node_modules
echo "==> making the component (jco: WIT embedded, reactor adapter)"
node tools/componentize.mjs "$core" wit/sluice-plugin.wit sluice-plugin {{name}}.wasm
{{end}}
{{if js}}

need_node_modules
echo "==> ComponentizeJS (it embeds a JavaScript engine: about 12 MB, 10-30 s)"
node node_modules/.bin/componentize-js --wit wit/{{wit}} --world-name {{world}} \
  -o {{name}}.wasm {{name}}.js >/dev/null
{{end}}
echo "build.sh: built {{name}}.wasm ($(wc -c <{{name}}.wasm) bytes)"
