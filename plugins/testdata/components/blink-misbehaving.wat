;; A Blink plugin as a component (two core modules: one owns the memory) that misbehaves on
;; purpose, chosen by the record's partition, so the engine's tests can check that limits,
;; deadlines and the failure policy hold for components as they do for core modules:
;;   0    traps (unreachable)
;;   1    loops forever
;;   2    logs a message that lies outside its memory
;;   3    logs with level 9, which log-level does not have
;;   100+ grows memory by (partition - 100) pages; rejects with "memory growth refused" if the
;;        host refuses
;;   else accepts
;; Built by plugins/build.sh with `jco parse`.
(component
  (import "blink:plugin/host@0.1.0" (instance $host
    (type $level (enum "trace" "debug" "info" "warn" "error"))
    (export "log-level" (type $level-export (eq $level)))
    (export "log" (func (param "level" $level-export) (param "message" string)))))
  (alias export $host "log" (func $log))

  ;; two pages, so a one-page cap is too small for it
  (core module $memory-module
    (memory (export "memory") 2))
  (core instance $memory-instance (instantiate $memory-module))
  (alias core export $memory-instance "memory" (core memory $memory))

  (core func $log-lowered (canon lower (func $log) (memory $memory) string-encoding=utf8))
  (core instance $host-core (export "log" (func $log-lowered)))

  (core module $plugin
    (import "env" "memory" (memory 2))
    (import "host" "log" (func $log (param i32 i32 i32)))
    (global $heap (mut i32) (i32.const 4096))
    ;; bump allocator, reset by every on-record: the host's strings live for one call
    (func (export "cabi_realloc") (param $old i32) (param $oldsz i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then unreachable))
      (local.get $p))
    (data (i32.const 200) "memory growth refused")
    ;; option<u16>: none, in the return area at 16
    (func (export "init") (result i32)
      (i32.store8 (i32.const 16) (i32.const 0))
      (i32.const 16))
    (func (export "on-record") (param $tp i32) (param $tl i32) (param $part i32) (param $kt i32) (param $kp i32) (param $kl i32) (param $vp i32) (param $vl i32) (result i32)
      (global.set $heap (i32.const 4096))
      (if (i32.eqz (local.get $part)) (then unreachable))
      (if (i32.eq (local.get $part) (i32.const 1)) (then (loop $forever (br $forever))))
      (if (i32.eq (local.get $part) (i32.const 2))
        (then (call $log (i32.const 3) (i32.const -16) (i32.const 100)) (return (i32.const 1))))
      (if (i32.eq (local.get $part) (i32.const 3))
        (then (call $log (i32.const 9) (i32.const 200) (i32.const 6)) (return (i32.const 1))))
      (if (i32.ge_u (local.get $part) (i32.const 100))
        (then
          (if (i32.eq (memory.grow (i32.sub (local.get $part) (i32.const 100))) (i32.const -1))
            (then (call $log (i32.const 3) (i32.const 200) (i32.const 21)) (return (i32.const 0))))))
      (i32.const 1))
  )
  (core instance $plugin-instance (instantiate $plugin
    (with "env" (instance $memory-instance))
    (with "host" (instance $host-core))))

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
