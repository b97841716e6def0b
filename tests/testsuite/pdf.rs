//! PDF output read back by real clients: qpdf checks the file, pdftotext reads the labels of each
//! school's form in order and every field of the plan.

use crate::common;

use common::{
    DURANTS_LABELS, GENERAL_LABELS, HIGHLAND_LABELS, assert_all_printed, assert_in_order, document,
    png, shown_fields, solid, squeeze, tool,
};
use iep::render::{PdfRenderer, Renderer};

fn pdf(plan: &str) -> Vec<u8> {
    PdfRenderer::default()
        .render(&document(plan, None))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn text_of(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    text
}

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
fn each_pdf_has_its_forms_labels_in_order_and_every_field_of_the_plan() {
    for (form, labels) in [
        ("highland", HIGHLAND_LABELS),
        ("durants", DURANTS_LABELS),
        ("general", GENERAL_LABELS),
    ] {
        let text = text_of(&pdf(&format!("examples/plans/{form}.yaml")));
        assert_in_order(&text, labels);
        assert_all_printed(&text, &shown_fields(form));
    }
}

/// The README's figures: "the examples are 40 KB (one page), 55 KB (two) and 58 KB (three)".
#[test]
fn each_example_is_no_larger_than_the_readme_says() {
    for (plan, kib) in [("durants", 40), ("general", 55), ("highland", 58)] {
        let bytes = pdf(&format!("examples/plans/{plan}.yaml"));
        assert!(bytes.len() <= kib * 1024, "{plan}: {} bytes", bytes.len());
    }
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
    let mut plan = iep::Plan::load(std::path::Path::new("examples/plans/general.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    match field {
        "strategies" => plan.goals[0].targets[0].strategies = Some(value.to_owned()),
        _ => plan.views.parents = Some(value.into()),
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
    let bytes = PdfRenderer::default()
        .render(&with_text("parents", names))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = squeeze(&text_of(&bytes));
    for word in names.split(' ') {
        assert!(text.contains(word), "{word} missing from: {text}");
    }
}

#[test]
fn a_character_no_font_has_is_refused_by_name() {
    for (text, code) in [("Loves 공룡 dinosaurs", "U+ACF5"), ("名前", "U+540D")] {
        match PdfRenderer::default().render(&with_text("parents", text)) {
            Err(error) if error.diagnostics()[0].code == iep::Code::UnprintableText => {
                let field = error.diagnostics()[0]
                    .field
                    .as_ref()
                    .map(ToString::to_string);
                assert_eq!(field.as_deref(), Some("views.parents"), "{error}");
                assert!(error.to_string().contains(code), "{error}");
                // Named by the plan's field it is in, never by its text.
                assert!(error.to_string().contains("`views.parents`"), "{error}");
                assert!(!error.to_string().contains("dinosaurs"), "{error}");
            }
            other => panic!("{text}: expected a missing glyph error, got {other:?}"),
        }
    }
}

#[test]
fn tabs_control_characters_and_invisible_joiners_from_pasted_text_are_cleaned() {
    let pasted = "Tab\there,\u{7}bell,\u{a0}no-break,\u{ad}soft\u{200b}zero\u{feff}width\u{2060}joined\u{fe0f}.";
    let bytes = PdfRenderer::default()
        .render(&with_text("parents", pasted))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = squeeze(&text_of(&bytes));
    assert!(
        text.contains("Tab here,bell, no-break,softzerowidthjoined."),
        "{text}"
    );
}

#[test]
fn a_long_word_breaks_inside_its_cell_and_nothing_is_lost() {
    let url = "https://www.example.org/very/long/path/to/a/resource/about/phonics-programme-cards-and-overlays";
    let bytes = PdfRenderer::default()
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
    let bytes = PdfRenderer::default()
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
fn with_photo(name: &str, photo: Option<&[u8]>) -> Result<iep::Document, iep::Error> {
    let dir = std::env::temp_dir().join(format!("iep-photo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let form = "name: photo\ntitle: IEP\nblocks:\n  - heading: \"{{ pupil.name }}\"\n  - image: \"{{ pupil.photo }}\"\n    width_mm: 30\n    align: center\n";
    std::fs::write(dir.join("form.yaml"), form).unwrap_or_else(|e| panic!("{e}"));
    let mut plan = iep::Plan::load(std::path::Path::new("examples/plans/general.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(bytes) = photo {
        std::fs::write(dir.join("amara.png"), bytes).unwrap_or_else(|e| panic!("{e}"));
        plan.pupil.photo = Some("amara.png".into());
    }
    let form = iep::FormRef::File(dir.join("form.yaml")).get_checked()?;
    let result = form.lay_out(&plan, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[test]
fn a_photo_named_in_the_plan_is_printed() {
    let document = with_photo("ok", Some(&png())).unwrap_or_else(|e| panic!("{e}"));
    let bytes = PdfRenderer::default()
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
    assert!(
        error.contains("it is not a PNG, JPEG or SVG picture"),
        "{error}"
    );
}

/// A PNG that says it is `width` x `height` pixels and holds no pixels at all: its header is
/// all that is read before the size is refused.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut header = b"IHDR".to_vec();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for chunk in [header, b"IDAT".to_vec(), b"IEND".to_vec()] {
        let mut crc = flate2::Crc::new();
        crc.update(&chunk);
        png.extend(
            u32::try_from(chunk.len() - 4)
                .unwrap_or_default()
                .to_be_bytes(),
        );
        png.extend(&chunk);
        png.extend(crc.sum().to_be_bytes());
    }
    png
}

#[test]
fn a_picture_file_over_20_mb_is_refused_before_it_is_read() {
    let mut big = png();
    big.resize(20 * 1024 * 1024 + 1, 0);
    let error = with_photo("big", Some(&big))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("error[missing-image]"), "{error}");
    assert!(error.contains("it is larger than 20 MB"), "{error}");
}

#[test]
fn a_picture_of_more_than_24_million_pixels_is_refused_before_it_is_decoded() {
    // The form refuses it when it reads the file...
    let refused = with_photo("pixels", Some(&png_header(6000, 5000)))
        .err()
        .map(|e| e.diagnostics()[0].clone())
        .unwrap_or_else(|| panic!("the photo was laid out"));
    assert_eq!(refused.code, iep::Code::MissingImage);
    assert!(refused.message.contains("6000 x 5000 pixels"), "{refused}");
    // ...and the renderers refuse it in a document made some other way.
    let mut document = with_photo("pixels-ok", Some(&png())).unwrap_or_else(|e| panic!("{e}"));
    for block in &mut document.blocks {
        if let iep::document::Block::Image(image) = block {
            image.data = png_header(6000, 5000).into();
        }
    }
    match PdfRenderer::default().render(&document) {
        Err(error) if error.diagnostics()[0].code == iep::Code::UnprintablePicture => assert!(
            error.to_string().contains("it declares 6000 x 5000 pixels"),
            "{error}"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    match iep::render::DocxRenderer.render(&document) {
        Err(error) if error.diagnostics()[0].code == iep::Code::UnprintablePicture => assert!(
            error.to_string().starts_with(
                "a picture in `pupil.photo` cannot be printed: it declares 6000 x 5000 pixels"
            ),
            "{error}"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
