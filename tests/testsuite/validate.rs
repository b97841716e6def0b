//! Validation rules, one behaviour each: every rule fails on a plan that breaks it and passes on
//! the nearest plan that does not.

use crate::common;

use common::{clean, codes, edited, parse};
use iep::{Code, Date, Policy, Severity, Target};

fn plan_of(text: &str) -> iep::Plan {
    match parse(text) {
        Ok(plan) => plan,
        Err(error) => panic!("does not load: {error}"),
    }
}

fn has(text: &str, policy: &Policy, code: Code) -> bool {
    codes(&plan_of(text), policy).contains(&code)
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("bad date {text}"))
}

/// A complete target due on `by`.
fn target(by: &str) -> Target {
    Target {
        target: Some("Does a thing".into()),
        strategies: Some("Practice".into()),
        who: Some("Class teacher".into()),
        success: Some("Does it 4 times in 5".into()),
        by: Some(date(by)),
        ..Target::default()
    }
}

#[test]
fn the_clean_plan_is_clean_under_every_builtin_policy() {
    for policy in [
        Policy::general(),
        common::policy("highland"),
        common::policy("durants"),
    ] {
        assert_eq!(codes(&clean(), &policy), [], "{policy:?}");
    }
}

// Errors.

#[test]
fn more_targets_than_the_policy_allows_is_an_error() {
    let mut plan = clean();
    plan.goals[0]
        .targets
        .extend((0..5).map(|_| target("2027-01-15")));
    assert_eq!(plan.targets().count(), 9);
    assert!(codes(&plan, &common::policy("highland")).contains(&Code::TooManyTargets));
}

#[test]
fn exactly_the_maximum_number_of_targets_is_allowed() {
    let mut plan = clean();
    plan.goals[0]
        .targets
        .extend((0..4).map(|_| target("2027-01-15")));
    assert_eq!(plan.targets().count(), 8);
    let found = codes(&plan, &common::policy("highland"));
    assert!(!found.contains(&Code::TooManyTargets), "{found:?}");
}

#[test]
fn too_many_targets_points_at_the_first_target_over_the_limit() {
    let mut plan = clean();
    plan.goals[3]
        .targets
        .extend((0..5).map(|_| target("2027-01-15")));
    let report = iep::Plan::validate(&plan, &common::policy("highland"));
    let error = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::TooManyTargets);
    let field = error
        .and_then(|e| e.field.as_ref())
        .map(ToString::to_string);
    assert_eq!(field.as_deref(), Some("goals[3].targets[5]"));
}

#[test]
fn a_policy_sets_its_own_maximum_of_targets() {
    let policy = Policy {
        max_targets: 3,
        key_targets: 3,
        ..Policy::general()
    };
    assert!(codes(&clean(), &policy).contains(&Code::TooManyTargets));
}

#[test]
fn no_review_date_is_an_error() {
    let text = edited("  review: 2027-01-25\n", "");
    assert!(has(&text, &Policy::general(), Code::MissingReviewDate));
}

#[test]
fn no_created_date_is_an_error() {
    let text = edited("  created: 2026-10-05\n", "");
    assert!(has(&text, &Policy::general(), Code::MissingCreatedDate));
}

#[test]
fn each_missing_smart_field_is_an_error_naming_goal_target_and_field() {
    for (line, field) in [
        (
            "      - target: Takes turns to speak in a group of four\n        strategies",
            "target",
        ),
        ("        strategies: Turn-taking cards\n", "strategies"),
        ("        who: Class teacher\n        success: Waits", "who"),
        (
            "        success: Waits for a turn in 4 of 5 sessions\n",
            "success",
        ),
        ("        by: 2027-01-15\n        pupil_words: I wait", "by"),
    ] {
        let replacement = match field {
            "target" => "      - strategies",
            "who" => "        success: Waits",
            "by" => "        pupil_words: I wait",
            _ => "",
        };
        let plan = plan_of(&edited(line, replacement));
        let report = iep::Plan::validate(&plan, &Policy::general());
        let errors: Vec<_> = report.errors().collect();
        assert_eq!(errors.len(), 1, "{field}: {report}");
        assert_eq!(errors[0].code, Code::MissingSmartField);
        assert!(
            errors[0].message.starts_with("goal 1, target 1 has no "),
            "{}",
            errors[0].message
        );
        assert!(
            errors[0].message.contains(&format!("(`{field}`)")),
            "{}",
            errors[0].message
        );
    }
}

