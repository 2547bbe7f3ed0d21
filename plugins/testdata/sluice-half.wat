;; A component that half-implements sluice:plugin@0.1.0 (init, on-stored, on-event missing,
;; on-records returning bool): plugins/build.sh makes testdata/sluice-half.wasm from this and
;; sluice-half.wit, for the test that validation names every problem.
(module
  (import "sluice:plugin/host@0.1.0" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (local.get 3)))
    (local.get $p))
  (func (export "sluice:plugin/plugin@0.1.0#on-records") (param i32 i32) (result i32)
    (i32.const 1)))
