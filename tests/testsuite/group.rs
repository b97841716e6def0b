//! Group Education Plans (seeds 000 and 003): a group's common targets on the group form, shown
//! on each member's own plan as the group's, and the warning that a plan shared by six or more
//! pupils is not an individual one.

use crate::common;

use common::{GROUP, Scratch, iep, stderr, stdout, tool};
use iep::Code;

fn text_of(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    common::squeeze(&text)
}

#[test]
fn a_group_plan_renders_on_the_group_form_with_its_members_and_targets() {
    let scratch = Scratch::new("group-render");
    let group = scratch.write("phonics-group.yaml", GROUP);
    // The member's own plan the group plan names, which `iep check` reads.
    scratch.write(
        "amara.yaml",
        &format!("group_plan: phonics-group.yaml\n{}", common::CLEAN),
    );
    let check = iep(&["check", &group]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(stdout(&check).contains("1 clean"), "{}", stdout(&check));
    let out = scratch.0.join("out").display().to_string();
    let output = iep(&["render", &group, "--to", "pdf,docx", "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf =
        std::fs::read(scratch.0.join("out/phonics-group.pdf")).unwrap_or_else(|e| panic!("{e}"));
    let text = text_of(&pdf);
    for expected in [
        "Group Education Plan",
        "Year 3 phonics group",
        "Amara Okafor",
        "Oliver Nowak",
        "Zainab Hussain",
        "4 x 20 minutes a week in the library",
        "Reads words with ai, ee, igh, oa and oo in a short text",
    ] {
        assert!(
            common::solid(&text).contains(&common::solid(expected)),
            "{expected:?} not in {text}"
        );
    }
}

#[test]
fn a_members_plan_shows_the_group_targets_marked_as_the_groups() {
    let scratch = Scratch::new("group-member");
    scratch.write("phonics-group.yaml", GROUP);
    let member = std::fs::read_to_string("examples/plans/general.yaml")
        .unwrap_or_else(|e| panic!("{e}"))
        .replacen("\nviews:", "\ngroup_plan: phonics-group.yaml\nviews:", 1);
    let plan = scratch.write("amara.yaml", &member);
    let check = iep(&["check", &plan]);
    assert!(
        !stdout(&check).contains("not-on-form"),
        "{}",
        stdout(&check)
    );
    let out = scratch.0.join("out").display().to_string();
    let output = iep(&["render", &plan, "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = std::fs::read(scratch.0.join("out/amara.pdf")).unwrap_or_else(|e| panic!("{e}"));
    let text = common::solid(&text_of(&pdf));
    for expected in [
        "Group targets: Year 3 phonics group",
        "Short-term target (group)",
        "Reads words with ai, ee, igh, oa and oo in a short text",
        "Reads words with the vowel sounds ai, ee, igh, oa and oo", // her own target too
    ] {
        assert!(
            text.contains(&common::solid(expected)),
            "{expected:?} not in {text}"
        );
    }
}

#[test]
fn a_group_plan_that_is_missing_or_not_a_group_plan_is_an_error_at_the_members_line() {
    let scratch = Scratch::new("group-missing");
    let member = std::fs::read_to_string("examples/plans/general.yaml")
        .unwrap_or_else(|e| panic!("{e}"))
        .replacen("\nviews:", "\ngroup_plan: nowhere.yaml\nviews:", 1);
    let plan = scratch.write("amara.yaml", &member);
    let out = scratch.0.join("out").display().to_string();
    let output = iep(&["render", &plan, "--out", &out]);
    assert_eq!(output.status.code(), Some(1));
    common::assert_says(&output, &["`group_plan`: the group plan cannot be read"]);
    scratch.write("nowhere.yaml", common::CLEAN);
    let output = iep(&["render", &plan, "--out", &out]);
    assert_eq!(output.status.code(), Some(1));
    common::assert_says(&output, &["not a group plan"]);
}

#[test]
fn six_pupils_sharing_the_same_targets_is_warned_of_and_no_members_is_an_error() {
    let six = GROUP.replacen(
        "    - name: Zainab Hussain\n",
        "    - name: Zainab Hussain\n    - name: Ben Jones\n    - name: Chloe Smith\n    - name: Dev Patel\n",
        1,
    );
    let report = iep::check(&iep::Source::new("group.yaml", six));
    assert_eq!(
        report.codes(),
        [Code::GroupNotIndividual],
        "{:?}",
        report.codes()
    );
    let warning = &report.diagnostics[0];
    assert!(
        warning.message.starts_with("6 pupils share these targets"),
        "{}",
        warning.message
    );
    assert_eq!(warning.place.map(|p| p.line), Some(5), "at `members:`");

    let five = GROUP.replacen(
        "    - name: Zainab Hussain\n",
        "    - name: Zainab Hussain\n    - name: Ben Jones\n    - name: Chloe Smith\n",
        1,
    );
    assert!(
        iep::check(&iep::Source::new("group.yaml", five))
            .diagnostics
            .is_empty()
    );

    let none = "school: Hillside Primary School\ngroup:\n  name: Empty\nplan:\n  created: 2026-09-21\n  agreed: 2026-09-28\n  review: 2026-12-14\ngoals: []\n";
    let report = iep::check(&iep::Source::new("group.yaml", none));
    assert!(
        report.codes().contains(&Code::MissingField),
        "{:?}",
        report.codes()
    );
    assert!(
        !report.errors().any(|d| d.message.contains("pupil's name")),
        "a group has no pupil"
    );
}
