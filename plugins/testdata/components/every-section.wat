;; A component that uses every section of the component binary format, for the runtime's tests.
;; Built by plugins/build.sh with `jco parse`.
(component $outer
  (@custom "sluice-note" "every section of the component binary format")

  ;; Imports: an interface with a resource, a constructor-like function and functions using it.
  (import "test:sections/host" (instance $host
    (export "counter" (type (sub resource)))
    (export "new-counter" (func (param "start" u32) (result (own 0))))
    (export "[method]counter.bump" (func (param "self" (borrow 0)) (param "by" u32) (result u32)))
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
  ))
  (alias export $host "counter" (type $counter))
  (alias export $host "new-counter" (func $new-counter))
  (alias export $host "[method]counter.bump" (func $bump))
  (alias export $host "add" (func $add))

  ;; A resource this component defines and implements.
  (type $token (resource (rep i32)))
  (core func $token-new (canon resource.new $token))
  (core func $token-rep (canon resource.rep $token))
  (core func $token-drop (canon resource.drop $token))
  (core func $counter-drop (canon resource.drop $counter))
  (core func $new-counter-lowered (canon lower (func $new-counter)))
  (core func $bump-lowered (canon lower (func $bump)))
  (core func $add-lowered (canon lower (func $add)))

  (core type $binop (func (param i32 i32) (result i32)))

  (core module $m
    (import "host" "add" (func $add (param i32 i32) (result i32)))
    (import "host" "new-counter" (func $new-counter (param i32) (result i32)))
    (import "host" "bump" (func $bump (param i32 i32) (result i32)))
    (import "host" "counter-drop" (func $counter-drop (param i32)))
    (import "host" "token-new" (func $token-new (param i32) (result i32)))
    (import "host" "token-rep" (func $token-rep (param i32) (result i32)))
    (memory (export "mem") 1)
    ;; add(a, b) twice, through the host
    (func (export "double-add") (param i32 i32) (result i32)
      (i32.add (call $add (local.get 0) (local.get 1)) (call $add (local.get 0) (local.get 1))))
    ;; makes a host counter, bumps it by 1, then by n, drops it, returns the last value
    (func (export "count") (param $n i32) (result i32)
      (local $c i32) (local $r i32)
      (local.set $c (call $new-counter (i32.const 10)))
      (drop (call $bump (local.get $c) (i32.const 1)))
      (local.set $r (call $bump (local.get $c) (local.get $n)))
      (call $counter-drop (local.get $c))
      (local.get $r))
    ;; a token whose representation is v * 2
    (func (export "make-token") (param $v i32) (result i32)
      (call $token-new (i32.mul (local.get $v) (i32.const 2))))
    ;; a borrowed token of this component arrives as its representation
    (func (export "token-value") (param $rep i32) (result i32)
      (local.get $rep))
    ;; the component's start function counts its calls; "starts" reports the count
    (global $started (mut i32) (i32.const 0))
    (func (export "on-start")
      (global.set $started (i32.add (global.get $started) (i32.const 1))))
    (func (export "starts") (result i32)
      (global.get $started))
  )
  (core instance $hostcore
    (export "add" (func $add-lowered))
    (export "new-counter" (func $new-counter-lowered))
    (export "bump" (func $bump-lowered))
    (export "counter-drop" (func $counter-drop))
    (export "token-new" (func $token-new))
    (export "token-rep" (func $token-rep)))
  (core instance $inst (instantiate $m (with "host" (instance $hostcore))))

  (type $binop-t (func (param "a" u32) (param "b" u32) (result u32)))
  (func $double-add (type $binop-t) (canon lift (core func $inst "double-add")))
  (func $count (param "n" u32) (result u32) (canon lift (core func $inst "count")))
  (export $token-export "token" (type $token))
  (func $make-token (param "v" u32) (result (own $token-export)) (canon lift (core func $inst "make-token")))
  (func $token-value (param "t" (borrow $token-export)) (result u32) (canon lift (core func $inst "token-value")))

  ;; A nested component that re-exports a function under the type it gets by an outer alias.
  (component $inner
    (alias outer $outer $binop-t (type $t))
    (import "f" (func $f (type $t)))
    (export "g" (func $f) (func (type $t)))
  )
  (instance $i (instantiate $inner (with "f" (func $double-add))))
  (alias export $i "g" (func $g))

  ;; The start section: runs once, during instantiation.
  (func $on-start (canon lift (core func $inst "on-start")))
  (start $on-start)
  (func $starts (result u32) (canon lift (core func $inst "starts")))

  (instance $api
    (export "double-add" (func $g))
    (export "count" (func $count))
    (export "starts" (func $starts)))
  (export "test:sections/api" (instance $api))
  (export "make-token" (func $make-token))
  (export "token-value" (func $token-value))
)
