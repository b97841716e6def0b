//! The provision map: a folder of plans and a group plan added up, checked against totals worked
//! out here from the plans' own words, and read back by LibreOffice (which recalculates the
//! XLSX's formulas) and openpyxl (which sees the formulas, the frozen header and the filter).

use crate::common;

use common::{GROUP, Scratch, iep, stderr, stdout, tool};

const COSTS: &str =
    "weeks_per_year: 39\nhourly_cost:\n  teaching assistant: 14.50\n  class teacher: 38.00\n";

/// The staff time the examples' and the group's targets state, read by eye from their `when`:
/// (sessions a week, minutes, sessions needed for its pupils, cost an hour).
const BY_HAND: [(f64, f64, f64, f64); 7] = [
    (2.0, 20.0, 1.0, 14.50), // durants: "2 x 20 minutes a week", teaching assistant
    (5.0, 15.0, 1.0, 0.0),   // durants: "15 minutes daily", English teacher: no cost given
    (4.0, 20.0, 1.0, 14.50), // general: "4 x 20 minutes a week", teaching assistant
    (3.0, 20.0, 1.0, 38.00), // highland: class teacher and pupil support assistant
    (5.0, 10.0, 1.0, 0.0),   // highland: pupil support assistant: no cost given
    (4.0, 15.0, 1.0, 38.00), // highland: class teacher
    (4.0, 20.0, 1.0, 14.50), // the group: one session for its three pupils
];

fn by_hand() -> (f64, f64) {
    let hours: f64 = BY_HAND.iter().map(|(s, m, g, _)| s * m * g / 60.0).sum();
    let week: f64 = BY_HAND
        .iter()
        .map(|(s, m, g, c)| s * m * g / 60.0 * c)
        .sum();
    (hours, week)
}

