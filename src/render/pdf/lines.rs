//! Paragraphs broken into lines, shaped: the glyphs of each line placed along it, in visual
//! order (right-to-left runs laid out right to left), with the line's height for the page
//! breaking. Sizes are in millimetres from here on.

use std::ops::Range;
use std::sync::Arc;

use krilla::text::{GlyphId, KrillaGlyph};
use parley::Alignment;

use super::shaper::{Shaper, Style};
use crate::document::{Align, Paragraph};

/// Points to millimetres.
pub(super) const MM_PER_PT: f64 = 25.4 / 72.0;

/// A line ready to place: glyphs or a picture, its height and the width of what it holds.
#[derive(Clone)]
pub(super) struct Line {
    pub height: f64,
    pub width: f64,
    pub content: Content,
}

/// What a line holds.
#[derive(Clone)]
pub(super) enum Content {
    /// Nothing: an empty line, or the gap between a cell's paragraphs.
    Gap,
    /// Shaped text: runs of glyphs in one face each, aligned within the width the line was
    /// broken to.
    Text(Vec<Glyphs>),
    /// The n-th decoded picture, filling the line.
    Picture(usize),
}

/// Glyphs of one face and size on a line.
#[derive(Clone)]
pub(super) struct Glyphs {
    /// The face, by the id of its parley blob.
    pub face: u64,
    /// The size in points.
    pub size: f32,
    /// Where the first glyph starts, from the line's left edge.
    pub x: f64,
    /// The baseline, from the line's top.
    pub baseline: f64,
    pub glyphs: Vec<KrillaGlyph>,
    /// The paragraph's text, which the glyphs' ranges index.
    pub text: Arc<str>,
    /// The language of the text when it is not the document's.
    pub lang: Option<Arc<str>>,
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
/// `width` millimetres, at spaces, line breaks and the breaks of each script, and inside words
/// too long for a line.
pub(super) fn wrap(shaper: &mut Shaper, paragraph: &Paragraph, size: u8, width: f64) -> Vec<Line> {
    lines_of(shaper, paragraph, size, Some(width))
}

/// [`wrap`], or one unbroken line of each hard line when `width` is `None`.
fn lines_of(shaper: &mut Shaper, paragraph: &Paragraph, size: u8, width: Option<f64>) -> Vec<Line> {
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
    let blank_size = styles
        .first()
        .map_or(f32::from(paragraph.size.unwrap_or(size)), |(_, s)| s.size);
    if text.trim().is_empty() {
        return vec![Line::gap(blank_height(shaper, blank_size))];
    }
    let align = match paragraph.align {
        // Direction-aware: a paragraph in Urdu starts at the right.
        Align::Left => Alignment::Start,
        Align::Center => Alignment::Center,
        Align::Right => Alignment::Right,
    };
    let width = width.map(|width| (width / MM_PER_PT) as f32);
    let base = f32::from(paragraph.size.unwrap_or(size));
    let layout = shaper.layout(&text, base, &styles, width, align);
    let text: Arc<str> = Arc::from(text);
    let lang_at = |byte: usize| {
        langs
            .iter()
            .find(|(range, _)| range.contains(&byte))
            .and_then(|(_, lang)| lang.clone())
    };
    let mut lines = Vec::new();
    for line in layout.lines() {
        let metrics = line.metrics();
        let top = metrics.block_min_coord;
        let mut x = metrics.offset;
        let mut runs = Vec::new();
        for run in line.runs() {
            let size = run.font_size();
            let mut glyphs: Vec<KrillaGlyph> = Vec::new();
            let start = x;
            let mut lang = None;
            for cluster in run.visual_clusters() {
                let range = cluster.text_range();
                if lang.is_none() {
                    lang = lang_at(range.start);
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
                    glyphs.push(KrillaGlyph::new(
                        GlyphId::new(glyph.id),
                        glyph.advance / size,
                        glyph.x / size,
                        // parley's offsets point down, krilla's up.
                        -glyph.y / size,
                        0.0,
                        range.clone(),
                        None,
                    ));
                    x += glyph.advance;
                }
            }
            if glyphs.is_empty() {
                continue;
            }
            runs.push(Glyphs {
                face: run.font().data.id(),
                size,
                x: f64::from(start) * MM_PER_PT,
                baseline: f64::from(metrics.baseline - top) * MM_PER_PT,
                glyphs,
                text: Arc::clone(&text),
                lang,
            });
        }
        lines.push(Line {
            height: f64::from(metrics.line_height) * MM_PER_PT,
            width: f64::from(metrics.advance - metrics.hanging_advance) * MM_PER_PT,
            content: Content::Text(runs),
        });
    }
    if lines.is_empty() {
        lines.push(Line::gap(blank_height(shaper, blank_size)));
    }
    lines
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