#[test]
fn a_smart_field_of_only_spaces_counts_as_missing() {
    let text = edited(
        "success: Waits for a turn in 4 of 5 sessions",
        "success: \"   \"",
    );
    assert!(has(&text, &Policy::general(), Code::MissingSmartField));
}

#[test]
fn a_goal_with_no_area_is_not_relevant() {
    let text = edited(
        "  - area: communication_and_interaction\n    long_term",
        "  - long_term",
    );
    let report = iep::Plan::validate(&plan_of(&text), &Policy::general());
    let error = report.errors().next().map(|e| (e.code, e.message.clone()));
    assert_eq!(
        error,
        Some((
            Code::MissingSmartField,
            "goal 1 has no area of need (`area`), so its targets are not shown to be Relevant"
                .into()
        ))
    );
}

#[test]
fn a_target_due_after_the_review_is_an_error() {
    let text = edited("by: 2027-01-15", "by: 2027-01-26");
    assert!(has(&text, &Policy::general(), Code::TargetAfterReview));
}

#[test]
fn a_target_due_on_the_review_day_is_allowed() {
    let text = edited("by: 2027-01-15", "by: 2027-01-25");
    assert!(!has(&text, &Policy::general(), Code::TargetAfterReview));
}

#[test]
fn a_review_on_or_before_the_created_date_is_an_error() {
    for review in ["2026-10-05", "2026-09-01"] {
        let text = edited("review: 2027-01-25", &format!("review: {review}"));
        assert!(
            has(&text, &Policy::general(), Code::ReviewBeforeCreated),
            "{review}"
        );
    }
}

#[test]
fn an_outcome_short_of_fully_achieved_needs_a_comment() {
    for outcome in ["partially_achieved", "not_achieved"] {
        let text = edited(
            "outcome: partially_achieved\n    comment: Reads 14 of the 20\n",
            &format!("outcome: {outcome}\n"),
        );
        assert!(
            has(&text, &Policy::general(), Code::MissingOutcomeComment),
            "{outcome}"
        );
    }
}

#[test]
fn a_fully_achieved_outcome_needs_no_comment() {
    let text = edited(
        "outcome: partially_achieved\n    comment: Reads 14 of the 20\n",
        "outcome: fully_achieved\n",
    );
    assert!(!has(&text, &Policy::general(), Code::MissingOutcomeComment));
}

#[test]
fn an_asn_level_outside_one_to_four_is_an_error() {
    for level in ["0", "5", "40"] {
        let text = edited("asn_level: 2", &format!("asn_level: {level}"));
        assert!(
            has(&text, &common::policy("highland"), Code::AsnLevelOutOfRange),
            "{level}"
        );
    }
    for level in ["1", "4"] {
        let text = edited("asn_level: 2", &format!("asn_level: {level}"));
        assert!(
            !has(&text, &common::policy("highland"), Code::AsnLevelOutOfRange),
            "{level}"
        );
    }
}

#[test]
fn a_plan_with_no_goals_is_an_error() {
    let mut plan = clean();
    plan.goals.clear();
    assert!(codes(&plan, &Policy::general()).contains(&Code::NoGoals));
}

#[test]
fn durants_needs_a_target_in_each_of_the_four_areas() {
    let mut plan = clean();
    plan.goals.remove(2); // sensory and physical
    let report = iep::Plan::validate(&plan, &common::policy("durants"));
    let errors: Vec<_> = report
        .errors()
        .map(|e| (e.code, e.message.clone()))
        .collect();
    assert_eq!(
        errors,
        [(
            Code::AreaNotCovered,
            "no target in the area \"Sensory and physical\", which this school's plans must cover"
                .to_owned()
        )]
    );
    assert!(!codes(&plan, &Policy::general()).contains(&Code::AreaNotCovered));
}

