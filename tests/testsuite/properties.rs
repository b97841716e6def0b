//! Property tests: any plan the model accepts, with text as awkward as people paste (tabs, line
//! breaks, control characters, smart quotes, no-break spaces, soft hyphens, zero-width joiners,
//! words longer than any box), lays out on every built-in form and renders to a PDF that
//! `qpdf --check` accepts and a DOCX that python-docx opens and whose XML parts all parse.
//! Refusals are errors, never panics: the only one allowed here is the pupil page's single page.

use crate::common;

use std::path::Path;
use std::sync::Mutex;

use common::{Scratch, tool};
use iep::plan::{Area, Goal, Outcome, PreviousTarget, Target};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{Date, FormRef, Plan};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Pieces of text: words of several languages, punctuation from Word, and what copy and paste
/// brings along.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,12}",
        2 => prop::sample::select(vec![
            "Zoë", "Łukasz", "Siân", "Eóghan", "Ní", "Ψυχολόγος", "Дмитрий", "straße", "naïve",
            "“quoted”", "‘single’", "–", "—", "…", "£20", "€15", "½", "&", "<b>", "**", "{{ x }}",
            "{% if %}", "%", "#", "- ", ": ", "'", "\"",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            " ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{ad}", "\u{7}", "\u{1}", "\u{c}", "\u{200b}",
            "\u{200d}", "\u{feff}", "\u{2028}", "\u{fe0f}",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z]{40,90}",
        1 => "https://example\\.org/[a-z/]{20,60}",
    ]
}

fn text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..max_pieces).prop_map(|pieces| pieces.concat())
}

fn some_text(max_pieces: usize) -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(0.8, text(max_pieces))
}

fn date() -> impl Strategy<Value = Option<Date>> {
    prop::option::of(
        (2026..2028i32, 1..=12u32, 1..=28u32).prop_map(|(y, m, d)| Date::from_ymd(y, m, d)),
    )
    .prop_map(Option::flatten)
}

fn target() -> impl Strategy<Value = Target> {
    let symbols: Vec<Option<String>> = std::iter::once(None)
        .chain(
            [
                "reading",
                "writing",
                "numbers",
                "counting",
                "letters",
                "talking",
                "listening",
                "looking",
            ]
            .map(|n| Some(n.to_owned())),
        )
        .collect();
    (
        (
            some_text(12),
            some_text(30),
            some_text(8),
            some_text(6),
            some_text(8),
        ),
        (some_text(20), date(), some_text(6), some_text(4)),
        (
            prop::sample::select(symbols),
            prop::collection::vec(text(10), 0..=6),
            some_text(10),
        ),
        (
            prop::option::of(prop::sample::select(Outcome::ALL.to_vec())),
            some_text(15),
            some_text(10),
        ),
    )
        .prop_map(
            |(
                (target, strategies, when, who, resources),
                (success, by, pupil_words, pupil_helpers),
                (symbol, monitoring, achievement),
                (outcome, review_comment, modified),
            )| Target {
                target,
                strategies,
                when,
                who,
                resources,
                success,
                by,
                pupil_words,
                pupil_helpers,
                symbol,
                monitoring,
                achievement,
                outcome,
                review_comment,
                modified,
                ..Target::default()
            },
        )
}

fn goal() -> impl Strategy<Value = Goal> {
    (
        prop::option::of(prop::sample::select(Area::ALL.to_vec())),
        some_text(15),
        prop::collection::vec(target(), 0..=3),
    )
        .prop_map(|(area, long_term, targets)| Goal {
            area,
            long_term,
            targets,
        })
}

fn previous() -> impl Strategy<Value = PreviousTarget> {
    (
        text(10),
        some_text(10),
        prop::sample::select(Outcome::ALL.to_vec()),
        some_text(10),
    )
        .prop_map(|(target, actions, outcome, comment)| PreviousTarget {
            target,
            actions,
            outcome,
            comment,
        })
}

/// A plan: the clean test plan with every part the forms print drawn at random.
fn plan() -> impl Strategy<Value = Plan> {
    (
        (text(4), some_text(3), some_text(6), some_text(8)),
        prop::collection::vec(goal(), 0..=4),
        prop::collection::vec(previous(), 0..=3),
        (
            some_text(20),
            some_text(20),
            prop::collection::vec(text(6), 0..=4),
            some_text(20),
        ),
        (date(), date(), date()),
    )
        .prop_map(
            |(
                (name, known_as, school_words, address),
                goals,
                previous_targets,
                (pupil_view, parents_view, strengths, needs),
                (created, agreed, review),
            )| {
                let mut plan = common::clean();
                plan.pupil.name = Some(name);
                plan.pupil.known_as = known_as;
                plan.pupil.address = address;
                plan.plan.review_details = school_words;
                plan.goals = goals;
                plan.previous_targets = previous_targets;
                plan.views.pupil = pupil_view.map(Into::into);
                plan.views.parents = parents_view.map(Into::into);
                let profile = plan.profile.get_or_insert_with(Default::default);
                profile.strengths = strengths;
                profile.needs = needs;
                (plan.plan.created, plan.plan.agreed, plan.plan.review) = (created, agreed, review);
                plan
            },
        )
}

