//! Paragraphs broken into lines, shaped: the glyphs of each line placed along it, in visual
//! order (right-to-left runs laid out right to left), with the line's height for the page
//! breaking. Sizes are in millimetres from here on.

use std::ops::Range;
use std::sync::Arc;

use parley::{Alignment, BreakReason, FontData};

use super::cache;
use super::shaper::{Shaper, Style};
use crate::document::{Align, Paragraph};

/// Points to millimetres.
pub(crate) const MM_PER_PT: f64 = 25.4 / 72.0;

/// A line ready to place: glyphs or a picture, its height and the width of what it holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub height: f64,
    pub width: f64,
    pub content: Content,
}

/// What a line holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Content {
    /// Nothing: an empty line, or the gap between a cell's paragraphs.
    Gap,
    /// Shaped text: runs of glyphs in one face each, aligned within the width the line was
    /// broken to.
    Text(Vec<Glyphs>),
    /// The n-th decoded picture, filling the line.
    Picture(usize),
}

/// Glyphs of one face and size on a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyphs {
    /// The face, by the id of its parley blob.
    pub face: u64,
    /// The size in points.
    pub size: f32,
    /// Where the first glyph starts, from the line's left edge.
    pub x: f64,
    /// The baseline, from the line's top.
    pub baseline: f64,
    /// Shared: the lines of a paragraph set again are the cache's, not copies.
    pub glyphs: Arc<[Glyph]>,
    /// The paragraph's text, which the glyphs' ranges index.
    pub text: Arc<str>,
    /// The language of the text when it is not the document's.
    pub lang: Option<Arc<str>>,
}

/// A glyph placed on a line, its sizes in font units over the size (em), offsets pointing up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// The glyph in its face.
    pub id: u32,
    pub x_advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The bytes of the paragraph's text it stands for.
    pub text_range: Range<usize>,
}

/// What the PDF library draws a glyph from: the glyph as it is, with nothing made anew for each
/// run it draws.
impl krilla::text::Glyph for Glyph {
    fn glyph_id(&self) -> krilla::text::GlyphId {
        krilla::text::GlyphId::new(self.id)
    }

    fn text_range(&self) -> Range<usize> {
        self.text_range.clone()
    }

    fn x_advance(&self, size: f32) -> f32 {
        self.x_advance * size
    }

    fn x_offset(&self, size: f32) -> f32 {
        self.x_offset * size
    }

    fn y_offset(&self, size: f32) -> f32 {
        self.y_offset * size
    }

    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }

    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

impl Line {
    pub(super) fn gap(height: f64) -> Self {
        Self {
            height,
            width: 0.0,
            content: Content::Gap,
        }
    }
}

/// Breaks `paragraph` (its runs at their own sizes, else `size` points) into lines no wider than
/// `width` millimetres, at spaces, line breaks, soft hyphens and the breaks of each script, and
/// inside words too long for a line. A hyphen at a line's end may hang up to `hang` millimetres
/// past `width`, into a cell's padding, as hyphens hang in a margin.
pub(super) fn wrap(
    shaper: &mut Shaper,
    paragraph: &Paragraph,
    size: u8,
    width: f64,
    hang: f64,
) -> Vec<Line> {
    lines_of(shaper, paragraph, size, Some((width, hang)))
}

/// A soft hyphen: where a word may break at a line's end, with a hyphen printed there.
const SOFT_HYPHEN: char = '\u{ad}';

/// The room a line keeps at its end for a hyphen, in font sizes: a hyphen is a third of one in
/// the bundled faces.
const HYPHEN_ROOM: f32 = 0.35;

/// How far a paragraph's type is made smaller, step by step, before a word too wide for its box
/// is broken where no hyphenation point is: 90%, 80%, 75%.
const SMALLER: [f32; 3] = [0.9, 0.8, 0.75];

/// A paragraph's text and how each stretch of it is set, ready to lay out.
struct Text {
    text: String,
    styles: Vec<(Range<usize>, Style)>,
    langs: Vec<(Range<usize>, Option<Arc<str>>)>,
    /// The paragraph's own size, in points.
    base: f32,
}