fn school(scratch: &Scratch) -> (String, String) {
    for name in ["durants", "general", "highland"] {
        let text = std::fs::read_to_string(format!("examples/plans/{name}.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        scratch.write(&format!("plans/{name}.yaml"), &text);
    }
    scratch.write("plans/phonics-group.yaml", GROUP);
    let costs = scratch.write("costs.yaml", COSTS);
    (scratch.0.join("plans").display().to_string(), costs)
}

fn total_row(csv: &str) -> Vec<f64> {
    let total = csv
        .lines()
        .find(|line| line.starts_with("Total"))
        .unwrap_or_else(|| panic!("no total in:\n{csv}"));
    total
        .split(',')
        .map(|cell| cell.parse().unwrap_or(0.0))
        .collect()
}

#[test]
fn the_map_adds_up_to_what_the_plans_say_and_libreoffice_recalculates_the_same() {
    let scratch = Scratch::new("provision-map");
    std::fs::create_dir_all(scratch.0.join("plans")).unwrap_or_else(|e| panic!("{e}"));
    let (plans, costs) = school(&scratch);
    let out = scratch.0.join("map");
    let output = iep(&[
        "provision",
        &plans,
        "--to",
        "xlsx,csv,pdf,docx",
        "--costs",
        &costs,
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("7 provisions from 4 plans; 5 not read, so not on the map"),
        "{}",
        stdout(&output)
    );
    let (hours, week) = by_hand();
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    let total = total_row(&csv);
    assert!(
        (total[11] - hours).abs() < 0.01,
        "{} against {hours}",
        total[11]
    );
    assert!(
        (total[13] - week).abs() < 0.01,
        "{} against {week}",
        total[13]
    );
    assert!(
        (total[14] - week * 39.0).abs() < 0.5,
        "{} against {}",
        total[14],
        week * 39.0
    );

    // LibreOffice opens the XLSX and works its formulas out itself.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        scratch.0.display()
    );
    let converted = std::process::Command::new("soffice")
        .args(["--headless", &profile, "--convert-to", "csv", "--outdir"])
        .arg(scratch.0.join("lo"))
        .arg(out.join("provision-map.xlsx"))
        .output()
        .unwrap_or_else(|e| panic!("soffice did not run ({e})"));
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let recalculated = std::fs::read_to_string(scratch.0.join("lo/provision-map.csv"))
        .unwrap_or_else(|e| {
            panic!("LibreOffice wrote no CSV ({e}): is libreoffice-calc installed?")
        });
    let total = total_row(&recalculated);
    assert!((total[11] - hours).abs() < 0.01, "{recalculated}");
    assert!((total[13] - week).abs() < 0.01, "{recalculated}");
    assert!((total[14] - week * 39.0).abs() < 0.5, "{recalculated}");

    // openpyxl sees the formulas, the frozen header row and the filter.
    let script = "import sys, openpyxl\n\
wb = openpyxl.load_workbook(sys.argv[1])\n\
p = wb['Provision']\n\
print(p.freeze_panes, p.auto_filter.ref, p['L2'].value, p['L9'].value)\n\
print(wb['Totals']['B5'].value)\n";
    let xlsx = std::fs::read(out.join("provision-map.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let (ok, seen) = tool("python3", &["-c", script], &xlsx, "xlsx");
    assert!(ok, "{seen}");
    assert!(
        seen.starts_with(
            "B2 A1:O8 =E2*F2*ROUNDUP(I2/G2,0)/60 =SUM(L2:L8)\n=SUMPRODUCT(--EXACT(Provision!$C$2:$C$8,$A5),"
        ),
        "{seen}"
    );

    // The same table on landscape pages.
    let pdf = std::fs::read(out.join("provision-map.pdf")).unwrap_or_else(|e| panic!("{e}"));
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "pdf");
    assert!(ok, "{text}");
    for expected in [
        "Provision map: ",
        "By staff role",
        "By area of need",
        "By year group",
        "Oliver Nowak",
    ] {
        let solid = common::solid(&text);
        assert!(
            solid.contains(&common::solid(expected)),
            "{expected:?} not in:\n{text}"
        );
    }
    let (_, info) = tool("pdfinfo", &[], &pdf, "pdf");
    assert!(
        info.contains("841.89 x 595.276") || info.contains("842 x 595"),
        "landscape: {info}"
    );
}

#[test]
fn what_cannot_be_read_is_a_warning_at_its_line_and_left_off_the_map() {
    let scratch = Scratch::new("provision-unread");
    let plan = scratch.write(
        "plan.yaml",
        &common::CLEAN.replacen(
            "        strategies: Flash cards\n",
            "        strategies: Flash cards\n        when: as and when needed\n",
            1,
        ),
    );
    let out = scratch.0.join("map").display().to_string();
    let output = iep(&["provision", &plan, "--to", "csv", "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    common::assert_says(
        &output,
        &[
            "warning[provision-not-read]: goal 2, target 1: its `when` does not say how often or how long",
            "plan.yaml:33:9",
        ],
    );
    // Given as data, it is on the map, and pupils can be shown by their initials.
    let given = common::CLEAN.replacen(
        "        strategies: Flash cards\n",
        "        strategies: Flash cards\n        sessions_per_week: 3\n        minutes: 15\n        staff: teaching assistant\n",
        1,
    );
    let plan = scratch.write("given.yaml", &given);
    let out = scratch.0.join("given").display().to_string();
    let output = iep(&[
        "provision",
        &plan,
        "--to",
        "csv",
        "--initials",
        "--out",
        &out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv = std::fs::read_to_string(scratch.0.join("given/provision-map.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.contains(
            "Flash cards,Cognition and learning,teaching assistant,,3,15,1,S.E.,1,P5,45,0.75"
        ),
        "{csv}"
    );
    assert!(!csv.contains("Sam Example"), "{csv}");
}

#[test]
fn the_same_plans_give_the_same_spreadsheet() {
    let plans: Vec<iep::Plan> = ["durants", "general", "highland"]
        .iter()
        .map(|n| {
            iep::load(std::path::Path::new(&format!("examples/plans/{n}.yaml")))
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let (provisions, _) = iep::provision::map(&plans);
    let settings = iep::provision::Settings::default();
    let first = iep::provision::xlsx(&provisions, &settings, false, Some((2026, 10, 5)));
    let second = iep::provision::xlsx(&provisions, &settings, false, Some((2026, 10, 5)));
    assert!(
        first.is_ok() && first.ok().map(|s| s.bytes) == second.ok().map(|s| s.bytes),
        "the two spreadsheets differ"
    );
}

/// What the map reads from the words of a `when`: the sessions a week and minutes of each
/// provision, or why it is not read.
type Reading = Result<&'static [(f64, f64)], iep::provision::when::NotRead>;

/// Wordings of `when` as staff write them, with what the map must make of each: the issue's
/// examples first, then the ways of schools' plans. A reading is right or it is refused with its
/// reason; never a wrong number.
const WORDINGS: &[(&str, Reading)] = {
    use iep::provision::when::NotRead::*;
    &[
        // The examples.
        ("twice a week for ½ an hour", Ok(&[(2.0, 30.0)])),
        ("twice a week for half an hour", Ok(&[(2.0, 30.0)])),
        ("a quarter of an hour, daily", Ok(&[(5.0, 15.0)])),
        ("quarter of an hour every morning", Ok(&[(5.0, 15.0)])),
        ("3 × 20 minutes a week", Ok(&[(3.0, 20.0)])),
        ("3 X 20 minutes a week", Ok(&[(3.0, 20.0)])),
        ("daily 10 mins (am) + 15 mins (pm)", Ok(&[(5.0, 10.0), (5.0, 15.0)])),
        (
            "Daily, 10 minutes, and 2 x 15 minutes a week",
            Ok(&[(5.0, 10.0), (2.0, 15.0)]),
        ),
        // The bundled examples.
        ("Lunch club, twice a week, 20 minutes", Ok(&[(2.0, 20.0)])),
        ("Daily, 15 minutes, in the library", Ok(&[(5.0, 15.0)])),
        ("3 x 20 minutes a week, small group in class", Ok(&[(3.0, 20.0)])),
        (
            "Daily, 10 minutes, first thing in the morning in the classroom",
            Ok(&[(5.0, 10.0)]),
        ),
        (
            "4 x 20 minutes a week, one to one with the teaching assistant outside the classroom",
            Ok(&[(4.0, 20.0)]),
        ),
        ("All lessons, especially music and PE", Err(Neither)),
        ("Every change to the timetable", Err(Neither)),
        ("In class writing lessons, daily", Err(NoLength)),
        ("Every reading and writing lesson", Err(Neither)),
        // Schools' own wordings.
        ("once a week, 1 hour", Ok(&[(1.0, 60.0)])),
        ("10 mins every morning", Ok(&[(5.0, 10.0)])),
        ("2 sessions of 45 minutes weekly", Ok(&[(2.0, 45.0)])),
        ("3x30min per week", Ok(&[(3.0, 30.0)])),
        ("three times a week for twenty minutes", Ok(&[(3.0, 20.0)])),
        ("1:1, 3 x 15 mins per week", Ok(&[(3.0, 15.0)])),
        ("20 mins x 3 a week", Ok(&[(3.0, 20.0)])),
        ("Mon, Wed and Fri, 20 mins", Ok(&[(3.0, 20.0)])),
        ("Tuesdays and Thursdays for 30 minutes", Ok(&[(2.0, 30.0)])),
        ("Mon-Fri 10 mins", Ok(&[(5.0, 10.0)])),
        ("Monday to Thursday, 15 minutes after lunch", Ok(&[(4.0, 15.0)])),
        ("an hour and a half once a week", Ok(&[(1.0, 90.0)])),
        ("1½ hours weekly", Ok(&[(1.0, 90.0)])),
        ("1 hr 15 mins, fortnightly", Ok(&[(0.5, 75.0)])),
        ("every other week for 45 minutes", Ok(&[(0.5, 45.0)])),
        ("three quarters of an hour, twice a week", Ok(&[(2.0, 45.0)])),
        ("5 minutes twice daily", Ok(&[(10.0, 5.0)])),
        ("30-minute session once a week", Ok(&[(1.0, 30.0)])),
        ("four 20-minute sessions a week", Ok(&[(4.0, 20.0)])),
        ("small group of 4, 3 x 20 mins a week", Ok(&[(3.0, 20.0)])),
        ("3 mornings a week, 45 mins", Ok(&[(3.0, 45.0)])),
        (
            "twice weekly (20 mins) with Mrs Ahmed in the library",
            Ok(&[(2.0, 20.0)]),
        ),
        ("15 mins at 9:15 each day", Ok(&[(5.0, 15.0)])),
        ("Year 4, 2 x 30 minutes per week", Ok(&[(2.0, 30.0)])),
        ("3 x 20 mins a week for 6 weeks", Ok(&[(3.0, 20.0)])),
        ("2 x 15 mins + 1 x 30 mins a week", Ok(&[(2.0, 15.0), (1.0, 30.0)])),
        (
            "10 minutes daily and 30 minutes on Fridays",
            Ok(&[(5.0, 10.0), (1.0, 30.0)]),
        ),
        ("1/2 hour, 4 times a week", Ok(&[(4.0, 30.0)])),
        ("1 hour 3 times a week", Ok(&[(3.0, 60.0)])),
        ("1h30 once a fortnight", Ok(&[(0.5, 90.0)])),
        ("twice a week and 20 minutes each time", Ok(&[(2.0, 20.0)])),
        ("every morning 10 mins + every afternoon 15 mins", Ok(&[(5.0, 10.0), (5.0, 15.0)])),
        ("Daily: 10 mins am, 15 mins pm", Ok(&[(5.0, 10.0), (5.0, 15.0)])),
        ("with 2 other pupils, twice a week, 30 mins", Ok(&[(2.0, 30.0)])),
        ("20 minutes, 4 days a week", Ok(&[(4.0, 20.0)])),
        ("an hour a week", Ok(&[(1.0, 60.0)])),
        ("3 x 20 mins p/w", Ok(&[(3.0, 20.0)])),
        ("45 mins/week", Ok(&[(1.0, 45.0)])),
        (
            "2 x 20 minutes a week and 3 x 10 minutes a day",
            Ok(&[(2.0, 20.0), (15.0, 10.0)]),
        ),
        (
            "daily check-in (5 mins) and weekly review (20 mins)",
            Ok(&[(5.0, 5.0), (1.0, 20.0)]),
        ),
        ("weekly 1:1 session (30 mins)", Ok(&[(1.0, 30.0)])),
        ("Monday 9:15am for 30 minutes", Ok(&[(1.0, 30.0)])),
        ("1 session a week of an hour and a quarter", Ok(&[(1.0, 75.0)])),
        ("three 15 minute sessions a week", Ok(&[(3.0, 15.0)])),
        // Not read, with the reason.
        ("5 x 10 minutes daily", Err(Unclear)),
        ("60 minutes a week in 3 sessions", Err(Unclear)),
        ("1 to 2 hours a week", Err(Range)),
        ("15 minutes at the start of every lesson", Err(NoFrequency)),
        ("as needed", Err(Neither)),
        ("", Err(Neither)),
        ("20 minutes", Err(NoFrequency)),
        ("3 x 20 minutes", Err(NoPeriod)),
        ("20 minutes, 3 times", Err(NoPeriod)),
        ("2-3 times a week, 20 mins", Err(Range)),
        ("10-15 minutes daily", Err(Range)),
        ("2 or 3 sessions a week of 30 minutes", Err(Range)),
        ("daily, 10 to 15 minutes", Err(Range)),
        ("30mins-1hr weekly", Err(Range)),
        ("30 minutes a term", Err(OtherPeriod)),
        ("monthly, 1 hour", Err(OtherPeriod)),
        ("every other day, 10 mins", Err(OtherPeriod)),
        ("bi-weekly, 30 mins", Err(OtherPeriod)),
        ("each half-term, 1 hour", Err(OtherPeriod)),
        ("every morning and afternoon, 10 minutes", Err(Unpaired)),
        ("daily, 10 minutes am and pm", Err(Unpaired)),
        ("3 x 20 minutes a week (60 minutes)", Err(Unpaired)),
        ("daily for 20 minutes except Friday", Err(Unpaired)),
        ("20 mins 4 a week", Err(StrayFigure)),
        ("⅓ of an hour daily", Err(StrayFigure)),
        ("3 x 20 minutes a week, 2 x 10", Err(StrayFigure)),
        ("daily, in one of the small rooms, 10 mins", Err(StrayFigure)),
        ("3 x 600 minutes a week", Err(Beyond)),
        ("0 minutes daily", Err(Beyond)),
    ]
};

#[test]
fn each_wording_of_when_is_read_right_or_refused_with_its_reason() {
    let mut wrong = Vec::new();
    for (text, expected) in WORDINGS {
        let read = iep::provision::when::read(text);
        let read: Result<Vec<(f64, f64)>, _> = read.map(|frequencies| {
            frequencies
                .iter()
                .map(|f| (f.sessions_per_week, f.minutes))
                .collect()
        });
        let expected = expected.map(<[_]>::to_vec);
        if read != expected {
            wrong.push(format!("{text:?}: read {read:?}, expected {expected:?}"));
        }
    }
    assert!(WORDINGS.len() >= 40, "keep the list long");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
