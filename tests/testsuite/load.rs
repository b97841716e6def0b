//! Loading plans: what is accepted, and how broken or hostile input is refused: quickly, with a
//! located error, never a panic.

use crate::common;

use common::{CLEAN, edited, load_error, parse, refusal};
use iep::{Code, Date, Source};

fn error_text(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("the plan loaded, but should not have"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn the_clean_plan_loads_with_its_fields() {
    let plan = common::clean();
    assert_eq!(plan.name(), "Sam Example");
    assert_eq!(plan.goals.len(), 4);
    assert_eq!(plan.plan.review, Date::from_ymd(2027, 1, 25));
}

#[test]
fn every_example_plan_loads() {
    for name in ["highland", "durants", "general"] {
        let path = std::path::PathBuf::from(format!("examples/plans/{name}.yaml"));
        if let Err(error) = iep::Plan::load(&path) {
            panic!("{error}");
        }
    }
}

#[test]
fn uk_dates_are_read_day_first() {
    let plan = parse(&edited("review: 2027-01-25", "review: 25/01/2027")).ok();
    assert_eq!(
        plan.and_then(|p| p.plan.review),
        Date::from_ymd(2027, 1, 25)
    );
}

#[test]
fn an_impossible_date_is_an_error_at_its_line() {
    let text = edited("review: 2027-01-25", "review: 2027-13-45");
    assert_eq!(
        error_text(&text),
        "test.yaml:10:11: error[invalid-date]: `plan.review`: there is no month 13 \
         (hint: write the date of the next review meeting; `review_details` says how it will be held)"
    );
}

#[test]
fn an_unknown_field_suggests_the_nearest_one() {
    let text = edited("        success: Waits", "        sucess: Waits");
    assert_eq!(
        error_text(&text),
        "test.yaml:24:9: error[unknown-field]: goal 1, target 1: unknown field `sucess` (hint: did you mean `success`?)"
    );
}

#[test]
fn an_unknown_field_far_from_any_lists_the_fields() {
    let text = edited(
        "  year_group: P5\n",
        "  year_group: P5\n  favourite_colour: blue\n",
    );
    // Far from every field, the key may be anything the plan holds: it is not repeated.
    let message = error_text(&text);
    assert!(
        message.contains("an unknown field (a key that is not a field name)"),
        "{message}"
    );
    assert!(!message.contains("favourite_colour"), "{message}");
    assert!(
        message.contains("the fields here are `name`, `known_as`"),
        "{message}"
    );
}

#[test]
fn an_unknown_area_lists_the_areas_without_repeating_the_value() {
    let text = edited("area: cognition_and_learning", "area: SECRET-VALUE");
    let message = error_text(&text);
    assert!(
        message.starts_with(
            "test.yaml:28:11: error[invalid-value]: goal 2, `area`: not one of the values"
        ),
        "{message}"
    );
    assert!(message.contains("`literacy`"), "{message}");
    assert!(!message.contains("SECRET-VALUE"), "{message}");
}

#[test]
fn a_list_where_text_belongs_is_an_error_of_kind() {
    let text = edited("who: Key adult", "who: [Key adult, SECRET-VALUE]");
    let message = error_text(&text);
    assert_eq!(
        message,
        "test.yaml:53:14: error[invalid-value]: goal 4, target 1, `who`: expected text, found a list"
    );
}

#[test]
fn a_missing_required_field_is_named_and_the_plan_still_loads() {
    let text = edited("  name: Sam Example\n", "");
    assert!(
        common::parse(&text).is_ok(),
        "a plan missing its name still loads"
    );
    let report = iep::check(&iep::Source::new("test.yaml", text));
    let missing: Vec<String> = report
        .errors()
        .filter(|d| d.code == Code::MissingField)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        missing,
        [
            "2:1: error[missing-field]: the pupil's name is missing (`pupil.name`) (hint: add `name:` under `pupil:` with the pupil's full name)"
        ]
    );
}

#[test]
fn an_empty_required_field_is_named_at_its_line() {
    let text = edited("  name: Sam Example\n", "  name:\n");
    let report = iep::check(&iep::Source::new("test.yaml", text));
    let missing = report.errors().find(|d| d.code == Code::MissingField);
    assert_eq!(
        missing.and_then(|d| d.place).map(|p| (p.line, p.column)),
        Some((3, 3))
    );
}

#[test]
fn every_missing_required_field_is_reported_in_one_run() {
    let text = "plan:\n  created: 2026-10-05\n  review: 2027-01-25\n";
    let report = iep::check(&iep::Source::new("test.yaml", text));
    let fields: Vec<String> = report
        .errors()
        .filter(|d| d.code == Code::MissingField)
        .filter_map(|d| d.field.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(
        fields,
        [
            "school",
            "pupil.name",
            "pupil.date_of_birth",
            "pupil.year_group"
        ]
    );
}

#[test]
fn a_key_written_twice_is_an_error_at_the_second() {
    let text = edited("  year_group: P5\n", "  year_group: P5\n  year_group: P6\n");
    let message = error_text(&text);
    assert!(
        message.starts_with("test.yaml:6:3: error[duplicate-field]"),
        "{message}"
    );
}

#[test]
fn yaml_syntax_errors_are_located() {
    let text = edited("  year_group: P5\n", "  year_group: \"P5\n");
    let diagnostic = parse(&text)
        .err()
        .and_then(|e| e.diagnostics().first().cloned());
    assert_eq!(diagnostic.as_ref().map(|d| d.code), Some(Code::YamlSyntax));
    assert!(diagnostic.and_then(|d| d.place).is_some());
}

// Hostile and awkward files: each must be refused quickly with its own clear code.

#[test]
fn invalid_utf8_is_refused_at_its_line() {
    let mut bytes = CLEAN.as_bytes().to_vec();
    let at = CLEAN.find("Sam Example").unwrap_or(0);
    bytes[at + 1] = 0xE9; // "Sam" in Windows-1252 with an é
    let error = Source::from_bytes("test.yaml", &bytes)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some(
            "test.yaml:3:10: error[not-utf8]: the file is not UTF-8 text: byte 45 cannot be read \
             (hint: save the file as UTF-8; text pasted from old Word files is often Windows-1252)"
        )
    );
}

#[test]
fn utf16_is_refused_with_a_hint() {
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("school: x".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let error = Source::from_bytes("test.yaml", &bytes).err();
    assert_eq!(
        error.and_then(|e| e.diagnostics().first().map(|d| d.code)),
        Some(Code::NotUtf8)
    );
}

#[test]
fn a_byte_order_mark_is_dropped() {
    let bytes = [b"\xEF\xBB\xBF".as_slice(), CLEAN.as_bytes()].concat();
    let source = Source::from_bytes("test.yaml", &bytes);
    assert!(source.is_ok_and(|s| iep::Plan::parse(&s).is_ok()));
}

#[test]
fn an_empty_file_is_refused() {
    for text in ["", "\n\n", "# only a comment\n", "---\n"] {
        assert_eq!(load_error(text), Code::EmptyFile, "{text:?}");
    }
}

#[test]
fn a_file_that_is_not_a_mapping_is_refused() {
    for text in ["- a\n- b\n", "just some words\n", "42\n"] {
        assert_eq!(load_error(text), Code::NotAMapping, "{text:?}");
    }
}

/// The documented limits of a plan (README, "Limits"): bytes of its file, items of a list,
/// targets in all, characters of a text.
const MAX_PLAN_BYTES: usize = 1024 * 1024;
const MAX_LIST_ITEMS: usize = 32;
const MAX_TARGETS: usize = 32;
const MAX_TEXT_CHARS: usize = 10_000;

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let text = format!("{CLEAN}# {}\n", "x".repeat(MAX_PLAN_BYTES));
    let bytes = Source::from_bytes("big.yaml", text.as_bytes()).err();
    assert_eq!(
        bytes.and_then(|e| e.diagnostics().first().map(|d| d.code)),
        Some(Code::TooLarge)
    );
    assert_eq!(load_error(&text), Code::TooLarge);
}

#[test]
fn an_oversized_file_on_disk_is_not_read_whole() {
    let dir = std::env::temp_dir().join(format!("iep-load-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("big.yaml");
    let written = std::fs::write(&path, vec![b'#'; 8 * MAX_PLAN_BYTES]);
    assert!(written.is_ok());
    let error = iep::Plan::load(&path).err();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        error.and_then(|e| e.diagnostics().first().map(|d| d.code)),
        Some(Code::TooLarge)
    );
}

#[test]
fn a_billion_laughs_is_refused_before_any_expansion() {
    // Typed reading stops at the first key that is not a plan field, before any alias is
    // expanded.
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text += &format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 9].join(", "));
    }
    text += "school: *a9\n";
    assert_eq!(load_error(&text), Code::UnknownField);
}

