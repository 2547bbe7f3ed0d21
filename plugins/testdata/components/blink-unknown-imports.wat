;; A Blink plugin component that imports two interfaces Sluice does not provide (validation must
;; name both) and one that only declares types (which needs no host and must not be named).
;; Built by plugins/build.sh with `jco parse`.
(component
  (import "blink:plugin/host@0.1.0" (instance $host
    (type $level (enum "trace" "debug" "info" "warn" "error"))
    (export "log-level" (type (eq $level)))
    (export "log" (func (param "level" 1) (param "message" string)))))
  (import "acme:metrics/counters@1.0.0" (instance
    (export "incr" (func (param "by" u32)))))
  (import "wasi:keyvalue/store@0.2.0-draft" (instance
    (export "get" (func (param "key" u32) (result u32)))))
  (import "acme:types/shared@1.0.0" (instance
    (type $point (record (field "x" s32) (field "y" s32)))
    (export "point" (type (eq $point)))))

  (core module $plugin
    (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
    (func (export "init") (result i32) (i32.store8 (i32.const 16) (i32.const 0)) (i32.const 16))
    (func (export "on-record") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32) (i32.const 1)))
  (core instance $i (instantiate $plugin))
  (alias core export $i "memory" (core memory $memory))

  (func $init (result (option u16)) (canon lift (core func $i "init") (memory $memory)))
  (func $on-record (param "topic" string) (param "partition" u32) (param "key" (option string)) (param "value" string) (result bool)
    (canon lift (core func $i "on-record") (memory $memory) (realloc (core func $i "cabi_realloc")) string-encoding=utf8))
  (instance $plugin-export
    (export "init" (func $init))
    (export "on-record" (func $on-record)))
  (export "blink:plugin/plugin@0.1.0" (instance $plugin-export))
)