impl Text {
    fn of(paragraph: &Paragraph, size: u8) -> Self {
        let mut text = String::new();
        let mut styles: Vec<(Range<usize>, Style)> = Vec::new();
        let mut langs: Vec<(Range<usize>, Option<Arc<str>>)> = Vec::new();
        for run in &paragraph.runs {
            let start = text.len();
            text.push_str(&run.text);
            let style = Style {
                size: f32::from(run.size.unwrap_or(paragraph.size.unwrap_or(size))),
                bold: run.bold,
                italic: run.italic,
                lang: run.lang.clone(),
            };
            langs.push((start..text.len(), run.lang.as_deref().map(Arc::from)));
            styles.push((start..text.len(), style));
        }
        Text {
            text,
            styles,
            langs,
            base: f32::from(paragraph.size.unwrap_or(size)),
        }
    }

    /// The same text with every size made `scale` times as large.
    fn scaled(&self, scale: f32) -> Vec<(Range<usize>, Style)> {
        self.styles
            .iter()
            .map(|(range, style)| {
                let size = style.size * scale;
                (
                    range.clone(),
                    Style {
                        size,
                        ..style.clone()
                    },
                )
            })
            .collect()
    }

    /// The largest size of the text, in points.
    fn largest(&self) -> f32 {
        self.styles
            .iter()
            .map(|(_, style)| style.size)
            .fold(self.base, f32::max)
    }

    /// The same text with a soft hyphen before each of the byte positions `at` (ascending), the
    /// stretches moved along with it.
    fn with_soft_hyphens(&self, at: &[usize]) -> Text {
        let mut text = String::with_capacity(self.text.len() + 2 * at.len());
        let mut from = 0;
        for &position in at {
            text.push_str(&self.text[from..position]);
            text.push(SOFT_HYPHEN);
            from = position;
        }
        text.push_str(&self.text[from..]);
        let shifted = |range: &Range<usize>| {
            let moved =
                |byte: usize| byte + SOFT_HYPHEN.len_utf8() * at.partition_point(|&p| p < byte);
            moved(range.start)..moved(range.end)
        };
        Text {
            text,
            styles: self
                .styles
                .iter()
                .map(|(r, s)| (shifted(r), s.clone()))
                .collect(),
            langs: self
                .langs
                .iter()
                .map(|(r, l)| (shifted(r), l.clone()))
                .collect(),
            base: self.base,
        }
    }
}

/// [`wrap`], or one unbroken line of each hard line when `width` is `None`: shaped once in a
/// run, and taken from the [`cache`] after.
fn lines_of(
    shaper: &mut Shaper,
    paragraph: &Paragraph,
    size: u8,
    width: Option<(f64, f64)>,
) -> Vec<Line> {
    let key = cache::key(shaper.set.id, shaper.typeface, paragraph, size, width);
    cache::lines(key, || shape_lines(shaper, paragraph, size, width))
}

