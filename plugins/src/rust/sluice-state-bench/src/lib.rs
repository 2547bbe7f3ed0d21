//! For the benchmark only: makes `calls` state calls per record (config; default 0) of one kind,
//! `op` = `get` (of a small value set in `init`) or `increment`, so the cost of one call from
//! inside a plugin is the difference to `calls` = 0, divided by `calls`. Accepts every record;
//! a failed call rejects it with the host's error (so a benchmark without the grant fails loudly).

use sluice_plugin::{config, export_plugin, state, Plugin, Record, Registration, Verdict};

#[derive(Default)]
struct StateBench {
    calls: u32,
    increment: bool,
}

impl StateBench {
    fn run(&self) -> Result<(), String> {
        for _ in 0..self.calls {
            if self.increment {
                state::increment("bench-counter", 1)?;
            } else {
                state::get("bench-value")?.ok_or("bench-value is missing")?;
            }
        }
        Ok(())
    }
}

impl Plugin for StateBench {
    fn init(&mut self) -> Result<Registration, String> {
        self.calls = config("calls").map_or(Ok(0), |c| c.parse().map_err(|_| "calls: not a number"))?;
        self.increment = match config("op").as_deref() {
            None | Some("get") => false,
            Some("increment") => true,
            Some(other) => return Err(format!("op must be get or increment, was {other}")),
        };
        if self.calls > 0 {
            state::set("bench-value", b"0123456789abcdef")?;
        }
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &[Record]) -> Vec<Verdict> {
        records
            .iter()
            .map(|_| match self.run() {
                Ok(()) => Verdict::Accept,
                Err(e) => Verdict::reject(e),
            })
            .collect()
    }
}

export_plugin!(StateBench);
