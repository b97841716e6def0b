//! WordprocessingML written by construction: a small element writer over quick-xml, and the
//! property groups iep sets, each a struct whose `write` puts its children in the order of its
//! schema sequence (ECMA-376 Part 1, transitional), so no element can come out of order. Every
//! length is a whole number of twips (twentieths of a point) or EMUs.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// The namespaces of the parts: WordprocessingML, relationships, and DrawingML for pictures.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";

/// An XML part being written. Writing into memory cannot fail, but quick-xml's writer says it
/// might: the first error is kept and returned by [`Xml::finish`].
pub struct Xml {
    writer: Writer<Vec<u8>>,
    error: Option<std::io::Error>,
}

impl Xml {
    /// A part, opened with its XML declaration.
    pub fn new() -> Self {
        let mut xml = Self {
            writer: Writer::new(Vec::with_capacity(16 * 1024)),
            error: None,
        };
        xml.event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        if self.error.is_none()
            && let Err(error) = self.writer.write_event(event)
        {
            self.error = Some(error);
        }
    }

    fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for &attribute in attributes {
            start.push_attribute(attribute);
        }
        start
    }

    /// Opens `name`; [`Xml::close`] ends it.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attributes)));
    }

    /// Ends the element `name`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// An element with no content.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start(name, attributes)));
    }

    /// An element with no content whose attributes are all numbers.
    pub fn empty_numbers(&mut self, name: &str, attributes: &[(&str, u32)]) {
        let values: Vec<String> = attributes.iter().map(|(_, v)| v.to_string()).collect();
        let attributes: Vec<(&str, &str)> = attributes
            .iter()
            .zip(&values)
            .map(|((name, _), value)| (*name, value.as_str()))
            .collect();
        self.empty(name, &attributes);
    }

    /// An element with a `w:val` attribute of a number, as most of WordprocessingML's are.
    pub fn value(&mut self, name: &str, value: impl std::fmt::Display) {
        self.empty(name, &[("w:val", &value.to_string())]);
    }

    /// An element holding text, escaped. Characters XML 1.0 cannot hold (control characters
    /// but tab, line feed and carriage return) are left out: [`crate::text::clean`] has already
    /// dropped them from a plan's text, and a document built in code must not make the part
    /// unreadable.
    pub fn text_element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        let allowed = |c: char| {
            (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        };
        if text.chars().all(allowed) {
            self.event(Event::Text(BytesText::new(text)));
        } else {
            let kept: String = text.chars().filter(|c| allowed(*c)).collect();
            self.event(Event::Text(BytesText::new(&kept)));
        }
        self.close(name);
    }

    /// The part's bytes.
    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.writer.into_inner()),
        }
    }
}

/// A length in twips as WordprocessingML writes it.
pub type Twips = u32;

/// Twips in a millimetre.
pub const TWIPS_PER_MM: f32 = 1440.0 / 25.4;

/// `mm` in whole twips.
pub fn twips(mm: f32) -> Twips {
    (mm * TWIPS_PER_MM).round().max(0.0) as Twips
}

/// How a paragraph sits between its margins (`w:jc`); the start edge is the default and is not
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jc {
    Center,
    Right,
}

/// A tab stop (`w:tab`) in a paragraph's `w:tabs`.
#[derive(Debug, Clone, Copy)]
pub enum TabStop {
    Center(Twips),
    Right(Twips),
}

/// Line spacing (`w:spacing`): space before and after in twips, and the line as `Auto(240ths
/// of a line)` or `Exact(twips)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spacing {
    pub before: Option<Twips>,
    pub after: Option<Twips>,
    pub line: Option<Line>,
}

/// The height of a paragraph's lines.
#[derive(Debug, Clone, Copy)]
pub enum Line {
    /// In 240ths of the font's own line: 240 is single spacing.
    Auto(u32),
    /// Exactly this many twips.
    Exact(Twips),
}

impl Spacing {
    fn write(&self, xml: &mut Xml) {
        let before = self.before.map(|v| v.to_string());
        let after = self.after.map(|v| v.to_string());
        let (line, rule) = match self.line {
            Some(Line::Auto(v)) => (Some(v.to_string()), Some("auto")),
            Some(Line::Exact(v)) => (Some(v.to_string()), Some("exact")),
            None => (None, None),
        };
        let mut attributes = Vec::new();
        if let Some(before) = &before {
            attributes.push(("w:before", before.as_str()));
        }
        if let Some(after) = &after {
            attributes.push(("w:after", after.as_str()));
        }
        if let (Some(line), Some(rule)) = (&line, rule) {
            attributes.push(("w:line", line.as_str()));
            attributes.push(("w:lineRule", rule));
        }
        xml.empty("w:spacing", &attributes);
    }
}

