;; Strings in UTF-8 and UTF-16 guest memory: each export echoes its argument back or reports the
;; length the core function received (bytes for UTF-8, code units for UTF-16). The differential
;; test runs it under Node too; jco cannot run latin1+utf16 lifts, which the ABI tests cover.
;; Built by plugins/build.sh with `jco parse`.
(component
  (core module $m
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; a bump allocator: enough for a test, never frees
    (func (export "realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.const 1)))))
      (local.get $p))
    ;; echo: writes (ptr, len) to a return area at 16
    (func $echo (export "echo") (param $ptr i32) (param $len i32) (result i32)
      (i32.store (i32.const 16) (local.get $ptr))
      (i32.store (i32.const 20) (local.get $len))
      (i32.const 16))
    (func (export "length") (param $ptr i32) (param $len i32) (result i32)
      (local.get $len))
  )
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func (export "echo8") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory $mem) (realloc (core func $realloc)) string-encoding=utf8))
  (func (export "echo16") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory $mem) (realloc (core func $realloc)) string-encoding=utf16))
  (func (export "length8") (param "s" string) (result u32)
    (canon lift (core func $i "length") (memory $mem) (realloc (core func $realloc)) string-encoding=utf8))
  (func (export "length16") (param "s" string) (result u32)
    (canon lift (core func $i "length") (memory $mem) (realloc (core func $realloc)) string-encoding=utf16))
)
