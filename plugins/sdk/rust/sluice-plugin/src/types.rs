//! The world's `types` interface as safe Rust: records borrowed from the host's memory (no copy),
//! and the verdicts and outputs a plugin answers with (owned).

use crate::abi::{RawHeader, RawRecord};
use crate::small::Small;

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

    /// The value, to edit in place (same length): pass the edit on with
    /// [`Output::from_record`]; [`Verdict::Accept`] passes the host's original.
    pub fn value_mut(&mut self) -> &mut [u8] {
        // SAFETY: the host lowers each value into its own allocation from our `cabi_realloc`,
        // ours until the call's results are read; `&mut self` makes this the only borrow.
        unsafe { self.0.value.bytes_mut() }
    }

    /// The key, to edit in place, as [`Record::value_mut`].
    pub fn key_mut(&mut self) -> Option<&mut [u8]> {
        (self.0.key_tag != 0).then(|| unsafe { self.0.key.bytes_mut() })
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
/// topic, a partition the host chooses from the key, the input's timestamp; no key, no headers
/// (for [`Output::new`]) or the record's (for [`Output::from_record`]).
///
/// Short topics, keys and header keys and values are kept inline, so the usual output — the
/// record, edited in place, with a header or two — costs the guest no allocation.
#[derive(Clone, Debug, Default)]
pub struct Output {
    /// The record this output passes on: its key, value and headers are read from the batch
    /// when the verdicts are lowered (so edits made in place go out), not copied here.
    pub(crate) source: Option<Source>,
    pub(crate) topic: Option<Small>,
    pub(crate) partition: Option<u32>,
    /// `None`: the source's key (no key without a source); `Some(None)`: no key.
    pub(crate) key: Option<Option<Small>>,
    /// `None`: the source's value (empty without a source).
    pub(crate) value: Option<Vec<u8>>,
    /// Headers added to the source's, in order: the first inline, the rest in `more`.
    pub(crate) first: Option<(Small, Small)>,
    pub(crate) more: Vec<(Small, Small)>,
    pub(crate) timestamp: Option<i64>,
}

/// Where an [`Output::from_record`] points: a record of the batch, and the call it came in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Source {
    pub record: *const RawRecord,
    pub call: u32,
}

impl Output {
    /// An output with this value, no key and no headers.
    pub fn new(value: impl Into<Vec<u8>>) -> Output {
        Output {
            value: Some(value.into()),
            ..Output::default()
        }
    }

    /// The record's key, value and headers, as they are when the call returns (topic,
    /// partition and timestamp left to the host: the input's). Nothing is copied: edit the
    /// record in place with [`Record::value_mut`] or [`Record::key_mut`] and pass it on with
    /// this. Valid only as the answer to the call the record came in (the SDK panics if it is
    /// kept for a later one: copy with `Output::new(record.value().to_vec())` instead).
    pub fn from_record(record: &Record) -> Output {
        Output {
            source: Some(Source {
                record: &record.0,
                call: crate::abi::current_call(),
            }),
            ..Output::default()
        }
    }

    /// The record's key and headers with a new value: what a transform emits when the new
    /// value is not the old one's size.
    pub fn from_record_with_value(record: &Record, value: impl Into<Vec<u8>>) -> Output {
        Output::from_record(record).value(value)
    }

    /// Routes the output to another topic.
    pub fn topic(mut self, topic: impl AsRef<str>) -> Output {
        self.topic = Some(Small::copy(topic.as_ref().as_bytes()));
        self
    }

    pub fn partition(mut self, partition: u32) -> Output {
        self.partition = Some(partition);
        self
    }

    pub fn key(mut self, key: impl AsRef<[u8]>) -> Output {
        self.key = Some(Some(Small::copy(key.as_ref())));
        self
    }

    pub fn without_key(mut self) -> Output {
        self.key = Some(None);
        self
    }

    pub fn value(mut self, value: impl Into<Vec<u8>>) -> Output {
        self.value = Some(value.into());
        self
    }

    /// Appends a header (after the record's, for [`Output::from_record`], and after any with
    /// the same key).
    pub fn header(mut self, key: impl AsRef<str>, value: impl AsRef<[u8]>) -> Output {
        let header = (
            Small::copy(key.as_ref().as_bytes()),
            Small::copy(value.as_ref()),
        );
        if self.first.is_none() {
            self.first = Some(header);
        } else {
            self.more.push(header);
        }
        self
    }

    pub fn timestamp(mut self, millis: i64) -> Output {
        self.timestamp = Some(millis);
        self
    }

    /// The headers this output adds, in order.
    pub(crate) fn added_headers(&self) -> impl Iterator<Item = &(Small, Small)> {
        self.first.iter().chain(self.more.iter())
    }
}

/// What a plugin decides about one record.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// Pass the record on unchanged (as the host sent it: edits made in place are not seen).
    Accept,
    /// Refuse it; the reason goes back to the producer.
    Reject(String),
    /// Pass this one output on instead: a rewrite or a route (`replace` with one output,
    /// without a list to allocate).
    Rewrite(Output),
    /// Pass these on instead: none drops the record, several split it.
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

    /// Passes `output` on instead of the record ([`Verdict::Rewrite`]).
    pub fn replace(output: Output) -> Verdict {
        Verdict::Rewrite(output)
    }

    /// True for a verdict that passes something other than the record itself on.
    pub fn replaces(&self) -> bool {
        matches!(self, Verdict::Rewrite(_) | Verdict::Replace(_))
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