/// Run properties (`w:rPr`, CT_RPr), in its sequence: rStyle, rFonts, b, bCs, i, iCs, ... sz,
/// szCs, ... rtl, cs, em, lang.
#[derive(Debug, Clone, Default)]
pub struct RunProperties<'a> {
    /// The font of the run's complex-script text (`w:rFonts w:cs`); the others are the
    /// document's.
    pub complex_font: Option<&'a str>,
    pub bold: bool,
    pub italic: bool,
    /// In half points.
    pub half_points: Option<u32>,
    /// The run reads right to left (`w:rtl`).
    pub rtl: bool,
    /// The language of the text, and whether it is one of a complex script (`w:lang w:bidi`)
    /// rather than of Latin, Greek or Cyrillic (`w:lang w:val`).
    pub lang: Option<(&'a str, bool)>,
}

impl RunProperties<'_> {
    pub fn is_empty(&self) -> bool {
        self.complex_font.is_none()
            && !self.bold
            && !self.italic
            && self.half_points.is_none()
            && !self.rtl
            && self.lang.is_none()
    }

    /// Writes `w:rPr`, nothing when there is nothing to say.
    pub fn write(&self, xml: &mut Xml) {
        if self.is_empty() {
            return;
        }
        xml.open("w:rPr", &[]);
        if let Some(font) = self.complex_font {
            xml.empty("w:rFonts", &[("w:cs", font)]);
        }
        if self.bold {
            xml.empty("w:b", &[]);
            xml.empty("w:bCs", &[]);
        }
        if self.italic {
            xml.empty("w:i", &[]);
            xml.empty("w:iCs", &[]);
        }
        if let Some(half_points) = self.half_points {
            xml.value("w:sz", half_points);
            xml.value("w:szCs", half_points);
        }
        if self.rtl {
            xml.empty("w:rtl", &[]);
        }
        if let Some((lang, complex)) = self.lang {
            let attribute = if complex { "w:bidi" } else { "w:val" };
            xml.empty("w:lang", &[(attribute, lang)]);
        }
        xml.close("w:rPr");
    }
}

/// Paragraph properties (`w:pPr`, CT_PPr), in its sequence: pStyle, keepNext, keepLines, ...
/// tabs, ... bidi, ... spacing, ind, ... jc, ... outlineLvl, then the paragraph mark's rPr.
#[derive(Debug, Clone, Default)]
pub struct ParagraphProperties<'a> {
    pub style: Option<&'a str>,
    /// On the same page as the next paragraph, or (`Some(false)`) not, whatever the style says.
    pub keep_next: Option<bool>,
    /// All its lines on one page.
    pub keep_lines: bool,
    pub tabs: Vec<TabStop>,
    /// A right-to-left paragraph (`w:bidi`).
    pub bidi: bool,
    pub spacing: Option<Spacing>,
    pub jc: Option<Jc>,
    /// A heading's level in the document's outline, from 0.
    pub outline_level: Option<u8>,
    /// The properties of the paragraph mark, which set the height of an empty paragraph.
    pub mark: RunProperties<'a>,
}

impl ParagraphProperties<'_> {
    pub fn write(&self, xml: &mut Xml) {
        let empty = self.style.is_none()
            && self.keep_next.is_none()
            && !self.keep_lines
            && self.tabs.is_empty()
            && !self.bidi
            && self.spacing.is_none()
            && self.jc.is_none()
            && self.outline_level.is_none()
            && self.mark.is_empty();
        if empty {
            return;
        }
        xml.open("w:pPr", &[]);
        if let Some(style) = self.style {
            xml.empty("w:pStyle", &[("w:val", style)]);
        }
        match self.keep_next {
            Some(true) => xml.empty("w:keepNext", &[]),
            Some(false) => xml.empty("w:keepNext", &[("w:val", "0")]),
            None => {}
        }
        if self.keep_lines {
            xml.empty("w:keepLines", &[]);
        }
        if !self.tabs.is_empty() {
            xml.open("w:tabs", &[]);
            for tab in &self.tabs {
                let (kind, at) = match *tab {
                    TabStop::Center(at) => ("center", at),
                    TabStop::Right(at) => ("right", at),
                };
                xml.empty("w:tab", &[("w:val", kind), ("w:pos", &at.to_string())]);
            }
            xml.close("w:tabs");
        }
        if self.bidi {
            xml.empty("w:bidi", &[]);
        }
        if let Some(spacing) = &self.spacing {
            spacing.write(xml);
        }
        if let Some(jc) = self.jc {
            let value = match jc {
                Jc::Center => "center",
                Jc::Right => "right",
            };
            xml.empty("w:jc", &[("w:val", value)]);
        }
        if let Some(level) = self.outline_level {
            xml.value("w:outlineLvl", level);
        }
        self.mark.write(xml);
        xml.close("w:pPr");
    }
}

