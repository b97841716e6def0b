//! The provision map as a spreadsheet a SENCO sorts and edits: an XLSX with real formulas for
//! every worked-out figure and total, frozen header rows, filters and column widths; and the
//! same rows as CSV, with the figures worked out.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

use super::{Provision, Settings, initials};
use crate::plan::Area;

/// The provision sheet's columns: heading and width in characters.
const COLUMNS: [(&str, f64); 15] = [
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

/// How pupils are named on a map: in full, or by initials for sharing with governors.
fn pupil_name(name: &str, by_initials: bool) -> String {
    if by_initials {
        initials(name)
    } else {
        name.to_owned()
    }
}

fn area(provision: &Provision) -> &'static str {
    provision.area.map_or("", Area::label)
}

fn pupils(provision: &Provision, by_initials: bool) -> String {
    provision
        .pupils
        .iter()
        .map(|(name, _)| pupil_name(name, by_initials))
        .collect::<Vec<_>>()
        .join("; ")
}

fn year_groups(provision: &Provision) -> String {
    let mut years: Vec<&str> = provision
        .pupils
        .iter()
        .map(|(_, year)| year.as_str())
        .filter(|y| !y.is_empty())
        .collect();
    years.sort_unstable();
    years.dedup();
    years.join(", ")
}

/// The map as CSV: a row per provision with the figures worked out, then the totals.
pub fn csv(provisions: &[Provision], settings: &Settings, by_initials: bool) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(COLUMNS.map(|(heading, _)| heading));
    let (mut hours, mut week) = (0.0, 0.0);
    for p in provisions {
        let cost = settings.cost_of(&p.staff);
        let staff_hours = p.staff_hours_per_week();
        hours += staff_hours;
        let cost_week = cost.map(|c| c * staff_hours);
        week += cost_week.unwrap_or(0.0);
        let money = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
        let _ = writer.write_record([
            p.strategy.clone(),
            area(p).to_owned(),
            p.staff.clone(),
            p.setting.clone(),
            p.sessions_per_week.to_string(),
            p.minutes.to_string(),
            p.group_size.to_string(),
            pupils(p, by_initials),
            p.pupils.len().to_string(),
            year_groups(p),
            p.minutes_per_week().to_string(),
            format!("{staff_hours:.2}"),
            money(cost),
            money(cost_week),
            money(cost_week.map(|w| w * settings.weeks_per_year)),
        ]);
    }
    let mut total = vec![String::new(); COLUMNS.len()];
    total[0] = "Total".into();
    total[11] = format!("{hours:.2}");
    total[13] = format!("{week:.2}");
    total[14] = format!("{:.2}", week * settings.weeks_per_year);
    let _ = writer.write_record(&total);
    writer.into_inner().unwrap_or_default()
}

