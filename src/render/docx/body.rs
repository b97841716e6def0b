//! The document's content as WordprocessingML: headings, paragraphs of runs, tables and
//! pictures, the running header and footer, and the page. Everything comes from the
//! [`Document`]: its runs' languages and directions, its tables' header rows and the rows kept
//! together, so that a word processor breaks pages where the PDF does.

use super::picture::Pictures;
use super::xml::{
    self, CellProperties, Jc, Line, ParagraphProperties, RowProperties, RunProperties, Spacing,
    TabStop, TableProperties, Twips, Xml, twips,
};
use super::{RenderError, is_complex_language};
use crate::document::{Align, Block, Cell, Document, Paragraph, Run, Running, Table, VAlign};
use crate::layout::{Flow, RowFlow};

/// The type size of text that sets none, in points, as in the PDF.
pub(super) const BODY_POINTS: u8 = 10;
/// The PDF's padding of a cell when its table sets none, in millimetres.
const CELL_PADDING_MM: f32 = 1.4;
/// The PDF's room above and below a heading, and after a paragraph, in millimetres.
pub(super) const HEADING_GAP_MM: f32 = 2.0;
const PARAGRAPH_GAP_MM: f32 = 1.5;
const SHADE_FILL: &str = "D9D9D9";
/// The running header and footer's type, in half points.
const RUNNING_HALF_POINTS: u32 = 16;
/// The width of table lines, in eighths of a point: a quarter point, the PDF's hairline.
const BORDER_EIGHTHS: u32 = 2;

/// `word/document.xml`, and the pictures it shows, its pages breaking as `flow` says the layout
/// broke them.
pub fn document(document: &Document, flow: &Flow) -> Result<(Vec<u8>, Pictures), RenderError> {
    let mut body = Body {
        xml: Xml::new(),
        document,
        pictures: Pictures::default(),
        content_width_mm: document.page.content_width_mm(),
        flow,
    };
    let xml = &mut body.xml;
    xml.open(
        "w:document",
        &[
            ("xmlns:w", xml::W),
            ("xmlns:r", xml::R),
            ("xmlns:wp", xml::WP),
            ("xmlns:a", xml::A),
            ("xmlns:pic", xml::PIC),
        ],
    );
    let background = document.page.background;
    if background != crate::document::Background::White {
        let [r, g, b] = background.rgb();
        xml.empty(
            "w:background",
            &[("w:color", &format!("{r:02X}{g:02X}{b:02X}"))],
        );
    }
    xml.open("w:body", &[]);
    for (i, block) in document.blocks.iter().enumerate() {
        body.block(i, block).map_err(|error| match error {
            RenderError::Image { place, why } if place.is_empty() => RenderError::Image {
                place: format!("block {} of the form", i + 1),
                why,
            },
            error => error,
        })?;
    }
    body.section();
    body.xml.close("w:body");
    body.xml.close("w:document");
    let bytes = body
        .xml
        .finish()
        .map_err(|e| RenderError::Docx(Box::new(e)))?;
    Ok((bytes, body.pictures))
}

/// `word/header1.xml` (`w:hdr`) or `word/footer1.xml` (`w:ftr`): one line with text at the
/// left, then centre and right text at tab stops in the middle and at the right margin, as
/// Word's own header layout does; page numbers are fields Word updates.
pub fn running(root: &str, running: &Running, width_mm: f32) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open(root, &[("xmlns:w", xml::W), ("xmlns:r", xml::R)]);
    xml.open("w:p", &[]);
    let width = twips(width_mm);
    ParagraphProperties {
        tabs: vec![TabStop::Center(width / 2), TabStop::Right(width)],
        ..ParagraphProperties::default()
    }
    .write(&mut xml);
    let size = RunProperties {
        half_points: Some(RUNNING_HALF_POINTS),
        ..RunProperties::default()
    };
    for (i, text) in [&running.left, &running.center, &running.right]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            xml.open("w:r", &[]);
            size.write(&mut xml);
            xml.empty("w:tab", &[]);
            xml.close("w:r");
        }
        with_page_fields(&mut xml, text, &size);
    }
    xml.close("w:p");
    xml.close(root);
    xml.finish()
}

