//! Pictures in the DOCX: decoded as the PDF decodes them and stored as PNG, each distinct
//! picture once in the package however often it is shown, and drawn inline in a run with its
//! description for screen readers.

use std::sync::{Arc, Mutex, OnceLock};

use super::RenderError;
use super::xml::Xml;
use crate::document::Image;
use crate::source::FieldPath;

/// EMUs (the unit of DrawingML) in a millimetre.
const EMU_PER_MM: f32 = 36_000.0;

/// A picture as the DOCX holds it: a PNG flattened onto white at print resolution, and its size
/// in pixels.
pub struct Prepared {
    source: Vec<u8>,
    width_mm: f32,
    pub png: Vec<u8>,
    /// The picture's own width and height, for its proportions (the PNG's pixels are rounded).
    pub size: (f32, f32),
}

/// The most prepared pictures kept, and the largest source kept: the built-in symbols and a
/// school's own small pictures, which recur in every plan of a batch; photos are not kept.
const KEPT_PICTURES: usize = 64;
const KEPT_SOURCE_BYTES: usize = 256 * 1024;

/// Decodes a picture as the PDF does, so that the two look the same in every reader. Decoding
/// and re-encoding take milliseconds, so small pictures are kept for the next document.
pub fn prepared(image: &Image) -> Result<Arc<Prepared>, RenderError> {
    static KEPT: OnceLock<Mutex<Vec<Arc<Prepared>>>> = OnceLock::new();
    let data = &image.data;
    let kept = KEPT.get_or_init(|| Mutex::new(Vec::new()));
    let found = kept.lock().ok().and_then(|kept| {
        kept.iter()
            .find(|p| p.width_mm == image.width_mm && p.source == data[..])
            .cloned()
    });
    if let Some(prepared) = found {
        return Ok(prepared);
    }
    // The place, unless the plan's field names it, is filled in by the block that holds it.
    let refused = |why| RenderError::Image {
        place: image
            .field
            .as_ref()
            .map(FieldPath::describe)
            .unwrap_or_default(),
        why,
    };
    let size = crate::picture::header(data).map_err(refused)?.size;
    let decoded = crate::picture::decode(data, image.width_mm).map_err(refused)?;
    let mut png = std::io::Cursor::new(Vec::new());
    ::image::DynamicImage::ImageRgb8(decoded)
        .write_to(&mut png, ::image::ImageFormat::Png)
        .map_err(|e| RenderError::Docx(Box::new(e)))?;
    let prepared = Arc::new(Prepared {
        source: data.to_vec(),
        width_mm: image.width_mm,
        png: png.into_inner(),
        size,
    });
    if data.len() <= KEPT_SOURCE_BYTES
        && let Ok(mut kept) = kept.lock()
        && kept.len() < KEPT_PICTURES
    {
        kept.push(Arc::clone(&prepared));
    }
    Ok(prepared)
}

/// The pictures of one document: each distinct one stored once (`word/media/imageN.png`, with
/// the relationship `rIdImageN`), and the drawings numbered from 1, as the schema wants each
/// drawing's id unique in the document.
#[derive(Default)]
pub struct Pictures {
    pub stored: Vec<Arc<Prepared>>,
    drawings: u32,
}

impl Pictures {
    /// Writes `image` as an inline drawing (`w:drawing`), at most `room_mm` wide; the caller
    /// has opened the run.
    pub fn draw(&mut self, xml: &mut Xml, image: &Image, room_mm: f32) -> Result<(), RenderError> {
        let prepared = prepared(image)?;
        let (width_mm, height_mm) = crate::picture::size_on_page(
            image.width_mm,
            image.max_height_mm,
            room_mm,
            prepared.size,
        );
        let number = match self
            .stored
            .iter()
            .position(|p| Arc::ptr_eq(p, &prepared) || p.png == prepared.png)
        {
            Some(at) => at + 1,
            None => {
                self.stored.push(prepared);
                self.stored.len()
            }
        };
        self.drawings += 1;
        let id = self.drawings.to_string();
        let name = format!("Picture {id}");
        let cx = ((width_mm * EMU_PER_MM).round() as u64).to_string();
        let cy = ((height_mm * EMU_PER_MM).round() as u64).to_string();
        let zero = "0";
        xml.open("w:drawing", &[]);
        // CT_Inline: extent, effectExtent, docPr, cNvGraphicFramePr, graphic.
        xml.open(
            "wp:inline",
            &[
                ("distT", zero),
                ("distB", zero),
                ("distL", zero),
                ("distR", zero),
            ],
        );
        xml.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
        xml.empty(
            "wp:effectExtent",
            &[("l", zero), ("t", zero), ("r", zero), ("b", zero)],
        );
        xml.empty(
            "wp:docPr",
            &[("id", &id), ("name", &name), ("descr", &image.alt)],
        );
        xml.open("wp:cNvGraphicFramePr", &[]);
        xml.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")]);
        xml.close("wp:cNvGraphicFramePr");
        xml.open("a:graphic", &[]);
        xml.open(
            "a:graphicData",
            &[(
                "uri",
                "http://schemas.openxmlformats.org/drawingml/2006/picture",
            )],
        );
        xml.open("pic:pic", &[]);
        xml.open("pic:nvPicPr", &[]);
        xml.empty(
            "pic:cNvPr",
            &[("id", &id), ("name", &name), ("descr", &image.alt)],
        );
        xml.empty("pic:cNvPicPr", &[]);
        xml.close("pic:nvPicPr");
        xml.open("pic:blipFill", &[]);
        xml.empty("a:blip", &[("r:embed", &format!("rIdImage{number}"))]);
        xml.open("a:stretch", &[]);
        xml.empty("a:fillRect", &[]);
        xml.close("a:stretch");
        xml.close("pic:blipFill");
        xml.open("pic:spPr", &[]);
        xml.open("a:xfrm", &[]);
        xml.empty("a:off", &[("x", zero), ("y", zero)]);
        xml.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
        xml.close("a:xfrm");
        xml.open("a:prstGeom", &[("prst", "rect")]);
        xml.empty("a:avLst", &[]);
        xml.close("a:prstGeom");
        xml.close("pic:spPr");
        xml.close("pic:pic");
        xml.close("a:graphicData");
        xml.close("a:graphic");
        xml.close("wp:inline");
        xml.close("w:drawing");
        Ok(())
    }
}
