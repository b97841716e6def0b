//! Drawing the pages with krilla, and the structure a screen reader follows: every heading,
//! paragraph, table cell and picture tagged (PDF/UA-1), with the table's header cells, the
//! pictures' words and the headings as the outline; paper, borders, shading, repeated header
//! rows and the running header and footer marked as artifacts. krilla writes the fonts as
//! subsets, the metadata and XMP, and compresses; the same document gives the same bytes.

use std::collections::HashMap;
use std::num::{NonZeroU16, NonZeroU32};
use std::sync::Arc;

use krilla::color::{luma, rgb};
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagTree,
};
use krilla::{Document as Pdf, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::document::{Background, Block, Cell, Document, Table};
use crate::error::RenderError;
use crate::layout::lines::{Content, MM_PER_PT};
use crate::layout::pages::{Heading, Node, Op, Pages, Picture};
use crate::layout::shaper::FontSet;

/// The grey of shaded cells (0.85 of white: light, prints on any printer).
const SHADE: u8 = 217;
/// The width of a cell's border, in points.
const BORDER_PT: f32 = 0.75;

fn pt(mm: f64) -> f32 {
    (mm / MM_PER_PT) as f32
}

/// The PDF of `document` broken into `pages`: tagged PDF/UA-1, and PDF/A-2a as well when
/// `archive`.
pub(super) fn write(
    document: &Document,
    pages: Pages,
    fonts: &FontSet,
    archive: bool,
) -> Result<Vec<u8>, RenderError> {
    let mut configuration =
        ConfigurationBuilder::new().with_accessibility_validator(Accessibility::UA1);
    if archive {
        configuration = configuration.with_archival_validator(Archival::A2_A);
    }
    let configuration = configuration
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}").into()))?;
    let mut pdf = Pdf::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        xmp_metadata: true,
        // Content streams stay compressed (krilla's one setting; its level is fixed at 6, and font
        // subsets are always compressed). Measured on 60 Highland plans (issue 29): uncompressed
        // they save about 7% of the time a plan takes and double its bytes (56 KB to 109 KB);
        // plans are emailed and archived by the thousand, so the bytes matter more.
        compress_content_streams: true,
        ..SerializeSettings::default()
    });
    let (width, height) = document.page.size_mm();
    let (width, height) = (f64::from(width), f64::from(height));
    let pictures: Vec<Embedded> = pages
        .pictures
        .into_iter()
        .map(embedded)
        .collect::<Result<_, _>>()?;
    let mut content: HashMap<Node, Vec<Identifier>> = HashMap::new();
    for ops in pages.pages {
        let settings = PageSettings::from_wh(pt(width), pt(height))
            .ok_or_else(|| RenderError::Pdf("the page has no size".into()))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        if document.page.background != Background::White {
            let [r, g, b] = document.page.background.rgb();
            // A background artifact says the area it covers: the whole sheet.
            let sheet = Rect::from_xywh(0.0, 0.0, pt(width), pt(height));
            surface.start_tagged(ContentTag::Artifact(Artifact::new(
                ArtifactType::Background,
                sheet,
            )));
            fill(
                &mut surface,
                rgb::Color::new(r, g, b).into(),
                0.0,
                0.0,
                width,
                height,
            );
            surface.end_tagged();
        }
        // Shading under the text and lines of its cell.
        let (shades, rest): (Vec<&Op>, Vec<&Op>) =
            ops.iter().partition(|op| matches!(op, Op::Shade { .. }));
        for op in shades.into_iter().chain(rest) {
            draw(&mut surface, op, fonts, &pictures, &mut content)?;
        }
        surface.finish();
        page.finish();
    }
    pdf.set_tag_tree(tag_tree(document, &mut content));
    pdf.set_outline(outline(document, &pages.headings, height));
    pdf.set_metadata(metadata(document));
    pdf.finish().map_err(failure)
}

