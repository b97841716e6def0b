//! Tagged PDF read by real clients: pdfinfo sees a tagged file, pikepdf reads a structure tree a
//! screen reader can walk (one title, headings, tables with header cells and their scope,
//! pictures with alternative text), the PyPI `pdfua` checker finds nothing, page headers and
//! footers are artifacts a screen reader skips, and `--archive` declares PDF/A-2a.

use crate::common;

use std::path::Path;

use common::{document, pdf_structure, tool};
use iep::FormRef;
use iep::render::{PdfRenderer, Renderer};
use serde_json::Value;

const FORMS: [&str; 3] = ["general", "highland", "durants"];

fn pdf_of(document: &iep::Document, renderer: &PdfRenderer) -> Vec<u8> {
    renderer.render(document).unwrap_or_else(|e| panic!("{e}"))
}

fn form_pdf(name: &str, renderer: &PdfRenderer) -> Vec<u8> {
    pdf_of(
        &document(&format!("examples/plans/{name}.yaml"), None),
        renderer,
    )
}

fn pupil_pdf(renderer: &PdfRenderer) -> Vec<u8> {
    let path = Path::new("examples/plans/general.yaml");
    let plan = iep::Plan::load(path).unwrap_or_else(|e| panic!("{e}"));
    let fitted = FormRef::pupil()
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
        .fill_fitted(
            &plan,
            Path::new("examples/plans"),
            None,
            renderer.font_dir(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    pdf_of(&fitted.document, renderer)
}

/// Every built-in form's example and the pupil page, each with its name.
fn every_kind(renderer: &PdfRenderer) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = FORMS
        .iter()
        .map(|name| (name.to_string(), form_pdf(name, renderer)))
        .collect();
    out.push(("pupil page".into(), pupil_pdf(renderer)));
    out
}

fn roles(structure: &Value) -> Vec<(String, Value)> {
    structure["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .map(|element| {
            (
                element[1]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_owned(),
                element[2].clone(),
            )
        })
        .collect()
}

fn assert_passes_pdfua(name: &str, pdf: &[u8]) {
    let (ok, report) = tool("pdfua", &["check"], pdf, "pdf");
    assert!(ok, "{name}: the pdfua checker found faults:\n{report}");
    assert!(report.contains("result: PASS"), "{name}:\n{report}");
}

#[test]
fn every_form_and_the_pupil_page_is_tagged_for_a_screen_reader() {
    for (name, pdf) in every_kind(&PdfRenderer::default()) {
        let (ok, info) = tool("pdfinfo", &[], &pdf, "pdf");
        assert!(
            ok && info.contains("Tagged:          yes"),
            "{name}: {info}"
        );

        let structure = pdf_structure(&pdf);
        assert_eq!(structure["lang"], "en-GB", "{name}");
        assert_eq!(structure["marked"], true, "{name}");
        assert_eq!(structure["display_title"], true, "{name}");
        assert_eq!(
            structure["outline"], true,
            "{name}: headings make the outline"
        );
        assert_eq!(structure["pdfua_part"], "1", "{name}");

        let roles = roles(&structure);
        assert_eq!(roles[0].0, "Document", "{name}: {roles:?}");
        let titles: Vec<_> = roles.iter().filter(|(role, _)| role == "H1").collect();
        assert_eq!(titles.len(), 1, "{name}: one title, {roles:?}");
        assert!(
            titles[0].1["T"].as_str().is_some_and(|t| !t.is_empty()),
            "{name}"
        );
        for (role, attributes) in &roles {
            if role == "Figure" {
                let alt = attributes["Alt"].as_str().unwrap_or("");
                assert!(
                    !alt.trim().is_empty(),
                    "{name}: a picture with no alternative text"
                );
            }
            if role == "TH" {
                let scope = attributes["Scope"].as_str().unwrap_or("");
                assert!(
                    scope == "/Column" || scope == "/Row",
                    "{name}: a header cell with no scope: {attributes}"
                );
            }
        }
        if name != "pupil page" {
            for role in ["Table", "THead", "TBody", "TR", "TH", "TD"] {
                assert!(roles.iter().any(|(r, _)| r == role), "{name}: no {role}");
            }
        }
    }
}

#[test]
fn every_form_and_the_pupil_page_passes_the_pdfua_checker_and_qpdf() {
    for renderer in [PdfRenderer::default(), PdfRenderer::new().archival(true)] {
        for (name, pdf) in every_kind(&renderer) {
            assert_passes_pdfua(&name, &pdf);
            let (ok, report) = tool("qpdf", &["--check"], &pdf, "pdf");
            assert!(ok, "{name}: {report}");
        }
    }
}

