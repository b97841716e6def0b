//! The IEP cycle: the review recorded on the targets, checked against the day of the check, and
//! `iep next` starting the next plan from it.

use crate::common;

use common::{CLEAN, Scratch, assert_says, codes, iep, stderr, stdout, tool};
use iep::render::{PdfRenderer, Renderer};
use iep::{Code, Date, Source};

/// How the review went for each of the clean plan's four targets, with the comment where one
/// is due; the second was also changed during the term.
const REVIEW: [(&str, Option<&str>); 4] = [
    ("fully_achieved", None),
    (
        "partially_achieved",
        Some("\"Almost achieved: needs more time, reads 18 of 20\""),
    ),
    (
        "not_achieved",
        Some("Off school for three weeks in November; keep it, with daily practice"),
    ),
    ("fully_achieved", None),
];

/// The clean plan with its review recorded on each target.
fn reviewed() -> String {
    let mut yaml = CLEAN.to_owned();
    let mut at = 0;
    for (i, (outcome, comment)) in REVIEW.iter().enumerate() {
        let line = yaml[at..]
            .find("        pupil_helpers: ")
            .map(|found| at + found)
            .expect("a target's last line");
        let end = line + yaml[line..].find('\n').expect("a line end") + 1;
        let mut recorded = format!("        outcome: {outcome}\n");
        if let Some(comment) = comment {
            recorded += &format!("        review_comment: {comment}\n");
        }
        if i == 1 {
            recorded += "        modified: Down to 10 words a day from week 4\n";
        }
        yaml.insert_str(end, &recorded);
        at = end + recorded.len();
    }
    yaml
}