/// Text with `{page}` and `{pages}` as PAGE and NUMPAGES fields.
fn with_page_fields(xml: &mut Xml, text: &str, size: &RunProperties) {
    let mut rest = text;
    loop {
        let next = [("{page}", "PAGE"), ("{pages}", "NUMPAGES")]
            .into_iter()
            .filter_map(|(token, field)| rest.find(token).map(|at| (at, token, field)))
            .min();
        let Some((at, token, field)) = next else {
            if !rest.is_empty() {
                run(xml, &Run::plain(rest), size.half_points);
            }
            return;
        };
        if at > 0 {
            run(xml, &Run::plain(&rest[..at]), size.half_points);
        }
        page_field(xml, field, size);
        rest = &rest[at + token.len()..];
    }
}

/// A page-number field as Word writes one: begin, the instruction, separate, the value shown
/// until the word processor works it out, end, each a run in the running text's size.
fn page_field(xml: &mut Xml, instruction: &str, size: &RunProperties) {
    for piece in 0..5 {
        xml.open("w:r", &[]);
        size.write(xml);
        match piece {
            0 => xml.empty("w:fldChar", &[("w:fldCharType", "begin")]),
            1 => xml.text_element(
                "w:instrText",
                &[("xml:space", "preserve")],
                &format!(" {instruction} "),
            ),
            2 => xml.empty("w:fldChar", &[("w:fldCharType", "separate")]),
            3 => xml.text_element("w:t", &[], "1"),
            _ => xml.empty("w:fldChar", &[("w:fldCharType", "end")]),
        }
        xml.close("w:r");
    }
}

struct Body<'a> {
    xml: Xml,
    document: &'a Document,
    pictures: Pictures,
    content_width_mm: f32,
    flow: &'a Flow,
}

