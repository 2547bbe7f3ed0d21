//! The world's imports: `host` and `metrics` (always granted), `state`, `events` and `http`
//! (granted by the operator; when not, the host answers `Err` with a message saying so).
//!
//! Results the host returns are lowered into memory it allocates through our `cabi_realloc`
//! while our code runs, i.e. with the global allocator: they become the returned `String`s and
//! `Vec`s without a copy. Functions returning more than one flat value take a pointer to a
//! return area as their last argument.

use crate::abi::{free_elements, take_bytes, take_string, RawSlice};

/// Log levels of the `host` interface, in WIT order.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

mod imports {
    #[link(wasm_import_module = "sluice:plugin/host@0.1.0")]
    extern "C" {
        pub fn log(level: i32, ptr: *const u8, len: usize);
        pub fn config(ptr: *const u8, len: usize, ret: *mut u8);
    }

    #[link(wasm_import_module = "sluice:plugin/metrics@0.1.0")]
    extern "C" {
        #[link_name = "counter-add"]
        pub fn counter_add(ptr: *const u8, len: usize, delta: i64);
        #[link_name = "gauge-set"]
        pub fn gauge_set(ptr: *const u8, len: usize, value: f64);
        #[link_name = "histogram-record"]
        pub fn histogram_record(ptr: *const u8, len: usize, value: f64);
    }

    #[link(wasm_import_module = "sluice:plugin/state@0.1.0")]
    extern "C" {
        pub fn get(ptr: *const u8, len: usize, ret: *mut u8);
        pub fn set(ptr: *const u8, len: usize, vptr: *const u8, vlen: usize, ret: *mut u8);
        pub fn delete(ptr: *const u8, len: usize, ret: *mut u8);
        pub fn increment(ptr: *const u8, len: usize, delta: i64, ret: *mut u8);
    }

    #[link(wasm_import_module = "sluice:plugin/events@0.1.0")]
    extern "C" {
        pub fn publish(ptr: *const u8, len: usize, pptr: *const u8, plen: usize, ret: *mut u8);
    }

    #[link(wasm_import_module = "sluice:plugin/http@0.1.0")]
    extern "C" {
        #[allow(clippy::too_many_arguments)]
        pub fn send(
            method_ptr: *const u8,
            method_len: usize,
            url_ptr: *const u8,
            url_len: usize,
            headers_ptr: *const u8,
            headers_len: usize,
            body_ptr: *const u8,
            body_len: usize,
            ret: *mut u8,
        );
    }
}

/// A return area for an import's results (the largest: `result<response, string>`, 24 bytes).
#[repr(C, align(8))]
struct Ret([u8; 24]);

impl Ret {
    fn new() -> Ret {
        Ret([0; 24])
    }
    fn ptr(&mut self) -> *mut u8 {
        self.0.as_mut_ptr()
    }
    fn u8_at(&self, offset: usize) -> u8 {
        self.0[offset]
    }
    fn u16_at(&self, offset: usize) -> u16 {
        u16::from_le_bytes([self.0[offset], self.0[offset + 1]])
    }
    fn i64_at(&self, offset: usize) -> i64 {
        i64::from_le_bytes(self.0[offset..offset + 8].try_into().unwrap())
    }
    fn slice_at(&self, offset: usize) -> RawSlice {
        let word = |o: usize| u32::from_le_bytes(self.0[o..o + 4].try_into().unwrap()) as usize;
        RawSlice {
            ptr: word(offset) as *const u8,
            len: word(offset + 4),
        }
    }
    /// `result<_, string>` and the error case of every other result: tag @0, string @`err`.
    unsafe fn error(&self, err: usize) -> Result<(), String> {
        match self.u8_at(0) {
            0 => Ok(()),
            _ => Err(take_string(self.slice_at(err))),
        }
    }
}

/// A line in the host log, attributed to the plugin.
pub fn log(level: Level, message: &str) {
    unsafe { imports::log(level as i32, message.as_ptr(), message.len()) }
}

/// The operator's configuration for this plugin (settings: `plugins.<name>.config`).
pub fn config(key: &str) -> Option<String> {
    let mut ret = Ret::new();
    unsafe {
        imports::config(key.as_ptr(), key.len(), ret.ptr());
        (ret.u8_at(0) != 0).then(|| take_string(ret.slice_at(4)))
    }
}

/// Metrics the plugin defines, exported with the plugin's name.
pub mod metrics {
    use super::imports;

    pub fn counter_add(name: &str, delta: u64) {
        unsafe { imports::counter_add(name.as_ptr(), name.len(), delta as i64) }
    }

