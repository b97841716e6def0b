//! PDF with genpdf's font metrics, written by printpdf. The document is first broken into pages
//! here (text wrapped with genpdf's measures of the real fonts, tables split between rows or, for
//! a row taller than a page, between lines, with header rows repeated), so "Page N of M" is known
//! before anything is drawn. Each page is then drawn through printpdf's layer operations, as
//! genpdf's own renderer draws, but with the fonts embedded from their subsets: genpdf's way in
//! has printpdf look up every Unicode code point in each embedded font (about 10 ms a face).
//! Afterwards the file is made reproducible and compressed, and given its properties.

use std::collections::{BTreeSet, HashMap};

use genpdf::Mm;
use genpdf::fonts::{Font, FontCache, FontData, FontFamily};
use genpdf::style::Style;
use image::GenericImageView;
use printpdf::{IndirectFontRef, PdfLayerReference};

fn mm(value: Mm) -> f64 {
    printpdf::Mm::from(value).0
}

use super::RenderError;
use super::Renderer;
use super::fonts::{descriptor, subsets};
use crate::document::{Align, Block, Document, Paragraph, Row, Run, Running, VAlign};
use crate::fonts::{self, FACES, face};
use crate::source::FieldPath;
use crate::text::{self as script, Unsettable};

/// Renders documents to PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, document: &Document) -> Result<Vec<u8>, RenderError> {
        let fonts = Fonts::for_document(document)?;
        let mut pager = Pager::new(document, &fonts);
        pager.run(document)?;
        let (mut pages, pictures) = (pager.pages, pager.pictures);
        let count = pages.len();
        if let Some(max) = document.page.max_pages
            && count > max
        {
            return Err(RenderError::TooManyPages { pages: count, max });
        }
        let (width, height) = document.page.size_mm();
        let (pdf, first_page, first_layer) = printpdf::PdfDocument::new(
            &document.meta.title,
            printpdf::Mm(f64::from(width)),
            printpdf::Mm(f64::from(height)),
            "Layer 1",
        );
        let pdf = pdf.with_conformance(printpdf::PdfConformance::Custom(
            printpdf::CustomPdfConformance {
                requires_icc_profile: false,
                requires_xmp_metadata: false,
                ..Default::default()
            },
        ));
        // Only the faces the text uses are embedded, in face order; `finish` names them.
        let mut embedded = Vec::new();
        let mut pdf_fonts: [Option<IndirectFontRef>; FACES] = Default::default();
        for (index, subset) in fonts.subsets.iter().enumerate() {
            if fonts.chars[index].is_empty() {
                continue;
            }
            let data = SubsetFace::new(subset, &fonts.chars[index])?;
            pdf_fonts[index] = Some(
                pdf.add_external_font_data(subset.clone(), data)
                    .map_err(pdf_error)?,
            );
            embedded.push(index);
        }
        let page = Page {
            fonts: &fonts,
            pdf_fonts: &pdf_fonts,
            pictures: &pictures,
            height: f64::from(height),
        };
        for (number, ops) in pages.iter_mut().enumerate() {
            let layer = if number == 0 {
                pdf.get_page(first_page).get_layer(first_layer)
            } else {
                let (page, layer) = pdf.add_page(
                    printpdf::Mm(f64::from(width)),
                    printpdf::Mm(f64::from(height)),
                    "Layer 1",
                );
                pdf.get_page(page).get_layer(layer)
            };
            ops.extend(running_ops(document, &fonts, number + 1, count));
            if document.page.background != crate::document::Background::White {
                ops.push(Op::Paper {
                    rgb: document.page.background.rgb(),
                    w: f64::from(width),
                    h: f64::from(height),
                });
            }
            // The paper first, then shading, under the text and lines of its cell.
            ops.sort_by_key(|op| match op {
                Op::Paper { .. } => 0,
                Op::Shade { .. } => 1,
                _ => 2,
            });
            for op in ops.drain(..) {
                page.draw(&layer, op)?;
            }
        }
        let mut bytes = Vec::new();
        pdf.save(&mut std::io::BufWriter::new(&mut bytes))
            .map_err(pdf_error)?;
        finish(bytes, document, &embedded)
    }
}

impl super::Measure for PdfRenderer {
    fn measure(&self, document: &Document) -> Result<super::Measured, RenderError> {
        let fonts = Fonts::for_document(document)?;
        let mut pager = Pager::new(document, &fonts);
        pager.measuring = true;
        pager.run(document)?;
        Ok(super::Measured {
            pages: pager.pages.len(),
            free_mm: (pager.bottom - pager.y).max(0.0) as f32,
            fill_rows: pager.fill_rows,
        })
    }
}

