;; OurChat test plugin that logs every lifecycle hook at info ("load", "enable", "disable",
;; "unload"), so tests can check that every instance gets a well-formed sequence of hooks: each
;; instance's load is matched by exactly one unload. on_message_send accepts every message, and
;; spins for a while first when the message starts with "slow", so a call can be kept in flight
;; while the plugin changes state.
(module
  (import "ourchat" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "load")
  (data (i32.const 110) "enable")
  (data (i32.const 120) "disable")
  (data (i32.const 130) "unload")
  (func (export "on_plugin_load") (call $log (i32.const 2) (i32.const 100) (i32.const 4)))
  (func (export "on_plugin_enable") (call $log (i32.const 2) (i32.const 110) (i32.const 6)))
  (func (export "on_plugin_disable") (call $log (i32.const 2) (i32.const 120) (i32.const 7)))
  (func (export "on_plugin_unload") (call $log (i32.const 2) (i32.const 130) (i32.const 6)))
  (func (export "on_message_send") (param $ptr i32) (param $len i32) (result i32)
    (local $i i32)
    (if (i32.and (i32.ge_u (local.get $len) (i32.const 4))
                 (i32.eq (i32.load (local.get $ptr)) (i32.const 0x776f6c73)))
      (then
        (local.set $i (i32.const 2000000))
        (loop $spin
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br_if $spin (local.get $i)))))
    (i32.const 0))
)
