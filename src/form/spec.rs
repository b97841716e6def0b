//! The form file format: what a school writes under `templates/` to describe its form. Text is
//! minijinja; everything else is plain YAML. `templates/README.md` documents it for schools.

use serde::Deserialize;

use crate::document::{Align, Orientation, VAlign};
use crate::policy::Policy;

/// A number, or an expression that gives one, such as `28 if targets | length <= 3 else 20`:
/// sizes that follow what the plan holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Amount {
    /// A fixed number.
    Number(f32),
    /// A minijinja expression giving a number.
    Expression(String),
}

/// A whole form file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    /// The form's short name.
    pub name: String,
    /// What the form is, in a line, for `iep forms`.
    #[serde(default)]
    pub description: Option<String>,
    /// The document title (a template).
    pub title: String,
    /// The document subject (a template).
    #[serde(default)]
    pub subject: Option<String>,
    /// The typeface (a template giving `liberation-sans`, `andika` or `opendyslexic`;
    /// Liberation Sans when absent).
    #[serde(default)]
    pub font: Option<String>,
    /// Paper and margins.
    #[serde(default)]
    pub page: PageSpec,
    /// Running header (templates; `{page}` and `{pages}` are filled in when printing).
    #[serde(default)]
    pub header: Option<RunningSpec>,
    /// Running footer.
    #[serde(default)]
    pub footer: Option<RunningSpec>,
    /// The school's validation rules.
    #[serde(default)]
    pub policy: Option<Policy>,
    /// The form's fixed words by language (`en`, `cy`), which its text reads as `words.NAME`
    /// in the pupil's language (see `words.rs`).
    #[serde(default)]
    pub words: std::collections::BTreeMap<String, super::words::Words>,
    /// The content.
    pub blocks: Vec<BlockSpec>,
}

/// Paper and margins.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    /// `portrait` or `landscape` A4.
    #[serde(default = "portrait")]
    pub orientation: Orientation,
    /// Top, right, bottom and left margins in millimetres.
    #[serde(default = "margins")]
    pub margins_mm: [f32; 4],
    /// The most pages the document may take: a plan that would need more is refused rather
    /// than printed on a second sheet (the pupil-friendly page is one sheet for the wall).
    #[serde(default)]
    pub max_pages: Option<usize>,
    /// Fit the layout to its pages: the form's sizes are worked out with `scale`, and the
    /// largest scale at which the document still fits (`max_pages`, one page when unset) is
    /// found by measuring it; tables with `fill:` then share out the height left.
    #[serde(default)]
    pub fit: Option<FitSpec>,
    /// The colour of the paper (a template giving `white` or `cream`; white when absent).
    #[serde(default)]
    pub background: Option<String>,
}

/// How far a fitted form may grow.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitSpec {
    /// The largest `scale`: the form's sizes at `scale` 1 are the smallest it prints, and this
    /// many times them the largest.
    pub max_scale: f32,
}

fn portrait() -> Orientation {
    Orientation::Portrait
}

fn margins() -> [f32; 4] {
    [15.0, 15.0, 15.0, 15.0]
}

impl Default for PageSpec {
    fn default() -> Self {
        Self {
            orientation: portrait(),
            margins_mm: margins(),
            max_pages: None,
            fit: None,
            background: None,
        }
    }
}

/// A running header or footer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningSpec {
    /// Left text.
    #[serde(default)]
    pub left: String,
    /// Centre text.
    #[serde(default)]
    pub center: String,
    /// Right text.
    #[serde(default)]
    pub right: String,
}

