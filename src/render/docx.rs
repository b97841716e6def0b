//! DOCX through docx-rs: real text in real tables, so a teacher can edit the plan in Word or
//! LibreOffice before a review meeting. What docx-rs cannot say (repeated header rows, document
//! properties, compressed and reproducible zip entries) is added when the package is re-zipped.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, NumPages, PageMargin, PageNum,
    PageOrientationType, Paragraph as DocxParagraph, Pic, Run as DocxRun, RunFonts, Shading,
    ShdType, Style, StyleType, Tab, TabValueType, Table as DocxTable, TableCell, TableRow,
    VAlignType, WidthType,
};

use super::{RenderError, Renderer};
use crate::document::{
    Align, Background, Block, Document, Image, Orientation, Paragraph, Run, Running, Table, VAlign,
};
use crate::fonts::Typeface;
use crate::source::FieldPath;

/// Renders documents to DOCX.
#[derive(Debug, Clone, Default)]
pub struct DocxRenderer;

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f32 = 56.692_913;
const BODY_HALF_POINTS: usize = 20;
const SHADE_FILL: &str = "D9D9D9";
/// A row at most this part of the page high is kept whole on one page (`w:cantSplit`); a taller
/// one may break, or Word would cut it off at the foot of the page.
const UNSPLIT_ROW_OF_PAGE: f32 = 0.8;

fn twips(mm: f32) -> usize {
    (mm * TWIPS_PER_MM).round().max(0.0) as usize
}

impl Renderer for DocxRenderer {
    fn extension(&self) -> &'static str {
        "docx"
    }

    fn render(&self, document: &Document) -> Result<Vec<u8>, RenderError> {
        let _admitted = super::admitted(document)?;
        let page = &document.page;
        let (width, height) = page.size_mm();
        let [top, right, bottom, left] = page.margins_mm;
        let mut docx = Docx::new()
            .page_size(twips(width) as u32, twips(height) as u32)
            .page_margin(
                PageMargin::new()
                    .top(twips(top) as i32)
                    .right(twips(right) as i32)
                    .bottom(twips(bottom) as i32)
                    .left(twips(left) as i32)
                    .header(twips(top / 2.0) as i32)
                    .footer(twips(bottom / 2.0) as i32),
            )
            .default_fonts(fonts(document.typeface))
            .default_size(BODY_HALF_POINTS)
            // Lines at the typeface's pitch, as in the PDF (in 240ths of the font's own height).
            .default_line_spacing(
                docx_rs::LineSpacing::new()
                    .line_rule(docx_rs::LineSpacingType::Auto)
                    .line((240.0 * crate::fonts::line_spacing(document.typeface)).round() as i32),
            );
        if page.orientation == Orientation::Landscape {
            // page_size set above already has width and height swapped.
            docx = docx.page_orient(PageOrientationType::Landscape);
        }
        for (id, name, half_points) in [
            ("Heading1", "heading 1", 32),
            ("Heading2", "heading 2", 26),
            ("Heading3", "heading 3", 22),
        ] {
            let level = id.chars().last().and_then(|c| c.to_digit(10)).unwrap_or(1) as usize;
            docx = docx.add_style(
                Style::new(id, StyleType::Paragraph)
                    .name(name)
                    .based_on("Normal")
                    .next("Normal")
                    .bold()
                    .size(half_points)
                    .fonts(fonts(document.typeface))
                    .outline_lvl(level - 1),
            );
        }
        if let Some(header) = &document.header {
            docx =
                docx.header(Header::new().add_paragraph(running(header, page.content_width_mm())));
        }
        if let Some(footer) = &document.footer {
            docx =
                docx.footer(Footer::new().add_paragraph(running(footer, page.content_width_mm())));
        }
        let content_width = page.content_width_mm();
        let pictures = PictureIds::default();
        for (i, block) in document.blocks.iter().enumerate() {
            let placed = |error| match error {
                RenderError::Image { place, why } if place.is_empty() => RenderError::Image {
                    place: format!("block {} of the form", i + 1),
                    why,
                },
                error => error,
            };
            docx = match block {
                Block::Heading { level, text, .. } => docx.add_paragraph(
                    DocxParagraph::new()
                        .style(&format!("Heading{}", level.clamp(&1, &3)))
                        .keep_next(true)
                        .add_run(DocxRun::new().add_text(text)),
                ),
                Block::Paragraph(paragraph) => docx.add_paragraph(self::paragraph(paragraph, None)),
                Block::Table(table) => docx
                    .add_table(self::table(table, page, &pictures).map_err(placed)?)
                    // A word processor needs a paragraph between two tables; it stands for
                    // the PDF's millimetre after a table.
                    .add_paragraph(space(1.0)),
                Block::Image(image) => {
                    let picture = picture(image, content_width, &pictures).map_err(placed)?;
                    docx.add_paragraph(
                        picture_paragraph(image.align)
                            .add_run(DocxRun::new().size(2).add_image(picture)),
                    )
                }
                Block::Space(mm) => docx.add_paragraph(space(*mm)),
                Block::PageBreak => docx.add_paragraph(
                    DocxParagraph::new().add_run(DocxRun::new().add_break(BreakType::Page)),
                ),
            };
        }
        let mut packed = Cursor::new(Vec::new());
        docx.build()
            .pack(&mut packed)
            .map_err(|e| RenderError::Docx(Box::new(e)))?;
        rezip(&packed.into_inner(), document)
    }
}

