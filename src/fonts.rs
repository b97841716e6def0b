//! The fonts iep prints with, compiled in (licences and sources in fonts/README.md): the
//! typefaces every renderer knows, the Noto fonts that print the scripts they lack (the families'
//! languages: Urdu, Panjabi, Bengali, Arabic, Gujarati, Tamil, Tigrinya...), the signs Word
//! pastes and emoji, and a school's own fonts from a folder (`--font-dir`) for the rest (Chinese,
//! Japanese, Korean). It says which characters they have and the pitch lines
//! are set at.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use skrifa::MetadataProvider;
use skrifa::raw::TableProvider;

use crate::files::{Files, Refused};

/// The typefaces every renderer knows. PDFs embed them (subset); DOCX files name them.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Typeface {
    /// Liberation Sans, metric-compatible with Arial: the look of most school forms.
    #[default]
    LiberationSans,
    /// Andika, designed by SIL for beginning readers.
    Andika,
    /// OpenDyslexic, for readers with dyslexia.
    #[serde(rename = "opendyslexic")]
    OpenDyslexic,
}

impl Typeface {
    /// Every typeface.
    pub const ALL: [Typeface; 3] = [
        Typeface::LiberationSans,
        Typeface::Andika,
        Typeface::OpenDyslexic,
    ];

    /// Where the typeface stands in [`Typeface::ALL`]: the index of what is kept for each.
    pub(crate) fn index(self) -> usize {
        Typeface::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The name forms and the command line use: `andika`.
    pub fn key(self) -> &'static str {
        match self {
            Typeface::LiberationSans => "liberation-sans",
            Typeface::Andika => "andika",
            Typeface::OpenDyslexic => "opendyslexic",
        }
    }

    /// The font's family name, as word processors know it.
    pub fn family(self) -> &'static str {
        match self {
            Typeface::LiberationSans => "Liberation Sans",
            Typeface::Andika => "Andika",
            Typeface::OpenDyslexic => "OpenDyslexic",
        }
    }

    /// How far apart lines of text are set, in font sizes (em). Andika and OpenDyslexic get
    /// the open spacing beginning readers need; their fonts' own line heights differ widely
    /// (1.61 and 1.75 em against Liberation Sans' 1.15), so renderers set this pitch, not a
    /// multiple of the font's line height.
    pub fn line_pitch_em(self) -> f64 {
        match self {
            Typeface::LiberationSans => 1.32,
            Typeface::Andika => 1.4,
            Typeface::OpenDyslexic => 1.5,
        }
    }

    /// The typeface named `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key.trim())
    }
}

/// Regular, bold, italic and bold italic, in that order.
pub const FACES: usize = 4;

/// The font files of a typeface, one per face: for a renderer of one's own that draws with them.
// Never inlined: a copy of this function in another codegen unit carried its own copy of every
// font file, 7 MB of the binary with the PDF's and the DOCX's callers.
#[inline(never)]
pub fn files(typeface: Typeface) -> [&'static [u8]; FACES] {
    match typeface {
        Typeface::LiberationSans => [
            include_bytes!("../fonts/LiberationSans-Regular.ttf"),
            include_bytes!("../fonts/LiberationSans-Bold.ttf"),
            include_bytes!("../fonts/LiberationSans-Italic.ttf"),
            include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
        ],
        Typeface::Andika => [
            include_bytes!("../fonts/Andika-Regular.ttf"),
            include_bytes!("../fonts/Andika-Bold.ttf"),
            include_bytes!("../fonts/Andika-Italic.ttf"),
            include_bytes!("../fonts/Andika-BoldItalic.ttf"),
        ],
        Typeface::OpenDyslexic => [
            include_bytes!("../fonts/OpenDyslexic-Regular.ttf"),
            include_bytes!("../fonts/OpenDyslexic-Bold.ttf"),
            include_bytes!("../fonts/OpenDyslexic-Italic.ttf"),
            include_bytes!("../fonts/OpenDyslexic-BoldItalic.ttf"),
        ],
    }
}

/// A bundled font for what the typefaces lack (other scripts, symbols, emoji): its family name
/// and its faces, regular and, where bundled, bold. Noto, SIL Open Font License 1.1.
#[derive(Debug)]
pub struct ScriptFont {
    /// The family name, as the font names itself and a word processor knows it.
    pub family: &'static str,
    /// Regular, then bold when the font is bundled in bold too (a bold run of a font bundled
    /// regular only is set in its regular face).
    pub faces: &'static [&'static [u8]],
}

macro_rules! script_font {
    ($family:literal, $file:literal) => {
        ScriptFont {
            family: $family,
            faces: &[
                include_bytes!(concat!("../fonts/", $file, "-Regular.ttf")),
                include_bytes!(concat!("../fonts/", $file, "-Bold.ttf")),
            ],
        }
    };
    ($family:literal, $file:literal, regular) => {
        ScriptFont {
            family: $family,
            faces: &[include_bytes!(concat!("../fonts/", $file, "-Regular.ttf"))],
        }
    };
}

