//! The pupil-friendly page for the classroom wall: one sheet whatever the plan holds, the pupil's
//! own words in large type in a literacy font, a picture for each target, and none of the adults'
//! planning text. Read back with poppler (pdfinfo, pdftotext -bbox, pdffonts, pdfimages) and, for
//! DOCX, through LibreOffice.

use crate::common;

use std::path::{Path, PathBuf};

use common::{Scratch, page_count, solid, tool};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{Code, FormRef, Source};

/// Targets in a pupil's words at the length limit (50 characters, or just under).
const WORDS_AT_LIMIT: [&str; 8] = [
    "I will put up my hand and wait for my turn to talk",
    "I will read a book with my mum every evening now.",
    "I will write my sentences with capital letters.",
    "When I feel cross I go to my calm corner and sit.",
    "I will count on from the bigger number to add up.",
    "I will ask a friend to play and I will share toys.",
    "I will use my timetable to get ready for lessons.",
    "I will put on my coat and shoes by myself at home.",
];

/// Helpers' names at their limit, 45 characters.
const HELPERS_AT_LIMIT: &str = "Mrs Abernethy-Smith and Mr Grant-Macdonald jr";

const AREAS: [&str; 8] = [
    "communication_and_interaction",
    "cognition_and_learning",
    "social_emotional_mental_health",
    "sensory_and_physical",
    "literacy",
    "numeracy",
    "independence",
    "other",
];

/// A plan with `count` targets, one a goal, saying `words` in the pupil's words and `helpers`
/// as who helps; `extra` is added under `pupil:`.
fn plan(count: usize, words: &[&str], helpers: &str, extra: &str) -> String {
    let mut yaml = format!(
        "school: Test Primary School
pupil:
  name: Alexandra Fitzgerald-Montgomery
  known_as: Alexandra
  date_of_birth: 2018-04-12
  year_group: P3
{extra}plan:
  created: 2026-10-05
  agreed: 2026-10-12
  review: 2027-01-25
goals:
"
    );
    for i in 0..count {
        yaml += &format!(
            "  - area: {area}
    long_term: ADULT-LONG-TERM {i}
    targets:
      - target: ADULT-TARGET {i}
        strategies: ADULT-STRATEGIES {i}
        when: ADULT-WHEN {i}
        who: {helpers}
        resources: ADULT-RESOURCES {i}
        success: ADULT-SUCCESS {i}
        by: 2027-01-15
        pupil_words: \"{words}\"
",
            area = AREAS[i % AREAS.len()],
            words = words[i % words.len()],
        );
    }
    yaml + "views:\n  pupil: ADULT-VIEW-PUPIL\n  parents: ADULT-VIEW-PARENTS\n"
}

/// The plan laid out on the pupil-friendly form and fitted to its sheet, as `iep render
/// --pupil-friendly` does, from `folder` (for photos).
fn pupil_document(yaml: &str, folder: &Path) -> iep::Document {
    let plan = iep::Plan::parse(&Source::new("plan.yaml", yaml)).unwrap_or_else(|e| panic!("{e}"));
    FormRef::pupil()
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
        .fill_fitted(&plan, folder, None, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .document
}

/// The plan with `helpers` as the names the pupil knows (`pupil_helpers`) as well as `who`.
fn plan_with_helpers(count: usize, words: &[&str], helpers: &str, extra: &str) -> String {
    plan(count, words, helpers, extra).replace(
        &format!("        who: {helpers}\n"),
        &format!("        who: {helpers}\n        pupil_helpers: {helpers}\n"),
    )
}

/// What pdfminer.six reads from the first page of a PDF (tests/pdf_facts.py).
fn facts(pdf: &[u8]) -> serde_json::Value {
    common::pdf_facts(pdf)[0].clone()
}

/// The smallest font size, in points, of the characters of `text` (its letters found in order
/// among the page's characters).
fn size_of(page: &serde_json::Value, text: &str) -> f64 {
    let chars: Vec<(String, f64)> = page["chars"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c[0].as_str().unwrap_or_default().to_owned(),
                c[1].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    let wanted: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let joined: String = chars
        .iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| !c.trim().is_empty())
        .collect();
    let printed: Vec<f64> = chars
        .iter()
        .filter(|(c, _)| !c.trim().is_empty())
        .map(|(_, s)| *s)
        .collect();
    let at = joined
        .find(&wanted)
        .unwrap_or_else(|| panic!("{text:?} is not on the page, which reads {joined:?}"));
    let start = joined[..at].chars().count();
    printed[start..start + wanted.chars().count()]
        .iter()
        .copied()
        .fold(f64::MAX, f64::min)
}

/// The pictures of a page (images, and the frames of those drawn as vectors), widest first, as
/// (width, height) in millimetres.
fn pictures(page: &serde_json::Value) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = page["images"]
        .as_array()
        .into_iter()
        .chain(page["figures"].as_array())
        .flatten()
        .map(|b| {
            let v = |i: usize| b[i].as_f64().unwrap_or(0.0);
            (v(2) - v(0), v(3) - v(1))
        })
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    out
}

