//! The form file format: what a school writes under `templates/` to describe its form. Text is
//! minijinja; everything else is plain YAML. `templates/README.md` documents it for schools.

use serde::Deserialize;

use crate::document::{Align, Orientation};
use crate::policy::Policy;

/// A whole form file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    /// The form's short name.
    pub name: String,
    /// The document title (a template).
    pub title: String,
    /// The document subject (a template).
    #[serde(default)]
    pub subject: Option<String>,
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
    pub size: Option<u8>,
    /// A table.
    pub table: Option<TableSpec>,
    /// An image path (a template), relative to the plan file.
    pub image: Option<String>,
    /// Width of an image in millimetres.
    pub width_mm: Option<f32>,
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

/// A table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Font size of the table's text in points (the document's when absent).
    #[serde(default)]
    pub size: Option<u8>,
    /// Relative column widths.
    pub columns: Vec<f32>,
    /// Rows repeated at the top of each page.
    #[serde(default)]
    pub header: Vec<RowSpec>,
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
    pub height: Option<f32>,
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellOptions {
    /// The text.
    #[serde(default)]
    pub text: String,
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

fn one() -> usize {
    1
}
