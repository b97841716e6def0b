//! The families' languages print: a parents' view in Urdu, Panjabi, Bengali or Arabic comes out
//! of the PDF shaped (joined, right to left, clusters formed), in its script's own font, and reads
//! back in the order it was written; the DOCX marks it for Word. What no bundled font has
//! (Chinese, emoji) prints from a school's own font folder, or is refused by field.

use crate::common;

use common::{Scratch, docx_part, iep, plan_with_view, tool};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};

/// The families' languages of the school census, each a parents' view of one sentence, the
/// language's code, and the font its script is set in.
const VIEWS: [(&str, &str, &str); 5] = [
    (
        "ہم چاہتے ہیں کہ امارا کلاس میں زیادہ پراعتماد محسوس کرے",
        "",
        "NotoNaskhArabic",
    ),
    (
        "ਅਸੀਂ ਚਾਹੁੰਦੇ ਹਾਂ ਕਿ ਅਮਾਰਾ ਕਲਾਸ ਵਿੱਚ ਵਧੇਰੇ ਆਤਮਵਿਸ਼ਵਾਸ ਮਹਿਸੂਸ ਕਰੇ",
        "pa",
        "NotoSansGurmukhi",
    ),
    (
        "আমরা চাই আমারা ক্লাসে আরও আত্মবিশ্বাসী বোধ করুক",
        "bn",
        "NotoSansBengali",
    ),
    (
        "نريد أن تشعر أمارا بثقة أكبر في الفصل",
        "ar",
        "NotoNaskhArabic",
    ),
    (
        "અમે ઇચ્છીએ છીએ કે અમારા વર્ગમાં વધુ આત્મવિશ્વાસ અનુભવે",
        "gu",
        "NotoSansGujarati",
    ),
];

fn document(yaml: &str) -> iep::Document {
    let source = iep::Source::new("plan.yaml", yaml);
    let printed = iep::Print::default()
        .lay_out(&source)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !printed.report.codes().contains(&iep::Code::UnprintableText),
        "{}",
        printed.report
    );
    printed.document
}

