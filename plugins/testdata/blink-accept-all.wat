;; Blink test plugin that accepts every record at once: the benchmark uses it to measure the
;; host's own cost per record (lowering three strings, the call, the deadline, the pool), with
;; as little guest work as the contract allows. cabi_realloc hands out one scratch area for
;; every string, since on-record never reads them.
(module
  (import "blink:plugin/host@0.1.0" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 2)
  (func (export "cabi_realloc") (param $old i32) (param $oldsz i32) (param $align i32) (param $size i32) (result i32)
    (if (i32.gt_u (local.get $size) (i32.const 65536)) (then unreachable))
    (i32.const 65536))
  (func (export "blink:plugin/plugin@0.1.0#init") (result i32)
    (i32.store8 (i32.const 16) (i32.const 0))
    (i32.const 16))
  (func (export "blink:plugin/plugin@0.1.0#on-record") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (i32.const 1))
)
