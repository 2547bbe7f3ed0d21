//! An enricher: looks each record's key up over HTTP (`GET {base_url}/{key}`, the key
//! percent-encoded) and adds the answer's body as a header. Needs the `http` permission for the
//! lookup service's `host:port` (`plugins.<name>.permissions.http.allow`).
//!
//! Config (`plugins.<name>.config`):
//! - `base_url` (required): e.g. `http://lookup.internal:8080/customers`;
//! - `header`: the header the answer goes into (default `enrichment`);
//! - `on_error`: `accept` (default: the record passes unchanged, counted in the metric
//!   `lookups_failed`) or `reject` (the producer is told why).
//!
//! A record without a key, or whose lookup answers 404, passes unchanged (`lookups_missed`).

use sluice_plugin::{config, export_plugin, http, metrics, Output, Plugin, Record, Registration, Verdict};

#[derive(Default)]
struct Enricher {
    base_url: String,
    header: String,
    reject_on_error: bool,
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a key is one path segment.
fn encode(key: &[u8]) -> String {
    let mut out = String::with_capacity(key.len());
    for &b in key {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Enricher {
    fn enrich(&self, record: &Record) -> Verdict {
        let Some(key) = record.key() else {
            metrics::counter_add("lookups_missed", 1);
            return Verdict::Accept;
        };
        let url = format!("{}/{}", self.base_url, encode(key));
        let failure = match http::send(&http::Request::get(url)) {
            Ok(response) if response.status == 200 => {
                metrics::counter_add("lookups_found", 1);
                return Verdict::replace(
                    Output::from_record(record).header(self.header.clone(), response.body),
                );
            }
            Ok(response) if response.status == 404 => {
                metrics::counter_add("lookups_missed", 1);
                return Verdict::Accept;
            }
            Ok(response) => format!("lookup answered HTTP {}", response.status),
            Err(error) => format!("lookup failed: {error}"),
        };
        metrics::counter_add("lookups_failed", 1);
        if self.reject_on_error {
            Verdict::reject(failure)
        } else {
            Verdict::Accept
        }
    }
}

impl Plugin for Enricher {
    fn init(&mut self) -> Result<Registration, String> {
        let Some(base) = config("base_url") else {
            return Err("config key 'base_url' is required (e.g. http://lookup:8080/customers)".into());
        };
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(format!("config key 'base_url' must be an http:// or https:// URL, not {base:?}"));
        }
        self.base_url = base.trim_end_matches('/').to_owned();
        self.header = config("header").unwrap_or_else(|| "enrichment".into());
        self.reject_on_error = match config("on_error").as_deref() {
            None | Some("accept") => false,
            Some("reject") => true,
            Some(other) => return Err(format!("config key 'on_error' must be accept or reject, not {other:?}")),
        };
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records.iter().map(|r| self.enrich(r)).collect()
    }
}

export_plugin!(Enricher);