/// The text of a PDF as pdftotext reads it in reading order, without the direction marks it puts
/// around right-to-left text, its white space folded.
fn read_back(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    text.chars()
        .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_parents_view_in_the_familys_language_prints_in_its_script_and_reads_back_in_order() {
    for (view, language, font) in VIEWS {
        let pdf = PdfRenderer::new()
            .render(&document(&plan_with_view(view, language)))
            .unwrap_or_else(|e| panic!("{language}: {e}"));
        let (_, fonts) = tool("pdffonts", &[], &pdf, "pdf");
        assert!(fonts.contains(font), "{language}: {fonts}");
        let text = read_back(&pdf);
        assert!(text.contains(view), "{language}: {view} not in {text}");
    }
}

#[test]
fn urdu_marked_as_urdu_is_set_in_nastaliq_and_tagged_with_its_language() {
    let (view, _, _) = VIEWS[0];
    let pdf = PdfRenderer::new()
        .render(&document(&plan_with_view(view, "ur")))
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, fonts) = tool("pdffonts", &[], &pdf, "pdf");
    assert!(fonts.contains("NotoNastaliqUrdu"), "{fonts}");
    // The spans of the view carry /Lang (ur), for a screen reader's Urdu voice.
    let structure = common::pdf_structure(&pdf);
    let langs = structure["span_langs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(langs.iter().any(|l| l == "ur"), "{langs:?}");
}

#[test]
fn right_to_left_text_reads_right_to_left_on_the_page() {
    let (view, _, _) = VIEWS[3];
    let pdf = PdfRenderer::new()
        .render(&document(&plan_with_view(view, "ar")))
        .unwrap_or_else(|e| panic!("{e}"));
    // The first word of the sentence stands to the right of its last (pdftotext gives each
    // word's letters as they stand on the page, right to left).
    let (_, xml) = tool("pdftotext", &["-bbox"], &pdf, "pdf");
    let x_of = |word: &str| -> f64 {
        let drawn: String = word.chars().rev().collect();
        xml.lines()
            .find(|l| l.contains(&format!(">{drawn}<")))
            .and_then(|l| l.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok())
            .unwrap_or_else(|| panic!("{word} not on the page"))
    };
    assert!(x_of("نريد") > x_of("الفصل"));
}

#[test]
fn the_docx_marks_right_to_left_runs_and_their_language_for_word() {
    let (view, _, _) = VIEWS[0];
    let docx = DocxRenderer
        .render(&document(&plan_with_view(view, "ur")))
        .unwrap_or_else(|e| panic!("{e}"));
    let xml = docx_part(&docx, "word/document.xml");
    let at = xml
        .find("چاہتے")
        .unwrap_or_else(|| panic!("no Urdu in the DOCX"));
    let run = &xml[xml[..at].rfind("<w:r>").unwrap_or(0)..at];
    assert!(run.contains("<w:rtl/>"), "{run}");
    assert!(run.contains("<w:lang w:bidi=\"ur\"/>"), "{run}");
    assert!(run.contains("w:cs=\"Noto Nastaliq Urdu\""), "{run}");
    let paragraph = &xml[xml[..at].rfind("<w:p>").unwrap_or(0)..at];
    assert!(paragraph.contains("<w:bidi/>"), "{paragraph}");
    // Word's schema puts the run's font first, then its direction, then its language.
    let place = |what: &str| {
        run.find(what)
            .unwrap_or_else(|| panic!("{what} not in {run}"))
    };
    assert!(place("<w:rFonts") < place("<w:rtl/>") && place("<w:rtl/>") < place("<w:lang"));
}

#[test]
fn libreoffice_sets_the_docx_in_the_same_scripts() {
    let scratch = Scratch::new("scripts-docx");
    let mut files = Vec::new();
    for (i, (view, language, _)) in VIEWS.iter().enumerate() {
        let docx = DocxRenderer
            .render(&document(&plan_with_view(view, language)))
            .unwrap_or_else(|e| panic!("{e}"));
        let file = scratch.0.join(format!("view-{i}.docx"));
        std::fs::write(&file, docx).unwrap_or_else(|e| panic!("{e}"));
        files.push(file);
    }
    for ((view, language, _), pdf) in VIEWS.iter().zip(common::libreoffice_pdfs(&scratch, &files)) {
        assert!(read_back(&pdf).contains(view), "{language}");
    }
}

#[test]
fn chinese_prints_from_a_schools_own_font_folder_and_is_refused_by_field_without_one() {
    let scratch = Scratch::new("scripts-cjk");
    let plan = scratch.write(
        "plan.yaml",
        &plan_with_view("我们希望她在课堂上更有信心", ""),
    );
    let out = scratch.0.join("out").display().to_string();
    let refused = iep(&["render", &plan, "--out", &out, "--quiet"]);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert!(said.contains("it is in `views.parents`"), "{said}");
    assert!(!said.contains("我们"), "{said}");
    let fonts = "/usr/share/fonts/truetype/droid";
    let printed = iep(&[
        "render",
        &plan,
        "--out",
        &out,
        "--quiet",
        "--font-dir",
        fonts,
    ]);
    assert_eq!(
        printed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let pdf = std::fs::read(scratch.0.join("out/plan.pdf")).unwrap_or_default();
    assert!(read_back(&pdf).contains("我们希望她在课堂上更有信心"));
    // And the check counts the folder's fonts.
    let check = iep(&["check", &plan, "--deny-warnings", "--font-dir", fonts]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let bad = iep(&[
        "check",
        &plan,
        "--font-dir",
        &scratch.0.display().to_string(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_language_that_is_no_language_code_is_refused_at_its_line() {
    let yaml = plan_with_view("Nous voulons", "French please");
    let report = iep::check(&iep::Source::new("plan.yaml", yaml.as_str()));
    let error = report.errors().next().unwrap_or_else(|| panic!("{report}"));
    assert_eq!(error.code, iep::Code::InvalidValue, "{error}");
    assert!(error.to_string().contains("not a language code"), "{error}");
    assert!(error.to_string().contains("`ur` for Urdu"), "{error}");
    assert!(!error.to_string().contains("French please"), "{error}");
}
