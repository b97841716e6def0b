//! SVG pictures: the built-in symbols (Twemoji's own SVG files) and a school's own symbol, logo
//! or photo. The PDF draws them as vectors (krilla-svg), the DOCX holds a PNG rasterised at the
//! size it prints (resvg).
//!
//! An SVG is a program of sorts: it can nest without end, reuse one part a billion times,
//! expand entities, fetch files and addresses, run scripts, load the system's fonts and ask for
//! filters that rasterise a huge area. Each is bounded or refused here, on the XML (roxmltree)
//! before usvg builds its tree, so a hostile file costs no more than its checks. Messages name
//! what is wrong in general words, never the file's content or path.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, roxmltree};

/// The largest SVG file read: an SVG is text parsed into a tree some ten times its size, and a
/// symbol or logo is tens of kilobytes (the Twemoji symbols are 1-5 KB). An SVG of megabytes is
/// a traced photo, which prints better, and smaller, as the JPEG it came from.
pub(crate) const MAX_BYTES: usize = 2 * 1024 * 1024;

/// The most elements an SVG may draw, counting each part as often as it is reused (`<use>`,
/// a pattern, a clip path): a detailed logo has a few thousand.
pub(crate) const MAX_ELEMENTS: u64 = 100_000;

/// The deepest an SVG's elements may nest, counting reuse: logos nest a dozen deep. usvg
/// converts a tree recursively, so depth costs stack.
pub(crate) const MAX_DEPTH: usize = 48;

/// The most pixels its filters (a blur, a drop shadow) may take when rasterised for the PDF at
/// print resolution, at up to [`FILTER_PRINT_MM`] wide; krilla-svg draws filters as pictures.
pub(crate) const MAX_FILTER_PIXELS: f32 = 8_000_000.0;

/// The width at which filters are counted: a picture as wide as the text of an A4 page.
const FILTER_PRINT_MM: f32 = 200.0;

/// Pixels a filter takes per point in the PDF (krilla-svg's scale): 288 dpi.
pub(crate) const FILTER_SCALE: f32 = 4.0;

/// The most times over an SVG may paint its own area: what rasterising it costs (for the DOCX,
/// and for any reader of the PDF) grows with it. A symbol or logo paints its area a few times
/// over; 16,000 shapes each across the whole picture take a minute to rasterise.
pub(crate) const MAX_OVERDRAW: f32 = 500.0;

/// The most pixels the PNG or JPEG pictures inside an SVG may have in all.
const MAX_INNER_PIXELS: u64 = 4_000_000;

/// The parsed SVGs kept, for the next look at the same picture (its size is read several times
/// while a page is laid out) and the next plan of a batch (the built-in symbols, a school's logo):
/// the most recent, up to this much source in all: one SVG of the largest size and the small
/// ones beside it (their trees take some ten times as much).
const KEPT_SOURCE_BYTES: usize = MAX_BYTES + 512 * 1024;

/// True when `data` looks like an SVG (XML text) rather than a PNG or JPEG.
pub(crate) fn looks_like_svg(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == b'<')
}

/// The SVG `data` parsed within the limits, from the kept trees when it was parsed before.
pub(crate) fn tree(data: &[u8]) -> Result<Arc<usvg::Tree>, String> {
    type Kept = Mutex<VecDeque<(Vec<u8>, Arc<usvg::Tree>)>>;
    static KEPT: OnceLock<Kept> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Mutex::new(VecDeque::new()));
    let found = kept.lock().ok().and_then(|kept| {
        kept.iter()
            .find(|(source, _)| source[..] == data[..])
            .map(|(_, tree)| Arc::clone(tree))
    });
    if let Some(tree) = found {
        return Ok(tree);
    }
    let tree = Arc::new(parse(data)?);
    if let Ok(mut kept) = kept.lock() {
        kept.push_back((data.to_vec(), Arc::clone(&tree)));
        while kept.iter().map(|(source, _)| source.len()).sum::<usize>() > KEPT_SOURCE_BYTES {
            kept.pop_front();
        }
    }
    Ok(tree)
}

