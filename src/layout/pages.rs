//! Page breaking: the document's blocks placed down the page and onto the next, before anything
//! is drawn, so that "Page N of M" is known. Text is wrapped with shaped widths; a heading stays
//! with what it heads; a table's header rows repeat on every page it runs onto; a row that fits
//! on a fresh page moves there whole, together with the rows it keeps with, and a row taller
//! than a page is split between lines; a small table is never split. Each thing placed is tagged
//! with its place in the document's structure, for the tagged PDF.

use super::RowFlow;
use super::lines::{self, Content, Line, MM_PER_PT};
use super::shaper::Shaper;
use crate::document::{
    Align, Block, Document, Image, MAX_PAGES, Paragraph, Row, Run, Running, VAlign,
};
use crate::error::{RenderError, place_of};

/// The type size of text that sets none, in points.
const BODY_SIZE: u8 = 10;
/// The type size of the running header and footer, in points.
const RUNNING_SIZE: u8 = 8;
/// Room between a cell's border and its content, in millimetres, unless the table sets its own.
const PADDING: f64 = 1.4;
/// A table no taller than this moves to the next page whole rather than leave a row or two
/// behind.
const SMALL_TABLE_MM: f64 = 45.0;
/// A paragraph of at most this many lines right after a heading introduces what the heading
/// heads, and stays with it.
const INTRODUCTION_LINES: usize = 3;
/// A row is split across pages only when at least this much room is left for its first part.
const MIN_SPLIT_MM: f64 = 12.0;

/// Where a thing drawn stands in the document's structure: the node of the tag tree it belongs
/// to, or not content at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Node {
    /// Paper, borders, shading and header rows repeated on a later page.
    Layout,
    /// The running header.
    Header,
    /// The running footer.
    Footer,
    /// Block number `n` (from 0): a heading, a paragraph or a picture.
    Block(usize),
    /// The text of a table's cell: the block, the row (header rows first) and the cell.
    Cell(usize, usize, usize),
    /// The picture of a table's cell.
    CellPicture(usize, usize, usize),
}

/// What to draw on a page, in millimetres from its top-left corner.
pub(crate) enum Op {
    /// A line's glyphs; `y` is the top of the line.
    Text {
        x: f64,
        y: f64,
        line: Line,
        node: Node,
    },
    /// Picture number `index`, its top-left corner at x, y.
    Picture {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        index: usize,
        node: Node,
    },
    /// A cell's border.
    Rect { x: f64, y: f64, w: f64, h: f64 },
    /// A shaded cell.
    Shade { x: f64, y: f64, w: f64, h: f64 },
}

/// A picture ready to embed: a JPEG as it is, pixels decoded (and made smaller) for print, or
/// an SVG's parsed tree, drawn as vectors.
pub(crate) enum Picture {
    Jpeg(Vec<u8>),
    Rgb(image::RgbImage),
    Svg(std::sync::Arc<resvg::usvg::Tree>),
}

/// A heading as the document's outline lists it.
pub(crate) struct Heading {
    pub level: u8,
    pub title: String,
    /// The page (from 0) and the height on it, in millimetres, where it starts.
    pub page: usize,
    pub y: f64,
}

/// The document broken into pages.
pub(crate) struct Pages {
    pub pages: Vec<Vec<Op>>,
    pub pictures: Vec<Picture>,
    pub headings: Vec<Heading>,
    /// The height left free at the foot of the last page, in millimetres.
    pub free: f64,
    /// The heights of the body rows of tables that fill their page: block, row, height.
    pub fill_rows: Vec<(usize, usize, f32)>,
    /// Block `i` was kept on the page of the start of block `i + 1`.
    pub keeps: Vec<bool>,
    /// Each block's table rows (header rows first) as they were placed; empty for other blocks.
    pub rows: Vec<Vec<RowFlow>>,
}

/// Breaks `document` into pages. `measuring` sizes pictures from their headers and decodes none.
pub(super) fn paginate(
    document: &Document,
    shaper: &mut Shaper,
    measuring: bool,
) -> Result<Pages, RenderError> {
    let mut pager = Pager::new(document, shaper, measuring);
    pager.run(document)?;
    let count = pager.pages.len();
    for (number, ops) in pager.pages.iter_mut().enumerate() {
        ops.extend(running(document, pager.shaper, number + 1, count));
    }
    Ok(Pages {
        free: (pager.bottom - pager.y).max(0.0),
        pages: pager.pages,
        pictures: pager.pictures,
        headings: pager.headings,
        fill_rows: pager.fill_rows,
        keeps: pager.keeps,
        rows: pager.rows,
    })
}

