//! Speed budgets, per form: parse and validate, lay out, render to PDF and DOCX. Each built-in
//! form has its example plan; the pupil-friendly page is laid out from the Highland one.
//! Run with `cargo bench`; medians are in target/criterion.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{FormRef, Source};

const EXAMPLES: [&str; 3] = ["highland", "durants", "general"];

/// Each form and the example plan laid out on it.
const FORMS: [(&str, &str); 4] = [
    ("highland", "highland"),
    ("durants", "durants"),
    ("general", "general"),
    ("pupil", "highland"),
];

fn source(name: &str) -> Source {
    Source::read(Path::new(&format!("examples/plans/{name}.yaml")))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn parse_and_validate(c: &mut Criterion) {
    for name in EXAMPLES {
        let source = source(name);
        c.bench_function(&format!("check/{name}"), |b| b.iter(|| iep::check(&source)));
    }
}

/// A form and its example plan, loaded.
fn plan_and_form(name: &str) -> (iep::Plan, iep::Form) {
    let example = FORMS
        .iter()
        .find(|(form, _)| *form == name)
        .map_or(name, |(_, plan)| plan);
    let plan = iep::Plan::parse(&source(example)).unwrap_or_else(|e| panic!("{e}"));
    let form = FormRef::parse(name, Path::new("."))
        .unwrap_or_else(|d| panic!("{d}"))
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
    (plan, form)
}

fn document(name: &str) -> iep::Document {
    let (plan, form) = plan_and_form(name);
    form.lay_out(&plan, Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn layout(c: &mut Criterion) {
    for (name, _) in FORMS {
        let (plan, form) = plan_and_form(name);
        c.bench_function(&format!("layout/{name}"), |b| {
            b.iter(|| {
                form.lay_out(&plan, Path::new("."))
                    .unwrap_or_else(|e| panic!("{e}"))
            })
        });
    }
}

fn render(c: &mut Criterion, renderer: &dyn Renderer) {
    for (name, _) in FORMS {
        let document = document(name);
        c.bench_function(&format!("{}/{name}", renderer.extension()), |b| {
            b.iter(|| renderer.render(&document).unwrap_or_else(|e| panic!("{e}")))
        });
    }
}

fn pdf(c: &mut Criterion) {
    render(c, &PdfRenderer::default());
}

fn docx(c: &mut Criterion) {
    render(c, &DocxRenderer);
}

criterion_group!(benches, parse_and_validate, layout, pdf, docx);
criterion_main!(benches);