fn fonts(typeface: Typeface) -> RunFonts {
    let family = typeface.family();
    RunFonts::new()
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
        .east_asia(family)
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// A header or footer line: left text, then centre and right text at tab stops in the middle and
/// at the right margin, as Word's own header layout does; page numbers are fields Word updates.
fn running(running: &Running, width_mm: f32) -> DocxParagraph {
    let width = twips(width_mm);
    let mut paragraph = DocxParagraph::new()
        .add_tab(Tab::new().val(TabValueType::Center).pos(width / 2))
        .add_tab(Tab::new().val(TabValueType::Right).pos(width));
    for (i, text) in [&running.left, &running.center, &running.right]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            paragraph = paragraph.add_run(DocxRun::new().add_tab());
        }
        paragraph = with_page_fields(paragraph, text);
    }
    paragraph
}

/// Text with `{page}` and `{pages}` as PAGE and NUMPAGES fields.
fn with_page_fields(mut paragraph: DocxParagraph, text: &str) -> DocxParagraph {
    let mut rest = text;
    loop {
        let next = [("{page}", 0), ("{pages}", 1)]
            .into_iter()
            .filter_map(|(token, kind)| rest.find(token).map(|at| (at, token, kind)))
            .min();
        let Some((at, token, kind)) = next else {
            if !rest.is_empty() {
                paragraph = paragraph.add_run(DocxRun::new().size(16).add_text(rest));
            }
            return paragraph;
        };
        if at > 0 {
            paragraph = paragraph.add_run(DocxRun::new().size(16).add_text(&rest[..at]));
        }
        paragraph = if kind == 0 {
            paragraph.add_page_num(PageNum::new())
        } else {
            paragraph.add_num_pages(NumPages::new())
        };
        rest = &rest[at + token.len()..];
    }
}

fn paragraph(paragraph: &Paragraph, size: Option<u8>) -> DocxParagraph {
    let mut out = DocxParagraph::new().align(alignment(paragraph.align));
    // A paragraph that starts in a right-to-left script runs right to left, as Word's own do.
    let first_strong = paragraph
        .runs
        .iter()
        .flat_map(|run| run.text.chars())
        .find(|c| c.is_alphabetic());
    if first_strong.is_some_and(is_right_to_left) {
        out.property = out.property.bidi(true);
    }
    for run in &paragraph.runs {
        out = out.add_run(self::run(run, run.size.or(paragraph.size).or(size)));
    }
    out
}