/// Parses an SVG after checking its XML against the limits.
fn parse(data: &[u8]) -> Result<usvg::Tree, String> {
    if data.len() > MAX_BYTES {
        return Err(format!(
            "it is an SVG larger than {} MB",
            MAX_BYTES / 1024 / 1024
        ));
    }
    let text = std::str::from_utf8(data).map_err(|_| "it is an SVG that is not UTF-8 text")?;
    // Entities expand text inside the parser (the "billion laughs"); no drawing needs them.
    if text.contains("<!ENTITY") {
        return Err("it is an SVG that declares XML entities".into());
    }
    let options = roxmltree::ParsingOptions {
        // A DOCTYPE naming the SVG DTD is common and harmless once entities are refused.
        allow_dtd: true,
        nodes_limit: u32::try_from(MAX_ELEMENTS * 2).unwrap_or(u32::MAX),
        ..roxmltree::ParsingOptions::default()
    };
    let document =
        roxmltree::Document::parse_with_options(text, options).map_err(|error| match error {
            roxmltree::Error::NodesLimitReached => {
                format!("it is an SVG of more than {MAX_ELEMENTS} elements")
            }
            error => {
                let at = error.pos();
                format!(
                    "it is an SVG whose XML is broken at line {}, column {}",
                    at.row, at.col
                )
            }
        })?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err("it is not a PNG, JPEG or SVG picture".into());
    }
    check(&document)?;

    // Pictures inside it come only as data (no file or address is followed: `resources_dir` is
    // none and the resolver takes no names), PNG or JPEG within the limits.
    let inner = Mutex::new((0u64, None::<String>));
    let refuse = |why: &str| {
        if let Ok(mut inner) = inner.lock() {
            inner.1.get_or_insert_with(|| why.to_owned());
        }
    };
    let options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, data, _| {
                let header = (data.starts_with(b"\x89PNG") || data.starts_with(&[0xFF, 0xD8]))
                    .then(|| super::header(&data).ok())
                    .flatten();
                let Some(header) = header else {
                    refuse("it holds a picture inside that is not a PNG or JPEG within the limits");
                    return None;
                };
                let pixels = u64::from(header.width) * u64::from(header.height);
                let total = inner.lock().map(|mut inner| {
                    inner.0 += pixels;
                    inner.0
                });
                if total.map_or(true, |total| total > MAX_INNER_PIXELS) {
                    refuse(&format!(
                        "the pictures inside it have more than {} million pixels",
                        MAX_INNER_PIXELS / 1_000_000
                    ));
                    return None;
                }
                Some(match header.format {
                    super::Format::Png => usvg::ImageKind::PNG(data),
                    _ => usvg::ImageKind::JPEG(data),
                })
            }),
            resolve_string: Box::new(|_, _| {
                refuse("it refers to a file or address outside it");
                None
            }),
        },
        // No fonts at all, not the system's: text is refused before this.
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_xmltree(&document, &options).map_err(|error| match error {
        usvg::Error::InvalidSize => "it is an SVG with no width or height".to_owned(),
        usvg::Error::ElementsLimitReached => {
            format!("it is an SVG of more than {MAX_ELEMENTS} elements")
        }
        _ => "it is an SVG that cannot be read".to_owned(),
    })?;
    if let Some(why) = inner.lock().ok().and_then(|mut inner| inner.1.take()) {
        return Err(why);
    }
    let filtered = filter_pixels(&tree);
    if filtered > MAX_FILTER_PIXELS {
        return Err(format!(
            "its filters (blurs, shadows) would be printed as {} million pixels, more than {}",
            (filtered / 1e6).ceil(),
            MAX_FILTER_PIXELS / 1e6
        ));
    }
    let overdraw = overdraw(&tree);
    if overdraw > MAX_OVERDRAW {
        return Err(format!(
            "it is an SVG that paints its area {overdraw:.0} times over, more than {MAX_OVERDRAW:.0}: too much to print"
        ));
    }
    Ok(tree)
}