/// The running header and footer of page `page` of `pages`, in the margins halfway to the
/// paper's edge, as a word processor puts them.
fn running(document: &Document, shaper: &mut Shaper, page: usize, pages: usize) -> Vec<Op> {
    let (width, height) = document.page.size_mm();
    let [top, right, bottom, left] = document.page.margins_mm.map(f64::from);
    let (width, height) = (f64::from(width), f64::from(height));
    let room = width - left - right;
    let mut ops = Vec::new();
    let mut put = |running: &Running, y: f64, node: Node, shaper: &mut Shaper| {
        for (text, align) in [
            (&running.left, Align::Left),
            (&running.center, Align::Center),
            (&running.right, Align::Right),
        ] {
            let text = Running::fill(text, page, pages);
            if text.trim().is_empty() {
                continue;
            }
            let line = lines::single(shaper, &text, RUNNING_SIZE);
            let y = y - line.height / 2.0;
            ops.push(Op::Text {
                x: left + offset(align, room, line.width),
                y,
                line,
                node,
            });
        }
    };
    if let Some(header) = &document.header {
        put(header, top / 2.0, Node::Header, shaper);
    }
    if let Some(footer) = &document.footer {
        put(footer, height - bottom / 2.0, Node::Footer, shaper);
    }
    ops
}

struct Pager<'s, 'a> {
    shaper: &'s mut Shaper<'a>,
    width: f64,
    top: f64,
    bottom: f64,
    left: f64,
    pages: Vec<Vec<Op>>,
    y: f64,
    pictures: Vec<Picture>,
    headings: Vec<Heading>,
    /// The number of the block being laid out (from 0).
    block: usize,
    /// A table laid out when the block before it looked ahead, kept until it is placed.
    ahead: Option<(usize, LaidTable)>,
    measuring: bool,
    fill_rows: Vec<(usize, usize, f32)>,
    /// Block `i` stays on the page of the start of block `i + 1`: it heads or keeps with it,
    /// and the two fit on one page.
    keeps: Vec<bool>,
    /// Block `i` is a table that moves to a new page whole (it keeps with the next block and
    /// fits a page, or is small).
    together: Vec<bool>,
    /// Each table's rows as placed.
    rows: Vec<Vec<RowFlow>>,
}

impl<'s, 'a> Pager<'s, 'a> {
    fn new(document: &Document, shaper: &'s mut Shaper<'a>, measuring: bool) -> Self {
        let (_, height) = document.page.size_mm();
        let [top, _, bottom, left] = document.page.margins_mm.map(f64::from);
        Self {
            shaper,
            width: f64::from(document.page.content_width_mm()),
            top,
            // The running header and footer stand in the margins: the body has the whole
            // height between them.
            bottom: f64::from(height) - bottom,
            left,
            pages: vec![Vec::new()],
            y: top,
            pictures: Vec::new(),
            headings: Vec::new(),
            block: 0,
            ahead: None,
            measuring,
            fill_rows: Vec::new(),
            keeps: vec![false; document.blocks.len()],
            together: vec![false; document.blocks.len()],
            rows: vec![Vec::new(); document.blocks.len()],
        }
    }

    fn run(&mut self, document: &Document) -> Result<(), RenderError> {
        for (i, block) in document.blocks.iter().enumerate() {
            self.block = i;
            match block {
                Block::Heading { level, text, .. } => {
                    self.y += if *level == 1 { 0.0 } else { 2.0 };
                    // A heading stays with the start of what follows it: a page never ends
                    // with a heading alone.
                    let keep = self.start_height(document, i)?;
                    if self.y + keep > self.bottom && keep <= self.bottom - self.top {
                        self.new_page()?;
                    }
                    self.outline(*level, text);
                    self.paragraph(&heading(block), 2.0, Node::Block(i))?;
                }
                Block::Paragraph(paragraph) => self.paragraph(paragraph, 1.5, Node::Block(i))?,
                Block::Table(_) => {
                    let keep = self.start_height(document, i)?;
                    if self.y + keep > self.bottom && keep <= self.bottom - self.top {
                        self.new_page()?;
                    }
                    let laid = self.laid_table(document, i)?;
                    self.table(laid)?;
                }
                Block::Image(picture) => {
                    let line = self.picture(picture, self.width, "")?;
                    if self.y + line.height > self.bottom {
                        self.new_page()?;
                    }
                    let x = self.left + offset(picture.align, self.width, line.width);
                    let y = self.y;
                    place(self.ops(), &line, x, y, Node::Block(i));
                    self.y += line.height + 2.0;
                }
                Block::Space(mm) => {
                    self.y += f64::from(*mm);
                    if self.y > self.bottom {
                        self.new_page()?;
                    }
                }
                Block::PageBreak => self.new_page()?,
            }
        }
        Ok(())
    }

