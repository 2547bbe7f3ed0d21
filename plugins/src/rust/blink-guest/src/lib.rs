//! Hand-written bindings for the `blink:plugin@0.1.0` world.
//!
//! They do by hand what `wit-bindgen` would generate, following the canonical ABI:
//! the host passes strings as (pointer, length) pairs in memory it allocated through our
//! `cabi_realloc`, and ownership of that memory passes to us; `init` returns a pointer to a
//! return area holding `option<u16>` as `{u8 tag @0, u16 value @2}`.
//!
//! Use: implement [`Plugin`] and call [`export_plugin!`] once in a `cdylib` crate.

use std::alloc::{alloc, dealloc, handle_alloc_error, realloc, Layout};

/// Log levels of the `blink:plugin/host` interface, in WIT order.
#[repr(i32)]
#[derive(Clone, Copy, Debug)]
pub enum Level {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

#[link(wasm_import_module = "blink:plugin/host@0.1.0")]
extern "C" {
    #[link_name = "log"]
    fn host_log(level: i32, ptr: *const u8, len: usize);
}

/// Logs a line through the host (`🔌 Plugin: …` in the host's log).
pub fn log(level: Level, message: &str) {
    unsafe { host_log(level as i32, message.as_ptr(), message.len()) }
}

/// What a Blink plugin implements.
pub trait Plugin {
    /// Runs once per instance before any record. `Some(port)` asks the host for a port.
    fn init() -> Option<u16>;
    /// Decides one record: `true` accepts it, `false` rejects it.
    fn on_record(topic: &str, partition: u32, key: Option<&str>, value: &str) -> bool;
}

#[repr(C, align(4))]
struct ReturnArea([u8; 4]);

static mut RETURN_AREA: ReturnArea = ReturnArea([0; 4]);

#[doc(hidden)]
pub fn __init_return(result: Option<u16>) -> *const u8 {
    let bytes = match result {
        None => [0, 0, 0, 0],
        Some(port) => {
            let [lo, hi] = port.to_le_bytes();
            [1, 0, lo, hi]
        }
    };
    unsafe {
        let area = &raw mut RETURN_AREA;
        area.write(ReturnArea(bytes));
        area as *const u8
    }
}

/// Takes ownership of a string the host lowered into our memory.
///
/// # Safety
/// `ptr`/`len` must come from the host per the canonical ABI: allocated by `cabi_realloc` with
/// alignment 1 and holding valid UTF-8 (the host guarantees both).
#[doc(hidden)]
pub unsafe fn __take_string(ptr: *mut u8, len: usize) -> String {
    String::from_utf8_unchecked(Vec::from_raw_parts(ptr, len, len))
}

/// The canonical ABI's allocator, backed by Rust's global allocator.
///
/// # Safety
/// Called by the host only, with arguments per the canonical ABI.
#[doc(hidden)]
pub unsafe fn __cabi_realloc(
    old_ptr: *mut u8,
    old_size: usize,
    align: usize,
    new_size: usize,
) -> *mut u8 {
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

/// Exports `init`, `on-record` and `cabi_realloc` for a type implementing [`Plugin`].
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        #[export_name = "blink:plugin/plugin@0.1.0#init"]
        pub extern "C" fn __blink_init() -> *const u8 {
            $crate::__init_return(<$plugin as $crate::Plugin>::init())
        }

        #[export_name = "blink:plugin/plugin@0.1.0#on-record"]
        pub unsafe extern "C" fn __blink_on_record(
            topic_ptr: *mut u8,
            topic_len: usize,
            partition: u32,
            key_tag: u32,
            key_ptr: *mut u8,
            key_len: usize,
            value_ptr: *mut u8,
            value_len: usize,
        ) -> u32 {
            let topic = $crate::__take_string(topic_ptr, topic_len);
            let key = if key_tag != 0 {
                Some($crate::__take_string(key_ptr, key_len))
            } else {
                None
            };
            let value = $crate::__take_string(value_ptr, value_len);
            <$plugin as $crate::Plugin>::on_record(&topic, partition, key.as_deref(), &value) as u32
        }

        #[export_name = "cabi_realloc"]
        pub unsafe extern "C" fn __blink_cabi_realloc(
            old_ptr: *mut u8,
            old_size: usize,
            align: usize,
            new_size: usize,
        ) -> *mut u8 {
            $crate::__cabi_realloc(old_ptr, old_size, align, new_size)
        }
    };
}
