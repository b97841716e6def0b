//! The provision map as a spreadsheet a SENCO sorts and edits: its columns, shared with the XLSX
//! (`xlsx.rs`), and the rows as CSV, with the figures and totals worked out.
//!
//! Plan text stays text in both. A CSV cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is written with a single quote before it (the OWASP advice against formula
//! injection), so that a spreadsheet opening the CSV never runs a plan's words as a formula.
//! The XLSX writes text as text, and its totals compare the text exactly (`EXACT`), never as a
//! SUMIF criterion, where a staff role `*` or a year group `<>Q` would match other rows.

use std::borrow::Cow;

use super::{Costs, Provision, Totals, pupil_name};

/// The provision sheet's columns: heading and width in characters.
pub(super) const COLUMNS: [(&str, f64); 15] = [
    ("Provision", 40.0),
    ("Area of need", 22.0),
    ("Staff", 22.0),
    ("Setting", 18.0),
    ("Sessions a week", 10.0),
    ("Minutes a session", 10.0),
    ("Group size", 8.0),
    ("Pupils", 36.0),
    ("Number of pupils", 9.0),
    ("Year groups", 14.0),
    ("Minutes a week, each pupil", 12.0),
    ("Staff hours a week", 11.0),
    ("Cost an hour", 10.0),
    ("Cost a week", 11.0),
    ("Cost a year", 12.0),
];

pub(super) fn pupils(provision: &Provision, by_initials: bool) -> String {
    provision
        .pupils
        .iter()
        .map(|(name, _)| pupil_name(name, by_initials))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn year_groups(provision: &Provision) -> String {
    let mut years: Vec<&str> = provision
        .pupils
        .iter()
        .map(|(_, year)| year.as_str())
        .collect();
    years.sort_unstable();
    years.dedup();
    years.join(", ")
}

/// A CSV cell of plan text: one that a spreadsheet would read as a formula gets a quote first.
fn text(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

impl Provision {
    /// The map as CSV: a row per provision with the figures worked out, the total, then the
    /// totals per staff role, area of need and year group.
    pub fn csv(provisions: &[Provision], settings: &Costs, by_initials: bool) -> Vec<u8> {
        let mut writer = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        record(&mut writer, &COLUMNS.map(|(heading, _)| heading));
        let rates = settings.rates();
        let money = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
        let (mut hours, mut week) = (0.0, 0.0);
        for p in provisions {
            let cost = rates.cost_of(&p.staff);
            let staff_hours = p.staff_hours_per_week();
            hours += staff_hours;
            let cost_week = cost.map(|c| c * staff_hours);
            week += cost_week.unwrap_or(0.0);
            record(
                &mut writer,
                &[
                    &p.strategy,
                    p.area_name(),
                    &p.staff,
                    &p.setting,
                    &p.sessions_per_week.to_string(),
                    &p.minutes.to_string(),
                    &p.group_size.to_string(),
                    &pupils(p, by_initials),
                    &p.pupils.len().to_string(),
                    &year_groups(p),
                    &p.minutes_per_week().to_string(),
                    &format!("{staff_hours:.2}"),
                    &money(cost),
                    &money(cost_week),
                    &money(cost_week.map(|w| w * settings.weeks_per_year)),
                ],
            );
        }
        let mut total = vec![String::new(); COLUMNS.len()];
        total[0] = "Total".into();
        total[11] = format!("{hours:.2}");
        total[13] = format!("{week:.2}");
        total[14] = format!("{:.2}", week * settings.weeks_per_year);
        record(
            &mut writer,
            &total.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let totals = Totals::of(provisions, settings);
        for (title, by) in [
            ("Staff role", totals.by_staff),
            ("Area of need", totals.by_area),
        ] {
            record(&mut writer, &[]);
            record(
                &mut writer,
                &[title, "Staff hours a week", "Cost a week", "Cost a year"],
            );
            for (name, hours, cost) in by {
                record(
                    &mut writer,
                    &[
                        &name,
                        &format!("{hours:.2}"),
                        &money(cost),
                        &money(cost.map(|c| c * settings.weeks_per_year)),
                    ],
                );
            }
        }
        record(&mut writer, &[]);
        record(&mut writer, &["Year group", "Pupils' minutes a week"]);
        for (year, minutes) in totals.by_year {
            record(&mut writer, &[&year, &minutes.to_string()]);
        }
        writer.into_inner().unwrap_or_default()
    }
}

/// Writes one CSV row; a row of text in memory cannot fail to be written.
fn record(writer: &mut ::csv::Writer<Vec<u8>>, cells: &[&str]) {
    let _ = writer.write_record(cells.iter().map(|cell| text(cell).into_owned()));
}
