//! PDF output read back by real clients: qpdf checks the file, pdftotext reads the labels of each
//! school's form in order and every field of the plan.

mod common;

use common::{document, squeeze, tool};
use iep::render::{PdfRenderer, RenderError, Renderer};

fn pdf(plan: &str) -> Vec<u8> {
    PdfRenderer
        .render(&document(plan, None))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn text_of(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    text
}

/// Without any white space: pdftotext breaks lines where the layout does.
fn solid(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_in_order(text: &str, labels: &[&str]) {
    let text = solid(text);
    let mut from = 0;
    for label in labels {
        let label = solid(label);
        match text[from..].find(&label) {
            Some(at) => from += at + label.len(),
            None => panic!("label {label:?} not found after position {from} in:\n{text}"),
        }
    }
}

/// Every text value of the plan, as the form prints it (dates the British way), except the
/// fields this form does not show.
fn fields(plan_path: &str, not_shown: &[&str]) -> Vec<String> {
    let plan = iep::load(std::path::Path::new(plan_path)).unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_value(&plan).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    collect(&json, "", not_shown, &mut out);
    out
}

fn collect(value: &serde_json::Value, key: &str, not_shown: &[&str], out: &mut Vec<String>) {
    if not_shown.contains(&key) {
        return;
    }
    if key == "outcome" {
        // Printed in words: "partially achieved".
        return out.push(value.as_str().unwrap_or_default().replace('_', " "));
    }
    match value {
        serde_json::Value::String(s) => {
            out.push(iep::Date::parse(s).map_or_else(|| s.clone(), |d| d.long()))
        }
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(items) => {
            items.iter().for_each(|v| collect(v, key, not_shown, out))
        }
        serde_json::Value::Object(map) => {
            map.iter().for_each(|(k, v)| collect(v, k, not_shown, out))
        }
        _ => {}
    }
}

fn assert_all_printed(text: &str, fields: &[String]) {
    let text = solid(text);
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !text.contains(&solid(f)))
        .collect();
    assert!(missing.is_empty(), "not printed: {missing:?}");
}

const HIGHLAND_LABELS: &[&str] = &[
    "Individualised Educational Programme (IEP) Targets",
    "Child/Young person details",
    "Name:",
    "Level of ASN, 1 – 4:",
    "Date of birth:",
    "Age:",
    "Home address:",
    "Postcode:",
    "Education/Early Years establishment:",
    "Year group:",
    "Evaluation of previous targets",
    "Date previous IEP was created:",
    "Previously agreed curricular targets",
    "Actions taken to address need",
    "Outcome (fully achieved/partially achieved/not achieved)",
    "Long term curricular target (1)",
    "Short term curricular target towards long term target (SMART)",
    "Methods/strategies/when/where/whom",
    "Responsibility/resources",
    "We will know when this target has been met when...",
    "Long term curricular target (2)",
    "Long term curricular target (3)",
    "Long term curricular target (4)",
    "Child/young persons' view of current situation",
    "Details;",
    "Parents'/Carers' view of current situation",
    "Details;",
    "Date/Details of next IEP review",
    "Date IEP agreed:",
    "Teacher with responsibility for IEP:",
];

const DURANTS_LABELS: &[&str] = &[
    "DURANTS SCHOOL IEP FORM",
    "PUPIL:",
    "UPDATED:",
    "TARGET",
    "ACTIVITY / TIME",
    "TARGETED SUPPORT",
    "MONITORING:",
    "ACHIEVEMENT",
    "TERM 1",
    "TERM 2",
    "TERM 3",
    "TERM 4",
    "TERM 5",
    "TERM 6",
    "COMMUNICATION & INTERACTION",
    "COGNITION & LEARNING",
    "SENSORY & PHYSICAL",
    "SOCIAL, EMOTIONAL & MENTAL HEALTH",
];

const GENERAL_LABELS: &[&str] = &[
    "Individual Education Plan",
    "Pupil details",
    "Date of birth",
    "About the pupil",
    "Strengths",
    "Nature of the needs",
    "Medical requirements",
    "Pastoral care",
    "Support at home",
    "How the previous targets went",
    "Targets",
    "Short-term target",
    "How it will be taught",
    "Who, when, where and how often",
    "Resources",
    "Success criteria",
    "Outcome at review",
    "Views",
    "The pupil's view",
    "The parents' or carers' view",
    "Review",
    "Next review",
    "How it will be reviewed",
];

#[test]
fn every_example_passes_qpdf_check() {
    for plan in ["highland", "durants", "general"] {
        let (ok, report) = tool(
            "qpdf",
            &["--check"],
            &pdf(&format!("examples/plans/{plan}.yaml")),
            "pdf",
        );
        assert!(ok, "{plan}: {report}");
        assert!(
            report.contains("No syntax or stream encoding errors"),
            "{plan}: {report}"
        );
    }
}

#[test]
fn the_highland_pdf_has_the_forms_labels_in_order_and_every_field() {
    let text = text_of(&pdf("examples/plans/highland.yaml"));
    assert_in_order(&text, HIGHLAND_LABELS);
    let shown = fields(
        "examples/plans/highland.yaml",
        &[
            "form",
            "known_as",
            "pupil_words",
            "symbol",
            "profile",
            "coordinator",
            "area",
            "created",
            "school",
        ],
    );
    assert_all_printed(&text, &shown);
}

#[test]
fn the_durants_pdf_has_the_forms_labels_in_order_and_every_field() {
    let text = text_of(&pdf("examples/plans/durants.yaml"));
    assert_in_order(&text, DURANTS_LABELS);
    let shown = fields(
        "examples/plans/durants.yaml",
        &[
            "form",
            "known_as",
            "pupil_words",
            "symbol",
            "profile",
            "coordinator",
            "area",
            "created",
            "school",
            "pupil",
            "plan",
            "previous_targets",
            "views",
            "long_term",
        ],
    );
    assert_all_printed(&text, &shown);
}

#[test]
fn the_general_pdf_has_every_section_and_every_field() {
    let text = text_of(&pdf("examples/plans/general.yaml"));
    assert_in_order(&text, GENERAL_LABELS);
    let shown = fields(
        "examples/plans/general.yaml",
        &["form", "pupil_words", "symbol", "area", "school"],
    );
    assert_all_printed(&text, &shown);
}

#[test]
fn a_two_page_plan_is_small() {
    for plan in ["durants", "general"] {
        let bytes = pdf(&format!("examples/plans/{plan}.yaml"));
        assert!(bytes.len() < 100 * 1024, "{plan}: {} bytes", bytes.len());
    }
}

#[test]
fn the_same_plan_gives_the_same_bytes_twice() {
    let first = pdf("examples/plans/highland.yaml");
    let _other = pdf("examples/plans/durants.yaml");
    let second = pdf("examples/plans/highland.yaml");
    assert!(first == second, "the two renderings differ");
}

#[test]
fn the_page_count_is_printed_on_every_page() {
    let text = text_of(&pdf("examples/plans/highland.yaml"));
    for page in ["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"] {
        assert!(text.contains(page), "{page}");
    }
}

#[test]
fn properties_and_language_are_set() {
    let (ok, info) = tool("pdfinfo", &[], &pdf("examples/plans/general.yaml"), "pdf");
    assert!(ok, "{info}");
    assert!(
        info.contains("Title:           Individual Education Plan: Amara Okafor"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Hillside Primary School"),
        "{info}"
    );
    assert!(
        info.contains(
            "Subject:         Individual Education Plan for Amara Okafor, Hillside Primary School"
        ),
        "{info}"
    );
}

fn with_text(field: &str, value: &str) -> iep::Document {
    let mut plan = iep::load(std::path::Path::new("examples/plans/general.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    match field {
        "strategies" => plan.goals[0].targets[0].strategies = Some(value.to_owned()),
        _ => plan.views.parents = Some(value.to_owned()),
    }
    let form = iep::FormRef::Builtin("general")
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
    form.lay_out(&plan, std::path::Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn names_from_many_languages_print_and_read_back() {
    let names = "Zoë Łukasz Wójcik Siân Eóghan Ní Dhomhnaill Ψυχολόγος Дмитрий “quoted” ‘single’ – — £20 €15 ½";
    let bytes = PdfRenderer
        .render(&with_text("parents", names))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = squeeze(&text_of(&bytes));
    for word in names.split(' ') {
        assert!(text.contains(word), "{word} missing from: {text}");
    }
}

#[test]
fn a_character_no_font_has_is_refused_by_name() {
    for (text, code) in [("Loves 🦕 dinosaurs", "U+1F995"), ("名前", "U+540D")] {
        match PdfRenderer.render(&with_text("parents", text)) {
            Err(error @ RenderError::MissingGlyph { .. }) => {
                assert!(error.to_string().contains(code), "{error}");
                assert!(error.to_string().contains("table row"), "{error}");
            }
            other => panic!("{text}: expected a missing glyph error, got {other:?}"),
        }
    }
}

#[test]
fn a_long_word_breaks_inside_its_cell_and_nothing_is_lost() {
    let url = "https://www.example.org/very/long/path/to/a/resource/about/phonics-programme-cards-and-overlays";
    let bytes = PdfRenderer
        .render(&with_text("strategies", url))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = solid(&text_of(&bytes));
    assert!(text.contains(&solid(url)), "the URL is not all there");
}

#[test]
fn a_cell_longer_than_a_page_flows_onto_the_next_page() {
    let long: String = (1..=400)
        .map(|n| format!("sentence{n} of a very long strategy. "))
        .collect();
    let bytes = PdfRenderer
        .render(&with_text("strategies", &long))
        .unwrap_or_else(|e| panic!("{e}"));
    let (ok, report) = tool("qpdf", &["--check"], &bytes, "pdf");
    assert!(ok, "{report}");
    let text = solid(&text_of(&bytes));
    for n in [1, 200, 400] {
        assert!(
            text.contains(&format!("sentence{n}of")),
            "sentence {n} lost"
        );
    }
    let (_, info) = tool("pdfinfo", &[], &bytes, "pdf");
    assert!(!info.contains("Pages:           2\n"), "{info}");
}

/// A plan and a form with a photo block, in a scratch folder; `photo` is written as the
/// pupil's photo when given.
fn with_photo(name: &str, photo: Option<&[u8]>) -> Result<iep::Document, iep::LoadError> {
    let dir = std::env::temp_dir().join(format!("iep-photo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let form = "name: photo\ntitle: IEP\nblocks:\n  - heading: \"{{ pupil.name }}\"\n  - image: \"{{ pupil.photo }}\"\n    width_mm: 30\n    align: center\n";
    std::fs::write(dir.join("form.yaml"), form).unwrap_or_else(|e| panic!("{e}"));
    let mut plan = iep::load(std::path::Path::new("examples/plans/general.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(bytes) = photo {
        std::fs::write(dir.join("amara.png"), bytes).unwrap_or_else(|e| panic!("{e}"));
        plan.pupil.photo = Some("amara.png".into());
    }
    let form = iep::FormRef::File(dir.join("form.yaml")).load()?;
    let result = form.lay_out(&plan, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// A small PNG with a transparent corner.
fn png() -> Vec<u8> {
    let picture = image::RgbaImage::from_fn(60, 40, |x, y| {
        if x < 10 && y < 10 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([30, 120, 200, 255])
        }
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(picture)
        .write_to(&mut bytes, image::ImageOutputFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"));
    bytes
}

#[test]
fn a_photo_named_in_the_plan_is_printed() {
    let document = with_photo("ok", Some(&png())).unwrap_or_else(|e| panic!("{e}"));
    let bytes = PdfRenderer
        .render(&document)
        .unwrap_or_else(|e| panic!("{e}"));
    let (ok, report) = tool("qpdf", &["--check"], &bytes, "pdf");
    assert!(ok, "{report}");
    let (ok, list) = tool("pdfimages", &["-list"], &bytes, "pdf");
    assert!(ok, "{list}");
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{list}");
    assert!(rows[0].contains("   60    40  rgb"), "{list}");
}

#[test]
fn no_photo_prints_nothing_in_its_place() {
    let document = with_photo("none", None).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !document
            .blocks
            .iter()
            .any(|b| matches!(b, iep::document::Block::Image(_)))
    );
}

#[test]
fn a_photo_that_is_not_a_picture_is_an_error_not_a_gap() {
    let error = with_photo("bad", Some(b"not a picture"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("error[missing-image]"), "{error}");
    assert!(error.contains("it is not a PNG or JPEG picture"), "{error}");
}
