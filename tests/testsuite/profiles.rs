//! The one-page profile, the pupil passport and the SEN support plan: the profile in the plan
//! format (`about_me`), checked like the plan's other texts; the three built-in forms drawn
//! from one plan and read back with real clients (pdftotext, the PyPI `pdfua` checker, qpdf,
//! LibreOffice, pdfminer.six); the cycle (`iep new`, `iep next`, `iep review`); and what a
//! school's own form is told about a screen reader (`form-accessibility`).

use crate::common;

use std::path::{Path, PathBuf};

use common::{Scratch, assert_in_order, iep, page_count, solid, stderr, stdout, tool};
use iep::{Code, Source};

/// A Year 4 SEN support plan with a one-page profile.
const AMARA: &str = "tests/realistic/sen-support-amara.yaml";
/// A Year 6 plan with eight targets, long `who` fields and a profile pasted from Word.
const BUSY: &str = "tests/realistic/sen-support-busy.yaml";

const FORMS: [&str; 3] = ["one-page-profile", "passport", "sen-support"];

/// The headings and labels each form prints, in the order it prints them.
fn headings(form: &str) -> &'static [&'static str] {
    match form {
        "one-page-profile" => &[
            "What people like and admire about me",
            "What is important to me",
            "How best to support me",
        ],
        "passport" => &[
            "Pupil passport",
            "About me",
            "What people like and admire about me",
            "What is important to me",
            "How best to support me",
            "My needs, in plain words",
            "What I find hard",
            "What helps me in class",
            "My targets",
            "My target, in my words",
            "Who helps me",
            "Who to talk to",
            "Teacher responsible for my plan",
            "Special educational needs co-ordinator",
        ],
        _ => &[
            "SEN support plan",
            "Pupil details",
            "One-page profile",
            "What people like and admire about me",
            "What is important to me",
            "How best to support me",
            "My needs",
            "Summary of needs",
            "Broad area of need",
            "Communication and interaction",
            "Cognition and learning",
            "Social, emotional and mental health",
            "Sensory and/or physical",
            "Outcomes and provision",
            "Provision: what will be done",
            "How often, when and where",
            "Who",
            "Assess, plan, do, review",
            "Assess",
            "Plan",
            "Do",
            "Review",
            "Views",
            "My view",
            "My parents' or carers' view",
            "Review of outcomes",
            "Next review",
        ],
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text_of(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pdf_text(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    text
}

/// The plan's YAML without its `about_me:` section.
fn without_about_me(yaml: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in yaml.split_inclusive('\n') {
        if line.starts_with("about_me:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.trim().is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
    }
    out
}

/// Every line of the plan's one-page profile, and how the pupil communicates.
fn profile_lines(yaml: &str) -> Vec<String> {
    let plan = common::parse(yaml).unwrap_or_else(|e| panic!("{e}"));
    let about = plan.about_me.unwrap_or_else(|| panic!("no about_me"));
    let mut lines: Vec<String> = about
        .lists()
        .iter()
        .flat_map(|(_, lines)| lines.iter().cloned())
        .collect();
    lines.extend(about.communication);
    lines
}

/// The Amara plan with its profile and photo (`with.yaml`) and without its profile (`without.yaml`)
/// in `scratch`, as written there.
fn amara_pair(scratch: &Scratch) -> [(String, String); 2] {
    std::fs::write(scratch.0.join("photo.png"), common::png()).unwrap_or_else(|e| panic!("{e}"));
    let with = text_of(AMARA).replacen(
        "  known_as: Amara\n",
        "  known_as: Amara\n  photo: photo.png\n",
        1,
    );
    let without = without_about_me(&text_of(AMARA));
    [
        (scratch.write("with.yaml", &with), with),
        (scratch.write("without.yaml", &without), without),
    ]
}

/// Renders the plans at `paths` on `form` into `out` as PDF and DOCX; the command must succeed.
fn render(paths: &[&str], form: &str, out: &Path) {
    let out_text = out.display().to_string();
    let mut args = vec![
        "render", "--form", form, "--to", "pdf,docx", "--out", &out_text,
    ];
    args.extend(paths);
    let output = iep(&args);
    assert_eq!(output.status.code(), Some(0), "{form}: {}", stderr(&output));
}

fn assert_passes_pdfua(name: &str, pdf: &[u8]) {
    let (ok, report) = tool("pdfua", &["check"], pdf, "pdf");
    assert!(ok && report.contains("result: PASS"), "{name}:\n{report}");
    let (ok, report) = tool("qpdf", &["--check"], pdf, "pdf");
    assert!(ok, "{name}: {report}");
}

#[test]
fn each_form_prints_its_headings_in_order_and_every_line_of_the_profile() {
    let scratch = Scratch::new("profiles-headings");
    let [(with, with_yaml), (without, _)] = amara_pair(&scratch);
    for form in FORMS {
        let out = scratch.0.join(form);
        render(&[&with, &without], form, &out);
        for (name, yaml) in [("with", Some(&with_yaml)), ("without", None)] {
            let text = pdf_text(&read(&out.join(format!("{name}.pdf"))));
            assert_in_order(&text, headings(form));
            assert!(solid(&text).contains("AmaraOkafor"), "{form} {name}");
            match yaml {
                Some(yaml) => {
                    for line in profile_lines(yaml) {
                        assert!(
                            solid(&text).contains(&solid(&line)),
                            "{form}: {line:?} not printed"
                        );
                    }
                    assert_in_order(&text, &["How best to support me", "How I communicate"]);
                }
                None => assert!(!text.contains("How I communicate"), "{form}"),
            }
        }
    }
}

#[test]
fn the_passport_holds_what_teachers_need_and_no_review_boxes() {
    let scratch = Scratch::new("profiles-passport");
    let [(with, _), _] = amara_pair(&scratch);
    render(&[&with], "passport", &scratch.0);
    let text = pdf_text(&read(&scratch.0.join("with.pdf")));
    let plan = iep::Plan::load(Path::new(AMARA)).unwrap_or_else(|e| panic!("{e}"));
    let squeezed = solid(&text);
    // The needs in plain words, what helps in class, the targets in the pupil's words, who helps.
    let mut expected = vec![plan.profile.as_ref().and_then(|p| p.needs.clone())];
    for (_, _, target) in plan.targets() {
        expected.push(target.strategies.clone());
        expected.push(target.pupil_words.clone());
        expected.push(target.pupil_helpers.clone());
    }
    expected.push(plan.plan.responsible.clone());
    expected.push(plan.plan.coordinator.clone());
    for text in expected.into_iter().flatten() {
        assert!(
            squeezed.contains(&solid(&text)),
            "{text:?} not on the passport"
        );
    }
    // The adults' wording of the targets and their review are not on it.
    for (_, _, target) in plan.targets() {
        let adults = target.target.as_deref().unwrap_or_default();
        assert!(
            !squeezed.contains(&solid(adults)),
            "{adults:?} is on the passport"
        );
    }
    for word in ["Achieved", "achieved", "Outcome", "tick"] {
        assert!(!text.contains(word), "{word:?} on the passport:\n{text}");
    }
}

#[test]
fn the_sen_support_plan_shows_the_needs_by_the_four_areas_and_other_areas_by_name() {
    let scratch = Scratch::new("profiles-sen");
    let out = scratch.0.join("out");
    render(&[AMARA], "sen-support", &out);
    let text = pdf_text(&read(&out.join("sen-support-amara.pdf")));
    // Each goal's outcome beside its area; a goal in literacy under "Other areas", named so.
    assert_in_order(
        &text,
        &[
            "Communication and interaction",
            "Join in talk in a small group",
            "Cognition and learning",
            "Read books at the level of the class",
            "Social, emotional and mental health",
            "Cope calmly with changes to the day",
            "Sensory and/or physical",
            "Other areas",
            "Literacy: Write a sentence on her own",
            "Outcomes and provision",
        ],
    );
    // The dates of the cycle, and the previous plan's outcome under Assess.
    assert_in_order(
        &text,
        &[
            "Assess, plan, do, review",
            "Previous plan: 11 May 2026",
            "Drawn up: 21 September 2026",
            "Agreed with the family: 28 September 2026",
            "Next review: 14 December 2026",
            "Reads 20 common words on sight",
            "partially achieved",
        ],
    );
}

#[test]
fn the_new_forms_pass_the_pdfua_checker_with_a_profile_and_without() {
    let scratch = Scratch::new("profiles-pdfua");
    let [(with, _), (without, _)] = amara_pair(&scratch);
    for form in FORMS {
        let out = scratch.0.join(form);
        render(&[&with, &without], form, &out);
        for name in ["with", "without"] {
            assert_passes_pdfua(
                &format!("{form} {name}"),
                &read(&out.join(format!("{name}.pdf"))),
            );
        }
    }
    // The busy plan on the forms that hold it, and the profile's headings as the outline.
    for form in ["one-page-profile", "sen-support"] {
        let out = scratch.0.join(format!("busy-{form}"));
        render(&[BUSY], form, &out);
        let pdf = read(&out.join("sen-support-busy.pdf"));
        assert_passes_pdfua(&format!("{form} busy"), &pdf);
        let structure = common::pdf_structure(&pdf);
        let titles: Vec<String> = structure["elements"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e[1].as_str().is_some_and(|r| r.starts_with("/H")))
            .filter_map(|e| e[2]["T"].as_str().map(str::to_owned))
            .collect();
        for heading in &headings(form)[..1] {
            assert!(
                titles.iter().any(|h| h.contains(heading)),
                "{form}: {titles:?}"
            );
        }
    }
}

#[test]
fn the_docx_of_each_new_form_takes_as_many_pages_in_libreoffice_as_the_pdf() {
    let scratch = Scratch::new("profiles-docx");
    let [(with, _), (without, _)] = amara_pair(&scratch);
    let busy = scratch.write("busy.yaml", &text_of(BUSY));
    let mut documents: Vec<(PathBuf, usize)> = Vec::new();
    for form in FORMS {
        let out = scratch.0.join(form);
        let mut plans = vec![with.as_str(), without.as_str()];
        if form != "passport" {
            plans.push(&busy);
        }
        render(&plans, form, &out);
        for plan in &plans {
            let stem = Path::new(plan)
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy();
            let pages = page_count(&read(&out.join(format!("{stem}.pdf"))));
            // One folder for LibreOffice's output: each file named after its form.
            let docx = scratch.0.join(format!("{form}-{stem}.docx"));
            std::fs::copy(out.join(format!("{stem}.docx")), &docx)
                .unwrap_or_else(|e| panic!("{e}"));
            documents.push((docx, pages));
        }
    }
    let files: Vec<PathBuf> = documents.iter().map(|(file, _)| file.clone()).collect();
    for ((file, pages), pdf) in documents
        .iter()
        .zip(common::libreoffice_pdfs(&scratch, &files))
    {
        assert_eq!(page_count(&pdf), *pages, "{}", file.display());
    }
}

/// A line of `length` characters as staff write them: words, with a full stop.
fn line_of(length: usize, seed: usize) -> String {
    const WORDS: [&str; 16] = [
        "likes",
        "helping",
        "the",
        "younger",
        "children",
        "at",
        "lunchtime",
        "and",
        "always",
        "remembers",
        "to",
        "say",
        "thank",
        "you",
        "when",
        "asked",
    ];
    let mut line = String::from("Really");
    let mut i = seed;
    while line.chars().count() < length - 1 {
        line.push(' ');
        line.push_str(WORDS[i % WORDS.len()]);
        i += 1;
    }
    let mut line: String = line.chars().take(length - 1).collect();
    line = line.trim_end().to_owned();
    while line.chars().count() < length - 1 {
        line.push('s');
    }
    line + "."
}

/// A plan whose profile is at the longest the checks allow: eight lines of the longest length
/// under each heading, how the pupil communicates at its longest, a photo and a long name.
fn profile_at_limits(lines: usize, length: usize, communication: usize) -> String {
    let mut yaml = without_about_me(&text_of(AMARA)).replacen(
        "  name: Amara Okafor\n",
        "  name: Oluwaseun-Adebayo Chukwuemeka Okonkwo-Williamson\n  photo: photo.png\n",
        1,
    );
    yaml.push_str("about_me:\n");
    for (k, key) in ["appreciate", "important", "support"].iter().enumerate() {
        yaml.push_str(&format!("  {key}:\n"));
        for i in 0..lines {
            yaml.push_str(&format!("    - {}\n", line_of(length, k * 8 + i)));
        }
    }
    yaml.push_str(&format!("  communication: {}\n", line_of(communication, 3)));
    yaml
}

/// The longest one-page profile the checks allow without a warning (README: lines of
/// `about_me`, characters a line, characters of `communication`).
const MAX_ABOUT_ME_LINES: usize = 8;
const MAX_ABOUT_ME_LINE: usize = 80;
const MAX_COMMUNICATION: usize = 300;

#[test]
fn the_one_page_profile_is_one_page_at_the_longest_texts_the_checks_allow() {
    let scratch = Scratch::new("profiles-limits");
    std::fs::write(scratch.0.join("photo.png"), common::png()).unwrap_or_else(|e| panic!("{e}"));
    let yaml = profile_at_limits(MAX_ABOUT_ME_LINES, MAX_ABOUT_ME_LINE, MAX_COMMUNICATION);
    let path = scratch.write("limits.yaml", &yaml);
    // Within every limit: no warning about the profile, nothing refused.
    let checked = iep(&[
        "check",
        "--form",
        "one-page-profile",
        "--deny-warnings",
        &path,
    ]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    let out = scratch.0.join("out");
    render(&[&path], "one-page-profile", &out);
    let pdf = read(&out.join("limits.pdf"));
    assert_eq!(page_count(&pdf), 1);
    assert_passes_pdfua("profile at the limits", &pdf);
    // Every line printed, and printed at the smallest type or larger: 12 pt, the headings 14 pt.
    let page = &common::pdf_facts(&pdf)[0];
    let chars = page["chars"].as_array().cloned().unwrap_or_default();
    let at_least = |points: f64| -> String {
        chars
            .iter()
            .filter(|c| c[1].as_f64().unwrap_or(0.0) >= points - 0.05)
            .filter_map(|c| c[0].as_str())
            .collect()
    };
    let large = solid(&at_least(12.0));
    for line in profile_lines(&yaml) {
        assert!(
            large.contains(&solid(&line)),
            "{line:?} not printed at 12 pt or more"
        );
    }
    let headings = solid(&at_least(14.0));
    for heading in headings_of_profile() {
        assert!(headings.contains(&solid(heading)), "{heading} below 14 pt");
    }
    // The DOCX too, as LibreOffice lays it out.
    let docx = scratch.0.join("limits.docx");
    std::fs::copy(out.join("limits.docx"), &docx).unwrap_or_else(|e| panic!("{e}"));
    let lo = common::libreoffice_pdfs(&scratch, &[docx]);
    assert_eq!(page_count(&lo[0]), 1, "the DOCX runs onto a second page");
    let lo_text = solid(&pdf_text(&lo[0]));
    for line in profile_lines(&yaml) {
        assert!(lo_text.contains(&solid(&line)), "{line:?} not in the DOCX");
    }
    // The passport, which carries more, holds half as many lines of the profile with four targets.
    let yaml = profile_at_limits(4, MAX_ABOUT_ME_LINE, MAX_COMMUNICATION);
    let path = scratch.write("passport.yaml", &yaml);
    let checked = iep(&["check", "--form", "passport", "--deny-warnings", &path]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
}

fn headings_of_profile() -> [&'static str; 4] {
    [
        "What people like and admire about me",
        "What is important to me",
        "How best to support me",
        "How I communicate",
    ]
}

#[test]
fn a_profile_past_the_limits_is_warned_of_and_refused_only_when_it_cannot_fit() {
    let scratch = Scratch::new("profiles-too-long");
    std::fs::write(scratch.0.join("photo.png"), common::png()).unwrap_or_else(|e| panic!("{e}"));
    // A line too many under each heading, a line too long, how the pupil communicates too long:
    // warnings at their lines.
    let yaml = profile_at_limits(9, 91, 301);
    let source = Source::new("long.yaml", &yaml);
    let report = common::check_on(&source, Some("one-page-profile"), false);
    let warned: Vec<&iep::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AboutMeTooLong)
        .collect();
    assert_eq!(warned.len(), 3 + 27 + 1, "{report}");
    let ninth = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("    - "))
        .nth(8)
        .map(|(i, _)| i + 1);
    assert!(
        warned
            .iter()
            .any(|d| d.message.contains("has 9 lines") && d.place.map(|p| p.line) == ninth),
        "{report}"
    );
    // Far past them: refused, with the reason, and no document written.
    let yaml = profile_at_limits(20, 90, 300);
    let path = scratch.write("far.yaml", &yaml);
    let checked = iep(&["check", "--form", "one-page-profile", &path]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(
        stdout(&checked).contains("error[too-long-for-page]: the one-page-profile form cannot hold this plan on one page even at its smallest type: it prints 60 lines of the one-page profile"),
        "{}",
        stdout(&checked)
    );
    let out = scratch.0.join("out");
    let output = iep(&[
        "render",
        "--form",
        "one-page-profile",
        "--out",
        &out.display().to_string(),
        &path,
    ]);
    assert_eq!(output.status.code(), Some(1));
    common::assert_says(&output, &["error[too-long-for-page]"]);
    assert!(!out.join("far.pdf").exists());
}

#[test]
fn the_general_form_prints_the_profile_and_the_others_say_they_do_not() {
    let general = common::document(AMARA, Some("general"));
    let pdf = iep::render::Renderer::render(&iep::render::PdfRenderer::default(), &general)
        .unwrap_or_else(|e| panic!("{e}"));
    let text = solid(&pdf_text(&pdf));
    for line in profile_lines(&text_of(AMARA)) {
        assert!(
            text.contains(&solid(&line)),
            "{line:?} not on the general form"
        );
    }
    let source = Source::new("amara.yaml", text_of(AMARA));
    assert!(
        !common::check_on(&source, Some("general"), false)
            .codes()
            .contains(&Code::NotOnForm)
    );
    for form in ["highland", "durants"] {
        let report = common::check_on(&source, Some(form), false);
        let said: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        let expected = format!("`about_me` is not printed on the {form} form");
        assert!(said.contains(&expected.as_str()), "{form}: {said:#?}");
    }
}

#[test]
fn the_passport_and_the_profile_print_part_of_a_plan_and_say_so() {
    // Printed beside the plan's own form, which says what it leaves out: they do not repeat it.
    let source = Source::new("amara.yaml", text_of(AMARA));
    for form in ["one-page-profile", "passport"] {
        let report = common::check_on(&source, Some(form), false);
        assert!(
            !report.codes().contains(&Code::NotOnForm),
            "{form}: {report}"
        );
    }
    assert!(
        common::check_on(&source, Some("sen-support"), false)
            .diagnostics
            .is_empty()
    );
    // `iep forms` tells a school so.
    let forms = stdout(&iep(&["forms"]));
    for form in ["one-page-profile", "passport"] {
        let listed = forms
            .split(&format!("\n{form}\n"))
            .nth(1)
            .unwrap_or_default();
        let listed = listed.split("\n\n").next().unwrap_or_default();
        assert!(
            listed.contains("not-on-form: not checked"),
            "{form}: {listed}"
        );
    }
}

#[test]
fn the_profiles_lines_are_checked_like_the_plans_other_texts() {
    const MARKER: &str = "ZZMARKER";
    let marked = without_about_me(&text_of(AMARA)).replace("views:", &format!(
        "about_me:\n  appreciate:\n    - {MARKER} SALT {MARKER}\n    - \"{long}\"\n  important: [{MARKER}]\n  support:\n{many}  communication: {MARKER} 名前\nviews:",
        long = MARKER.repeat(12),
        many = (0..9).map(|_| format!("    - {MARKER}\n")).collect::<String>(),
    ));
    let plan = common::parse(&marked).unwrap_or_else(|e| panic!("{e}"));
    let report = iep::Plan::validate(&plan, &iep::Policy::general());
    let codes = report.codes();
    for code in [Code::Jargon, Code::AboutMeTooLong, Code::UnprintableText] {
        assert!(codes.contains(&code), "{code}: {report}");
    }
    // Messages name fields and places, never what the profile says.
    let json = serde_json::to_string(&report).unwrap_or_default();
    assert!(!json.contains(MARKER), "{json}");
    assert!(!json.contains("名前"), "{json}");
    let unprintable = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::UnprintableText)
        .map(|d| d.message.clone())
        .unwrap_or_default();
    assert!(
        unprintable.starts_with("`about_me.communication`:"),
        "{unprintable}"
    );
    // The limits of any text and list: 10,000 characters, 32 lines.
    let too_long = without_about_me(&text_of(AMARA))
        + &format!("about_me:\n  important:\n    - {}\n", "a".repeat(10_001));
    let refusal = common::refusal(&too_long);
    assert_eq!(refusal.code, Code::TooLong, "{refusal}");
    assert_eq!(
        refusal.field.map(|f| f.to_string()),
        Some("about_me.important[0]".into())
    );
    let too_many = without_about_me(&text_of(AMARA))
        + "about_me:\n  support:\n"
        + &"    - Tell me first\n".repeat(33);
    assert_eq!(common::refusal(&too_many).code, Code::TooMany);
    // An unknown heading is a typo, said with the nearest.
    let typo = without_about_me(&text_of(AMARA)) + "about_me:\n  importnat: [My dog]\n";
    let refusal = common::refusal(&typo);
    assert_eq!(refusal.code, Code::UnknownField);
    assert!(refusal.hint.unwrap_or_default().contains("important"));
}

/// A starter from `iep new --form FORM` filled in as a SENCO would.
fn filled(form: &str) -> String {
    let output = iep(&["new", "--form", form]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let values = [
        ("school:", "Test Primary School"),
        ("name:", "Sam Example"),
        ("date_of_birth:", "2017-04-12"),
        ("year_group:", "Year 4"),
        ("created:", "2026-10-05"),
        ("review:", "2027-01-25"),
        ("responsible:", "Mrs A. Teacher"),
        ("area:", "cognition_and_learning"),
        ("target:", "Reads 20 common words"),
        ("strategies:", "Flash cards every day"),
        ("who:", "Class teacher"),
        ("success:", "Reads all 20 on three days running"),
        ("by:", "2027-01-15"),
        ("pupil_words:", "I can read my 20 words."),
        ("pupil_helpers:", "Mrs Teacher"),
        ("appreciate:", "\n    - Kind to younger children"),
        ("important:", "\n    - My dog, Biscuit"),
        ("support:", "\n    - Tell me before the day changes"),
        ("  pupil:", "I like reading with my friend."),
        ("  parents:", "We read at home every night."),
    ];
    let text = stdout(&output);
    assert!(
        text.contains("\nabout_me:"),
        "{form}: the profile is commented out:\n{text}"
    );
    text.lines()
        .map(|line| line.replace("  # agreed:   ", "  agreed: 2026-10-12 "))
        .map(|line| {
            let code = line.split('#').next().unwrap_or_default();
            let key = code.trim().trim_start_matches("- ");
            match values
                .iter()
                .find(|(k, _)| *k == key || *k == code.trim_end())
            {
                Some((_, value)) => format!(
                    "{}{}{value}",
                    code.trim_end(),
                    if value.starts_with('\n') { "" } else { " " }
                ),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_new_plan_on_each_form_starts_with_the_profile_and_once_filled_passes_the_check() {
    let scratch = Scratch::new("profiles-new");
    for form in FORMS {
        // Left empty, the profile's headings load and the check lists what is missing.
        let blank = stdout(&iep(&["new", "--form", form]));
        let path = scratch.write(&format!("{form}-blank.yaml"), &blank);
        let checked = iep(&["check", &path]);
        assert_eq!(
            checked.status.code(),
            Some(1),
            "{form}: {}",
            stdout(&checked)
        );
        assert!(stdout(&checked).contains("error[missing-field]"), "{form}");
        assert!(
            !stdout(&checked).contains("invalid-value"),
            "{form}: {}",
            stdout(&checked)
        );
        let path = scratch.write(&format!("{form}.yaml"), &filled(form));
        let checked = iep(&["check", "--deny-warnings", &path]);
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{form}: {}\n{}",
            stdout(&checked),
            text_of(&path)
        );
        let out = scratch.0.join(format!("{form}-out"));
        render(&[&path], form, &out);
    }
    // The profile alone needs no targets, and its starter says the school's form prints them.
    let profile = stdout(&iep(&["new", "--form", "one-page-profile"]));
    assert!(
        profile.contains("# goals: (not printed on the one-page-profile form)"),
        "{profile}"
    );
}

#[test]
fn the_next_plan_carries_the_profile_over_and_the_review_sheet_prints() {
    let scratch = Scratch::new("profiles-cycle");
    let reviewed = text_of(AMARA)
        .replace("        pupil_helpers: Miss Hughes\n", "        pupil_helpers: Miss Hughes\n        outcome: fully_achieved\n")
        .replace(
            "        pupil_helpers: Mrs Patel\n",
            "        pupil_helpers: Mrs Patel\n        outcome: partially_achieved\n        review_comment: Almost there; needs more time.\n",
        )
        .replace(
            "        pupil_helpers: Miss Hughes and Mrs Patel\n",
            "        pupil_helpers: Miss Hughes and Mrs Patel\n        outcome: fully_achieved\n",
        );
    let path = scratch.write("amara.yaml", &reviewed);
    let next = iep(&["next", &path, "--created", "2027-01-04"]);
    assert_eq!(next.status.code(), Some(0), "{}", stderr(&next));
    let carried =
        common::parse(&stdout(&next)).unwrap_or_else(|e| panic!("{e}\n{}", stdout(&next)));
    let before = common::parse(&reviewed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        serde_json::to_value(&carried.about_me).unwrap_or_default(),
        serde_json::to_value(&before.about_me).unwrap_or_default()
    );
    assert_eq!(carried.form.as_deref(), Some("sen-support"));
    // The review meeting's sheet for an SEN support plan.
    let out = scratch.0.join("review");
    let review = iep(&[
        "review",
        &path,
        "--to",
        "pdf,docx",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(review.status.code(), Some(0), "{}", stderr(&review));
    let text = pdf_text(&read(&out.join("amara-review.pdf")));
    assert!(solid(&text).contains(&solid("Takes turns to speak in a group of four")));
    // A plan that is a profile alone, with no targets, starts a next plan that loads.
    let profile = "\
form: one-page-profile
school: Test Primary School
pupil:
  name: Sam Example
  date_of_birth: 2017-04-12
  year_group: Year 4
plan:
  created: 2026-10-05
  agreed: 2026-10-12
  review: 2027-01-25
about_me:
  important:
    - My dog, Biscuit
";
    let path = scratch.write("profile.yaml", profile);
    let next = iep(&["next", &path, "--created", "2027-01-25"]);
    assert_eq!(next.status.code(), Some(0), "{}", stderr(&next));
    let carried =
        common::parse(&stdout(&next)).unwrap_or_else(|e| panic!("{e}\n{}", stdout(&next)));
    let important = carried
        .about_me
        .and_then(|a| a.important)
        .unwrap_or_default();
    assert_eq!(important, ["My dog, Biscuit"]);
}

#[test]
fn the_schema_accepts_plans_with_a_profile_and_a_profile_left_empty() {
    let scratch = Scratch::new("profiles-schema");
    let schema = scratch.write("iep-plan.schema.json", &stdout(&iep(&["schema"])));
    let blank = scratch.write(
        "blank.yaml",
        &stdout(&iep(&["new", "--form", "one-page-profile"])),
    );
    let script = r#"
import json, sys, yaml, jsonschema
class Loader(yaml.SafeLoader): pass
Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp']
                                  for k, v in Loader.yaml_implicit_resolvers.items()}
validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
for path in sys.argv[2:]:
    for error in validator.iter_errors(yaml.load(open(path), Loader=Loader)):
        print(path, error.message)
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script, &schema, AMARA, BUSY, &blank])
        .output()
        .unwrap_or_else(|e| panic!("python3 did not run ({e}); scripts/test installs jsonschema"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let schema: serde_json::Value =
        serde_json::from_str(&text_of(&schema)).unwrap_or_else(|e| panic!("{e}"));
    let text = schema.to_string();
    for heading in ["appreciate", "important", "support", "communication"] {
        assert!(text.contains(&format!("\"{heading}\"")), "{heading}");
    }
}

/// The form a school wrote from templates/README alone before iep said anything: a one-cell
/// "My strengths" box, the table with no header cell of issue 28.
const STRENGTHS_BOX: &str = "\
name: oakfield-sen
title: \"SEN support plan: {{ pupil.name }}\"
blocks:
  - heading: SEN support plan
    level: 1
  - heading: My strengths
  - table:
      columns: [1]
      rows:
        - height: 20
          cells: [\"{{ (profile.strengths or []) | join('\\n') if profile }}\"]
";

fn form_pdf(scratch: &Scratch, name: &str, form: &str) -> Vec<u8> {
    let form_path = scratch.write(&format!("{name}.yaml"), form);
    let out = scratch.0.join(format!("{name}-out"));
    let output = iep(&[
        "render",
        "--form",
        &form_path,
        "--out",
        &out.display().to_string(),
        AMARA,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    read(&out.join("sen-support-amara.pdf"))
}

#[test]
fn a_form_table_with_no_header_cell_is_warned_of_at_its_line_and_fails_pdfua_until_mended() {
    let scratch = Scratch::new("profiles-form-check");
    let path = scratch.write("oakfield.yaml", STRENGTHS_BOX);
    let checked = iep(&["check", &path]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "warnings only: {}",
        stdout(&checked)
    );
    let said = stdout(&checked);
    assert!(
        said.contains(
            "warning[form-accessibility]: `blocks`, item 3, `table`: a table with no header cell"
        ) && said.contains("oakfield.yaml:7:5"),
        "{said}"
    );
    assert!(
        said.contains("`shade: true`")
            && said.contains("`header:`")
            && said.contains("`layout: true`"),
        "{said}"
    );
    // The warning is the checker's finding, in the form's words: the PDF fails until mended.
    let (ok, report) = tool(
        "pdfua",
        &["check"],
        &form_pdf(&scratch, "unmended", STRENGTHS_BOX),
        "pdf",
    );
    assert!(!ok && report.contains("UA-15-003"), "{report}");
    let mended = [
        ("layout", STRENGTHS_BOX.replace("      columns: [1]\n", "      columns: [1]\n      layout: true\n")),
        (
            "labelled",
            STRENGTHS_BOX.replace(
                "      columns: [1]\n      rows:\n        - height: 20\n          cells: [",
                "      columns: [1, 3]\n      rows:\n        - height: 20\n          cells: [{ text: \"Strengths\", shade: true }, ",
            ),
        ),
    ];
    for (name, form) in mended {
        let path = scratch.write(&format!("{name}.yaml"), &form);
        let checked = iep(&["check", "--deny-warnings", &path]);
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{name}: {}",
            stdout(&checked)
        );
        assert_passes_pdfua(name, &form_pdf(&scratch, name, &form));
    }
}

#[test]
fn a_forms_picture_without_words_and_a_heading_of_plan_text_alone_are_warned_of() {
    let scratch = Scratch::new("profiles-form-words");
    std::fs::write(scratch.0.join("logo.png"), common::png()).unwrap_or_else(|e| panic!("{e}"));
    let form = "\
name: words
title: \"IEP: {{ pupil.name }}\"
blocks:
  - image: logo.png
  - each: goals
    as: goal
    blocks:
      - heading: \"{{ goal.long_term }}\"
";
    let path = scratch.write("words.yaml", form);
    let said = stdout(&iep(&["check", &path]));
    for (message, line) in [
        (
            "warning[form-accessibility]: `blocks`, item 1, `image`: a picture of the form's own with no `alt:`",
            "words.yaml:4:5",
        ),
        (
            "warning[form-accessibility]: `blocks`, item 2, `blocks`, item 1, `heading`: the heading is only the plan's text",
            "words.yaml:8:9",
        ),
    ] {
        assert!(
            said.contains(message) && said.contains(line),
            "{message}: {said}"
        );
    }
    // Every built-in form is clean.
    for name in iep::FormRef::BUILT_IN {
        let text = iep::Form::builtin_text(name).unwrap_or_default();
        let report = iep::Form::check(&Source::new(format!("{name}.yaml"), text));
        assert!(report.diagnostics.is_empty(), "{name}: {report}");
    }
}

/// Every key of the built-in forms' files, and every filter their text uses.
fn keys_and_filters() -> (Vec<String>, Vec<String>) {
    fn walk(value: &serde_json::Value, keys: &mut Vec<String>, texts: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    keys.push(key.clone());
                    // A policy's rules are checks' codes, documented in the README of the project.
                    if key != "rules" {
                        walk(value, keys, texts);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, keys, texts)),
            serde_json::Value::String(text) => texts.push(text.clone()),
            _ => {}
        }
    }
    let (mut keys, mut texts) = (Vec::new(), Vec::new());
    for name in iep::FormRef::BUILT_IN {
        let text = iep::Form::builtin_text(name).unwrap_or_default();
        let value: serde_json::Value =
            serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        walk(&value, &mut keys, &mut texts);
    }
    let mut filters = Vec::new();
    for text in &texts {
        for (i, _) in text.match_indices('|') {
            let name: String = text[i + 1..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                filters.push(name);
            }
        }
    }
    keys.sort();
    keys.dedup();
    filters.sort();
    filters.dedup();
    (keys, filters)
}

#[test]
fn the_templates_readme_documents_every_key_filter_and_name_the_built_in_forms_use() {
    let readme = text_of("templates/README.md");
    let (keys, filters) = keys_and_filters();
    assert!(
        keys.len() > 40 && filters.len() > 10,
        "{keys:?} {filters:?}"
    );
    let names = [
        "school",
        "pupil",
        "plan",
        "profile",
        "about_me",
        "previous_targets",
        "goals",
        "views",
        "group",
        "group_plan",
        "draft",
        "age",
        "known_as",
        "establishment",
        "updated",
        "targets",
        "scale",
        "index",
    ];
    let names = names.map(String::from);
    let missing: Vec<&String> = keys
        .iter()
        .chain(&filters)
        .chain(&names)
        .filter(|word| {
            !readme.contains(&format!("`{word}`")) && !readme.contains(&format!("`{word}:"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "not in templates/README.md: {missing:?}"
    );
}

/// The worked example of templates/README's cookbook: the block after its "Cookbook" heading.
fn cookbook_form() -> String {
    let readme = text_of("templates/README.md");
    let at = readme
        .find("## Cookbook")
        .unwrap_or_else(|| panic!("no cookbook"));
    let marker = "```yaml\n# Worked example";
    let start = readme[at..]
        .find(marker)
        .map(|i| at + i + 8)
        .unwrap_or_else(|| panic!("no worked example"));
    let end = readme[start..]
        .find("```")
        .map(|i| start + i)
        .unwrap_or_else(|| panic!("no end"));
    readme[start..end].to_owned()
}

#[test]
fn the_cookbooks_sen_support_form_checks_clean_and_passes_the_pdfua_checker() {
    let scratch = Scratch::new("profiles-cookbook");
    let form = cookbook_form();
    let path = scratch.write("st-annes-sen-support.yaml", &form);
    let checked = iep(&["check", "--deny-warnings", &path]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    let pdf = form_pdf(&scratch, "cookbook", &form);
    assert_passes_pdfua("the cookbook's form", &pdf);
    let text = pdf_text(&pdf);
    for line in profile_lines(&text_of(AMARA)) {
        assert!(solid(&text).contains(&solid(&line)), "{line:?}");
    }
}
