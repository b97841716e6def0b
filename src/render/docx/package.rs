//! The package around the document: the parts Word writes beside it (styles, settings, theme,
//! core and app properties), the relationships and content types that name them, and the zip
//! that holds them, the same bytes on every render.

use std::io::Write;

use super::xml::{self, Line, ParagraphProperties, RunProperties, Spacing, Xml};
use crate::document::{Background, Document};

/// One file of the package: its name in the zip and its bytes.
pub struct Part {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The heading styles: id, name and size in half points; the level is the id's digit.
pub const HEADINGS: [(&str, &str, u32); 3] = [
    ("Heading1", "heading 1", 32),
    ("Heading2", "heading 2", 26),
    ("Heading3", "heading 3", 22),
];

const CONTENT_TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const PACKAGE_RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// A relationship of a part to another: its id, its type (the last word of the type's address)
/// and the part it names.
pub struct Related {
    pub id: String,
    pub kind: &'static str,
    pub target: String,
}

/// Zips the parts: deflated at level 1 (a third of the default's time for a few hundred bytes)
/// with the zip format's earliest timestamp, so that the same document gives the same bytes.
pub fn zip(parts: &[Part]) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    for part in parts {
        out.start_file(part.name.as_str(), options)?;
        out.write_all(&part.bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// `[Content_Types].xml`: the type of every part, by extension for pictures and relationships.
pub fn content_types(header: bool, footer: bool) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open("Types", &[("xmlns", CONTENT_TYPES)]);
    for (extension, kind) in [
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
        ("png", "image/png"),
    ] {
        xml.empty(
            "Default",
            &[("Extension", extension), ("ContentType", kind)],
        );
    }
    let mut overrides = vec![
        ("/word/document.xml", format!("{MAIN}.document.main+xml")),
        ("/word/styles.xml", format!("{MAIN}.styles+xml")),
        ("/word/settings.xml", format!("{MAIN}.settings+xml")),
        ("/word/fontTable.xml", format!("{MAIN}.fontTable+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".to_owned(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        ),
    ];
    if header {
        overrides.push(("/word/header1.xml", format!("{MAIN}.header+xml")));
    }
    if footer {
        overrides.push(("/word/footer1.xml", format!("{MAIN}.footer+xml")));
    }
    for (part, kind) in &overrides {
        xml.empty("Override", &[("PartName", part), ("ContentType", kind)]);
    }
    xml.close("Types");
    xml.finish()
}

/// `_rels/.rels`: the document and its two property parts.
pub fn package_relationships() -> std::io::Result<Vec<u8>> {
    relationships(&[
        Related {
            id: "rId1".into(),
            kind: "officeDocument",
            target: "word/document.xml".into(),
        },
        Related {
            id: "rId2".into(),
            kind: "core-properties",
            target: "docProps/core.xml".into(),
        },
        Related {
            id: "rId3".into(),
            kind: "extended-properties",
            target: "docProps/app.xml".into(),
        },
    ])
}

/// A relationships part. The core properties' type is the package's own; the others are Office
/// document relationships.
pub fn relationships(related: &[Related]) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open("Relationships", &[("xmlns", PACKAGE_RELATIONSHIPS)]);
    for relation in related {
        let kind = if relation.kind == "core-properties" {
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_owned()
        } else {
            format!("{OFFICE_RELATIONSHIP}/{}", relation.kind)
        };
        xml.empty(
            "Relationship",
            &[
                ("Id", &relation.id),
                ("Type", &kind),
                ("Target", &relation.target),
            ],
        );
    }
    xml.close("Relationships");
    xml.finish()
}

/// `word/styles.xml`: the defaults every paragraph and run starts from (the typeface, body size,
/// line pitch and the document's language), and the styles the document names.
pub fn styles(document: &Document) -> std::io::Result<Vec<u8>> {
    let family = document.typeface.family();
    let mut xml = Xml::new();
    xml.open("w:styles", &[("xmlns:w", xml::W)]);
    xml.open("w:docDefaults", &[]);
    xml.open("w:rPrDefault", &[]);
    xml.open("w:rPr", &[]);
    xml.empty(
        "w:rFonts",
        &[
            ("w:ascii", family),
            ("w:hAnsi", family),
            ("w:eastAsia", family),
            ("w:cs", family),
        ],
    );
    let half_points = u32::from(super::body::BODY_POINTS) * 2;
    xml.value("w:sz", half_points);
    xml.value("w:szCs", half_points);
    language(&mut xml, &document.meta.language);
    xml.close("w:rPr");
    xml.close("w:rPrDefault");
    xml.open("w:pPrDefault", &[]);
    // Lines at the typeface's pitch, as in the PDF, and no space between paragraphs but what
    // the document asks for.
    ParagraphProperties {
        spacing: Some(Spacing {
            before: Some(0),
            after: Some(0),
            line: Some(Line::Auto(
                (240.0 * crate::fonts::line_spacing(document.typeface)).round() as u32,
            )),
        }),
        ..ParagraphProperties::default()
    }
    .write(&mut xml);
    xml.close("w:pPrDefault");
    xml.close("w:docDefaults");

    xml.open(
        "w:style",
        &[
            ("w:type", "paragraph"),
            ("w:default", "1"),
            ("w:styleId", "Normal"),
        ],
    );
    xml.empty("w:name", &[("w:val", "Normal")]);
    xml.empty("w:qFormat", &[]);
    xml.close("w:style");
    for (level, (id, name, half_points)) in HEADINGS.iter().enumerate() {
        // CT_Style: name, basedOn, next, uiPriority, qFormat, pPr, rPr.
        xml.open("w:style", &[("w:type", "paragraph"), ("w:styleId", id)]);
        xml.empty("w:name", &[("w:val", name)]);
        xml.empty("w:basedOn", &[("w:val", "Normal")]);
        xml.empty("w:next", &[("w:val", "Normal")]);
        xml.value("w:uiPriority", 9);
        xml.empty("w:qFormat", &[]);
        // The PDF's room above a heading (but the title) and below it.
        let gap = xml::twips(super::body::HEADING_GAP_MM);
        ParagraphProperties {
            keep_next: Some(true),
            keep_lines: true,
            spacing: Some(Spacing {
                before: Some(if level == 0 { 0 } else { gap }),
                after: Some(gap),
                line: None,
            }),
            outline_level: Some(level as u8),
            ..ParagraphProperties::default()
        }
        .write(&mut xml);
        // A style's rPr (CT_RPrStyle) holds neither rtl nor lang: bold and size only.
        RunProperties {
            bold: true,
            half_points: Some(*half_points),
            ..RunProperties::default()
        }
        .write(&mut xml);
        xml.close("w:style");
    }
    xml.open(
        "w:style",
        &[
            ("w:type", "table"),
            ("w:default", "1"),
            ("w:styleId", "TableNormal"),
        ],
    );
    xml.empty("w:name", &[("w:val", "Normal Table")]);
    xml.value("w:uiPriority", 99);
    xml.empty("w:semiHidden", &[]);
    xml.empty("w:unhideWhenUsed", &[]);
    xml.close("w:style");
    xml.close("w:styles");
    xml.finish()
}

/// The document's language as Word writes it in the default run properties: the language of
/// Latin text; and of complex-script text too when the document is in one (`w:bidi`).
fn language(xml: &mut Xml, lang: &str) {
    if lang.is_empty() {
        return;
    }
    if super::is_complex_language(lang) {
        xml.empty("w:lang", &[("w:val", lang), ("w:bidi", lang)]);
    } else {
        xml.empty("w:lang", &[("w:val", lang)]);
    }
}

/// `word/settings.xml`, in CT_Settings' order: the page colour shown when there is one, the
/// default tab stop, the layout of current Word (not its compatibility mode) and the language
/// of the theme's fonts.
pub fn settings(document: &Document) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open("w:settings", &[("xmlns:w", xml::W)]);
    xml.empty("w:zoom", &[("w:percent", "100")]);
    if document.page.background != Background::White {
        // Word and LibreOffice show a page colour only when the settings ask for it.
        xml.empty("w:displayBackgroundShape", &[]);
    }
    xml.value("w:defaultTabStop", 720);
    xml.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    xml.open("w:compat", &[]);
    xml.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    xml.close("w:compat");
    if !document.meta.language.is_empty() {
        xml.empty("w:themeFontLang", &[("w:val", &document.meta.language)]);
    }
    xml.empty("w:decimalSymbol", &[("w:val", ".")]);
    xml.empty("w:listSeparator", &[("w:val", ",")]);
    xml.close("w:settings");
    xml.finish()
}

/// `word/fontTable.xml`: the fonts the document names, so that Word knows them before it lays
/// the text out, and finds a like one (a sans serif) where one is missing.
pub fn font_table(fonts: &std::collections::BTreeSet<&str>) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open("w:fonts", &[("xmlns:w", xml::W)]);
    for font in fonts {
        // CT_Font: family, then pitch. The bundled faces are sans serif but for the Arabic
        // script's Naskh and Nastaliq.
        xml.open("w:font", &[("w:name", font)]);
        let family = if font.contains("Naskh") || font.contains("Nastaliq") {
            "auto"
        } else {
            "swiss"
        };
        xml.empty("w:family", &[("w:val", family)]);
        xml.empty("w:pitch", &[("w:val", "variable")]);
        xml.close("w:font");
    }
    xml.close("w:fonts");
    xml.finish()
}

/// `word/theme/theme1.xml`: Office's colours, and the document's typeface as the theme's fonts,
/// so that text Word adds in a theme font matches the rest.
pub fn theme(document: &Document) -> std::io::Result<Vec<u8>> {
    let family = document.typeface.family();
    let mut xml = Xml::new();
    xml.open("a:theme", &[("xmlns:a", xml::A), ("name", "iep")]);
    xml.open("a:themeElements", &[]);
    xml.open("a:clrScheme", &[("name", "Office")]);
    xml.open("a:dk1", &[]);
    xml.empty("a:sysClr", &[("val", "windowText"), ("lastClr", "000000")]);
    xml.close("a:dk1");
    xml.open("a:lt1", &[]);
    xml.empty("a:sysClr", &[("val", "window"), ("lastClr", "FFFFFF")]);
    xml.close("a:lt1");
    for (name, colour) in [
        ("a:dk2", "44546A"),
        ("a:lt2", "E7E6E6"),
        ("a:accent1", "4472C4"),
        ("a:accent2", "ED7D31"),
        ("a:accent3", "A5A5A5"),
        ("a:accent4", "FFC000"),
        ("a:accent5", "5B9BD5"),
        ("a:accent6", "70AD47"),
        ("a:hlink", "0563C1"),
        ("a:folHlink", "954F72"),
    ] {
        xml.open(name, &[]);
        xml.empty("a:srgbClr", &[("val", colour)]);
        xml.close(name);
    }
    xml.close("a:clrScheme");
    xml.open("a:fontScheme", &[("name", "iep")]);
    for scheme in ["a:majorFont", "a:minorFont"] {
        xml.open(scheme, &[]);
        xml.empty("a:latin", &[("typeface", family)]);
        xml.empty("a:ea", &[("typeface", "")]);
        xml.empty("a:cs", &[("typeface", "")]);
        xml.close(scheme);
    }
    xml.close("a:fontScheme");
    // Three of each style, as the schema asks: plain fills, hairlines, no effects.
    xml.open("a:fmtScheme", &[("name", "Office")]);
    let fill = |xml: &mut Xml| {
        xml.open("a:solidFill", &[]);
        xml.empty("a:schemeClr", &[("val", "phClr")]);
        xml.close("a:solidFill");
    };
    xml.open("a:fillStyleLst", &[]);
    (0..3).for_each(|_| fill(&mut xml));
    xml.close("a:fillStyleLst");
    xml.open("a:lnStyleLst", &[]);
    for width in ["6350", "12700", "19050"] {
        xml.open(
            "a:ln",
            &[
                ("w", width),
                ("cap", "flat"),
                ("cmpd", "sng"),
                ("algn", "ctr"),
            ],
        );
        fill(&mut xml);
        xml.empty("a:prstDash", &[("val", "solid")]);
        xml.empty("a:miter", &[("lim", "800000")]);
        xml.close("a:ln");
    }
    xml.close("a:lnStyleLst");
    xml.open("a:effectStyleLst", &[]);
    for _ in 0..3 {
        xml.open("a:effectStyle", &[]);
        xml.empty("a:effectLst", &[]);
        xml.close("a:effectStyle");
    }
    xml.close("a:effectStyleLst");
    xml.open("a:bgFillStyleLst", &[]);
    (0..3).for_each(|_| fill(&mut xml));
    xml.close("a:bgFillStyleLst");
    xml.close("a:fmtScheme");
    xml.close("a:themeElements");
    xml.empty("a:objectDefaults", &[]);
    xml.empty("a:extraClrSchemeLst", &[]);
    xml.close("a:theme");
    xml.finish()
}

/// `docProps/core.xml`: title, author, subject, language, the credit a licence asks for, and
/// the document's own date (never the clock's).
pub fn core_properties(document: &Document) -> std::io::Result<Vec<u8>> {
    let meta = &document.meta;
    let mut xml = Xml::new();
    xml.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    xml.text_element("dc:title", &[], &meta.title);
    xml.text_element("dc:subject", &[], &meta.subject);
    xml.text_element("dc:creator", &[], &meta.author);
    if let Some(credit) = &meta.credit {
        xml.text_element("dc:description", &[], credit);
    }
    xml.text_element("cp:lastModifiedBy", &[], "iep");
    if let Some(date) = &meta.date {
        let stamp = format!("{date}T00:00:00Z");
        for name in ["dcterms:created", "dcterms:modified"] {
            xml.text_element(name, &[("xsi:type", "dcterms:W3CDTF")], &stamp);
        }
    }
    if !meta.language.is_empty() {
        xml.text_element("dc:language", &[], &meta.language);
    }
    xml.close("cp:coreProperties");
    xml.finish()
}

/// `docProps/app.xml`: the program that wrote the file and the school, as Word's own say.
pub fn app_properties(document: &Document) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    xml.text_element("Application", &[], "iep");
    xml.text_element("DocSecurity", &[], "0");
    xml.text_element("ScaleCrop", &[], "false");
    if !document.meta.author.is_empty() {
        xml.text_element("Company", &[], &document.meta.author);
    }
    xml.text_element("LinksUpToDate", &[], "false");
    xml.text_element("SharedDoc", &[], "false");
    xml.text_element("HyperlinksChanged", &[], "false");
    xml.close("Properties");
    xml.finish()
}