#[test]
fn an_area_whose_goal_has_no_targets_is_not_covered() {
    let mut plan = clean();
    plan.goals[0].targets.clear();
    assert!(codes(&plan, &common::policy("durants")).contains(&Code::AreaNotCovered));
}

#[test]
fn more_monitoring_notes_than_terms_is_an_error() {
    let mut plan = clean();
    plan.goals[0].targets[0].monitoring = vec!["note".into(); 7];
    assert!(codes(&plan, &common::policy("durants")).contains(&Code::TooManyMonitoringNotes));
    plan.goals[0].targets[0].monitoring.truncate(6);
    assert!(!codes(&plan, &common::policy("durants")).contains(&Code::TooManyMonitoringNotes));
}

// Warnings.

#[test]
fn a_plan_with_no_agreed_date_is_a_draft() {
    let text = edited("  agreed: 2026-10-12\n", "");
    let plan = plan_of(&text);
    assert!(plan.is_draft());
    assert_eq!(codes(&plan, &Policy::general()), [Code::DraftPlan]);
}

#[test]
fn missing_views_are_warnings() {
    let text = edited(
        "  pupil: I like drawing.\n  parents: We want Sam to be confident.\n",
        "  pupil: \" \"\n",
    );
    let report = iep::Plan::validate(&plan_of(&text), &common::policy("highland"));
    let mut found = report.codes();
    found.sort();
    assert_eq!(found, [Code::MissingPupilView, Code::MissingParentsView]);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

#[test]
fn more_than_four_key_targets_is_a_warning() {
    let mut plan = clean();
    plan.goals[0].targets.push(target("2027-01-15"));
    assert_eq!(codes(&plan, &Policy::general()), [Code::TooManyKeyTargets]);
}

#[test]
fn a_review_beyond_the_termly_cycle_is_a_warning() {
    let text = edited("review: 2027-01-25", "review: 2027-02-06");
    assert!(has(&text, &Policy::general(), Code::ReviewTooFar));
    let within = edited("review: 2027-01-25", "review: 2027-02-05");
    assert!(!has(&within, &Policy::general(), Code::ReviewTooFar));
}

#[test]
fn durants_reviews_annually() {
    let text = edited("review: 2027-01-25", "review: 2027-10-04");
    assert!(!has(&text, &common::policy("durants"), Code::ReviewTooFar));
    assert!(has(&text, &Policy::general(), Code::ReviewTooFar));
    let late = edited("review: 2027-01-25", "review: 2027-10-06");
    assert!(has(&late, &common::policy("durants"), Code::ReviewTooFar));
}

#[test]
fn a_short_term_target_longer_than_a_term_is_a_warning() {
    let mut plan = clean();
    plan.plan.review = Some(date("2027-06-01"));
    plan.goals[0].targets[0].by = Some(date("2027-01-19")); // 15 weeks and a day
    assert!(codes(&plan, &Policy::general()).contains(&Code::TargetTooLong));
    plan.goals[0].targets[0].by = Some(date("2027-01-18")); // 15 weeks
    assert!(!codes(&plan, &Policy::general()).contains(&Code::TargetTooLong));
}

#[test]
fn the_weeks_a_target_runs_are_said_with_the_days_over() {
    let mut plan = clean();
    plan.plan.review = Some(date("2027-06-01"));
    plan.goals[0].targets[0].by = Some(date("2027-01-22")); // 15 weeks and 4 days
    let report = iep::Plan::validate(&plan, &Policy::general());
    let warning = report
        .warnings()
        .find(|w| w.code == Code::TargetTooLong)
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(
        warning.message,
        "goal 1, target 1 runs for 15 weeks and 4 days; a short-term target should be met within 15 weeks (about a term)"
    );
    plan.goals[0].targets[0].by = Some(date("2027-01-25")); // 16 weeks
    let report = iep::Plan::validate(&plan, &Policy::general());
    assert!(
        report
            .warnings()
            .any(|w| w.message.contains("runs for 16 weeks; a short-term")),
        "{report}"
    );
}

#[test]
fn a_target_due_before_the_plan_was_made_is_a_warning() {
    let text = edited("by: 2026-12-18", "by: 2026-09-18");
    assert!(has(&text, &Policy::general(), Code::TargetBeforeCreated));
}

#[test]
fn jargon_in_text_for_parents_is_a_warning() {
    let text = edited("who: Support assistant", "who: SALT and the TA");
    let report = iep::Plan::validate(&plan_of(&text), &Policy::general());
    let messages: Vec<_> = report
        .warnings()
        .map(|w| (w.code, w.message.clone()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                Code::Jargon,
                "goal 2, target 1, `who`: \"SALT\" is jargon parents may not know".into()
            ),
            (
                Code::Jargon,
                "goal 2, target 1, `who`: \"TA\" is jargon parents may not know".into()
            ),
        ]
    );
}

