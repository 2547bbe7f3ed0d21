//! A rate limiter on the plugin's own state: at most `limit` records per key in each window of
//! `window_seconds` (config; defaults 100 and 60). The window is taken from the record's
//! timestamp, so replays and late records count against the window they belong to. Records
//! without a key share one budget.
//!
//! Each record is one `state.increment` of `rl:<window>:<hex key>`, atomic across every
//! instance of the plugin; the first record of a window deletes the key's previous window, so
//! the state holds at most two counters per active key. Needs the permission `state`: without
//! it (or past a state limit) every record is rejected with the host's error, fail closed.

use sluice_plugin::{config, export_plugin, log, state, Level, Plugin, Record, Registration, Verdict};

struct RateLimit {
    limit: i64,
    window_ms: i64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            limit: 100,
            window_ms: 60_000,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn counter(window: i64, key: &str) -> String {
    format!("rl:{window}:{key}")
}

impl RateLimit {
    fn check(&self, record: &Record) -> Verdict {
        let key = record.key().map_or_else(|| "-".to_owned(), hex);
        let window = record.timestamp().div_euclid(self.window_ms);
        match state::increment(&counter(window, &key), 1) {
            Ok(count) if count <= self.limit => {
                if count == 1 {
                    // A failed clean-up only leaves an old counter behind: not worth a rejection.
                    let _ = state::delete(&counter(window - 1, &key));
                }
                Verdict::Accept
            }
            Ok(count) => Verdict::reject(format!(
                "rate limit: record {count} of key {} in the {} s window starting at {} ms; at most {} per window",
                record.key_str().unwrap_or(&key),
                self.window_ms / 1000,
                window * self.window_ms,
                self.limit
            )),
            Err(message) => Verdict::reject(format!("rate limit: cannot count records: {message}")),
        }
    }
}

fn number(name: &str, default: i64) -> Result<i64, String> {
    match config(name) {
        None => Ok(default),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!(
                "config {name} must be a whole number above 0, was '{text}'"
            )),
        },
    }
}

impl Plugin for RateLimit {
    fn init(&mut self) -> Result<Registration, String> {
        self.limit = number("limit", 100)?;
        self.window_ms = number("window_seconds", 60)?
            .checked_mul(1000)
            .ok_or("config window_seconds is too large")?;
        log(
            Level::Info,
            &format!(
                "rate limit: {} records per key every {} s",
                self.limit,
                self.window_ms / 1000
            ),
        );
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records.iter().map(|r| self.check(r)).collect()
    }
}

export_plugin!(RateLimit);
