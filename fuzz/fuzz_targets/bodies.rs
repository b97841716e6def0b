//! What each fuzz target does with one input, shared with the regression test that replays the
//! kept inputs (tests/testsuite/fuzz_inputs.rs), so both run the same code.

use iep::render::{DocxRenderer, PdfRenderer, Renderer};

/// Any bytes as a plan file: loading never panics or hangs, and a plan that loads is validated
/// under every built-in policy, started again by `iep next`, followed by `iep history` and put
/// on the provision map. The same bytes as a class list read without a panic.
pub fn plan(data: &[u8]) {
    let _ = iep::class_list::read(data, &[]);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = iep::Source::new("fuzz.yaml", text);
    if let Ok(plan) = iep::parse(&source) {
        for name in iep::form::BUILTIN_FORMS {
            if let Ok(form) = iep::FormRef::Builtin(name).get() {
                let _ = iep::validate(&plan, form.policy());
                let _ = iep::validate(&plan, &form.policy().clone().with_pupil_checks());
                let _ = iep::next_plan(&plan, form.policy(), iep::Date::from_ymd(2027, 1, 25));
            }
        }
        let plans = [plan];
        for history in iep::histories(&plans) {
            let _ = history.document();
        }
        let (provisions, _) = iep::provision::map(&plans);
        let settings = iep::provision::Settings::default();
        let _ = iep::provision::csv(&provisions, &settings, true);
        let _ = iep::provision::xlsx(&provisions, &settings, false, None);
    }
}

/// Any plan the model accepts is laid out on every built-in form and rendered to PDF and DOCX
/// without a panic; refusals (a character no font has, a page limit) are errors, not crashes.
pub fn render(data: &[u8]) {
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
        let _ = PdfRenderer::default().render(&document);
        let _ = DocxRenderer.render(&document);
    }
}

const PLANS: [&str; 3] = [
    include_str!("../../examples/plans/highland.yaml"),
    include_str!("../../examples/plans/durants.yaml"),
    include_str!("../../examples/plans/general.yaml"),
];

/// Any bytes as a school's form file: compiling never panics, and a form that compiles lays out
/// the example plans and renders them without a panic or a runaway: the form's budget of work,
/// blocks and pages bounds what its loops can make.
pub fn form(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(form) = iep::form::parse(&iep::Source::new("form.yaml", text)) else {
        return;
    };
    for plan in PLANS {
        if let Ok(plan) = iep::parse(&iep::Source::new("plan.yaml", plan))
            && let Ok(document) = form.lay_out(&plan, std::path::Path::new("/nonexistent"))
        {
            let _ = PdfRenderer::default().render(&document);
            let _ = DocxRenderer.render(&document);
        }
    }
}

/// Any bytes as a picture: reading its header never panics, and decoding it for print never
/// panics or allocates more than its checked header allows.
pub fn picture(data: &[u8]) {
    if iep::picture::header(data).is_ok() {
        let _ = iep::picture::decode(data, 30.0);
    }
}
