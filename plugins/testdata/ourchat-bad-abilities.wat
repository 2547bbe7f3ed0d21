;; OurChat test plugin that gets the new abilities' shapes wrong: set_message imported without its
;; i32 result, set_header with three parameters, and event hooks of the wrong types. Validation
;; must name each one.
(module
  (import "ourchat" "set_message" (func $set_message (param i32 i32)))
  (import "ourchat" "set_header" (func $set_header (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "on_message_send") (param i32 i32) (result i32) (i32.const 0))
  (func (export "on_user_created") (param i32) (result i32) (i32.const 0))
  (func (export "on_friend_added") (param i32 i32) (result i64) (i64.const 0))
)
