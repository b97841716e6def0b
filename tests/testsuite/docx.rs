//! DOCX output read by two independent clients: LibreOffice converts it to PDF (whose text must
//! hold the form's labels in order and every field of the plan), and python-docx finds the
//! tables, merged cells, repeated header rows and page orientation.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    DURANTS_LABELS, GENERAL_LABELS, HIGHLAND_LABELS, Scratch, assert_all_printed, assert_in_order,
    document, shown_fields, solid,
};
use iep::render::{DocxRenderer, Renderer};

const FORMS: [&str; 3] = ["highland", "durants", "general"];

fn docx(plan: &str) -> Vec<u8> {
    DocxRenderer
        .render(&document(plan, None))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The text of each file, converted to PDF by LibreOffice.
fn through_libreoffice(scratch: &Scratch, files: &[PathBuf]) -> Vec<String> {
    common::libreoffice_pdfs(scratch, files)
        .iter()
        .map(|bytes| {
            let (ok, text) = common::tool("pdftotext", &["-raw", "-enc", "UTF-8"], bytes, "pdf");
            assert!(ok, "{text}");
            text
        })
        .collect()
}

/// Runs python3 (with python-docx) on `script` with the file as its argument.
fn python_docx(script: &str, file: &Path) -> String {
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 did not run ({e}); run scripts/test, which installs python-docx")
        });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn libreoffice_reads_every_form_with_its_labels_in_order_and_every_field() {
    let scratch = Scratch::new("libreoffice");
    let files: Vec<PathBuf> = FORMS
        .iter()
        .map(|form| {
            let path = scratch.0.join(format!("{form}.docx"));
            std::fs::write(&path, docx(&format!("examples/plans/{form}.yaml")))
                .unwrap_or_else(|e| panic!("{e}"));
            path
        })
        .collect();
    let texts = through_libreoffice(&scratch, &files);
    for ((form, labels), text) in FORMS
        .iter()
        .zip([HIGHLAND_LABELS, DURANTS_LABELS, GENERAL_LABELS])
        .zip(texts)
    {
        assert_in_order(&text, labels);
        // Word and LibreOffice may break a row across pages, interleaving its cells' text in
        // reading order, so each field is looked for word by word.
        let words: Vec<String> = shown_fields(form)
            .iter()
            .flat_map(|field| {
                field
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_all_printed(&text, &words);
        assert!(
            solid(&text).contains(&solid("Page 1 of")),
            "{form}: no page number field"
        );
    }
}

const STRUCTURE: &str = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
s = d.sections[0]
print("orientation", "landscape" if s.orientation == 1 else "portrait", s.page_width > s.page_height)
print("tables", len(d.tables))
for i, table in enumerate(d.tables[:3]):
    first = table.rows[0]._tr
    header = first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    spans = [tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) for tc in first.findall(qn("w:tc")) if tc.tcPr is not None and tc.tcPr.find(qn("w:gridSpan")) is not None]
    print("table", i, "header-repeats", header, "spans", ",".join(spans), "first", table.rows[0].cells[0].text.strip()[:40])
print("title", d.core_properties.title)
print("author", d.core_properties.author)
print("language", d.core_properties.language)
print("heading", [p.style.name for p in d.paragraphs if p.style is not None and p.style.name.lower().startswith("heading")][:1])
"#;

#[test]
fn python_docx_finds_the_tables_and_orientation_each_form_asks_for() {
    let scratch = Scratch::new("python");
    for form in FORMS {
        let path = scratch.0.join(format!("{form}.docx"));
        std::fs::write(&path, docx(&format!("examples/plans/{form}.yaml")))
            .unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(form, python_docx(STRUCTURE, &path));
    }
}

#[test]
fn every_xml_part_parses() {
    let scratch = Scratch::new("xml");
    let path = scratch.0.join("awkward.docx");
    let mut plan =
        iep::Plan::load(Path::new("examples/plans/general.yaml")).unwrap_or_else(|e| panic!("{e}"));
    plan.views.parents = Some(
        "Bell\u{7} form\u{c}feed \u{1} tab\there & <tags> \"quotes\"\nsecond line\u{ad}".into(),
    );
    let form = iep::FormRef::Builtin("general")
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
    let document = form
        .lay_out(&plan, Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes = DocxRenderer
        .render(&document)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let script = r#"
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
for name in z.namelist():
    if name.endswith(".xml") or name.endswith(".rels"):
        xml.dom.minidom.parseString(z.read(name))
print(len(z.namelist()), all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist()))
"#;
    let out = python_docx(script, &path);
    assert!(out.trim().ends_with("True"), "{out}");
    let text = python_docx(
        "import sys, docx\nd = docx.Document(sys.argv[1])\nprint([c.text for t in d.tables for r in t.rows for c in r.cells if 'Bell' in c.text][0])",
        &path,
    );
    assert_eq!(
        text.trim_end(),
        "Bell formfeed  tab here & <tags> \"quotes\"\nsecond line"
    );
}

/// The README's figure: "About 9-11 KB".
#[test]
fn each_example_is_no_larger_than_the_readme_says() {
    for form in FORMS {
        let bytes = docx(&format!("examples/plans/{form}.yaml"));
        assert!(bytes.len() <= 11 * 1024, "{form}: {} bytes", bytes.len());
    }
}