/// What went wrong in krilla, in words that name no text of the document: the rules of PDF/UA
/// or PDF/A a document broke are named by kind (their details can hold the document's text).
fn failure(error: krilla::error::KrillaError) -> RenderError {
    match error {
        krilla::error::KrillaError::Validation(errors) => {
            let mut kinds: Vec<String> = errors
                .iter()
                .map(|(error, _)| {
                    let debug = format!("{error:?}");
                    debug
                        .split(['(', '{', ' '])
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect();
            kinds.dedup();
            RenderError::Pdf(
                format!(
                    "it would break these rules of PDF/UA or PDF/A: {}",
                    kinds.join(", ")
                )
                .into(),
            )
        }
        other => RenderError::Pdf(Box::new(other)),
    }
}

fn draw(
    surface: &mut Surface,
    op: &Op,
    fonts: &FontSet,
    pictures: &[Embedded],
    content: &mut HashMap<Node, Vec<Identifier>>,
) -> Result<(), RenderError> {
    match op {
        Op::Rect { x, y, w, h } => artifact(surface, ArtifactType::Layout, |surface| {
            let Some(rect) = Rect::from_xywh(pt(*x), pt(*y), pt(*w), pt(*h)) else {
                return;
            };
            let mut path = PathBuilder::new();
            path.push_rect(rect);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: BORDER_PT,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
                surface.set_fill(Some(Fill::default()));
            }
        }),
        Op::Shade { x, y, w, h } => artifact(surface, ArtifactType::Layout, |surface| {
            fill(surface, luma::Color::new(SHADE).into(), *x, *y, *w, *h)
        }),
        Op::Picture {
            x,
            y,
            w,
            h,
            index,
            node,
        } => {
            let Some(picture) = pictures.get(*index) else {
                return Ok(());
            };
            let Some(size) = Size::from_wh(pt(*w), pt(*h)) else {
                return Ok(());
            };
            let tag = match node {
                Node::Layout | Node::Header | Node::Footer => None,
                _ => Some(ContentTag::Other),
            };
            tagged(surface, tag, *node, content, |surface| {
                surface.push_transform(&Transform::from_translate(pt(*x), pt(*y)));
                match picture {
                    Embedded::Image(image) => surface.draw_image(image.clone(), size),
                    Embedded::Vectors(tree) => {
                        let settings = SvgSettings {
                            // Text is refused in an SVG before this (src/picture/svg.rs).
                            embed_text: false,
                            filter_scale: crate::picture::svg::FILTER_SCALE,
                        };
                        // Always drawn: krilla-svg answers `None` for nothing it is given.
                        let _ = surface.draw_svg(tree, size, settings);
                    }
                }
                surface.pop();
            });
        }
        Op::Text { x, y, line, node } => {
            let Content::Text(runs) = &line.content else {
                return Ok(());
            };
            for run in runs {
                let font = fonts
                    .pdf_font(run.face)
                    .ok_or_else(|| RenderError::Font("a face was shaped but not opened".into()))?
                    .clone();
                let tag = match node {
                    Node::Layout => Some(ContentTag::Artifact(Artifact::new(
                        ArtifactType::Layout,
                        None,
                    ))),
                    Node::Header => Some(ContentTag::Artifact(Artifact::new(
                        ArtifactType::Header,
                        None,
                    ))),
                    Node::Footer => Some(ContentTag::Artifact(Artifact::new(
                        ArtifactType::Footer,
                        None,
                    ))),
                    _ => Some(ContentTag::Span(
                        SpanTag::empty().with_lang(run.lang.as_deref()),
                    )),
                };
                let start = Point::from_xy(pt(x + run.x), pt(y + run.baseline));
                tagged(surface, tag, *node, content, |surface| {
                    surface.set_fill(Some(Fill::default()));
                    surface.draw_glyphs(start, &run.glyphs, font, &run.text, run.size, false);
                });
            }
        }
    }
    Ok(())
}

/// Draws with `draw` as an artifact of `kind`: not content a reader reads.
fn artifact(surface: &mut Surface, kind: ArtifactType, draw: impl FnOnce(&mut Surface)) {
    surface.start_tagged(ContentTag::Artifact(Artifact::new(kind, None)));
    draw(surface);
    surface.end_tagged();
}

/// Draws with `draw` marked as `tag`; content (not an artifact) is noted as part of `node`.
fn tagged(
    surface: &mut Surface,
    tag: Option<ContentTag>,
    node: Node,
    content: &mut HashMap<Node, Vec<Identifier>>,
    draw: impl FnOnce(&mut Surface),
) {
    let tag = tag.unwrap_or(ContentTag::Artifact(Artifact::new(
        ArtifactType::Layout,
        None,
    )));
    let is_content = !matches!(tag, ContentTag::Artifact(_));
    let id = surface.start_tagged(tag);
    draw(surface);
    surface.end_tagged();
    if is_content {
        content.entry(node).or_default().push(id);
    }
}

fn fill(surface: &mut Surface, paint: krilla::paint::Paint, x: f64, y: f64, w: f64, h: f64) {
    let Some(rect) = Rect::from_xywh(pt(x), pt(y), pt(w), pt(h)) else {
        return;
    };
    let mut path = PathBuilder::new();
    path.push_rect(rect);
    if let Some(path) = path.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(Fill {
            paint,
            ..Fill::default()
        }));
        surface.draw_path(&path);
        surface.set_fill(Some(Fill::default()));
    }
}

