;; A sluice:plugin@0.1.0 component whose on-records answers garbage on purpose, chosen by the
;; first byte of the first record's value, for the tests that the host's fast path checks
;; everything the guest hands back (plugins/build.sh makes testdata/sluice-hostile.wasm):
;;   a  every record accepted (the control)
;;   t  a verdict with case 7            m  the verdict list misaligned
;;   o  the return area outside memory   l  a verdict list of 2^28 entries
;;   c  one verdict more than records    u  a reject reason that is not UTF-8
;;   p  an output topic with option tag 2
;;   r  an output value outside memory   h  an output with 2^29 headers
;;   v  a verdict list running past the end of memory
(module
  (import "sluice:plugin/host@0.1.0" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 2)
  (data (i32.const 64) "\ff\fe")
  (global $bump (mut i32) (i32.const 16384))

  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    ;; align up, then bump
    (local.set $p
      (i32.and
        (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get 2))))
    (global.set $bump (i32.add (local.get $p) (local.get 3)))
    (if (i32.gt_u (global.get $bump) (i32.const 131072)) (then unreachable))
    (local.get $p))

  ;; ok(registration { wants-stored: false, subscriptions: [] }): 16 zero bytes at 16
  (func (export "sluice:plugin/plugin@0.1.0#init") (result i32)
    (i32.const 16))

  (func (export "sluice:plugin/plugin@0.1.0#on-stored") (param i32 i32))
  (func (export "sluice:plugin/plugin@0.1.0#on-event") (param i32 i32 i32 i32))

  (func (export "cabi_post_sluice:plugin/plugin@0.1.0#on-records") (param i32)
    (global.set $bump (i32.const 16384)))

  (func (export "sluice:plugin/plugin@0.1.0#on-records") (param $records i32) (param $n i32) (result i32)
    (local $mode i32)
    (local $i i32)
    ;; the mode: the first byte of record 0's value (value ptr at 24, len at 28)
    (local.set $mode (i32.const 97))
    (if (i32.and (i32.gt_u (local.get $n) (i32.const 0))
                 (i32.gt_u (i32.load offset=28 (local.get $records)) (i32.const 0)))
      (then (local.set $mode (i32.load8_u (i32.load offset=24 (local.get $records))))))
    ;; every verdict accept (12 zero bytes each, one spare), and the output area zeroed
    (local.set $i (i32.const 0))
    (block $done
      (loop $zero
        (br_if $done (i32.gt_u (local.get $i) (local.get $n)))
        (i64.store (i32.add (i32.const 2048) (i32.mul (local.get $i) (i32.const 12))) (i64.const 0))
        (i32.store offset=8 (i32.add (i32.const 2048) (i32.mul (local.get $i) (i32.const 12))) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $zero)))
    (i64.store (i32.const 8192) (i64.const 0))
    (i64.store (i32.const 8200) (i64.const 0))
    (i64.store (i32.const 8208) (i64.const 0))
    (i64.store (i32.const 8216) (i64.const 0))
    (i64.store (i32.const 8224) (i64.const 0))
    (i64.store (i32.const 8232) (i64.const 0))
    (i64.store (i32.const 8240) (i64.const 0))
    (i64.store (i32.const 8248) (i64.const 0))
    ;; the return area: (verdicts ptr, len)
    (i32.store (i32.const 512) (i32.const 2048))
    (i32.store (i32.const 516) (local.get $n))
    (if (i32.eq (local.get $mode) (i32.const 116)) ;; t
      (then (i32.store8 (i32.const 2048) (i32.const 7))))
    (if (i32.eq (local.get $mode) (i32.const 111)) ;; o
      (then (return (i32.const 0x7ffffff0))))
    (if (i32.eq (local.get $mode) (i32.const 109)) ;; m
      (then (i32.store (i32.const 512) (i32.const 2049))))
    (if (i32.eq (local.get $mode) (i32.const 108)) ;; l
      (then (i32.store (i32.const 516) (i32.const 0x10000000))))
    (if (i32.eq (local.get $mode) (i32.const 99)) ;; c
      (then (i32.store (i32.const 516) (i32.add (local.get $n) (i32.const 1)))))
    (if (i32.eq (local.get $mode) (i32.const 117)) ;; u: reject("\ff\fe")
      (then
        (i32.store8 (i32.const 2048) (i32.const 1))
        (i32.store (i32.const 2052) (i32.const 64))
        (i32.store (i32.const 2056) (i32.const 2))))
    (if (i32.or (i32.eq (local.get $mode) (i32.const 112))
          (i32.or (i32.eq (local.get $mode) (i32.const 114)) (i32.eq (local.get $mode) (i32.const 104))))
      (then ;; replace([one output at 8192])
        (i32.store8 (i32.const 2048) (i32.const 2))
        (i32.store (i32.const 2052) (i32.const 8192))
        (i32.store (i32.const 2056) (i32.const 1))))
    (if (i32.eq (local.get $mode) (i32.const 112)) ;; p: topic option tag 2
      (then (i32.store8 (i32.const 8192) (i32.const 2))))
    (if (i32.eq (local.get $mode) (i32.const 114)) ;; r: value (ptr, len) at 32
      (then
        (i32.store (i32.const 8224) (i32.const 0xfffffff0))
        (i32.store (i32.const 8228) (i32.const 100))))
    (if (i32.eq (local.get $mode) (i32.const 104)) ;; h: headers (ptr, len) at 40
      (then
        (i32.store (i32.const 8232) (i32.const 8192))
        (i32.store (i32.const 8236) (i32.const 0x20000000))))
    (if (i32.eq (local.get $mode) (i32.const 118)) ;; v: the list runs past the end of memory
      (then (i32.store (i32.const 512) (i32.const 131060))))
    (i32.const 512)))
