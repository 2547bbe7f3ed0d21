//! The canonical ABI of the `sluice:plugin@0.1.0` world, written out by hand (what `wit-bindgen`
//! would generate). Layouts on wasm32 (size/alignment; offsets in the structs below):
//!
//! | type                         | size | align |
//! |------------------------------|------|-------|
//! | `string`, `list<T>`          | 8    | 4     | (ptr @0, len @4)
//! | `header`                     | 16   | 4     |
//! | `record`                     | 48   | 8     |
//! | `tuple<record, u64>`         | 56   | 8     |
//! | `output`                     | 64   | 8     |
//! | `verdict`                    | 12   | 4     | (tag u8 @0, payload @4)
//! | `result<registration,string>`| 16   | 4     |
//!
//! Memory: the host lowers an export's arguments into memory it gets from our `cabi_realloc`.
//! Between two export calls that memory comes from a bump arena, so a batch of records costs no
//! allocator call per string. The arena is reset once the host has read the call's results
//! (post-return, or the next call's first argument), not when the export returns: outputs made
//! with `Output::from_record` point into the arguments. While our own code runs
//! (import results, the WASI adapter's one-time state) `cabi_realloc` uses the global allocator:
//! the adapter keeps its state for the instance's lifetime, so it must never land in the arena.

use std::alloc::{alloc, dealloc, handle_alloc_error, realloc, Layout};
use std::mem::{align_of, offset_of, size_of};
use std::ptr;

use crate::small::Small;
use crate::{Output, Registration, Verdict};

/// A `string` or `list<u8>` as the canonical ABI lays it out.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct RawSlice {
    pub ptr: *const u8,
    pub len: usize,
}

impl RawSlice {
    pub const EMPTY: RawSlice = RawSlice {
        ptr: 1 as *const u8,
        len: 0,
    };

    pub fn of(bytes: &[u8]) -> RawSlice {
        RawSlice {
            ptr: bytes.as_ptr(),
            len: bytes.len(),
        }
    }

    /// # Safety
    /// `ptr`/`len` must describe memory valid for the returned lifetime.
    pub unsafe fn bytes<'a>(self) -> &'a [u8] {
        if self.len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(self.ptr, self.len)
        }
    }

    /// # Safety
    /// As [`RawSlice::bytes`], and the bytes are UTF-8 (the host guarantees it for `string`).
    pub unsafe fn str<'a>(self) -> &'a str {
        std::str::from_utf8_unchecked(self.bytes())
    }

    /// # Safety
    /// As [`RawSlice::bytes`], and nothing else may reference the bytes meanwhile.
    pub unsafe fn bytes_mut<'a>(self) -> &'a mut [u8] {
        if self.len == 0 {
            &mut []
        } else {
            std::slice::from_raw_parts_mut(self.ptr as *mut u8, self.len)
        }
    }

    /// # Safety
    /// `ptr`/`len` must describe `len` elements of `T`, valid for the returned lifetime.
    pub unsafe fn elements<'a, T>(self) -> &'a [T] {
        if self.len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(self.ptr as *const T, self.len)
        }
    }

    /// # Safety
    /// As [`RawSlice::elements`], and nothing else may reference the elements meanwhile.
    pub unsafe fn elements_mut<'a, T>(self) -> &'a mut [T] {
        if self.len == 0 {
            &mut []
        } else {
            std::slice::from_raw_parts_mut(self.ptr as *mut T, self.len)
        }
    }
}

/// `header` (key string @0, value list<u8> @8).
#[repr(C)]
pub(crate) struct RawHeader {
    pub key: RawSlice,
    pub value: RawSlice,
}

/// `record`.
#[repr(C)]
pub(crate) struct RawRecord {
    pub topic: RawSlice,   // @0
    pub partition: u32,    // @8
    pub key_tag: u8,       // @12
    pub key: RawSlice,     // @16
    pub value: RawSlice,   // @24
    pub headers: RawSlice, // @32, list<header>
    pub timestamp: i64,    // @40
}

