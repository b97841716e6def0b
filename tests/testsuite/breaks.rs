//! Page breaks as a reader expects them, in the PDF and in LibreOffice's layout of the DOCX: a
//! heading and the rows that head a table stay with its first row, rows that fit on a page are
//! not split across two, and no page holds only a heading or only the signature lines.

use crate::common;

use common::{Scratch, libreoffice_pdfs, solid, tool};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};

/// The text of each page of a PDF, without white space.
fn pages(pdf: &[u8]) -> Vec<String> {
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    text.split('\u{c}').map(solid).collect()
}

/// The number (from 1) of the first page holding `text`.
fn page_of(pages: &[String], text: &str) -> Option<usize> {
    let text = solid(text);
    pages
        .iter()
        .position(|page| page.contains(&text))
        .map(|p| p + 1)
}

fn document(plan: &str) -> iep::Document {
    let printed = iep::Print::default()
        .lay_out(&iep::Source::new("plan.yaml", plan))
        .unwrap_or_else(|e| panic!("{e}"));
    printed.document
}

/// The Highland example with `lines` more sentences in its first previous target's comment,
/// which moves everything after it down the page.
fn highland_pushed_down(lines: usize) -> String {
    let plan = std::fs::read_to_string("examples/plans/highland.yaml").unwrap_or_default();
    let extra = " She has been reading with her grandmother at the weekends.".repeat(lines);
    plan.replacen(
        "carry on into this plan's reading target.",
        &format!("carry on into this plan's reading target.{extra}"),
        1,
    )
}

const HIGHLAND_FIRST_TARGETS: [&str; 4] = [
    "Takes turns to speak in a group of four",
    "Reads the remaining 6 of her 20 high-frequency words",
    "Adds two numbers with a total up to 20",
    "Follows her picture timetable",
];

#[test]
fn a_long_term_target_never_stands_at_the_foot_of_a_page_without_its_first_target() {
    for lines in (0..=40).step_by(3) {
        let pdf = PdfRenderer::default()
            .render(&document(&highland_pushed_down(lines)))
            .unwrap_or_else(|e| panic!("{e}"));
        let pages = pages(&pdf);
        for (goal, target) in HIGHLAND_FIRST_TARGETS.iter().enumerate() {
            let heading = page_of(
                &pages,
                &format!("Long term curricular target ({})", goal + 1),
            );
            assert!(heading.is_some());
            assert_eq!(
                heading,
                page_of(&pages, target),
                "{lines} lines: goal {}",
                goal + 1
            );
        }
        // The review details and the signature lines end the form together.
        assert_eq!(
            page_of(&pages, "Date/Details of next IEP review"),
            page_of(&pages, "Teacher with responsibility for IEP:"),
            "{lines} lines"
        );
    }
}

#[test]
fn a_heading_of_the_general_form_stays_with_the_table_it_heads() {
    let plan = std::fs::read_to_string("examples/plans/general.yaml").unwrap_or_default();
    for lines in (0..=40).step_by(4) {
        let extra = " She enjoys stories read aloud.".repeat(lines);
        let plan = plan.replacen(
            "loses her place on the page.",
            &format!("loses her place on the page.{extra}"),
            1,
        );
        let pdf = PdfRenderer::default()
            .render(&document(&plan))
            .unwrap_or_else(|e| panic!("{e}"));
        let pages = pages(&pdf);
        for (heading, first) in [
            ("Long-term target 1", "Reads words with the vowel sounds"),
            ("Long-term target 2", "Gets out her overlay"),
            ("Views", "The pupil's view"),
            ("Review", "Next review"),
        ] {
            assert_eq!(
                page_of(&pages, heading),
                page_of(&pages, first),
                "{lines} lines: {heading}"
            );
        }
        // No page holds only a heading: every page has more on it than its running header and
        // footer and one heading.
        for (number, page) in pages.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            assert!(
                page.len() > 200,
                "page {} of {lines} lines: {page}",
                number + 1
            );
        }
    }
}