#[test]
fn a_flood_of_aliases_where_the_plan_takes_a_list_is_refused() {
    let long = "lol ".repeat(250);
    let aliases = vec!["*a"; 5_000].join(", ");
    let text = edited("  asn_level: 2\n", "  asn_level: 2\n").replacen(
        "previous_targets:",
        &format!("profile:\n  strengths: [&a \"{long}\", {aliases}]\nprevious_targets:"),
        1,
    );
    assert_eq!(load_error(&text), Code::TooComplex);
}

#[test]
fn deep_block_nesting_is_refused_at_its_first_level() {
    let mut text = String::from("school:\n");
    for depth in 1..200 {
        text += &format!("{}k:\n", "  ".repeat(depth));
    }
    let message = error_text(&text);
    assert_eq!(
        message,
        "test.yaml:2:3: error[invalid-value]: `school`: expected text, found a mapping"
    );
}

#[test]
fn deep_flow_nesting_is_refused_at_its_first_level() {
    let text = format!("school: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let message = error_text(&text);
    assert_eq!(
        message,
        "test.yaml:1:9: error[invalid-value]: `school`: expected text, found a list"
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_refused_where_lists_are_allowed() {
    let text = edited("  asn_level: 2\n", "  asn_level: 2\n").replacen(
        "previous_targets:",
        &format!(
            "profile:\n  strengths: {}{}\nprevious_targets:",
            "[".repeat(40),
            "]".repeat(40)
        ),
        1,
    );
    assert_eq!(load_error(&text), Code::TooComplex);
}

#[test]
fn nested_flow_sequences_in_a_mapping_take_linear_time() {
    // The input that takes the libyaml family quadratic time (32 s for 200 KB).
    let row = format!("[{}]", ["[1, 2]"; 12].join(", "));
    let text = format!("school: [{}]\n", vec![row.as_str(); 2_500].join(", "));
    assert!(text.len() > 200_000);
    assert_eq!(load_error(&text), Code::InvalidValue);
}

#[test]
fn many_documents_are_refused() {
    let text = format!("{CLEAN}---\n{CLEAN}");
    assert_eq!(load_error(&text), Code::YamlSyntax);
}

#[test]
fn python_object_tags_are_refused_not_dropped() {
    let text = edited(
        "school: Test Primary School",
        "school: !!python/object:os.system echo",
    );
    assert!(parse(&text).is_err());
}

/// The clean plan with `goals` goals of `targets` targets each.
fn with_goals(goals: usize, targets: usize) -> String {
    let start = CLEAN.find("  - area: communication").unwrap_or_default();
    let views = CLEAN.find("views:").unwrap_or_default();
    let target = "      - target: Takes turns to speak in a group of four
        strategies: Turn-taking cards
        who: Class teacher
        success: Waits for a turn in 4 of 5 sessions
        by: 2027-01-15
";
    let goal = format!(
        "  - area: literacy\n    long_term: Read well\n    targets:\n{}",
        target.repeat(targets)
    );
    format!(
        "{}{}{}",
        &CLEAN[..start],
        goal.repeat(goals),
        &CLEAN[views..]
    )
}

/// The line on which the `n`th (from 1) occurrence of `needle` starts.
fn line_of(text: &str, needle: &str, n: usize) -> usize {
    let at = text.match_indices(needle).nth(n - 1).map_or(0, |(i, _)| i);
    text[..at].matches('\n').count() + 1
}

#[test]
fn a_list_longer_than_the_limit_is_refused_at_the_first_item_over() {
    assert!(parse(&with_goals(MAX_LIST_ITEMS, 1)).is_ok());
    let text = with_goals(MAX_LIST_ITEMS + 1, 1);
    let refused = refusal(&text);
    assert_eq!(refused.code, Code::TooMany, "{refused}");
    assert_eq!(
        refused.place.map(|p| p.line),
        Some(line_of(&text, "  - area:", MAX_LIST_ITEMS + 1))
    );
    assert_eq!(
        refused.message,
        "`goals`: 33 items, more than the 32 a plan's list can hold"
    );

    let notes = format!("[{}]", vec!["note"; MAX_LIST_ITEMS + 1].join(", "));
    let text = edited(
        "        pupil_words: I wait for my turn to talk.\n",
        &format!("        pupil_words: I wait for my turn to talk.\n        monitoring: {notes}\n"),
    );
    let refused = refusal(&text);
    assert_eq!(refused.code, Code::TooMany);
    assert!(
        refused
            .message
            .starts_with("goal 1, target 1, `monitoring`: 33 items"),
        "{refused}"
    );
}

#[test]
fn more_targets_in_all_than_the_limit_are_refused_at_the_first_over() {
    // As many as the limit load: more than the policy's 8 is a validation error, not a refusal.
    let plan = parse(&with_goals(4, MAX_TARGETS / 4));
    let report = plan.map(|plan| iep::Plan::validate(&plan, &iep::Policy::general()));
    assert!(report.is_ok_and(|r| r.codes().contains(&Code::TooManyTargets)));
    let text = with_goals(5, MAX_TARGETS / 4);
    let refused = refusal(&text);
    assert_eq!(refused.code, Code::TooMany, "{refused}");
    assert_eq!(
        refused.message,
        "goal 5, target 1: more than the 32 short-term targets a plan can hold in all"
    );
    assert_eq!(
        refused.place.map(|p| p.line),
        Some(line_of(&text, "      - target:", MAX_TARGETS + 1))
    );
}

#[test]
fn a_text_longer_than_the_limit_is_refused_at_its_line() {
    let at_limit = edited(
        "parents: We want Sam to be confident.",
        &format!("parents: {}", "é".repeat(MAX_TEXT_CHARS)),
    );
    assert!(parse(&at_limit).is_ok());
    let text = edited(
        "strategies: Flash cards",
        &format!("strategies: {}", "word ".repeat(2_001)),
    );
    let refused = refusal(&text);
    assert_eq!(refused.code, Code::TooLong);
    assert_eq!(
        refused.place.map(|p| p.line),
        Some(line_of(&text, "strategies: word", 1))
    );
    assert_eq!(
        refused.message,
        "goal 2, target 1, `strategies`: 10004 characters, more than the 10000 one field can hold"
    );
}

#[test]
fn a_text_that_starts_with_a_quoted_phrase_is_said_in_plain_words_in_either_quotes() {
    for (line, mark) in [
        (
            "        strategies: \"My turn\" card and sand timer",
            "double",
        ),
        (
            "        strategies: 'My turn' card and sand timer",
            "single",
        ),
    ] {
        let refused = refusal(&edited("        strategies: Flash cards", line));
        assert_eq!(refused.code, Code::YamlSyntax);
        assert_eq!(
            refused.message,
            format!(
                "the text of `strategies` starts with a phrase in {mark} quotes and goes on after it, and YAML takes the quoted phrase for the whole text"
            )
        );
        assert_eq!(refused.place.map(|p| p.column), Some(21));
    }
    // An item of a list, such as a strength.
    let text = edited(
        "previous_targets:",
        "profile:\n  strengths:\n    - \"Star reader\" award, and loves stories\nprevious_targets:",
    );
    let refused = refusal(&text);
    assert!(
        refused
            .message
            .starts_with("the text of this item of the list starts with a phrase in double quotes"),
        "{refused}"
    );
}

#[test]
fn a_colon_in_a_strength_or_a_monitoring_note_is_said_in_plain_words() {
    let text = edited(
        "previous_targets:",
        "profile:\n  strengths:\n    - Reading: loves stories about animals\nprevious_targets:",
    );
    let refused = refusal(&text);
    assert_eq!(refused.code, Code::YamlSyntax);
    assert_eq!(
        refused.message,
        "`profile.strengths`, item 1 has a colon followed by a space, which YAML reads as the name of a field and its value, not as text"
    );
    assert_eq!(
        refused.hint.as_deref(),
        Some("put the whole item in double quotes: - \"...\"")
    );
    // Quoted, it is text.
    let quoted = edited(
        "previous_targets:",
        "profile:\n  strengths:\n    - \"Reading: loves stories about animals\"\nprevious_targets:",
    );
    assert!(parse(&quoted).is_ok());
}