/// The bundled fonts for other scripts, symbols and emoji, in the order they are tried after the
/// typefaces. Urdu is written in Nastaliq, which text marked as Urdu (or Shahmukhi Panjabi) is
/// set in; other Arabic-script text is set in Naskh. The symbols (ticks, boxes, stars, arrows:
/// what Word pastes as bullets) come before the emoji, so that a tick a font of signs has is
/// printed as a sign, and the emoji are monochrome, to print well in black and white.
pub const SCRIPT_FONTS: [ScriptFont; 13] = [
    script_font!("Noto Sans Hebrew", "NotoSansHebrew"),
    script_font!("Noto Naskh Arabic", "NotoNaskhArabic"),
    script_font!("Noto Nastaliq Urdu", "NotoNastaliqUrdu"),
    script_font!("Noto Sans Devanagari", "NotoSansDevanagari"),
    script_font!("Noto Sans Bengali", "NotoSansBengali"),
    script_font!("Noto Sans Gurmukhi", "NotoSansGurmukhi"),
    script_font!("Noto Sans Gujarati", "NotoSansGujarati"),
    script_font!("Noto Sans Tamil", "NotoSansTamil"),
    script_font!("Noto Sans Malayalam", "NotoSansMalayalam", regular),
    script_font!("Noto Sans Sinhala", "NotoSansSinhala", regular),
    script_font!("Noto Sans Ethiopic", "NotoSansEthiopic", regular),
    script_font!("Noto Sans Symbols2", "NotoSansSymbols2", regular),
    script_font!("Noto Emoji", "NotoEmoji", regular),
];

/// The family that sets Urdu.
pub const NASTALIQ: &str = "Noto Nastaliq Urdu";

/// True for a language whose Arabic script is written in Nastaliq: Urdu, and Panjabi in
/// Shahmukhi.
pub fn is_nastaliq_language(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    matches!(primary.to_ascii_lowercase().as_str(), "ur" | "pnb" | "skr")
        || language.to_ascii_lowercase().contains("-arab") && primary.eq_ignore_ascii_case("pa")
}

/// The regular face's own line height (ascent, descent and line gap) in font sizes.
pub fn line_height_em(typeface: Typeface) -> f64 {
    skrifa::FontRef::new(files(typeface)[0])
        .map(|font| {
            let metrics = font.metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            );
            let units = f64::from(metrics.units_per_em.max(1));
            f64::from(metrics.ascent - metrics.descent + metrics.leading) / units
        })
        .unwrap_or(1.15)
}

/// What the font's own line height is multiplied by to set lines at the typeface's pitch.
pub fn line_spacing(typeface: Typeface) -> f64 {
    typeface.line_pitch_em() / line_height_em(typeface)
}

/// The characters a font has, as sorted ranges of code points.
#[derive(Debug, Clone, Default)]
pub(crate) struct Coverage(Vec<(u32, u32)>);

impl Coverage {
    /// The characters of face `index` of the font file `data`; none when it does not read.
    pub(crate) fn of(data: &[u8], index: u32) -> Self {
        let Ok(font) = skrifa::FontRef::from_index(data, index) else {
            return Self::default();
        };
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for (code, glyph) in font.charmap().mappings() {
            if glyph.to_u32() == 0 {
                continue;
            }
            match ranges.last_mut() {
                Some((_, last)) if *last + 1 == code => *last = code,
                Some((_, last)) if *last >= code => {}
                _ => ranges.push((code, code)),
            }
        }
        ranges.sort_unstable();
        Self(ranges)
    }

    /// True when the font has `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        let code = u32::from(c);
        let at = self.0.partition_point(|(_, last)| *last < code);
        self.0.get(at).is_some_and(|(first, _)| *first <= code)
    }
}

/// The characters of a typeface's regular face, read the first time they are asked for: a
/// plan in English reads one font's map, not all sixteen.
fn typeface_coverage(typeface: Typeface) -> &'static Coverage {
    static COVERAGE: [OnceLock<Coverage>; Typeface::ALL.len()] =
        [const { OnceLock::new() }; Typeface::ALL.len()];
    COVERAGE[typeface.index()].get_or_init(|| Coverage::of(files(typeface)[0], 0))
}

/// The characters of the regular face of the `at`-th of [`SCRIPT_FONTS`], read the first time
/// they are asked for.
fn script_coverage(at: usize) -> &'static Coverage {
    static COVERAGE: [OnceLock<Coverage>; SCRIPT_FONTS.len()] =
        [const { OnceLock::new() }; SCRIPT_FONTS.len()];
    COVERAGE[at].get_or_init(|| Coverage::of(SCRIPT_FONTS[at].faces[0], 0))
}

