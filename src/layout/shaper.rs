//! The fonts of a PDF and the shaping of its text: every bundled face, and a font folder's after
//! them, registered with parley (which shapes, breaks lines, lays right-to-left text out right to
//! left and falls back from font to font by script) and opened with krilla (which embeds the
//! subsets). No system font is read: what prints is what iep ships or was given.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use krilla::text::Font as PdfFont;
use parley::fontique::{Blob, Collection, CollectionOptions};
use parley::style::{FontFamily, FontFamilyName, FontStyle, FontWeight, LineHeight, OverflowWrap};
use parley::{Alignment, AlignmentOptions, FontContext, Layout, LayoutContext, StyleProperty};

use crate::fonts::{self, FontDir, NASTALIQ, SCRIPT_FONTS, Typeface};

/// The faces of one render, in the order text falls back through them: the typefaces, the
/// bundled script fonts, then a font folder's.
pub(crate) struct FontSet {
    /// Each face as krilla embeds it, opened the first time a document prints with it.
    faces: Vec<Face>,
    /// A face by the id of its blob, which parley hands back with each run it shaped.
    by_blob: HashMap<u64, usize>,
    /// The family name each typeface registered as, in the order of [`Typeface::ALL`].
    typefaces: Vec<String>,
    /// The families of the bundled script fonts, in their order.
    scripts: Vec<String>,
    /// The families of the font folder's fonts.
    folder: Vec<String>,
    /// The parley font database with every face registered, copied for each thread.
    context: FontContext,
    /// The families text falls back through, made once ([`FontSet::families`]): for each
    /// typeface in the order of [`Typeface::ALL`], the list for most text, then for Urdu.
    stacks: Vec<[Vec<FontFamilyName<'static>>; 2]>,
    /// Tells font sets apart, so that lines shaped with one are never taken for another's.
    pub(crate) id: u64,
}

impl FontSet {
    /// The bundled faces, prepared once.
    fn bundled() -> &'static Arc<FontSet> {
        static BUNDLED: OnceLock<Arc<FontSet>> = OnceLock::new();
        BUNDLED.get_or_init(|| Arc::new(Self::build(None)))
    }

    fn build(dir: Option<&FontDir>) -> Self {
        let mut set = FontSet {
            faces: Vec::new(),
            by_blob: HashMap::new(),
            typefaces: Vec::new(),
            scripts: Vec::new(),
            folder: Vec::new(),
            context: FontContext {
                collection: Collection::new(CollectionOptions {
                    shared: false,
                    system_fonts: false,
                }),
                source_cache: Default::default(),
            },
            stacks: Vec::new(),
            id: NEXT_SET.fetch_add(1, Ordering::Relaxed),
        };
        for typeface in Typeface::ALL {
            let family = fonts::files(typeface)
                .map(|data| set.add(Arc::new(data), data.into(), 0, Open::Later))
                .into_iter()
                .flatten()
                .next();
            set.typefaces
                .push(family.unwrap_or_else(|| typeface.family().to_owned()));
        }
        for script in &SCRIPT_FONTS {
            // Every face is registered; the family is the first one's name.
            let families: Vec<String> = script
                .faces
                .iter()
                .filter_map(|&data| set.add(Arc::new(data), data.into(), 0, Open::Later))
                .collect();
            let family = families.into_iter().next();
            set.scripts
                .push(family.unwrap_or_else(|| script.family.to_owned()));
        }
        for face in dir.map(|dir| dir.faces.as_slice()).unwrap_or_default() {
            let data: Arc<Vec<u8>> = Arc::clone(&face.data);
            if let Some(family) = set.add(data.clone(), data.into(), face.index, Open::Now)
                && !set.folder.contains(&family)
            {
                set.folder.push(family);
            }
        }
        set.stacks = Typeface::ALL
            .iter()
            .map(|&typeface| [false, true].map(|nastaliq| set.stack(typeface, nastaliq)))
            .collect();
        set
    }

