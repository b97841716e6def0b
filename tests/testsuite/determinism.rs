//! The same plan gives the same bytes: on every render, on any machine, on any day. Each example
//! document's SHA-256 and size are compared with the ones stored in `tests/snapshots`; two
//! renders a second apart could not catch a leaked clock, a random identifier or a machine's
//! fonts, a stored digest does. A change that alters the documents on purpose is accepted with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test determinism::`), so the diff
//! shows which documents it changed.

use crate::common;

use std::fmt::Write as _;
use std::path::Path;

use common::document;
use iep::FormRef;
use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use sha2::{Digest, Sha256};

const EXAMPLES: [&str; 3] = ["durants", "general", "highland"];

fn line(out: &mut String, name: &str, bytes: &[u8]) {
    let digest: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let _ = writeln!(out, "{name:<28} {digest} {:>7} bytes", bytes.len());
}

fn render(renderer: &dyn Renderer, document: &iep::Document) -> Vec<u8> {
    renderer.render(document).unwrap_or_else(|e| panic!("{e}"))
}

fn pupil_document(name: &str) -> iep::Document {
    let plan = iep::Plan::load(Path::new(&format!("examples/plans/{name}.yaml")))
        .unwrap_or_else(|e| panic!("{e}"));
    FormRef::pupil()
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
        .fill_fitted(&plan, Path::new("examples/plans"), None, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .document
}

#[test]
fn every_example_document_has_its_stored_digest() {
    let archival = PdfRenderer::new().archival(true);
    let mut digests = String::new();
    for name in EXAMPLES {
        let form = document(&format!("examples/plans/{name}.yaml"), None);
        let pupil = pupil_document(name);
        line(
            &mut digests,
            &format!("{name}.pdf"),
            &render(&PdfRenderer::default(), &form),
        );
        line(
            &mut digests,
            &format!("{name}.pdf --archive"),
            &render(&archival, &form),
        );
        line(
            &mut digests,
            &format!("{name}.docx"),
            &render(&DocxRenderer, &form),
        );
        line(
            &mut digests,
            &format!("{name}-pupil.pdf"),
            &render(&PdfRenderer::default(), &pupil),
        );
        line(
            &mut digests,
            &format!("{name}-pupil.docx"),
            &render(&DocxRenderer, &pupil),
        );
    }
    insta::assert_snapshot!(digests);
}

#[test]
fn rendering_again_in_another_thread_gives_the_same_bytes() {
    let form = document("examples/plans/highland.yaml", None);
    let first = render(&PdfRenderer::default(), &form);
    let _other = render(
        &PdfRenderer::default(),
        &document("examples/plans/durants.yaml", None),
    );
    let again = std::thread::spawn(move || render(&PdfRenderer::default(), &form))
        .join()
        .unwrap_or_else(|_| panic!("the render panicked"));
    assert!(first == again, "the two renderings differ");
}
