//! Record bytes: searching them, and writing numbers into them. The standard library searches
//! `str` but not `[u8]`, and the obvious `haystack.windows(n).any(|w| w == needle)` compares the
//! whole needle at every position: a call per byte of the value once compiled to WebAssembly.
//! These look for the needle's first byte eight bytes at a time (one 64-bit load per step) and
//! compare the rest only where it is.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Where `byte` first is in `haystack`.
fn position(haystack: &[u8], byte: u8) -> Option<usize> {
    let pattern = ONES * u64::from(byte);
    let mut at = 0;
    while at + 8 <= haystack.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&haystack[at..at + 8]);
        let x = u64::from_le_bytes(word) ^ pattern;
        // Non-zero exactly when one of the eight bytes of x is zero, i.e. equals `byte`.
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            break;
        }
        at += 8;
    }
    haystack[at..].iter().position(|&b| b == byte).map(|i| at + i)
}

/// Where `needle` first starts in `haystack`; an empty needle is found at 0.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last_start = haystack.len().checked_sub(needle.len())?;
    let mut at = 0;
    while at <= last_start {
        let start = at + position(&haystack[at..=last_start], first)?;
        if &haystack[start + 1..start + needle.len()] == rest {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Whether `needle` occurs in `haystack` (an empty needle always does).
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_the_naive_search_finds() {
        let hay = b"a passport, a pass, a password";
        assert_eq!(find(hay, b"password"), Some(22));
        assert_eq!(find(hay, b"pass"), Some(2));
        assert_eq!(find(hay, b"word"), Some(26));
        assert_eq!(find(hay, b"a"), Some(0));
        assert_eq!(find(hay, b"passwords"), None);
        assert_eq!(find(b"", b"x"), None);
        assert_eq!(find(b"xx", b""), Some(0));
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"abc", b"abc"), Some(0));
        assert_eq!(find(b"zabc", b"abc"), Some(1));
        assert_eq!(find(b"ppassword", b"password"), Some(1));
        // Past the first eight bytes, and in the tail after the last whole eight.
        assert_eq!(find(b"0123456789abcdefpassword", b"password"), Some(16));
        assert_eq!(find(b"0123456789abcdefghpassword", b"password"), Some(18));
        assert_eq!(find(b"0123456789abcdefghpasswor", b"password"), None);
        assert_eq!(find(&[0x80, 0xff, 0x00, 0x7f, 0x01, 0xfe, 0x81, 0x00, 0x09], &[0x09]), Some(8));
        assert_eq!(find(&[0x01; 64], &[0x00]), None);
    }
}

/// An integer written out in decimal, without `core::fmt` (whose machinery costs a guest more
/// than the number is worth) and without allocating: use it as a header value or a value.
///
/// ```ignore
/// Output::from_record(record).header("masked-digits", Decimal::from(digits))
/// ```
#[derive(Clone, Copy)]
pub struct Decimal {
    digits: [u8; 20], // u64::MAX and i64::MIN both take 20 characters
    start: u8,
}

impl Decimal {
    fn unsigned(mut n: u64, negative: bool) -> Decimal {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if negative {
            at -= 1;
            digits[at] = b'-';
        }
        Decimal {
            digits,
            start: at as u8,
        }
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: only ASCII digits and '-' are ever written.
        unsafe { std::str::from_utf8_unchecked(&self.digits[self.start as usize..]) }
    }
}

impl From<u64> for Decimal {
    fn from(n: u64) -> Decimal {
        Decimal::unsigned(n, false)
    }
}

impl From<usize> for Decimal {
    fn from(n: usize) -> Decimal {
        Decimal::unsigned(n as u64, false)
    }
}

impl From<u32> for Decimal {
    fn from(n: u32) -> Decimal {
        Decimal::unsigned(n.into(), false)
    }
}

impl From<i64> for Decimal {
    fn from(n: i64) -> Decimal {
        Decimal::unsigned(n.unsigned_abs(), n < 0)
    }
}

impl AsRef<[u8]> for Decimal {
    fn as_ref(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

impl AsRef<str> for Decimal {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::Decimal;

    #[test]
    fn writes_what_to_string_writes() {
        for n in [0u64, 7, 10, 99, 100, 12345, u32::MAX as u64, u64::MAX] {
            assert_eq!(Decimal::from(n).as_str(), n.to_string());
        }
        for n in [0i64, -1, -10, 42, i64::MAX, i64::MIN] {
            assert_eq!(Decimal::from(n).as_str(), n.to_string());
        }
        assert_eq!(Decimal::from(60usize).as_str(), "60");
    }
}
