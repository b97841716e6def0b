//! The provision map as an XLSX workbook (the `xlsx` feature): real formulas for every
//! worked-out figure and total, frozen header rows, filters and column widths. Its sheets are
//! streamed through unnamed temporary files (`rust_xlsxwriter`'s constant memory), so an
//! authority's map does not hold every cell in memory.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

use super::sheet::{COLUMNS, pupils, year_groups};
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

/// The length of `text` as Excel counts it, in UTF-16 units.
fn units(text: &str) -> usize {
    text.encode_utf16().count()
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

impl Provision {
    /// The map as an XLSX workbook: the provision sheet (a row per provision, every worked-out
    /// figure a formula), the pupils sheet (a row per pupil and provision) and the totals sheet
    /// (per staff role, area of need and year group, as formulas over the others). `date` is the
    /// document's own date (the latest plan's), never the clock's.
    pub fn xlsx(
        provisions: &[Provision],
        settings: &Costs,
        by_initials: bool,
        date: Option<(u16, u8, u8)>,
    ) -> Result<Spreadsheet, crate::Error> {
        workbook(provisions, settings, by_initials, date)
            .map_err(|e| crate::error::RenderError::Xlsx(Box::new(e)).into())
    }
}

/// [`Provision::xlsx`], or rust_xlsxwriter's failure.
fn workbook(
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