    /// Registers one face; its family name, or `None` when parley cannot read it or, opened
    /// [`Open::Now`], krilla cannot.
    fn add(
        &mut self,
        shaped: Arc<dyn AsRef<[u8]> + Send + Sync>,
        embedded: krilla::Data,
        index: u32,
        open: Open,
    ) -> Option<String> {
        let pdf = OnceLock::new();
        if open == Open::Now {
            pdf.get_or_init(|| PdfFont::new(embedded.clone(), index));
            pdf.get()?.as_ref()?;
        }
        let blob = Blob::new(shaped);
        let registered = self.context.collection.register_fonts(blob.clone(), None);
        let family = registered.first().map(|(id, _)| *id)?;
        let name = self.context.collection.family_name(family)?.to_owned();
        self.by_blob.insert(blob.id(), self.faces.len());
        self.faces.push(Face {
            data: embedded,
            index,
            pdf,
        });
        Some(name)
    }

    /// The krilla font of a face parley shaped with, by its blob's id.
    pub(crate) fn pdf_font(&self, blob_id: u64) -> Option<&PdfFont> {
        let face = &self.faces[*self.by_blob.get(&blob_id)?];
        face.pdf
            .get_or_init(|| PdfFont::new(face.data.clone(), face.index))
            .as_ref()
    }

    /// The families text in `typeface` falls back through: the typeface, the other typefaces
    /// (Liberation Sans for the Greek and Cyrillic the others lack), the script, symbol and emoji
    /// fonts (Nastaliq before Naskh for text in Urdu), then the font folder's.
    fn stack(&self, typeface: Typeface, nastaliq: bool) -> Vec<FontFamilyName<'static>> {
        // The other typefaces next, Liberation Sans first: between them they cover what the
        // typeface lacks of Latin, Greek, Cyrillic and the signs of forms.
        let mut names: Vec<&str> = vec![&self.typefaces[typeface.index()]];
        names.extend(self.typefaces.iter().map(String::as_str));
        if nastaliq {
            names.extend(
                self.scripts
                    .iter()
                    .filter(|f| f.as_str() == NASTALIQ)
                    .map(String::as_str),
            );
        }
        names.extend(self.scripts.iter().map(String::as_str));
        names.extend(self.folder.iter().map(String::as_str));
        let mut seen = Vec::new();
        names
            .into_iter()
            .filter(|name| {
                let new = !seen.contains(name);
                seen.push(name);
                new
            })
            .map(|name| FontFamilyName::Named(Cow::Owned(name.to_owned())))
            .collect()
    }

    /// [`FontSet::stack`], made when the set was: resolved here once rather than for every
    /// paragraph.
    fn families(&self, typeface: Typeface, nastaliq: bool) -> &[FontFamilyName<'static>] {
        &self.stacks[typeface.index()][usize::from(nastaliq)]
    }
}

/// A face of a font set, as krilla embeds it.
struct Face {
    data: krilla::Data,
    index: u32,
    /// The face opened by krilla (`None`: it could not be), once it is.
    pdf: OnceLock<Option<PdfFont>>,
}

/// When a face is opened by krilla: a bundled face (known to open: a test opens each) when a
/// document first prints with it, most never; a font folder's when it is registered, so that
/// a face krilla cannot read is never shaped with.
#[derive(PartialEq)]
enum Open {
    Now,
    Later,
}

/// The next font set's id.
static NEXT_SET: AtomicU64 = AtomicU64::new(0);

/// How one stretch of a paragraph is set.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Style {
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub lang: Option<String>,
}

/// What shapes the text of one render: its font set, and this thread's parley contexts.
pub(super) struct Shaper<'a> {
    pub set: &'a FontSet,
    font_cx: &'a mut FontContext,
    layout_cx: &'a mut LayoutContext<()>,
    pub typeface: Typeface,
    /// What each line is set at, in font sizes, over the typeface's own line height.
    spacing: f32,
}

/// Each thread's parley contexts: shaping keeps caches that are worth keeping between documents.
struct Contexts {
    layout: LayoutContext<()>,
    /// The font sets in use on this thread, by the id of their font folder (0: none): the
    /// bundled one, and the last folder's.
    sets: Vec<(u64, Arc<FontSet>, FontContext)>,
}

