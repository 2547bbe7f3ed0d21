//! Finding and masking ASCII digits eight bytes at a time. A byte-by-byte loop is a load, two
//! compares and a branch per byte once compiled to WebAssembly, and the engine checks every one
//! of those loads; one 64-bit load tells for eight bytes at once which of them are digits.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of every byte of `w` that is an ASCII digit. On the low seven bits of each byte
/// (at most 0x7f, so nothing carries into the next byte), adding 0x50 sets the high bit from
/// `'0'` (0x30) up and adding 0x46 from `':'` (0x3a) up; a byte with its own high bit set is not
/// ASCII, hence no digit.
fn digit_lanes(w: u64) -> u64 {
    let low = w & LOW7;
    let from_zero = low + 0x50 * ONES;
    let past_nine = low + 0x46 * ONES;
    from_zero & !past_nine & !w & HIGH
}

/// Replaces every ASCII digit of `bytes` with `mask` and returns how many there were.
pub fn mask(bytes: &mut [u8], mask: u8) -> usize {
    let fill = ONES * u64::from(mask);
    let mut count = 0;
    let mut words = bytes.chunks_exact_mut(8);
    for word in &mut words {
        let w = u64::from_le_bytes((&*word).try_into().expect("eight bytes"));
        let digits = digit_lanes(w);
        if digits != 0 {
            count += digits.count_ones() as usize;
            let lanes = (digits >> 7) * 0xff; // 0xff in every byte that holds a digit
            word.copy_from_slice(&((w & !lanes) | (fill & lanes)).to_le_bytes());
        }
    }
    for b in words.into_remainder() {
        if b.is_ascii_digit() {
            *b = mask;
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::mask;

    fn one_at_a_time(bytes: &mut [u8], with: u8) -> usize {
        let mut count = 0;
        for b in bytes {
            if b.is_ascii_digit() {
                *b = with;
                count += 1;
            }
        }
        count
    }

    #[test]
    fn masks_what_a_byte_loop_masks() {
        // Every byte value at every position of a word, and lengths around the word size.
        let mut samples: Vec<Vec<u8>> = (0..=255u8)
            .map(|b| (0..19).map(|i| if i % 3 == 0 { b } else { b'a' + i as u8 }).collect())
            .collect();
        samples.push(b"card 4111-1111-1111-1111, exp 12/29".to_vec());
        samples.push("caf\u{e9} \u{663} 09 \u{ff10}9".as_bytes().to_vec());
        samples.push(Vec::new());
        samples.push(b"/09:".to_vec());
        for sample in samples {
            for len in 0..=sample.len() {
                let (mut fast, mut slow) = (sample[..len].to_vec(), sample[..len].to_vec());
                assert_eq!(mask(&mut fast, b'#'), one_at_a_time(&mut slow, b'#'), "{sample:?}");
                assert_eq!(fast, slow, "{sample:?}");
            }
        }
    }
}