/// One entry of `blocks:`. Exactly one of `heading`, `paragraph`, `table`, `image`, `space`,
/// `page_break` or `each` is given; `when` makes it conditional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSpec {
    /// An expression: the block is laid out only when it is true.
    pub when: Option<String>,
    /// A heading's text.
    pub heading: Option<String>,
    /// The heading level, 1 to 3 (default 2).
    pub level: Option<u8>,
    /// A paragraph's text; `**bold**` marks bold runs.
    pub paragraph: Option<String>,
    /// Alignment of a paragraph or image.
    pub align: Option<Align>,
    /// Font size of a paragraph in points.
    pub size: Option<Amount>,
    /// A table.
    pub table: Option<TableSpec>,
    /// An image path (a template), relative to the plan file.
    pub image: Option<String>,
    /// Width of an image in millimetres.
    pub width_mm: Option<Amount>,
    /// The most height an image may take, in millimetres.
    pub height_mm: Option<Amount>,
    /// What an image of the form's own shows, in words, for a screen reader (a template):
    /// "Drumbeg Primary School logo". A plan's photo and symbols have words of their own.
    pub alt: Option<String>,
    /// Empty space in millimetres.
    pub space: Option<f32>,
    /// A page break.
    pub page_break: Option<bool>,
    /// An expression giving a list: `blocks` are laid out once for each item.
    pub each: Option<String>,
    /// The name each item goes by inside `blocks` (default `item`); `index` counts from 1.
    #[serde(rename = "as")]
    pub name: Option<String>,
    /// Lay `blocks` out at least this many times, with blank items after the real ones: the
    /// empty boxes of a paper form, left for handwriting.
    pub min: Option<usize>,
    /// The blocks repeated by `each`.
    pub blocks: Option<Vec<BlockSpec>>,
}

/// The most blank items `min:` may ask for: a paper form keeps a few empty rows, and a larger
/// number is a mistake that would make pages for ever.
pub const MAX_MIN: usize = 50;

const TOO_MANY_BLANKS: &str =
    "`min` asks for more blank items than a form keeps for handwriting (at most 50)";

impl BlockSpec {
    /// What is wrong with the block's shape: `each` without `blocks`, or not exactly one kind
    /// of content. Serde cannot say it, and the layout would silently skip such a block.
    pub fn shape_problem(&self) -> Option<&'static str> {
        if self.min.is_some_and(|min| min > MAX_MIN) {
            return Some(TOO_MANY_BLANKS);
        }
        let contents = [
            self.heading.is_some(),
            self.paragraph.is_some(),
            self.table.is_some(),
            self.image.is_some(),
            self.space.is_some(),
            self.page_break.is_some(),
        ]
        .into_iter()
        .filter(|given| *given)
        .count();
        match (&self.each, &self.blocks) {
            (Some(_), _) if contents > 0 => Some(
                "a block with `each` holds only `blocks:`; put the content in a block under it",
            ),
            (Some(_), None) => {
                Some("`each` repeats the blocks under `blocks:`, and there are none")
            }
            (None, Some(_)) => {
                Some("`blocks:` is repeated by `each`, and this block has no `each`")
            }
            (None, None) if contents != 1 => Some(
                "a block is exactly one of heading, paragraph, table, image, space, page_break or each",
            ),
            _ => None,
        }
    }
}

impl RowSpec {
    /// What is wrong with the row's shape: `each` without `rows`, or cells beside `each`.
    pub fn shape_problem(&self) -> Option<&'static str> {
        if self.min.is_some_and(|min| min > MAX_MIN) {
            return Some(TOO_MANY_BLANKS);
        }
        let own = self.cells.is_some() || self.height.is_some() || self.keep_with_next.is_some();
        match (&self.each, &self.rows) {
            (Some(_), _) if own => {
                Some("a row with `each` holds only `rows:`; put `cells:` in a row under it")
            }
            (Some(_), None) => Some("`each` repeats the rows under `rows:`, and there are none"),
            (None, Some(_)) => Some("`rows:` is repeated by `each`, and this row has no `each`"),
            _ => None,
        }
    }
}