/// The height in millimetres between the foot of the page and the lowest line drawn: what is
/// left empty below the last card.
fn empty_below(page: &serde_json::Value) -> f64 {
    page["lines"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| l[1].as_f64().unwrap_or(0.0))
        .fold(f64::MAX, f64::min)
}

/// The smallest sizes of the page for `count` targets: the pupil's words in points and the
/// pictures in millimetres.
fn floors(count: usize) -> (f64, f64) {
    match count {
        1..=3 => (36.0, 60.0),
        4 => (28.0, 45.0),
        _ => (20.0, 40.0),
    }
}

fn pdf(document: &iep::Document) -> Vec<u8> {
    PdfRenderer::default()
        .render(document)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A photo of the pupil: a PNG, taller than wide as photos of children usually are.
fn photo(scratch: &Scratch) {
    let picture = image::RgbImage::from_fn(300, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 160])
    });
    picture
        .save(scratch.0.join("photo.png"))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The pupil-friendly checks' limits (README): characters of a target's words of the pupil's
/// own, in OpenDyslexic, and of its helpers.
const MAX_PUPIL_WORDS: usize = 50;
const MAX_PUPIL_WORDS_OPENDYSLEXIC: usize = 40;
const MAX_HELPERS: usize = 45;

#[test]
fn the_limits_of_the_pupils_words_pass_the_pupil_friendly_checks() {
    assert!(WORDS_AT_LIMIT.iter().all(|w| w.len() <= MAX_PUPIL_WORDS));
    assert_eq!(HELPERS_AT_LIMIT.len(), MAX_HELPERS);
    let yaml = plan(8, &WORDS_AT_LIMIT, HELPERS_AT_LIMIT, "");
    let report = common::check_on(&Source::new("plan.yaml", &yaml), None, true);
    assert_eq!(report.errors().count(), 0, "{:?}", report.codes());
}

/// The longest words the limits allow in OpenDyslexic, 40 characters or just under.
const WORDS_AT_OPENDYSLEXIC_LIMIT: [&str; 8] = [
    "I will put up my hand and wait my turn.",
    "I will read a book with my mum at home.",
    "I will write with capital letters now.",
    "When I feel cross I go to my calm spot.",
    "I will count on from the bigger number.",
    "I will ask a friend to play with me too",
    "I use my timetable to get ready to go.",
    "I will put on my coat and shoes myself.",
];

#[test]
fn every_number_of_targets_fills_one_sheet_above_the_floors_in_either_font() {
    let scratch = Scratch::new("pupil-fit");
    photo(&scratch);
    assert!(WORDS_AT_LIMIT.iter().all(|w| w.len() <= MAX_PUPIL_WORDS));
    assert!(
        WORDS_AT_OPENDYSLEXIC_LIMIT
            .iter()
            .all(|w| w.len() <= MAX_PUPIL_WORDS_OPENDYSLEXIC)
    );
    let mut measured = Vec::new();
    for count in 1..=8 {
        for (font, words) in [
            ("", &WORDS_AT_LIMIT),
            ("  font: opendyslexic\n", &WORDS_AT_OPENDYSLEXIC_LIMIT),
        ] {
            for photo in ["", "  photo: photo.png\n"] {
                let what = format!("{count} targets, {font:?} {photo:?}");
                let extra = format!("{font}{photo}");
                let yaml = plan_with_helpers(count, words, HELPERS_AT_LIMIT, &extra);
                let bytes = pdf(&pupil_document(&yaml, &scratch.0));
                assert_eq!(page_count(&bytes), 1, "{what}");
                let page = facts(&bytes);
                let (words_floor, picture_floor) = floors(count);
                let word_size = words[..count]
                    .iter()
                    .map(|w| size_of(&page, w))
                    .fold(f64::MAX, f64::min);
                assert!(
                    word_size >= words_floor - 0.01,
                    "{what}: words at {word_size} pt"
                );
                let helpers = size_of(&page, "Helping me: Mrs Abernethy-Smith");
                assert!(helpers >= 13.99, "{what}: who helps at {helpers} pt");
                let symbols = pictures(&page);
                let smallest = symbols[..count]
                    .iter()
                    .map(|p| p.0)
                    .fold(f64::MAX, f64::min);
                assert!(
                    smallest >= picture_floor - 0.5,
                    "{what}: pictures {symbols:?}"
                );
                let empty = empty_below(&page);
                assert!(empty <= 21.0, "{what}: {empty} mm empty below the cards");
                let title = size_of(&page, "My plan:");
                assert!(title >= 27.99, "{what}: the title at {title} pt");
                let credit = size_of(&page, "Pictures: Twemoji");
                assert!(credit >= 7.99, "{what}: the credit at {credit} pt");
                if font.is_empty() && photo.is_empty() {
                    measured.push(format!(
                        "{count}: words {word_size} pt, helpers {helpers} pt, title {title} pt, pictures {smallest:.0} mm, {empty:.0} mm below"
                    ));
                }
            }
        }
    }
    eprintln!("{}", measured.join("\n"));
}