impl Body<'_> {
    /// Writes block `i`.
    fn block(&mut self, i: usize, block: &Block) -> Result<(), RenderError> {
        let keep = self.flow.keeps.get(i).copied().unwrap_or(false);
        match block {
            Block::Heading { level, text, .. } => {
                let level = (*level).clamp(1, 3);
                let style = super::package::HEADINGS[usize::from(level - 1)].0;
                let heading = Paragraph::plain(text.as_str());
                // The style keeps a heading with what follows; not when that is taller than a
                // page, where the PDF lets it flow.
                let properties = ParagraphProperties {
                    style: Some(style),
                    keep_next: (!keep).then_some(false),
                    ..ParagraphProperties::default()
                };
                paragraph(&mut self.xml, &heading, None, properties);
            }
            Block::Paragraph(p) => {
                let properties = ParagraphProperties {
                    spacing: Some(Spacing {
                        after: Some(twips(PARAGRAPH_GAP_MM)),
                        ..Spacing::default()
                    }),
                    ..ParagraphProperties::default()
                };
                paragraph(&mut self.xml, p, None, properties);
            }
            Block::Table(table) => {
                let rows = self.flow.rows.get(i).map_or(&[][..], Vec::as_slice);
                self.table(table, rows)?;
                // A word processor needs a paragraph between two tables; it stands for the
                // PDF's millimetre after a table.
                space(&mut self.xml, 1.0, keep);
            }
            Block::Image(image) => {
                self.xml.open("w:p", &[]);
                let mut properties = picture_properties(image.align, false);
                if let Some(spacing) = &mut properties.spacing {
                    spacing.after = Some(twips(HEADING_GAP_MM));
                }
                properties.write(&mut self.xml);
                self.xml.open("w:r", &[]);
                tiny_run().write(&mut self.xml);
                self.pictures
                    .draw(&mut self.xml, image, self.content_width_mm)?;
                self.xml.close("w:r");
                self.xml.close("w:p");
            }
            // A space stays with what follows only when what is before it does: at the start
            // of a chain the PDF leaves it at the foot of the page, not at the top of the next.
            Block::Space(mm) => {
                let chained = i
                    .checked_sub(1)
                    .and_then(|before| self.flow.keeps.get(before))
                    .is_some_and(|kept| *kept);
                space(&mut self.xml, *mm, keep && chained);
            }
            Block::PageBreak => {
                self.xml.open("w:p", &[]);
                self.xml.open("w:r", &[]);
                self.xml.empty("w:br", &[("w:type", "page")]);
                self.xml.close("w:r");
                self.xml.close("w:p");
            }
        }
        Ok(())
    }

    /// Writes a table, each row as the layout placed it (`rows`, header rows first): whole on
    /// one page (`w:cantSplit`) exactly when the layout kept it whole, and kept with the next
    /// where the layout kept it so. A word processor cuts off a row it may not split that is
    /// taller than the page, so a row the layout split is left free to break.
    fn table(&mut self, table: &Table, rows: &[RowFlow]) -> Result<(), RenderError> {
        let padding = twips(table.padding_mm.unwrap_or(CELL_PADDING_MM));
        let total: f32 = table.columns.iter().sum::<f32>().max(f32::EPSILON);
        let grid: Vec<Twips> = table
            .columns
            .iter()
            .map(|w| twips(w / total * self.content_width_mm))
            .collect();
        self.xml.open("w:tbl", &[]);
        TableProperties {
            width: grid.iter().sum(),
            borders: (!table.borderless).then_some(BORDER_EIGHTHS),
            padding,
        }
        .write(&mut self.xml);
        self.xml.open("w:tblGrid", &[]);
        for width in &grid {
            self.xml.empty("w:gridCol", &[("w:w", &width.to_string())]);
        }
        self.xml.close("w:tblGrid");
        let placed = table.header.iter().chain(&table.rows);
        for (r, row) in placed.enumerate() {
            // A row the layout did not place (none, unless the layout and the document
            // disagree) may break, and keeps with nothing.
            let flow = rows.get(r).copied().unwrap_or(RowFlow {
                height_mm: 0.0,
                whole: false,
                keep_next: false,
            });
            let header = r < table.header.len();
            // The rows of a table that fills its page have the heights the layout shared out
            // to them, so that the page holds in a word processor as in the PDF, whose lines
            // may run a little longer: at the smallest type a fitted page has no room to spare.
            // Not a row the layout split, which would be cut off at the foot of the page.
            let exact = table.fill && !header && flow.whole && flow.height_mm > 0.0;
            let height = if exact {
                flow.height_mm
            } else {
                row.min_height_mm
            };
            self.xml.open("w:tr", &[]);
            RowProperties {
                cant_split: flow.whole,
                min_height: (height > 0.0).then(|| twips(height)),
                exact,
                header,
            }
            .write(&mut self.xml);
            let mut column = 0;
            for cell in &row.cells {
                let span = cell.span.max(1);
                let width: Twips = grid.iter().skip(column).take(span).sum();
                column += span;
                // A row that stays with the next says so in its paragraphs, as Word keeps rows
                // together.
                self.cell(cell, table, width, padding, flow.keep_next)?;
            }
            self.xml.close("w:tr");
        }
        self.xml.close("w:tbl");
        Ok(())
    }

    fn cell(
        &mut self,
        cell: &Cell,
        table: &Table,
        width: Twips,
        padding: Twips,
        keep: bool,
    ) -> Result<(), RenderError> {
        self.xml.open("w:tc", &[]);
        CellProperties {
            width,
            span: cell.span.max(1),
            fill: cell.shaded.then_some(SHADE_FILL),
            valign: match cell.valign {
                VAlign::Top => xml::VAlign::Top,
                VAlign::Middle => xml::VAlign::Center,
                VAlign::Bottom => xml::VAlign::Bottom,
            },
        }
        .write(&mut self.xml);
        if let Some(image) = &cell.image {
            // At most the cell's width inside its side margins.
            let room = width.saturating_sub(2 * padding) as f32 / xml::TWIPS_PER_MM;
            self.xml.open("w:p", &[]);
            picture_properties(image.align, keep).write(&mut self.xml);
            self.xml.open("w:r", &[]);
            tiny_run().write(&mut self.xml);
            self.pictures.draw(&mut self.xml, image, room)?;
            self.xml.close("w:r");
            self.xml.close("w:p");
        }
        // A cell holds at least one paragraph.
        if cell.paragraphs.is_empty() && cell.image.is_none() {
            self.xml.open("w:p", &[]);
            ParagraphProperties {
                keep_next: keep.then_some(true),
                ..ParagraphProperties::default()
            }
            .write(&mut self.xml);
            self.xml.close("w:p");
        }
        for (i, p) in cell.paragraphs.iter().enumerate() {
            // Half a line of the table's type between a cell's paragraphs, as in the PDF: half
            // its size in points, ten twips a point.
            let before = (i > 0 || cell.image.is_some())
                .then(|| u32::from(table.size.unwrap_or(BODY_POINTS)) * 10);
            let properties = ParagraphProperties {
                keep_next: keep.then_some(true),
                spacing: before.map(|before| Spacing {
                    before: Some(before),
                    ..Spacing::default()
                }),
                outline_level: cell.heading.map(|level| level.clamp(1, 3) - 1),
                ..ParagraphProperties::default()
            };
            paragraph(&mut self.xml, p, table.size, properties);
        }
        self.xml.close("w:tc");
        Ok(())
    }

    /// The section's page: header and footer, paper size and orientation, margins.
    fn section(&mut self) {
        let page = &self.document.page;
        let xml = &mut self.xml;
        xml.open("w:sectPr", &[]);
        if self.document.header.is_some() {
            xml.empty(
                "w:headerReference",
                &[("w:type", "default"), ("r:id", super::HEADER_ID)],
            );
        }
        if self.document.footer.is_some() {
            xml.empty(
                "w:footerReference",
                &[("w:type", "default"), ("r:id", super::FOOTER_ID)],
            );
        }
        let (width, height) = page.size_mm();
        let (width, height) = (twips(width).to_string(), twips(height).to_string());
        let mut size = vec![("w:w", width.as_str()), ("w:h", height.as_str())];
        if page.orientation == crate::document::Orientation::Landscape {
            size.push(("w:orient", "landscape"));
        }
        xml.empty("w:pgSz", &size);
        let [top, right, bottom, left] = page.margins_mm.map(twips);
        xml.empty_numbers(
            "w:pgMar",
            &[
                ("w:top", top),
                ("w:right", right),
                ("w:bottom", bottom),
                ("w:left", left),
                ("w:header", top / 2),
                ("w:footer", bottom / 2),
                ("w:gutter", 0),
            ],
        );
        xml.close("w:sectPr");
    }
}

