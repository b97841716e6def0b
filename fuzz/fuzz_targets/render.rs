//! Any plan the model accepts is laid out on every built-in form and rendered to PDF and DOCX
//! without a panic; refusals (a character no font has, a page limit) are errors, not crashes.
#![no_main]

use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(plan) = iep::parse(&iep::Source::new("fuzz.yaml", text)) else {
        return;
    };
    for name in iep::form::BUILTIN_FORMS {
        let Ok(form) = iep::FormRef::Builtin(name).get() else {
            continue;
        };
        // The fuzzer's folder holds no pictures: a plan naming one is an error here.
        let Ok(document) = form.lay_out(&plan, std::path::Path::new("/nonexistent")) else {
            continue;
        };
        let _ = PdfRenderer.render(&document);
        let _ = DocxRenderer.render(&document);
    }
});
