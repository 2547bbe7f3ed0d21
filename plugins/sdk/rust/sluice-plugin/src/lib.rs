//! Write a plugin for Sluice's own contract, the `sluice:plugin@0.1.0` world, in Rust.
//!
//! Hand-written canonical-ABI bindings (no `wit-bindgen`, no dependencies). Implement
//! [`Plugin`] for a type with a `Default`, then call [`export_plugin!`] once in a `cdylib`:
//!
//! ```ignore
//! use sluice_plugin::{export_plugin, Plugin, Record, Verdict};
//!
//! #[derive(Default)]
//! struct DropEmpty;
//!
//! impl Plugin for DropEmpty {
//!     fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict> {
//!         records.iter().map(|r| if r.value().is_empty() { Verdict::drop() } else { Verdict::Accept }).collect()
//!     }
//! }
//!
//! export_plugin!(DropEmpty);
//! ```
//!
//! Build for `wasm32-wasip1` and turn the module into a component with the world's WIT
//! (`plugins/sdk/wit/sluice-plugin.wit`) and the WASI reactor adapter, as plugins/build.sh does.

mod abi;
pub mod bytes;
mod host;
mod small;
mod types;

pub use bytes::Decimal;
pub use host::{config, events, http, log, metrics, state, Level};
pub use types::{Header, Output, Record, Registration, Stored, Verdict};

/// What a plugin implements. One instance of the type lives in each wasm instance, made with
/// `Default` and then given [`Plugin::init`]; the host calls one method at a time.
pub trait Plugin: Default + 'static {
    /// Runs once in every instance before anything else. An error fails the load, with its text.
    fn init(&mut self) -> Result<Registration, String> {
        Ok(Registration::default())
    }

    /// One verdict per record, in the same order. The records are the call's own: edit one in
    /// place ([`Record::value_mut`]) and answer `Verdict::replace(Output::from_record(record))`
    /// to pass the edit on without a copy.
    fn on_records(&mut self, records: &mut [Record]) -> Vec<Verdict>;

    /// Records once stored, with their offsets (only if the registration asked for them).
    fn on_stored(&mut self, _records: &[Stored]) {}

    /// An event on a subscribed channel.
    fn on_event(&mut self, _channel: &str, _payload: &[u8]) {}
}

#[doc(hidden)]
pub mod __export {
    use crate::abi::RawSlice;
    pub use crate::abi::{
        cabi_realloc, enter, leave, lower_init, lower_verdicts, release_returned,
    };
    use crate::{log, Level, Plugin, Record, Stored};

    /// The plugin instance (wasm is single-threaded: one call at a time).
    pub struct Slot<P>(pub core::cell::UnsafeCell<Option<P>>);
    unsafe impl<P> Sync for Slot<P> {}

    impl<P: Plugin> Slot<P> {
        #[allow(clippy::mut_from_ref)]
        pub fn get(&self) -> &mut P {
            unsafe { (*self.0.get()).get_or_insert_with(P::default) }
        }
    }

    /// # Safety
    /// `ptr`/`len` is a `list<record>` the host lowered into memory it got from our
    /// `cabi_realloc`, valid until the host has read the call's results; borrowed once.
    pub unsafe fn records<'a>(ptr: *const u8, len: usize) -> &'a mut [Record] {
        RawSlice { ptr, len }.elements_mut()
    }

    /// # Safety
    /// `ptr`/`len` is a `list<tuple<record, u64>>` the host lowered, valid until [`leave`].
    pub unsafe fn stored<'a>(ptr: *const u8, len: usize) -> &'a [Stored] {
        RawSlice { ptr, len }.elements()
    }

    /// # Safety
    /// As [`records`], for a `string`/`list<u8>`.
    pub unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
        RawSlice { ptr, len }.bytes()
    }

    /// # Safety
    /// As [`bytes`], and valid UTF-8 (the host guarantees it for a `string`).
    pub unsafe fn string<'a>(ptr: *const u8, len: usize) -> &'a str {
        RawSlice { ptr, len }.str()
    }

    /// The host must get exactly one verdict per record; say so in the log when a plugin errs.
    pub fn check_count(records: usize, verdicts: usize) {
        if records != verdicts {
            let message = format!("on_records returned {verdicts} verdicts for {records} records");
            log(Level::Error, &message);
        }
    }
}

/// Exports the world's functions (`sluice:plugin/plugin@0.1.0#init`, `#on-records`,
/// `#on-stored`, `#on-event`, their post-return functions) and `cabi_realloc` for a type
/// implementing [`Plugin`].
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        static __SLUICE_PLUGIN: $crate::__export::Slot<$plugin> =
            $crate::__export::Slot(::core::cell::UnsafeCell::new(None));

        #[export_name = "sluice:plugin/plugin@0.1.0#init"]
        pub extern "C" fn __sluice_init() -> *const u8 {
            $crate::__export::enter();
            let result = <$plugin as $crate::Plugin>::init(__SLUICE_PLUGIN.get());
            let area = $crate::__export::lower_init(result);
            $crate::__export::leave();
            area
        }

        #[export_name = "cabi_post_sluice:plugin/plugin@0.1.0#init"]
        pub extern "C" fn __sluice_post_init(_area: *const u8) {
            $crate::__export::release_returned();
        }

        #[export_name = "sluice:plugin/plugin@0.1.0#on-records"]
        pub unsafe extern "C" fn __sluice_on_records(ptr: *const u8, len: usize) -> *const u8 {
            $crate::__export::enter();
            let records = $crate::__export::records(ptr, len);
            let count = records.len();
            let verdicts = <$plugin as $crate::Plugin>::on_records(__SLUICE_PLUGIN.get(), records);
            $crate::__export::check_count(count, verdicts.len());
            let area = $crate::__export::lower_verdicts(verdicts);
            $crate::__export::leave();
            area
        }

        #[export_name = "cabi_post_sluice:plugin/plugin@0.1.0#on-records"]
        pub extern "C" fn __sluice_post_on_records(_area: *const u8) {
            $crate::__export::release_returned();
        }

        #[export_name = "sluice:plugin/plugin@0.1.0#on-stored"]
        pub unsafe extern "C" fn __sluice_on_stored(ptr: *const u8, len: usize) {
            $crate::__export::enter();
            let stored = $crate::__export::stored(ptr, len);
            <$plugin as $crate::Plugin>::on_stored(__SLUICE_PLUGIN.get(), stored);
            $crate::__export::leave();
        }

        #[export_name = "sluice:plugin/plugin@0.1.0#on-event"]
        pub unsafe extern "C" fn __sluice_on_event(
            channel_ptr: *const u8,
            channel_len: usize,
            payload_ptr: *const u8,
            payload_len: usize,
        ) {
            $crate::__export::enter();
            let channel = $crate::__export::string(channel_ptr, channel_len);
            let payload = $crate::__export::bytes(payload_ptr, payload_len);
            <$plugin as $crate::Plugin>::on_event(__SLUICE_PLUGIN.get(), channel, payload);
            $crate::__export::leave();
        }

        #[export_name = "cabi_realloc"]
        pub unsafe extern "C" fn __sluice_cabi_realloc(
            old_ptr: *mut u8,
            old_size: usize,
            align: usize,
            new_size: usize,
        ) -> *mut u8 {
            $crate::__export::cabi_realloc(old_ptr, old_size, align, new_size)
        }
    };
}
