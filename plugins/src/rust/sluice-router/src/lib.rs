//! A router: sends each record to a topic chosen by a field of its JSON value.
//!
//! Config (`plugins.<name>.config`):
//! - `field`  — the top-level JSON field to route on (default `type`);
//! - `routes` — `value=topic` pairs separated by commas (default
//!   `order=orders,payment=payments,refund=payments`).
//!
//! A record whose value is a JSON object with that field, as a string listed in `routes`, is
//! replaced by one output to the route's topic (key, value and headers kept, plus a header
//! `routed-from` naming the input topic). Anything else is rejected with a reason that says what
//! was wrong — a record is never stored in a topic nobody routes.

mod json;

use sluice_plugin::{
    config, export_plugin, metrics, Output, Plugin, Record, Registration, Verdict,
};

struct Router {
    field: String,
    routes: Vec<(String, String)>,
}

impl Default for Router {
    fn default() -> Self {
        Router {
            field: "type".into(),
            routes: parse_routes("order=orders,payment=payments,refund=payments").unwrap(),
        }
    }
}

fn parse_routes(text: &str) -> Result<Vec<(String, String)>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((value, topic)) if !value.trim().is_empty() && !topic.trim().is_empty() => {
                Ok((value.trim().to_owned(), topic.trim().to_owned()))
            }
            _ => Err(format!("config key 'routes': {pair:?} is not value=topic")),
        })
        .collect()
}

impl Router {
    fn route(&self, record: &Record) -> Verdict {
        let value = match json::string_field(record.value(), &self.field) {
            Ok(Some(value)) => value,
            Ok(None) => {
                return Verdict::reject(format!(
                    "no string field \"{}\" in the JSON value",
                    self.field
                ))
            }
            Err(what) => return Verdict::reject(format!("value is not a JSON object: {what}")),
        };
        match self.routes.iter().find(|(v, _)| *v == value) {
            Some((_, topic)) => Verdict::replace(
                Output::from_record(record)
                    .topic(topic.as_str())
                    .header("routed-from", record.topic()),
            ),
            None => Verdict::reject(format!("no route for {}={value:?}", self.field)),
        }
    }
}

impl Plugin for Router {
    fn init(&mut self) -> Result<Registration, String> {
        if let Some(field) = config("field") {
            self.field = field;
        }
        if let Some(routes) = config("routes") {
            self.routes = parse_routes(&routes)?;
            if self.routes.is_empty() {
                return Err("config key 'routes' names no route".into());
            }
        }
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        let verdicts: Vec<Verdict> = records.iter().map(|r| self.route(r)).collect();
        let rejected = verdicts
            .iter()
            .filter(|v| matches!(v, Verdict::Reject(_)))
            .count();
        if rejected > 0 {
            metrics::counter_add("records_unrouted", rejected as u64);
        }
        verdicts
    }
}

export_plugin!(Router);