    /// Notes a heading where the page breaking has got to, for the outline.
    fn outline(&mut self, level: u8, title: &str) {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return;
        }
        self.headings.push(Heading {
            level,
            title,
            page: self.pages.len().saturating_sub(1),
            y: self.y,
        });
    }

    /// A picture sized to its width, at most `room`: a line of its own. Decoded, unless only
    /// measuring, when the size its header declares is enough.
    fn picture(&mut self, picture: &Image, room: f64, place: &str) -> Result<Line, RenderError> {
        let block = self.block;
        let refused = |why| RenderError::Image {
            place: place_of(picture.field.as_ref(), || {
                format!("block {} of the form{place}", block + 1)
            }),
            why,
        };
        let header = crate::picture::header(&picture.data).map_err(refused)?;
        let size = |pixels| {
            crate::picture::size_on_page(
                picture.width_mm,
                picture.max_height_mm,
                room as f32,
                pixels,
            )
        };
        if self.measuring {
            let (width, height) = size(header.size);
            return Ok(Line {
                height: f64::from(height),
                width: f64::from(width),
                content: Content::Gap,
            });
        }
        let decoded = if header.format == crate::picture::Format::Svg {
            Picture::Svg(crate::picture::svg::tree(&picture.data).map_err(refused)?)
        } else if header.format == crate::picture::Format::Jpeg
            && !crate::picture::needs_resampling(&header, picture.width_mm)
        {
            Picture::Jpeg(picture.data.to_vec())
        } else {
            Picture::Rgb(crate::picture::decode(&picture.data, picture.width_mm).map_err(refused)?)
        };
        let (width, height) = size(header.size);
        self.pictures.push(decoded);
        Ok(Line {
            height: f64::from(height),
            width: f64::from(width),
            content: Content::Picture(self.pictures.len() - 1),
        })
    }

    /// Starts a new page; a document is never longer than [`MAX_PAGES`], whatever its form.
    fn new_page(&mut self) -> Result<(), RenderError> {
        if self.pages.len() >= MAX_PAGES {
            return Err(RenderError::RunsAway { max: MAX_PAGES });
        }
        self.pages.push(Vec::new());
        self.y = self.top;
        Ok(())
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// `paragraph` in lines across the page, a hyphen free to hang a little into the margin.
    fn wrap(&mut self, paragraph: &Paragraph, size: u8, width: f64) -> Vec<Line> {
        lines::wrap(self.shaper, paragraph, size, width, PADDING)
    }

    fn paragraph(
        &mut self,
        paragraph: &Paragraph,
        after: f64,
        node: Node,
    ) -> Result<(), RenderError> {
        let lines = self.wrap(paragraph, paragraph.size.unwrap_or(BODY_SIZE), self.width);
        for line in lines {
            if self.y + line.height > self.bottom {
                self.new_page()?;
            }
            let (x, y) = (self.left, self.y);
            let height = line.height;
            place(self.ops(), &line, x, y, node);
            self.y += height;
        }
        self.y += after;
        Ok(())
    }

    /// The height block `i` needs at the top of its page to start well: a heading with the
    /// start of what it heads, the first two lines of a paragraph, a table's header rows with
    /// its first rows that keep together, and all of a table that keeps with what follows.
    fn start_height(&mut self, document: &Document, i: usize) -> Result<f64, RenderError> {
        let Some(block) = document.blocks.get(i) else {
            return Ok(0.0);
        };
        Ok(match block {
            Block::Heading { .. } => {
                let paragraph = heading(block);
                let size = paragraph.size.unwrap_or(BODY_SIZE);
                let lines = self.wrap(&paragraph, size, self.width);
                let own = lines.iter().map(|l| l.height).sum::<f64>() + 2.0;
                // With the short paragraphs that introduce what it heads, and the start of that:
                // "The targets" and its line of instructions never end a page before the first
                // target. When that is more than a page, with the start of what follows it.
                let introduced = own + self.introduced(document, i + 1)?;
                let start = if introduced <= self.bottom - self.top {
                    introduced
                } else {
                    own + self.start_height(document, i + 1)?
                };
                // Kept with what it heads only while the two fit on a page; a longer chain
                // flows on.
                self.keeps[i] = start <= self.bottom - self.top;
                start
            }
            Block::Paragraph(paragraph) => {
                let size = paragraph.size.unwrap_or(BODY_SIZE);
                let lines = self.wrap(paragraph, size, self.width);
                lines.iter().take(2).map(|l| l.height).sum()
            }
            Block::Table(table) => {
                let keep_with_next = table.keep_with_next;
                let room = self.bottom - self.top;
                let laid = self.laid_table(document, i)?;
                let header: f64 = laid.header.iter().map(LaidRow::height).sum();
                let whole = header + laid.rows.iter().map(LaidRow::height).sum::<f64>();
                let first = header + chain(&laid.rows, 0);
                let kept = if keep_with_next && whole <= room {
                    whole + 1.0 + self.start_height(document, i + 1)?
                } else {
                    f64::INFINITY
                };
                self.keeps[i] = kept <= room;
                self.together[i] = (keep_with_next && whole <= room) || whole <= SMALL_TABLE_MM;
                if kept <= room {
                    kept
                } else if keep_with_next && whole <= room {
                    // What it keeps with is more than a page (a run of boxes that each keep with
                    // the next): the table itself stays whole.
                    whole
                } else if whole <= SMALL_TABLE_MM {
                    // A small box is never split: its last row alone on a page helps nobody.
                    whole
                } else {
                    first
                }
            }
            Block::Image(picture) => crate::picture::header(&picture.data)
                .map(|header| {
                    let (_, height) = crate::picture::size_on_page(
                        picture.width_mm,
                        picture.max_height_mm,
                        self.width as f32,
                        header.size,
                    );
                    f64::from(height)
                })
                .unwrap_or(0.0),
            // A space belongs with what follows it.
            Block::Space(mm) => {
                let start = f64::from(*mm) + self.start_height(document, i + 1)?;
                self.keeps[i] = start <= self.bottom - self.top;
                start
            }
            _ => 0.0,
        })
    }

    /// The height block `i` needs to start well after a heading: a short paragraph (up to
    /// [`INTRODUCTION_LINES`] lines) whole, with what it introduces, or else the block's start.
    fn introduced(&mut self, document: &Document, i: usize) -> Result<f64, RenderError> {
        match document.blocks.get(i) {
            Some(Block::Paragraph(paragraph)) => {
                let size = paragraph.size.unwrap_or(BODY_SIZE);
                let lines = self.wrap(paragraph, size, self.width);
                if lines.len() > INTRODUCTION_LINES {
                    return Ok(lines.iter().take(2).map(|l| l.height).sum());
                }
                let own: f64 = lines.iter().map(|l| l.height).sum::<f64>() + 1.5;
                Ok(own + self.introduced(document, i + 1)?)
            }
            _ => self.start_height(document, i),
        }
    }

    /// The rows of the table that is block `i`, wrapped into their cells, laid out once and kept
    /// from the moment the block before it looks ahead until the table is placed.
    fn laid_table(&mut self, document: &Document, i: usize) -> Result<LaidTable, RenderError> {
        if let Some((at, laid)) = &self.ahead
            && *at == i
        {
            return Ok(laid.clone());
        }
        let Some(Block::Table(table)) = document.blocks.get(i) else {
            return Ok(LaidTable::default());
        };
        let block = std::mem::replace(&mut self.block, i);
        let total: f32 = table.columns.iter().sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f64> = table
            .columns
            .iter()
            .map(|w| f64::from(w / total) * self.width)
            .collect();
        let look = RowLook {
            size: table.size.unwrap_or(BODY_SIZE),
            borders: !table.borderless,
            padding: table.padding_mm.map_or(PADDING, f64::from),
        };
        let mut laid = LaidTable::default();
        for (r, row) in table.header.iter().enumerate() {
            laid.header.push(self.lay_row(row, (i, r), &widths, look)?);
        }
        for (r, row) in table.rows.iter().enumerate() {
            let at = laid.header.len() + r;
            let row = self.lay_row(row, (i, at), &widths, look)?;
            if table.fill {
                self.fill_rows.push((i, r, row.height() as f32));
            }
            laid.rows.push(row);
        }
        self.block = block;
        self.ahead = Some((i, laid.clone()));
        Ok(laid)
    }

    fn table(&mut self, table: LaidTable) -> Result<(), RenderError> {
        let LaidTable { header, rows } = table;
        let header_height: f64 = header.iter().map(LaidRow::height).sum();
        // Header rows repeat on every page, so they must leave room for the body under them.
        if header_height + MIN_SPLIT_MM > self.bottom - self.top {
            return Err(RenderError::HeaderTooTall {
                place: format!("block {} of the form", self.block + 1),
                height_mm: header_height.round() as u32,
                room_mm: (self.bottom - self.top).round() as u32,
            });
        }
        let page_room = self.bottom - self.top - header_height;
        let chains: Vec<f64> = (0..rows.len()).map(|r| chain(&rows, r)).collect();
        let block = self.block;
        let together = self.together.get(block).copied().unwrap_or(false);
        let mut flow: Vec<RowFlow> = header
            .iter()
            .map(|row| RowFlow {
                height_mm: row.height() as f32,
                whole: true,
                keep_next: true,
            })
            .collect();
        let mut header_drawn = false;
        for (r, mut laid) in rows.into_iter().enumerate() {
            flow.push(RowFlow {
                height_mm: laid.height() as f32,
                whole: true,
                keep_next: together || laid.keep_with_next,
            });
            // A row that fits on a fresh page goes there whole, under the header rows again,
            // together with the rows that keep with it; one taller than a page is split between
            // lines below.
            let needed = if chains[r] <= page_room {
                chains[r]
            } else {
                laid.height().min(page_room)
            };
            if !header_drawn {
                if self.y + header_height + needed > self.bottom {
                    self.new_page()?;
                }
                self.draw_rows(&header, false);
                header_drawn = true;
            } else if self.y + needed > self.bottom && needed <= page_room {
                self.new_page()?;
                self.draw_rows(&header, true);
                laid = laid.carried_over();
            }
            let mut fresh = false;
            loop {
                let room = self.bottom - self.y;
                if laid.height() <= room + 0.01 {
                    self.draw_row(&laid, false);
                    break;
                }
                if room < MIN_SPLIT_MM && !fresh {
                    self.new_page()?;
                    self.draw_rows(&header, true);
                    fresh = true;
                    laid = laid.carried_over();
                    continue;
                }
                // On a fresh page at least one line of each cell goes, so every page takes some
                // of the row and the split ends when no line is left.
                let rest = laid.split(room, fresh);
                self.draw_row(&laid, false);
                if rest.cells.iter().all(|cell| cell.lines.is_empty()) {
                    break;
                }
                if let Some(row) = flow.last_mut() {
                    row.whole = false;
                }
                self.new_page()?;
                self.draw_rows(&header, true);
                fresh = true;
                laid = rest.carried_over();
            }
        }
        if !header_drawn && !header.is_empty() {
            if self.y + header_height > self.bottom {
                self.new_page()?;
            }
            self.draw_rows(&header, false);
        }
        // The last row stays with the next block when the table does.
        if let Some(last) = flow.last_mut() {
            last.keep_next = self.keeps.get(block).copied().unwrap_or(false);
        }
        if let Some(rows) = self.rows.get_mut(block) {
            *rows = flow;
        }
        self.y += 1.0;
        Ok(())
    }

    /// Draws rows; `repeated` header rows, on a page after the first, are not content again.
    fn draw_rows(&mut self, rows: &[LaidRow], repeated: bool) {
        for row in rows {
            self.draw_row(row, repeated);
        }
    }

    fn draw_row(&mut self, row: &LaidRow, repeated: bool) {
        let height = row.height();
        let y = self.y;
        let left = self.left;
        let page = self.pages.len().saturating_sub(1);
        for cell in &row.cells {
            if let Some(level) = cell.heading
                && !repeated
                && !cell.continued
            {
                let title: String = cell.title.clone();
                self.headings.push(Heading {
                    level,
                    title,
                    page,
                    y,
                });
            }
        }
        let ops = self.ops();
        for cell in &row.cells {
            let x = left + cell.x;
            if cell.shaded {
                ops.push(Op::Shade {
                    x,
                    y,
                    w: cell.width,
                    h: height,
                });
            }
            if row.borders {
                ops.push(Op::Rect {
                    x,
                    y,
                    w: cell.width,
                    h: height,
                });
            }
            let padding = row.padding;
            let spare = (height - 2.0 * padding - cell.content_height()).max(0.0);
            let mut line_y = y
                + padding
                + match cell.valign {
                    VAlign::Top => 0.0,
                    VAlign::Middle => spare / 2.0,
                    VAlign::Bottom => spare,
                };
            let (block, r, c) = cell.at;
            for line in &cell.lines {
                let node = match (&line.content, repeated || cell.repeat) {
                    (_, true) => Node::Layout,
                    (Content::Picture(_), false) => Node::CellPicture(block, r, c),
                    (_, false) => Node::Cell(block, r, c),
                };
                // Text is aligned by its shaping; a picture here.
                let inner = cell.width - 2.0 * padding;
                let shift = match line.content {
                    Content::Picture(_) | Content::Gap => offset(cell.align, inner, line.width),
                    Content::Text(_) => 0.0,
                };
                place(ops, line, x + padding + shift, line_y, node);
                line_y += line.height;
            }
        }
        self.y += height;
    }

    /// A cell's paragraphs wrapped to `width` inside its `padding`, half a line of `size` between
    /// them; a hyphen at a line's end may hang into the padding.
    fn lines_of(
        &mut self,
        paragraphs: &[Paragraph],
        width: f64,
        padding: f64,
        size: u8,
    ) -> Vec<Line> {
        let mut lines = Vec::new();
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if i > 0 {
                lines.push(Line::gap(f64::from(size) * MM_PER_PT * 0.5));
            }
            let size = paragraph.size.unwrap_or(size);
            lines.extend(lines::wrap(self.shaper, paragraph, size, width, padding));
        }
        lines
    }

    /// Wraps the text of a row into its cells; `at` is the block and the row (header rows
    /// first).
    fn lay_row(
        &mut self,
        row: &Row,
        (block, r): (usize, usize),
        widths: &[f64],
        look: RowLook,
    ) -> Result<LaidRow, RenderError> {
        let mut column = 0;
        let mut cells = Vec::new();
        for (c, cell) in row.cells.iter().enumerate() {
            let span = cell.span.max(1);
            let end = (column + span).min(widths.len());
            let x: f64 = widths[..column.min(widths.len())].iter().sum();
            let width: f64 = widths[column.min(widths.len())..end].iter().sum();
            column = end;
            let inner = (width - 2.0 * look.padding).max(1.0);
            let mut lines = Vec::new();
            if let Some(picture) = &cell.image {
                let place = format!(", table row {}, cell {}", r + 1, c + 1);
                lines.push(self.picture(picture, inner, &place)?);
            }
            if cell.image.is_some() && !cell.paragraphs.is_empty() {
                lines.push(Line::gap(f64::from(look.size) * MM_PER_PT * 0.5));
            }
            lines.extend(self.lines_of(&cell.paragraphs, inner, look.padding, look.size));
            let align = match (&cell.image, cell.paragraphs.first()) {
                (_, Some(paragraph)) => paragraph.align,
                (Some(picture), None) => picture.align,
                (None, None) => Align::Left,
            };
            cells.push(LaidCell {
                at: (block, r, c),
                x,
                width,
                lines,
                shaded: cell.shaded,
                align,
                valign: cell.valign,
                heading: cell.heading,
                title: cell.text(),
                continued: false,
                carried: self.lines_of(&cell.continued, inner, look.padding, look.size),
                repeat: false,
            });
        }
        Ok(LaidRow {
            cells,
            min_height: f64::from(row.min_height_mm),
            borders: look.borders,
            keep_with_next: row.keeps_with_next(),
            padding: look.padding,
        })
    }
}