#[test]
fn an_unknown_acronym_is_named_and_pointed_at() {
    let text = edited(
        "strategies: Flash cards",
        "strategies: Flash cards and the XQZ scheme",
    );
    let report = iep::Plan::validate(&plan_of(&text), &Policy::general());
    let warning = report
        .warnings()
        .find(|w| w.code == Code::Jargon)
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        warning.message.contains("\"XQZ\" is an acronym"),
        "{warning}"
    );
    // Line 32 of the plan, at the word itself.
    assert_eq!(warning.place.map(|p| (p.line, p.column)), Some((32, 41)));
}

#[test]
fn each_acronym_of_a_line_is_one_finding_at_its_word() {
    let text = edited(
        "target: Reads the remaining 6 of 20 common words",
        "target: Reads CVC and CCVC words, then CVC again",
    );
    let report = iep::Plan::validate(&plan_of(&text), &Policy::general());
    let jargon: Vec<(String, Option<usize>)> = report
        .warnings()
        .filter(|w| w.code == Code::Jargon)
        .map(|w| (w.message.clone(), w.place.map(|p| p.column)))
        .collect();
    assert_eq!(jargon.len(), 2, "{jargon:?}");
    assert!(jargon[0].0.contains("\"CVC\""), "{jargon:?}");
    assert!(jargon[1].0.contains("\"CCVC\""), "{jargon:?}");
    assert_eq!((jargon[0].1, jargon[1].1), (Some(23), Some(31)));
}

#[test]
fn a_long_word_in_capitals_is_not_repeated_in_the_message() {
    let text = edited(
        "strategies: Flash cards",
        "strategies: Flash cards and the ABRACADABRA scheme",
    );
    let report = iep::Plan::validate(&plan_of(&text), &Policy::general());
    let warning = report.warnings().find(|w| w.code == Code::Jargon);
    assert!(
        warning.is_some_and(|w| !w.message.contains("ABRACADABRA")),
        "{report}"
    );
}

#[test]
fn an_acronym_explained_anywhere_in_the_plan_is_not_jargon() {
    let spelled = edited(
        "who: Support assistant",
        "who: Speech and language therapy (SALT)",
    );
    let text = spelled.replacen(
        "strategies: Flash cards",
        "strategies: Flash cards from SALT",
        1,
    );
    assert!(!has(&text, &Policy::general(), Code::Jargon));
    let meaning = edited(
        "who: Support assistant",
        "who: SALT, the speech and language therapy service",
    );
    assert!(!has(&meaning, &Policy::general(), Code::Jargon));
}

#[test]
fn mac_and_mc_surnames_are_names_not_acronyms() {
    let text = edited(
        "who: Support assistant",
        "who: Mrs MacRae, Mr McLeod, Ms McKenzie-Smith and Mr O\u{2019}Brien",
    );
    assert!(!has(&text, &Policy::general(), Code::Jargon));
    // Capitals with nothing small between them are still an acronym.
    let text = edited(
        "who: Support assistant",
        "who: Mrs MacRae and the SpLD team",
    );
    let report = iep::Plan::validate(&plan_of(&text), &Policy::general());
    let jargon: Vec<&str> = report
        .warnings()
        .filter(|w| w.code == Code::Jargon)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        jargon,
        ["goal 2, target 1, `who`: \"SpLD\" is jargon parents may not know"]
    );
}

