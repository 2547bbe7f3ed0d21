;; Blink test plugin that misbehaves in a different way for each partition:
;;   0 unreachable            3 logs invalid UTF-8        6 loops forever
;;   1 out-of-bounds load      4 logs from outside memory  anything else: accepts
;;   2 unbounded recursion     5 logs with level 9
(module
  (import "blink:plugin/host@0.1.0" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  ;; bump allocator: strings the host passes in are released all at once when on-record ends
  (func (export "cabi_realloc") (param $old i32) (param $oldsz i32) (param $align i32) (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))) (i32.const -1))
        (then unreachable))))
    (local.get $p))
  (data (i32.const 300) "\ff\fe\fd")
  (func $recurse (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  (func (export "blink:plugin/plugin@0.1.0#init") (result i32)
    (i32.store8 (i32.const 16) (i32.const 0))
    (i32.const 16))
  (func (export "blink:plugin/plugin@0.1.0#on-record") (param $tp i32) (param $tl i32) (param $part i32) (param $kt i32) (param $kp i32) (param $kl i32) (param $vp i32) (param $vl i32) (result i32)
    (global.set $heap (i32.const 4096))
    (block $ok
      (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
        (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $ok (local.get $part)))
        unreachable)
        (drop (i32.load (i32.const 0xfffffff0))) (br $ok))
        (drop (call $recurse (i32.const 0))) (br $ok))
        (call $log (i32.const 2) (i32.const 300) (i32.const 3)) (br $ok))
        (call $log (i32.const 2) (i32.const 0x7ffffff0) (i32.const 64)) (br $ok))
        (call $log (i32.const 9) (i32.const 0) (i32.const 0)) (br $ok))
        (loop $forever (br $forever)))
    (i32.const 1))
)
