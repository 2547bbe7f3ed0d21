//! {{name}}: a Blink plugin (the blink:plugin@0.1.0 world).
//!
//! Rejects a record whose value contains "forbidden" and accepts every other one. Sluice gives
//! the producer the last warning logged during the call as the reason, so log why you reject.

use blink_guest::{export_plugin, log, Level, Plugin};

struct Filter;

impl Plugin for Filter {
    fn init() -> Option<u16> {
        log(Level::Info, "{{name}} ready");
        None // no port needed
    }

    fn on_record(_topic: &str, _partition: u32, _key: Option<&str>, value: &str) -> bool {
        if value.contains("forbidden") {
            log(Level::Warn, "value contains \"forbidden\"");
            return false;
        }
        true
    }
}

export_plugin!(Filter);
