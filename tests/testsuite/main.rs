//! iep's tests as one program, a module for each part of iep, so that a change relinks one test
//! binary rather than twenty.

mod common;

mod batch;
mod breaks;
mod cli;
mod cycle;
mod determinism;
mod diagnostics;
mod docx;
mod every_field;
mod files;
mod fuzz_inputs;
mod group;
mod hostile;
mod hostile3;
mod languages;
mod layout;
mod load;
mod on_form;
mod ooxml;
mod pdf;
mod privacy;
mod profiles;
mod properties;
mod provision;
mod pupil;
mod sandbox;
mod scripts;
mod svg;
mod tagged;
mod validate;