#[test]
fn an_acronym_spelled_out_beside_it_is_explained_soft_hyphens_and_all() {
    for who in [
        // Pasted from Word: a soft hyphen in "co-ordinator".
        "who: Mr Jones, SENCo (special educational needs co\u{AD}ordinator)",
        "who: Mr Jones, SENCo (special educational needs coordinator)",
        "who: Mr Jones, the special educational needs co-ordinator (SENCo)",
        "who: Physiotherapist for developmental co-ordination disorder (DCD, or dyspraxia)",
        "who: Physiotherapist for developmental co\u{AD}ordination disorder, DCD",
    ] {
        let text = edited("who: Support assistant", who);
        assert!(!has(&text, &Policy::general(), Code::Jargon), "{who}");
    }
    // Brackets that do not spell it out explain nothing.
    for who in ["who: The SENCo (twice a week)", "who: The OT (on Mondays)"] {
        let text = edited("who: Support assistant", who);
        assert!(has(&text, &Policy::general(), Code::Jargon), "{who}");
    }
}

#[test]
fn a_welsh_medium_plan_gets_only_the_findings_that_are_true() {
    let text =
        std::fs::read_to_string("tests/realistic/welsh-medium-primary.yaml").unwrap_or_default();
    let report = common::check_on(
        &iep::Source::new("welsh-medium-primary.yaml", text),
        None,
        true,
    );
    let findings: Vec<(Code, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert_eq!(
        findings,
        [(
            Code::TargetTooLong,
            "goal 1, target 1 runs for 15 weeks and 4 days; a short-term target should be met within 15 weeks (about a term)"
        )]
    );
}

#[test]
fn the_pupils_and_parents_own_words_are_not_checked_for_jargon() {
    let text = edited(
        "parents: We want Sam to be confident.",
        "parents: The OT said it is ASD.",
    );
    assert!(!has(&text, &Policy::general(), Code::Jargon));
}

#[test]
fn a_target_set_again_unchanged_is_a_warning() {
    let text = edited(
        "target: Reads the remaining 6 of 20 common words",
        "target: read 20 common words.",
    );
    assert!(has(&text, &Policy::general(), Code::RepeatedTarget));
}

#[test]
fn durants_makes_a_repeated_target_an_error() {
    let text = edited(
        "target: Reads the remaining 6 of 20 common words",
        "target: Read 20 common words",
    );
    let report = iep::Plan::validate(&plan_of(&text), &common::policy("durants"));
    let repeated = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::RepeatedTarget);
    assert_eq!(repeated.map(|d| d.severity), Some(Severity::Error));
}

#[test]
fn a_goal_without_targets_is_a_warning() {
    let mut plan = clean();
    plan.goals[1].targets.clear();
    assert_eq!(codes(&plan, &Policy::general()), [Code::GoalWithoutTargets]);
}

// Policies.

#[test]
fn a_policy_can_turn_a_rule_off_or_make_it_an_error() {
    let text = edited("  agreed: 2026-10-12\n", "");
    let plan = plan_of(&text);
    let off = Policy {
        rules: [(Code::DraftPlan, None)].into(),
        ..Policy::general()
    };
    assert_eq!(codes(&plan, &off), []);
    let strict = Policy {
        rules: [(Code::DraftPlan, Some(Severity::Error))].into(),
        ..Policy::general()
    };
    assert!(iep::Plan::validate(&plan, &strict).has_errors());
}