/// True when a bundled typeface has `c`.
fn typefaces_have(c: char) -> bool {
    Typeface::ALL.iter().any(|t| typeface_coverage(*t).has(c))
}

/// True for an invisible character that shapes its neighbours and prints nothing itself: the
/// zero-width joiner and non-joiner, which Persian, Sinhala and emoji sequences need.
pub fn is_invisible_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// True when the PDF can print `c`, whatever the document's typeface: a bundled typeface has it
/// (text falls back from its own typeface to the others: Liberation Sans for the Greek and
/// Cyrillic OpenDyslexic lacks, Andika for ⇒, ₹ and ⅕), or a bundled script, symbol or emoji
/// font, or one of the school's own fonts in `dir`.
pub fn can_print(c: char, dir: Option<&FontDir>) -> bool {
    if c.is_ascii() || c.is_control() || c.is_whitespace() || is_invisible_joiner(c) {
        return true;
    }
    typefaces_have(c)
        || (0..SCRIPT_FONTS.len()).any(|at| script_coverage(at).has(c))
        || dir.is_some_and(|dir| dir.faces.iter().any(|face| face.coverage.has(c)))
}

/// The family of the bundled script, symbol or emoji font that prints `c` when the typefaces
/// do not: what a word processor is told to set it in.
pub fn script_family(c: char) -> Option<&'static str> {
    if typefaces_have(c) {
        return None;
    }
    (0..SCRIPT_FONTS.len())
        .find(|&at| script_coverage(at).has(c))
        .map(|at| SCRIPT_FONTS[at].family)
}

/// The most font files a folder given with `--font-dir` may hold: far beyond a few fonts for
/// Chinese, Japanese and Korean, and a bound on what is read.
pub const MAX_DIR_FONTS: usize = 64;
/// The most bytes of fonts a font folder may hold in all, every file together: room for Noto's
/// sans and serif CJK collections. The folder's fonts are held in memory for a whole run, so
/// this bounds the memory they take whatever the folder holds; the sizes are read before any
/// file is.
pub const MAX_DIR_BYTES: u64 = 64 * 1024 * 1024;
/// The most faces a font folder may hold in all, each face of a collection (`.ttc`) counted:
/// what each prints is read when the folder is, and a run must not wait on thousands of them.
pub const MAX_DIR_FACES: usize = 64;

/// A school's own fonts, read from a folder (`--font-dir`): for the scripts no bundled font
/// prints, such as Chinese, Japanese or Korean. The PDF tries them after the bundled
/// fonts.
#[derive(Debug, Clone)]
pub struct FontDir {
    /// Tells font folders apart, so that the fonts prepared for one are not used for another.
    pub(crate) id: u64,
    pub(crate) faces: Vec<DirFace>,
    /// The faces passed over as broken, each with why.
    skipped: Vec<String>,
}

/// One face of a font file in a font folder.
#[derive(Debug, Clone)]
pub(crate) struct DirFace {
    pub data: Arc<Vec<u8>>,
    pub index: u32,
    pub coverage: Coverage,
}

/// Why a font folder could not be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FontDirError {
    /// The folder could not be read.
    #[error("cannot read the font folder {}", path.display())]
    Read {
        /// The folder.
        path: std::path::PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The folder holds no font file iep can read.
    #[error("the font folder {} holds no TrueType or OpenType font (.ttf, .otf, .ttc) that iep can use{}", path.display(), left_out(skipped))]
    NoFonts {
        /// The folder.
        path: std::path::PathBuf,
        /// The faces passed over as broken, each with why.
        skipped: Vec<String>,
    },
    /// The folder holds more font files than a font folder may.
    #[error("the font folder {} holds more than {MAX_DIR_FONTS} font files", .0.display())]
    TooMany(std::path::PathBuf),
    /// The folder's fonts are larger, all together, than a font folder's may be.
    #[error("the fonts in the font folder {} are larger than {} MiB in all: give a folder with only the fonts the plans need", .0.display(), MAX_DIR_BYTES / 1024 / 1024)]
    TooLarge(std::path::PathBuf),
    /// The folder's fonts hold more faces than a font folder's may.
    #[error("the fonts in the font folder {} hold more than {MAX_DIR_FACES} faces in all (each face of a collection counts): give a folder with only the fonts the plans need", .0.display())]
    TooManyFaces(std::path::PathBuf),
}

impl FontDir {
    /// Reads the font files (`.ttf`, `.otf`, `.ttc`, `.otc`) directly in `folder`: regular files
    /// only, at most 64 of them, 64 MB and 64 faces in all. A
    /// file that is no font is passed over, and so is a face no PDF could be written with (see
    /// [`FontDir::skipped`]).
    pub fn load(folder: &Path) -> Result<Self, crate::Error> {
        Self::load_from(&crate::files::FileSystem, folder)
    }

