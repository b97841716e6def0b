//! The provision map: a folder of plans and a group plan added up, checked against totals worked
//! out here from the plans' own words, and read back by LibreOffice (which recalculates the
//! XLSX's formulas) and openpyxl (which sees the formulas, the frozen header and the filter).

use crate::common;

use common::{GROUP, Scratch, assert_says, iep, stderr, stdout, tool};

pub(crate) const COSTS: &str =
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

pub(crate) fn total_row(csv: &str) -> Vec<f64> {
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
            iep::Plan::load(std::path::Path::new(&format!("examples/plans/{n}.yaml")))
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let (provisions, _) = iep::provision::Map::of(&plans);
    let costs = iep::provision::Costs::default();
    let first = iep::provision::Provision::xlsx(&provisions, &costs, false, Some((2026, 10, 5)));
    let second = iep::provision::Provision::xlsx(&provisions, &costs, false, Some((2026, 10, 5)));
    assert!(
        first.is_ok() && first.ok().map(|s| s.bytes) == second.ok().map(|s| s.bytes),
        "the two spreadsheets differ"
    );
}

/// YAML for `text` as a double-quoted scalar, whatever it holds.
fn quoted(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\t', "\\t")
    )
}

/// A plan for `pupil` (in `year`, when given) with a literacy target for each of `targets`:
/// (strategy, who, when).
pub(crate) fn plan_of(pupil: &str, year: Option<&str>, targets: &[(&str, &str, &str)]) -> String {
    let year = year.map_or(String::new(), |y| format!("  year_group: {}\n", quoted(y)));
    let targets: String = targets
        .iter()
        .enumerate()
        .map(|(i, (strategy, who, when))| {
            format!(
                "      - target: Reads the words of list {i} in a short text\n        strategies: {}\n        who: {}\n        when: {}\n        success: Reads 9 of 10 of them in two new texts\n        by: 2027-01-15\n",
                quoted(strategy),
                quoted(who),
                quoted(when)
            )
        })
        .collect();
    format!(
        "school: Test Primary School\npupil:\n  name: {}\n  date_of_birth: 2017-04-12\n{year}plan:\n  created: 2026-10-05\n  review: 2027-01-25\ngoals:\n  - area: literacy\n    long_term: Read at the level of the class\n    targets:\n{targets}",
        quoted(pupil)
    )
}

