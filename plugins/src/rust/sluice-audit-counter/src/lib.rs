//! The counting half of the audit pair: subscribes to channel `audit` and counts every event in
//! its state (`state.increment("audit_events", 1)`, shared by all its instances and kept across
//! restarts) and in its metric counter `audit_events`. It accepts every record.
//!
//! - needs `plugins.<name>.permissions.state: true` for the state count; without it the
//!   increment answers an error, logged once per instance, and the metric still counts.
//! - config `fail_on` (optional): an event whose payload contains this text makes the plugin
//!   panic, i.e. trap — for showing that a failing subscriber is handled by its own failure policy
//!   and costs the others nothing. Unset, it never fails.

use sluice_plugin::{config, export_plugin, log, metrics, state, Level, Plugin, Record, Registration, Verdict};

#[derive(Default)]
struct AuditCounter {
    fail_on: Option<Vec<u8>>,
    state_error_logged: bool,
}

/// An empty word matches nothing (the SDK's search finds it everywhere).
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && sluice_plugin::bytes::contains(hay, needle)
}

impl Plugin for AuditCounter {
    fn init(&mut self) -> Result<Registration, String> {
        self.fail_on = config("fail_on").map(String::into_bytes);
        Ok(Registration::default().subscribe("audit"))
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records.iter().map(|_| Verdict::Accept).collect()
    }

    fn on_event(&mut self, _channel: &str, payload: &[u8]) {
        if let Some(word) = &self.fail_on {
            if contains(payload, word) {
                panic!("audit event contains the fail_on text");
            }
        }
        metrics::counter_add("audit_events", 1);
        if let Err(e) = state::increment("audit_events", 1) {
            if !self.state_error_logged {
                self.state_error_logged = true;
                log(Level::Warn, &format!("audit count not kept in state: {e}"));
            }
        }
    }
}

export_plugin!(AuditCounter);