/// True for a letter of a script written right to left (Hebrew, Arabic and its neighbours).
fn is_right_to_left(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// What a run's style carries for what docx-rs cannot write: that it runs right to left, and its
/// language. [`with_scripts`] turns it into `w:rtl` and `w:lang` in the package.
const SCRIPT_MARK: &str = "iep-script-";

/// A run, with its line breaks as real breaks (docx-rs drops `\n`).
fn run(run: &Run, size: Option<u8>) -> DocxRun {
    let mut out = DocxRun::new();
    if run.bold {
        out = out.bold();
    }
    if run.italic {
        out = out.italic();
    }
    if let Some(size) = size {
        out = out.size(usize::from(size) * 2);
    }
    let rtl = run.text.chars().any(is_right_to_left);
    if rtl || run.lang.is_some() {
        let direction = if rtl { "rtl" } else { "ltr" };
        let lang = run.lang.as_deref().unwrap_or_default();
        out = out.style(&format!("{SCRIPT_MARK}{direction}-{lang}"));
    }
    // Word sets other scripts in the run's complex-script font: the bundled one for the script.
    let nastaliq = run
        .lang
        .as_deref()
        .is_some_and(crate::fonts::is_nastaliq_language);
    let family = match run.text.chars().find_map(crate::fonts::script_family) {
        Some(_) if nastaliq => Some(crate::fonts::NASTALIQ),
        family => family,
    };
    if let Some(family) = family {
        out = out.fonts(RunFonts::new().cs(family));
    }
    for (i, line) in run.text.split('\n').enumerate() {
        if i > 0 {
            out = out.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            out = out.add_text(line);
        }
    }
    out
}

fn table(
    table: &Table,
    page: &crate::document::PageSetup,
    pictures: &PictureIds,
) -> Result<DocxTable, RenderError> {
    let content_width_mm = page.content_width_mm();
    let unsplit =
        (page.size_mm().1 - page.margins_mm[0] - page.margins_mm[2]) * UNSPLIT_ROW_OF_PAGE;
    let total: f32 = table.columns.iter().sum::<f32>().max(f32::EPSILON);
    let grid: Vec<usize> = table
        .columns
        .iter()
        .map(|w| twips(w / total * content_width_mm))
        .collect();
    let mut rows = Vec::new();
    for (row, is_header) in table
        .header
        .iter()
        .map(|row| (row, true))
        .chain(table.rows.iter().map(|row| (row, false)))
    {
        // A row that keeps with the next (a label row, a table that ends the form) says so in
        // its paragraphs, as Word keeps rows together.
        let keep = row.keeps_with_next() || table.keep_with_next;
        let mut column = 0;
        let mut cells = Vec::new();
        for cell in &row.cells {
            let span = cell.span.max(1);
            let width: usize = grid.iter().skip(column).take(span).sum();
            column += span;
            let mut out = TableCell::new().width(width, WidthType::Dxa);
            if span > 1 {
                out = out.grid_span(span);
            }
            if cell.shaded {
                out = out.shading(
                    Shading::new()
                        .shd_type(ShdType::Clear)
                        .color("auto")
                        .fill(SHADE_FILL),
                );
            }
            out = out.vertical_align(match cell.valign {
                VAlign::Top => VAlignType::Top,
                VAlign::Middle => VAlignType::Center,
                VAlign::Bottom => VAlignType::Bottom,
            });
            if let Some(image) = &cell.image {
                // At most the cell's width inside its side margins.
                let room = width.saturating_sub(2 * twips(table.padding_mm.unwrap_or(1.4))) as f32
                    / TWIPS_PER_MM;
                let picture = picture(image, room, pictures)?;
                out = out.add_paragraph(
                    picture_paragraph(image.align)
                        .keep_next(keep)
                        .add_run(DocxRun::new().size(2).add_image(picture)),
                );
            }
            if cell.paragraphs.is_empty() && cell.image.is_none() {
                out = out.add_paragraph(DocxParagraph::new().keep_next(keep));
            }
            for (i, p) in cell.paragraphs.iter().enumerate() {
                let mut docx = paragraph(p, table.size).keep_next(keep);
                // Half a line of the table's type between a cell's paragraphs, as in the PDF.
                if i > 0 || cell.image.is_some() {
                    let size = table.size.map_or(BODY_HALF_POINTS / 2, usize::from);
                    docx =
                        docx.line_spacing(docx_rs::LineSpacing::new().before((size * 10) as u32));
                }
                out = out.add_paragraph(docx);
            }
            cells.push(out);
        }
        let mut out = TableRow::new(cells);
        if row.min_height_mm > 0.0 {
            out = out
                .row_height(row.min_height_mm * TWIPS_PER_MM)
                .height_rule(docx_rs::HeightRule::AtLeast);
        }
        if is_header || estimated_height_mm(row, &grid, table.size) <= unsplit {
            out = out.cant_split();
        }
        rows.push(out);
    }
    let width: usize = grid.iter().sum();
    let rows = if table.borderless {
        DocxTable::without_borders(rows)
    } else {
        DocxTable::new(rows)
    };
    Ok(rows
        // The PDF's padding (1.4 mm all round unless the table says): text does not touch the
        // borders, and rows are as tall in a word processor as in the PDF.
        .margins({
            let padding = twips(table.padding_mm.unwrap_or(1.4));
            docx_rs::TableCellMargins::new().margin(padding, padding, padding, padding)
        })
        .set_grid(grid)
        .width(width, WidthType::Dxa)
        .layout(docx_rs::TableLayoutType::Fixed))
}

/// A picture sized as the PDF sizes it: its width, at most `room`, narrower for a tall one.
fn picture(image: &Image, room_mm: f32, ids: &PictureIds) -> Result<Pic, RenderError> {
    let prepared = prepared(image)?;
    let (w, h) = (prepared.width, prepared.height);
    let (width_mm, height_mm) =
        crate::picture::size_on_page(image.width_mm, image.max_height_mm, room_mm, (w, h));
    let emu_per_mm = 36_000.0_f32;
    let mut pic = Pic::new_with_dimensions(prepared.png.clone(), w, h).size(
        (width_mm * emu_per_mm) as u32,
        (height_mm * emu_per_mm) as u32,
    );
    pic.id = ids.next();
    Ok(pic)
}

/// Picture ids numbered from 1 in each document: docx-rs numbers them with a counter global to
/// the process, which made a document's bytes depend on what the batch rendered before it.
#[derive(Default)]
struct PictureIds(std::cell::Cell<usize>);

impl PictureIds {
    fn next(&self) -> String {
        let id = self.0.get() + 1;
        self.0.set(id);
        format!("rIdImage{id}")
    }
}

/// A picture as the DOCX holds it: a PNG flattened onto white at print resolution, and its size
/// in pixels.
struct Prepared {
    source: Vec<u8>,
    width_mm: f32,
    png: Vec<u8>,
    width: u32,
    height: u32,
}

/// The most prepared pictures kept, and the largest source kept: the built-in symbols and a
/// school's own small pictures, which recur in every plan of a batch; photos are not kept.
const KEPT_PICTURES: usize = 64;
const KEPT_SOURCE_BYTES: usize = 256 * 1024;

/// Decodes a picture (docx-rs's Pic::new panics on bytes it cannot read) as the PDF does, so the
/// two look the same in every reader. Decoding and re-encoding take milliseconds, so small
/// pictures are kept for the next document.
fn prepared(image: &Image) -> Result<std::sync::Arc<Prepared>, RenderError> {
    use std::sync::{Arc, Mutex, OnceLock};
    static KEPT: OnceLock<Mutex<Vec<Arc<Prepared>>>> = OnceLock::new();
    let data = &image.data;
    let kept = KEPT.get_or_init(|| Mutex::new(Vec::new()));
    let found = kept.lock().ok().and_then(|kept| {
        kept.iter()
            .find(|p| p.width_mm == image.width_mm && p.source == data[..])
            .cloned()
    });
    if let Some(prepared) = found {
        return Ok(prepared);
    }
    // The place, unless the plan's field names it, is filled in by the block that holds it.
    let decoded =
        crate::picture::decode(data, image.width_mm).map_err(|why| RenderError::Image {
            place: image
                .field
                .as_ref()
                .map(FieldPath::describe)
                .unwrap_or_default(),
            why,
        })?;
    let (width, height) = decoded.dimensions();
    let mut png = std::io::Cursor::new(Vec::new());
    ::image::DynamicImage::ImageRgb8(decoded)
        .write_to(&mut png, ::image::ImageFormat::Png)
        .map_err(|e| RenderError::Docx(Box::new(e)))?;
    let prepared = Arc::new(Prepared {
        source: data.to_vec(),
        width_mm: image.width_mm,
        png: png.into_inner(),
        width,
        height,
    });
    if data.len() <= KEPT_SOURCE_BYTES
        && let Ok(mut kept) = kept.lock()
        && kept.len() < KEPT_PICTURES
    {
        kept.push(Arc::clone(&prepared));
    }
    Ok(prepared)
}

/// Each run's script mark ([`SCRIPT_MARK`]) as the properties it stands for, at the end of the
/// run's properties where the schema puts them: `w:rtl` for a right-to-left run and `w:lang` for
/// its language (`w:bidi` for a right-to-left or complex script, `w:val` otherwise).
fn with_scripts(xml: &str) -> String {
    let opening = format!("<w:rStyle w:val=\"{SCRIPT_MARK}");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(&opening) {
        out.push_str(&rest[..at]);
        let after = &rest[at + opening.len()..];
        let (Some(value_end), Some(close)) = (after.find('"'), after.find("</w:rPr>")) else {
            out.push_str(&rest[at..]);
            return out;
        };
        let value = &after[..value_end];
        let tag_end = after[value_end..]
            .find("/>")
            .map_or(value_end, |e| value_end + e + 2);
        let (direction, lang) = value.split_once('-').unwrap_or((value, ""));
        let rtl = direction == "rtl";
        // Language codes were checked when the plan was read: letters, digits and hyphens.
        let lang: String = lang
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        out.push_str(&after[tag_end..close]);
        if rtl {
            out.push_str("<w:rtl />");
        }
        if !lang.is_empty() {
            let complex = rtl || is_complex(&lang);
            let attribute = if complex { "w:bidi" } else { "w:val" };
            out.push_str(&format!("<w:lang {attribute}=\"{lang}\" />"));
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// True for a language Word writes in a complex script: those of South Asia and the Arabic and
/// Hebrew scripts, which its `w:bidi` language attribute covers.
fn is_complex(lang: &str) -> bool {
    let primary = lang.split('-').next().unwrap_or_default();
    matches!(
        primary,
        "ar" | "ur"
            | "fa"
            | "ps"
            | "he"
            | "yi"
            | "pa"
            | "pnb"
            | "bn"
            | "gu"
            | "ta"
            | "hi"
            | "mr"
            | "ne"
            | "sd"
            | "ks"
            | "syl"
    )
}

/// Re-zips the package: deflated, with fixed timestamps, the header rows marked to repeat, the
/// relationship ids of headers numbered from 1, and document properties docx-rs cannot set.
fn rezip(packed: &[u8], document: &Document) -> Result<Vec<u8>, RenderError> {
    let error = |e: zip::result::ZipError| RenderError::Docx(Box::new(e));
    let mut archive = zip::ZipArchive::new(Cursor::new(packed)).map_err(error)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // Level 1 costs a third of the default's time and a few hundred bytes.
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(error)?;
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| RenderError::Docx(Box::new(e)))?;
        let bytes = match name.as_str() {
            "docProps/core.xml" => core_properties(document).into_bytes(),
            "word/document.xml" | "word/_rels/document.xml.rels" => {
                let text = String::from_utf8_lossy(&bytes);
                let text = mark_header_rows(&text, &header_rows(document));
                let text = with_background(&text, document.page.background);
                let text = with_scripts(&text);
                renumber_header_ids(&text).into_bytes()
            }
            "word/settings.xml" if document.page.background != Background::White => {
                // Word and LibreOffice show a page colour only when the settings ask for it.
                let text = String::from_utf8_lossy(&bytes);
                let opened = text
                    .find("<w:settings")
                    .and_then(|at| text[at..].find('>').map(|end| at + end + 1));
                match opened {
                    Some(at) => {
                        format!("{}<w:displayBackgroundShape />{}", &text[..at], &text[at..])
                    }
                    None => text.into_owned(),
                }
                .into_bytes()
            }
            _ => bytes,
        };
        out.start_file(name, options).map_err(error)?;
        out.write_all(&bytes)
            .map_err(|e| RenderError::Docx(Box::new(e)))?;
    }
    Ok(out.finish().map_err(error)?.into_inner())
}

/// The number of header rows of each table of the document, in order.
fn header_rows(document: &Document) -> Vec<usize> {
    document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table(table) => Some(table.header.len()),
            _ => None,
        })
        .collect()
}