    /// [`FontDir::load`] from `files`: a program that holds a school's fonts in memory gives
    /// them as [`MemoryFiles`](crate::files::MemoryFiles).
    pub fn load_from(files: &dyn Files, folder: &Path) -> Result<Self, crate::Error> {
        Self::read_folder(files, folder).map_err(crate::Error::from)
    }

    /// [`FontDir::load_from`], or why not.
    fn read_folder(files: &dyn Files, folder: &Path) -> Result<Self, FontDirError> {
        let mut fonts: Vec<(std::path::PathBuf, u64)> = files
            .list(folder)
            .map_err(|source| FontDirError::Read {
                path: folder.to_owned(),
                source,
            })?
            .into_iter()
            .filter(|(path, _)| {
                path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "ttf" | "otf" | "ttc" | "otc"
                    )
                })
            })
            .collect();
        if fonts.len() > MAX_DIR_FONTS {
            return Err(FontDirError::TooMany(folder.to_owned()));
        }
        // The same folder gives the same fonts in the same order, whatever the file system's.
        fonts.sort();
        // The sizes first: a folder over the budget is refused before a byte of it is read.
        let sizes: u64 = fonts.iter().map(|(_, size)| size).sum();
        if sizes > MAX_DIR_BYTES {
            return Err(FontDirError::TooLarge(folder.to_owned()));
        }
        let mut files_read = Vec::new();
        let mut left = MAX_DIR_BYTES;
        for (path, _) in fonts {
            match files.read(&path, left) {
                Ok(bytes) => {
                    left -= bytes.len() as u64;
                    let count =
                        skrifa::raw::FileRef::new(&bytes).map_or(0, |file| file.fonts().count());
                    files_read.push((path, Arc::new(bytes), count));
                }
                // A file grown since its size was read.
                Err(Refused::TooLarge) => {
                    return Err(FontDirError::TooLarge(folder.to_owned()));
                }
                Err(_) => {}
            }
        }
        let files = files_read;
        if files.iter().map(|(_, _, count)| count).sum::<usize>() > MAX_DIR_FACES {
            return Err(FontDirError::TooManyFaces(folder.to_owned()));
        }
        let mut faces = Vec::new();
        let mut skipped = Vec::new();
        for (path, data, count) in files {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            for index in 0..count as u32 {
                if let Some(why) = unusable(&data, index) {
                    let face = if count > 1 {
                        format!(" (face {})", index + 1)
                    } else {
                        String::new()
                    };
                    skipped.push(format!("{name}{face}: {why}"));
                    continue;
                }
                let coverage = Coverage::of(&data, index);
                if !coverage.0.is_empty() {
                    faces.push(DirFace {
                        data: Arc::clone(&data),
                        index,
                        coverage,
                    });
                }
            }
        }
        if faces.is_empty() {
            return Err(FontDirError::NoFonts {
                path: folder.to_owned(),
                skipped,
            });
        }
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Ok(Self {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            faces,
            skipped,
        })
    }

    /// The faces passed over because no PDF could be written with them, each as its file's name
    /// and why ("bad.ttf: its units per em are 0, outside 16 to 16384"): say each once.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }
}

/// The faces passed over, for a message: "; left out: bad.ttf: its units per em are 0".
fn left_out(skipped: &[String]) -> String {
    if skipped.is_empty() {
        String::new()
    } else {
        format!("; left out: {}", skipped.join("; "))
    }
}

/// Why face `index` of the font file `data` cannot be used in a PDF, if it cannot: the
/// measurements the PDF's font description is worked out from (units per em, the bounding box)
/// must make sense, or the PDF library cannot describe the font.
fn unusable(data: &[u8], index: u32) -> Option<String> {
    let Ok(font) = skrifa::FontRef::from_index(data, index) else {
        return Some("it cannot be read as a font".into());
    };
    let Ok(head) = font.head() else {
        return Some("it has no `head` table".into());
    };
    let units = head.units_per_em();
    if !(16..=16384).contains(&units) {
        return Some(format!("its units per em are {units}, outside 16 to 16384"));
    }
    if head.x_min() > head.x_max() || head.y_min() > head.y_max() {
        return Some("its bounding box is inside out".into());
    }
    let metrics = font.metrics(
        skrifa::instance::Size::unscaled(),
        skrifa::instance::LocationRef::default(),
    );
    let finite = [metrics.ascent, metrics.descent, metrics.italic_angle]
        .into_iter()
        .chain(metrics.cap_height)
        .all(f32::is_finite);
    (!finite).then(|| "its ascent, descent, cap height or italic angle is not a number".into())
}