/// The map as an XLSX workbook: the provision sheet (a row per provision, every worked-out
/// figure a formula), the pupils sheet (a row per pupil and provision) and the totals sheet
/// (per staff role, area of need and year group, as SUMIF formulas over the others). `date` is
/// the document's own date (the latest plan's), never the clock's.
pub fn xlsx(
    provisions: &[Provision],
    settings: &Settings,
    by_initials: bool,
    date: Option<(u16, u8, u8)>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let (year, month, day) = date.unwrap_or((2000, 1, 1));
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Provision map")
            .set_creation_datetime(&ExcelDateTime::from_ymd(year, month, day)?),
    );
    let bold = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("0.00");
    let hours = Format::new().set_num_format("0.00");
    let last = provisions.len() + 1; // the last data row, 1-based
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Provision")?;
        // No cached results: LibreOffice then works every formula out on opening, as Excel does.
        sheet.set_formula_result_default("");
        header(sheet, &COLUMNS, &bold)?;
        for (i, p) in provisions.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let r = row + 1; // the row as formulas name it
            sheet.write_string(row, 0, &p.strategy)?;
            sheet.write_string(row, 1, area(p))?;
            sheet.write_string(row, 2, &p.staff)?;
            sheet.write_string(row, 3, &p.setting)?;
            sheet.write_number(row, 4, p.sessions_per_week)?;
            sheet.write_number(row, 5, p.minutes)?;
            sheet.write_number(row, 6, p.group_size)?;
            sheet.write_string(row, 7, pupils(p, by_initials))?;
            sheet.write_number(row, 8, p.pupils.len() as f64)?;
            sheet.write_string(row, 9, year_groups(p))?;
            sheet.write_formula(row, 10, Formula::new(format!("=E{r}*F{r}")))?;
            // A group session counts once for the group: one session for each group of G.
            sheet.write_formula_with_format(
                row,
                11,
                Formula::new(format!("=E{r}*F{r}*ROUNDUP(I{r}/G{r},0)/60")),
                &hours,
            )?;
            match settings.cost_of(&p.staff) {
                Some(cost) => sheet.write_number_with_format(row, 12, cost, &money)?,
                None => sheet.write_blank(row, 12, &money)?,
            };
            sheet.write_formula_with_format(
                row,
                13,
                Formula::new(format!("=L{r}*M{r}")),
                &money,
            )?;
            sheet.write_formula_with_format(
                row,
                14,
                Formula::new(format!("=N{r}*Totals!$B$2")),
                &money,
            )?;
        }
        let total = u32::try_from(last).unwrap_or(u32::MAX);
        sheet.write_string_with_format(total, 0, "Total", &bold)?;
        for (col, letter) in [(11u16, 'L'), (13, 'N'), (14, 'O')] {
            sheet.write_formula_with_format(
                total,
                col,
                Formula::new(format!("=SUM({letter}2:{letter}{last})")),
                &money,
            )?;
        }
        sheet.set_freeze_panes(1, 1)?;
        sheet.autofilter(
            0,
            0,
            u32::try_from(last.saturating_sub(1).max(1)).unwrap_or(1),
            14,
        )?;
    }
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Pupils")?;
        // No cached results: LibreOffice then works every formula out on opening, as Excel does.
        sheet.set_formula_result_default("");
        let columns = [
            ("Pupil", 24.0),
            ("Year group", 12.0),
            ("Provision", 40.0),
            ("Area of need", 22.0),
            ("Staff", 22.0),
            ("Minutes a week", 10.0),
        ];
        header(sheet, &columns, &bold)?;
        let mut row = 1u32;
        for (i, p) in provisions.iter().enumerate() {
            let source = i + 2;
            for (name, year) in &p.pupils {
                sheet.write_string(row, 0, pupil_name(name, by_initials))?;
                sheet.write_string(row, 1, year)?;
                sheet.write_string(row, 2, &p.strategy)?;
                sheet.write_string(row, 3, area(p))?;
                sheet.write_string(row, 4, &p.staff)?;
                sheet.write_formula(row, 5, Formula::new(format!("=Provision!K{source}")))?;
                row += 1;
            }
        }
        sheet.set_freeze_panes(1, 1)?;
        sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 5)?;
    }
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Totals")?;
        // No cached results: LibreOffice then works every formula out on opening, as Excel does.
        sheet.set_formula_result_default("");
        sheet.set_column_width(0, 30.0)?;
        for col in 1..4 {
            sheet.set_column_width(col, 14.0)?;
        }
        sheet.write_string_with_format(0, 0, "Setting", &bold)?;
        sheet.write_string_with_format(1, 0, "School weeks a year", &bold)?;
        sheet.write_number(1, 1, settings.weeks_per_year)?;
        let mut row = 3u32;
        let range = |col: char| format!("Provision!${col}$2:${col}${last}");
        let section = |sheet: &mut Worksheet,
                       title: &str,
                       keys: Vec<String>,
                       by: char,
                       row: &mut u32|
         -> Result<(), XlsxError> {
            sheet.write_string_with_format(*row, 0, title, &bold)?;
            sheet.write_string_with_format(*row, 1, "Staff hours a week", &bold)?;
            sheet.write_string_with_format(*row, 2, "Cost a week", &bold)?;
            sheet.write_string_with_format(*row, 3, "Cost a year", &bold)?;
            *row += 1;
            for key in keys {
                let r = *row + 1;
                sheet.write_string(*row, 0, &key)?;
                for (col, sum) in [(1u16, 'L'), (2, 'N'), (3, 'O')] {
                    sheet.write_formula_with_format(
                        *row,
                        col,
                        Formula::new(format!("=SUMIF({},$A{r},{})", range(by), range(sum))),
                        &money,
                    )?;
                }
                *row += 1;
            }
            *row += 1;
            Ok(())
        };
        let mut staff: Vec<String> = provisions.iter().map(|p| p.staff.clone()).collect();
        staff.sort();
        staff.dedup();
        section(sheet, "Staff role", staff, 'C', &mut row)?;
        let mut areas: Vec<String> = provisions.iter().map(|p| area(p).to_owned()).collect();
        areas.sort();
        areas.dedup();
        section(sheet, "Area of need", areas, 'B', &mut row)?;
        // Year groups: each pupil's minutes a week of provision, from the pupils sheet.
        sheet.write_string_with_format(row, 0, "Year group", &bold)?;
        sheet.write_string_with_format(row, 1, "Pupils' minutes a week", &bold)?;
        row += 1;
        let mut years: Vec<&str> = provisions
            .iter()
            .flat_map(|p| p.pupils.iter().map(|(_, y)| y.as_str()))
            .collect();
        years.sort_unstable();
        years.dedup();
        let pupil_rows: usize = provisions.iter().map(|p| p.pupils.len()).sum::<usize>() + 1;
        for year in years {
            let r = row + 1;
            sheet.write_string(row, 0, year)?;
            sheet.write_formula(
                row,
                1,
                Formula::new(format!(
                    "=SUMIF(Pupils!$B$2:$B${pupil_rows},$A{r},Pupils!$F$2:$F${pupil_rows})"
                )),
            )?;
            row += 1;
        }
    }
    workbook.save_to_buffer()
}

/// A bold header row of `columns`, with their widths; printed landscape, a page wide, the
/// header on every page.
fn header(sheet: &mut Worksheet, columns: &[(&str, f64)], bold: &Format) -> Result<(), XlsxError> {
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    // Room for the wrapped headings' three lines.
    sheet.set_row_height(0, 45)?;
    for (col, (heading, width)) in columns.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, *heading, bold)?;
        sheet.set_column_width(col, *width)?;
    }
    Ok(())
}
