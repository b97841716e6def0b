//! The fuzzers' kept inputs, replayed through the same code as the fuzz targets
//! (fuzz/fuzz_targets/bodies.rs): the minimised corpus of each target, which covers what the long
//! runs reached, and any input that once crashed. A panic here is a regression.

use std::io::Read;
use std::path::Path;

#[path = "../../fuzz/fuzz_targets/bodies.rs"]
mod bodies;

/// Runs every input kept for `target`: its minimised corpus, `tests/fuzz/TARGET.tar.gz`, and any
/// input that once crashed it, as a file in `tests/fuzz/TARGET/`.
fn replay(target: &str, run: fn(&[u8])) {
    let folder = Path::new("tests/fuzz");
    let corpus = folder.join(format!("{target}.tar.gz"));
    let file = std::fs::File::open(&corpus).unwrap_or_else(|e| panic!("{}: {e}", corpus.display()));
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut count = 0;
    for entry in archive.entries().unwrap_or_else(|e| panic!("{e}")) {
        let mut entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .unwrap_or_else(|e| panic!("{e}"));
        run(&data);
        count += 1;
    }
    assert!(count > 100, "{}: only {count} inputs", corpus.display());
    if let Ok(crashes) = std::fs::read_dir(folder.join(target)) {
        for input in crashes.filter_map(|entry| entry.ok().map(|e| e.path())) {
            eprintln!("{}", input.display());
            run(&std::fs::read(&input).unwrap_or_else(|e| panic!("{e}")));
        }
    }
}

#[test]
fn kept_plan_inputs_load_and_validate() {
    replay("plan", bodies::plan);
}

#[test]
fn kept_render_inputs_lay_out_and_render() {
    replay("render", bodies::render);
}

#[test]
fn kept_form_inputs_compile_and_lay_out() {
    replay("form", bodies::form);
}

#[test]
fn kept_picture_inputs_are_read_and_decoded() {
    replay("picture", bodies::picture);
}

#[test]
fn kept_expression_inputs_compile_lay_out_and_render() {
    replay("expression", bodies::expression);
}

#[test]
fn kept_font_inputs_are_read_checked_and_rendered_with() {
    replay("font", bodies::font);
}