/// [`lines_of`], shaped now.
///
/// No word is broken without a hyphen: a line may end at a soft hyphen the document marks (the
/// form marks English words in narrow columns), with a hyphen printed there, and a word wider
/// than its box is set a little smaller until it fits, or else broken with a hyphen where the box
/// ends.
pub(super) fn shape_lines(
    shaper: &mut Shaper,
    paragraph: &Paragraph,
    size: u8,
    width: Option<(f64, f64)>,
) -> Vec<Line> {
    let text = Text::of(paragraph, size);
    let blank_size = text
        .styles
        .first()
        .map_or(f32::from(paragraph.size.unwrap_or(size)), |(_, s)| s.size);
    if text.text.trim().is_empty() {
        return vec![Line::gap(blank_height(shaper, blank_size))];
    }
    let align = match paragraph.align {
        // Direction-aware: a paragraph in Urdu starts at the right.
        Align::Left => Alignment::Start,
        Align::Center => Alignment::Center,
        Align::Right => Alignment::Right,
    };
    let hang = width.map_or(0.0, |(_, hang)| (hang / MM_PER_PT) as f32);
    let width = width.map(|(width, _)| (width / MM_PER_PT) as f32);
    let mut lay = |text: &Text, scale: f32, hyphens: bool| {
        // A line that may end with a hyphen keeps room for the part of it that cannot hang.
        let room = if hyphens {
            (HYPHEN_ROOM * text.largest() * scale - hang).max(0.0)
        } else {
            0.0
        };
        let styles = text.scaled(scale);
        let breaking = width.map(|width| (width - room).max(width / 2.0));
        shaper.layout(&text.text, text.base * scale, &styles, breaking, align)
    };
    let hyphens = text.text.contains(SOFT_HYPHEN);
    let mut chosen = (lay(&text, 1.0, hyphens), None);
    if width.is_some() && !broken_words(&chosen.0, &text.text).is_empty() {
        let smaller = SMALLER.iter().find_map(|&scale| {
            let layout = lay(&text, scale, hyphens);
            broken_words(&layout, &text.text)
                .is_empty()
                .then_some(layout)
        });
        chosen = match smaller {
            Some(layout) => (layout, None),
            None => {
                // Broken where the box ends, each with a hyphen.
                let layout = lay(&text, 1.0, true);
                let marked = text.with_soft_hyphens(&broken_words(&layout, &text.text));
                (lay(&marked, 1.0, true), Some(marked))
            }
        };
    }
    let (layout, marked) = chosen;
    let text = marked.unwrap_or(text);
    let text_arc: Arc<str> = Arc::from(text.text.as_str());
    let lang_at = |byte: usize| {
        text.langs
            .iter()
            .find(|(range, _)| range.contains(&byte))
            .and_then(|(_, lang)| lang.clone())
    };
    let mut lines = Vec::new();
    for line in layout.lines() {
        let metrics = line.metrics();
        let top = metrics.block_min_coord;
        let mut x = metrics.offset;
        // The soft hyphen the line ends at, whose hyphen is printed.
        let end = line.text_range().end;
        let hyphen_at = text.text[..end]
            .ends_with(SOFT_HYPHEN)
            .then(|| end - SOFT_HYPHEN.len_utf8());
        let mut hyphen_drawn = false;
        let mut runs = Vec::new();
        let mut last_run: Option<(FontData, f32, bool)> = None;
        for run in line.runs() {
            let size = run.font_size();
            let mut glyphs: Vec<Glyph> = Vec::new();
            let start = x;
            let mut lang = None;
            for cluster in run.visual_clusters() {
                let range = cluster.text_range();
                if lang.is_none() {
                    lang = lang_at(range.start);
                }
                if text.text[range.clone()].starts_with(SOFT_HYPHEN) {
                    // Invisible, unless the line ends at it: then the hyphen, which a reader of
                    // the text takes as the soft hyphen it is (as tagged PDF asks).
                    if Some(range.start) == hyphen_at
                        && let Some(glyph) = hyphen(run.font(), size, range.clone())
                    {
                        x += glyph.x_advance * size;
                        glyphs.push(glyph);
                        hyphen_drawn = true;
                    }
                    continue;
                }
                if cluster.is_ligature_continuation() {
                    // Its text belongs to the ligature: every glyph of the ligature's cluster
                    // takes the whole range, so that the text is given once, not in pieces that
                    // overlap.
                    if let Some(last) = glyphs.last().map(|g| g.text_range.clone()) {
                        let whole = last.start.min(range.start)..last.end.max(range.end);
                        for glyph in glyphs.iter_mut().rev() {
                            if glyph.text_range != last {
                                break;
                            }
                            glyph.text_range = whole.clone();
                        }
                    }
                    continue;
                }
                for glyph in cluster.glyphs() {
                    glyphs.push(Glyph {
                        id: glyph.id,
                        x_advance: glyph.advance / size,
                        x_offset: glyph.x / size,
                        // parley's offsets point down, a PDF's up.
                        y_offset: -glyph.y / size,
                        text_range: range.clone(),
                    });
                    x += glyph.advance;
                }
            }
            last_run = Some((run.font().clone(), size, run.is_rtl()));
            if glyphs.is_empty() {
                continue;
            }
            runs.push(Glyphs {
                face: run.font().data.id(),
                size,
                x: f64::from(start) * MM_PER_PT,
                baseline: f64::from(metrics.baseline - top) * MM_PER_PT,
                glyphs: glyphs.into(),
                text: Arc::clone(&text_arc),
                lang,
            });
        }
        // A soft hyphen the shaping left no glyph for: the hyphen goes at the line's end.
        if let (Some(at), false, Some((font, size, false))) = (hyphen_at, hyphen_drawn, last_run)
            && let Some(glyph) = hyphen(&font, size, at..at + SOFT_HYPHEN.len_utf8())
        {
            let advance = glyph.x_advance * size;
            match runs.last_mut() {
                Some(last) if last.face == font.data.id() && last.size == size => {
                    last.glyphs = last.glyphs.iter().cloned().chain([glyph]).collect();
                }
                _ => runs.push(Glyphs {
                    face: font.data.id(),
                    size,
                    x: f64::from(x) * MM_PER_PT,
                    baseline: f64::from(metrics.baseline - top) * MM_PER_PT,
                    glyphs: Arc::new([glyph]),
                    text: Arc::clone(&text_arc),
                    lang: None,
                }),
            }
            x += advance;
        }
        lines.push(Line {
            height: f64::from(metrics.line_height) * MM_PER_PT,
            width: f64::from((x - metrics.offset).max(metrics.advance - metrics.hanging_advance))
                * MM_PER_PT,
            content: Content::Text(runs),
        });
    }
    if lines.is_empty() {
        lines.push(Line::gap(blank_height(shaper, blank_size)));
    }
    lines
}