/// What a table gives all its rows.
#[derive(Clone, Copy)]
struct RowLook {
    size: u8,
    borders: bool,
    padding: f64,
}

#[derive(Clone)]
struct LaidCell {
    /// The block, the row and the cell, for the tag tree.
    at: (usize, usize, usize),
    x: f64,
    width: f64,
    lines: Vec<Line>,
    shaded: bool,
    align: Align,
    valign: VAlign,
    /// The cell's text is a heading of this level.
    heading: Option<u8>,
    /// Its text, as the outline names a heading.
    title: String,
    /// The rest of a cell split across pages.
    continued: bool,
    /// What the cell shows where its row carries on onto a new page without its own text (a
    /// band's label): drawn as a repeat, not content.
    carried: Vec<Line>,
    /// Its lines are the carried ones, a repeat of what a page before shows.
    repeat: bool,
}

impl LaidCell {
    fn content_height(&self) -> f64 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

#[derive(Clone)]
struct LaidRow {
    cells: Vec<LaidCell>,
    min_height: f64,
    borders: bool,
    /// Stays on the page of the row after it.
    keep_with_next: bool,
    /// Room between the cells' borders and their content, in millimetres.
    padding: f64,
}

/// A table's rows wrapped into their cells, ready to break into pages.
#[derive(Clone, Default)]
struct LaidTable {
    header: Vec<LaidRow>,
    rows: Vec<LaidRow>,
}

/// The height of `rows[r]` and of every row after it that the one before keeps with.
fn chain(rows: &[LaidRow], r: usize) -> f64 {
    let mut height = 0.0;
    for row in rows.iter().skip(r) {
        height += row.height();
        if !row.keep_with_next {
            break;
        }
    }
    height
}

/// A heading block as the paragraph it prints: bold, at its level's size.
fn heading(block: &Block) -> Paragraph {
    let Block::Heading { level, text, field } = block else {
        return Paragraph::default();
    };
    let size = match level {
        1 => 16,
        2 => 13,
        _ => 11,
    };
    Paragraph {
        runs: vec![Run {
            field: field.clone(),
            ..Run::bold(text.clone())
        }],
        size: Some(size),
        ..Paragraph::default()
    }
}

impl LaidRow {
    fn height(&self) -> f64 {
        let content = self
            .cells
            .iter()
            .map(LaidCell::content_height)
            .fold(0.0, f64::max);
        (content + 2.0 * self.padding).max(self.min_height)
    }