/// `output`.
#[repr(C)]
pub(crate) struct RawOutput {
    pub topic_tag: u8,     // @0
    pub topic: RawSlice,   // @4
    pub partition_tag: u8, // @12
    pub partition: u32,    // @16
    pub key_tag: u8,       // @20
    pub key: RawSlice,     // @24
    pub value: RawSlice,   // @32
    pub headers: RawSlice, // @40, list<header>
    pub timestamp_tag: u8, // @48
    pub timestamp: i64,    // @56
}

/// `verdict`: 0 accept, 1 reject(string), 2 replace(list<output>); payload @4.
#[repr(C)]
pub(crate) struct RawVerdict {
    pub tag: u8,
    pub payload: RawSlice,
}

// The layouts above are the canonical ABI's only if these hold (checked when compiling).
const _: () = {
    assert!(size_of::<RawSlice>() == 8 && align_of::<RawSlice>() == 4);
    assert!(size_of::<RawHeader>() == 16 && align_of::<RawHeader>() == 4);
    assert!(offset_of!(RawRecord, partition) == 8);
    assert!(offset_of!(RawRecord, key_tag) == 12);
    assert!(offset_of!(RawRecord, key) == 16);
    assert!(offset_of!(RawRecord, value) == 24);
    assert!(offset_of!(RawRecord, headers) == 32);
    assert!(offset_of!(RawRecord, timestamp) == 40);
    assert!(size_of::<RawRecord>() == 48 && align_of::<RawRecord>() == 8);
    assert!(offset_of!(RawOutput, topic) == 4);
    assert!(offset_of!(RawOutput, partition_tag) == 12);
    assert!(offset_of!(RawOutput, partition) == 16);
    assert!(offset_of!(RawOutput, key_tag) == 20);
    assert!(offset_of!(RawOutput, key) == 24);
    assert!(offset_of!(RawOutput, value) == 32);
    assert!(offset_of!(RawOutput, headers) == 40);
    assert!(offset_of!(RawOutput, timestamp_tag) == 48);
    assert!(offset_of!(RawOutput, timestamp) == 56);
    assert!(size_of::<RawOutput>() == 64 && align_of::<RawOutput>() == 8);
    assert!(size_of::<RawVerdict>() == 12 && offset_of!(RawVerdict, payload) == 4);
};

// ---- cabi_realloc: a bump arena for arguments, the global allocator for the rest ----

const CHUNK: usize = 64 * 1024;
const ARENA_ALIGN: usize = 8; // the largest alignment in the world (s64, u64)

struct Arena {
    base: *mut u8,
    cap: usize,
    used: usize,
    /// Chunks filled during this call; freed at reset, and the next chunk sized to hold them all.
    spilled: Vec<(*mut u8, usize)>,
    spilled_bytes: usize,
    /// True between export calls: only then is the host lowering arguments.
    armed: bool,
    /// The last call's arguments are still held (its results may point into them): reset
    /// before the next allocation from the arena.
    stale: bool,
    /// Counts export calls, so that an output pointing into a call's arguments is not lowered
    /// in a later one.
    call: u32,
}

static mut ARENA: Arena = Arena {
    base: ptr::null_mut(),
    cap: 0,
    used: 0,
    spilled: Vec::new(),
    spilled_bytes: 0,
    armed: false,
    stale: false,
    call: 0,
};

fn arena() -> &'static mut Arena {
    // SAFETY: a wasm instance is single-threaded and no reference outlives one call below.
    unsafe { &mut *(&raw mut ARENA) }
}

fn chunk_layout(size: usize) -> Layout {
    Layout::from_size_align(size, ARENA_ALIGN).expect("arena chunk size")
}