/// Pixels decoded for print, as krilla embeds them (deflated).
#[derive(Clone, Hash)]
struct Pixels {
    rgb: std::sync::Arc<Vec<u8>>,
    size: (u32, u32),
}

impl CustomImage for Pixels {
    fn color_channel(&self) -> &[u8] {
        &self.rgb
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> ImageColorspace {
        ImageColorspace::Rgb
    }
}

/// A picture as krilla draws it: an image, or an SVG drawn as vectors.
enum Embedded {
    Image(Image),
    Vectors(Arc<resvg::usvg::Tree>),
}

fn embedded(picture: Picture) -> Result<Embedded, RenderError> {
    let refused = |why: String| RenderError::Image {
        place: "a picture".into(),
        why,
    };
    match picture {
        Picture::Svg(tree) => Ok(Embedded::Vectors(tree)),
        Picture::Jpeg(data) => Image::from_jpeg(data.into(), false)
            .map(Embedded::Image)
            .map_err(refused),
        Picture::Rgb(pixels) => {
            let size = pixels.dimensions();
            Image::from_custom(
                Pixels {
                    rgb: std::sync::Arc::new(pixels.into_raw()),
                    size,
                },
                // PDF/A forbids asking readers to smooth pictures; at print resolution there is
                // nothing to smooth.
                false,
            )
            .map(Embedded::Image)
            .map_err(refused)
        }
    }
}

/// The document's structure, in reading order: its headings, paragraphs, pictures and tables.
fn tag_tree(document: &Document, content: &mut HashMap<Node, Vec<Identifier>>) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some(document.meta.language.clone()));
    let mut take = |node: Node, group: &mut TagGroup| {
        for id in content.remove(&node).unwrap_or_default() {
            group.push(id);
        }
    };
    for (i, block) in document.blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text, .. } => {
                let mut group = TagGroup::new(Tag::Hn(level_of(*level), Some(text.clone())));
                take(Node::Block(i), &mut group);
                tree.push(group);
            }
            Block::Paragraph(_) => {
                let mut group = TagGroup::new(Tag::P);
                take(Node::Block(i), &mut group);
                tree.push(group);
            }
            Block::Image(image) => {
                let mut group = TagGroup::new(Tag::Figure(Some(image.alt.clone())));
                take(Node::Block(i), &mut group);
                tree.push(group);
            }
            Block::Table(table) if table.layout => {
                for (r, row) in table.header.iter().chain(&table.rows).enumerate() {
                    for (c, cell) in row.cells.iter().enumerate() {
                        for group in layout_cell(cell, (i, r, c), &mut take) {
                            tree.push(group);
                        }
                    }
                }
            }
            Block::Table(table) => tree.push(data_table(table, i, &mut take)),
            _ => {}
        }
    }
    tree
}