#[test]
fn the_general_form_has_a_heading_for_each_part_of_the_plan() {
    let roles = roles(&pdf_structure(&form_pdf(
        "general",
        &PdfRenderer::default(),
    )));
    let headings: Vec<_> = roles
        .iter()
        .filter(|(role, _)| role.starts_with('H') && role.len() == 2)
        .map(|(role, attributes)| format!("{role} {}", attributes["T"].as_str().unwrap_or("")))
        .collect();
    for expected in [
        "H1 Individual Education Plan",
        "H2 About the pupil",
        "H2 Targets",
        "H2 Views",
        "H2 Review",
    ] {
        assert!(
            headings.iter().any(|h| h == expected),
            "{expected:?} in {headings:?}"
        );
    }
    assert!(
        headings
            .iter()
            .any(|h| h.starts_with("H3 Long-term target 1")),
        "{headings:?}"
    );
}

#[test]
fn the_pupil_pictures_are_described_by_what_they_show() {
    let roles = roles(&pdf_structure(&pupil_pdf(&PdfRenderer::default())));
    let alts: Vec<_> = roles
        .iter()
        .filter(|(role, _)| role == "Figure")
        .filter_map(|(_, attributes)| attributes["Alt"].as_str())
        .collect();
    assert!(alts.contains(&"picture: reading"), "{alts:?}");
    assert_eq!(alts.len(), 3, "one picture for each target: {alts:?}");
}

/// The text pdfminer.six reads inside each kind of marked content, as `pdf2txt.py -t tag`
/// prints it: (the tag with its attributes, the text), in page order.
fn marked_text(pdf: &[u8]) -> Vec<(String, String)> {
    let (ok, xml) = tool("pdf2txt.py", &["-t", "tag"], pdf, "pdf");
    assert!(ok, "{xml}");
    let mut out = Vec::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if tag.starts_with('/') || tag.starts_with("page") {
            continue;
        }
        let text = &rest[..rest.find('<').unwrap_or(rest.len())];
        out.push((tag.to_owned(), text.to_owned()));
    }
    out
}

#[test]
fn page_numbers_and_running_headers_are_artifacts_a_screen_reader_skips() {
    let marked = marked_text(&form_pdf("highland", &PdfRenderer::default()));
    let numbers: Vec<_> = marked
        .iter()
        .filter(|(_, text)| text.starts_with("Page "))
        .collect();
    assert_eq!(
        numbers.len(),
        3,
        "one page number on each of 3 pages: {numbers:?}"
    );
    for (tag, text) in numbers {
        assert!(
            tag.starts_with("Artifact") && tag.contains("Pagination") && tag.contains("Footer"),
            "{text:?} is read aloud: <{tag}>"
        );
    }
    // The running header names the pupil on every page; the name is read once, in the form.
    let name: Vec<_> = marked
        .iter()
        .filter(|(_, text)| text.trim() == "Eilidh MacLeod")
        .collect();
    let read: Vec<_> = name
        .iter()
        .filter(|(tag, _)| !tag.starts_with("Artifact"))
        .collect();
    assert_eq!(read.len(), 1, "{name:?}");
    assert_eq!(name.len(), 4, "{name:?}");
}

/// The clean plan with its first goal holding eight targets, long enough to run its table of
/// targets over a page break.
fn eight_targets() -> iep::Document {
    let target = "      - target: Reads the remaining 6 of 20 common words in a short text\n        \
                  strategies: Flash cards, daily, with a reading ruler to keep her place on the \
                  page and a coloured overlay\n        \
                  who: Support assistant, 4 x 20 minutes a week, one to one in the library\n        \
                  success: Reads all 20 on three days running, checked by the class teacher\n        \
                  by: 2026-12-18\n";
    let yaml = common::CLEAN.replacen(
        "    targets:\n      - target: Takes turns to speak in a group of four\n",
        &format!(
            "    targets:\n{}      - target: Takes turns to speak\n",
            target.repeat(7)
        ),
        1,
    );
    let plan = common::parse(&yaml).unwrap_or_else(|e| panic!("{e}"));
    FormRef::builtin("general")
        .expect("general")
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
        .lay_out(&plan, Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_table_header_repeated_on_a_later_page_is_read_once() {
    let pdf = pdf_of(&eight_targets(), &PdfRenderer::default());
    let marked = marked_text(&pdf);
    let heads: Vec<_> = marked
        .iter()
        .filter(|(_, text)| text.starts_with("Short-term target"))
        .collect();
    let repeated = heads
        .iter()
        .filter(|(tag, _)| tag.starts_with("Artifact"))
        .count();
    assert!(
        repeated >= 1,
        "the header is printed again on the next page: {heads:?}"
    );
    // Read once for each of the four goals' tables, not again where it repeats.
    assert_eq!(heads.len() - repeated, 4, "{heads:?}");
    assert_passes_pdfua("eight targets", &pdf);
}

#[test]
fn the_archival_pdf_declares_pdfa_2a_and_pdfua_1() {
    for (name, pdf) in every_kind(&PdfRenderer::new().archival(true)) {
        let structure = pdf_structure(&pdf);
        assert_eq!(structure["pdfa_part"], "2", "{name}");
        assert_eq!(structure["pdfa_conformance"], "A", "{name}");
        assert_eq!(structure["pdfua_part"], "1", "{name}");
    }
    let plain = pdf_structure(&form_pdf("general", &PdfRenderer::default()));
    assert_eq!(plain["pdfa_part"], Value::Null, "PDF/A only when asked for");
}
