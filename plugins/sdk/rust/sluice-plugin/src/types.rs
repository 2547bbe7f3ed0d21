//! The world's `types` interface as safe Rust: records borrowed from the host's memory (no copy),
//! and the verdicts and outputs a plugin answers with (owned).

use crate::abi::{RawHeader, RawRecord};

/// One record header, borrowed from the batch. Keys may repeat.
#[repr(transparent)]
pub struct Header(RawHeader);

impl Header {
    pub fn key(&self) -> &str {
        unsafe { self.0.key.str() }
    }

    pub fn value(&self) -> &[u8] {
        unsafe { self.0.value.bytes() }
    }
}

impl std::fmt::Debug for Header {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}={:?}",
            self.key(),
            String::from_utf8_lossy(self.value())
        )
    }
}

/// A record on its way into a topic, borrowed from the batch the host passed in: valid for the
/// duration of the call only (copy what you want to keep).
#[repr(transparent)]
pub struct Record(RawRecord);

impl Record {
    pub fn topic(&self) -> &str {
        unsafe { self.0.topic.str() }
    }

    pub fn partition(&self) -> u32 {
        self.0.partition
    }

    pub fn key(&self) -> Option<&[u8]> {
        (self.0.key_tag != 0).then(|| unsafe { self.0.key.bytes() })
    }

    pub fn value(&self) -> &[u8] {
        unsafe { self.0.value.bytes() }
    }

    /// The value as text, if it is valid UTF-8.
    pub fn value_str(&self) -> Option<&str> {
        std::str::from_utf8(self.value()).ok()
    }

    /// The key as text, if there is one and it is valid UTF-8.
    pub fn key_str(&self) -> Option<&str> {
        self.key().and_then(|k| std::str::from_utf8(k).ok())
    }

    /// Every header, in order (keys may repeat).
    pub fn headers(&self) -> &[Header] {
        unsafe { self.0.headers.elements() }
    }

    /// The first header with this key.
    pub fn header(&self, key: &str) -> Option<&[u8]> {
        self.headers()
            .iter()
            .find(|h| h.key() == key)
            .map(Header::value)
    }

    /// Milliseconds since the Unix epoch.
    pub fn timestamp(&self) -> i64 {
        self.0.timestamp
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("topic", &self.topic())
            .field("partition", &self.partition())
            .field("key", &self.key().map(String::from_utf8_lossy))
            .field("value", &String::from_utf8_lossy(self.value()))
            .field("headers", &self.headers())
            .field("timestamp", &self.timestamp())
            .finish()
    }
}

/// A stored record and its offset (`tuple<record, u64>`), as `on_stored` receives them.
#[repr(C)]
pub struct Stored {
    record: Record,
    offset: u64,
}

const _: () =
    assert!(std::mem::size_of::<Stored>() == 56 && std::mem::offset_of!(Stored, offset) == 48);

impl Stored {
    pub fn record(&self) -> &Record {
        &self.record
    }

    pub fn offset(&self) -> u64 {
        self.offset
    }
}

/// A record a plugin emits in place of the one it was given. Unset fields mean: the input's
/// topic, a partition the host chooses from the key, the input's timestamp; no key, no headers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub(crate) topic: Option<String>,
    pub(crate) partition: Option<u32>,
    pub(crate) key: Option<Vec<u8>>,
    pub(crate) value: Vec<u8>,
    pub(crate) headers: Vec<(String, Vec<u8>)>,
    pub(crate) timestamp: Option<i64>,
}

impl Output {
    /// An output with this value, no key and no headers.
    pub fn new(value: impl Into<Vec<u8>>) -> Output {
        Output {
            value: value.into(),
            ..Output::default()
        }
    }

    /// A copy of the record's key, value and headers (topic, partition and timestamp left to
    /// the host: the input's).
    pub fn from_record(record: &Record) -> Output {
        Output::from_record_with_value(record, record.value())
    }

    /// A copy of the record's key and headers with a new value: what a transform that rewrites
    /// values emits, without copying the old value first.
    pub fn from_record_with_value(record: &Record, value: impl Into<Vec<u8>>) -> Output {
        Output {
            key: record.key().map(<[u8]>::to_vec),
            value: value.into(),
            headers: record
                .headers()
                .iter()
                .map(|h| (h.key().to_owned(), h.value().to_vec()))
                .collect(),
            ..Output::default()
        }
    }

    /// Routes the output to another topic.
    pub fn topic(mut self, topic: impl Into<String>) -> Output {
        self.topic = Some(topic.into());
        self
    }

    pub fn partition(mut self, partition: u32) -> Output {
        self.partition = Some(partition);
        self
    }

    pub fn key(mut self, key: impl Into<Vec<u8>>) -> Output {
        self.key = Some(key.into());
        self
    }

    pub fn without_key(mut self) -> Output {
        self.key = None;
        self
    }

    pub fn value(mut self, value: impl Into<Vec<u8>>) -> Output {
        self.value = value.into();
        self
    }

    /// Appends a header (after any with the same key).
    pub fn header(mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> Output {
        self.headers.push((key.into(), value.into()));
        self
    }

    pub fn timestamp(mut self, millis: i64) -> Output {
        self.timestamp = Some(millis);
        self
    }
}

/// What a plugin decides about one record.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Pass the record on unchanged.
    Accept,
    /// Refuse it; the reason goes back to the producer.
    Reject(String),
    /// Pass these on instead: none drops the record, several split it, another topic routes it.
    Replace(Vec<Output>),
}

impl Verdict {
    pub fn reject(reason: impl Into<String>) -> Verdict {
        Verdict::Reject(reason.into())
    }

    /// Drops the record quietly (`replace` with no outputs).
    pub fn drop() -> Verdict {
        Verdict::Replace(Vec::new())
    }

    pub fn replace(output: Output) -> Verdict {
        Verdict::Replace(vec![output])
    }
}

/// What a plugin asks for when it starts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registration {
    /// Call `on_stored` with records once they are stored.
    pub wants_stored: bool,
    /// Call `on_event` with events published on these channels.
    pub subscriptions: Vec<String>,
}

impl Registration {
    pub fn wants_stored(mut self) -> Registration {
        self.wants_stored = true;
        self
    }

    pub fn subscribe(mut self, channel: impl Into<String>) -> Registration {
        self.subscriptions.push(channel.into());
        self
    }
}