/// Runs `iep provision` over `plans` (file names and texts) with `args`, and returns the output
/// and the map's folder.
pub(crate) fn provision_of(
    scratch: &Scratch,
    plans: &[(&str, String)],
    args: &[&str],
) -> (std::process::Output, std::path::PathBuf) {
    let folder = scratch.0.join("plans");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in plans {
        std::fs::write(folder.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = scratch.0.join("map");
    let mut all = vec![
        "provision".to_owned(),
        folder.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    (iep(&all), out)
}

/// Each sheet of the XLSX as LibreOffice recalculates it, as CSV text, by the sheet's name.
pub(crate) fn recalculated(scratch: &Scratch, xlsx: &std::path::Path) -> Vec<(String, String)> {
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        scratch.0.display()
    );
    let out = scratch.0.join("recalculated");
    let converted = std::process::Command::new("soffice")
        .args([
            "--headless",
            &profile,
            "--convert-to",
            // UTF-8, values not as shown, every sheet to its own file.
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(&out)
        .arg(xlsx)
        .output()
        .unwrap_or_else(|e| panic!("soffice did not run ({e})"));
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let stem = xlsx
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    ["Provision", "Pupils", "Totals"]
        .iter()
        .map(|sheet| {
            let text = std::fs::read_to_string(out.join(format!("{stem}-{sheet}.csv")))
                .unwrap_or_else(|e| panic!("LibreOffice wrote no {sheet} sheet ({e})"));
            ((*sheet).to_owned(), text)
        })
        .collect()
}

/// The rows of CSV text, each a list of cells.
pub(crate) fn rows(csv: &str) -> Vec<Vec<String>> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{e}"))
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// The number in the second cell of the row whose first cell is `key`, after the row `title`.
pub(crate) fn total_after(rows: &[Vec<String>], title: &str, key: &str) -> f64 {
    let from = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == title))
        .unwrap_or_else(|| panic!("no {title:?} in {rows:?}"));
    rows[from..]
        .iter()
        .find(|r| r.first().is_some_and(|c| c == key))
        .and_then(|r| r.get(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no {key:?} after {title:?} in {rows:?}"))
}

#[test]
fn a_groups_provision_is_counted_once_not_once_a_target() {
    let scratch = Scratch::new("provision-group-once");
    // The group's 3 x 20 minutes a week, for three pupils together, serves two targets.
    let group = GROUP.replace(
        "  provision: Teaching assistant, Mrs K. Patel, 4 x 20 minutes a week in the library\n",
        "  provision: Teaching assistant, 3 x 20 minutes a week in the library\n",
    ) + "  - area: literacy\n    long_term: Spell words with the long vowel sounds\n    targets:\n      - target: Spells words with ai, ee and oa in dictated sentences\n        strategies: Look, say, cover, write, check\n        who: Teaching assistant, in the library\n        success: Spells 8 of 10 in two dictations\n        by: 2026-12-11\n";
    let (output, out) = provision_of(&scratch, &[("group.yaml", group)], &["--to", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    let rows = rows(&csv);
    let provisions: Vec<&Vec<String>> = rows
        .iter()
        .skip(1)
        .take_while(|r| r[0] != "Total")
        .collect();
    assert_eq!(provisions.len(), 1, "one row for the group:\n{csv}");
    assert_eq!(
        provisions[0][0],
        "Multi-sensory phonics programme; sound cards; Look, say, cover, write, check"
    );
    assert_eq!(
        provisions[0][7],
        "Amara Okafor; Oliver Nowak; Zainab Hussain"
    );
    // One group session of 20 minutes, 3 times a week: one staff hour.
    assert_eq!(total_row(&csv)[11], 1.0, "{csv}");
}

#[test]
fn a_map_of_several_schools_plans_is_headed_by_how_many_not_by_one() {
    let targets = [("Phonics", "Teaching assistant", "3 x 20 minutes a week")];
    let first = plan_of("Amara Okafor", Some("Year 4"), &targets);
    let second = plan_of("Oliver Nowak", Some("Year 4"), &targets)
        .replace("school: Test Primary School", "school: Hillside Academy");
    // The first school again, spelt with other capitals and spaces: still one school.
    let third = plan_of("Zofia Nowak", Some("Year 4"), &targets).replace(
        "school: Test Primary School",
        "school: test  primary school",
    );
    let heading = |plans: &[(&str, String)], folder: &str| {
        let scratch = Scratch::new(folder);
        let (output, out) = provision_of(&scratch, plans, &["--to", "pdf"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let pdf = std::fs::read(out.join("provision-map.pdf")).unwrap_or_else(|e| panic!("{e}"));
        let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "pdf");
        assert!(ok, "{text}");
        text.lines()
            .find(|line| line.starts_with("Provision map:"))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        heading(
            &[("a.yaml", first.clone()), ("b.yaml", second)],
            "provision-schools-two"
        ),
        "Provision map: 2 schools"
    );
    assert_eq!(
        heading(
            &[("a.yaml", first), ("c.yaml", third)],
            "provision-schools-one"
        ),
        "Provision map: Test Primary School"
    );
}

#[test]
fn two_pupils_of_one_name_and_year_are_told_apart_by_their_birthdays() {
    let scratch = Scratch::new("provision-namesakes");
    let targets = [("Phonics", "Teaching assistant", "3 x 20 minutes a week")];
    let first = plan_of("Mohammed Ahmed", Some("Year 4"), &targets);
    let second = first.replace("date_of_birth: 2017-04-12", "date_of_birth: 2016-11-30");
    let again = first.replace("created: 2026-10-05", "created: 2026-06-01");
    let plans = [
        ("ahmed-m-1.yaml", first),
        ("ahmed-m-2.yaml", second),
        // The first pupil's earlier plan: the same child, counted once.
        ("ahmed-m-1-june.yaml", again),
    ];
    let (output, out) = provision_of(&scratch, &plans, &["--to", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.contains(",Mohammed Ahmed; Mohammed Ahmed,2,Year 4,"),
        "{csv}"
    );
    assert_eq!(
        total_after(&rows(&csv), "Year group", "Year 4"),
        120.0,
        "{csv}"
    );
}

#[test]
fn a_pupil_with_no_year_group_is_totalled_as_not_given_in_every_format() {
    let scratch = Scratch::new("provision-no-year");
    let plans = [
        (
            "amara.yaml",
            plan_of(
                "Amara Okafor",
                Some("Year 4"),
                &[("Phonics", "Teaching assistant", "3 x 20 minutes a week")],
            ),
        ),
        (
            "oliver.yaml",
            plan_of(
                "Oliver Nowak",
                None,
                &[("Sound cards", "Teaching assistant", "4 x 15 minutes a week")],
            ),
        ),
        (
            "zofia.yaml",
            plan_of(
                "Zofia Nowak",
                None,
                &[("Reading ruler", "Class teacher", "daily, 10 minutes")],
            ),
        ),
    ];
    let (output, out) = provision_of(&scratch, &plans, &["--to", "xlsx,csv,pdf,docx"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 4 x 15 and 5 x 10 minutes a week: 110 for the pupils with no year group.
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        total_after(&rows(&csv), "Year group", "not given"),
        110.0,
        "{csv}"
    );
    assert_eq!(
        total_after(&rows(&csv), "Year group", "Year 4"),
        60.0,
        "{csv}"
    );
    let sheets = recalculated(&scratch, &out.join("provision-map.xlsx"));
    let totals = &sheets[2].1;
    assert_eq!(
        total_after(&rows(totals), "Year group", "not given"),
        110.0,
        "{totals}"
    );
    assert_eq!(
        total_after(&rows(totals), "Year group", "Year 4"),
        60.0,
        "{totals}"
    );
    let pdf = std::fs::read(out.join("provision-map.pdf")).unwrap_or_else(|e| panic!("{e}"));
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "pdf");
    assert!(
        ok && text.contains("\nnot given 110\n") && text.contains("\nYear 4 60\n"),
        "{text}"
    );
    let docx = std::fs::read(out.join("provision-map.docx")).unwrap_or_else(|e| panic!("{e}"));
    let script = "import sys, docx\nfor t in docx.Document(sys.argv[1]).tables:\n    for r in t.rows:\n        print('|'.join(c.text for c in r.cells))\n";
    let (ok, text) = tool("python3", &["-c", script], &docx, "docx");
    assert!(
        ok && text.contains("\nnot given|110\n") && text.contains("\nYear 4|60\n"),
        "{text}"
    );
}

#[test]
fn staff_naming_two_costed_roles_is_left_uncosted_with_a_word() {
    let scratch = Scratch::new("provision-two-roles");
    let costs = scratch.write("costs.yaml", COSTS);
    let plans = [(
        "amara.yaml",
        plan_of(
            "Amara Okafor",
            Some("Year 4"),
            &[(
                "Phonics",
                "Class teacher and teaching assistant",
                "3 x 20 minutes a week",
            )],
        ),
    )];
    let (output, out) = provision_of(&scratch, &plans, &["--to", "csv", "--costs", &costs]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_says(&output, &["more than one role of the costs file"]);
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.contains(
            "Class teacher and teaching assistant,,3,20,1,Amara Okafor,1,Year 4,60,1.00,,,\n"
        ),
        "{csv}"
    );
}

#[test]
fn a_costs_file_beside_the_plans_is_left_out_with_a_word() {
    let scratch = Scratch::new("provision-costs-beside");
    let folder = scratch.0.join("plans");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("sam.yaml"), common::CLEAN).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("school-costs.yaml"), COSTS).unwrap_or_else(|e| panic!("{e}"));
    let folder = folder.display().to_string();
    let output = iep(&["check", &folder]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_says(
        &output,
        &["school-costs.yaml is a costs file, not a plan: left out"],
    );
    assert!(
        stdout(&output).contains("1 plan checked"),
        "{}",
        stdout(&output)
    );
    let out = scratch.0.join("map").display().to_string();
    let costs = scratch
        .0
        .join("plans/school-costs.yaml")
        .display()
        .to_string();
    let output = iep(&[
        "provision",
        &folder,
        "--costs",
        &costs,
        "--to",
        "csv",
        "--out",
        &out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("from 1 plans"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_map_longer_than_a_printed_map_holds_is_refused_before_its_pages_are_laid_out() {
    let provision = |i: usize| iep::provision::Provision {
        strategy: format!("Programme {i}"),
        area: Some(iep::Area::Literacy),
        staff: "Teaching assistant".into(),
        setting: String::new(),
        sessions_per_week: 3.0,
        minutes: 20.0,
        group_size: 1,
        pupils: vec![(format!("Pupil {i}"), "Year 4".into())],
    };
    let costs = iep::provision::Costs::default();
    let most = 1_200; // the most provisions a printed map holds
    let at_most: Vec<_> = (0..most).map(provision).collect();
    assert!(iep::provision::Provision::document(&at_most, &costs, false, "School", None).is_ok());
    let more: Vec<_> = (0..=most).map(provision).collect();
    let refused = iep::provision::Provision::document(&more, &costs, false, "School", None);
    assert_eq!(
        refused.err().map(|e| e.to_string()),
        Some(format!(
            "the map has {} provisions, more than the {most} a printed map holds (some 100 pages)",
            most + 1
        ))
    );
}