/// Marks the first `counts[k]` rows of the k-th table as header rows that repeat on each page
/// (`<w:tblHeader/>`, which docx-rs cannot write): each is a row kept whole, so the mark goes
/// after its `<w:cantSplit />`.
fn mark_header_rows(xml: &str, counts: &[usize]) -> String {
    const SPLIT: &str = "<w:cantSplit />";
    let mut out = String::with_capacity(xml.len() + 32 * counts.iter().sum::<usize>());
    let mut rest = xml;
    for &count in counts {
        let Some(at) = rest.find("<w:tbl>") else {
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        for _ in 0..count {
            let Some(row) = rest.find("<w:tr>") else {
                break;
            };
            let Some(split) = rest[row..].find(SPLIT).map(|s| row + s + SPLIT.len()) else {
                break;
            };
            out.push_str(&rest[..split]);
            out.push_str("<w:tblHeader />");
            rest = &rest[split..];
        }
        // Past this table's opening, so the next search finds the next table.
        let skip = "<w:tbl>".len().min(rest.len());
        out.push_str(&rest[..skip]);
        rest = &rest[skip..];
    }
    out.push_str(rest);
    out
}

/// About how tall a row will be in a word processor, from the lines its cells' text needs at an
/// average letter width: enough to tell a row that fits on a page from one that cannot.
fn estimated_height_mm(row: &crate::document::Row, grid: &[usize], size: Option<u8>) -> f32 {
    let mut column = 0;
    let mut tallest: f32 = 0.0;
    for cell in &row.cells {
        let span = cell.span.max(1);
        let width_mm =
            grid.iter().skip(column).take(span).sum::<usize>() as f32 / TWIPS_PER_MM - 3.0;
        column += span;
        let mut height = 2.0
            + cell.image.as_ref().map_or(0.0, |image| {
                image
                    .max_height_mm
                    .unwrap_or(image.width_mm)
                    .min(image.width_mm.max(1.0) * 2.0)
            });
        for paragraph in &cell.paragraphs {
            let points = f32::from(paragraph.size.or(size).unwrap_or(10));
            let letter_mm = points * 0.3528 * 0.5;
            let per_line = (width_mm.max(1.0) / letter_mm).max(1.0);
            let lines: f32 = paragraph
                .text()
                .split('\n')
                .map(|line| (line.chars().count() as f32 / per_line).ceil().max(1.0))
                .sum();
            height += lines * points * 0.3528 * 1.35;
        }
        tallest = tallest.max(height);
    }
    tallest.max(row.min_height_mm)
}

/// docx-rs numbers header and footer relationships with a counter global to the process; the
/// same document must give the same bytes, so they are numbered from 1 in order of appearance.
fn renumber_header_ids(text: &str) -> String {
    let mut out = text.to_owned();
    for prefix in ["rIdHeader", "rIdFooter"] {
        let mut seen: Vec<String> = Vec::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(prefix) {
            let digits: String = rest[at + prefix.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let id = format!("{prefix}{digits}");
            if !seen.contains(&id) {
                seen.push(id);
            }
            rest = &rest[at + prefix.len() + digits.len()..];
        }
        // Two steps, so that renumbering never collides with an id not yet renumbered.
        for (i, id) in seen.iter().enumerate() {
            out = out.replace(&format!("\"{id}\""), &format!("\"{prefix}_{}\"", i + 1));
        }
        out = out.replace(&format!("\"{prefix}_"), &format!("\"{prefix}"));
    }
    out
}

fn core_properties(document: &Document) -> String {
    let meta = &document.meta;
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:subject>{}</dc:subject>",
            "<dc:language>{}</dc:language><cp:lastModifiedBy>iep</cp:lastModifiedBy>",
            "{}</cp:coreProperties>"
        ),
        escape(&meta.title),
        escape(&meta.author),
        escape(&meta.subject),
        escape(&meta.language),
        meta.credit
            .as_deref()
            .map_or_else(String::new, |credit| format!(
                "<dc:description>{}</dc:description>",
                escape(credit)
            )),
    )
}

