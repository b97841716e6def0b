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

/// The Year 4 Friendship Club and Ayesha's own plan, which names it, in a scratch folder.
fn friendship_club(scratch: &Scratch) -> (String, String) {
    let read = |name: &str| {
        std::fs::read_to_string(format!("tests/realistic/group/{name}"))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    (
        scratch.write(
            "social-skills-group.yaml",
            &read("social-skills-group.yaml"),
        ),
        scratch.write("ayesha.yaml", &read("ayesha.yaml")),
    )
}

#[test]
fn the_groups_wall_page_is_headed_with_the_groups_name_and_speaks_for_the_group() {
    let scratch = Scratch::new("group-wall");
    let (group, member) = friendship_club(&scratch);
    let check = iep(&["check", "--pupil-friendly", &group, &member]);
    assert!(stdout(&check).contains("2 clean"), "{}", stdout(&check));
    let out = scratch.0.join("out").display().to_string();
    let output = iep(&["render", &group, "--pupil-friendly", "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = std::fs::read(scratch.0.join("out/social-skills-group-pupil.pdf"))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = text_of(&pdf);
    for expected in [
        "Our plan: Year 4 Friendship Club",
        "We will look at our plan again in December.",
        "We take turns in a game.",
        "Helping us: Mrs Okonkwo and Miss Carter",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(!text.contains("My plan"), "{text}");
    let (_, info) = tool("pdfinfo", &[], &pdf, "pdf");
    assert!(
        info.contains("Our plan: Year 4 Friendship Club"),
        "the title: {info}"
    );
}

#[test]
fn the_groups_review_sheet_names_the_group_and_its_members() {
    let scratch = Scratch::new("group-review");
    let (group, member) = friendship_club(&scratch);
    let out = scratch.0.join("out").display().to_string();
    let output = iep(&["review", &group, &member, "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = |name: &str| {
        let pdf = std::fs::read(scratch.0.join("out").join(name)).unwrap_or_else(|e| panic!("{e}"));
        common::solid(&text_of(&pdf))
    };
    let sheet = read("social-skills-group-review.pdf");
    for expected in [
        "Group plan review",
        "Group Year 4 Friendship Club",
        "Members Ayesha Rahman, Kyle Robertson, Mateusz Zieliński, Ruby-Mae Thompson",
        "Takes turns in a structured board game",
        "Did the pupils meet the targets?",
        "The pupils' views of how it went",
    ] {
        assert!(
            sheet.contains(&common::solid(expected)),
            "{expected:?} not in {sheet}"
        );
    }
    assert!(
        !sheet.contains(&common::solid("The pupil's view")),
        "{sheet}"
    );
    // A pupil's own sheet is as it was.
    let own = read("ayesha-review.pdf");
    assert!(own.contains(&common::solid("Pupil Ayesha Rahman")), "{own}");
    assert!(
        own.contains(&common::solid("The pupil's view of how it went")),
        "{own}"
    );
    assert!(!own.contains(&common::solid("Members")), "{own}");
}

#[test]
fn the_next_plans_keep_the_group_its_members_and_the_members_link_to_it() {
    let scratch = Scratch::new("group-next");
    let (group, member) = friendship_club(&scratch);
    let reviewed = |path: &str, outcomes: &str| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        std::fs::write(path, text.replace("        symbol: ", outcomes))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    reviewed(&group, "        outcome: fully_achieved\n        symbol: ");
    reviewed(&member, "        outcome: fully_achieved\n        symbol: ");
    std::fs::create_dir_all(scratch.0.join("spring")).unwrap_or_else(|e| panic!("{e}"));
    let next_group = scratch.0.join("spring/social-skills-group.yaml");
    let next_member = scratch.0.join("spring/ayesha.yaml");
    for (plan, next) in [(&group, &next_group), (&member, &next_member)] {
        let output = iep(&[
            "next",
            plan,
            "--created",
            "2027-01-11",
            "-o",
            &next.display().to_string(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let text = std::fs::read_to_string(&next_group).unwrap_or_default();
    assert!(
        text.starts_with("# yaml-language-server: $schema=iep-plan.schema.json\n# The next Group Education Plan for \"Year 4 Friendship Club\""),
        "{text}"
    );
    let plan = iep::Plan::load(&next_group).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let group = plan
        .group
        .unwrap_or_else(|| panic!("the group is lost:\n{text}"));
    assert_eq!(group.name.as_deref(), Some("Year 4 Friendship Club"));
    assert!(
        group
            .provision
            .is_some_and(|p| p.contains("2 x 30 minutes a week"))
    );
    let names: Vec<&str> = group.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ayesha Rahman",
            "Kyle Robertson",
            "Mateusz Zieliński",
            "Ruby-Mae Thompson"
        ]
    );
    // Her plan is named from the new file's folder.
    assert_eq!(
        group.members[0].plan.as_deref(),
        Some(std::path::Path::new("../ayesha.yaml"))
    );
    assert!(
        plan.pupil.name.is_none() && !text.contains("\nviews:"),
        "{text}"
    );
    let member = iep::Plan::load(&next_member).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        member.group_plan.as_deref(),
        Some(std::path::Path::new("../social-skills-group.yaml"))
    );
}
