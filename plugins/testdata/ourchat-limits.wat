;; OurChat test plugin that pushes the host's per-call limits, chosen by the message's first byte
;; ((msg_ptr, msg_len) hook, no allocator). Bytes 65536.. hold 128 KiB of 'x'. on_plugin_load
;; emits event type 1 "loaded"; on_plugin_enable does nothing (so new instances run two hooks).
;;   'k'  stores 1025 distinct keys with set_config (one more than a plugin may store); allows
;;   'v'  stores a 65537-byte value (one byte more than allowed); allows
;;   'V'  stores a 65536-byte value (the most allowed); allows
;;   'e'  emits 20 events (type 7) of 65536 bytes each; allows
;;   'E'  emits one event, then traps
;;   'r'  warns with 100000 bytes of 'x', then blocks
;;   else allows
(module
  (import "ourchat" "log" (func $log (param i32 i32 i32)))
  (import "ourchat" "set_config" (func $set_config (param i32 i32 i32 i32)))
  (import "ourchat" "emit_event" (func $emit_event (param i32 i32 i32)))
  (memory (export "memory") 4)
  (data (i32.const 100) "big")
  (data (i32.const 110) "v")
  (data (i32.const 120) "loaded")
  (func (export "on_plugin_load")
    (memory.fill (i32.const 65536) (i32.const 0x78) (i32.const 131072))
    (call $emit_event (i32.const 1) (i32.const 120) (i32.const 6)))
  (func (export "on_plugin_enable"))
  (func (export "on_message_send") (param $msg i32) (param $len i32) (result i32)
    (local $op i32)
    (local $i i32)
    (if (i32.eqz (local.get $len)) (then (return (i32.const 0))))
    (local.set $op (i32.load8_u (local.get $msg)))
    (if (i32.eq (local.get $op) (i32.const 0x6b)) ;; k
      (then
        (loop $keys
          ;; key: three letters 'A'+nibble of i, at 200
          (i32.store8 (i32.const 200) (i32.add (i32.const 0x41) (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 15))))
          (i32.store8 (i32.const 201) (i32.add (i32.const 0x41) (i32.and (i32.shr_u (local.get $i) (i32.const 4)) (i32.const 15))))
          (i32.store8 (i32.const 202) (i32.add (i32.const 0x41) (i32.and (local.get $i) (i32.const 15))))
          (call $set_config (i32.const 200) (i32.const 3) (i32.const 110) (i32.const 1))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $keys (i32.lt_u (local.get $i) (i32.const 1025))))))
    (if (i32.eq (local.get $op) (i32.const 0x76)) ;; v
      (then (call $set_config (i32.const 100) (i32.const 3) (i32.const 65536) (i32.const 65537))))
    (if (i32.eq (local.get $op) (i32.const 0x56)) ;; V
      (then (call $set_config (i32.const 100) (i32.const 3) (i32.const 65536) (i32.const 65536))))
    (if (i32.eq (local.get $op) (i32.const 0x65)) ;; e
      (then
        (loop $events
          (call $emit_event (i32.const 7) (i32.const 65536) (i32.const 65536))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $events (i32.lt_u (local.get $i) (i32.const 20))))))
    (if (i32.eq (local.get $op) (i32.const 0x45)) ;; E
      (then
        (call $emit_event (i32.const 7) (i32.const 65536) (i32.const 5))
        unreachable))
    (if (i32.eq (local.get $op) (i32.const 0x72)) ;; r
      (then
        (call $log (i32.const 3) (i32.const 65536) (i32.const 100000))
        (return (i32.const 1))))
    (i32.const 0))
)