/// How many times over `tree` paints its own area: each shape's box (with its stroke), as much
/// of it as lies on the picture, with the parts it reuses, clips and masks.
fn overdraw(tree: &usvg::Tree) -> f32 {
    let (width, height) = (tree.size().width(), tree.size().height());
    fn walk(group: &usvg::Group, (width, height): (f32, f32), total: &mut f32) {
        for node in group.children() {
            match node {
                usvg::Node::Group(group) => walk(group, (width, height), total),
                usvg::Node::Path(_) | usvg::Node::Image(_) | usvg::Node::Text(_) => {
                    let area = node.abs_stroke_bounding_box();
                    let across = area.right().min(width) - area.left().max(0.0);
                    let down = area.bottom().min(height) - area.top().max(0.0);
                    *total += across.max(0.0) * down.max(0.0);
                }
            }
            node.subroots(|root| walk(root, (width, height), total));
        }
    }
    let mut total = 0.0;
    walk(tree.root(), (width, height), &mut total);
    total / (width * height)
}

/// Refuses what iep does not draw or follow, and an SVG that nests too deep or draws too many
/// elements once each reused part is counted as often as it is used.
fn check(document: &roxmltree::Document) -> Result<(), String> {
    let mut ids = HashMap::new();
    let mut css_references = Vec::new();
    for node in document.descendants().filter(roxmltree::Node::is_element) {
        if let Some(id) = node.attribute("id") {
            ids.entry(id).or_insert(node);
        }
        match node.tag_name().name() {
            "script" => return Err("it is an SVG with a script".into()),
            "foreignObject" => return Err("it is an SVG with HTML inside (foreignObject)".into()),
            "text" | "font" | "font-face" => {
                return Err("it is an SVG whose text is not converted to outlines: save it with text as paths".into());
            }
            // usvg draws a marker at every point of a path, which no count made here bounds.
            "marker" => {
                return Err("it is an SVG with markers: save it with markers as paths".into());
            }
            "style" => {
                let css: String = node.children().filter_map(|c| c.text()).collect();
                css_references.extend(references(&css)?.into_iter().map(str::to_owned));
            }
            _ => {}
        }
        for attribute in node.attributes() {
            if attribute.name() == "href" {
                let href = attribute.value().trim();
                let inside = href.starts_with('#')
                    || (href.starts_with("data:") && node.tag_name().name() == "image")
                    // A link is a group when drawn; it is never followed.
                    || node.tag_name().name() == "a";
                if !inside {
                    return Err("it refers to a file or address outside it".into());
                }
            } else {
                references(attribute.value())?;
            }
        }
    }
    let mut reuse = Reuse {
        ids,
        css_references,
        counted: HashMap::new(),
    };
    reuse.count(document.root_element(), 1)?;
    Ok(())
}

/// The ids `text` refers to as `url(#id)`; refused when a `url()` leads outside the file.
fn references(text: &str) -> Result<Vec<&str>, String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("url(") {
        let rest = text[at + 4..].trim_start_matches([' ', '"', '\'']);
        let Some(id) = rest.strip_prefix('#') else {
            return Err("it refers to a file or address outside it".into());
        };
        let end = id.find([')', '"', '\'', ' ']).unwrap_or(id.len());
        found.push(&id[..end]);
    }
    Ok(found)
}

/// The elements that draw, which a style sheet can fill or clip with a part of the file.
const DRAWN: &[&str] = &[
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image", "use",
];

/// Elements counted as drawn: each with all it reuses.
struct Reuse<'a, 'input> {
    ids: HashMap<&'a str, roxmltree::Node<'a, 'input>>,
    css_references: Vec<String>,
    /// Elements and reused parts counted so far: (elements, depth), or `None` while counting.
    counted: HashMap<roxmltree::NodeId, Option<(u64, usize)>>,
}

