//! Short byte strings kept inline: an output's topic, key and header keys and values are mostly
//! a few bytes ("masked-digits", "7", a topic name), and an allocation costs a guest far more
//! than copying them (dlmalloc's `malloc` is thousands of wasm instructions).

/// The longest string kept inline; with the tag and the length the enum is as big as a `Vec`.
const INLINE: usize = 22;

#[derive(Clone)]
pub(crate) enum Small {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Vec<u8>),
}

impl Small {
    pub fn copy(bytes: &[u8]) -> Small {
        if bytes.len() <= INLINE {
            let mut inline = [0u8; INLINE];
            inline[..bytes.len()].copy_from_slice(bytes);
            Small::Inline {
                len: bytes.len() as u8,
                bytes: inline,
            }
        } else {
            Small::Heap(bytes.to_vec())
        }
    }

    pub fn as_slice(&self) -> &[u8] {
        match self {
            Small::Inline { len, bytes } => &bytes[..*len as usize],
            Small::Heap(bytes) => bytes,
        }
    }
}

impl std::fmt::Debug for Small {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_short_strings_inline_and_long_ones_on_the_heap() {
        assert!(matches!(Small::copy(b"masked-digits"), Small::Inline { len: 13, .. }));
        assert_eq!(Small::copy(b"masked-digits").as_slice(), b"masked-digits");
        assert_eq!(Small::copy(b"").as_slice(), b"");
        let long = [7u8; INLINE + 1];
        assert!(matches!(Small::copy(&long), Small::Heap(_)));
        assert_eq!(Small::copy(&long).as_slice(), &long);
        assert_eq!(Small::copy(&long[..INLINE]).as_slice(), &long[..INLINE]);
    }
}