#[test]
fn rows_that_fit_on_a_page_are_never_split_in_the_docx() {
    let scratch = Scratch::new("breaks-docx");
    let plan = std::fs::read_to_string("tests/realistic/highland-busy.yaml").unwrap_or_default();
    let mut files = Vec::new();
    for lines in [0, 6, 12] {
        let pushed = plan.replacen(
            "carry on into the reading target.",
            &format!(
                "carry on into the reading target.{}",
                " Practised at home too.".repeat(lines)
            ),
            1,
        );
        let docx = DocxRenderer
            .render(&document(&pushed))
            .unwrap_or_else(|e| panic!("{e}"));
        let path = scratch.0.join(format!("busy-{lines}.docx"));
        std::fs::write(&path, docx).unwrap_or_else(|e| panic!("{e}"));
        files.push(path);
    }
    let parsed = iep::Plan::parse(&iep::Source::new("busy.yaml", plan.as_str()))
        .unwrap_or_else(|e| panic!("{e}"));
    for (pdf, file) in libreoffice_pdfs(&scratch, &files).iter().zip(&files) {
        let pages = pages(pdf);
        for (_, _, target) in parsed.targets() {
            // Each target's cells are whole on one page: its success criterion is not broken.
            let success = target.success.as_deref().unwrap_or_default();
            assert!(
                page_of(&pages, success).is_some(),
                "{}: split: {success}",
                file.display()
            );
        }
        assert_eq!(
            page_of(&pages, "Date/Details of next IEP review"),
            page_of(&pages, "Teacher with responsibility for IEP:"),
            "{}",
            file.display()
        );
    }
}

/// The realistic plans of the tests and the examples: nine plans as schools write them.
const REALISTIC: [&str; 9] = [
    "examples/plans/highland.yaml",
    "examples/plans/durants.yaml",
    "examples/plans/general.yaml",
    "tests/realistic/highland-busy.yaml",
    "tests/realistic/every-field.yaml",
    "tests/realistic/durants-annual-review.yaml",
    "tests/realistic/secondary-eight-targets.yaml",
    "tests/realistic/pasted-from-word.yaml",
    "tests/realistic/welsh-medium.yaml",
];