impl<'a, 'input> Reuse<'a, 'input> {
    /// The elements `node` draws, with what it reuses, and how deep they nest.
    fn count(
        &mut self,
        node: roxmltree::Node<'a, 'input>,
        depth: usize,
    ) -> Result<(u64, usize), String> {
        let too_deep = || format!("it is an SVG whose elements nest more than {MAX_DEPTH} deep");
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        match self.counted.get(&node.id()) {
            Some(Some(counted)) => return Ok(*counted),
            Some(None) => return Err("it is an SVG that reuses a part inside itself".into()),
            None => {}
        }
        self.counted.insert(node.id(), None);
        let mut reused: Vec<&str> = Vec::new();
        for attribute in node.attributes() {
            if attribute.name() == "href" {
                if let Some(id) = attribute.value().trim().strip_prefix('#') {
                    reused.push(id);
                }
            } else {
                reused.extend(references(attribute.value())?);
            }
        }
        let mut parts: Vec<(roxmltree::Node, bool)> = node
            .children()
            .filter(roxmltree::Node::is_element)
            .map(|child| (child, true))
            .collect();
        parts.extend(
            reused
                .into_iter()
                .filter_map(|id| self.ids.get(id))
                .map(|n| (*n, true)),
        );
        // A style sheet's references may apply to any element: counted for each that draws,
        // but never a loop, as they may not apply to it at all.
        if DRAWN.contains(&node.tag_name().name()) {
            let css: Vec<roxmltree::Node> = (self.css_references.iter())
                .filter_map(|id| self.ids.get(id.as_str()).copied())
                .collect();
            parts.extend(css.into_iter().map(|n| (n, false)));
        }
        let (mut elements, mut below) = (1u64, 0usize);
        for (part, certain) in parts {
            if !certain && self.counted.get(&part.id()) == Some(&None) {
                continue;
            }
            let (count, deep) = self.count(part, depth + 1)?;
            elements = elements.saturating_add(count);
            below = below.max(deep);
            if elements > MAX_ELEMENTS {
                return Err(format!(
                    "it is an SVG that draws more than {MAX_ELEMENTS} elements, counting each part as often as it is reused"
                ));
            }
        }
        if depth + below > MAX_DEPTH {
            return Err(too_deep());
        }
        self.counted.insert(node.id(), Some((elements, below + 1)));
        Ok((elements, below + 1))
    }
}

/// The pixels the filters of `tree` take when krilla-svg rasterises them at print resolution,
/// the picture [`FILTER_PRINT_MM`] wide; krilla-svg makes none wider or taller than 5,000.
fn filter_pixels(tree: &usvg::Tree) -> f32 {
    fn walk(group: &usvg::Group, scale: f32, total: &mut f32) {
        if !group.filters().is_empty() {
            let area = group.abs_layer_bounding_box();
            let side = |units: f32| (units * scale).min(5000.0);
            *total += side(area.width()) * side(area.height());
        }
        for node in group.children() {
            if let usvg::Node::Group(group) = node {
                walk(group, scale, total);
            }
            node.subroots(|root| walk(root, scale, total));
        }
    }
    let points = FILTER_PRINT_MM / 25.4 * 72.0;
    let scale = points / tree.size().width() * FILTER_SCALE;
    let mut total = 0.0;
    walk(tree.root(), scale, &mut total);
    total
}

/// The most pixels an SVG is rasterised to (for the DOCX): an A4 page at 300 dpi.
const MAX_RASTER_PIXELS: f32 = 2480.0 * 3508.0;

/// `tree` rasterised `width` pixels wide (fewer, if that would be more than
/// [`MAX_RASTER_PIXELS`]), its height as its proportions give, flattened onto white (as the PNG
/// and JPEG pictures are).
pub(crate) fn rasterise(tree: &usvg::Tree, width: u32) -> Result<image::RgbImage, String> {
    let size = tree.size();
    let ratio = size.height() / size.width();
    let width = (width as f32)
        .min((MAX_RASTER_PIXELS / ratio).sqrt())
        .max(1.0) as u32;
    let height = (width as f32 * ratio).round().clamp(1.0, MAX_RASTER_PIXELS) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("it is too large to rasterise")?;
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(tree, transform, &mut pixmap.as_mut());
    // Premultiplied: a colour over white is the colour plus the white its alpha leaves.
    let pixels = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| {
            let white = 255 - p[3];
            [
                p[0].saturating_add(white),
                p[1].saturating_add(white),
                p[2].saturating_add(white),
            ]
        })
        .collect();
    image::RgbImage::from_raw(width, height, pixels).ok_or_else(|| "it cannot be rasterised".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_symbol_is_within_the_limits_and_square() {
        for (name, data) in crate::symbols::SYMBOLS {
            let tree = tree(data).unwrap_or_else(|why| panic!("{name}: {why}"));
            assert_eq!(tree.size().width(), tree.size().height(), "{name}");
            assert!(overdraw(&tree) < 20.0, "{name}: {}", overdraw(&tree));
            let pixels = rasterise(&tree, 100).unwrap_or_else(|why| panic!("{name}: {why}"));
            assert!(pixels.pixels().any(|p| p.0 != [255, 255, 255]), "{name}");
        }
    }
}
