//! {{name}}: a plugin for Sluice's own contract, the sluice:plugin@0.1.0 world.
//!
//! For each record of a batch it answers one verdict:
//! - the value contains "forbidden": reject, with a reason the producer sees;
//! - the record already carries a `checked-by` header: accept it unchanged;
//! - otherwise: replace it with a copy that adds the header `checked-by: {{name}}`.

use sluice_plugin::{export_plugin, log, Level, Output, Plugin, Record, Registration, Verdict};

const FORBIDDEN: &[u8] = b"forbidden";
const HEADER: &str = "checked-by";

#[derive(Default)]
struct Filter;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn check(record: &Record) -> Verdict {
    if contains(record.value(), FORBIDDEN) {
        // Logging every rejection is fine for an example; a busy plugin would count them
        // instead (sluice_plugin::metrics::counter_add).
        log(Level::Warn, &format!("rejected a record on {}", record.topic()));
        return Verdict::reject("value contains \"forbidden\"");
    }
    if record.header(HEADER).is_some() {
        return Verdict::Accept;
    }
    // The output keeps the record's key, value, headers, topic and partition.
    Verdict::replace(Output::from_record(record).header(HEADER, "{{name}}"))
}

impl Plugin for Filter {
    fn init(&mut self) -> Result<Registration, String> {
        log(Level::Info, "{{name}} ready");
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records.iter().map(check).collect()
    }
}

export_plugin!(Filter);
