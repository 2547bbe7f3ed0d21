;; OurChat test plugin with one event hook and nothing else: no imports, no message or lifecycle
;; hooks. It is still an OurChat plugin, and dispatching session_created reaches it.
(module
  (memory (export "memory") 1)
  (func (export "on_session_created") (param i32 i32))
)