#[test]
fn a_plan_too_long_for_one_sheet_even_at_the_floors_is_refused_not_printed_on_two() {
    let long = "I will ".to_owned() + &"practise and practise ".repeat(20);
    let yaml = plan(8, &[long.as_str()], "Class teacher", "");
    let error = iep::Print {
        kind: iep::DocumentKind::PupilFriendly,
        ..iep::Print::default()
    }
    .lay_out(&Source::new("plan.yaml", yaml.as_str()))
    .err()
    .unwrap_or_else(|| panic!("printed"));
    let refusal = error
        .diagnostics()
        .iter()
        .find(|d| d.code == Code::TooLongForWall && d.severity == iep::Severity::Error);
    assert!(
        refusal.is_some_and(|d| d.message.contains("cannot hold the targets on one sheet")),
        "{error}"
    );
    let report = common::check_on(&Source::new("plan.yaml", yaml.as_str()), None, true);
    assert!(
        report.errors().any(|d| d.code == Code::TooLongForWall),
        "{report}"
    );
}

#[test]
fn short_words_grow_to_fill_the_sheet() {
    for count in 1..=4 {
        let short = ["I will wait for my turn.", "I can read my words."];
        let yaml = plan_with_helpers(count, &short, "Mrs Ross", "");
        let bytes = pdf(&pupil_document(&yaml, Path::new(".")));
        let size = size_of(&facts(&bytes), "I will wait for my turn.");
        let (floor, _) = floors(count);
        assert!(
            size >= floor * 1.2,
            "{count} targets: short words at only {size} pt"
        );
    }
}

#[test]
fn every_line_of_the_pupils_words_is_printed_and_no_adult_text_is() {
    for example in ["highland", "durants", "general"] {
        let path = format!("examples/plans/{example}.yaml");
        let plan = iep::Plan::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
        let form = FormRef::pupil().load().unwrap_or_else(|e| panic!("{e}"));
        let document = form
            .lay_out(&plan, Path::new("examples/plans"))
            .unwrap_or_else(|e| panic!("{e}"));
        let bytes = pdf(&document);
        assert_eq!(page_count(&bytes), 1, "{example}");
        let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &bytes, "pdf");
        assert!(ok, "{text}");
        let text = solid(&text);
        for (_, _, target) in plan.targets() {
            let words = target.pupil_words.as_deref().unwrap_or_default();
            assert!(text.contains(&solid(words)), "{example}: {words:?} missing");
            for adult in [
                &target.target,
                &target.strategies,
                &target.success,
                &target.when,
                &target.resources,
                &target.achievement,
            ]
            .into_iter()
            .flatten()
            {
                assert!(
                    !text.contains(&solid(adult)),
                    "{example}: {adult:?} printed"
                );
            }
        }
        for goal in &plan.goals {
            let long_term = goal.long_term.as_deref().unwrap_or("no long-term target");
            assert!(
                !text.contains(&solid(long_term)),
                "{example}: long-term target printed"
            );
        }
        let views = [&plan.views.pupil, &plan.views.parents]
            .into_iter()
            .flatten()
            .map(|view| view.text().into_owned());
        for adult in views.chain(plan.plan.responsible.clone()) {
            assert!(
                !text.contains(&solid(&adult)),
                "{example}: {adult:?} printed"
            );
        }
        assert!(text.contains(&solid(plan.known_as())), "{example}: no name");
        assert!(text.contains("Myplan"), "{example}: no title");
    }
}

#[test]
fn no_adult_field_of_a_generated_plan_reaches_the_page() {
    let bytes = pdf(&pupil_document(
        &plan(5, &WORDS_AT_LIMIT, "Mrs Ross", ""),
        Path::new("."),
    ));
    let (ok, text) = tool("pdftotext", &["-raw"], &bytes, "pdf");
    assert!(ok, "{text}");
    assert!(!text.contains("ADULT"), "{text}");
    assert!(
        !text.contains("Fitzgerald"),
        "the full name is printed:\n{text}"
    );
}

#[test]
fn the_review_is_said_as_a_month() {
    let bytes = pdf(&pupil_document(
        &plan(2, &WORDS_AT_LIMIT, "Mrs Ross", ""),
        Path::new("."),
    ));
    let (_, text) = tool("pdftotext", &["-raw"], &bytes, "pdf");
    assert!(
        common::squeeze(&text).contains("We will look at my plan again in January."),
        "{text}"
    );
}

/// The Welsh-medium plan (`pupil_language: cy`).
fn welsh_medium() -> String {
    std::fs::read_to_string("tests/realistic/welsh-medium-primary.yaml").unwrap_or_default()
}