    pub fn gauge_set(name: &str, value: f64) {
        unsafe { imports::gauge_set(name.as_ptr(), name.len(), value) }
    }

    pub fn histogram_record(name: &str, value: f64) {
        unsafe { imports::histogram_record(name.as_ptr(), name.len(), value) }
    }
}

/// The plugin's own key-value state (permission `state`).
pub mod state {
    use super::{imports, take_bytes, Ret};

    /// `result<option<list<u8>>, string>`: tag @0; ok: option tag @4, list @8; err: string @4.
    pub fn get(key: &str) -> Result<Option<Vec<u8>>, String> {
        let mut ret = Ret::new();
        unsafe {
            imports::get(key.as_ptr(), key.len(), ret.ptr());
            ret.error(4)?;
            Ok((ret.u8_at(4) != 0).then(|| take_bytes(ret.slice_at(8))))
        }
    }

    pub fn set(key: &str, value: &[u8]) -> Result<(), String> {
        let mut ret = Ret::new();
        unsafe {
            imports::set(
                key.as_ptr(),
                key.len(),
                value.as_ptr(),
                value.len(),
                ret.ptr(),
            );
            ret.error(4)
        }
    }

    pub fn delete(key: &str) -> Result<(), String> {
        let mut ret = Ret::new();
        unsafe {
            imports::delete(key.as_ptr(), key.len(), ret.ptr());
            ret.error(4)
        }
    }

    /// Adds `delta` to the counter at `key` (absent counts as 0) and returns the new value.
    /// `result<s64, string>`: tag @0, payload @8 (s64 is 8-aligned).
    pub fn increment(key: &str, delta: i64) -> Result<i64, String> {
        let mut ret = Ret::new();
        unsafe {
            imports::increment(key.as_ptr(), key.len(), delta, ret.ptr());
            ret.error(8)?;
            Ok(ret.i64_at(8))
        }
    }
}

/// Events between plugins (permission `events` naming the channels).
pub mod events {
    use super::{imports, Ret};

    pub fn publish(channel: &str, payload: &[u8]) -> Result<(), String> {
        let mut ret = Ret::new();
        unsafe {
            imports::publish(
                channel.as_ptr(),
                channel.len(),
                payload.as_ptr(),
                payload.len(),
                ret.ptr(),
            );
            ret.error(4)
        }
    }
}

/// Outgoing HTTP(S), to the hosts the permission `http` allows.
pub mod http {
    use super::{free_elements, imports, take_bytes, take_string, Ret};
    use crate::abi::RawSlice;

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Request {
        pub method: String,
        pub url: String,
        pub headers: Vec<(String, String)>,
        pub body: Vec<u8>,
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Response {
        pub status: u16,
        pub headers: Vec<(String, String)>,
        pub body: Vec<u8>,
    }

    impl Request {
        pub fn get(url: impl Into<String>) -> Request {
            Request {
                method: "GET".into(),
                url: url.into(),
                ..Request::default()
            }
        }

        pub fn post(url: impl Into<String>, body: impl Into<Vec<u8>>) -> Request {
            Request {
                method: "POST".into(),
                url: url.into(),
                body: body.into(),
                ..Request::default()
            }
        }

        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
            self.headers.push((name.into(), value.into()));
            self
        }
    }

    /// `result<response, string>`: tag @0; ok: status u16 @4, headers @8, body @16; err @4.
    pub fn send(request: &Request) -> Result<Response, String> {
        // list<tuple<string, string>>: 16 bytes each, (name ptr, len, value ptr, len).
        let headers: Vec<[RawSlice; 2]> = request
            .headers
            .iter()
            .map(|(n, v)| [RawSlice::of(n.as_bytes()), RawSlice::of(v.as_bytes())])
            .collect();
        let mut ret = Ret::new();
        unsafe {
            imports::send(
                request.method.as_ptr(),
                request.method.len(),
                request.url.as_ptr(),
                request.url.len(),
                headers.as_ptr() as *const u8,
                headers.len(),
                request.body.as_ptr(),
                request.body.len(),
                ret.ptr(),
            );
            ret.error(4)?;
            let raw_headers = ret.slice_at(8);
            let headers = raw_headers
                .elements::<[RawSlice; 2]>()
                .iter()
                .map(|[n, v]| (take_string(*n), take_string(*v)))
                .collect();
            free_elements(raw_headers, 16, 4);
            Ok(Response {
                status: ret.u16_at(4),
                headers,
                body: take_bytes(ret.slice_at(16)),
            })
        }
    }
}
