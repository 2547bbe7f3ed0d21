//! {{name}}: an OurChat plugin (OurChat's raw core-module ABI, imports from `ourchat`).
//!
//! Blocks a message whose text contains "forbidden" and allows every other one. Sluice gives the
//! producer the last warning logged during the hook as the reason, so log why you block.
//!
//! It exports `alloc`/`dealloc`, so the host places each message in memory this plugin
//! allocated and frees it through `dealloc` after the hook returns.

use std::alloc::{alloc as rust_alloc, dealloc as rust_dealloc, Layout};

#[link(wasm_import_module = "ourchat")]
extern "C" {
    #[link_name = "log"]
    fn ourchat_log(level: i32, ptr: *const u8, len: usize);
}

const INFO: i32 = 2;
const WARN: i32 = 3;

fn log(level: i32, message: &str) {
    unsafe { ourchat_log(level, message.as_ptr(), message.len()) }
}

const ALIGN: usize = 8;

#[export_name = "alloc"]
pub extern "C" fn alloc(size: usize) -> *mut u8 {
    if size == 0 {
        return ALIGN as *mut u8; // a dangling, aligned pointer: nothing to free
    }
    unsafe { rust_alloc(Layout::from_size_align_unchecked(size, ALIGN)) }
}

/// # Safety
/// Called by the host with a pointer `alloc` returned for the same size.
#[export_name = "dealloc"]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, size: usize) {
    if size != 0 {
        rust_dealloc(ptr, Layout::from_size_align_unchecked(size, ALIGN));
    }
}

#[export_name = "on_plugin_load"]
pub extern "C" fn on_plugin_load() -> i32 {
    log(INFO, "{{name}} loaded");
    0 // non-zero would fail the load
}

/// Before a message is stored: 0 allows it, 1 blocks it.
///
/// # Safety
/// The host passes the message's UTF-8 bytes, in memory from `alloc`.
#[export_name = "on_message_send"]
pub unsafe extern "C" fn on_message_send(ptr: *const u8, len: usize) -> i32 {
    if len == 0 {
        return 0; // the pointer of an empty message may be anything
    }
    let message = std::slice::from_raw_parts(ptr, len);
    if message.windows(9).any(|w| w == b"forbidden") {
        log(WARN, "value contains \"forbidden\"");
        return 1;
    }
    0
}
