//! The `render` fuzz target: see `bodies::render`.
#![no_main]

#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::render(data));
