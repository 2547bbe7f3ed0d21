;; OurChat test plugin for http_request: on_message_send sends the message itself as the request
;; JSON and replaces the message with the answer: the response JSON, or, when http_request
;; returns a negative code, the http_last_error text, with the code's digit (1 invalid, 2 refused,
;; 3 failed) in a header http-code. No allocator: the host's buffers are in its scratch memory.
(module
  (import "ourchat" "http_request" (func $request (param i32 i32) (result i64)))
  (import "ourchat" "http_last_error" (func $last_error (result i64)))
  (import "ourchat" "set_message" (func $set_message (param i32 i32) (result i32)))
  (import "ourchat" "set_header" (func $set_header (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "http-code")
  (func (export "on_message_send") (param $msg i32) (param $len i32) (result i32)
    (local $r i64)
    (local.set $r (call $request (local.get $msg) (local.get $len)))
    (if (i64.lt_s (local.get $r) (i64.const 0))
      (then
        (i32.store8 (i32.const 32)
          (i32.add (i32.const 48) (i32.wrap_i64 (i64.sub (i64.const 0) (local.get $r)))))
        (drop (call $set_header (i32.const 16) (i32.const 9) (i32.const 32) (i32.const 1)))
        (local.set $r (call $last_error))))
    (drop (call $set_message
      (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32)))
      (i32.wrap_i64 (local.get $r))))
    (i32.const 0))
)
