//! A child's record must not leak into logs: no message the library produces repeats what the
//! plan says. A marker is put in every field and no diagnostic may contain it.

mod common;

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
    for policy in [Policy::general(), Policy::highland(), Policy::durants()] {
        let report = iep::validate(&plan, &policy);
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
        let error = match iep::parse(&Source::new("test.yaml", text)) {
            Ok(_) => panic!("{to} loaded"),
            Err(error) => error.to_string(),
        };
        assert!(!error.contains(MARKER), "{to}: {error}");
    }
}