impl Arena {
    unsafe fn bump(&mut self, align: usize, size: usize) -> *mut u8 {
        let start = (self.used + align - 1) & !(align - 1);
        if self.base.is_null() || start + size > self.cap {
            if !self.base.is_null() {
                self.spilled.push((self.base, self.cap));
                self.spilled_bytes += self.used;
            }
            let cap = CHUNK.max(size);
            self.base = alloc(chunk_layout(cap));
            if self.base.is_null() {
                handle_alloc_error(chunk_layout(cap));
            }
            self.cap = cap;
            self.used = size;
            return self.base;
        }
        self.used = start + size;
        self.base.add(start)
    }

    unsafe fn grow(
        &mut self,
        old: *mut u8,
        old_size: usize,
        align: usize,
        new_size: usize,
    ) -> *mut u8 {
        // The last allocation grows in place when it fits.
        if !self.base.is_null() && old.add(old_size) == self.base.add(self.used) {
            let start = old.offset_from(self.base) as usize;
            if start + new_size <= self.cap {
                self.used = start + new_size;
                return old;
            }
        }
        if new_size <= old_size {
            return old;
        }
        let new = self.bump(align, new_size);
        ptr::copy_nonoverlapping(old, new, old_size);
        new
    }

    /// Forgets every argument of the call that just ended; keeps one chunk big enough for it.
    unsafe fn reset(&mut self) {
        self.stale = false;
        if !self.spilled.is_empty() {
            let needed = self.spilled_bytes + self.used;
            for (base, cap) in self.spilled.drain(..) {
                dealloc(base, chunk_layout(cap));
            }
            dealloc(self.base, chunk_layout(self.cap));
            self.cap = needed.next_power_of_two().max(CHUNK);
            self.base = alloc(chunk_layout(self.cap));
            if self.base.is_null() {
                handle_alloc_error(chunk_layout(self.cap));
            }
            self.spilled_bytes = 0;
        }
        self.used = 0;
    }
}

/// The canonical ABI's allocator (exported as `cabi_realloc` by [`crate::export_plugin!`]).
///
/// # Safety
/// Called by the host and the WASI adapter only, with arguments per the canonical ABI.
#[doc(hidden)]
pub unsafe fn cabi_realloc(
    old_ptr: *mut u8,
    old_size: usize,
    align: usize,
    new_size: usize,
) -> *mut u8 {
    let arena = arena();
    if arena.armed {
        if arena.stale {
            arena.reset();
        }
        if old_size == 0 {
            if new_size == 0 {
                return align as *mut u8;
            }
            return arena.bump(align, new_size);
        }
        return arena.grow(old_ptr, old_size, align, new_size);
    }
    if new_size == 0 {
        if old_size != 0 {
            dealloc(old_ptr, Layout::from_size_align_unchecked(old_size, align));
        }
        return align as *mut u8;
    }
    let ptr = if old_size == 0 {
        alloc(Layout::from_size_align_unchecked(new_size, align))
    } else {
        realloc(
            old_ptr,
            Layout::from_size_align_unchecked(old_size, align),
            new_size,
        )
    };
    if ptr.is_null() {
        handle_alloc_error(Layout::from_size_align_unchecked(new_size, align));
    }
    ptr
}

/// Marks the start of an export's body: allocations from here on are ours to keep.
#[doc(hidden)]
pub fn enter() {
    let arena = arena();
    arena.armed = false;
    arena.call = arena.call.wrapping_add(1);
}

/// The export call now running (see [`enter`]).
pub(crate) fn current_call() -> u32 {
    arena().call
}

/// Marks the end of an export's body: its arguments are forgotten once the host has read the
/// results, and the host's next lowering of arguments goes to the arena.
#[doc(hidden)]
pub fn leave() {
    let arena = arena();
    arena.stale = true;
    arena.armed = true;
}