/// Where `layout` broke a word of `text` because it was wider than its line (not at a space, a
/// soft hyphen or another break): the byte position of each break between two letters.
fn broken_words(layout: &parley::Layout<()>, text: &str) -> Vec<usize> {
    layout
        .lines()
        .filter(|line| line.break_reason() == BreakReason::Emergency)
        .map(|line| line.text_range().end)
        .filter(|&end| {
            let before = text[..end].chars().next_back();
            let after = text[end..].chars().next();
            before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic)
        })
        .collect()
}

/// The hyphen of `font` at `size` points, standing for the soft hyphen at `range` of the text.
fn hyphen(font: &FontData, size: f32, range: Range<usize>) -> Option<Glyph> {
    use skrifa::MetadataProvider;
    let face = skrifa::FontRef::from_index(font.data.as_ref(), font.index).ok()?;
    let id = face.charmap().map('-')?;
    let advance = face
        .glyph_metrics(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        )
        .advance_width(id)?;
    Some(Glyph {
        id: id.to_u32(),
        x_advance: advance / size,
        x_offset: 0.0,
        y_offset: 0.0,
        text_range: range,
    })
}

/// The height of an empty line at `size` points in the document's typeface.
fn blank_height(shaper: &mut Shaper, size: f32) -> f64 {
    let style = Style {
        size,
        bold: false,
        italic: false,
        lang: None,
    };
    let layout = shaper.layout("x", size, &[(0..1, style)], None, Alignment::Start);
    layout.lines().next().map_or(f64::from(size) * 1.2, |line| {
        f64::from(line.metrics().line_height)
    }) * MM_PER_PT
}

/// One line of `text` at `size` points, unbroken: the running header and footer.
pub(super) fn single(shaper: &mut Shaper, text: &str, size: u8) -> Line {
    let paragraph = Paragraph::plain(text);
    // Aligned within its own width, the line starts at 0 whatever its direction.
    let mut lines = lines_of(shaper, &paragraph, size, None);
    lines.truncate(1);
    lines.pop().unwrap_or_else(|| Line::gap(0.0))
}
