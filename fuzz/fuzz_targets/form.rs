//! Any bytes as a school's form file: compiling never panics, and a form that compiles lays out
//! the example plans (with limited fuel) without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PLANS: [&str; 3] = [
    include_str!("../../examples/plans/highland.yaml"),
    include_str!("../../examples/plans/durants.yaml"),
    include_str!("../../examples/plans/general.yaml"),
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(form) = iep::form::parse(&iep::Source::new("form.yaml", text)) else {
        return;
    };
    for plan in PLANS {
        if let Ok(plan) = iep::parse(&iep::Source::new("plan.yaml", plan)) {
            if let Ok(document) = form.lay_out(&plan, std::path::Path::new("/nonexistent")) {
                let _ = iep::render::Renderer::render(&iep::render::DocxRenderer, &document);
            }
        }
    }
});
