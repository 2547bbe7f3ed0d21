;; Blink test plugin whose memory starts at 2048 pages (128 MiB): above the default 64 MiB cap.
(module
  (import "blink:plugin/host@0.1.0" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 2048)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "blink:plugin/plugin@0.1.0#init") (result i32)
    (i32.store8 (i32.const 16) (i32.const 0))
    (i32.const 16))
  (func (export "blink:plugin/plugin@0.1.0#on-record") (param $tp i32) (param $tl i32) (param $part i32) (param $kt i32) (param $kp i32) (param $kl i32) (param $vp i32) (param $vl i32) (result i32)
    (i32.const 1))
)
