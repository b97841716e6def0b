//! A child's record must not leak into logs: no message the library produces repeats what the
//! plan says. A marker is put in every field and no diagnostic may contain it.

use crate::common;

use common::{CLEAN, parse};
use iep::{Policy, Source};

const MARKER: &str = "ZZMARKER";

/// The clean plan with every text value replaced by the marker (in capitals, so that the jargon
/// check sees it as an acronym too), keeping dates, numbers and names of areas and outcomes.
fn marked() -> String {
    CLEAN
        .lines()
        .map(|line| match line.split_once(": ") {
            Some((key, value))
                if !key.trim_start().starts_with("- area")
                    && ![
                        "area",
                        "outcome",
                        "asn_level",
                        "created",
                        "agreed",
                        "review",
                        "by",
                        "date_of_birth",
                    ]
                    .contains(&key.trim().trim_start_matches("- ")) =>
            {
                let _ = value;
                format!("{key}: {MARKER} SALT XQZ {MARKER}")
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_validation_message_repeats_the_plans_text() {
    let text = marked();
    assert!(text.matches(MARKER).count() > 40);
    // Break rules that quote nothing: drop the review date and the agreed date.
    let text = text
        .replace("  review: 2027-01-25\n", "")
        .replace("  agreed: 2026-10-12\n", "");
    let plan = match parse(&text) {
        Ok(plan) => plan,
        Err(error) => panic!("{error}"),
    };
    for policy in [
        Policy::general(),
        common::policy("highland"),
        common::policy("durants"),
    ] {
        let report = iep::Plan::validate(&plan, &policy);
        assert!(report.diagnostics.len() >= 3, "{report}");
        let json = serde_json::to_string(&report).unwrap_or_default();
        assert!(!json.contains(MARKER), "{json}");
        assert!(!report.to_string().contains(MARKER));
    }
}

#[test]
fn no_load_error_repeats_the_value_it_refuses() {
    let cases = [
        ("area: cognition_and_learning", "area: ZZMARKER"),
        ("date_of_birth: 2017-04-12", "date_of_birth: ZZMARKER"),
        ("date_of_birth: 2017-04-12", "date_of_birth: 31/02/ZZMARKER"),
        ("asn_level: 2", "asn_level: ZZMARKER"),
        ("outcome: partially_achieved", "outcome: ZZMARKER"),
        ("who: Key adult", "who: [ZZMARKER, ZZMARKER]"),
        ("who: Key adult", "who: {ZZMARKER: ZZMARKER}"),
        ("year_group: P5", "year_group: \"ZZMARKER"),
        ("name: Sam Example", "name: !!binary ZZMARKER"),
    ];
    for (from, to) in cases {
        assert!(CLEAN.contains(from), "{from}");
        let text = CLEAN.replacen(from, to, 1);
        let error = match iep::Plan::parse(&Source::new("test.yaml", text)) {
            Ok(_) => panic!("{to} loaded"),
            Err(error) => error.to_string(),
        };
        assert!(!error.contains(MARKER), "{to}: {error}");
    }
}

/// The marked plan, loaded, with the marker also in its picture paths and its pupil's words
/// given a letter the PDF cannot print.
fn marked_plan() -> iep::Plan {
    let mut plan = parse(&marked()).unwrap_or_else(|e| panic!("{e}"));
    // As if read from a file in this folder, so that its pictures are looked for.
    plan.set_folder(".");
    plan.pupil.photo = Some(format!("{MARKER}.png").into());
    plan.views.parents = Some(format!("{MARKER} 名 {MARKER}").into());
    for goal in &mut plan.goals {
        for target in &mut goal.targets {
            target.symbol = Some(format!("{MARKER}/{MARKER}.png"));
            target.pupil_words = Some(format!("{MARKER} 名 {MARKER}").repeat(3));
        }
    }
    plan
}

#[test]
fn no_pupil_page_finding_repeats_the_plans_text() {
    let plan = marked_plan();
    let report = iep::Plan::validate(&plan, &Policy::general().with_pupil_checks());
    for code in [
        iep::Code::TooLongForWall,
        iep::Code::NotFirstPerson,
        iep::Code::UnprintableText,
        iep::Code::MissingImage,
    ] {
        assert!(report.codes().contains(&code), "{code}: {report}");
    }
    let json = serde_json::to_string(&report).unwrap_or_default();
    assert!(!json.contains(MARKER), "{json}");
}

#[test]
fn no_layout_error_repeats_the_plans_text() {
    let plan = marked_plan();
    // Forms that fail on the plan's values in ways a template can: arithmetic on text, a
    // filter given the wrong kind of value, an index past the end, a missing picture.
    let failing = [
        "{{ pupil.name + 1 }}",
        "{{ pupil.name | int }}",
        "{{ pupil.name[99] }}",
        "{{ pupil.name.first }}",
        "{{ goals[0].long_term(1) }}",
        "{% for x in pupil.name | int %}{% endfor %}",
    ];
    for text in failing {
        let form = format!("name: school\ntitle: IEP\nblocks:\n  - paragraph: \"{text}\"\n");
        let form = iep::Form::parse(&Source::new("form.yaml", form))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        match form.lay_out(&plan, std::path::Path::new(".")) {
            Ok(_) => panic!("{text} was laid out"),
            Err(error) => assert!(!error.to_string().contains(MARKER), "{text}: {error}"),
        }
    }
    // The built-in pupil page fails on the plan's own photo, which does not exist.
    let error = iep::FormRef::pupil()
        .get_checked()
        .and_then(|form| form.lay_out(&plan, std::path::Path::new(".")))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("missing-image"), "{error}");
    assert!(!error.contains(MARKER), "{error}");
}

#[test]
fn no_render_or_print_error_repeats_the_plans_text() {
    use iep::render::{PdfRenderer, Renderer};
    let mut plan = marked_plan();
    plan.pupil.photo = None;
    for goal in &mut plan.goals {
        for target in &mut goal.targets {
            target.symbol = None;
        }
    }
    let form = iep::FormRef::Builtin("general")
        .get()
        .unwrap_or_else(|e| panic!("{e}"));
    let document = form
        .lay_out(&plan, std::path::Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"));
    let error = PdfRenderer::default()
        .render(&document)
        .err()
        .map(|e| e.to_string());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("Chinese")),
        "{error:?}"
    );
    assert!(!error.unwrap_or_default().contains(MARKER));

    // The whole pipeline, on a plan file that breaks rules and a form it names.
    let text = marked().replace("  review: 2027-01-25\n", "");
    let error = iep::print(&Source::new("plan.yaml", text), &PdfRenderer::default())
        .err()
        .unwrap_or_else(|| panic!("printed"));
    assert!(!error.diagnostics().is_empty());
    assert!(!error.to_string().contains(MARKER), "{error}");
    for diagnostic in error.diagnostics() {
        assert!(!diagnostic.to_string().contains(MARKER), "{diagnostic}");
    }
}

#[test]
fn the_review_the_next_plan_and_group_plans_say_nothing_of_what_the_plan_says() {
    let reviewed = common::CLEAN.replacen(
        "        pupil_helpers: Mrs Ross\n",
        &format!("        pupil_helpers: Mrs Ross\n        outcome: not_achieved\n        modified: {MARKER}\n"),
        1,
    );
    let plan = common::parse(&reviewed).unwrap_or_else(|e| panic!("{e}"));
    let report = iep::Plan::validate(&plan, &common::policy("general"));
    assert!(report.codes().contains(&iep::Code::MissingOutcomeComment));
    let refused = iep::Plan::next_plan(&plan, &common::policy("general"), None)
        .err()
        .unwrap_or_else(|| panic!("the unreviewed targets should refuse"));
    for diagnostic in report.diagnostics.iter().chain(refused.diagnostics()) {
        let json = serde_json::to_string(diagnostic).unwrap_or_default();
        assert!(!json.contains(MARKER), "{json}");
    }
    let members: String = (0..6).map(|_| format!("    - name: {MARKER}\n")).collect();
    let group = format!(
        "school: {MARKER}\ngroup:\n  name: {MARKER}\n  provision: {MARKER}\n  members:\n{members}plan:\n  created: 2026-09-21\n  review: 2026-12-14\ngoals:\n  - area: literacy\n    targets:\n      - target: {MARKER}\n        strategies: {MARKER}\n        who: {MARKER}\n        success: {MARKER}\n        by: 2026-12-11\n"
    );
    let report = iep::check(&iep::Source::new("group.yaml", group));
    assert!(
        report.codes().contains(&iep::Code::GroupNotIndividual),
        "{:?}",
        report.codes()
    );
    let json = serde_json::to_string(&report).unwrap_or_default();
    assert!(!json.contains(MARKER), "{json}");
}
