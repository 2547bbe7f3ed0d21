;; OurChat test plugin whose on_plugin_load reports failure (returns 1).
(module
  (memory (export "memory") 1)
  (func (export "on_plugin_load") (result i32) (i32.const 1))
  (func (export "on_message_send") (param i32 i32) (result i32) (i32.const 0))
)
