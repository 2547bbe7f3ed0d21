//! Just enough JSON to find one top-level string field of an object (no dependencies reach this
//! machine, so no serde). Strict about structure, so a malformed value is an error, not a guess.

/// The value of `field` if `text` is a JSON object whose `field` is a string; `Ok(None)` if the
/// object has no such string field; `Err` saying what is wrong if `text` is not a JSON object.
pub fn string_field(text: &[u8], field: &str) -> Result<Option<String>, String> {
    let mut p = Parser { s: text, i: 0 };
    p.ws();
    p.expect(b'{')?;
    let mut found = None;
    p.ws();
    if p.peek() == Some(b'}') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let key = p.string()?;
            p.ws();
            p.expect(b':')?;
            p.ws();
            if p.peek() == Some(b'"') {
                let value = p.string()?;
                if key == field && found.is_none() {
                    found = Some(value);
                }
            } else {
                p.value()?;
            }
            p.ws();
            match p.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                _ => {
                    return Err(format!(
                        "expected ',' or '}}' at byte {}",
                        p.i.saturating_sub(1)
                    ))
                }
            }
        }
    }
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing bytes after the object at byte {}", p.i));
    }
    Ok(found)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        self.i += 1;
        b
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, want: u8) -> Result<(), String> {
        match self.next() {
            Some(b) if b == want => Ok(()),
            Some(_) => Err(format!(
                "expected '{}' at byte {}",
                want as char,
                self.i - 1
            )),
            None => Err(format!("expected '{}' at the end", want as char)),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.next() {
                None => return Err("unterminated string".into()),
                Some(b'"') => break,
                Some(b'\\') => match self.next() {
                    Some(b'"') => out.push(b'"'),
                    Some(b'\\') => out.push(b'\\'),
                    Some(b'/') => out.push(b'/'),
                    Some(b'b') => out.push(8),
                    Some(b'f') => out.push(12),
                    Some(b'n') => out.push(b'\n'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'u') => {
                        let hex = self.s.get(self.i..self.i + 4).ok_or("short \\u escape")?;
                        let code = std::str::from_utf8(hex)
                            .ok()
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .ok_or("bad \\u escape")?;
                        self.i += 4;
                        let c = char::from_u32(code).unwrap_or('\u{fffd}');
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    _ => return Err(format!("bad escape at byte {}", self.i - 1)),
                },
                Some(b) => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| "string is not UTF-8".into())
    }

    /// Skips any JSON value.
    fn value(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(open @ (b'{' | b'[')) => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                self.ws();
                if self.peek() == Some(close) {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if open == b'{' {
                        self.string()?;
                        self.ws();
                        self.expect(b':')?;
                        self.ws();
                    }
                    self.value()?;
                    self.ws();
                    match self.next() {
                        Some(b',') => continue,
                        Some(b) if b == close => return Ok(()),
                        _ => {
                            return Err(format!(
                                "unbalanced {} at byte {}",
                                open as char,
                                self.i.saturating_sub(1)
                            ))
                        }
                    }
                }
            }
            Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                let start = self.i;
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E')
                ) {
                    self.i += 1;
                }
                let word = &self.s[start..self.i];
                let literal = matches!(word, b"true" | b"false" | b"null");
                let number = word[0] == b'-' || word[0].is_ascii_digit();
                if literal || (number && word.iter().all(|b| !b.is_ascii_lowercase() || *b == b'e'))
                {
                    Ok(())
                } else {
                    Err(format!("bad value at byte {start}"))
                }
            }
            _ => Err(format!("expected a value at byte {}", self.i)),
        }
    }
}