#[test]
fn a_welsh_medium_pupils_wall_page_speaks_welsh() {
    let document = pupil_document(&welsh_medium(), Path::new("tests/realistic"));
    assert_eq!(document.meta.title, "Fy nghynllun: Mali");
    assert_eq!(document.meta.language, "cy");
    let bytes = pdf(&document);
    let (_, text) = tool("pdftotext", &["-raw"], &bytes, "pdf");
    let text = common::squeeze(&text);
    for welsh in [
        "Fy nghynllun: Mali",
        "Byddwn ni'n edrych ar fy nghynllun eto ym mis Ionawr.",
        "Yn fy helpu i: Mrs McLeod",
    ] {
        assert!(text.contains(welsh), "{welsh:?} is not in {text}");
    }
    for english in ["My plan", "Helping me", "We will look", "January"] {
        assert!(!text.contains(english), "{english:?} is in {text}");
    }
    // A screen reader reads the page in Welsh, and the picture credit, which is English, so.
    let structure = common::pdf_structure(&bytes);
    assert_eq!(structure["lang"], "cy", "{structure}");
    assert_eq!(
        structure["span_langs"],
        serde_json::json!(["en-GB"]),
        "{structure}"
    );
    let docx = DocxRenderer
        .render(&document)
        .unwrap_or_else(|e| panic!("{e}"));
    let xml = common::docx_part(&docx, "word/document.xml");
    assert!(xml.contains("Fy nghynllun"), "{xml}");
    assert!(common::docx_part(&docx, "docProps/core.xml").contains("<dc:language>cy<"));
    // English stays the default.
    let english = welsh_medium().replacen("  pupil_language: cy\n", "", 1);
    let document = pupil_document(&english, Path::new("tests/realistic"));
    assert_eq!(document.meta.title, "My plan: Mali");
    assert_eq!(document.meta.language, "en-GB");
}

#[test]
fn a_school_adds_a_language_to_its_copy_of_the_pupil_form() {
    let polish = "words:
  pl:
    my_plan: Mój plan
    our_plan: Nasz plan
    helping_me: \"Pomagają mi:\"
    helping_us: \"Pomagają nam:\"
    look_again: \"Ponownie przyjrzymy się mojemu planowi {month}.\"
    look_again_group: \"Ponownie przyjrzymy się naszemu planowi {month}.\"
    months: [w styczniu, w lutym, w marcu, w kwietniu, w maju, w czerwcu, w lipcu, w sierpniu, we wrześniu, w październiku, w listopadzie, w grudniu]
";
    let builtin = iep::Form::builtin_text("pupil").unwrap_or_default();
    let ours = builtin.replacen("words:\n", polish, 1);
    let form = iep::Form::parse(&Source::new("our-pupil.yaml", ours.as_str()))
        .unwrap_or_else(|e| panic!("{e}"));
    let yaml = plan(
        2,
        &["Czytam książkę z mamą.", "Czekam na swoją kolej."],
        "Pani Nowak",
        "",
    ) + "  pupil_language: pl\n";
    let plan = iep::Plan::parse(&Source::new("plan.yaml", &yaml)).unwrap_or_else(|e| panic!("{e}"));
    let document = form
        .fill_fitted(&plan, Path::new("."), None, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .document;
    let (_, text) = tool("pdftotext", &["-raw"], &pdf(&document), "pdf");
    let text = common::squeeze(&text);
    for polish in [
        "Mój plan: Alexandra",
        "Ponownie przyjrzymy się mojemu planowi w styczniu.",
        "Pomagają mi: Pani Nowak",
    ] {
        assert!(text.contains(polish), "{polish:?} is not in {text}");
    }
    // A language without every word the others have is the form's mistake, at its line.
    let lacking = ours.replacen("    helping_us: \"Pomagają nam:\"\n", "", 1);
    let error = iep::Form::parse(&Source::new("our-pupil.yaml", lacking.as_str()))
        .err()
        .and_then(|e| e.diagnostics().first().cloned())
        .unwrap_or_else(|| panic!("a form lacking a word was accepted"));
    assert_eq!(error.code, Code::FormError);
    assert!(error.message.contains("`helping_us`"), "{}", error.message);
    assert_eq!(
        error.place.map(|p| p.line),
        ours.lines().position(|l| l == "  pl:").map(|n| n + 1)
    );
}

#[test]
fn andika_is_embedded_by_default_and_opendyslexic_when_the_pupil_reads_it_best() {
    for (extra, font) in [("", "+Andika"), ("  font: opendyslexic\n", "+OpenDyslexic")] {
        let yaml = plan(3, &WORDS_AT_LIMIT, "Mrs Ross", extra);
        let bytes = pdf(&pupil_document(&yaml, Path::new(".")));
        let (ok, fonts) = tool("pdffonts", &[], &bytes, "pdf");
        assert!(ok, "{fonts}");
        let embedded: Vec<&str> = fonts.lines().filter(|l| l.contains(" yes ")).collect();
        assert!(!embedded.is_empty(), "{fonts}");
        assert!(embedded.iter().all(|l| l.contains(font)), "{fonts}");
    }
}

#[test]
fn each_target_has_its_picture_and_the_photo_is_printed() {
    let scratch = Scratch::new("pupil-pictures");
    photo(&scratch);
    for (count, extra, pictures) in [(3, "", 3), (6, "  photo: photo.png\n", 7)] {
        let yaml = plan(count, &WORDS_AT_LIMIT, "Mrs Ross", extra);
        let bytes = pdf(&pupil_document(&yaml, &scratch.0));
        let (ok, list) = tool("pdfimages", &["-list"], &bytes, "pdf");
        assert!(ok, "{list}");
        // The symbols are vectors, sharp at any size: the photo is the only image.
        let images: Vec<&str> = list.lines().skip(2).collect();
        assert_eq!(images.len(), pictures - count, "{list}");
        let figures = facts(&bytes)["figures"].as_array().map_or(0, Vec::len);
        assert_eq!(figures, count, "{list}");
        for line in &images {
            let dpi: Option<f64> = line.split_whitespace().nth(12).and_then(|d| d.parse().ok());
            assert!(dpi.is_some_and(|dpi| dpi >= 250.0), "{list}");
        }
    }
}

#[test]
fn a_target_names_a_built_in_symbol_or_its_own_picture() {
    let scratch = Scratch::new("pupil-symbol");
    photo(&scratch);
    let mut symbols = ["money", "photo.png"].into_iter();
    let yaml = plan(2, &WORDS_AT_LIMIT, "Mrs Ross", "")
        .split_inclusive('\n')
        .map(|line| match line.starts_with("        by:") {
            true => format!(
                "        symbol: {}\n{line}",
                symbols.next().unwrap_or_default()
            ),
            false => line.to_owned(),
        })
        .collect::<String>();
    let document = pupil_document(&yaml, &scratch.0);
    let names: Vec<String> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            iep::document::Block::Table(t) => Some(t),
            _ => None,
        })
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter_map(|c| c.image.as_ref().map(|i| i.name.clone()))
        .collect();
    assert_eq!(names, ["money", "photo.png"]);
}

