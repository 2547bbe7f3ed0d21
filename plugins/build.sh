#!/usr/bin/env bash
# Rebuilds every plugin binary in this folder from its sources, installing the toolchains it needs
# (Debian packages and npm only; nothing else is reachable from the build machines). The Rust
# toolchain is tools/cargo-wasm's, which installs what it needs into .toolchain itself.
#
#   plugins/build.sh            rebuild everything
#   FORCE_JS=1 plugins/build.sh also rebuild the JavaScript plugin when its inputs are unchanged
#
# Outputs (committed, so the test suite needs no toolchain):
#   blink/demo-plugin.wasm, blink/demo-plugin-component.wasm      Rust, core module and component
#   blink/content-filter.wasm, blink/content-filter-component.wasm
#   blink/content-filter-c.wasm                                    C (wasi-libc reactor)
#   blink/content-filter-js.wasm                                   JavaScript (ComponentizeJS)
#   ourchat/spam-filter.wasm, ourchat/message-logger.wasm          C, freestanding
#   ourchat/moderator.wasm, ourchat/greeter.wasm                   C, freestanding (set_message,
#                                                                  set_header, event hooks)
#   sluice/audit-publisher.wasm, sluice/audit-counter.wasm         Rust, the events example pair
#   testdata/*.wasm                                                from testdata/*.c (freestanding C)
#   testdata/*.wasm                                                from testdata/*.wat
#   testdata/components/*.wasm                                     from component .wat (jco parse)
#   testdata/components/kitchen-sink-js.wasm                      every WIT type (ComponentizeJS)
#   testdata/components/expected/*.json                           the components' answers under Node
#   sluice/enricher-rust.wasm                                      Rust SDK, http.send (issue 10)
#   testdata/components/swap-filter-{a,b}.wasm                   the two versions the
#                                                                  zero-downtime test swaps
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
toolchain="$here/.toolchain" # scratch space for intermediate files (tools/cargo-wasm keeps Rust's here too)
step=""
trap 'echo "build.sh: FAILED during: $step" >&2' ERR

say() { step="$1"; printf '==> %s\n' "$1"; }

