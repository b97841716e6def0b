//! The renderer-neutral document: what a form lays out and every renderer draws. It knows pages,
//! paragraphs, tables and images, and nothing of IEPs, PDF or DOCX.

use serde::Serialize;

use crate::fonts::Typeface;
use crate::source::FieldPath;

/// A laid-out document, ready for any [`Renderer`](crate::render::Renderer).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Title, author, subject and language for the file's properties.
    pub meta: Meta,
    /// Paper, orientation and margins.
    pub page: PageSetup,
    /// The typeface of all the text.
    pub typeface: Typeface,
    /// Printed at the top of every page.
    pub header: Option<Running>,
    /// Printed at the foot of every page.
    pub footer: Option<Running>,
    /// The content, top to bottom.
    pub blocks: Vec<Block>,
}

/// Document properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// Shown as the document title by readers.
    pub title: String,
    /// Who made it: the school.
    pub author: String,
    /// What it is about.
    pub subject: String,
    /// The language of the text, such as `en-GB`.
    pub language: String,
    /// The credit a licence asks for, such as that of the built-in pictures: printed on the
    /// page, and kept in the file's properties.
    pub credit: Option<String>,
    /// The document's own date, the plan's (agreed, or else drawn up), as `2026-10-05`: the date
    /// an archive records, never the clock's, so that the same plan gives the same file.
    pub date: Option<String>,
}

/// The most pages any document takes: a plan is a few pages, and a form or a history that would
/// run to more is refused rather than printed for ever.
pub(crate) const MAX_PAGES: usize = 100;

/// Paper and margins.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageSetup {
    /// Portrait or landscape A4.
    pub orientation: Orientation,
    /// Margins in millimetres: top, right, bottom, left.
    pub margins_mm: [f32; 4],
    /// The most pages the document may take; a renderer that would need more refuses it.
    pub max_pages: Option<usize>,
    /// The colour of the paper.
    pub background: Background,
}

/// The colour a page is printed on.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Background {
    /// Plain white paper (nothing is printed).
    #[default]
    White,
    /// A soft cream, which the British Dyslexia Association's style guide suggests for readers
    /// who find black on white glaring.
    Cream,
}

impl Background {
    /// The colour as red, green and blue.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Background::White => [255, 255, 255],
            Background::Cream => [253, 246, 227],
        }
    }

    /// The background named `key`: `white` or `cream`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key.trim() {
            "white" => Some(Background::White),
            "cream" => Some(Background::Cream),
            _ => None,
        }
    }
}

impl PageSetup {
    /// The paper size in millimetres, width then height, after orientation.
    pub fn size_mm(&self) -> (f32, f32) {
        match self.orientation {
            Orientation::Portrait => (210.0, 297.0),
            Orientation::Landscape => (297.0, 210.0),
        }
    }

    /// The width between the side margins, in millimetres.
    pub fn content_width_mm(&self) -> f32 {
        self.size_mm().0 - self.margins_mm[1] - self.margins_mm[3]
    }
}

/// Which way up the paper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// A running header or footer line: text at the left, centre and right. `{page}` and
/// `{pages}` stand for the page number and the number of pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Running {
    /// Text at the left edge.
    pub left: String,
    /// Text in the middle.
    pub center: String,
    /// Text at the right edge.
    pub right: String,
}

impl Running {
    /// The text of one side with the page placeholders filled in.
    pub fn fill(text: &str, page: usize, pages: usize) -> String {
        text.replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    }
}

/// One piece of content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Block {
    /// A heading; level 1 is the document title.
    Heading {
        /// 1 to 3.
        level: u8,
        /// The heading's text.
        text: String,
        /// The plan's field the heading shows, when it shows one.
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<FieldPath>,
    },
    /// A paragraph of text.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
    /// A picture.
    Image(Image),
    /// Empty space, in millimetres.
    Space(f32),
    /// Start a new page.
    PageBreak,
}

/// How a paragraph sits between its margins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Flush left (the default).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Text made of styled runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Paragraph {
    /// The runs, in order.
    pub runs: Vec<Run>,
    /// Alignment.
    pub align: Align,
    /// Font size in points for runs that set none.
    pub size: Option<u8>,
}

impl Paragraph {
    /// A paragraph of one plain run.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            runs: vec![Run::plain(text)],
            ..Self::default()
        }
    }

    /// The text of all runs.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// True when the paragraph has no visible text.
    pub fn is_blank(&self) -> bool {
        self.runs.iter().all(|r| r.text.trim().is_empty())
    }
}

/// A stretch of text in one style.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Run {
    /// The text; `\n` is a line break.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Font size in points, when not the paragraph's.
    pub size: Option<u8>,
    /// The plan's field the text shows, when it shows one (`views.parents`): so that a renderer
    /// that cannot print it names the field, never the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldPath>,
    /// The language of the text when it is not the document's (BCP 47: `ur`), for screen
    /// readers and for the face its script is set in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Run {
    /// Unstyled text.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            bold: true,
            ..Self::default()
        }
    }
}

