;; OurChat test plugin: (msg_ptr, msg_len) hooks and no allocator export, so the host must find
;; scratch memory of its own. The whole first page is the plugin's: it fills the last 16 bytes
;; with a canary and checks on every call that the canary is intact and that the host placed the
;; message outside the page. Either violation is logged as an error and blocks the message.
;; on_plugin_load logs config "greeting" and stores loaded=yes; messages starting with "block"
;; are blocked; on_message_sent stores the message as last_sent.
(module
  (import "ourchat" "log" (func $log (param i32 i32 i32)))
  (import "ourchat" "get_config" (func $get_config (param i32 i32) (result i64)))
  (import "ourchat" "set_config" (func $set_config (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "greeting")
  (data (i32.const 120) "no greeting")
  (data (i32.const 140) "loaded")
  (data (i32.const 150) "yes")
  (data (i32.const 180) "last_sent")
  (data (i32.const 220) "blocked by test plugin")
  (data (i32.const 300) "host wrote into plugin memory")
  (data (i32.const 65520) "CANARY-CANARY-OK")
  (func $intact (result i32)
    ;; "CANARY-C" and "ANARY-OK" as little-endian i64s
    (i32.and
      (i64.eq (i64.load (i32.const 65520)) (i64.const 0x432d5952414e4143))
      (i64.eq (i64.load (i32.const 65528)) (i64.const 0x4b4f2d5952414e41))))
  (func (export "on_plugin_load")
    (local $v i64)
    (local.set $v (call $get_config (i32.const 100) (i32.const 8)))
    (if (i64.eq (local.get $v) (i64.const -1))
      (then (call $log (i32.const 2) (i32.const 120) (i32.const 11)))
      (else
        (if (i32.lt_u (i32.wrap_i64 (i64.shr_u (local.get $v) (i64.const 32))) (i32.const 65536))
          (then (call $log (i32.const 4) (i32.const 300) (i32.const 29))))
        (call $log (i32.const 2)
                 (i32.wrap_i64 (i64.shr_u (local.get $v) (i64.const 32)))
                 (i32.wrap_i64 (local.get $v)))))
    (call $set_config (i32.const 140) (i32.const 6) (i32.const 150) (i32.const 3)))
  (func (export "on_message_send") (param $msg i32) (param $len i32) (result i32)
    (if (i32.or (i32.eqz (call $intact))
                (i32.and (i32.gt_u (local.get $len) (i32.const 0)) (i32.lt_u (local.get $msg) (i32.const 65536))))
      (then (call $log (i32.const 4) (i32.const 300) (i32.const 29)) (return (i32.const 1))))
    (call $log (i32.const 2) (local.get $msg) (local.get $len))
    (if (i32.and (i32.ge_u (local.get $len) (i32.const 5))
                 (i32.and (i32.eq (i32.load (local.get $msg)) (i32.const 0x636f6c62))
                          (i32.eq (i32.load8_u offset=4 (local.get $msg)) (i32.const 0x6b))))
      (then (call $log (i32.const 3) (i32.const 220) (i32.const 22)) (return (i32.const 1))))
    (i32.const 0))
  (func (export "on_message_sent") (param $msg i32) (param $len i32)
    (call $set_config (i32.const 180) (i32.const 9) (local.get $msg) (local.get $len)))
)