fn parse(yaml: &str) -> iep::Plan {
    common::parse(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

fn next(yaml: &str, policy: &iep::Policy) -> String {
    iep::Plan::next_plan(&parse(yaml), policy, Date::from_ymd(2027, 1, 25))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The next plan with each empty new target filled in as a meeting would, the views and the
/// dates too.
fn filled_in(next: &str) -> String {
    let empty = "      - target:                # Specific: what the pupil will do
        strategies:            # Achievable: how it will be taught
        who:                   # Achievable: who will do it
        success:               # Measurable: how everyone will know it is met
        by:                    # Time-bound: the date, on or before the review
";
    let mut yaml = next.to_owned();
    let mut n = 0;
    while yaml.contains(empty) {
        n += 1;
        yaml = yaml.replacen(
            empty,
            &format!(
                "      - target: New step {n}, a little further than last term
        strategies: Short daily practice with praise for each step
        who: Class teacher, 10 minutes each morning
        success: Does it without a reminder on 4 of 5 days
        by: 2027-04-30
"
            ),
            1,
        );
    }
    assert!(n > 0, "no empty target to fill in:\n{next}");
    yaml.replacen(
        "  review:                      #",
        "  review: 2027-05-24            #",
        1,
    )
    .replacen(
        "  # agreed:                    #",
        "  agreed: 2027-02-01            #",
        1,
    )
    .replacen(
        "  pupil:                       #",
        "  pupil: I want to read chapter books.   #",
        1,
    )
    .replacen(
        "  parents:                     #",
        "  parents: We read with her every night.   #",
        1,
    )
}

#[test]
fn the_next_plan_carries_every_target_with_its_outcome_and_comment_and_loads_back() {
    let reviewed = reviewed();
    let this = parse(&reviewed);
    let text = next(&reviewed, &common::policy("general"));
    let next = parse(&text);
    assert_eq!(next.previous_targets.len(), 4, "{text}");
    for ((_, _, target), previous) in this.targets().zip(&next.previous_targets) {
        assert_eq!(Some(&previous.target), target.target.as_ref());
        assert_eq!(previous.actions, target.strategies);
        assert_eq!(Some(previous.outcome), target.outcome);
        if let Some(comment) = &target.review_comment {
            let carried = previous.comment.as_deref().unwrap_or_default();
            assert!(carried.starts_with(comment.as_str()), "{carried:?}");
        }
    }
    assert_eq!(
        next.previous_targets[1].comment.as_deref(),
        Some(
            "Almost achieved: needs more time, reads 18 of 20\nModified: Down to 10 words a day from week 4"
        )
    );
    assert_eq!(next.pupil.name, this.pupil.name);
    assert_eq!(next.pupil.date_of_birth, this.pupil.date_of_birth);
    assert_eq!(next.pupil.asn_level, this.pupil.asn_level);
    assert_eq!(next.plan.previous_plan, this.plan.created);
    assert_eq!(next.plan.created, Date::from_ymd(2027, 1, 25));
    assert_eq!(
        next.plan.review, None,
        "the review date is the meeting's to set"
    );
    assert!(
        text.contains("by the 4-month cycle, 2027-05-25 or before"),
        "{text}"
    );
    // The targets not fully achieved are offered as starting points, commented out.
    assert!(
        text.contains("      # - target: \"Reads the remaining 6 of 20 common words\""),
        "{text}"
    );
    assert!(!text.contains("# - target: Takes turns to speak"), "{text}");
}

#[test]
fn the_next_plan_reports_only_what_the_meeting_must_fill_in_and_then_passes() {
    let text = next(&reviewed(), &common::policy("general"));
    let report = iep::check(&Source::new("next.yaml", &text));
    let mut found: Vec<Code> = report.codes();
    found.dedup();
    assert_eq!(
        found,
        [
            Code::DraftPlan,
            Code::MissingReviewDate,
            Code::MissingSmartField,
            Code::MissingPupilView,
            Code::MissingParentsView,
        ],
        "{text}"
    );
    let filled = filled_in(&text);
    let report = iep::check(&Source::new("next.yaml", &filled));
    assert!(
        report.diagnostics.is_empty(),
        "{:?}\n{filled}",
        report.codes()
    );
}

#[test]
fn a_target_set_again_unchanged_is_a_repeated_target_and_an_error_for_durants() {
    let text = next(&reviewed(), &common::policy("general"));
    let again = filled_in(&text).replacen(
        "New step 2, a little further than last term",
        "Reads the remaining 6 of 20 common words",
        1,
    );
    let plan = parse(&again);
    assert!(codes(&plan, &common::policy("general")).contains(&Code::RepeatedTarget));
    let durants = iep::Plan::validate(&plan, &common::policy("durants"));
    assert!(
        durants.errors().any(|d| d.code == Code::RepeatedTarget),
        "{:?}",
        durants.codes()
    );
}

#[test]
fn a_target_reviewed_as_not_fully_achieved_needs_a_comment() {
    let yaml = reviewed().replacen(
        "        review_comment: Off school for three weeks in November; keep it, with daily practice\n",
        "",
        1,
    );
    let report = iep::Plan::validate(&parse(&yaml), &common::policy("general"));
    let found: Vec<_> = report
        .errors()
        .filter(|d| d.code == Code::MissingOutcomeComment)
        .collect();
    assert_eq!(found.len(), 1, "{:?}", report.codes());
    assert_eq!(
        found[0].message,
        "goal 3, target 1 was not achieved but has no comment on why"
    );
    let line = yaml
        .lines()
        .position(|l| l == "        outcome: not_achieved")
        .map(|i| i + 1);
    assert_eq!(
        found[0].place.map(|p| p.line),
        line,
        "at the target's `outcome:`"
    );
}

#[test]
fn a_passed_review_with_no_outcomes_is_a_warning_on_the_day_of_the_check_only() {
    let plan = common::clean();
    let policy = common::policy("general");
    // The day of the check is the printing settings' `today`, as `iep check --today` gives it.
    let check = |text: &str, today: Option<Date>| {
        iep::Print {
            today,
            ..iep::Print::default()
        }
        .check(&Source::new("plan.yaml", text))
    };
    let on = |day: Date| check(CLEAN, Some(day)).codes();
    let after = on(Date::from_ymd(2027, 1, 26).expect("a date"));
    assert_eq!(
        after
            .iter()
            .filter(|c| **c == Code::OutcomeNotRecorded)
            .count(),
        4,
        "one for each target: {after:?}"
    );
    let on_the_day = on(Date::from_ymd(2027, 1, 25).expect("a date"));
    assert!(
        !on_the_day.contains(&Code::OutcomeNotRecorded),
        "{on_the_day:?}"
    );
    // The library reads no clock: without a day, no such finding.
    assert!(!common::codes(&plan, &policy).contains(&Code::OutcomeNotRecorded));
    // Recorded, it is no more.
    let report = check(&reviewed(), Date::from_ymd(2027, 6, 1));
    assert!(
        !report.codes().contains(&Code::OutcomeNotRecorded),
        "{:?}",
        report.codes()
    );
}

#[test]
fn the_command_checks_against_today_or_the_day_given() {
    let scratch = Scratch::new("cycle-today");
    let plan = scratch.write("plan.yaml", CLEAN);
    let output = iep(&["check", "--today", "2027-02-01", &plan]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("warning[outcome-not-recorded]: goal 1, target 1 has no outcome, and the review date (25 January 2027) has passed"),
        "{}",
        stdout(&output)
    );
    let before = iep(&["check", "--today", "24/01/2027", &plan]);
    assert!(
        !stdout(&before).contains("outcome-not-recorded"),
        "{}",
        stdout(&before)
    );
    let wrong = iep(&["check", "--today", "next week", &plan]);
    assert_eq!(wrong.status.code(), Some(2));
    assert_says(&wrong, &["--today"]);
}

#[test]
fn iep_next_writes_a_new_file_and_refuses_an_unreviewed_plan() {
    let scratch = Scratch::new("cycle-next");
    let reviewed_plan = scratch.write("sam-2026-10.yaml", &reviewed());
    let out = scratch.0.join("sam-2027-01.yaml").display().to_string();
    let output = iep(&[
        "next",
        &reviewed_plan,
        "--created",
        "25/01/2027",
        "-o",
        &out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(written.contains("previous_plan: 2026-10-05"), "{written}");
    // Never over an existing file.
    let again = iep(&["next", &reviewed_plan, "-o", &out]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(&out).ok().as_deref(),
        Some(written.as_str())
    );

    let unreviewed = scratch.write("ali.yaml", CLEAN);
    let refused_out = scratch.0.join("ali-next.yaml");
    let output = iep(&[
        "next",
        &unreviewed,
        "-o",
        &refused_out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_says(
        &output,
        &[
            "error[outcome-not-recorded]: goal 1, target 1 has no outcome: the review is not recorded yet",
            "ali.yaml:21:9",
            "no next plan written",
        ],
    );
    assert!(!refused_out.exists());
}

#[test]
fn text_yaml_would_misread_comes_back_as_it_was_written() {
    let awkward = [
        "Note: use visuals",
        "yes",
        "#1 priority for the term",
        "- starts like a list",
        "20",
        "Says \"please\" and 'thank you'",
        "ہم چاہتے ہیں کہ سارہ پڑھے",
        "Two lines\nof notes",
        "@home with mum",
        "2027-01-15",
    ];
    for text in awkward {
        let quoted = serde_json::to_string(text).unwrap_or_default();
        let yaml = reviewed().replacen(
            "strategies: Flash cards",
            &format!("strategies: {quoted}"),
            1,
        );
        let written = next(&yaml, &common::policy("general"));
        let plan = parse(&written);
        assert_eq!(
            plan.previous_targets[1].actions.as_deref(),
            Some(text),
            "{written}"
        );
    }
}

/// A Durants plan at its annual review: six terms of monitoring on every target, what was
/// achieved, the outcomes and why.
fn annual_review() -> String {
    std::fs::read_to_string("tests/realistic/durants-review-notes.yaml").unwrap_or_default()
}

#[test]
fn the_next_plan_keeps_every_word_the_annual_review_recorded() {
    let reviewed = parse(&annual_review());
    let policy = common::policy("durants");
    // The planning meeting in July, before the summer: the same school year.
    let text = iep::Plan::next_plan(&reviewed, &policy, Date::from_ymd(2027, 7, 12))
        .unwrap_or_else(|e| panic!("{e}"));
    let next = parse(&text);
    assert_eq!(next.previous_targets.len(), 4, "{text}");
    for ((_, _, target), previous) in reviewed.targets().zip(&next.previous_targets) {
        let comment = previous.comment.as_deref().unwrap_or_default();
        let recorded = [
            &target.review_comment,
            &target.modified,
            &target.achievement,
        ];
        let notes = target
            .monitoring
            .iter()
            .chain(recorded.into_iter().flatten());
        for note in notes {
            assert!(
                comment.contains(note.as_str()),
                "{note:?} is not in {comment:?}"
            );
        }
        // Each term's note under its term, as the form's columns head them.
        assert!(comment.contains("Term 6: Summer 2"), "{comment}");
        assert!(comment.contains("Achievement: "), "{comment}");
    }
    assert_eq!(next.pupil.year_group.as_deref(), Some("Year 10"), "{text}");
}

#[test]
fn a_next_plan_in_a_later_school_year_asks_for_the_year_group_again() {
    let reviewed = parse(&annual_review());
    let policy = common::policy("durants");
    // The annual review in July, the next plan in September: Year 10 is now Year 11.
    let text = iep::Plan::next_plan(&reviewed, &policy, Date::from_ymd(2027, 9, 13))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.contains(
            "  year_group:                  # was \"Year 10\" in 2026-27; this plan is in 2027-28: which year group now?\n"
        ),
        "{text}"
    );
    // Never carried over unseen: `iep check` stops at the line until the meeting fills it in.
    let report = iep::check(&Source::new("next.yaml", &text));
    let finding = report
        .diagnostics
        .iter()
        .find(|d| {
            d.field
                .as_ref()
                .is_some_and(|f| f.to_string() == "pupil.year_group")
        })
        .unwrap_or_else(|| panic!("no finding at the year group: {report}"));
    assert_eq!(finding.code, Code::MissingField);
    assert_eq!(finding.place.map(|p| p.line), Some(12), "{text}");
    // A Scottish school goes back in mid-August: that is the new year too.
    let august = iep::Plan::next_plan(&reviewed, &policy, Date::from_ymd(2027, 8, 18))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(parse(&august).pupil.year_group.is_none(), "{august}");
}

/// A reviewed plan as a hostile or careless file holds it: a name with line breaks that would
/// plant fields, terminal escapes (ESC and the one-byte C1 CSI), and a target pasted from Word
/// with its byte-order mark.
const PLANTED: &str =
    "Sam Example\nform: ../../other-school/form.yaml\ngroup_plan: /etc/passwd\n# ";

#[test]
fn iep_next_quotes_every_text_so_none_can_plant_a_field_or_reach_a_terminal() {
    let scratch = Scratch::new("cycle-next-hostile");
    let name = serde_json::to_string(PLANTED).unwrap_or_default();
    let hostile = reviewed()
        .replacen("  name: Sam Example", &format!("  name: {name}"), 1)
        .replacen(
            "  date_of_birth:",
            "  known_as: \"Sam\\e]0;owned\\a\\u009b2J\"\n  date_of_birth:",
            1,
        )
        .replacen(
            "      - target: Takes turns to speak in a group of four",
            "      - target: \"\\uFEFFTakes turns to speak in a group of four\"",
            1,
        );
    let original = parse(&hostile);
    assert!(original.targets().next().is_some_and(|(_, _, t)| {
        t.target
            .as_deref()
            .is_some_and(|t| t.starts_with('\u{FEFF}'))
    }));
    let plan = scratch.write("sam.yaml", &hostile);
    let out = scratch.0.join("sam-next.yaml");
    let output = iep(&[
        "next",
        &plan,
        "--created",
        "2027-01-25",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    // No line the name made, not even inside the first comment.
    for line in written.lines() {
        assert!(
            !line.starts_with("form:") && !line.starts_with("group_plan:"),
            "a field was planted: {line}\n{written}"
        );
    }
    assert!(
        !written
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{FEFF}'),
        "a control character reached the file raw:\n{written}"
    );
    // And it all reads back as it was.
    let next = iep::Plan::load(&out).unwrap_or_else(|e| panic!("{e}\n{written}"));
    assert_eq!(next.form, None);
    assert_eq!(next.group_plan, None);
    assert_eq!(next.pupil.name, original.pupil.name);
    assert_eq!(next.pupil.known_as, original.pupil.known_as);
    assert_eq!(
        next.previous_targets[0].target,
        original.goals[0].targets[0]
            .target
            .clone()
            .unwrap_or_default()
    );
    // Every text the plan gave is quoted: no value starts bare.
    for line in written.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let Some((key, value)) = line.trim_start().trim_start_matches("- ").split_once(": ") else {
            continue;
        };
        let value = value.split("  #").next().unwrap_or_default().trim();
        let code = [
            "form",
            "outcome",
            "area",
            "created",
            "previous_plan",
            "date_of_birth",
            "asn_level",
        ];
        if !value.is_empty() && !code.contains(&key) {
            assert!(value.starts_with('"'), "`{key}` is not quoted: {line}");
        }
    }
}

#[test]
fn each_built_in_form_prints_the_outcomes_and_comments_of_a_reviewed_plan() {
    let plan = parse(&reviewed());
    for name in ["general", "highland", "durants"] {
        let form = iep::FormRef::builtin(name)
            .expect("a built-in form")
            .get()
            .unwrap_or_else(|e| panic!("{e}"));
        let document = form
            .lay_out(&plan, std::path::Path::new("."))
            .unwrap_or_else(|e| panic!("{e}"));
        let pdf = PdfRenderer::default()
            .render(&document)
            .unwrap_or_else(|e| panic!("{e}"));
        let (ok, text) = tool("pdftotext", &["-enc", "UTF-8"], &pdf, "pdf");
        assert!(ok, "{text}");
        let text = common::squeeze(&text);
        for expected in [
            "Outcome: partially achieved",
            "Outcome: not achieved",
            "needs more time, reads 18 of 20",
            "Modified: Down to 10 words a day from week 4",
        ] {
            assert!(
                common::solid(&text).contains(&common::solid(expected)),
                "{name}: {expected:?} not printed in:\n{text}"
            );
        }
        let report = common::check_on(&Source::new("plan.yaml", reviewed()), Some(name), false);
        let unprinted: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::NotOnForm)
            .map(|d| &d.message)
            .collect();
        assert!(
            !unprinted.iter().any(|m| m.contains("outcome")
                || m.contains("review_comment")
                || m.contains("modified")),
            "{name}: {unprinted:?}"
        );
    }
}

#[test]
fn the_review_sheet_has_every_target_the_outcomes_to_tick_and_what_to_consider() {
    let source = Source::new("plan.yaml", reviewed());
    let printed = iep::Print {
        kind: iep::DocumentKind::Review(None),
        ..iep::Print::default()
    }
    .lay_out(&source)
    .unwrap_or_else(|e| panic!("{e}"));
    let pdf = PdfRenderer::default()
        .render(&printed.document)
        .unwrap_or_else(|e| panic!("{e}"));
    let (ok, text) = tool("pdftotext", &["-enc", "UTF-8"], &pdf, "pdf");
    assert!(ok, "{text}");
    let plan = parse(&reviewed());
    let solid = common::solid(&text);
    for (_, _, target) in plan.targets() {
        for field in [&target.target, &target.success] {
            let field = field.as_deref().unwrap_or_default();
            assert!(
                solid.contains(&common::solid(field)),
                "{field:?} not in:\n{text}"
            );
        }
    }
    for choice in ["fullyachieved", "partiallyachieved", "notachieved"] {
        let ticks = ["□", "■"].map(|box_| solid.matches(&format!("{box_}{choice}")).count());
        assert_eq!(ticks[0] + ticks[1], 4, "{choice:?} once a target:\n{text}");
    }
    // What the review recorded is ticked: two fully achieved, one each of the others.
    assert_eq!(text.matches("■").count(), 4, "{text}");
    assert_eq!(text.matches("□").count(), 8, "{text}");
    for asked in [
        "Were the targets the right ones for the pupil?",
        "Were the strategies effective?",
        "The pupil's view of how it went",
        "The parents' or carers' view",
        "Targets for the next plan",
    ] {
        assert!(
            solid.contains(&common::solid(asked)),
            "{asked:?} not in:\n{text}"
        );
    }
    let (ok, report) = tool("pdfua", &["check"], &pdf, "pdf");
    assert!(ok, "{report}");
}

#[test]
fn iep_review_writes_the_sheet_beside_the_plans_name_in_pdf_and_docx() {
    let scratch = Scratch::new("cycle-review");
    let plan = scratch.write("sam.yaml", &reviewed());
    let out = scratch.0.join("review").display().to_string();
    let output = iep(&["review", &plan, "--to", "pdf,docx", "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        common::files(&scratch.0.join("review")),
        ["sam-review.docx", "sam-review.pdf"]
    );
    let docx =
        std::fs::read(scratch.0.join("review/sam-review.docx")).unwrap_or_else(|e| panic!("{e}"));
    // The text without its markup: words in the narrow outcome column carry their hyphenation
    // points (Word's optional hyphens, `<w:softHyphen/>`) between pieces of text.
    let mut in_tag = false;
    let document: String = common::docx_part(&docx, "word/document.xml")
        .chars()
        .filter(|c| {
            let keep = !in_tag && *c != '<';
            in_tag = (in_tag || *c == '<') && *c != '>';
            keep
        })
        .collect();
    assert!(document.contains("Reads the remaining 6 of 20 common words"));
    assert!(document.contains("partially achieved"));
}

/// `yaml` with the review of each of its targets recorded after the target's line `last`.
fn with_outcomes(yaml: &str, last: &str, review: &[(&str, Option<&str>)]) -> String {
    let mut out = String::new();
    let mut review = review.iter();
    for line in yaml.split_inclusive('\n') {
        out += line;
        if line.trim() == last {
            let (outcome, comment) = review.next().expect("an outcome for each target");
            out += &format!("        outcome: {outcome}\n");
            if let Some(comment) = comment {
                out += &format!("        review_comment: {comment}\n");
            }
        }
    }
    assert!(review.next().is_none(), "more outcomes than targets");
    out
}

/// Three successive plans of one pupil: the first and second reviewed, the third not yet. The
/// second sets one of the first's targets again.
fn three_plans() -> [String; 3] {
    let first = reviewed();
    let second = filled_in(&next(&first, &common::policy("general"))).replacen(
        "New step 2, a little further than last term",
        "Reads the remaining 6 of 20 common words",
        1,
    );
    let second = with_outcomes(
        &second,
        "by: 2027-04-30",
        &[
            ("fully_achieved", None),
            ("fully_achieved", None),
            ("not_achieved", Some("Needs a smaller step")),
            ("partially_achieved", Some("3 of 5 days")),
        ],
    );
    let third = filled_in(
        &iep::Plan::next_plan(
            &parse(&second),
            &common::policy("general"),
            Date::from_ymd(2027, 5, 24),
        )
        .unwrap_or_else(|e| panic!("{e}")),
    )
    .replace("New step", "Third-term step")
    .replace("2027-04-30", "2027-07-16")
    .replace("review: 2027-05-24 ", "review: 2027-09-20 ")
    .replace("agreed: 2027-02-01 ", "agreed: 2027-06-01 ");
    [first, second, third]
}

#[test]
fn the_history_of_three_plans_counts_each_review_and_finds_what_was_set_twice_and_what_worked() {
    let plans: Vec<iep::Plan> = three_plans().iter().rev().map(|yaml| parse(yaml)).collect();
    let histories = iep::History::of(&plans);
    assert_eq!(histories.len(), 1, "one pupil");
    let history = &histories[0];
    assert_eq!(history.pupil, "Sam Example");
    assert_eq!(history.plans(), 3);
    // The records as an embedding program reads them: the history's serde form.
    let record = serde_json::to_value(history).unwrap_or_else(|e| panic!("{e}"));
    let plans = record["plans"].as_array().cloned().unwrap_or_default();
    let created: Vec<_> = plans.iter().map(|p| p["created"].clone()).collect();
    assert_eq!(
        created,
        ["2026-10-05", "2027-01-25", "2027-05-24"],
        "in the order they were drawn up"
    );
    let counts: Vec<_> = plans.iter().map(|p| p["counts"].clone()).collect();
    let c = |fully, partially, not, unrecorded| {
        serde_json::json!({
            "fully_achieved": fully,
            "partially_achieved": partially,
            "not_achieved": not,
            "not_recorded": unrecorded,
        })
    };
    assert_eq!(counts, [c(2, 1, 1, 0), c(2, 1, 1, 0), c(0, 0, 0, 4)]);
    let repeated = record["repeated"].as_array().cloned().unwrap_or_default();
    assert_eq!(repeated.len(), 1, "{repeated:?}");
    assert_eq!(
        repeated[0]["target"],
        "Reads the remaining 6 of 20 common words"
    );
    assert_eq!(repeated[0]["plans"], serde_json::json!(created[..2]));
    let worked: Vec<_> = record["successful"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| a["strategies"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        worked,
        [
            "Turn-taking cards",
            "Visual timetable",
            "Short daily practice with praise for each step",
            "Short daily practice with praise for each step"
        ]
    );
}

#[test]
fn another_pupil_or_the_same_name_born_another_day_gets_a_history_of_their_own() {
    let [first, second, _] = three_plans();
    let twin = second.replacen("date_of_birth: 2017-04-12", "date_of_birth: 2016-01-30", 1);
    let other = first.replacen("name: Sam Example", "name: Ali Khan", 1);
    let plans: Vec<iep::Plan> = [first, twin, other].iter().map(|y| parse(y)).collect();
    let names: Vec<_> = iep::History::of(&plans)
        .iter()
        .map(|h| (h.pupil.clone(), h.plans()))
        .collect();
    assert_eq!(
        names,
        [
            ("Ali Khan".to_owned(), 1),
            ("Sam Example".to_owned(), 1),
            ("Sam Example".to_owned(), 1)
        ]
    );
}

#[test]
fn iep_history_writes_a_document_and_json_for_a_folder_of_plans() {
    let scratch = Scratch::new("cycle-history");
    for (i, yaml) in three_plans().iter().enumerate() {
        scratch.write(&format!("sam-{i}.yaml"), yaml);
    }
    let folder = scratch.0.display().to_string();
    let out = scratch.0.join("history");
    let output = iep(&[
        "history",
        &folder,
        "--to",
        "pdf,docx",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        common::files(&out),
        ["sam-example-history.docx", "sam-example-history.pdf"]
    );
    let pdf = std::fs::read(out.join("sam-example-history.pdf")).unwrap_or_else(|e| panic!("{e}"));
    let (ok, text) = tool("pdftotext", &["-layout", "-enc", "UTF-8"], &pdf, "pdf");
    assert!(ok, "{text}");
    for expected in [
        "IEP history: Sam Example",
        "At each review",
        "Targets set more than once",
        "Approaches that worked",
        "Turn-taking cards",
        "not recorded",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let (ok, report) = tool("pdfua", &["check"], &pdf, "pdf");
    assert!(ok, "{report}");

    let json = iep(&["history", &folder, "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let value: serde_json::Value =
        serde_json::from_str(&stdout(&json)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value[0]["plans"][0]["counts"]["fully_achieved"], 2);
    assert_eq!(value[0]["plans"][2]["counts"]["not_recorded"], 4);
}

#[test]
fn the_next_plan_in_another_folder_says_when_its_photo_is_out_of_that_folder() {
    let scratch = Scratch::new("cycle-photo");
    std::fs::create_dir_all(scratch.0.join("2026/photos")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(scratch.0.join("2026/photos/sam.png"), common::png())
        .unwrap_or_else(|e| panic!("{e}"));
    let yaml = reviewed().replacen(
        "  year_group: P5\n",
        "  year_group: P5\n  photo: photos/sam.png\n",
        1,
    );
    let plan = scratch.write("2026/sam.yaml", &yaml);
    // In a folder above: the photo is named from the new folder, and found.
    let above = scratch.0.join("sam.yaml");
    let output = iep(&["next", &plan, "-o", &above.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let next = iep::Plan::load(&above).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        next.pupil.photo.as_deref(),
        Some(std::path::Path::new("2026/photos/sam.png"))
    );
    let check = iep(&["check", &above.display().to_string()]);
    assert!(
        !stdout(&check).contains("missing-image"),
        "{}",
        stdout(&check)
    );
    // In a folder beside it: the path leads out of the new plan's folder, which iep does not
    // read from (issue 23), and `iep next` says so rather than write a plan that fails later
    // without a word.
    let beside = scratch.0.join("2027/sam.yaml");
    std::fs::create_dir_all(scratch.0.join("2027")).unwrap_or_else(|e| panic!("{e}"));
    let output = iep(&["next", &plan, "-o", &beside.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("warning: `pupil.photo` names a file outside the next plan's folder"),
        "{}",
        stderr(&output)
    );
    let next = iep::Plan::load(&beside).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        next.pupil.photo.as_deref(),
        Some(std::path::Path::new("../2026/photos/sam.png"))
    );
    let check = iep(&["check", &beside.display().to_string()]);
    assert!(
        stdout(&check).contains("missing-image")
            && stdout(&check).contains("leads out of the folder"),
        "{}",
        stdout(&check)
    );
}
