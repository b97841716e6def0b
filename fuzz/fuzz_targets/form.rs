//! The `form` fuzz target: see `bodies::form`.
#![no_main]

#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::form(data));
