//! How tall a table row will be in a word processor, measured the way one lays it out: words
//! wrapped greedily into the cell at the bundled typeface's own advance widths, lines at the
//! typeface's pitch. The DOCX can then keep whole on one page (`w:cantSplit`) exactly the rows
//! the PDF keeps whole (those that fit on a page), and leave taller ones free to break: Word
//! cuts off a row it may not split that is taller than the page.

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use super::xml::{TWIPS_PER_MM, Twips, twips};
use crate::document::{Block, Document, Image, Paragraph, Row, Table};
use crate::fonts::Typeface;

/// Millimetres in a point.
const MM_PER_PT: f32 = 25.4 / 72.0;
/// The width of a character the typeface lacks, in font sizes: another script's font sets it,
/// and most scripts are no wider than this on average.
const OTHER_SCRIPT_EM: f32 = 0.6;
/// The type size of text that sets none, in points.
pub const BODY_POINTS: u8 = 10;
/// The PDF's padding of a cell when its table sets none, in millimetres.
pub const CELL_PADDING_MM: f32 = 1.4;
/// How much taller a line holding a complex script (Arabic, Urdu's Nastaliq, the scripts of
/// South Asia) is than the typeface's own: their fonts reach far above and below Latin letters.
const COMPLEX_LINE: f32 = 1.8;

/// The typeface's faces, read once for a document.
pub struct Measure<'a> {
    /// Each face's characters and their advances, in font sizes.
    faces: Vec<(Charmap<'a>, GlyphMetrics<'a>)>,
    pitch_em: f32,
}

impl Measure<'static> {
    pub fn new(typeface: Typeface) -> Self {
        let faces = crate::fonts::files(typeface)
            .into_iter()
            .filter_map(|data| FontRef::new(data).ok())
            .map(|font| {
                // At a size of one unit an advance is in font sizes.
                let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
                (font.charmap(), metrics)
            })
            .collect();
        Self {
            faces,
            pitch_em: typeface.line_pitch_em() as f32,
        }
    }
}

impl Measure<'_> {
    /// The width of `c` in font sizes, in the face for `bold` and `italic`.
    fn advance_em(&self, c: char, bold: bool, italic: bool) -> f32 {
        let Some((charmap, metrics)) = self
            .faces
            .get(crate::fonts::face(bold, italic))
            .or(self.faces.first())
        else {
            return OTHER_SCRIPT_EM;
        };
        charmap
            .map(c)
            .filter(|glyph| glyph.to_u32() != 0)
            .and_then(|glyph| metrics.advance_width(glyph))
            .unwrap_or(OTHER_SCRIPT_EM)
    }

    /// The height of a row whose columns are `widths_mm` wide, in millimetres: its tallest cell
    /// (padding, a picture, paragraphs half a line apart) or its least height.
    fn row_height_mm(&self, row: &Row, widths_mm: &[f32], size: u8, padding_mm: f32) -> f32 {
        let mut column = 0;
        let mut tallest: f32 = 0.0;
        for cell in &row.cells {
            let span = cell.span.max(1);
            let width: f32 = widths_mm.iter().skip(column).take(span).sum();
            column += span;
            let inner = (width - 2.0 * padding_mm).max(1.0);
            let mut height = 2.0 * padding_mm;
            if let Some(image) = &cell.image {
                height += image_height_mm(image, inner);
            }
            for (i, paragraph) in cell.paragraphs.iter().enumerate() {
                if i > 0 || cell.image.is_some() {
                    height += f32::from(size) * MM_PER_PT * 0.5;
                }
                height += self.paragraph_height_mm(paragraph, size, inner);
            }
            tallest = tallest.max(height);
        }
        tallest.max(row.min_height_mm)
    }

    /// The height of a paragraph wrapped into `width_mm`: words go on a line while they fit,
    /// at their soft hyphens too, a word wider than the line breaks at its edge, and `\n`
    /// starts a line. Its lines are all
    /// set at the pitch of its largest type.
    fn paragraph_height_mm(&self, paragraph: &Paragraph, size: u8, width_mm: f32) -> f32 {
        let mut lines = 1.0_f32;
        let mut x = 0.0;
        let mut word = 0.0;
        let mut points: f32 = 0.0;
        let mut complex = false;
        // A word goes on the line it starts on when it fits, else on the next.
        let place = |word: f32, x: &mut f32, lines: &mut f32| {
            if word == 0.0 {
                return;
            }
            if *x > 0.0 && *x + word > width_mm {
                *lines += 1.0;
                *x = 0.0;
            }
            let overflow = ((*x + word) / width_mm).ceil() - 1.0;
            if overflow > 0.0 {
                *lines += overflow;
                *x = (*x + word) - overflow * width_mm;
            } else {
                *x += word;
            }
        };
        for run in &paragraph.runs {
            let run_points = f32::from(run.size.or(paragraph.size).unwrap_or(size));
            points = points.max(run_points);
            let em_mm = run_points * MM_PER_PT;
            for c in run.text.chars() {
                complex |= super::body::is_complex_script(c);
                match c {
                    '\n' => {
                        place(word, &mut x, &mut lines);
                        word = 0.0;
                        lines += 1.0;
                        x = 0.0;
                    }
                    ' ' => {
                        place(word, &mut x, &mut lines);
                        word = 0.0;
                        x += self.advance_em(c, run.bold, run.italic) * em_mm;
                    }
                    // A word of a narrow column may break at a soft hyphen.
                    '\u{ad}' => {
                        place(word, &mut x, &mut lines);
                        word = 0.0;
                    }
                    _ => word += self.advance_em(c, run.bold, run.italic) * em_mm,
                }
            }
        }
        place(word, &mut x, &mut lines);
        if points == 0.0 {
            points = f32::from(paragraph.size.unwrap_or(size));
        }
        let scale = if complex { COMPLEX_LINE } else { 1.0 };
        lines * points * self.pitch_em * scale * MM_PER_PT
    }
}