fn pdf_error(error: impl std::error::Error + Send + Sync + 'static) -> RenderError {
    RenderError::Pdf(Box::new(error))
}

/// The fonts of one document: the bundled faces subset to its characters.
struct Fonts {
    /// genpdf's fonts, for measuring and for glyph ids.
    cache: FontCache,
    family: FontFamily<Font>,
    /// The line spacing that sets lines at the typeface's pitch.
    spacing: f64,
    /// Each face's ascent, in ems: where the baseline sits below the top of its glyphs.
    ascent: [f64; FACES],
    /// Each face cut down to the characters the document uses in it, to embed.
    subsets: [Vec<u8>; FACES],
    /// Those characters.
    chars: [BTreeSet<char>; FACES],
}

impl Fonts {
    fn for_document(document: &Document) -> Result<Self, RenderError> {
        let mut chars: [BTreeSet<char>; FACES] = Default::default();
        let typeface = document.typeface;
        // Each character the document uses, by face; one the PDF cannot set is refused, named
        // by the plan's field it is in (`field`) or else by the part of the document.
        let mut note = |text: &str,
                        (bold, italic): (bool, bool),
                        field: Option<&FieldPath>,
                        part: &dyn Fn() -> String|
         -> Result<(), RenderError> {
            let face = face(bold, italic);
            for c in text.chars().filter(|c| !c.is_control()) {
                if let Some(why) = script::unsettable(typeface, face, c) {
                    let (code, kind) = (u32::from(c), script::kind_of(c));
                    let place = super::place_of(field, part);
                    let field = field.cloned();
                    return Err(match why {
                        Unsettable::Missing => RenderError::MissingGlyph {
                            code,
                            kind,
                            font: typeface.family(),
                            place,
                            field,
                        },
                        Unsettable::Shaped => RenderError::UnsupportedScript {
                            code,
                            kind,
                            place,
                            field,
                        },
                    });
                }
                chars[face].insert(c);
            }
            Ok(())
        };
        let plain = (false, false);
        // Page numbers and the words around them.
        note("0123456789 ", plain, None, &|| "the page numbers".into())?;
        for running in [&document.header, &document.footer].into_iter().flatten() {
            for text in [&running.left, &running.center, &running.right] {
                note(text, plain, None, &|| "the running header or footer".into())?;
            }
        }
        for (i, block) in document.blocks.iter().enumerate() {
            let block_place = || format!("block {} of the form", i + 1);
            match block {
                Block::Heading { text, field, .. } => {
                    note(text, (true, false), field.as_ref(), &block_place)?
                }
                Block::Paragraph(paragraph) => {
                    for run in &paragraph.runs {
                        note(
                            &run.text,
                            (run.bold, run.italic),
                            run.field.as_ref(),
                            &block_place,
                        )?;
                    }
                }
                Block::Table(table) => {
                    for (r, row) in table.header.iter().chain(&table.rows).enumerate() {
                        for (c, cell) in row.cells.iter().enumerate() {
                            let cell_place = || {
                                format!("{}, table row {}, cell {}", block_place(), r + 1, c + 1)
                            };
                            for run in cell.paragraphs.iter().flat_map(|p| &p.runs) {
                                let style = (run.bold, run.italic);
                                note(&run.text, style, run.field.as_ref(), &cell_place)?;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let subsets = subsets(typeface, &chars)?;
        let data = |face: usize| {
            FontData::new(subsets[face].clone(), None).map_err(|e| RenderError::Font(Box::new(e)))
        };
        let family = FontFamily {
            regular: data(0)?,
            bold: data(1)?,
            italic: data(2)?,
            bold_italic: data(3)?,
        };
        let cache = FontCache::new(family);
        let family = cache.default_font_family();
        let mut ascent = [0.0; FACES];
        for (face, subset) in subsets.iter().enumerate() {
            let font = rusttype::Font::from_bytes(subset.as_slice()).map_err(|e| {
                RenderError::Font(format!("a font subset does not parse: {e}").into())
            })?;
            let metrics = font.v_metrics_unscaled();
            ascent[face] = f64::from(metrics.ascent) / f64::from(font.units_per_em().max(1));
        }
        Ok(Self {
            cache,
            family,
            spacing: fonts::line_spacing(typeface),
            ascent,
            subsets,
            chars,
        })
    }
}

/// A subset face as printpdf embeds it. printpdf builds the font's widths and its map back to
/// Unicode from `glyph_ids`; its own implementation asks the font about every code point, this
/// one lists the characters the document uses.
#[derive(Debug, Clone)]
struct SubsetFace {
    font: rusttype::Font<'static>,
    glyphs: HashMap<u16, char>,
}

impl SubsetFace {
    fn new(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Self, RenderError> {
        let font = rusttype::Font::from_bytes(bytes.to_vec())
            .map_err(|e| RenderError::Font(format!("a font subset does not parse: {e}").into()))?;
        let glyphs = chars
            .iter()
            .map(|&c| (font.glyph(c).id().0 as u16, c))
            .filter(|(id, _)| *id != 0)
            .collect();
        Ok(Self { font, glyphs })
    }
}

impl printpdf::FontData for SubsetFace {
    fn font_metrics(&self) -> printpdf::types::plugins::graphics::two_dimensional::FontMetrics {
        self.font.font_metrics()
    }

    fn glyph_id(&self, c: char) -> Option<u16> {
        self.font.glyph_id(c)
    }

    fn glyph_ids(&self) -> HashMap<u16, char> {
        self.glyphs.clone()
    }

    fn glyph_metrics(
        &self,
        glyph_id: u16,
    ) -> Option<printpdf::types::plugins::graphics::two_dimensional::GlyphMetrics> {
        self.font.glyph_metrics(glyph_id)
    }
}

/// What to draw on a page, in millimetres from its top-left corner.
enum Op {
    Text {
        x: f64,
        y: f64,
        style: Style,
        text: String,
    },
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    Shade {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    /// The whole sheet in the colour of the paper.
    Paper {
        rgb: [u8; 3],
        w: f64,
        h: f64,
    },
    /// The n-th decoded picture, its top-left corner at x, y.
    Picture {
        x: f64,
        y: f64,
        w: f64,
        index: usize,
    },
}

/// What one page is drawn with.
struct Page<'a> {
    fonts: &'a Fonts,
    pdf_fonts: &'a [Option<IndirectFontRef>; FACES],
    pictures: &'a [image::DynamicImage],
    /// The page's height in millimetres: PDF measures from the bottom.
    height: f64,
}

impl Page<'_> {
    fn point(&self, x: f64, y: f64) -> (printpdf::Point, bool) {
        (
            printpdf::Point::new(printpdf::Mm(x), printpdf::Mm(self.height - y)),
            false,
        )
    }

    fn rectangle(&self, x: f64, y: f64, w: f64, h: f64, fill: bool) -> printpdf::Line {
        printpdf::Line {
            points: vec![
                self.point(x, y),
                self.point(x + w, y),
                self.point(x + w, y + h),
                self.point(x, y + h),
            ],
            is_closed: true,
            has_fill: fill,
            has_stroke: !fill,
            is_clipping_path: false,
        }
    }

    fn draw(&self, layer: &PdfLayerReference, op: Op) -> Result<(), RenderError> {
        match op {
            Op::Text { x, y, style, text } => {
                let style = style.with_font_family(self.fonts.family);
                let cache = &self.fonts.cache;
                let font = style.font(cache);
                let index = face(style.is_bold(), style.is_italic());
                let pdf_font = self.pdf_fonts[index]
                    .as_ref()
                    .ok_or_else(|| RenderError::Font("a face was drawn but not embedded".into()))?;
                // The glyphs centred in the line box, the extra spacing shared above and below,
                // so that descenders stay inside their line and cell; kerning in thousandths
                // of an em.
                let glyphs_mm = mm(font.glyph_height(style.font_size()));
                let line_mm = line_height(self.fonts, style);
                let size_mm = f64::from(style.font_size()) * 25.4 / 72.0;
                let baseline =
                    y + (line_mm - glyphs_mm).max(0.0) / 2.0 + self.fonts.ascent[index] * size_mm;
                let kerning = font
                    .kerning(cache, text.chars())
                    .into_iter()
                    .map(|k| (k * -1000.0) as i64);
                let glyphs = font.glyph_ids(cache, text.chars());
                layer.begin_text_section();
                layer.set_font(pdf_font, f64::from(style.font_size()));
                layer.set_text_cursor(printpdf::Mm(x), printpdf::Mm(self.height - baseline));
                layer.write_positioned_codepoints(kerning.zip(glyphs));
                layer.end_text_section();
            }
            Op::Rect { x, y, w, h } => layer.add_shape(self.rectangle(x, y, w, h, false)),
            Op::Paper { rgb, w, h } => {
                let [r, g, b] = rgb.map(|c| f64::from(c) / 255.0);
                layer.set_fill_color(printpdf::Color::Rgb(printpdf::Rgb::new(r, g, b, None)));
                layer.add_shape(self.rectangle(0.0, 0.0, w, h, true));
                layer.set_fill_color(printpdf::Color::Greyscale(printpdf::Greyscale::new(
                    0.0, None,
                )));
            }
            Op::Shade { x, y, w, h } => {
                layer.set_fill_color(printpdf::Color::Greyscale(printpdf::Greyscale::new(
                    SHADE_GREY, None,
                )));
                layer.add_shape(self.rectangle(x, y, w, h, true));
                layer.set_fill_color(printpdf::Color::Greyscale(printpdf::Greyscale::new(
                    0.0, None,
                )));
            }
            Op::Picture { x, y, w, index } => {
                if let Some(picture) = self.pictures.get(index) {
                    // Placed at its lower-left corner, sized through the resolution.
                    let px = f64::from(picture.width().max(1));
                    let h = w * f64::from(picture.height()) / px;
                    printpdf::Image::from_dynamic_image(picture).add_to_layer(
                        layer.clone(),
                        Some(printpdf::Mm(x)),
                        Some(printpdf::Mm(self.height - y - h)),
                        None,
                        None,
                        None,
                        Some(px * 25.4 / w),
                    );
                }
            }
        }
        Ok(())
    }
}

/// The grey of shaded cells, as a PDF grey level (0.85: light, prints on any printer).
const SHADE_GREY: f64 = 0.85;
const BODY_SIZE: u8 = 10;
const PADDING: f64 = 1.4;
/// A table no taller than this moves to the next page whole rather than leave a row or two
/// behind.
const SMALL_TABLE_MM: f64 = 45.0;
/// A row is split across pages only when at least this much room is left for its first part.
const MIN_SPLIT_MM: f64 = 12.0;
/// The most pages any document takes: a plan is a few pages, and a form that would run to more
/// is refused rather than printed for ever.
pub const MAX_PAGES: usize = 100;

/// A line of a cell ready to place: pieces of text with their styles and widths, or a picture.
#[derive(Clone)]
struct Line {
    pieces: Vec<(String, Style, f64)>,
    height: f64,
    width: f64,
    /// The index of a decoded picture that fills the line.
    picture: Option<usize>,
}

impl Line {
    fn empty(height: f64) -> Self {
        Self {
            pieces: Vec::new(),
            height,
            width: 0.0,
            picture: None,
        }
    }
}

/// Breaks the document into pages.
struct Pager<'a> {
    fonts: &'a Fonts,
    width: f64,
    top: f64,
    bottom: f64,
    left: f64,
    pages: Vec<Vec<Op>>,
    y: f64,
    pictures: Vec<image::DynamicImage>,
    /// The number of the block being laid out (from 1), for messages.
    block: usize,
    /// A table laid out when the block before it looked ahead, kept until it is placed.
    ahead: Option<(usize, LaidTable)>,
    /// Measuring only: pictures are sized from their headers, not decoded.
    measuring: bool,
    /// The heights of the body rows of tables that fill their page.
    fill_rows: Vec<(usize, usize, f32)>,
}

impl<'a> Pager<'a> {
    fn new(document: &Document, fonts: &'a Fonts) -> Self {
        let (_, height) = document.page.size_mm();
        let [top, _, bottom, left] = document.page.margins_mm.map(f64::from);
        // The running header and footer stand in the margins, halfway to the paper's edge, as a
        // word processor puts them: the body has the whole height between the margins.
        let bottom = f64::from(height) - bottom;
        Self {
            fonts,
            width: f64::from(document.page.content_width_mm()),
            top,
            bottom,
            left,
            pages: vec![Vec::new()],
            y: top,
            pictures: Vec::new(),
            block: 0,
            ahead: None,
            measuring: false,
            fill_rows: Vec::new(),
        }
    }

    /// Breaks the document into pages, in `self.pages`.
    fn run(&mut self, document: &Document) -> Result<(), RenderError> {
        for (i, block) in document.blocks.iter().enumerate() {
            self.block = i + 1;
            match block {
                Block::Heading { level, .. } => {
                    self.y += if *level == 1 { 0.0 } else { 2.0 };
                    // A heading stays with the start of what follows it: a page never ends
                    // with a heading alone.
                    let keep = self.start_height(document, i)?;
                    if self.y + keep > self.bottom && keep <= self.bottom - self.top {
                        self.new_page()?;
                    }
                    let paragraph = heading(block);
                    self.paragraph(&paragraph, 2.0)?;
                }
                Block::Paragraph(paragraph) => self.paragraph(paragraph, 1.5)?,
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
                    place(self.ops(), &line, x, y);
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

    /// Decodes a picture and sizes it to its width, at most `room`: a line of its own.
    fn picture(
        &mut self,
        picture: &crate::document::Image,
        room: f64,
        place: &str,
    ) -> Result<Line, RenderError> {
        let refused = |why| RenderError::Image {
            place: super::place_of(picture.field.as_ref(), || {
                format!("block {} of the form{place}", self.block)
            }),
            why,
        };
        if self.measuring {
            // Measuring needs only the size the picture's header declares.
            let header = crate::picture::header(&picture.data).map_err(refused)?;
            let (width, height) = crate::picture::size_on_page(
                picture.width_mm,
                picture.max_height_mm,
                room as f32,
                (header.width, header.height),
            );
            return Ok(Line {
                pieces: Vec::new(),
                height: f64::from(height),
                width: f64::from(width),
                picture: None,
            });
        }
        let decoded = crate::picture::decode(&picture.data, picture.width_mm).map_err(refused)?;
        let (width, height) = crate::picture::size_on_page(
            picture.width_mm,
            picture.max_height_mm,
            room as f32,
            decoded.dimensions(),
        );
        self.pictures.push(image::DynamicImage::ImageRgb8(decoded));
        Ok(Line {
            pieces: Vec::new(),
            height: f64::from(height),
            width: f64::from(width),
            picture: Some(self.pictures.len() - 1),
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

    fn paragraph(&mut self, paragraph: &Paragraph, after: f64) -> Result<(), RenderError> {
        let lines = wrap(
            self.fonts,
            paragraph,
            paragraph.size.unwrap_or(BODY_SIZE),
            self.width,
        );
        for line in lines {
            if self.y + line.height > self.bottom {
                self.new_page()?;
            }
            let (x, y) = (
                self.left + offset(paragraph.align, self.width, line.width),
                self.y,
            );
            place(self.ops(), &line, x, y);
            self.y += line.height;
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
                let lines = wrap(self.fonts, &paragraph, size, self.width);
                lines.iter().map(|l| l.height).sum::<f64>()
                    + 2.0
                    + self.start_height(document, i + 1)?
            }
            Block::Paragraph(paragraph) => {
                let size = paragraph.size.unwrap_or(BODY_SIZE);
                let lines = wrap(self.fonts, paragraph, size, self.width);
                lines.iter().take(2).map(|l| l.height).sum()
            }
            Block::Table(table) => {
                let keep_with_next = table.keep_with_next;
                let room = self.bottom - self.top;
                let laid = self.laid_table(document, i)?;
                let header: f64 = laid.header.iter().map(LaidRow::height).sum();
                let whole = header + laid.rows.iter().map(LaidRow::height).sum::<f64>();
                let first = header + laid.chain(0);
                if keep_with_next && whole <= room {
                    whole + 1.0 + self.start_height(document, i + 1)?
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
                        (header.width, header.height),
                    );
                    f64::from(height)
                })
                .unwrap_or(0.0),
            // A space belongs with what follows it.
            Block::Space(mm) => f64::from(*mm) + self.start_height(document, i + 1)?,
            Block::PageBreak => 0.0,
        })
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
        let block = std::mem::replace(&mut self.block, i + 1);
        let total: f32 = table.columns.iter().sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f64> = table
            .columns
            .iter()
            .map(|w| f64::from(w / total) * self.width)
            .collect();
        let size = table.size.unwrap_or(BODY_SIZE);
        let borders = !table.borderless;
        let padding = table.padding_mm.map_or(PADDING, f64::from);
        let mut laid = LaidTable::default();
        for (r, row) in table.header.iter().enumerate() {
            laid.header
                .push(self.lay_row(row, r, &widths, size, borders, padding)?);
        }
        for (r, row) in table.rows.iter().enumerate() {
            let at = laid.header.len() + r;
            let row = self.lay_row(row, at, &widths, size, borders, padding)?;
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
                place: format!("block {} of the form", self.block),
                height_mm: header_height.round() as u32,
                room_mm: (self.bottom - self.top).round() as u32,
            });
        }
        let page_room = self.bottom - self.top - header_height;
        let chains: Vec<f64> = (0..rows.len()).map(|r| chain(&rows, r)).collect();
        let mut header_drawn = false;
        for (r, mut laid) in rows.into_iter().enumerate() {
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
                self.draw_rows(&header);
                header_drawn = true;
            } else if self.y + needed > self.bottom && needed <= page_room {
                self.new_page()?;
                self.draw_rows(&header);
            }
            let mut fresh = false;
            loop {
                let room = self.bottom - self.y;
                if laid.height() <= room + 0.01 {
                    self.draw_row(&laid);
                    break;
                }
                if room < MIN_SPLIT_MM && !fresh {
                    self.new_page()?;
                    self.draw_rows(&header);
                    fresh = true;
                    continue;
                }
                // On a fresh page at least one line of each cell goes, so every page takes some
                // of the row and the split ends when no line is left.
                let rest = laid.split(room, fresh);
                self.draw_row(&laid);
                if rest.cells.iter().all(|cell| cell.lines.is_empty()) {
                    break;
                }
                self.new_page()?;
                self.draw_rows(&header);
                fresh = true;
                laid = rest;
            }
        }
        if !header_drawn && !header.is_empty() {
            if self.y + header_height > self.bottom {
                self.new_page()?;
            }
            self.draw_rows(&header);
        }
        self.y += 1.0;
        Ok(())
    }

    fn draw_rows(&mut self, rows: &[LaidRow]) {
        for row in rows {
            self.draw_row(row);
        }
    }

    fn draw_row(&mut self, row: &LaidRow) {
        let height = row.height();
        let y = self.y;
        let left = self.left;
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
            for line in &cell.lines {
                let inner = cell.width - 2.0 * padding;
                let lx = x + padding + offset(cell.align, inner, line.width);
                place(ops, line, lx, line_y);
                line_y += line.height;
            }
        }
        self.y += height;
    }

    /// Wraps the text of row number `r` (from 0) into its cells.
    fn lay_row(
        &mut self,
        row: &Row,
        r: usize,
        widths: &[f64],
        size: u8,
        borders: bool,
        padding: f64,
    ) -> Result<LaidRow, RenderError> {
        let mut column = 0;
        let mut cells = Vec::new();
        for cell in &row.cells {
            let span = cell.span.max(1);
            let end = (column + span).min(widths.len());
            let x: f64 = widths[..column.min(widths.len())].iter().sum();
            let width: f64 = widths[column.min(widths.len())..end].iter().sum();
            column = end;
            let inner = (width - 2.0 * padding).max(1.0);
            let mut lines = Vec::new();
            if let Some(picture) = &cell.image {
                let place = format!(", table row {}, cell {}", r + 1, cells.len() + 1);
                lines.push(self.picture(picture, inner, &place)?);
            }
            for (i, paragraph) in cell.paragraphs.iter().enumerate() {
                if i > 0 || cell.image.is_some() {
                    lines.push(Line {
                        pieces: Vec::new(),
                        height: f64::from(size) * 0.3528 * 0.5,
                        width: 0.0,
                        picture: None,
                    });
                }
                lines.extend(wrap(
                    self.fonts,
                    paragraph,
                    paragraph.size.unwrap_or(size),
                    inner,
                ));
            }
            let align = match (&cell.image, cell.paragraphs.first()) {
                (_, Some(paragraph)) => paragraph.align,
                (Some(picture), None) => picture.align,
                (None, None) => Align::Left,
            };
            cells.push(LaidCell {
                x,
                width,
                lines,
                shaded: cell.shaded,
                align,
                valign: cell.valign,
            });
        }
        Ok(LaidRow {
            cells,
            min_height: f64::from(row.min_height_mm),
            borders,
            keep_with_next: row.keeps_with_next(),
            padding,
        })
    }
}

#[derive(Clone)]
struct LaidCell {
    x: f64,
    width: f64,
    lines: Vec<Line>,
    shaded: bool,
    align: Align,
    valign: VAlign,
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

impl LaidTable {
    /// The height of body row `r` and the rows that keep with it.
    fn chain(&self, r: usize) -> f64 {
        chain(&self.rows, r)
    }
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
    let Block::Heading { level, text, .. } = block else {
        return Paragraph::default();
    };
    let size = match level {
        1 => 16,
        2 => 13,
        _ => 11,
    };
    Paragraph {
        runs: vec![Run::bold(text.clone())],
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
                x: cell.x,
                width: cell.width,
                lines: tail,
                shaded: cell.shaded,
                align: cell.align,
                valign: cell.valign,
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

fn place(ops: &mut Vec<Op>, line: &Line, x: f64, y: f64) {
    if let Some(index) = line.picture {
        ops.push(Op::Picture {
            x,
            y,
            w: line.width,
            index,
        });
        return;
    }
    let mut x = x;
    for (text, style, width) in &line.pieces {
        ops.push(Op::Text {
            x,
            y,
            style: *style,
            text: text.clone(),
        });
        x += width;
    }
}

fn style_of(fonts: &Fonts, run: &Run, size: u8) -> Style {
    let mut style = Style::new()
        .with_font_size(run.size.unwrap_or(size))
        .with_line_spacing(fonts.spacing);
    if run.bold {
        style = style.bold();
    }
    if run.italic {
        style = style.italic();
    }
    style
}

fn measure(fonts: &Fonts, style: Style, text: &str) -> f64 {
    let font = style.with_font_family(fonts.family).font(&fonts.cache);
    mm(font.str_width(&fonts.cache, text, style.font_size()))
}

fn line_height(fonts: &Fonts, style: Style) -> f64 {
    mm(style
        .with_font_family(fonts.family)
        .line_height(&fonts.cache))
}

/// Wraps a paragraph into lines no wider than `width`: at spaces, at line breaks, and inside
/// words too long for a line.
fn wrap(fonts: &Fonts, paragraph: &Paragraph, size: u8, width: f64) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut current = Line {
        pieces: Vec::new(),
        picture: None,
        height: line_height(
            fonts,
            Style::new()
                .with_font_size(size)
                .with_line_spacing(fonts.spacing),
        ),
        width: 0.0,
    };
    let blank_height = current.height;
    for run in &paragraph.runs {
        let style = style_of(fonts, run, size);
        let height = line_height(fonts, style);
        for (n, hard_line) in run.text.split('\n').enumerate() {
            if n > 0 {
                lines.push(std::mem::replace(&mut current, Line::empty(blank_height)));
            }
            for word in split_keeping_spaces(hard_line) {
                let word_width = measure(fonts, style, word);
                if current.width + word_width > width
                    && !current.pieces.is_empty()
                    && !word.trim().is_empty()
                {
                    lines.push(std::mem::replace(&mut current, Line::empty(height)));
                }
                if current.pieces.is_empty() && word.trim().is_empty() {
                    continue; // no spaces at the start of a line
                }
                if word_width > width {
                    // A word wider than the line is broken where it must be.
                    let mut piece = String::new();
                    for c in word.chars() {
                        let mut longer = piece.clone();
                        longer.push(c);
                        if measure(fonts, style, &longer) + current.width > width
                            && !piece.is_empty()
                        {
                            let w = measure(fonts, style, &piece);
                            current.pieces.push((std::mem::take(&mut piece), style, w));
                            current.width += w;
                            current.height = current.height.max(height);
                            lines.push(std::mem::replace(&mut current, Line::empty(height)));
                        }
                        piece.push(c);
                    }
                    let w = measure(fonts, style, &piece);
                    current.pieces.push((piece, style, w));
                    current.width += w;
                } else {
                    current.pieces.push((word.to_owned(), style, word_width));
                    current.width += word_width;
                }
                current.height = current.height.max(height);
            }
        }
    }
    if !current.pieces.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    // Trailing spaces take no room.
    for line in &mut lines {
        while line
            .pieces
            .last()
            .is_some_and(|(t, _, _)| t.trim().is_empty())
        {
            if let Some((_, _, w)) = line.pieces.pop() {
                line.width -= w;
            }
        }
    }
    lines
}

/// Words and the spaces between them, in order. A word also ends after a slash or a hyphen, so
/// "Responsibility/resources" can break where a reader expects.
fn split_keeping_spaces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        let boundary = match previous {
            Some(p) => (p == ' ') != (c == ' ') || (matches!(p, '/' | '-') && c != ' '),
            None => false,
        };
        if boundary {
            pieces.push(&text[start..i]);
            start = i;
        }
        previous = Some(c);
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

fn running_ops(document: &Document, fonts: &Fonts, page: usize, pages: usize) -> Vec<Op> {
    let (family, cache) = (&fonts.family, &fonts.cache);
    let (width, height) = document.page.size_mm();
    let [top, right, bottom, left] = document.page.margins_mm.map(f64::from);
    let (width, height) = (f64::from(width), f64::from(height));
    let style = Style::new()
        .with_font_size(8)
        .with_line_spacing(fonts::line_spacing(document.typeface))
        .with_font_family(*family);
    let font = style.font(cache);
    let line = mm(style.line_height(cache));
    let mut ops = Vec::new();
    let mut put = |running: &Running, y: f64| {
        for (text, align) in [
            (&running.left, Align::Left),
            (&running.center, Align::Center),
            (&running.right, Align::Right),
        ] {
            let text = Running::fill(text, page, pages);
            if text.is_empty() {
                continue;
            }
            let w = mm(font.str_width(cache, &text, 8));
            let room = width - left - right;
            ops.push(Op::Text {
                x: left + offset(align, room, w),
                y,
                style,
                text,
            });
        }
    };
    if let Some(header) = &document.header {
        put(header, top / 2.0);
    }
    if let Some(footer) = &document.footer {
        put(footer, height - bottom / 2.0 - line);
    }
    ops
}

/// Makes the file reproducible (no random ID, no clock), gives it its properties and language,
/// and compresses its streams.
fn finish(bytes: Vec<u8>, document: &Document, embedded: &[usize]) -> Result<Vec<u8>, RenderError> {
    use lopdf::{Object, StringFormat};
    let mut pdf = lopdf::Document::load_mem(&bytes).map_err(pdf_error)?;
    let text = |s: &str| Object::String(utf16be(s), StringFormat::Hexadecimal);
    let meta = &document.meta;
    let mut info = lopdf::Dictionary::new();
    info.set("Title", text(&meta.title));
    info.set("Author", text(&meta.author));
    info.set("Subject", text(&meta.subject));
    if let Some(credit) = &meta.credit {
        info.set("Keywords", text(credit));
    }
    info.set("Creator", text("iep"));
    info.set("Producer", text("iep with genpdf and printpdf"));
    let info_id = pdf.add_object(Object::Dictionary(info));
    pdf.trailer.set("Info", Object::Reference(info_id));
    // The ID is derived from the content, so the same document gives the same bytes.
    let digest = fingerprint(&bytes_without_volatile(&pdf));
    let id = Object::String(digest.to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    if let Ok(root) = pdf.trailer.get(b"Root").and_then(Object::as_reference)
        && let Ok(catalog) = pdf.get_object_mut(root).and_then(Object::as_dict_mut)
    {
        catalog.set(
            "Lang",
            Object::String(meta.language.as_bytes().to_vec(), StringFormat::Literal),
        );
    }
    name_fonts(&mut pdf, document, embedded, &digest);
    pdf.prune_objects();
    pdf.renumber_objects();
    compress(&mut pdf)?;
    let mut out = Vec::new();
    pdf.save_to(&mut out).map_err(pdf_error)?;
    Ok(out)
}

/// printpdf calls the embedded faces F0, F1... in the order they were added (`embedded` holds
/// their face numbers); readers list fonts by these names, so each gets its real PostScript
/// name with a subset tag: `ABCDEF+Andika-Bold`. It
/// also writes the font descriptors' metrics in font units where PDF wants thousandths of an
/// em, which makes readers' text boxes (selection, `pdftotext -bbox`) two to three times too
/// tall: they are put right.
fn name_fonts(
    pdf: &mut lopdf::Document,
    document: &Document,
    embedded: &[usize],
    digest: &[u8; 16],
) {
    use lopdf::Object;
    let names = fonts::postscript_names(document.typeface);
    for object in pdf.objects.values_mut() {
        let Ok(dictionary) = object.as_dict_mut() else {
            continue;
        };
        let is_descriptor = dictionary
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|name| name == b"FontDescriptor");
        for key in [&b"BaseFont"[..], &b"FontName"[..]] {
            let added = dictionary
                .get(key)
                .and_then(Object::as_name_str)
                .ok()
                .and_then(|name| name.strip_prefix('F'))
                .and_then(|n| n.parse::<usize>().ok());
            let Some(&face) = added.and_then(|n| embedded.get(n)) else {
                continue;
            };
            let tag: String = digest[face * 4..face * 4 + 6]
                .iter()
                .map(|byte| char::from(b'A' + byte % 26))
                .collect();
            let name = format!("{tag}+{}", names[face]);
            dictionary.set(key, Object::Name(name.into_bytes()));
            if is_descriptor && let Some(metrics) = descriptor(document.typeface, face) {
                let real = Object::Real;
                dictionary.set("Ascent", real(metrics.ascent));
                dictionary.set("Descent", real(metrics.descent));
                dictionary.set("CapHeight", real(metrics.cap_height));
                dictionary.set(
                    "FontBBox",
                    Object::Array(metrics.bbox.into_iter().map(real).collect()),
                );
            }
        }
    }
}

/// Deflates every stream not yet compressed (content, fonts, pictures), at level 6.
fn compress(pdf: &mut lopdf::Document) -> Result<(), RenderError> {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        encoder.write_all(&stream.content).map_err(pdf_error)?;
        let compressed = encoder.finish().map_err(pdf_error)?;
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
    Ok(())
}

/// The page contents, which are what identifies a document.
fn bytes_without_volatile(pdf: &lopdf::Document) -> Vec<u8> {
    let mut out = Vec::new();
    for (_, page) in pdf.get_pages() {
        if let Ok(content) = pdf.get_page_content(page) {
            out.extend(content);
        }
    }
    out
}

/// A 16-byte FNV-1a based fingerprint: an identifier, not a security measure.
fn fingerprint(bytes: &[u8]) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for &byte in bytes {
        a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        b = (b ^ u64::from(byte.rotate_left(3))).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut out = [0; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend(unit.to_be_bytes());
    }
    out
}