/// A paragraph of runs, `size` the type size (in points) of runs that set none, with
/// `properties` for its place (a heading's style, a row kept with the next).
fn paragraph(
    xml: &mut Xml,
    paragraph: &Paragraph,
    size: Option<u8>,
    properties: ParagraphProperties,
) {
    // A paragraph that starts in a right-to-left script runs right to left, as Word's own do.
    let bidi = paragraph
        .runs
        .iter()
        .flat_map(|run| run.text.chars())
        .find(|c| c.is_alphabetic())
        .is_some_and(is_right_to_left);
    // The start edge is the default: the left, or the right of a right-to-left paragraph, as the
    // PDF sets a paragraph aligned left.
    let jc = match paragraph.align {
        Align::Left => None,
        Align::Center => Some(Jc::Center),
        Align::Right if bidi => None,
        Align::Right => Some(Jc::Right),
    };
    xml.open("w:p", &[]);
    ParagraphProperties {
        bidi,
        jc,
        ..properties
    }
    .write(xml);
    for r in &paragraph.runs {
        let size = r.size.or(paragraph.size).or(size);
        run(xml, r, size.map(|points| u32::from(points) * 2));
    }
    xml.close("w:p");
}

/// A run in type of `half_points` (the document's body size when `None`), with its line breaks
/// as real breaks, its direction, its language and, for a complex script, the bundled font of
/// its script.
fn run(xml: &mut Xml, run: &Run, half_points: Option<u32>) {
    let rtl = run.text.chars().any(is_right_to_left);
    let lang = run
        .lang
        .as_deref()
        .map(|lang| (lang, rtl || is_complex_language(lang)));
    let properties = RunProperties {
        complex_font: complex_font(run),
        bold: run.bold,
        italic: run.italic,
        half_points,
        rtl,
        lang,
    };
    xml.open("w:r", &[]);
    properties.write(xml);
    for (i, line) in run.text.split('\n').enumerate() {
        if i > 0 {
            xml.empty("w:br", &[]);
        }
        // A soft hyphen (where a word of a narrow column may break) is Word's optional hyphen.
        for (j, piece) in line.split('\u{ad}').enumerate() {
            if j > 0 {
                xml.empty("w:softHyphen", &[]);
            }
            if !piece.is_empty() {
                xml.text_element("w:t", &[("xml:space", "preserve")], piece);
            }
        }
    }
    xml.close("w:r");
}