/// Whether validation for `form` warns of text its PDF cannot print.
fn warned_unprintable(plan: &Plan, form: &iep::Form) -> bool {
    iep::Plan::validate(plan, form.policy())
        .codes()
        .contains(&iep::Code::UnprintableText)
}

#[test]
fn any_plan_renders_to_a_pdf_qpdf_accepts_and_a_docx_that_opens() {
    let scratch = Scratch::new("properties");
    let forms: Vec<_> = FormRef::BUILT_IN
        .iter()
        .map(|name| {
            FormRef::Builtin(name)
                .get()
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let written = Mutex::new(0usize);
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(plan(), 0..forms.len()), |(plan, form)| {
        let form = &forms[form];
        let document = form
            .lay_out(&plan, Path::new("."))
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", form.name())))?;
        match PdfRenderer::default().render(&document) {
            Ok(pdf) => {
                let (ok, report) = tool("qpdf", &["--check"], &pdf, "pdf");
                prop_assert!(ok, "{}: {report}", form.name());
            }
            // A one-page form (the wall page, the profile, the passport) refuses a longer plan.
            Err(error)
                if error.diagnostics()[0].code == iep::Code::TooManyPages && form.is_fitted() => {}
            // Validation names the field beforehand, in the typeface of the form that prints it.
            Err(error)
                if error.diagnostics()[0].code == iep::Code::UnprintableText
                    && warned_unprintable(&plan, form) => {}
            Err(error) => return Err(TestCaseError::fail(format!("{}: {error}", form.name()))),
        }
        let docx = DocxRenderer
            .render(&document)
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", form.name())))?;
        let mut n = written.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        std::fs::write(scratch.0.join(format!("{n}.docx")), docx)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    // Every DOCX at once: python-docx opens it and every XML part parses.
    let script = r#"
import sys, glob, zipfile, xml.dom.minidom, docx
files = sorted(glob.glob(sys.argv[1] + "/*.docx"))
for path in files:
    docx.Document(path)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                xml.dom.minidom.parseString(z.read(name))
print(len(files))
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script, &scratch.0.display().to_string()])
        .output()
        .unwrap_or_else(|e| panic!("python3 ({e}): run scripts/test, which installs python-docx"));
    let opened = String::from_utf8_lossy(&output.stdout);
    let count = *written.lock().unwrap_or_else(|e| e.into_inner());
    assert_eq!(
        opened.trim(),
        count.to_string(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `plan` with its review recorded, as `iep next` needs it: every target has its text and an
/// outcome.
fn reviewed(mut plan: Plan) -> Plan {
    for (i, target) in plan
        .goals
        .iter_mut()
        .flat_map(|g| &mut g.targets)
        .enumerate()
    {
        target.target.get_or_insert_with(|| format!("Target {i}"));
        target.outcome.get_or_insert(Outcome::ALL[i % 3]);
    }
    plan
}

#[test]
fn any_reviewed_plan_starts_a_next_plan_that_reads_back_word_for_word() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    // Terminal escapes (ESC, the one-byte CSI) and a name that would plant fields, as well as
    // what people paste.
    let hostile = prop::sample::select(vec![
        "",
        "\u{1b}]0;owned\u{7}",
        "\u{9b}2J",
        "\nform: other.yaml\ngroup_plan: /etc/passwd\n# ",
        "\u{202e}elpmaxe",
    ]);
    let result = runner.run(&(plan(), hostile), |(plan, hostile)| {
        let mut plan = reviewed(plan);
        plan.pupil.name = plan.pupil.name.map(|name| name + hostile);
        let text =
            iep::Plan::next_plan(&plan, &iep::Policy::general(), Date::from_ymd(2027, 1, 25))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{feff}'),
            "a control character reached the file raw:\n{text}"
        );
        let next = iep::Plan::parse(&iep::Source::new("next.yaml", &text))
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&next.pupil.name, &plan.pupil.name);
        prop_assert_eq!(&next.form, &plan.form);
        prop_assert_eq!(&next.group_plan, &plan.group_plan);
        let targets: Vec<_> = plan.targets().map(|(_, _, t)| t).collect();
        prop_assert_eq!(next.previous_targets.len(), targets.len());
        for (previous, target) in next.previous_targets.iter().zip(targets) {
            prop_assert_eq!(Some(&previous.target), target.target.as_ref());
            prop_assert_eq!(&previous.actions, &target.strategies);
            prop_assert_eq!(Some(previous.outcome), target.outcome);
            let comment = previous.comment.as_deref().unwrap_or_default();
            let recorded = [
                &target.review_comment,
                &target.modified,
                &target.achievement,
            ];
            for note in recorded.into_iter().flatten().chain(&target.monitoring) {
                prop_assert!(comment.contains(note.trim()), "{note:?} not in {comment:?}");
            }
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}
