//! The Blink content filter: the example patterns from Blink's plugin docs.
//!
//! Rejects a record when its value is empty, when its topic starts with `sensitive-` and it has
//! no key, or when its value contains "password". Each rejection logs one warning, which Sluice
//! reports to the producer as the reason. Accepting is silent: this runs on every record.

use blink_guest::{export_plugin, log, Level, Plugin};

struct ContentFilter;

impl Plugin for ContentFilter {
    fn init() -> Option<u16> {
        log(Level::Info, "content filter ready");
        None
    }

    fn on_record(topic: &str, _partition: u32, key: Option<&str>, value: &str) -> bool {
        if value.is_empty() {
            log(Level::Warn, "rejected: empty value");
            return false;
        }
        if topic.starts_with("sensitive-") && key.is_none() {
            log(
                Level::Warn,
                &format!("rejected: sensitive topic {topic} requires a key"),
            );
            return false;
        }
        if value.contains("password") {
            log(Level::Warn, "rejected: value contains a password");
            return false;
        }
        true
    }
}

export_plugin!(ContentFilter);
