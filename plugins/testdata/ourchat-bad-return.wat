;; OurChat test plugin whose on_message_send returns 7: neither allow (0) nor block (1).
(module
  (import "ourchat" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "on_message_send") (param i32 i32) (result i32) (i32.const 7))
)
