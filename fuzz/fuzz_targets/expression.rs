//! The `expression` fuzz target: see `bodies::expression`.
#![no_main]

#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::expression(data));