thread_local! {
    static CONTEXTS: RefCell<Option<Contexts>> = const { RefCell::new(None) };
}

/// Runs `work` with a shaper for documents in `typeface`, with the fonts of `dir` after the
/// bundled ones.
pub(super) fn with<R>(
    typeface: Typeface,
    dir: Option<&FontDir>,
    work: impl FnOnce(&mut Shaper) -> R,
) -> R {
    CONTEXTS.with(|cell| {
        let mut slot = cell.borrow_mut();
        let contexts = slot.get_or_insert_with(|| Contexts {
            layout: LayoutContext::new(),
            sets: Vec::new(),
        });
        let id = dir.map_or(0, |dir| dir.id);
        let at = match contexts.sets.iter().position(|(set, _, _)| *set == id) {
            Some(at) => at,
            None => {
                let set = match dir {
                    None => Arc::clone(FontSet::bundled()),
                    Some(dir) => Arc::new(FontSet::build(Some(dir))),
                };
                let context = set.context.clone();
                // The bundled set stays; a folder's replaces the folder before it.
                contexts.sets.retain(|(set, _, _)| *set == 0);
                contexts.sets.push((id, set, context));
                contexts.sets.len() - 1
            }
        };
        let Contexts { layout, sets } = contexts;
        let (_, set, font_cx) = &mut sets[at];
        let mut shaper = Shaper {
            set,
            font_cx,
            layout_cx: layout,
            typeface,
            spacing: fonts::line_spacing(typeface) as f32,
        };
        work(&mut shaper)
    })
}

impl Shaper<'_> {
    /// Lays `text` out, each range in its style, in lines no wider than `width` points (one line
    /// when `None`), aligned as `align`. Long words break where they must. `size` is the
    /// paragraph's own size, which every line is at least as tall as (CSS's strut).
    pub(super) fn layout(
        &mut self,
        text: &str,
        size: f32,
        styles: &[(Range<usize>, Style)],
        width: Option<f32>,
        align: Alignment,
    ) -> Layout<()> {
        let plain = self.set.families(self.typeface, false);
        let mut builder = self
            .layout_cx
            .ranged_builder(self.font_cx, text, 1.0, false);
        builder.push_default(StyleProperty::FontSize(size));
        builder.push_default(StyleProperty::FontFamily(FontFamily::List(Cow::Borrowed(
            plain,
        ))));
        builder.push_default(StyleProperty::LineHeight(LineHeight::MetricsRelative(
            self.spacing,
        )));
        builder.push_default(StyleProperty::OverflowWrap(OverflowWrap::Anywhere));
        for (range, style) in styles {
            builder.push(StyleProperty::FontSize(style.size), range.clone());
            if style.bold {
                builder.push(StyleProperty::FontWeight(FontWeight::BOLD), range.clone());
            }
            if style.italic {
                builder.push(StyleProperty::FontStyle(FontStyle::Italic), range.clone());
            }
            if let Some(lang) = &style.lang {
                let language = parley::style::Language::parse(lang).ok();
                builder.push(StyleProperty::Locale(language), range.clone());
                if fonts::is_nastaliq_language(lang) {
                    let families = self.set.families(self.typeface, true);
                    builder.push(
                        StyleProperty::FontFamily(FontFamily::List(Cow::Borrowed(families))),
                        range.clone(),
                    );
                }
            }
        }
        let mut layout = builder.build(text);
        layout.break_all_lines(width);
        layout.align(align, AlignmentOptions::default());
        layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_face_opens_for_the_pdf() {
        let set = FontSet::bundled();
        let faces = Typeface::ALL.len() * fonts::FACES
            + SCRIPT_FONTS.iter().map(|f| f.faces.len()).sum::<usize>();
        assert_eq!(set.faces.len(), faces);
        for &blob in set.by_blob.keys() {
            assert!(set.pdf_font(blob).is_some());
        }
    }
}
