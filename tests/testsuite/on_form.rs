//! Nothing a plan holds vanishes from its printed form without a word: each field the plan fills
//! that its form does not print is a `not-on-form` warning at its line.

use crate::common;

use common::{Scratch, check_on};
use iep::{Code, Source};

fn sample() -> String {
    std::fs::read_to_string("templates/sample.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn unprinted(report: &iep::Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NotOnForm)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn the_durants_form_says_which_fields_of_a_plan_it_does_not_print() {
    let report = check_on(&Source::new("sam.yaml", sample()), Some("durants"), false);
    let said = unprinted(&report);
    for field in [
        "`views` is not printed on the durants form",
        "`profile` is not printed on the durants form",
        "`previous_targets` is not printed on the durants form",
        "goal 1, `long_term` is not printed on the durants form",
        "`plan.responsible` is not printed on the durants form",
    ] {
        assert!(said.iter().any(|s| s == field), "{field} not in {said:#?}");
    }
    // At the line of the field, `views:`.
    let views = report
        .diagnostics
        .iter()
        .find(|d| d.message.starts_with("`views`"))
        .and_then(|d| d.place);
    let line = sample().lines().position(|l| l == "views:").map(|i| i + 1);
    assert_eq!(views.map(|p| p.line), line);
}

#[test]
fn the_general_form_prints_every_field_of_a_plan() {
    let report = check_on(&Source::new("sam.yaml", sample()), Some("general"), false);
    assert_eq!(unprinted(&report), Vec::<String>::new());
}

#[test]
fn the_highland_form_names_the_profile_it_has_no_box_for() {
    let report = check_on(&Source::new("sam.yaml", sample()), Some("highland"), false);
    assert_eq!(
        unprinted(&report),
        [
            "`plan.coordinator` is not printed on the highland form",
            "`profile` is not printed on the highland form",
            "`about_me` is not printed on the highland form",
            "goal 1, target 1, `monitoring` is not printed on the highland form",
            "goal 1, target 1, `achievement` is not printed on the highland form",
        ]
        .iter()
        .map(ToString::to_string)
        .chain((2..=8).flat_map(|g| {
            [
                format!("goal {g}, target 1, `monitoring` is not printed on the highland form"),
                format!("goal {g}, target 1, `achievement` is not printed on the highland form"),
            ]
        }))
        .collect::<Vec<_>>()
    );
}

#[test]
fn a_schools_form_that_leaves_out_the_views_is_told_how_to_print_them() {
    let scratch = Scratch::new("on-form-school");
    scratch.write(
        "ours.yaml",
        "name: ours\ntitle: \"IEP: {{ pupil.name }}\"\nblocks:\n  - table:\n      columns: [1, 2]\n      rows:\n        - each: targets\n          as: t\n          rows:\n            - cells: [\"{{ t.target }}\", \"{{ t.success }} {{ t.strategies }} {{ t.who }} {{ t.by }}\"]\n",
    );
    let plan = format!("form: ours.yaml\n{}", common::CLEAN);
    let path = scratch.write("plan.yaml", &plan);
    let report =
        iep::check(&Source::read(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}")));
    let views = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::NotOnForm && d.message.starts_with("`views`"))
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(views.message, "`views` is not printed on the ours form");
    assert!(
        views
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("not-on-form: off"))
    );
}

#[test]
fn a_form_can_turn_the_rule_off_in_its_policy() {
    let scratch = Scratch::new("on-form-off");
    scratch.write(
        "ours.yaml",
        "name: ours\ntitle: IEP\npolicy:\n  rules:\n    not-on-form: off\nblocks:\n  - heading: \"{{ pupil.name }}\"\n",
    );
    let path = scratch.write("plan.yaml", &format!("form: ours.yaml\n{}", common::CLEAN));
    let report =
        iep::check(&Source::read(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(unprinted(&report), Vec::<String>::new());
}

#[test]
fn the_pupil_page_is_not_judged_by_what_it_leaves_out() {
    let report = check_on(&Source::new("sam.yaml", sample()), Some("general"), true);
    assert_eq!(unprinted(&report), Vec::<String>::new());
}

#[test]
fn render_counts_the_warning_and_still_prints() {
    let scratch = Scratch::new("on-form-render");
    let plan = scratch.write(
        "plan.yaml",
        &sample().replacen("school:", "form: durants\nschool:", 1),
    );
    let out = scratch.0.join("out").display().to_string();
    let output = common::iep(&["render", &plan, "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(common::stdout(&output).contains("1 rendered, 1 with warnings"));
}

#[test]
fn a_schools_form_that_leaves_out_the_schools_name_says_so() {
    // A top-level field that is one value is noted as printed only when the form reads it, as
    // the fields inside the others are.
    let scratch = Scratch::new("on-form-no-school");
    scratch.write(
        "ours.yaml",
        "name: ours\ntitle: \"IEP: {{ pupil.name }}\"\nblocks:\n  - heading: \"{{ pupil.name }}\"\n",
    );
    let plan = format!("form: ours.yaml\n{}", common::CLEAN);
    let path = scratch.write("plan.yaml", &plan);
    let read = || Source::read(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let said = unprinted(&iep::check(&read()));
    assert!(
        said.iter()
            .any(|s| s == "`school` is not printed on the ours form"),
        "{said:#?}"
    );
    scratch.write(
        "ours.yaml",
        "name: ours\ntitle: \"IEP: {{ pupil.name }}\"\nblocks:\n  - heading: \"{{ pupil.name }}, {{ school }}\"\n",
    );
    let said = unprinted(&iep::check(&read()));
    assert!(!said.iter().any(|s| s.starts_with("`school`")), "{said:#?}");
}