/// Where a word processor may break pages, decided as the PDF's page breaking decides: for each
/// block, whether it stays on the page of the next, and for each table, its column widths and
/// which of its rows stay whole and which stay with the next.
pub struct Breaks {
    /// Block `i` stays on one page with the start of block `i + 1`.
    pub keeps: Vec<bool>,
    /// Each block's table, laid out; `None` for other blocks.
    pub tables: Vec<Option<TableBreaks>>,
}

/// A table's column widths, and its rows (header rows first) as they may break.
pub struct TableBreaks {
    pub grid: Vec<Twips>,
    pub rows: Vec<RowBreaks>,
}

/// How a row may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowBreaks {
    /// The row fits on a page, so it is never split across two.
    pub whole: bool,
    /// The row stays on the page of what follows it.
    pub keep_next: bool,
}

/// A table no taller than this moves to the next page whole rather than leave a row or two
/// behind, as in the PDF.
const SMALL_TABLE_MM: f32 = 45.0;
/// The PDF's room above and below a heading, and after a paragraph and a table, in millimetres.
pub const HEADING_GAP_MM: f32 = 2.0;
pub const PARAGRAPH_GAP_MM: f32 = 1.5;

impl Measure<'_> {
    /// Where `document`'s pages may break. Like the PDF, a block that must stay with what
    /// follows (a heading, a space, a table that keeps with the next) does so only while all it
    /// must stay with fits on one page: a longer chain flows on, where a word processor would
    /// push its start onto a new page and break it somewhere all the same.
    pub fn breaks(&self, document: &Document) -> Breaks {
        let page = &document.page;
        let room = page.size_mm().1 - page.margins_mm[0] - page.margins_mm[2];
        let width = page.content_width_mm();
        let count = document.blocks.len();
        let mut tables: Vec<Option<(TableBreaks, f32)>> = Vec::with_capacity(count);
        for block in &document.blocks {
            tables.push(match block {
                Block::Table(table) => Some(self.table(table, width, room)),
                _ => None,
            });
        }
        // What each block needs at the top of its page to start well, from the last block up.
        let mut start = vec![0.0_f32; count + 1];
        let mut keeps = vec![false; count];
        for (i, block) in document.blocks.iter().enumerate().rev() {
            let next = start[i + 1];
            let (height, chained) = match (block, &tables[i]) {
                (Block::Heading { level, text, .. }, _) => {
                    let points = match level {
                        1 => 16,
                        2 => 13,
                        _ => 11,
                    };
                    let heading = Paragraph {
                        runs: vec![crate::document::Run::bold(text.as_str())],
                        ..Paragraph::default()
                    };
                    let own = self.paragraph_height_mm(&heading, points, width);
                    (own + HEADING_GAP_MM + next, true)
                }
                (Block::Paragraph(paragraph), _) => {
                    let points = paragraph.size.unwrap_or(BODY_POINTS);
                    let two_lines = 2.0 * f32::from(points) * self.pitch_em * MM_PER_PT;
                    let own = self.paragraph_height_mm(paragraph, points, width);
                    (own.min(two_lines), false)
                }
                (Block::Table(table), Some((_, start))) => {
                    if table.keep_with_next && *start <= room {
                        (start + 1.0 + next, true)
                    } else {
                        (*start, false)
                    }
                }
                (Block::Image(image), _) => (image_height_mm(image, width), false),
                (Block::Space(mm), _) => (mm + next, true),
                _ => (0.0, false),
            };
            start[i] = height;
            keeps[i] = chained && height <= room;
        }
        let tables = tables
            .into_iter()
            .enumerate()
            .map(|(i, table)| {
                table.map(|(mut table, _)| {
                    // The last row stays with the next block when the table does.
                    if let Some(last) = table.rows.last_mut() {
                        last.keep_next = keeps[i];
                    }
                    table
                })
            })
            .collect();
        Breaks { keeps, tables }
    }

    /// A table's grid and rows' breaks, and the height it needs at the top of a page: all of it
    /// when it keeps with the next block and fits, or is small, else its header rows with the
    /// first rows that keep together.
    fn table(&self, table: &Table, width_mm: f32, room_mm: f32) -> (TableBreaks, f32) {
        let total: f32 = table.columns.iter().sum::<f32>().max(f32::EPSILON);
        let grid: Vec<Twips> = table
            .columns
            .iter()
            .map(|w| twips(w / total * width_mm))
            .collect();
        let widths: Vec<f32> = grid.iter().map(|w| *w as f32 / TWIPS_PER_MM).collect();
        let padding = table.padding_mm.unwrap_or(CELL_PADDING_MM);
        let size = table.size.unwrap_or(BODY_POINTS);
        let height = |row: &Row| self.row_height_mm(row, &widths, size, padding);
        let header: f32 = table.header.iter().map(height).sum();
        let rows: Vec<f32> = table.rows.iter().map(height).collect();
        let whole = header + rows.iter().sum::<f32>();
        // A table that keeps with the next block, or a small one, moves to a new page whole.
        let together = (table.keep_with_next && whole <= room_mm) || whole <= SMALL_TABLE_MM;
        let first_chain: f32 = rows
            .iter()
            .zip(&table.rows)
            .scan(true, |going, (mm, row)| {
                let take = *going;
                *going = row.keeps_with_next();
                take.then_some(*mm)
            })
            .sum();
        let start = if together {
            whole
        } else {
            header + first_chain
        };
        let mut breaks: Vec<RowBreaks> = table
            .header
            .iter()
            .map(|_| RowBreaks {
                whole: true,
                keep_next: true,
            })
            .collect();
        for (row, mm) in table.rows.iter().zip(&rows) {
            breaks.push(RowBreaks {
                // One taller than the room under the header rows may break, as in the PDF; a
                // word processor would cut it off at the foot of the page.
                whole: *mm <= room_mm - header,
                keep_next: together || row.keeps_with_next(),
            });
        }
        (TableBreaks { grid, rows: breaks }, start)
    }
}

/// A picture's height on the page, as the PDF sizes it.
fn image_height_mm(image: &Image, room_mm: f32) -> f32 {
    crate::picture::header(&image.data).map_or(image.width_mm, |header| {
        crate::picture::size_on_page(
            image.width_mm,
            image.max_height_mm,
            room_mm,
            (header.width, header.height),
        )
        .1
    })
}
