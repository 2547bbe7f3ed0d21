//! The content filter for Sluice's own contract: the same rules as the Blink content filter
//! (plugins/src/c/content-rules.h), over a batch of byte records.
//!
//! Rejects a record when its value is empty, when its topic starts with `sensitive-` and it has
//! no key, or when its value contains "password". The reason goes back to the producer; nothing
//! is logged on the hot path.

use sluice_plugin::bytes::contains;
use sluice_plugin::{export_plugin, log, Level, Plugin, Record, Registration, Verdict};

#[derive(Default)]
struct ContentFilter;

fn check(record: &Record) -> Verdict {
    let value = record.value();
    if value.is_empty() {
        return Verdict::reject("rejected: empty value");
    }
    if record.key().is_none() && record.topic().starts_with("sensitive-") {
        return Verdict::reject(format!(
            "rejected: sensitive topic {} requires a key",
            record.topic()
        ));
    }
    if contains(value, b"password") {
        return Verdict::reject("rejected: value contains a password");
    }
    Verdict::Accept
}

impl Plugin for ContentFilter {
    fn init(&mut self) -> Result<Registration, String> {
        log(Level::Info, "content filter ready");
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records.iter().map(check).collect()
    }
}

export_plugin!(ContentFilter);
