//! The SDK's kitchen sink: every type of the `sluice:plugin@0.1.0` world both ways, so the
//! harness (tools/sluice-harness.mjs) and later the Java host can check the bindings.
//!
//! - `init`: config `fail` set → `err("init failed: <fail>")`; otherwise a registration with
//!   `wants-stored` = config `wants-stored` == "true" and the subscriptions listed in config
//!   `subscriptions` (comma-separated).
//! - `on-records`: by the record's first `verdict` header — `reject` → reject with a description
//!   of every field; `drop` → replace with nothing; `replace` → two outputs, one with every
//!   field set from the record (topic `<topic>.echo`, partition + 1, key reversed, value
//!   reversed, headers reversed plus `echo`, timestamp + 1) and one with every option none;
//!   otherwise accept. Each record is logged.
//! - `on-stored`, `on-event`: log what they were given; `on-event` then calls every import of
//!   `state`, `events` and `http` and logs each result (ok or err), and records metrics.

use sluice_plugin::{
    config, events, export_plugin, http, log, metrics, state, Level, Output, Plugin, Record,
    Registration, Stored, Verdict,
};

#[derive(Default)]
struct Echo;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn describe(r: &Record) -> String {
    let key = r.key().map_or("none".to_owned(), hex);
    let headers: Vec<String> = r
        .headers()
        .iter()
        .map(|h| format!("{}={}", h.key(), hex(h.value())))
        .collect();
    format!(
        "topic={} partition={} key={} value={} headers=[{}] timestamp={}",
        r.topic(),
        r.partition(),
        key,
        hex(r.value()),
        headers.join(","),
        r.timestamp()
    )
}

fn reversed(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().rev().copied().collect()
}

fn decide(r: &Record) -> Verdict {
    match r.header("verdict") {
        Some(b"reject") => Verdict::reject(describe(r)),
        Some(b"drop") => Verdict::drop(),
        Some(b"replace") => {
            let mut full = Output::new(reversed(r.value()))
                .topic(format!("{}.echo", r.topic()))
                .partition(r.partition().wrapping_add(1))
                .timestamp(r.timestamp().wrapping_add(1));
            if let Some(key) = r.key() {
                full = full.key(reversed(key));
            }
            for h in r.headers().iter().rev() {
                full = full.header(h.key(), h.value());
            }
            full = full.header("echo", "✓");
            Verdict::Replace(vec![full, Output::new(r.value())])
        }
        _ => Verdict::Accept,
    }
}

/// Logs an import's result as `<what> -> ok[ <value>]` or `<what> -> err <message>` (the C build
/// logs the same lines, so the two builds' answers can be compared as they are).
fn show(what: &str, result: Result<String, String>) {
    let line = match result {
        Ok(value) if value.is_empty() => format!("{what} -> ok"),
        Ok(value) => format!("{what} -> ok {value}"),
        Err(message) => format!("{what} -> err {message}"),
    };
    log(Level::Info, &line);
}

fn optional(value: Option<Vec<u8>>) -> String {
    value.map_or("none".to_owned(), |b| format!("some {}", hex(&b)))
}

impl Plugin for Echo {
    fn init(&mut self) -> Result<Registration, String> {
        if let Some(reason) = config("fail") {
            return Err(format!("init failed: {reason}"));
        }
        let mut registration = Registration::default();
        registration.wants_stored = config("wants-stored").as_deref() == Some("true");
        if let Some(list) = config("subscriptions") {
            registration.subscriptions = list.split(',').map(str::to_owned).collect();
        }
        let line = format!(
            "init wants-stored={} subscriptions=[{}]",
            registration.wants_stored,
            registration.subscriptions.join(",")
        );
        log(Level::Debug, &line);
        Ok(registration)
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        log(
            Level::Trace,
            &format!("on-records with {} records", records.len()),
        );
        records
            .iter()
            .map(|r| {
                log(Level::Info, &describe(r));
                decide(r)
            })
            .collect()
    }

    fn on_stored(&mut self, records: &[Stored]) {
        for s in records {
            log(
                Level::Info,
                &format!("stored at {}: {}", s.offset(), describe(s.record())),
            );
        }
    }

    fn on_event(&mut self, channel: &str, payload: &[u8]) {
        log(
            Level::Warn,
            &format!("event on {channel}: {}", hex(payload)),
        );
        metrics::counter_add("events", 1);
        metrics::counter_add("event_bytes", payload.len() as u64);
        metrics::gauge_set("last_event_size", payload.len() as f64);
        metrics::histogram_record("event_size", payload.len() as f64 + 0.5);
        show(
            "state.set",
            state::set(channel, payload).map(|()| String::new()),
        );
        show("state.get", state::get(channel).map(optional));
        show("state.get missing", state::get("missing").map(optional));
        show(
            "state.increment",
            state::increment("count", -3).map(|n| n.to_string()),
        );
        show(
            "state.delete",
            state::delete(channel).map(|()| String::new()),
        );
        show(
            "events.publish",
            events::publish("audit", payload).map(|()| String::new()),
        );
        let request = http::Request::post("http://127.0.0.1:9/echo", payload)
            .header("x-one", "1")
            .header("x-one", "2");
        show(
            "http.send",
            http::send(&request).map(|r| {
                let headers: Vec<String> =
                    r.headers.iter().map(|(n, v)| format!("{n}:{v}")).collect();
                format!("{} [{}] {}", r.status, headers.join(","), hex(&r.body))
            }),
        );
        log(Level::Error, "event done");
    }
}

export_plugin!(Echo);
