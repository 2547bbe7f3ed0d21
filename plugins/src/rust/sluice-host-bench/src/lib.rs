//! For the benchmark only: makes `calls` host-service calls per record (config; default 0) of one
//! kind, `op` = `get` (state: a small value set in `init`), `increment` (state) or `publish`
//! (events: a 90-byte payload on channel `bench`), so the cost of one call from inside a plugin
//! is the difference to `calls` = 0, divided by `calls`. Accepts every record; a failed call
//! rejects it with the host's error (so a benchmark without the grant fails loudly).

use sluice_plugin::{config, events, export_plugin, state, Plugin, Record, Registration, Verdict};

/// About the size of an audit event: `{"plugin":…,"topic":…,"reason":…}`.
const EVENT: &[u8] =
    b"{\"plugin\":\"content-filter\",\"topic\":\"orders\",\"key\":\"key-17\",\"reason\":\"a forbidden value\"}";

#[derive(Default, Clone, Copy)]
enum Op {
    #[default]
    Get,
    Increment,
    Publish,
}

#[derive(Default)]
struct HostBench {
    calls: u32,
    op: Op,
}

impl HostBench {
    fn run(&self) -> Result<(), String> {
        for _ in 0..self.calls {
            match self.op {
                Op::Get => {
                    state::get("bench-value")?.ok_or("bench-value is missing")?;
                }
                Op::Increment => {
                    state::increment("bench-counter", 1)?;
                }
                Op::Publish => events::publish("bench", EVENT)?,
            }
        }
        Ok(())
    }
}

impl Plugin for HostBench {
    fn init(&mut self) -> Result<Registration, String> {
        self.calls = config("calls").map_or(Ok(0), |c| c.parse().map_err(|_| "calls: not a number"))?;
        self.op = match config("op").as_deref() {
            None | Some("get") => Op::Get,
            Some("increment") => Op::Increment,
            Some("publish") => Op::Publish,
            Some(other) => return Err(format!("op must be get, increment or publish, was {other}")),
        };
        if self.calls > 0 && matches!(self.op, Op::Get) {
            state::set("bench-value", b"0123456789abcdef")?;
        }
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records
            .iter()
            .map(|_| match self.run() {
                Ok(()) => Verdict::Accept,
                Err(e) => Verdict::reject(e),
            })
            .collect()
    }
}

export_plugin!(HostBench);
