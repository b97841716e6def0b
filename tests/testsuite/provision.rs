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
        stdout(&output).contains("7 provisions from 4 plans; 5 targets not on the map"),
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
            "B2 A1:O8 =E2*F2*ROUNDUP(I2/G2,0)/60 =SUM(L2:L8)\n=SUMIF(Provision!$C$2:$C$8,"
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
            "warning[provision-not-read]: goal 2, target 1: how often and how long is not said",
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
        first.is_ok() && first.ok() == second.ok(),
        "the two spreadsheets differ"
    );
}