/// Takes a `list<u8>`/`string` the host returned from an import (allocated by the global
/// allocator with alignment 1, since our code was running): ours now, no copy.
pub(crate) unsafe fn take_bytes(raw: RawSlice) -> Vec<u8> {
    if raw.len == 0 {
        Vec::new()
    } else {
        Vec::from_raw_parts(raw.ptr as *mut u8, raw.len, raw.len)
    }
}

pub(crate) unsafe fn take_string(raw: RawSlice) -> String {
    String::from_utf8_unchecked(take_bytes(raw))
}

/// Frees a list's element array returned from an import (the elements' own memory is taken
/// separately).
pub(crate) unsafe fn free_elements(raw: RawSlice, size: usize, align: usize) {
    if raw.len != 0 {
        dealloc(
            raw.ptr as *mut u8,
            Layout::from_size_align_unchecked(raw.len * size, align),
        );
    }
}

// ---- return values: kept alive until post-return (or the next call) ----

struct Returned {
    verdicts: Vec<Verdict>,
    raw: Vec<RawVerdict>,
    outputs: Vec<RawOutput>,
    headers: Vec<RawHeader>,
    registration: Option<Registration>,
    error: String,
    subscriptions: Vec<RawSlice>,
}

static mut RETURNED: Returned = Returned {
    verdicts: Vec::new(),
    raw: Vec::new(),
    outputs: Vec::new(),
    headers: Vec::new(),
    registration: None,
    error: String::new(),
    subscriptions: Vec::new(),
};

#[repr(C, align(8))]
struct ReturnArea([u8; 16]);

static mut RETURN_AREA: ReturnArea = ReturnArea([0; 16]);

fn returned() -> &'static mut Returned {
    // SAFETY: single-threaded; one export at a time.
    unsafe { &mut *(&raw mut RETURNED) }
}

unsafe fn return_area() -> *mut u8 {
    (&raw mut RETURN_AREA) as *mut u8
}

fn opt_slice(value: Option<&[u8]>) -> (u8, RawSlice) {
    match value {
        Some(bytes) => (1, RawSlice::of(bytes)),
        None => (0, RawSlice::EMPTY),
    }
}

/// Lowers the verdicts into `list<verdict>` and returns the return area holding (ptr, len).
#[doc(hidden)]
pub fn lower_verdicts(verdicts: Vec<Verdict>) -> *const u8 {
    let r = returned();
    r.verdicts = verdicts;
    r.raw.clear();
    r.outputs.clear();
    r.headers.clear();
    let call = current_call();
    let (mut outputs, mut headers) = (0, 0);
    for output in r.verdicts.iter().flat_map(outputs_of) {
        outputs += 1;
        headers += header_count(output, call);
    }
    // Reserved up front so the arrays never move while pointers into them are handed out.
    r.raw.reserve(r.verdicts.len());
    r.outputs.reserve(outputs);
    r.headers.reserve(headers);
    for verdict in &r.verdicts {
        let raw = match verdict {
            Verdict::Accept => RawVerdict {
                tag: 0,
                payload: RawSlice::EMPTY,
            },
            Verdict::Reject(reason) => RawVerdict {
                tag: 1,
                payload: RawSlice::of(reason.as_bytes()),
            },
            Verdict::Rewrite(_) | Verdict::Replace(_) => {
                let first = r.outputs.len();
                for output in outputs_of(verdict) {
                    r.outputs.push(lower_output(output, call, &mut r.headers));
                }
                let ptr = unsafe { r.outputs.as_ptr().add(first) } as *const u8;
                RawVerdict {
                    tag: 2,
                    payload: RawSlice {
                        ptr,
                        len: r.outputs.len() - first,
                    },
                }
            }
        };
        r.raw.push(raw);
    }
    unsafe {
        let area = return_area() as *mut RawSlice;
        area.write(RawSlice {
            ptr: r.raw.as_ptr() as *const u8,
            len: r.raw.len(),
        });
        area as *const u8
    }
}