#[test]
fn the_docx_version_fits_one_page_in_libreoffice_with_every_picture_whole() {
    let scratch = Scratch::new("pupil-docx");
    photo(&scratch);
    let mut files: Vec<(PathBuf, usize)> = Vec::new();
    for (count, extra) in [
        (8, "  photo: photo.png\n"),
        (4, ""),
        (3, ""),
        (1, "  font: opendyslexic\n"),
    ] {
        let yaml = plan_with_helpers(count, &WORDS_AT_OPENDYSLEXIC_LIMIT, HELPERS_AT_LIMIT, extra);
        let bytes = DocxRenderer
            .render(&pupil_document(&yaml, &scratch.0))
            .unwrap_or_else(|e| panic!("{e}"));
        let file = scratch.0.join(format!("pupil-{count}.docx"));
        std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
        files.push((file, count));
    }
    let paths: Vec<PathBuf> = files.iter().map(|(f, _)| f.clone()).collect();
    for ((file, count), pdf) in files.iter().zip(common::libreoffice_pdfs(&scratch, &paths)) {
        let what = file.display();
        assert_eq!(page_count(&pdf), 1, "{what}");
        let (_, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "pdf");
        let text = solid(&text);
        for words in &WORDS_AT_OPENDYSLEXIC_LIMIT[..*count] {
            assert!(text.contains(&solid(words)), "{words:?} not in {what}");
        }
        // Every picture on the page and inside the cards, none cut down.
        let page = &common::pdf_facts(&pdf)[0];
        let width = page["width"].as_f64().unwrap_or(0.0);
        let height = page["height"].as_f64().unwrap_or(0.0);
        let lines = page["lines"].as_array().cloned().unwrap_or_default();
        let table_top = lines
            .iter()
            .map(|l| l[3].as_f64().unwrap_or(0.0))
            .fold(0.0, f64::max);
        let images = page["images"].as_array().cloned().unwrap_or_default();
        assert!(images.len() >= *count, "{what}: {images:?}");
        for image in &images {
            let b: Vec<f64> = (0..4).map(|i| image[i].as_f64().unwrap_or(-1.0)).collect();
            assert!(
                b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= width && b[3] <= height,
                "{what}: {b:?}"
            );
            // The smallest picture is the 20 mm photo; a cut one is a sliver of a line's height.
            let longer = (b[2] - b[0]).max(b[3] - b[1]);
            assert!(longer > 19.5, "{what}: a picture {b:?} is cut down");
        }
        let in_cards = images
            .iter()
            .filter(|i| i[3].as_f64().unwrap_or(0.0) <= table_top + 0.5)
            .count();
        assert!(
            in_cards >= *count,
            "{what}: a picture stands outside its card"
        );
    }
}

