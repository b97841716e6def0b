//! `iep check` as a process: what it prints and how it exits.

use crate::common;

use common::{Scratch, assert_says, iep, stderr, stdout};

#[test]
fn a_clean_plan_exits_zero() {
    let output = iep(&["check", "examples/plans/highland.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "1 plan checked: 0 with errors, 0 with warnings only, 1 clean\n"
    );
}

#[test]
fn every_example_plan_is_clean() {
    let output = iep(&["check", "--deny-warnings", "examples/plans"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "3 plans checked: 0 with errors, 0 with warnings only, 3 clean\n"
    );
}

#[test]
fn a_plan_with_errors_shows_the_line_and_exits_one() {
    let output = iep(&["check", "tests/plans/unknown-field.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn the_human_output_shows_every_problem_with_its_line() {
    let output = iep(&["check", "tests/plans/many-problems.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn output_to_a_pipe_has_no_colour_codes() {
    let output = iep(&["check", "tests/plans/many-problems.yaml"]);
    assert!(!stdout(&output).contains('\u{1b}'));
}

#[test]
fn warnings_alone_exit_zero_unless_denied() {
    let scratch = Scratch::new("warnings");
    let plan = scratch.write("draft.yaml", &common::edited("  agreed: 2026-10-12\n", ""));
    let output = iep(&["check", &plan]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).contains("warning[draft-plan]"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).ends_with("1 plan checked: 0 with errors, 1 with warnings only, 0 clean\n")
    );
    let denied = iep(&["check", "--deny-warnings", &plan]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn a_file_that_cannot_be_read_exits_two() {
    let output = iep(&["check", "examples/plans/highland.yaml", "no/such/plan.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("iep: cannot read no/such/plan.yaml: "),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).ends_with(
        "2 plans checked: 1 with errors, 0 with warnings only, 1 clean (1 unreadable)\n"
    ));
}

#[test]
fn a_folder_is_searched_for_plans() {
    let output = iep(&["check", "tests/plans"]);
    assert_eq!(output.status.code(), Some(1));
    let plans = std::fs::read_dir("tests/plans")
        .map(|d| d.count())
        .unwrap_or(0);
    assert!(
        stdout(&output).contains(&format!("{plans} plans checked: {plans} with errors")),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_bad_plan_does_not_stop_the_others() {
    let output = iep(&[
        "check",
        "tests/plans/a-list.yaml",
        "examples/plans/general.yaml",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output)
            .ends_with("2 plans checked: 1 with errors, 0 with warnings only, 1 clean\n")
    );
}

#[test]
fn json_output_is_one_document_for_programs() {
    let output = iep(&[
        "check",
        "--format",
        "json",
        "tests/plans/many-problems.yaml",
        "examples/plans/durants.yaml",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = match serde_json::from_slice(&output.stdout) {
        Ok(json) => json,
        Err(error) => panic!("{error}: {}", stdout(&output)),
    };
    assert_eq!(json[0]["file"], "tests/plans/many-problems.yaml");
    assert_eq!(json[0]["errors"], 6);
    assert_eq!(json[0]["diagnostics"][0]["code"], "asn-level-out-of-range");
    assert_eq!(json[0]["diagnostics"][0]["place"]["line"], 7);
    assert_eq!(json[1]["errors"], 0);
    assert_eq!(json[1]["diagnostics"], serde_json::json!([]));
}

#[test]
fn the_form_flag_judges_by_another_schools_rules() {
    // The Highland example has no targets in three of Durants' four areas.
    let output = iep(&["check", "--form", "durants", "examples/plans/highland.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output).matches("error[area-not-covered]").count(),
        3
    );
}

#[test]
fn a_form_file_carries_its_own_policy() {
    let scratch = Scratch::new("form");
    let form = "name: our-school\ntitle: IEP\nblocks:\n  - heading: IEP\npolicy:\n  max_targets: 3\n  key_targets: 3\n";
    scratch.write("our-school.yaml", form);
    let plan = scratch.write(
        "plan.yaml",
        &common::edited("school:", "form: our-school.yaml\nschool:"),
    );
    let output = iep(&["check", &plan]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("this school allows at most 3"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_broken_form_file_is_reported_at_its_own_line() {
    let scratch = Scratch::new("broken-form");
    scratch.write(
        "our-school.yaml",
        "name: our-school\ntitle: IEP\nblocks:\n  - heading: \"{{ pupil.name \"\n",
    );
    let plan = scratch.write(
        "plan.yaml",
        &common::edited("school:", "form: our-school.yaml\nschool:"),
    );
    let output = iep(&["check", &plan]);
    assert_eq!(output.status.code(), Some(1));
    // The form's own error, with its line of the form file under a caret, then where the plan
    // names the form.
    let said = stdout(&output);
    assert!(
        said.contains("error[form-error]: `blocks`, item 1, `heading`: syntax error"),
        "{said}"
    );
    assert!(said.contains("our-school.yaml:4:5\n"), "{said}");
    assert!(said.contains("- heading: \"{{ pupil.name \""), "{said}");
    assert!(
        said.contains("note: the plan names the form here"),
        "{said}"
    );
    assert!(said.contains("plan.yaml:1:1"), "{said}");
}

#[test]
fn an_unknown_form_flag_exits_two_with_a_suggestion() {
    let output = iep(&["check", "--form", "durnats", "examples/plans/durants.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "iep: --form: this is not a built-in form or a form file\n  hint: did you mean `durants`?\n"
    );
}

#[test]
fn help_shows_examples() {
    let output = iep(&["check", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("iep check examples/plans/highland.yaml"));
}

#[test]
fn render_writes_a_pdf_named_after_the_plan() {
    let scratch = Scratch::new("render");
    let out = scratch.0.join("out");
    let out_arg = out.display().to_string();
    let output = iep(&[
        "render",
        "examples/plans/highland.yaml",
        "--to",
        "pdf",
        "--out",
        &out_arg,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = std::fs::read(out.join("highland.pdf")).unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(written.len(), 1, "only the PDF is written: {written:?}");
}

#[test]
fn render_refuses_a_plan_with_errors_and_writes_nothing_for_it() {
    let scratch = Scratch::new("render-bad");
    let out = scratch.0.join("out");
    let out_arg = out.display().to_string();
    let output = iep(&[
        "render",
        "tests/plans/many-problems.yaml",
        "examples/plans/general.yaml",
        "--out",
        &out_arg,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_says(
        &output,
        &["many-problems.yaml:7:3: error[asn-level-out-of-range]"],
    );
    assert!(out.join("general.pdf").exists());
    assert!(!out.join("many-problems.pdf").exists());
    assert!(
        stdout(&output).ends_with("1 rendered, 0 with warnings, 1 failed\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn render_into_a_folder_that_cannot_be_made_fails_clearly() {
    let scratch = Scratch::new("render-unwritable");
    let blocker = scratch.write("not-a-folder", "x");
    let out = format!("{blocker}/out");
    let output = iep(&["render", "examples/plans/general.yaml", "--out", &out]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!("cannot create {out}")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn render_with_another_form() {
    let scratch = Scratch::new("render-form");
    let out_arg = scratch.0.display().to_string();
    let output = iep(&[
        "render",
        "examples/plans/general.yaml",
        "--form",
        "highland",
        "--out",
        &out_arg,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(scratch.0.join("general.pdf").exists());
}

#[test]
fn a_form_file_beside_the_plans_is_left_out_with_a_word() {
    let scratch = Scratch::new("cli-form-beside");
    for name in ["highland", "general"] {
        std::fs::copy(
            format!("examples/plans/{name}.yaml"),
            scratch.0.join(format!("{name}.yaml")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    scratch.write(
        "our-school.yaml",
        iep::Form::builtin_text("general").unwrap_or_default(),
    );
    let folder = scratch.0.display().to_string();
    let output = iep(&["check", &folder]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).starts_with("2 plans checked"),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("our-school.yaml is a form file, not a plan: left out"));
    let out = scratch.0.join("out").display().to_string();
    let render = iep(&["render", &folder, "--out", &out]);
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert!(stdout(&render).ends_with("2 rendered, 0 with warnings, 0 failed\n"));
}

#[test]
fn a_form_file_named_by_itself_is_checked_as_a_form_at_its_lines() {
    let scratch = Scratch::new("cli-form-check");
    let good = scratch.write(
        "good.yaml",
        iep::Form::builtin_text("durants").unwrap_or_default(),
    );
    let output = iep(&["check", &good]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "1 form file checked: 0 with errors, 0 with warnings only, 1 clean\n"
    );
    let bad = scratch.write(
        "bad.yaml",
        "name: bad\ntitle: IEP\nblocks:\n  - heading: \"{{ pupil.nmae }}\"\n",
    );
    let output = iep(&["check", &bad]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("error[form-error]"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("bad.yaml:4:5"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_folder_with_no_plans_is_said_and_exits_two() {
    let scratch = Scratch::new("cli-no-plans");
    for command in ["check", "render"] {
        let output = iep(&[command, &scratch.0.display().to_string()]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_says(&output, &["no plans found"]);
    }
}

#[test]
fn form_show_prints_each_built_in_form_as_a_working_form_file() {
    let scratch = Scratch::new("cli-form-show");
    for name in iep::FormRef::BUILT_IN {
        let output = iep(&["form", "show", name]);
        assert_eq!(output.status.code(), Some(0));
        let copy = scratch.write(&format!("{name}-copy.yaml"), &stdout(&output));
        let checked = iep(&["check", &copy]);
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{name}: {}",
            stdout(&checked)
        );
    }
    let unknown = iep(&["form", "show", "higland"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn forms_lists_the_built_in_forms_without_internal_labels() {
    let text = stdout(&iep(&["forms"]));
    for name in ["general", "highland", "durants", "pupil"] {
        assert!(text.contains(&format!("{name}\n")), "{text}");
    }
    assert!(!text.contains("seed"), "{text}");
    assert!(!text.contains("templates/README.md"), "{text}");
    assert!(text.contains("iep form show"), "{text}");
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = iep(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        assert!(stdout(&output).contains("render"), "{shell}");
    }
}
