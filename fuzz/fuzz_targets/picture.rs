//! The `picture` fuzz target: see `bodies::picture`.
#![no_main]

#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::picture(data));
