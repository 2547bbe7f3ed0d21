;; Blink test plugin that asks WASI preview 1 for more than a call may have, by partition:
;;   0  one fd_write to stdout of 16 iovecs of 16 MiB each (all the same buffer): 256 MiB
;;   1  poll_oneoff on a one-hour clock: waits until the call's deadline stops it
;;   2  poll_oneoff with 2000 subscriptions (more than a call may pass)
;;   3  fd_read from stdin into an iovec claiming 2 GiB: accepts if it read 0 bytes
;;   4  path_open with a path claiming 2 GiB: accepts if the answer is EBADF (8)
;;   else accepts after writing "fine\n" to stdout
(module
  (import "blink:plugin/host@0.1.0" "log" (func $log (param i32 i32 i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  ;; 16 MiB of buffer from 64 KiB on, and one page for the rest
  (memory (export "memory") 257)
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 100) "fine\n")
  (func (export "cabi_realloc") (param i32 i32 i32) (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $size)))
    (local.get $p))
  (func (export "blink:plugin/plugin@0.1.0#init") (result i32)
    (i32.store8 (i32.const 16) (i32.const 0))
    (i32.const 16))
  (func (export "blink:plugin/plugin@0.1.0#on-record")
        (param i32 i32) (param $part i32) (param i32 i32 i32 i32 i32) (result i32)
    (local $i i32)
    (global.set $heap (i32.const 4096))
    (if (i32.eqz (local.get $part))
      (then
        ;; 16 iovecs at 1024, each {65536, 16 MiB}
        (loop $fill
          (i32.store (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 8))) (i32.const 65536))
          (i32.store (i32.add (i32.const 1028) (i32.mul (local.get $i) (i32.const 8))) (i32.const 16777216))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $fill (i32.lt_u (local.get $i) (i32.const 16))))
        (drop (call $fd_write (i32.const 1) (i32.const 1024) (i32.const 16) (i32.const 48)))
        (return (i32.const 1))))
    (if (i32.eq (local.get $part) (i32.const 1))
      (then
        ;; one clock subscription at 1024: userdata 0, tag 0 (clock), monotonic, 1 hour, relative
        (i64.store (i32.const 1024) (i64.const 0))
        (i32.store8 (i32.const 1032) (i32.const 0))
        (i32.store (i32.const 1040) (i32.const 1))
        (i64.store (i32.const 1048) (i64.const 3600000000000))
        (i64.store (i32.const 1056) (i64.const 0))
        (i32.store16 (i32.const 1064) (i32.const 0))
        (drop (call $poll_oneoff (i32.const 1024) (i32.const 2048) (i32.const 1) (i32.const 56)))
        (return (i32.const 1))))
    (if (i32.eq (local.get $part) (i32.const 2))
      (then
        (drop (call $poll_oneoff (i32.const 65536) (i32.const 65536) (i32.const 2000) (i32.const 56)))
        (return (i32.const 1))))
    (if (i32.eq (local.get $part) (i32.const 3))
      (then
        (i32.store (i32.const 1024) (i32.const 65536))
        (i32.store (i32.const 1028) (i32.const 0x7fffffff))
        (if (call $fd_read (i32.const 0) (i32.const 1024) (i32.const 1) (i32.const 48))
          (then (return (i32.const 0))))
        (return (i32.eqz (i32.load (i32.const 48))))))
    (if (i32.eq (local.get $part) (i32.const 4))
      (then
        (return (i32.eq
          (call $path_open (i32.const 3) (i32.const 0) (i32.const 65536) (i32.const 0x7fffffff)
                           (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 48))
          (i32.const 8)))))
    (i32.store (i32.const 32) (i32.const 100))
    (i32.store (i32.const 36) (i32.const 5))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 48)))
    (i32.const 1))
)
