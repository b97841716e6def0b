//! The pupil-friendly page for the classroom wall: one sheet whatever the plan holds, the pupil's
//! own words in large type in a literacy font, a picture for each target, and none of the adults'
//! planning text. Read back with poppler (pdfinfo, pdftotext -bbox, pdffonts, pdfimages) and, for
//! DOCX, through LibreOffice.

mod common;

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

/// Andika's line box (ascent 2500 and descent 800 in 2048 units) in font sizes: what
/// `pdftotext -bbox` reports as a word's height.
const ANDIKA_BOX_EM: f64 = 3300.0 / 2048.0;

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

/// The plan laid out on the pupil-friendly form, from `folder` (for photos).
fn pupil_document(yaml: &str, folder: &Path) -> iep::Document {
    let plan = iep::parse(&Source::new("plan.yaml", yaml)).unwrap_or_else(|e| panic!("{e}"));
    FormRef::pupil()
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
        .lay_out(&plan, folder)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn pdf(document: &iep::Document) -> Vec<u8> {
    PdfRenderer
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

/// The font size of each word of the PDF's text, from its box height.
fn word_sizes(pdf: &[u8]) -> Vec<(String, f64)> {
    let (ok, xml) = tool("pdftotext", &["-bbox"], pdf, "pdf");
    assert!(ok, "{xml}");
    xml.lines()
        .filter_map(|line| {
            let number = |key: &str| -> Option<f64> {
                let start = line.find(&format!("{key}=\""))? + key.len() + 2;
                line[start..].split('"').next()?.parse().ok()
            };
            let word = line.split('>').nth(1)?.split('<').next()?.to_owned();
            Some((word, (number("yMax")? - number("yMin")?) / ANDIKA_BOX_EM))
        })
        .collect()
}

#[test]
fn the_limits_of_the_pupils_words_pass_the_pupil_friendly_checks() {
    assert!(
        WORDS_AT_LIMIT
            .iter()
            .all(|w| w.len() <= iep::validate::MAX_PUPIL_WORDS)
    );
    assert_eq!(HELPERS_AT_LIMIT.len(), iep::validate::MAX_HELPERS);
    let yaml = plan(8, &WORDS_AT_LIMIT, HELPERS_AT_LIMIT, "");
    let report = common::check_on(&Source::new("plan.yaml", &yaml), None, true);
    assert_eq!(report.errors().count(), 0, "{:?}", report.codes());
}

#[test]
fn every_number_of_targets_fits_one_page_at_the_limits_in_either_font() {
    let scratch = Scratch::new("pupil-fit");
    photo(&scratch);
    let mut failures: Vec<String> = Vec::new();
    for count in 1..=8 {
        for font in ["", "  font: opendyslexic\n"] {
            for photo in ["", "  photo: photo.png\n"] {
                let extra = format!("{font}{photo}");
                let yaml = plan(count, &WORDS_AT_LIMIT, HELPERS_AT_LIMIT, &extra);
                let document = pupil_document(&yaml, &scratch.0);
                match PdfRenderer.render(&document) {
                    Ok(bytes) => assert_eq!(page_count(&bytes), 1),
                    Err(error) => failures.push(format!("{count} targets, {extra:?}: {error}")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_plan_too_long_for_one_page_is_refused_not_printed_on_two() {
    let long = "I will ".to_owned() + &"practise and practise ".repeat(20);
    let yaml = plan(8, &[long.as_str()], "Class teacher", "");
    let error = PdfRenderer
        .render(&pupil_document(&yaml, Path::new(".")))
        .expect_err("a second page");
    assert!(error.to_string().contains("its form allows 1"), "{error}");
}

#[test]
fn the_pupils_words_are_large_and_never_below_18_points() {
    for (count, least) in [(1, 28.0), (3, 28.0), (4, 24.0), (8, 20.0)] {
        let short = ["I will wait for my turn.", "I can read my words."];
        let bytes = pdf(&pupil_document(
            &plan(count, &short, "Mrs Ross", ""),
            Path::new("."),
        ));
        let sizes = word_sizes(&bytes);
        let wait = sizes.iter().find(|(w, _)| w == "wait").map(|(_, s)| *s);
        assert!(
            wait.is_some_and(|size| size > least - 0.5),
            "{count} targets: the words are {wait:?} pt, not {least}"
        );
    }
    let bytes = pdf(&pupil_document(
        &plan(8, &WORDS_AT_LIMIT, HELPERS_AT_LIMIT, ""),
        Path::new("."),
    ));
    let pupil_words: Vec<String> = WORDS_AT_LIMIT
        .iter()
        .flat_map(|w| w.split_whitespace())
        .map(str::to_owned)
        .collect();
    for (word, size) in word_sizes(&bytes) {
        if pupil_words.contains(&word) && !HELPERS_AT_LIMIT.contains(&word) {
            assert!(size > 17.5, "{word:?} is printed at {size:.1} pt");
        }
    }
}

#[test]
fn every_line_of_the_pupils_words_is_printed_and_no_adult_text_is() {
    for example in ["highland", "durants", "general"] {
        let path = format!("examples/plans/{example}.yaml");
        let plan = iep::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
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
        for adult in [
            &plan.views.pupil,
            &plan.views.parents,
            &plan.plan.responsible,
        ]
        .into_iter()
        .flatten()
        {
            assert!(
                !text.contains(&solid(adult)),
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
        let images: Vec<&str> = list.lines().skip(2).collect();
        assert_eq!(images.len(), pictures, "{list}");
        // Symbols are 360 pixels square, printed at 24 to 34 mm: at least 260 dpi.
        let symbols = images.iter().filter(|l| l.contains(" 360   360 ")).count();
        assert_eq!(symbols, count, "{list}");
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
fn the_docx_version_fits_one_page_in_libreoffice() {
    let scratch = Scratch::new("pupil-docx");
    photo(&scratch);
    let mut files: Vec<PathBuf> = Vec::new();
    for (name, yaml) in [
        (
            "eight",
            plan(8, &WORDS_AT_LIMIT, HELPERS_AT_LIMIT, "  photo: photo.png\n"),
        ),
        ("four", plan(4, &WORDS_AT_LIMIT, HELPERS_AT_LIMIT, "")),
        ("three", plan(3, &WORDS_AT_LIMIT, HELPERS_AT_LIMIT, "")),
    ] {
        let bytes = DocxRenderer
            .render(&pupil_document(&yaml, &scratch.0))
            .unwrap_or_else(|e| panic!("{e}"));
        let file = scratch.0.join(format!("{name}.docx"));
        std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
        files.push(file);
    }
    for (file, pdf) in files.iter().zip(common::libreoffice_pdfs(&scratch, &files)) {
        assert_eq!(page_count(&pdf), 1, "{}", file.display());
        let (_, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "pdf");
        let text = solid(&text);
        let count = if file.ends_with("eight.docx") { 8 } else { 3 };
        for words in &WORDS_AT_LIMIT[..count] {
            assert!(
                text.contains(&solid(words)),
                "{words:?} not in {}",
                file.display()
            );
        }
    }
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
fn words_or_helpers_too_long_for_the_page_are_errors() {
    let long_words = "I will remember to bring my reading book and my water bottle in.";
    assert!(pupil_codes(long_words, "Mrs Ross").contains(&Code::TooLongForWall));
    let long_helpers = "Mrs Ross, class teacher, and Mr Grant, the support for learning teacher";
    assert!(pupil_codes("I will wait.", long_helpers).contains(&Code::TooLongForWall));
    assert!(!pupil_codes("I will wait.", "Mrs Ross").contains(&Code::TooLongForWall));
}

#[test]
fn durants_warns_of_words_too_long_for_the_wall_and_the_pupil_page_refuses_them() {
    let long = "I will remember to bring my reading book and my water bottle in.";
    let yaml = plan(1, &[long], "Mrs Ross", "");
    let source = Source::new("plan.yaml", &yaml);
    let durants = common::check_on(&source, Some("durants"), false);
    let too_long = |report: &iep::Report| {
        report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::TooLongForWall)
            .map(|d| d.severity)
    };
    assert_eq!(too_long(&durants), Some(iep::Severity::Warning));
    let wall = common::check_on(&source, Some("durants"), true);
    assert_eq!(too_long(&wall), Some(iep::Severity::Error));
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
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_iep"))
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
