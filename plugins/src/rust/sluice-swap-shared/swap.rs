// The filter the zero-downtime test hot-swaps (sluice-server AdminSwapIT): two versions built
// from this one file, which differ in VERSION and so in their rule. Each tells which version
// judged a record: an accepted record is stored with a header `judged-by: <VERSION>`, a
// rejection's reason starts with `swap-filter <VERSION>:`. A version rejects values containing
// `forbidden-<VERSION>` and accepts everything else, so the two versions judge such values
// differently.

use sluice_plugin::{export_plugin, log, Level, Output, Plugin, Record, Registration, Verdict};

#[derive(Default)]
struct SwapFilter;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn judge(record: &Record) -> Verdict {
    let forbidden = format!("forbidden-{VERSION}");
    if contains(record.value(), forbidden.as_bytes()) {
        return Verdict::reject(format!("swap-filter {VERSION}: value contains {forbidden}"));
    }
    Verdict::replace(Output::from_record(record).header("judged-by", VERSION))
}

impl Plugin for SwapFilter {
    fn init(&mut self) -> Result<Registration, String> {
        log(Level::Info, &format!("swap filter version {VERSION} ready"));
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        records.iter().map(judge).collect()
    }
}

export_plugin!(SwapFilter);