/// A table with relative column widths. Header rows repeat at the top of each page the table
/// runs onto.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// Relative widths of the columns; the table spans the width between the margins.
    pub columns: Vec<f32>,
    /// Rows repeated on every page.
    pub header: Vec<Row>,
    /// The body rows.
    pub rows: Vec<Row>,
    /// Font size of the table's text in points, when not the document's.
    pub size: Option<u8>,
    /// No lines around the cells: a table used to place things side by side.
    pub borderless: bool,
    /// The whole table stays on the page of the start of what follows it, as a form's last box
    /// stays with the one before (when it fits on one page).
    pub keep_with_next: bool,
    /// The body rows share out the height the page leaves below the document, when its form is
    /// fitted to its page (the cards of the pupil-friendly page).
    pub fill: bool,
    /// Room between each cell's border and its content, in millimetres (1.4 when `None`).
    pub padding_mm: Option<f32>,
    /// The table only places things side by side (the cards of the pupil-friendly page): a
    /// screen reader reads its cells in order, not as a table of data. Borderless tables are too.
    pub layout: bool,
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Row {
    /// The cells, whose spans add up to the number of columns.
    pub cells: Vec<Cell>,
    /// The least height of the row in millimetres: room to write by hand.
    pub min_height_mm: f32,
    /// The row stays on the page of the row after it, as a heading row stays with what it heads.
    /// A row of shaded label cells always does.
    pub keep_with_next: bool,
}

impl Row {
    /// True when the row must stay with the row after it: marked so, or a row of labels.
    pub fn keeps_with_next(&self) -> bool {
        self.keep_with_next || (!self.cells.is_empty() && self.cells.iter().all(|c| c.shaded))
    }
}

/// A table cell: a picture, if any, above its paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// A picture at the top of the cell, aligned as the cell's text.
    pub image: Option<Image>,
    /// Its paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// What it shows where its row carries on onto a new page without the cell's own text: the
    /// label of a band of rows, repeated ("COMMUNICATION & INTERACTION (continued)"). Empty for
    /// most cells.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub continued: Vec<Paragraph>,
    /// How many columns it spans (at least 1).
    pub span: usize,
    /// Shaded, as a header or label cell.
    pub shaded: bool,
    /// Where the content sits when the row is taller than it.
    pub valign: VAlign,
    /// The cell's text is a heading of this level (1 to 3): the title of a page laid out as a
    /// table, such as the pupil-friendly page's "My plan".
    pub heading: Option<u8>,
}

/// Where a cell's content sits between the top and the bottom of its row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VAlign {
    /// At the top (the default).
    #[default]
    Top,
    /// In the middle.
    Middle,
    /// At the bottom.
    Bottom,
}

impl Default for Cell {
    fn default() -> Self {
        Self {
            image: None,
            paragraphs: Vec::new(),
            continued: Vec::new(),
            span: 1,
            shaded: false,
            valign: VAlign::Top,
            heading: None,
        }
    }
}

impl Cell {
    /// The text of the cell, paragraphs joined by line breaks.
    pub fn text(&self) -> String {
        self.paragraphs
            .iter()
            .map(Paragraph::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    /// Encoded image bytes (PNG, JPEG or SVG), shared by every copy of the document and every
    /// place that shows the same picture: a photo is held once.
    #[serde(skip)]
    pub data: std::sync::Arc<[u8]>,
    /// Where it came from, for messages and snapshots.
    pub name: String,
    /// Width on the page in millimetres (less when the room or `max_height_mm` demands).
    pub width_mm: f32,
    /// The most height it may take, in millimetres: a tall photo is made narrower.
    pub max_height_mm: Option<f32>,
    /// Alignment.
    pub align: Align,
    /// The plan's field that names the picture (`pupil.photo`), when the plan names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldPath>,
    /// What the picture shows, in words, for a screen reader: "a picture of talking", "photo of
    /// Eilidh".
    pub alt: String,
}

/// A heading of `level` (1 to 3), for documents built in code rather than from a form.
pub(crate) fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
        field: None,
    }
}

/// A paragraph of plain text.
pub(crate) fn paragraph(text: &str) -> Block {
    Block::Paragraph(Paragraph {
        runs: vec![Run {
            text: text.to_owned(),
            ..Run::default()
        }],
        ..Paragraph::default()
    })
}

/// A cell of plain text, cleaned for print.
pub(crate) fn text_cell(text: &str) -> Cell {
    Cell {
        paragraphs: vec![Paragraph {
            runs: vec![Run {
                text: crate::text::clean(text),
                ..Run::default()
            }],
            ..Paragraph::default()
        }],
        ..Cell::default()
    }
}

/// A table with a shaded, bold header row of `labels` over `rows`, a text for each column;
/// `columns` are the columns' relative widths.
pub(crate) fn table(
    columns: &[f32],
    labels: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Block {
    let header = Row {
        cells: labels
            .iter()
            .map(|label| {
                let mut cell = text_cell(label);
                cell.shaded = true;
                for run in cell.paragraphs.iter_mut().flat_map(|p| p.runs.iter_mut()) {
                    run.bold = true;
                }
                cell
            })
            .collect(),
        ..Row::default()
    };
    Block::Table(Table {
        columns: columns.to_vec(),
        header: vec![header],
        rows: rows
            .map(|texts| Row {
                cells: texts.iter().map(|text| text_cell(text)).collect(),
                ..Row::default()
            })
            .collect(),
        ..Table::default()
    })
}
