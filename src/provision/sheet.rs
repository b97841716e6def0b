//! The provision map as a spreadsheet a SENCO sorts and edits: an XLSX with real formulas for
//! every worked-out figure and total, frozen header rows, filters and column widths; and the
//! same rows as CSV, with the figures and totals worked out.
//!
//! Plan text stays text in both. A CSV cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is written with a single quote before it (the OWASP advice against formula
//! injection), so that a spreadsheet opening the CSV never runs a plan's words as a formula.
//! The XLSX writes text as text, and its totals compare the text exactly (`EXACT`), never as a
//! SUMIF criterion, where a staff role `*` or a year group `<>Q` would match other rows.

use std::borrow::Cow;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

use super::{Costs, Provision, Totals, pupil_name};

/// A spreadsheet, and how many of its cells were cut to Excel's [`Spreadsheet::MAX_CELL_CHARS`] (each cut
/// cell says so where it ends, and the CSV holds it whole).
pub struct Spreadsheet {
    /// The file.
    pub bytes: Vec<u8>,
    /// Cells cut short.
    pub cut_cells: usize,
}

impl Spreadsheet {
    /// The most characters Excel holds in one cell (counted in UTF-16 units, as Excel does: an
    /// emoji is two).
    pub const MAX_CELL_CHARS: usize = 32_767;
}

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

/// The length of `text` as Excel counts it, in UTF-16 units.
fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Writes one CSV row; a row of text in memory cannot fail to be written.
fn record(writer: &mut ::csv::Writer<Vec<u8>>, cells: &[&str]) {
    let _ = writer.write_record(cells.iter().map(|cell| text(cell).into_owned()));
}

/// Text for one XLSX cell: whole when Excel holds it, else cut with a mark saying so.
fn cell(text: &str, cut: &mut usize) -> String {
    const MARK: &str = " … [cut: longer than a spreadsheet cell holds; the CSV has it whole]";
    if units(text) <= Spreadsheet::MAX_CELL_CHARS {
        return text.to_owned();
    }
    *cut += 1;
    let mut room = Spreadsheet::MAX_CELL_CHARS - units(MARK);
    let mut kept: String = text
        .chars()
        .take_while(|c| {
            room = room.saturating_sub(c.len_utf16());
            room > 0
        })
        .collect();
    kept.push_str(MARK);
    kept
}

/// The pupils of a provision for its XLSX cell: as many as the cell holds, then how many more
/// (the pupils sheet lists each one).
fn pupils_cell(provision: &Provision, by_initials: bool, cut: &mut usize) -> String {
    let full = pupils(provision, by_initials);
    if units(&full) <= Spreadsheet::MAX_CELL_CHARS {
        return full;
    }
    *cut += 1;
    // Room for the words that end the cell.
    const ENDING: usize = 64;
    let mut list = String::new();
    let (mut used, mut shown) = (0, 0);
    for (name, _) in &provision.pupils {
        let name = pupil_name(name, by_initials);
        let needed = units(&name) + 2;
        if used + needed + ENDING > Spreadsheet::MAX_CELL_CHARS {
            break;
        }
        list.push_str(&name);
        list.push_str("; ");
        used += needed;
        shown += 1;
    }
    let more = provision.pupils.len() - shown;
    format!("{list}and {more} more (each is on the Pupils sheet)")
}