#[test]
fn a_picture_in_the_docx_sits_in_a_line_as_tall_as_it_is() {
    let yaml = plan_with_helpers(2, &WORDS_AT_LIMIT, "Mrs Ross", "");
    let bytes = DocxRenderer
        .render(&pupil_document(&yaml, Path::new(".")))
        .unwrap_or_else(|e| panic!("{e}"));
    let xml = common::docx_part(&bytes, "word/document.xml");
    // Each paragraph with a drawing has single spacing or more: LibreOffice cuts a picture in a
    // line set tighter than its own height.
    let mut drawings = 0;
    for paragraph in xml.split("<w:p>").skip(1) {
        let paragraph = paragraph.split("</w:p>").next().unwrap_or_default();
        if paragraph.contains("<w:drawing>") {
            drawings += 1;
            assert!(
                paragraph.contains("w:line=\"240\"") && paragraph.contains("w:lineRule=\"auto\""),
                "{paragraph}"
            );
        }
    }
    assert_eq!(drawings, 2);
}

#[test]
fn the_pupil_friendly_checks_run_for_durants_and_on_request() {
    let yaml = plan(1, &["Alexandra will wait for her turn."], "Mrs Ross", "");
    let source = Source::new("plan.yaml", &yaml);
    let codes = |report: iep::Report| report.codes();
    assert!(
        !codes(common::check_on(&source, Some("general"), false)).contains(&Code::NotFirstPerson)
    );
    assert!(
        codes(common::check_on(&source, Some("durants"), false)).contains(&Code::NotFirstPerson)
    );
    assert!(
        codes(common::check_on(&source, Some("highland"), true)).contains(&Code::NotFirstPerson)
    );
}

fn pupil_codes(words: &str, helpers: &str) -> Vec<Code> {
    let yaml = plan(1, &[words], helpers, "");
    common::check_on(&Source::new("plan.yaml", &yaml), None, true).codes()
}

#[test]
fn a_target_without_the_pupils_words_is_a_warning() {
    let yaml = plan(1, &["x"], "Mrs Ross", "").replace("        pupil_words: \"x\"\n", "");
    let report = common::check_on(&Source::new("plan.yaml", &yaml), None, true);
    assert!(report.codes().contains(&Code::MissingPupilWords));
    assert_eq!(report.errors().count(), 0);
}

#[test]
fn long_words_or_helpers_are_a_warning_naming_the_target_and_its_length() {
    let long_words = "I will remember to bring my reading book and my water bottle in.";
    let report = common::check_on(
        &Source::new(
            "plan.yaml",
            plan_with_helpers(1, &[long_words], "Mrs Ross", ""),
        ),
        None,
        true,
    );
    let warning = report
        .warnings()
        .find(|d| d.code == Code::TooLongForWall)
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        warning
            .message
            .starts_with("goal 1, target 1: the pupil's words are 64 characters"),
        "{warning}"
    );
    assert_eq!(report.errors().count(), 0, "{report}");
    let long_helpers = "Mrs Ross, class teacher, and Mr Grant, the support for learning teacher";
    let report = common::check_on(
        &Source::new(
            "plan.yaml",
            plan_with_helpers(1, &["I will wait."], long_helpers, ""),
        ),
        None,
        true,
    );
    let warning = report.warnings().find(|d| d.code == Code::TooLongForWall);
    assert!(
        warning.is_some_and(|w| w.message.contains("who helps is 71 characters")),
        "{report}"
    );
    assert!(!pupil_codes("I will wait.", "Mrs Ross").contains(&Code::TooLongForWall));
}

#[test]
fn without_pupil_helpers_a_warning_suggests_the_names_the_pupil_knows() {
    let report = common::check_on(
        &Source::new(
            "plan.yaml",
            plan(1, &["I will wait."], "All staff who teach him", ""),
        ),
        None,
        true,
    );
    let warning = report
        .warnings()
        .find(|d| d.code == Code::MissingPupilHelpers)
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        warning
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("names the pupil knows"))
    );
    assert!(warning.place.is_some());
}

