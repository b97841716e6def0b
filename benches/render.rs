//! Speed budgets, per example plan: parse and validate, lay out, render to PDF.
//! Run with `cargo bench`; medians are in target/criterion.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{FormRef, Source};

const EXAMPLES: [&str; 3] = ["highland", "durants", "general"];

fn source(name: &str) -> Source {
    Source::read(Path::new(&format!("examples/plans/{name}.yaml")))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn parse_and_validate(c: &mut Criterion) {
    for name in EXAMPLES {
        let source = source(name);
        c.bench_function(&format!("check/{name}"), |b| {
            b.iter(|| iep::check(&source, None))
        });
    }
}

fn layout(c: &mut Criterion) {
    for name in EXAMPLES {
        let plan = iep::parse(&source(name)).unwrap_or_else(|e| panic!("{e}"));
        let form = FormRef::Builtin(match name {
            "highland" => "highland",
            "durants" => "durants",
            _ => "general",
        })
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
        c.bench_function(&format!("layout/{name}"), |b| {
            b.iter(|| {
                form.lay_out(&plan, Path::new("."))
                    .unwrap_or_else(|e| panic!("{e}"))
            })
        });
    }
}

fn pdf(c: &mut Criterion) {
    for name in EXAMPLES {
        let plan = iep::parse(&source(name)).unwrap_or_else(|e| panic!("{e}"));
        let form = FormRef::parse(name, Path::new("."))
            .unwrap_or_else(|d| panic!("{d}"))
            .load()
            .unwrap_or_else(|e| panic!("{e}"));
        let document = form
            .lay_out(&plan, Path::new("."))
            .unwrap_or_else(|e| panic!("{e}"));
        c.bench_function(&format!("pdf/{name}"), |b| {
            b.iter(|| {
                PdfRenderer
                    .render(&document)
                    .unwrap_or_else(|e| panic!("{e}"))
            })
        });
    }
}

fn docx(c: &mut Criterion) {
    for name in EXAMPLES {
        let plan = iep::parse(&source(name)).unwrap_or_else(|e| panic!("{e}"));
        let form = FormRef::parse(name, Path::new("."))
            .unwrap_or_else(|d| panic!("{d}"))
            .load()
            .unwrap_or_else(|e| panic!("{e}"));
        let document = form
            .lay_out(&plan, Path::new("."))
            .unwrap_or_else(|e| panic!("{e}"));
        c.bench_function(&format!("docx/{name}"), |b| {
            b.iter(|| {
                DocxRenderer
                    .render(&document)
                    .unwrap_or_else(|e| panic!("{e}"))
            })
        });
    }
}

criterion_group!(benches, parse_and_validate, layout, pdf, docx);
criterion_main!(benches);
