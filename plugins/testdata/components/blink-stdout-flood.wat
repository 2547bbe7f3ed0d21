;; A Blink plugin as a component that prints through WASI 0.2 (wasi:cli/stdout and
;; wasi:io/streams), so the engine's tests can check the per-call output budget for components:
;;   partition 0  writes 64 KiB blocks of 'x' to stdout, without end (only the host can stop it)
;;   else         writes "fine\n" to stdout and accepts
;; Built by plugins/build.sh with `jco parse`.
(component
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type (sub resource)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow 0)) (param "contents" (list u8)) (result (result))))))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type))
    (export "output-stream" (type (eq 0)))
    (export "get-stdout" (func (result (own 1))))))
  (alias export $stdout "get-stdout" (func $get-stdout))

  (core module $memory-module
    (memory (export "memory") 2))
  (core instance $memory-instance (instantiate $memory-module))
  (alias core export $memory-instance "memory" (core memory $memory))

  (core func $get-stdout-lowered (canon lower (func $get-stdout)))
  (core func $write-lowered (canon lower (func $write) (memory $memory)))
  (core func $drop-stream (canon resource.drop $output-stream))
  (core instance $wasi-core
    (export "get-stdout" (func $get-stdout-lowered))
    (export "write" (func $write-lowered))
    (export "drop" (func $drop-stream)))

  (core module $plugin
    (import "env" "memory" (memory 2))
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32) (result i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (global $heap (mut i32) (i32.const 1024))
    (data (i32.const 200) "fine\n")
    ;; bump allocator below the 64 KiB block at 65536, reset by every on-record
    (func (export "cabi_realloc") (param $old i32) (param $oldsz i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $heap) (i32.const 65536)) (then unreachable))
      (local.get $p))
    (func (export "init") (result i32)
      (i32.store8 (i32.const 16) (i32.const 0))
      (i32.const 16))
    (func (export "on-record") (param $tp i32) (param $tl i32) (param $part i32) (param $kt i32) (param $kp i32) (param $kl i32) (param $vp i32) (param $vl i32) (result i32)
      (local $out i32)
      (global.set $heap (i32.const 1024))
      (local.set $out (call $get-stdout))
      (if (i32.eqz (local.get $part))
        (then
          (memory.fill (i32.const 65536) (i32.const 0x78) (i32.const 65536))
          (loop $forever
            (drop (call $write (local.get $out) (i32.const 65536) (i32.const 65536)))
            (br $forever))))
      (drop (call $write (local.get $out) (i32.const 200) (i32.const 5)))
      (call $drop (local.get $out))
      (i32.const 1))
  )
  (core instance $plugin-instance (instantiate $plugin
    (with "env" (instance $memory-instance))
    (with "wasi" (instance $wasi-core))))

  (func $init (result (option u16))
    (canon lift (core func $plugin-instance "init") (memory $memory)))
  (func $on-record (param "topic" string) (param "partition" u32) (param "key" (option string)) (param "value" string) (result bool)
    (canon lift (core func $plugin-instance "on-record") (memory $memory)
      (realloc (core func $plugin-instance "cabi_realloc")) string-encoding=utf8))
  (instance $plugin-export
    (export "init" (func $init))
    (export "on-record" (func $on-record)))
  (export "blink:plugin/plugin@0.1.0" (instance $plugin-export))
)
