//! A transform: masks every ASCII digit of a record's value with `#` (card numbers, phone
//! numbers…) and adds a header `masked-digits` with how many it masked. Works on any bytes:
//! an ASCII digit is never part of a multi-byte UTF-8 sequence. Records with no digit pass
//! unchanged (`accept`); the others are masked where the host put them and passed on from there,
//! so no record is copied and nothing is allocated per record.
//!
//! Config (`plugins.<name>.config`): `mask` — the replacement byte (default `#`).

mod digits;

use sluice_plugin::{
    config, export_plugin, metrics, Decimal, Output, Plugin, Record, Registration, Verdict,
};

struct MaskDigits {
    mask: u8,
}

impl Default for MaskDigits {
    fn default() -> Self {
        MaskDigits { mask: b'#' }
    }
}

impl MaskDigits {
    fn transform(&self, record: &mut Record) -> Verdict {
        // Masked where the host put it; a value with no digit is left as it was.
        match digits::mask(record.value_mut(), self.mask) {
            0 => Verdict::Accept,
            masked => Verdict::replace(
                Output::from_record(record).header("masked-digits", Decimal::from(masked)),
            ),
        }
    }
}

impl Plugin for MaskDigits {
    fn init(&mut self) -> Result<Registration, String> {
        if let Some(mask) = config("mask") {
            match mask.as_bytes() {
                [byte] if byte.is_ascii() && !byte.is_ascii_digit() => self.mask = *byte,
                _ => return Err(format!("config key 'mask' must be one ASCII character that is not a digit, not {mask:?}")),
            }
        }
        Ok(Registration::default())
    }

    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
        let verdicts: Vec<Verdict> = records.iter_mut().map(|r| self.transform(r)).collect();
        let masked = verdicts.iter().filter(|v| v.replaces()).count();
        if masked > 0 {
            metrics::counter_add("records_masked", masked as u64);
        }
        verdicts
    }
}

export_plugin!(MaskDigits);