/// The map as an XLSX workbook: the provision sheet (a row per provision, every worked-out
/// figure a formula), the pupils sheet (a row per pupil and provision) and the totals sheet
/// (per staff role, area of need and year group, as formulas over the others). `date` is the
/// document's own date (the latest plan's), never the clock's.
pub fn xlsx(
    provisions: &[Provision],
    settings: &Costs,
    by_initials: bool,
    date: Option<(u16, u8, u8)>,
) -> Result<Spreadsheet, XlsxError> {
    let mut workbook = Workbook::new();
    let mut cut = 0;
    let (year, month, day) = date.unwrap_or((2000, 1, 1));
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Provision map")
            .set_creation_datetime(&ExcelDateTime::from_ymd(year, month, day)?),
    );
    let bold = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("0.00");
    let hours = Format::new().set_num_format("0.00");
    let rates = settings.rates();
    let last = provisions.len() + 1; // the last data row, 1-based
    {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name("Provision")?;
        // No cached results: LibreOffice then works every formula out on opening, as Excel does.
        sheet.set_formula_result_default("");
        header(sheet, &COLUMNS, &bold)?;
        for (i, p) in provisions.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let r = row + 1; // the row as formulas name it
            sheet.write_string(row, 0, cell(&p.strategy, &mut cut))?;
            sheet.write_string(row, 1, p.area_name())?;
            sheet.write_string(row, 2, cell(&p.staff, &mut cut))?;
            sheet.write_string(row, 3, cell(&p.setting, &mut cut))?;
            sheet.write_number(row, 4, p.sessions_per_week)?;
            sheet.write_number(row, 5, p.minutes)?;
            sheet.write_number(row, 6, p.group_size)?;
            sheet.write_string(row, 7, pupils_cell(p, by_initials, &mut cut))?;
            sheet.write_number(row, 8, p.pupils.len() as f64)?;
            sheet.write_string(row, 9, cell(&year_groups(p), &mut cut))?;
            sheet.write_formula(row, 10, Formula::new(format!("=E{r}*F{r}")))?;
            // A group session counts once for the group: one session for each group of G.
            sheet.write_formula_with_format(
                row,
                11,
                Formula::new(format!("=E{r}*F{r}*ROUNDUP(I{r}/G{r},0)/60")),
                &hours,
            )?;
            match rates.cost_of(&p.staff) {
                Some(cost) => sheet.write_number_with_format(row, 12, cost, &money)?,
                None => sheet.write_blank(row, 12, &money)?,
            };
            // No cost an hour is no cost known: blank, not 0.00.
            sheet.write_formula_with_format(
                row,
                13,
                Formula::new(format!("=IF(ISNUMBER(M{r}),L{r}*M{r},\"\")")),
                &money,
            )?;
            sheet.write_formula_with_format(
                row,
                14,
                Formula::new(format!("=IF(ISNUMBER(M{r}),N{r}*Totals!$B$2,\"\")")),
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
    let pupil_rows: usize = provisions.iter().map(|p| p.pupils.len()).sum::<usize>() + 1;
    {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
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
                sheet.write_string(row, 0, cell(&pupil_name(name, by_initials), &mut cut))?;
                sheet.write_string(row, 1, cell(year, &mut cut))?;
                sheet.write_string(row, 2, cell(&p.strategy, &mut cut))?;
                sheet.write_string(row, 3, p.area_name())?;
                sheet.write_string(row, 4, cell(&p.staff, &mut cut))?;
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
        let totals = Totals::of(provisions, settings);
        // A total is the sum of the rows whose text is exactly the key's: EXACT, never a SUMIF
        // criterion, which reads `*`, `?`, `~` and a leading `<>` or `=` in the text.
        let sum = |keys: &str, key: u32, values: &str| {
            format!("SUMPRODUCT(--EXACT({keys},$A{key}),{values})")
        };
        let range = |col: char| format!("Provision!${col}$2:${col}${last}");
        let mut row = 3u32;
        for (title, names, by) in [
            (
                "Staff role",
                totals
                    .by_staff
                    .iter()
                    .map(|t| t.0.as_str())
                    .collect::<Vec<_>>(),
                'C',
            ),
            (
                "Area of need",
                totals.by_area.iter().map(|t| t.0.as_str()).collect(),
                'B',
            ),
        ] {
            sheet.write_string_with_format(row, 0, title, &bold)?;
            sheet.write_string_with_format(row, 1, "Staff hours a week", &bold)?;
            sheet.write_string_with_format(row, 2, "Cost a week", &bold)?;
            sheet.write_string_with_format(row, 3, "Cost a year", &bold)?;
            row += 1;
            for name in names {
                sheet.write_string(row, 0, cell(name, &mut cut))?;
                let r = row + 1;
                let hours = sum(&range(by), r, &range('L'));
                // A cost when any of the rows has one: none known is blank, not 0.00.
                let costed = sum(&range(by), r, &format!("--ISNUMBER({})", range('M')));
                sheet.write_formula_with_format(
                    row,
                    1,
                    Formula::new(format!("={hours}")),
                    &money,
                )?;
                for (col, values) in [(2u16, 'N'), (3, 'O')] {
                    let cost = sum(&range(by), r, &range(values));
                    sheet.write_formula_with_format(
                        row,
                        col,
                        Formula::new(format!("=IF({costed}=0,\"\",{cost})")),
                        &money,
                    )?;
                }
                row += 1;
            }
            row += 1;
        }
        // Year groups: each pupil's minutes a week of provision, from the pupils sheet.
        sheet.write_string_with_format(row, 0, "Year group", &bold)?;
        sheet.write_string_with_format(row, 1, "Pupils' minutes a week", &bold)?;
        row += 1;
        for (year, _) in &totals.by_year {
            sheet.write_string(row, 0, cell(year, &mut cut))?;
            sheet.write_formula(
                row,
                1,
                Formula::new(format!(
                    "={}",
                    sum(
                        &format!("Pupils!$B$2:$B${pupil_rows}"),
                        row + 1,
                        &format!("Pupils!$F$2:$F${pupil_rows}"),
                    )
                )),
            )?;
            row += 1;
        }
    }
    Ok(Spreadsheet {
        bytes: workbook.save_to_buffer()?,
        cut_cells: cut,
    })
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
