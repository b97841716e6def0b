//! DOCX: real text in real tables, so a teacher can edit the plan in Word or LibreOffice before
//! a review meeting. Written by iep's own small writer of the parts it needs, each element in
//! the order its schema sequence gives (ECMA-376, transitional, as Word 2016 and later read it),
//! so that Word opens the file without offering to repair it.
//!
//! The pages break where the PDF's do: the document is laid out once by [`crate::layout`], as
//! the PDF is, and the DOCX marks the rows the layout kept whole and the blocks it kept
//! together ([`crate::layout::Flow`]).
//!
//! `body.rs` writes the document's content, `xml.rs` the elements and their properties,
//! `picture.rs` writes the pictures, `package.rs` the other parts and the zip.

mod body;
mod package;
mod picture;
mod xml;

use super::Renderer;
use crate::document::Document;
use crate::error::{Error, RenderError};
use package::{Part, Related};

/// Renders documents to DOCX.
#[derive(Debug, Clone, Default)]
pub struct DocxRenderer;

/// The relationship ids of the header and footer.
const HEADER_ID: &str = "rIdHeader";
const FOOTER_ID: &str = "rIdFooter";

impl Renderer for DocxRenderer {
    fn extension(&self) -> &'static str {
        "docx"
    }

    fn render(&self, document: &Document) -> Result<Vec<u8>, Error> {
        docx(document).map_err(Error::from)
    }
}

/// The DOCX's bytes, or why not.
fn docx(document: &Document) -> Result<Vec<u8>, RenderError> {
    let flow = crate::layout::flow(document)?;
    let failed = |e: std::io::Error| RenderError::Docx(Box::new(e));
    let (body, pictures) = body::document(document, &flow)?;
    let width = document.page.content_width_mm();
    let mut related = vec![
        Related {
            id: "rIdStyles".into(),
            kind: "styles",
            target: "styles.xml".into(),
        },
        Related {
            id: "rIdSettings".into(),
            kind: "settings",
            target: "settings.xml".into(),
        },
        Related {
            id: "rIdFontTable".into(),
            kind: "fontTable",
            target: "fontTable.xml".into(),
        },
        Related {
            id: "rIdTheme".into(),
            kind: "theme",
            target: "theme/theme1.xml".into(),
        },
    ];
    let mut parts = Vec::new();
    if let Some(header) = &document.header {
        related.push(Related {
            id: HEADER_ID.into(),
            kind: "header",
            target: "header1.xml".into(),
        });
        parts.push(Part {
            name: "word/header1.xml".into(),
            bytes: body::running("w:hdr", header, width).map_err(failed)?,
        });
    }
    if let Some(footer) = &document.footer {
        related.push(Related {
            id: FOOTER_ID.into(),
            kind: "footer",
            target: "footer1.xml".into(),
        });
        parts.push(Part {
            name: "word/footer1.xml".into(),
            bytes: body::running("w:ftr", footer, width).map_err(failed)?,
        });
    }
    for (i, picture) in pictures.stored.iter().enumerate() {
        let number = i + 1;
        related.push(Related {
            id: format!("rIdImage{number}"),
            kind: "image",
            target: format!("media/image{number}.png"),
        });
        parts.push(Part {
            name: format!("word/media/image{number}.png"),
            bytes: picture.png.clone(),
        });
    }
    let mut package = vec![
        Part {
            name: "[Content_Types].xml".into(),
            bytes: package::content_types(document.header.is_some(), document.footer.is_some())
                .map_err(failed)?,
        },
        Part {
            name: "_rels/.rels".into(),
            bytes: package::package_relationships().map_err(failed)?,
        },
        Part {
            name: "docProps/core.xml".into(),
            bytes: package::core_properties(document).map_err(failed)?,
        },
        Part {
            name: "docProps/app.xml".into(),
            bytes: package::app_properties(document).map_err(failed)?,
        },
        Part {
            name: "word/document.xml".into(),
            bytes: body,
        },
        Part {
            name: "word/_rels/document.xml.rels".into(),
            bytes: package::relationships(&related).map_err(failed)?,
        },
        Part {
            name: "word/styles.xml".into(),
            bytes: package::styles(document).map_err(failed)?,
        },
        Part {
            name: "word/settings.xml".into(),
            bytes: package::settings(document).map_err(failed)?,
        },
        Part {
            name: "word/fontTable.xml".into(),
            bytes: package::font_table(&body::fonts(document)).map_err(failed)?,
        },
        Part {
            name: "word/theme/theme1.xml".into(),
            bytes: package::theme(document).map_err(failed)?,
        },
    ];
    package.append(&mut parts);
    package::zip(&package).map_err(|e| RenderError::Docx(Box::new(e)))
}

/// True for a language Word writes in a complex script: those of South Asia and the Arabic and
/// Hebrew scripts, which its `w:bidi` language attribute covers.
fn is_complex_language(lang: &str) -> bool {
    let primary = lang.split('-').next().unwrap_or_default();
    matches!(
        primary,
        "ar" | "ur"
            | "fa"
            | "ps"
            | "he"
            | "yi"
            | "pa"
            | "pnb"
            | "bn"
            | "gu"
            | "ta"
            | "hi"
            | "mr"
            | "ne"
            | "sd"
            | "ks"
            | "syl"
            | "si"
            | "ml"
    )
}
