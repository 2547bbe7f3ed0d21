;; OurChat test plugin importing ourchat.foo, which the host does not provide.
(module
  (import "ourchat" "foo" (func $foo (param i32)))
  (memory (export "memory") 1)
  (func (export "on_message_send") (param i32 i32) (result i32) (i32.const 0))
)