#[test]
fn a_policy_is_read_from_yaml_with_defaults_for_what_it_leaves_out() {
    let yaml = "max_targets: 6\nrequired_areas: [literacy]\nrules:\n  jargon: off\n";
    let policy: Policy = match serde_saphyr::from_str(yaml) {
        Ok(policy) => policy,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(policy.max_targets, 6);
    assert_eq!(policy.key_targets, Policy::general().key_targets);
    assert_eq!(policy.rules.get(&Code::Jargon), Some(&None), "off");
}

#[test]
fn diagnostics_point_at_the_yaml_line() {
    let text = edited("by: 2027-01-15", "by: 2027-02-15");
    let report = iep::Plan::validate(&plan_of(&text), &Policy::general());
    let error = report.errors().next().map(ToString::to_string);
    assert_eq!(
        error.as_deref(),
        Some(
            "25:9: error[target-after-review]: goal 1, target 1 is due after the next review date \
             (hint: a target should be met by the review that looks at it: move `by` earlier or the review later)"
        )
    );
}

/// The unprintable-text findings of `text` under `policy`, as "line: message".
fn unprintable(text: &str, policy: &Policy) -> Vec<String> {
    iep::Plan::validate(&plan_of(text), policy)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == Code::UnprintableText)
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning);
            format!("{}: {}", d.place.map_or(0, |p| p.line), d.message)
        })
        .collect()
}

#[test]
fn text_the_pdf_cannot_print_is_named_by_field_and_script() {
    let general = Policy::general();
    let cases = [
        (
            "strategies: Flash cards",
            "strategies: Flash cards 카드",
            "32: goal 2, target 1, `strategies`: Korean (U+CE74) cannot be printed in a PDF: no font iep has holds it, so `iep render` writes no PDF of this plan (a DOCX, `--to docx`, prints it)",
        ),
        (
            "pupil_words: I can read my 20 words.",
            "pupil_words: 我会读 words.",
            "36: goal 2, target 1, `pupil_words`: Chinese or Japanese (U+6211) cannot be printed in a PDF: no font iep has holds it, so `iep render` writes no PDF of this plan (a DOCX, `--to docx`, prints it)",
        ),
    ];
    for (from, to, expected) in cases {
        assert_eq!(unprintable(&edited(from, to), &general), [expected], "{to}");
    }
    // Text from across Europe, and the families' scripts (Urdu, Panjabi, Bengali, Arabic,
    // Gujarati, Tamil, Hindi, Hebrew, Persian with its non-joiner, Malayalam, Sinhala with its
    // joiner, Tigrinya and Amharic), quotes, dashes, currency, the signs Word pastes and emoji
    // print; invisible spaces pasted from the web are dropped, not refused.
    for text in [
        "Zoë Łukasz Siân Eóghan Ψυχολόγος Дмитрий “quoted” – £20 €15 ½ a\u{200B}b\u{FEFF}c\u{FE0F}",
        "ہم چاہتے ہیں کہ وہ پراعتماد ہو ਅਸੀਂ ਚਾਹੁੰਦੇ ਹਾਂ আমরা চাই نريد અમે நாங்கள் हम אנחנו",
        "می\u{200C}خواهیم ഞങ്ങൾ ශ්\u{200D}රී ዮናስ ኣብ ክፍሊ እንፈልገው",
        "• ▪ ✓ ✔ ☐ ☑ → ★ ½ £ ° × ⇒ ₹ 🐶 👍 ⚽",
    ] {
        let parents = format!("parents: {text}");
        assert_eq!(
            unprintable(
                &edited("parents: We want Sam to be confident.", &parents),
                &general
            ),
            Vec::<String>::new(),
            "{text}"
        );
    }
}

#[test]
fn a_script_the_pupils_typeface_lacks_prints_in_a_face_that_has_it() {
    // OpenDyslexic has no Greek: the wall prints it in Liberation Sans rather than refuse it.
    let text = edited("  asn_level: 2\n", "  asn_level: 2\n  font: opendyslexic\n")
        .replace("I can read my 20 words.", "I can read my 20 words, Ψ.");
    assert_eq!(unprintable(&text, &Policy::general()), Vec::<String>::new());
    assert_eq!(
        unprintable(&text, &Policy::general().with_pupil_checks()),
        Vec::<String>::new()
    );
    let text = text.replace("words, Ψ.", "words, 名.");
    let found = unprintable(&text, &Policy::general().with_pupil_checks());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].ends_with("`pupil_words`: Chinese or Japanese (U+540D) cannot be printed in a PDF: no font iep has holds it, so `iep render` writes no PDF of this plan (a DOCX, `--to docx`, prints it)"),
        "{found:?}"
    );
}