#[test]
fn the_review_sheet_keeps_the_targets_heading_with_the_first_target() {
    for path in REALISTIC {
        let source =
            iep::Source::read(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let print = iep::Print {
            kind: iep::DocumentKind::Review(None),
            ..iep::Print::default()
        };
        let printed = print
            .lay_out(&source)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let first = printed
            .plan
            .targets()
            .next()
            .and_then(|(_, _, t)| t.target.clone())
            .unwrap_or_default();
        let pdf = PdfRenderer::default()
            .render(&printed.document)
            .unwrap_or_else(|e| panic!("{e}"));
        let pages = pages(&pdf);
        let heading = page_of(&pages, "The targets");
        assert!(heading.is_some(), "{path}");
        assert_eq!(heading, page_of(&pages, "Long-term target 1"), "{path}");
        assert_eq!(heading, page_of(&pages, &first), "{path}");
    }
}

/// The Durants annual review plan's PDF, page by page as pdftotext reads it (raw: in the order
/// the cells are drawn, each cell's lines together).
fn durants_annual_review() -> (iep::Plan, String) {
    let plan = std::fs::read_to_string("tests/realistic/durants-annual-review.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let printed = iep::Print::default()
        .lay_out(&iep::Source::new("plan.yaml", plan))
        .unwrap_or_else(|e| panic!("{e}"));
    let pdf = PdfRenderer::default()
        .render(&printed.document)
        .unwrap_or_else(|e| panic!("{e}"));
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "pdf");
    assert!(ok, "{text}");
    (printed.plan, text)
}

#[test]
fn a_durants_band_running_onto_a_new_page_keeps_its_label() {
    let (_, text) = durants_annual_review();
    let pages: Vec<String> = text.split('\u{c}').map(solid).collect();
    let bands = [
        "COMMUNICATION & INTERACTION",
        "COGNITION & LEARNING",
        "SENSORY & PHYSICAL",
        "SOCIAL, EMOTIONAL & MENTAL HEALTH",
    ];
    let printed: Vec<&String> = pages.iter().filter(|p| p.contains("TARGET")).collect();
    assert!(printed.len() > 1, "the plan fits one page: {text}");
    for (number, page) in printed.iter().enumerate() {
        assert!(
            bands.iter().any(|band| page.contains(&solid(band))),
            "page {} has rows but no band label: {page}",
            number + 1
        );
    }
    assert!(
        text.contains("(continued)"),
        "no band runs onto a new page: {text}"
    );
}

/// The places in `text` (pdftotext's) where the whole word `word` is broken across two lines
/// without a hyphen.
fn broken_without_hyphen(text: &str, word: &str) -> Vec<String> {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    (1..word.len())
        .filter(|&k| word.is_char_boundary(k))
        .map(|k| format!("{}\n{}", &word[..k], &word[k..]))
        .filter(|broken| {
            text.match_indices(broken.as_str()).any(|(at, _)| {
                !letter(text[..at].chars().next_back())
                    && !letter(text[at + broken.len()..].chars().next())
            })
        })
        .collect()
}

#[test]
fn no_word_in_the_narrow_term_columns_is_broken_without_a_hyphen() {
    let (plan, text) = durants_annual_review();
    let mut words: Vec<String> = plan
        .targets()
        .flat_map(|(_, _, t)| t.monitoring.clone())
        .flat_map(|note| {
            note.split(|c: char| !c.is_alphabetic())
                .filter(|w| w.len() > 3)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    let broken: Vec<String> = words
        .iter()
        .flat_map(|word| broken_without_hyphen(&text, word))
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
    // Long words are broken, with the hyphen a reader of the text takes as a soft hyphen.
    assert!(text.contains("\u{ad}\n"), "{text}");
}

#[test]
fn a_word_with_no_hyphenation_point_wider_than_its_column_is_broken_with_a_hyphen() {
    let plan = std::fs::read_to_string("tests/realistic/durants-annual-review.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let word = "Grrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr";
    let plan = plan.replacen(
        "Needs the conversation cards every time;",
        &format!("Says {word} when the cards come out;"),
        1,
    );
    let printed = iep::Print::default()
        .lay_out(&iep::Source::new("plan.yaml", plan))
        .unwrap_or_else(|e| panic!("{e}"));
    let pdf = PdfRenderer::default()
        .render(&printed.document)
        .unwrap_or_else(|e| panic!("{e}"));
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "pdf");
    assert!(ok, "{text}");
    assert!(solid(&text).contains(word), "{text}");
    assert!(broken_without_hyphen(&text, word).is_empty(), "{text}");
}

/// The Durants plan at its annual review with `sentences` more in its first monitoring note, which
/// makes the first target's row taller.
fn durants_review(sentences: usize) -> String {
    let plan =
        std::fs::read_to_string("tests/realistic/durants-annual-review.yaml").unwrap_or_default();
    let note = "asks one question per session and waits for the answer.";
    assert!(plan.contains(note));
    plan.replacen(
        note,
        &format!(
            "{note}{}",
            " He talked about his weekend with the group.".repeat(sentences)
        ),
        1,
    )
}

/// LibreOffice lays the DOCX out on as many pages as the PDF has, each line on the page it has
/// in the PDF, and splits no row that fits on a page: the bundled examples, the realistic plans
/// (a Durants plan at its annual review, six terms of monitoring written up in its narrow
/// columns, also with a taller first row), the pupil pages (one at its smallest type, full to
/// the foot) and the review sheet.
#[test]
fn libreoffice_lays_the_docx_on_the_pages_of_the_pdf() {
    let scratch = Scratch::new("breaks-pages");
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let mut plans: Vec<(String, String, iep::DocumentKind)> = Vec::new();
    for name in ["highland", "durants", "general"] {
        let plan = read(&format!("examples/plans/{name}.yaml"));
        plans.push((name.to_owned(), plan.clone(), iep::DocumentKind::SchoolForm));
        plans.push((
            format!("{name}-pupil"),
            plan,
            iep::DocumentKind::PupilFriendly,
        ));
    }
    plans.push((
        "highland-review".into(),
        read("examples/plans/highland.yaml"),
        iep::DocumentKind::Review(None),
    ));
    plans.push((
        "highland-busy".into(),
        read("tests/realistic/highland-busy.yaml"),
        iep::DocumentKind::SchoolForm,
    ));
    // Eight targets with long helpers: the pupil page fits its sheet only at its smallest type,
    // with no room to spare at the foot, and its DOCX must hold the one sheet too.
    plans.push((
        "highland-busy-pupil".into(),
        read("tests/realistic/highland-busy.yaml"),
        iep::DocumentKind::PupilFriendly,
    ));
    for sentences in [0, 1, 2] {
        plans.push((
            format!("durants-review-{sentences}"),
            durants_review(sentences),
            iep::DocumentKind::SchoolForm,
        ));
    }
    let mut files = Vec::new();
    let mut pdfs = Vec::new();
    for (name, plan, kind) in &plans {
        let print = iep::Print {
            kind: kind.clone(),
            ..iep::Print::default()
        };
        let document = print
            .lay_out(&iep::Source::new(format!("{name}.yaml"), plan.as_str()))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .document;
        pdfs.push(
            PdfRenderer::default()
                .render(&document)
                .unwrap_or_else(|e| panic!("{e}")),
        );
        let path = scratch.0.join(format!("{name}.docx"));
        let docx = DocxRenderer
            .render(&document)
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, docx).unwrap_or_else(|e| panic!("{e}"));
        files.push(path);
    }
    let review = iep::Plan::parse(&iep::Source::new("review.yaml", durants_review(0).as_str()))
        .unwrap_or_else(|e| panic!("{e}"));
    for (((name, _, _), pdf), office) in plans
        .iter()
        .zip(&pdfs)
        .zip(libreoffice_pdfs(&scratch, &files))
    {
        let (printed, laid) = (pages(pdf), pages(&office));
        assert_eq!(
            common::page_count(&office),
            common::page_count(pdf),
            "{name}: LibreOffice's pages against the PDF's"
        );
        // Each line of the PDF's body (not the running header and footer) on its page; not the
        // lines a page repeats (header rows, a band's label carried over), which the DOCX
        // leaves to the word processor.
        let (_, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, "pdf");
        for (number, page) in text.split('\u{c}').enumerate() {
            let lines: Vec<&str> = page.lines().collect();
            for line in lines.iter().skip(1).take(lines.len().saturating_sub(2)) {
                let key: String = solid(line).chars().take(20).collect();
                let pages_with = printed.iter().filter(|p| p.contains(&key)).count();
                if key.chars().count() < 12 || pages_with != 1 || !printed[number].contains(&key) {
                    continue;
                }
                assert!(
                    laid.get(number).is_some_and(|page| page.contains(&key)),
                    "{name}: {line:?} is on page {} of the PDF and {:?} in LibreOffice",
                    number + 1,
                    page_of(&laid, line)
                );
            }
        }
        if name.starts_with("durants-review") {
            // Each target's row is whole: its target and its last monitoring note on one page.
            for (_, _, target) in review.targets() {
                let first: String = target
                    .target
                    .as_deref()
                    .unwrap_or_default()
                    .chars()
                    .take(24)
                    .collect();
                let last = target
                    .monitoring
                    .last()
                    .map(String::as_str)
                    .unwrap_or_default();
                let last: String = last
                    .chars()
                    .rev()
                    .take(24)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                assert_eq!(
                    page_of(&laid, &first),
                    page_of(&laid, &last),
                    "{name}: the row of {first:?} is split"
                );
            }
        }
    }
}