need_packages=()
for pkg in clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt binaryen; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_packages+=("$pkg")
done
if ((${#need_packages[@]})); then
  say "installing Debian packages: ${need_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

if [ ! -d node_modules/@bytecodealliance/jco ] || [ ! -d node_modules/@bytecodealliance/componentize-js ]; then
  say "installing jco and ComponentizeJS (npm ci)"
  npm ci --no-audit --no-fund --silent
fi

say "building the Rust plugins (tools/cargo-wasm: wasm32-wasip1, std rebuilt from source)"
(cd src/rust && "$here/tools/cargo-wasm" build --quiet --release)
cp src/rust/target/wasm32-wasip1/release/demo_plugin.wasm blink/demo-plugin.wasm
cp src/rust/target/wasm32-wasip1/release/content_filter.wasm blink/content-filter.wasm

say "testing the Rust SDK's byte search, numbers and inline strings, and mask-digits' digit masking, on the host (the SDK's other tests need wasm32's layout)"
for unit in bytes small; do
  /usr/bin/rustc --edition 2021 --test -o "$toolchain/sdk-$unit-test" "sdk/rust/sluice-plugin/src/$unit.rs"
  "$toolchain/sdk-$unit-test" -q >/dev/null
done
/usr/bin/rustc --edition 2021 --test -o "$toolchain/transform-digits-test" src/rust/sluice-transform/src/digits.rs
"$toolchain/transform-digits-test" -q >/dev/null

say "building the C plugins"
clang --target=wasm32-wasi -O2 -mexec-model=reactor \
  -o blink/content-filter-c.wasm src/c/content-filter.c
clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry \
  -o ourchat/spam-filter.wasm src/c/ourchat-spam-filter.c
clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry \
  -o ourchat/message-logger.wasm src/c/ourchat-message-logger.c
for pair in ourchat-moderator:moderator ourchat-greeter:greeter; do
  clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -Wall -Wextra -Werror \
    -o "ourchat/${pair#*:}.wasm" "src/c/${pair%%:*}.c"
done

say "building the Extism plugin the benchmark runs (same C rules, Extism's kernel imports)"
clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry \
  -o bench/extism-content-filter.wasm src/extism/content-filter.c

say "making components (reactor adapter, as Blink's docs do)"
node tools/componentize.mjs blink/demo-plugin.wasm wit/blink-plugin.wit blink-plugin \
  blink/demo-plugin-component.wasm
node tools/componentize.mjs blink/content-filter.wasm wit/blink-plugin.wit blink-plugin \
  blink/content-filter-component.wasm

# ComponentizeJS output is not reproducible (the engine snapshot holds per-run state), so a JS
# component is rebuilt only when its inputs change; their hash is kept next to it.
componentize_js() { # source.js wit world output.wasm
  local inputs
  inputs="$(cat "$1" "$2" package-lock.json | sha256sum | cut -c1-64)"
  if [ "${FORCE_JS:-0}" = 1 ] || [ ! -f "$4" ] || [ "$(cat "${4%.wasm}.inputs.sha256" 2>/dev/null)" != "$inputs" ]; then
    say "building $4 from $1 with ComponentizeJS (it embeds the StarlingMonkey engine: ~12 MB)"
    node node_modules/.bin/componentize-js --wit "$2" --world-name "$3" -o "$4" "$1" >/dev/null
    echo "$inputs" >"${4%.wasm}.inputs.sha256"
  else
    say "$4 up to date (FORCE_JS=1 rebuilds it)"
  fi
}
componentize_js src/js/content-filter/content-filter.js wit/blink-plugin.wit blink-plugin \
  blink/content-filter-js.wasm
componentize_js src/js/kitchen-sink/kitchen-sink.js src/js/kitchen-sink/kitchen-sink.wit \
  kitchen-sink testdata/components/kitchen-sink-js.wasm

say "compiling component test fixtures (testdata/components/*.wat)"
for wat in testdata/components/*.wat; do
  [ -e "$wat" ] || continue
  node node_modules/.bin/jco parse "$wat" -o "${wat%.wat}.wasm" >/dev/null
done

say "compiling test fixtures (testdata/*.c, freestanding)"
for c in testdata/*.c; do
  [ -e "$c" ] || continue
  clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -Wall -Wextra -Werror \
    -o "${c%.c}.wasm" "$c"
done

say "compiling test fixtures (testdata/*.wat)"
for wat in testdata/*.wat; do
  [ -e "$wat" ] || continue
  wat2wasm "$wat" -o "${wat%.wat}.wasm"
done

say "validating every core module"
for wasm in blink/demo-plugin.wasm blink/content-filter.wasm blink/content-filter-c.wasm \
  bench/*.wasm ourchat/*.wasm testdata/*.wasm; do
  wasm-validate --enable-all "$wasm"
done

say "smoke-testing the core modules under Node"
node tools/smoke.mjs

say "running the components under Node (jco transpile) for the differential test"
node tools/differential.mjs

# ==== Sluice's own contract (sluice:plugin@0.1.0): the SDK examples, types and harness ====
# One block, apart from the recipes above, so it merges on its own. The Rust examples
# (src/rust/sluice-*) are members of src/rust's workspace: the Rust build above compiled them
# with the SDK crate (sdk/rust/sluice-plugin). Outputs: sluice/*.wasm, sdk/js/types/,
# testdata/components/expected/sluice-*.json.
sluice_wit=sdk/wit/sluice-plugin.wit
sluice_rust=src/rust/target/wasm32-wasip1/release
mkdir -p sluice "$toolchain/sluice"

say "making the sluice:plugin components of the Rust SDK examples"
for pair in sluice_filter:content-filter sluice_transform:mask-digits sluice_router:json-router sluice_echo:echo sluice_enricher:enricher; do
  wasm-validate --enable-all "$sluice_rust/${pair%%:*}.wasm"
  node tools/componentize.mjs "$sluice_rust/${pair%%:*}.wasm" "$sluice_wit" sluice-plugin "sluice/${pair#*:}-rust.wasm"
done

say "making the two swap-filter versions (the zero-downtime test hot-swaps them)"
for v in a b; do
  wasm-validate --enable-all "$sluice_rust/sluice_swap_$v.wasm"
  node tools/componentize.mjs "$sluice_rust/sluice_swap_$v.wasm" "$sluice_wit" sluice-plugin "testdata/components/swap-filter-$v.wasm"
done

say "making the state examples' components (rate limiter; the benchmark's host-call maker)"
for pair in sluice_rate_limit:rate-limit sluice_host_bench:host-bench; do
  wasm-validate --enable-all "$sluice_rust/${pair%%:*}.wasm"
  node tools/componentize.mjs "$sluice_rust/${pair%%:*}.wasm" "$sluice_wit" sluice-plugin "sluice/${pair#*:}-rust.wasm"
done

say "making the audit pair (Rust: events between plugins) into sluice:plugin components"
for pair in sluice_audit_publisher:audit-publisher sluice_audit_counter:audit-counter; do
  wasm-validate --enable-all "$sluice_rust/${pair%%:*}.wasm"
  node tools/componentize.mjs "$sluice_rust/${pair%%:*}.wasm" "$sluice_wit" sluice-plugin "sluice/${pair#*:}.wasm"
done

say "building the C SDK examples (wasi-libc reactor) into sluice:plugin components"
for pair in sluice-filter:content-filter sluice-echo:echo sluice-accept-all:accept-all; do
  core="$toolchain/sluice/${pair#*:}-c.core.wasm"
  clang --target=wasm32-wasi -O2 -mexec-model=reactor -Wall -Wextra -Werror -I sdk/c -I src/c \
    -o "$core" "src/c/${pair%%:*}.c" sdk/c/sluice_plugin.c
  wasm-validate --enable-all "$core"
  node tools/componentize.mjs "$core" "$sluice_wit" sluice-plugin "sluice/${pair#*:}-c.wasm"
done

componentize_js src/js/sluice-filter/sluice-filter.js "$sluice_wit" sluice-plugin \
  sluice/content-filter-js.wasm

say "writing the JavaScript SDK's TypeScript declarations (sdk/js/types)"
node tools/sluice-types.mjs >/dev/null

say "making testdata/sluice-half.wasm (a component that half-implements the world)"
wat2wasm testdata/sluice-half.wat -o "$toolchain/sluice/half.core.wasm"
node tools/componentize.mjs "$toolchain/sluice/half.core.wasm" testdata/sluice-half.wit half \
  testdata/sluice-half.wasm

say "making testdata/sluice-hostile.wasm (a component answering garbage verdicts on purpose)"
wat2wasm testdata/sluice-hostile.wat -o "$toolchain/sluice/hostile.core.wasm"
node tools/componentize.mjs "$toolchain/sluice/hostile.core.wasm" "$sluice_wit" sluice-plugin \
  testdata/sluice-hostile.wasm

say "running the sluice:plugin components under Node (jco transpile) and recording their answers"
node tools/sluice-harness.mjs

echo "build.sh: sluice:plugin SDK examples rebuilt"

# ==== `sluice plugin new`: the scaffolds build ====
# One project per language for Sluice's contract, written by the command line into a scratch
# folder and built with its own ./build.sh, so CI proves the scaffolds build (the JUnit
# ScaffoldBuildTest covers the other contracts, and builds JavaScript only on request because
# ComponentizeJS is slow). They share this folder's Rust toolchain, a cargo target folder and
# node_modules. SKIP_SCAFFOLDS=1 leaves this out.
if [ "${SKIP_SCAFFOLDS:-0}" != 1 ]; then
  scaffolds="$toolchain/scaffolds"
  rm -rf "$scaffolds"
  mkdir -p "$scaffolds"
  for lang in rust c js; do
    say "sluice plugin new scaffold-$lang --lang $lang --contract sluice, then its ./build.sh"
    "$here/../sluice" plugin new "scaffold-$lang" --lang "$lang" --contract sluice --dir "$scaffolds" >/dev/null
    ln -s "$here/node_modules" "$scaffolds/scaffold-$lang/node_modules"
    SLUICE_TOOLCHAIN="$toolchain" CARGO_TARGET_DIR="$toolchain/scaffold-cargo" \
      "$scaffolds/scaffold-$lang/build.sh" >/dev/null
    node node_modules/.bin/jco wit "$scaffolds/scaffold-$lang/scaffold-$lang.wasm" |
      grep -q "export sluice:plugin/plugin@0.1.0;"
  done
fi

echo "build.sh: all plugins rebuilt"
