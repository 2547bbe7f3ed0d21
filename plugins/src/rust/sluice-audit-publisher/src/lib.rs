//! The publishing half of the audit pair: rejects every record whose value contains a word and
//! publishes an audit event about it on channel `audit`, for whoever subscribes (the
//! `audit-counter` example counts them).
//!
//! - config `word` (default `forbidden`): the word that gets a record rejected.
//! - config `announce` (default `true`): `false` builds each event but does not publish it — the
//!   same work without the host call, which the benchmark sets against this one to time a publish.
//! - the event is JSON: `{"topic": "...", "key": "..." | null, "reason": "..."}`, the key as UTF-8
//!   text (bytes that are not UTF-8 replaced by U+FFFD).
//! - needs `plugins.<name>.permissions.events.publish: [audit]`; without it the record is still
//!   rejected, the publish answers an error, which is logged once per instance.
//!
//! The host publishes the events only when the call returns normally: a batch that traps
//! announces nothing.

use sluice_plugin::{config, events, export_plugin, log, Level, Plugin, Record, Registration, Verdict};

struct AuditPublisher {
    word: Vec<u8>,
    announce: bool,
    refusal_logged: bool,
}

impl Default for AuditPublisher {
    fn default() -> Self {
        AuditPublisher {
            word: b"forbidden".to_vec(),
            announce: true,
            refusal_logged: false,
        }
    }
}

/// An empty word matches nothing (the SDK's search finds it everywhere).
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && sluice_plugin::bytes::contains(hay, needle)
}

/// `text` as a JSON string literal.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn audit_event(record: &Record, reason: &str) -> String {
    let mut out = String::from("{\"topic\":");
    json_string(&mut out, record.topic());
    out.push_str(",\"key\":");
    match record.key() {
        Some(key) => json_string(&mut out, &String::from_utf8_lossy(key)),
        None => out.push_str("null"),
    }
    out.push_str(",\"reason\":");
    json_string(&mut out, reason);
    out.push('}');
    out
}

impl Plugin for AuditPublisher {
    fn init(&mut self) -> Result<Registration, String> {
        if let Some(word) = config("word") {
            if word.is_empty() {
                return Err("config word is empty: name the word whose records to reject".into());
            }
            self.word = word.into_bytes();
        }
        self.announce = config("announce").map_or(true, |a| a != "false");
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records
            .iter()
            .map(|record| {
                if !contains(record.value(), &self.word) {
                    return Verdict::Accept;
                }
                let reason = format!(
                    "rejected: value contains \"{}\"",
                    String::from_utf8_lossy(&self.word)
                );
                let event = audit_event(record, &reason);
                if !self.announce {
                    core::hint::black_box(&event);
                    return Verdict::reject(reason);
                }
                if let Err(e) = events::publish("audit", event.as_bytes()) {
                    if !self.refusal_logged {
                        self.refusal_logged = true;
                        log(Level::Warn, &format!("audit event not published: {e}"));
                    }
                }
                Verdict::reject(reason)
            })
            .collect()
    }
}

export_plugin!(AuditPublisher);