/// A cell of a table that only places things: its picture, then its text as a heading or a
/// paragraph.
fn layout_cell(
    cell: &Cell,
    (block, row, column): (usize, usize, usize),
    take: &mut impl FnMut(Node, &mut TagGroup),
) -> Vec<TagGroup> {
    let mut groups = Vec::new();
    if let Some(image) = &cell.image {
        let mut figure = TagGroup::new(Tag::Figure(Some(image.alt.clone())));
        take(Node::CellPicture(block, row, column), &mut figure);
        groups.push(figure);
    }
    let mut text = match cell.heading {
        Some(level) => TagGroup::new(Tag::Hn(level_of(level), Some(cell.text()))),
        None => TagGroup::new(Tag::P),
    };
    take(Node::Cell(block, row, column), &mut text);
    groups.push(text);
    groups
}

/// A table of data: header rows in THead, header cells (shaded labels) as TH, the rest TD.
fn data_table(table: &Table, block: usize, take: &mut impl FnMut(Node, &mut TagGroup)) -> TagGroup {
    let mut group = TagGroup::new(Tag::Table);
    let mut head = TagGroup::new(Tag::THead);
    let mut body = TagGroup::new(Tag::TBody);
    for (r, row) in table.header.iter().chain(&table.rows).enumerate() {
        let in_head = r < table.header.len();
        let mut tr = TagGroup::new(Tag::TR);
        for (c, cell) in row.cells.iter().enumerate() {
            let span = NonZeroU32::new(cell.span.max(1) as u32);
            let mut td = if in_head {
                TagGroup::new(Tag::TH(TableHeaderScope::Column).with_col_span(span))
            } else if cell.shaded {
                TagGroup::new(Tag::TH(TableHeaderScope::Row).with_col_span(span))
            } else {
                TagGroup::new(Tag::TD.with_col_span(span))
            };
            if let Some(image) = &cell.image {
                let mut figure = TagGroup::new(Tag::Figure(Some(image.alt.clone())));
                take(Node::CellPicture(block, r, c), &mut figure);
                td.push(figure);
            }
            take(Node::Cell(block, r, c), &mut td);
            tr.push(td);
        }
        if in_head {
            head.push(tr);
        } else {
            body.push(tr);
        }
    }
    group.push(head);
    group.push(body);
    group
}

fn level_of(level: u8) -> NonZeroU16 {
    NonZeroU16::new(u16::from(level.clamp(1, 6))).unwrap_or(NonZeroU16::MIN)
}

/// The outline (bookmarks) from the headings, nested by level; a document with no heading gets
/// its title, so a reader can always jump to the start.
fn outline(document: &Document, headings: &[Heading], height: f64) -> Outline {
    let mut outline = Outline::new();
    let at =
        |page: usize, y: f64| XyzDestination::new(page, Point::from_xy(0.0, pt(y.min(height))));
    if headings.is_empty() {
        outline.push_child(OutlineNode::new(document.meta.title.clone(), at(0, 0.0)));
        return outline;
    }
    // Each heading under the last one of a lower level.
    let mut stack: Vec<(u8, OutlineNode)> = Vec::new();
    let close = |stack: &mut Vec<(u8, OutlineNode)>, outline: &mut Outline| {
        if let Some((_, node)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    };
    for heading in headings {
        while stack
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            close(&mut stack, &mut outline);
        }
        let node = OutlineNode::new(heading.title.clone(), at(heading.page, heading.y));
        stack.push((heading.level, node));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut outline);
    }
    outline
}

fn metadata(document: &Document) -> Metadata {
    let meta = &document.meta;
    let mut metadata = Metadata::new()
        .title(meta.title.clone())
        .authors(vec![meta.author.clone()])
        .description(meta.subject.clone())
        .language(meta.language.clone())
        .creator("iep".to_owned());
    if let Some(credit) = &meta.credit {
        metadata = metadata.keywords(vec![credit.clone()]);
    }
    // The plan's own date, never the clock's: the same plan gives the same file.
    let date = meta.date.as_deref().and_then(crate::plan::Date::parse);
    if let Some(date) = date {
        let (year, month, day) = date.ymd();
        metadata =
            metadata.creation_date(DateTime::new(year as u16).month(month as u8).day(day as u8));
    }
    metadata
}
