//! The `plan` fuzz target: see `bodies::plan`.
#![no_main]

#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::plan(data));