/// An empty paragraph exactly `mm` high: space between blocks, as the PDF leaves it.
fn space(mm: f32) -> DocxParagraph {
    DocxParagraph::new().size(2).line_spacing(
        docx_rs::LineSpacing::new()
            .before(0)
            .after(0)
            .line_rule(docx_rs::LineSpacingType::Exact)
            .line(twips(mm.max(0.5)) as i32),
    )
}

/// A paragraph holding a picture: single line spacing, which grows to the picture's height, in
/// type of 1 pt, so that the line is no taller than the picture, as in the PDF. The document's
/// own spacing is proportional and, for Andika, under 100%, and LibreOffice cuts a picture in
/// such a line to the line's height.
fn picture_paragraph(align: Align) -> DocxParagraph {
    DocxParagraph::new()
        .align(alignment(align))
        .size(2)
        .line_spacing(
            docx_rs::LineSpacing::new()
                .line_rule(docx_rs::LineSpacingType::Auto)
                .line(240),
        )
}

/// The document with its page colour, when the paper is not white (`<w:background>`, which
/// docx-rs cannot write, comes first in `<w:document>`).
fn with_background(xml: &str, background: Background) -> String {
    if background == Background::White {
        return xml.to_owned();
    }
    let [r, g, b] = background.rgb();
    let Some(body) = xml.find("<w:body>") else {
        return xml.to_owned();
    };
    format!(
        "{}<w:background w:color=\"{r:02X}{g:02X}{b:02X}\" />{}",
        &xml[..body],
        &xml[body..]
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