/// The font Word is to set the run's complex script in (it takes the `w:cs` font for Arabic,
/// Hebrew and the scripts of South and South-East Asia): the bundled font of its script, and
/// Nastaliq for Urdu.
fn complex_font(run: &Run) -> Option<&'static str> {
    let first = run.text.chars().find(|c| is_complex_script(*c))?;
    let nastaliq = run
        .lang
        .as_deref()
        .is_some_and(crate::fonts::is_nastaliq_language);
    if nastaliq && is_right_to_left(first) {
        return Some(crate::fonts::NASTALIQ);
    }
    crate::fonts::script_family(first)
}

/// The fonts the document names: its typeface, and the font of each complex script its text
/// holds.
pub fn fonts(document: &Document) -> std::collections::BTreeSet<&'static str> {
    let mut fonts = std::collections::BTreeSet::from([document.typeface.family()]);
    let mut add = |paragraphs: &mut dyn Iterator<Item = &Paragraph>| {
        for run in paragraphs.flat_map(|p| &p.runs) {
            fonts.extend(complex_font(run));
        }
    };
    for block in &document.blocks {
        match block {
            Block::Paragraph(p) => add(&mut std::iter::once(p)),
            Block::Table(table) => add(&mut table
                .header
                .iter()
                .chain(&table.rows)
                .flat_map(|row| &row.cells)
                .flat_map(|cell| &cell.paragraphs)),
            Block::Heading { text, .. } => {
                add(&mut std::iter::once(&Paragraph::plain(text.as_str())))
            }
            _ => {}
        }
    }
    for running in document.header.iter().chain(&document.footer) {
        for text in [&running.left, &running.center, &running.right] {
            add(&mut std::iter::once(&Paragraph::plain(text.as_str())));
        }
    }
    fonts
}

/// True for a letter of a script written right to left (Hebrew, Arabic and its neighbours).
fn is_right_to_left(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// True for a character of a script Word sets as a complex script: right-to-left ones and the
/// scripts of South and South-East Asia.
pub(super) fn is_complex_script(c: char) -> bool {
    is_right_to_left(c)
        || matches!(
            u32::from(c),
            0x0900..=0x0DFF | 0x0E00..=0x0FFF | 0x1000..=0x109F | 0x1780..=0x17FF
        )
}

/// An empty paragraph exactly `mm` high: space between blocks, as the PDF leaves it.
fn space(xml: &mut Xml, mm: f32, keep_next: bool) {
    xml.open("w:p", &[]);
    ParagraphProperties {
        keep_next: keep_next.then_some(true),
        spacing: Some(Spacing {
            before: Some(0),
            after: Some(0),
            line: Some(Line::Exact(twips(mm.max(0.5)))),
        }),
        mark: tiny_run(),
        ..ParagraphProperties::default()
    }
    .write(xml);
    xml.close("w:p");
}

/// Type of 1 pt, so that the line of a picture or of a space is no taller than it.
fn tiny_run() -> RunProperties<'static> {
    RunProperties {
        half_points: Some(2),
        ..RunProperties::default()
    }
}

/// A paragraph holding a picture: single line spacing, which grows to the picture's height, in
/// type of 1 pt, so that the line is no taller than the picture, as in the PDF. The document's
/// own spacing is proportional and, for Andika, under 100%, and LibreOffice cuts a picture in
/// such a line to the line's height.
fn picture_properties(align: Align, keep_next: bool) -> ParagraphProperties<'static> {
    ParagraphProperties {
        keep_next: keep_next.then_some(true),
        spacing: Some(Spacing {
            line: Some(Line::Auto(240)),
            ..Spacing::default()
        }),
        jc: match align {
            Align::Left => None,
            Align::Center => Some(Jc::Center),
            Align::Right => Some(Jc::Right),
        },
        mark: tiny_run(),
        ..ParagraphProperties::default()
    }
}