#[test]
fn seventy_character_who_fields_without_pupil_helpers_print_both_documents() {
    let scratch = Scratch::new("pupil-both-long-who");
    let who = "Class teacher and pupil support assistant, with advice from the therapist";
    assert!(who.len() >= 70);
    let path = scratch.write("plan.yaml", &plan(4, &WORDS_AT_LIMIT, who, ""));
    let out = scratch.0.join("out").display().to_string();
    let output = common::iep(&["render", &path, "--both", "--to", "pdf,docx", "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(common::stdout(&output).contains("1 rendered, 1 with warnings"));
    for name in ["plan.pdf", "plan.docx", "plan-pupil.pdf", "plan-pupil.docx"] {
        assert!(Path::new(&out).join(name).exists(), "{name}");
    }
}

#[test]
fn both_writes_the_school_form_when_the_pupil_page_cannot_be_made() {
    let scratch = Scratch::new("pupil-both-partly");
    let long = "I will ".to_owned() + &"practise and practise ".repeat(20);
    let path = scratch.write("plan.yaml", &plan(8, &[long.as_str()], "Class teacher", ""));
    let out = scratch.0.join("out");
    let output = common::iep(&[
        "render",
        &path,
        "--both",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        common::stderr(&output).contains("error[too-long-for-wall]"),
        "{}",
        common::stderr(&output)
    );
    assert!(out.join("plan.pdf").exists());
    assert!(!out.join("plan-pupil.pdf").exists());
    // The summary counts what was written, and what was not.
    let written = out.join("plan.pdf").display().to_string();
    assert_eq!(
        common::stdout(&output),
        format!(
            "wrote {written}\n0 rendered, 1 rendered in part (1 document written, 1 not), 1 with warnings, 0 failed (run `iep check` to see the warnings)\n"
        )
    );
}

#[test]
fn durants_warns_of_words_long_for_the_wall_and_so_does_the_pupil_page() {
    let long = "I will remember to bring my reading book and my water bottle in.";
    let yaml = plan_with_helpers(1, &[long], "Mrs Ross", "");
    let source = Source::new("plan.yaml", &yaml);
    let too_long = |report: &iep::Report| {
        report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::TooLongForWall)
            .map(|d| d.severity)
    };
    let durants = common::check_on(&source, Some("durants"), false);
    assert_eq!(too_long(&durants), Some(iep::Severity::Warning));
    let wall = common::check_on(&source, Some("durants"), true);
    assert_eq!(too_long(&wall), Some(iep::Severity::Warning));
}

#[test]
fn the_credit_for_the_pictures_is_on_the_page_and_in_the_files_properties() {
    let yaml = plan_with_helpers(3, &WORDS_AT_LIMIT, "Mrs Ross", "");
    let document = pupil_document(&yaml, Path::new("."));
    let bytes = pdf(&document);
    let (_, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &bytes, "pdf");
    assert!(
        common::squeeze(&text).contains(
            "Pictures: Twemoji, © Twitter, Inc. and other contributors, licensed under CC BY 4.0"
        ),
        "{text}"
    );
    let (_, info) = tool("pdfinfo", &[], &bytes, "pdf");
    assert!(info.contains("Twemoji"), "{info}");
    let docx = DocxRenderer
        .render(&document)
        .unwrap_or_else(|e| panic!("{e}"));
    let core = common::docx_part(&docx, "docProps/core.xml");
    assert!(core.contains("<dc:description>Pictures: Twemoji"), "{core}");
}

#[test]
fn cream_paper_for_a_reader_who_needs_it_and_white_by_default() {
    let cream = "  background: cream\n";
    let yaml = plan_with_helpers(2, &WORDS_AT_LIMIT, "Mrs Ross", cream);
    let document = pupil_document(&yaml, Path::new("."));
    let fills = facts(&pdf(&document))["fills"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let whole_page =
        |f: &serde_json::Value| f[0].as_f64() == Some(297.0) && f[1].as_f64() == Some(210.0);
    assert!(fills.iter().any(whole_page), "{fills:?}");
    let docx = DocxRenderer
        .render(&document)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        common::docx_part(&docx, "word/document.xml")
            .contains("<w:background w:color=\"FDF6E3\"/>")
    );
    let yaml = plan_with_helpers(2, &WORDS_AT_LIMIT, "Mrs Ross", "");
    let fills = facts(&pdf(&pupil_document(&yaml, Path::new("."))))["fills"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!fills.iter().any(whole_page), "{fills:?}");
}

#[test]
fn no_italics_and_lines_set_at_least_one_and_a_fifth_apart() {
    assert!(iep::Typeface::Andika.line_pitch_em() >= 1.2);
    assert!(iep::Typeface::OpenDyslexic.line_pitch_em() >= 1.2);
    for extra in ["", "  font: opendyslexic\n"] {
        let yaml = plan_with_helpers(2, &WORDS_AT_LIMIT, "Mrs Ross", extra);
        let bytes = pdf(&pupil_document(&yaml, Path::new(".")));
        let (_, fonts) = tool("pdffonts", &[], &bytes, "pdf");
        assert!(!fonts.contains("Italic"), "{fonts}");
        // The lines of one card's words, told by words no other card has: their tops at least
        // a line pitch apart.
        let (_, xml) = tool("pdftotext", &["-bbox"], &bytes, "pdf");
        let mut tops: Vec<f64> = xml
            .lines()
            .filter(|l| {
                ["put", "hand", "wait", "turn", "talk"]
                    .iter()
                    .any(|w| l.contains(&format!(">{w}<")))
            })
            .filter_map(|l| l.split("yMin=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        tops.sort_by(f64::total_cmp);
        tops.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        assert!(
            tops.len() >= 2,
            "{extra}: the words sit on one line: {tops:?}"
        );
        let size = size_of(&facts(&bytes), "I will put up my");
        for pair in tops.windows(2) {
            assert!(
                pair[1] - pair[0] >= 1.2 * size - 0.01,
                "{extra}: {tops:?} at {size} pt"
            );
        }
    }
}

#[test]
fn long_words_and_sentences_are_hard_to_read() {
    assert!(
        pupil_codes("I will practise my spellings every morning.", "Mrs Ross")
            .contains(&Code::HardToRead)
    );
    assert!(
        !pupil_codes("I will wait for my turn to talk.", "Mrs Ross").contains(&Code::HardToRead)
    );
}

#[test]
fn only_english_words_are_judged_by_english_pronouns() {
    let welsh =
        std::fs::read_to_string("tests/realistic/welsh-medium-primary.yaml").unwrap_or_default();
    let not_first_person = |yaml: &str| {
        common::check_on(&Source::new("plan.yaml", yaml), None, true)
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::NotFirstPerson)
            .count()
    };
    // "Dw i'n ysgrifennu ..." and "Bydda i'n chwarae ..." are Welsh in the first person.
    assert_eq!(not_first_person(&welsh), 0);
    // The same words with no language given are taken as English, and judged so.
    let unmarked = welsh.replacen("  pupil_language: cy\n", "", 1);
    assert_eq!(not_first_person(&unmarked), 2);
    // English words of a plan whose pupil writes English (`en-GB`) still are.
    let english = welsh
        .replacen("  pupil_language: cy\n", "  pupil_language: en-GB\n", 1)
        .replacen(
            "Dw i'n aros am fy nhro i siarad.",
            "Mali waits for her turn.",
            1,
        );
    assert_eq!(not_first_person(&english), 3);
}

#[test]
fn words_not_in_the_first_person_are_a_warning() {
    assert!(pupil_codes("Waits for a turn to talk.", "Mrs Ross").contains(&Code::NotFirstPerson));
    assert!(!pupil_codes("I wait for my turn.", "Mrs Ross").contains(&Code::NotFirstPerson));
}

#[test]
fn a_symbol_named_in_plain_words_is_the_built_in_picture() {
    for word in ["talk", "Maths", "friend", "turn-taking", "write"] {
        let yaml = plan(1, &["I will wait."], "Mrs Ross", "").replace(
            "        by:",
            &format!("        symbol: {word}\n        by:"),
        );
        let report = iep::check(&Source::new("plan.yaml", &yaml));
        assert!(
            !report.codes().contains(&Code::UnknownSymbol),
            "{word}: {report}"
        );
    }
}

#[test]
fn an_unknown_symbol_is_a_warning_naming_the_nearest_at_its_line() {
    let yaml = plan(1, &["I will wait."], "Mrs Ross", "")
        .replace("        by:", "        symbol: frends\n        by:");
    let report = iep::check(&Source::new("plan.yaml", &yaml));
    assert!(!report.has_errors(), "{report}");
    let warning = report
        .warnings()
        .find(|d| d.code == Code::UnknownSymbol)
        .unwrap_or_else(|| panic!("{:?}", report.codes()));
    assert_eq!(warning.place.map(|p| p.line), Some(21));
    assert!(
        warning
            .hint
            .as_deref()
            .is_some_and(|h| h.starts_with("the nearest built-in symbols are `friends`")),
        "{warning}"
    );
    assert!(
        warning.message.contains("shows the picture of its area"),
        "{warning}"
    );
}

#[test]
fn the_command_writes_the_pupil_version_beside_the_adult_one() {
    let scratch = Scratch::new("pupil-cli");
    let plan = scratch.write("amara.yaml", &plan(3, &WORDS_AT_LIMIT, "Mrs Ross", ""));
    let out = scratch.0.join("wall");
    let status = common::iep_command()
        .args([
            "render",
            &plan,
            "--pupil-friendly",
            "--to",
            "pdf,docx",
            "--font",
        ])
        .arg("opendyslexic")
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = std::fs::read(out.join("amara-pupil.pdf")).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.join("amara-pupil.docx").exists());
    let (_, fonts) = tool("pdffonts", &[], &pdf, "pdf");
    assert!(fonts.contains("+OpenDyslexic-Bold"), "{fonts}");
}

#[test]
fn a_missing_photo_is_found_by_the_check_at_the_plans_line() {
    let scratch = Scratch::new("pupil-missing-photo");
    let path = scratch.write(
        "plan.yaml",
        &plan(
            1,
            &["I will wait."],
            "Mrs Ross",
            "  photo: photos/missing.jpg\n",
        ),
    );
    let source = Source::read(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let missing = |report: &iep::Report| {
        report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::MissingImage)
            .map(|d| (d.severity, d.place.map(|p| p.line)))
    };
    let wall = common::check_on(&source, None, true);
    assert_eq!(
        missing(&wall),
        Some((iep::Severity::Error, Some(7))),
        "{wall}"
    );
    let general = iep::check(&source);
    assert_eq!(missing(&general), Some((iep::Severity::Warning, Some(7))));
    let message = wall.to_string();
    assert!(!message.contains("missing.jpg"), "{message}");
}

/// The README's figure: "With its pictures the page is 65-105 KB".
#[test]
fn each_examples_page_is_no_larger_than_the_readme_says() {
    for name in ["durants", "general", "highland"] {
        let yaml = std::fs::read_to_string(format!("examples/plans/{name}.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let bytes = pdf(&pupil_document(&yaml, Path::new("examples/plans")));
        assert!(bytes.len() <= 35 * 1024, "{name}: {} bytes", bytes.len());
    }
}