/// A table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Font size of the table's text in points (the document's when absent).
    #[serde(default)]
    pub size: Option<Amount>,
    /// Relative column widths.
    pub columns: Vec<f32>,
    /// Lines around the cells (true unless set false).
    #[serde(default = "yes")]
    pub borders: bool,
    /// Rows repeated at the top of each page.
    #[serde(default)]
    pub header: Vec<RowSpec>,
    /// Keep the whole table on the page of the start of what follows it.
    #[serde(default)]
    pub keep_with_next: bool,
    /// On a fitted form, the body rows share out the height the page leaves.
    #[serde(default)]
    pub fill: bool,
    /// Room between each cell's border and its content, in millimetres (1.4 when absent).
    #[serde(default)]
    pub padding_mm: Option<f32>,
    /// The table only places things side by side (cards, a title beside a photo): a screen
    /// reader reads its cells in order rather than as a table of data. Borderless tables are.
    #[serde(default)]
    pub layout: bool,
    /// Body rows.
    #[serde(default)]
    pub rows: Vec<RowSpec>,
}

/// A row, or with `each` a group of rows repeated for each item of a list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// An expression: the row is laid out only when it is true.
    pub when: Option<String>,
    /// The cells.
    pub cells: Option<Vec<CellSpec>>,
    /// The least height in millimetres.
    pub height: Option<Amount>,
    /// Keep the row on the page of the row after it (rows of shaded labels always are).
    pub keep_with_next: Option<bool>,
    /// An expression giving a list: `rows` are laid out once for each item.
    pub each: Option<String>,
    /// The name of each item (default `item`).
    #[serde(rename = "as")]
    pub name: Option<String>,
    /// At least this many repeats, blank ones after the real ones.
    pub min: Option<usize>,
    /// The rows repeated by `each`.
    pub rows: Option<Vec<RowSpec>>,
}

/// A cell: text, or text with options.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CellSpec {
    /// Just the text (a template; `**bold**` marks bold runs).
    Text(String),
    /// Text with options.
    Full(CellOptions),
}

/// A cell with options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellOptions {
    /// The text.
    #[serde(default)]
    pub text: String,
    /// Font size of `text` in points (the table's when absent).
    #[serde(default)]
    pub size: Option<Amount>,
    /// More paragraphs after `text`, each with its own size.
    #[serde(default)]
    pub paragraphs: Vec<ParagraphSpec>,
    /// A picture at the top of the cell (a template): a built-in symbol name such as
    /// `reading`, or an image path relative to the plan file. Empty means no picture.
    #[serde(default)]
    pub image: Option<String>,
    /// Width of the picture in millimetres (at most the cell's width).
    #[serde(default)]
    pub width_mm: Option<Amount>,
    /// The most height the picture may take, in millimetres.
    #[serde(default)]
    pub height_mm: Option<Amount>,
    /// What a picture of the form's own shows, in words (a template), as for a block's `alt`.
    #[serde(default)]
    pub alt: Option<String>,
    /// What the cell shows where its row carries on onto a new page without the cell's own text
    /// (a template): the label of a band of rows, "COMMUNICATION & INTERACTION (continued)".
    #[serde(default)]
    pub continued: Option<String>,
    /// The cell's text is the page's heading of this level (1 to 3), as "My plan" is.
    #[serde(default)]
    pub heading: Option<u8>,
    /// Where the content sits in a taller row: `top`, `middle` or `bottom`.
    #[serde(default)]
    pub valign: VAlign,
    /// Columns spanned.
    #[serde(default = "one")]
    pub span: usize,
    /// Shaded, as a label or header.
    #[serde(default)]
    pub shade: bool,
    /// Alignment of the text.
    #[serde(default)]
    pub align: Align,
    /// Bold throughout.
    #[serde(default)]
    pub bold: bool,
}

/// A paragraph of a cell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphSpec {
    /// The text (a template; `**bold**` marks bold runs).
    pub text: String,
    /// Font size in points.
    #[serde(default)]
    pub size: Option<Amount>,
    /// Bold throughout.
    #[serde(default)]
    pub bold: bool,
}

fn yes() -> bool {
    true
}

fn one() -> usize {
    1
}