/// Where a cell's content sits (`w:vAlign`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Center,
    Bottom,
}

/// Cell properties (`w:tcPr`, CT_TcPr), in its sequence: tcW, gridSpan, ... shd, ... vAlign.
#[derive(Debug, Clone)]
pub struct CellProperties<'a> {
    pub width: Twips,
    pub span: usize,
    /// The fill colour, as RRGGBB.
    pub fill: Option<&'a str>,
    pub valign: VAlign,
}

impl CellProperties<'_> {
    pub fn write(&self, xml: &mut Xml) {
        xml.open("w:tcPr", &[]);
        xml.empty(
            "w:tcW",
            &[("w:w", &self.width.to_string()), ("w:type", "dxa")],
        );
        if self.span > 1 {
            xml.value("w:gridSpan", self.span);
        }
        if let Some(fill) = self.fill {
            xml.empty(
                "w:shd",
                &[("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)],
            );
        }
        let valign = match self.valign {
            VAlign::Top => None,
            VAlign::Center => Some("center"),
            VAlign::Bottom => Some("bottom"),
        };
        if let Some(valign) = valign {
            xml.empty("w:vAlign", &[("w:val", valign)]);
        }
        xml.close("w:tcPr");
    }
}

/// Row properties (`w:trPr`, CT_TrPr: a choice, in any order).
#[derive(Debug, Clone, Default)]
pub struct RowProperties {
    /// The row is never split across two pages (`w:cantSplit`).
    pub cant_split: bool,
    /// The least height, in twips (`w:trHeight w:hRule="atLeast"`), or with `exact` its
    /// height (`w:hRule="exact"`).
    pub min_height: Option<Twips>,
    pub exact: bool,
    /// The row repeats at the top of each page the table runs onto (`w:tblHeader`).
    pub header: bool,
}

impl RowProperties {
    pub fn write(&self, xml: &mut Xml) {
        if !self.cant_split && self.min_height.is_none() && !self.header {
            return;
        }
        xml.open("w:trPr", &[]);
        if self.cant_split {
            xml.empty("w:cantSplit", &[]);
        }
        if let Some(height) = self.min_height {
            xml.empty(
                "w:trHeight",
                &[
                    ("w:val", &height.to_string()),
                    ("w:hRule", if self.exact { "exact" } else { "atLeast" }),
                ],
            );
        }
        if self.header {
            xml.empty("w:tblHeader", &[]);
        }
        xml.close("w:trPr");
    }
}

/// Table properties (`w:tblPr`, CT_TblPr), in its sequence: tblW, ... tblBorders, ...
/// tblLayout, tblCellMar.
#[derive(Debug, Clone)]
pub struct TableProperties {
    pub width: Twips,
    /// Single lines of this width, in eighths of a point, around and between the cells; no
    /// lines when `None`.
    pub borders: Option<u32>,
    /// The room between each cell's border and its content, all round.
    pub padding: Twips,
}

impl TableProperties {
    pub fn write(&self, xml: &mut Xml) {
        xml.open("w:tblPr", &[]);
        xml.empty(
            "w:tblW",
            &[("w:w", &self.width.to_string()), ("w:type", "dxa")],
        );
        // CT_TblBorders: top, left, bottom, right, insideH, insideV.
        xml.open("w:tblBorders", &[]);
        let size = self.borders.map(|eighths| eighths.to_string());
        for side in [
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ] {
            match &size {
                Some(size) => xml.empty(
                    side,
                    &[
                        ("w:val", "single"),
                        ("w:sz", size),
                        ("w:space", "0"),
                        ("w:color", "000000"),
                    ],
                ),
                None => xml.empty(side, &[("w:val", "nil")]),
            }
        }
        xml.close("w:tblBorders");
        xml.empty("w:tblLayout", &[("w:type", "fixed")]);
        // CT_TblCellMar: top, left, bottom, right.
        xml.open("w:tblCellMar", &[]);
        let padding = self.padding.to_string();
        for side in ["w:top", "w:left", "w:bottom", "w:right"] {
            xml.empty(side, &[("w:w", &padding), ("w:type", "dxa")]);
        }
        xml.close("w:tblCellMar");
        xml.close("w:tblPr");
    }
}