fn outputs_of(verdict: &Verdict) -> &[Output] {
    match verdict {
        Verdict::Accept | Verdict::Reject(_) => &[],
        Verdict::Rewrite(output) => std::slice::from_ref(output),
        Verdict::Replace(list) => list,
    }
}

/// The record an output passes on, if it was made from one in this call.
fn source(output: &Output, call: u32) -> Option<&RawRecord> {
    let source = output.source?;
    assert!(
        source.call == call,
        "an Output made with Output::from_record was kept past the call its record came in; \
         a record lives for one call only: keep a copy (Output::new(record.value().to_vec())) instead"
    );
    // SAFETY: the record is in this call's arguments, which the arena keeps until the host has
    // read the results.
    Some(unsafe { &*source.record })
}

fn header_count(output: &Output, call: u32) -> usize {
    let inherited = source(output, call).map_or(0, |record| record.headers.len);
    inherited + output.first.is_some() as usize + output.more.len()
}

fn lower_output(output: &Output, call: u32, headers: &mut Vec<RawHeader>) -> RawOutput {
    let source = source(output, call);
    let first = headers.len();
    if let Some(record) = source {
        let inherited: &[RawHeader] = unsafe { record.headers.elements() };
        headers.extend(inherited.iter().map(|h| RawHeader {
            key: h.key,
            value: h.value,
        }));
    }
    for (key, value) in output.added_headers() {
        headers.push(RawHeader {
            key: RawSlice::of(key.as_slice()),
            value: RawSlice::of(value.as_slice()),
        });
    }
    let (topic_tag, topic) = opt_slice(output.topic.as_ref().map(Small::as_slice));
    let (key_tag, key) = match (&output.key, source) {
        (Some(key), _) => opt_slice(key.as_ref().map(Small::as_slice)),
        (None, Some(record)) => (record.key_tag, record.key),
        (None, None) => (0, RawSlice::EMPTY),
    };
    let value = match (&output.value, source) {
        (Some(value), _) => RawSlice::of(value),
        (None, Some(record)) => record.value,
        (None, None) => RawSlice::EMPTY,
    };
    RawOutput {
        topic_tag,
        topic,
        partition_tag: output.partition.is_some() as u8,
        partition: output.partition.unwrap_or(0),
        key_tag,
        key,
        value,
        headers: RawSlice {
            ptr: unsafe { headers.as_ptr().add(first) } as *const u8,
            len: headers.len() - first,
        },
        timestamp_tag: output.timestamp.is_some() as u8,
        timestamp: output.timestamp.unwrap_or(0),
    }
}

/// Lowers `result<registration, string>`: tag u8 @0; ok: bool @4, list<string> @8; err: string @4.
#[doc(hidden)]
pub fn lower_init(result: Result<Registration, String>) -> *const u8 {
    let r = returned();
    r.subscriptions.clear();
    unsafe {
        let area = return_area();
        ptr::write_bytes(area, 0, 16);
        match result {
            Ok(registration) => {
                r.subscriptions.extend(
                    registration
                        .subscriptions
                        .iter()
                        .map(|s| RawSlice::of(s.as_bytes())),
                );
                area.write(0);
                area.add(4).write(registration.wants_stored as u8);
                (area.add(8) as *mut RawSlice).write(RawSlice {
                    ptr: r.subscriptions.as_ptr() as *const u8,
                    len: r.subscriptions.len(),
                });
                r.registration = Some(registration);
            }
            Err(message) => {
                area.write(1);
                (area.add(4) as *mut RawSlice).write(RawSlice::of(message.as_bytes()));
                r.error = message;
            }
        }
        area
    }
}

/// Post-return: the host has read the results; free what they pointed into.
#[doc(hidden)]
pub fn release_returned() {
    let arena = arena();
    if arena.stale {
        unsafe { arena.reset() };
    }
    let r = returned();
    r.verdicts = Vec::new();
    r.registration = None;
    r.error = String::new();
}
