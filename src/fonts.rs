//! The bundled fonts, compiled in: the typefaces every renderer knows, their files (licences and
//! sources in fonts/README.md), the characters they have and the pitch their lines are set at.

use std::sync::OnceLock;

use serde::Serialize;

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

/// The face index of a style.
pub fn face(bold: bool, italic: bool) -> usize {
    usize::from(bold) + 2 * usize::from(italic)
}

/// The font files of a typeface, one per face (licences and sources in fonts/README.md).
pub(crate) fn files(typeface: Typeface) -> [&'static [u8]; FACES] {
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

/// The PostScript names of a typeface's faces, which PDF readers show in a file's font list.
pub fn postscript_names(typeface: Typeface) -> [&'static str; FACES] {
    match typeface {
        Typeface::LiberationSans => [
            "LiberationSans",
            "LiberationSans-Bold",
            "LiberationSans-Italic",
            "LiberationSans-BoldItalic",
        ],
        Typeface::Andika => [
            "Andika",
            "Andika-Bold",
            "Andika-Italic",
            "Andika-BoldItalic",
        ],
        Typeface::OpenDyslexic => [
            "OpenDyslexic-Regular",
            "OpenDyslexic-Bold",
            "OpenDyslexic-Italic",
            "OpenDyslexic-BoldItalic",
        ],
    }
}

type Parsed = [Option<rusttype::Font<'static>>; FACES];

/// A typeface's faces parsed once, when first needed, to look glyphs up.
pub(crate) fn parsed(typeface: Typeface) -> &'static Parsed {
    static FONTS: [OnceLock<Parsed>; Typeface::ALL.len()] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = Typeface::ALL
        .iter()
        .position(|t| *t == typeface)
        .unwrap_or(0);
    FONTS[slot].get_or_init(|| files(typeface).map(|bytes| rusttype::Font::from_bytes(bytes).ok()))
}

/// The regular face's own line height (ascent, descent and line gap) in font sizes.
pub fn line_height_em(typeface: Typeface) -> f64 {
    parsed(typeface)[0]
        .as_ref()
        .map(|font| {
            let metrics = font.v_metrics_unscaled();
            let units = f64::from(font.units_per_em().max(1));
            f64::from(metrics.ascent - metrics.descent + metrics.line_gap) / units
        })
        .unwrap_or(1.15)
}

/// What the font's own line height is multiplied by to set lines at the typeface's pitch.
pub fn line_spacing(typeface: Typeface) -> f64 {
    typeface.line_pitch_em() / line_height_em(typeface)
}

/// True when the face has a glyph for `c`.
pub fn has_glyph(typeface: Typeface, face: usize, c: char) -> bool {
    parsed(typeface)[face]
        .as_ref()
        .is_some_and(|font| font.glyph(c).id().0 != 0)
}