    /// The row as it starts a page its table carries on onto: each cell with nothing of its own
    /// to show there shows what it carries (a band's label).
    fn carried_over(mut self) -> LaidRow {
        for cell in &mut self.cells {
            let empty = cell
                .lines
                .iter()
                .all(|line| matches!(line.content, Content::Gap));
            if empty && !cell.carried.is_empty() {
                cell.lines = cell.carried.clone();
                cell.repeat = true;
            }
        }
        self
    }

    /// Keeps what fits in `room` and returns the rest; with `force`, at least one line of each
    /// cell is kept even if it does not fit.
    fn split(&mut self, room: f64, force: bool) -> LaidRow {
        let mut rest = Vec::new();
        for cell in &mut self.cells {
            let mut used = 2.0 * self.padding;
            let mut keep = 0;
            for line in &cell.lines {
                if used + line.height > room && !(force && keep == 0) {
                    break;
                }
                used += line.height;
                keep += 1;
            }
            let tail = cell.lines.split_off(keep.min(cell.lines.len()));
            rest.push(LaidCell {
                lines: tail,
                continued: true,
                repeat: false,
                ..cell.clone()
            });
        }
        self.min_height = room.max(0.0);
        LaidRow {
            cells: rest,
            min_height: 0.0,
            borders: self.borders,
            keep_with_next: self.keep_with_next,
            padding: self.padding,
        }
    }
}

fn offset(align: Align, room: f64, width: f64) -> f64 {
    match align {
        Align::Left => 0.0,
        Align::Center => ((room - width) / 2.0).max(0.0),
        Align::Right => (room - width).max(0.0),
    }
}

/// Puts a line on the page at x, y (its top-left corner).
fn place(ops: &mut Vec<Op>, line: &Line, x: f64, y: f64, node: Node) {
    match line.content {
        Content::Gap => {}
        Content::Picture(index) => ops.push(Op::Picture {
            x,
            y,
            w: line.width,
            h: line.height,
            index,
            node,
        }),
        Content::Text(_) => ops.push(Op::Text {
            x,
            y,
            line: line.clone(),
            node,
        }),
    }
}
