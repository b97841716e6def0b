//! Pictures: the photo and the symbols a plan names, and a form's own pictures (a school's logo),
//! PNG, JPEG or SVG. Where each may be read from, how large it may be, what its header declares,
//! how it is decoded for print, and the room it takes on the page. Both renderers use this one
//! module; an SVG's own limits are in `svg`.
//!
//! Nothing about a picture is trusted before it is checked: its file size is known before it is
//! read, and the size its header declares before any decoder sees it, so a small file that
//! claims billions of pixels costs nothing. Messages never repeat a picture's path, which is the
//! plan's text.

use std::path::Path;

use crate::files::{Files, Refused};

pub(crate) mod svg;

/// The largest picture file read.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The most pixels a picture may have: a 24-megapixel photo, far more than print needs.
pub const MAX_PIXELS: u64 = 24_000_000;

/// The widest or tallest a picture may be, in pixels: a panorama beyond this is no photo.
pub const MAX_SIDE: u32 = 20_000;

/// The most memory a decoder may take for one picture: a 24-megapixel picture at 8 bits a
/// channel with alpha, and no more.
const MAX_DECODE_BYTES: u64 = 100 * 1024 * 1024;

/// Pictures are decoded no larger than they need to be to print sharply at this resolution.
const PRINT_DPI: f32 = 300.0;

/// A picture format iep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// SVG: drawn as vectors in the PDF, rasterised at its printed size for the DOCX.
    Svg,
}

/// What a picture's header declares, checked against the limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    /// PNG, JPEG or SVG.
    pub format: Format,
    /// Width in pixels (an SVG's in its own units, rounded up).
    pub width: u32,
    /// Height in pixels (an SVG's in its own units, rounded up).
    pub height: u32,
    /// Width and height as they are, for its proportions: an SVG's are not whole numbers.
    pub size: (f32, f32),
}

/// Reads the format and size a picture declares, without decoding it, and refuses a picture
/// beyond [`MAX_PIXELS`] or [`MAX_SIDE`] or with no size at all. An SVG is parsed (once, then
/// kept while small) within its own limits (`svg`), as its size is its root's to work out.
pub fn header(data: &[u8]) -> Result<Header, String> {
    let (format, width, height, size) = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        let (format, width, height) = png_size(data)?;
        (format, width, height, (width as f32, height as f32))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        let (format, width, height) = jpeg_size(data)?;
        (format, width, height, (width as f32, height as f32))
    } else if svg::looks_like_svg(data) {
        let size = svg::tree(data)?.size();
        let side = |units: f32| units.ceil().min(u32::MAX as f32) as u32;
        let (width, height) = (size.width(), size.height());
        (Format::Svg, side(width), side(height), (width, height))
    } else {
        return Err("it is not a PNG, JPEG or SVG picture".into());
    };
    if width == 0 || height == 0 {
        return Err("its header gives it no width or no height".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "it declares {width} x {height} pixels, more than a picture may have ({} million pixels, {MAX_SIDE} a side)",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(Header {
        format,
        width,
        height,
        size,
    })
}

/// The size in a PNG's IHDR chunk, which the format puts first.
fn png_size(data: &[u8]) -> Result<(Format, u32, u32), String> {
    let broken = || "its PNG header is broken".to_owned();
    let ihdr = data.get(8..24).ok_or_else(broken)?;
    if &ihdr[4..8] != b"IHDR" {
        return Err(broken());
    }
    let number =
        |at: usize| u32::from_be_bytes([ihdr[at], ihdr[at + 1], ihdr[at + 2], ihdr[at + 3]]);
    Ok((Format::Png, number(8), number(12)))
}

/// The size in a JPEG's start-of-frame segment, found by walking the segments before it.
fn jpeg_size(data: &[u8]) -> Result<(Format, u32, u32), String> {
    let broken = || "its JPEG header is broken".to_owned();
    let mut at = 2;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while data.get(at) == Some(&0xFF) && data.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if data.get(at) != Some(&0xFF) {
            return Err(broken());
        }
        let marker = *data.get(at + 1).ok_or_else(broken)?;
        at += 2;
        match marker {
            // Markers that stand alone, without a length.
            0x01 | 0xD0..=0xD7 => continue,
            // Start of scan or end of image before any frame: no size given.
            0xD9 | 0xDA => return Err(broken()),
            _ => {}
        }
        let length = data.get(at..at + 2).ok_or_else(broken)?;
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        if length < 2 {
            return Err(broken());
        }
        // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let frame = data.get(at + 2..at + 7).ok_or_else(broken)?;
            let height = u32::from(u16::from_be_bytes([frame[1], frame[2]]));
            let width = u32::from(u16::from_be_bytes([frame[3], frame[4]]));
            return Ok((Format::Jpeg, width, height));
        }
        at += length;
    }
}

/// The bytes of the picture file at `path` in `files`: a regular file of at most [`MAX_BYTES`]
/// whose header is within the limits.
pub fn read(files: &dyn Files, path: &Path) -> Result<Vec<u8>, String> {
    checked(files.read(path, MAX_BYTES))
}

/// A picture a plan names (its photo, a symbol of its own) or a form names (a school's logo):
/// a file in the `folder` of the plan or the form, or below it (symbolic links followed first).
pub fn read_in_folder(files: &dyn Files, folder: &Path, name: &str) -> Result<Vec<u8>, String> {
    checked(files.read_in_folder(folder, Path::new(name), MAX_BYTES))
}

/// The bytes read, if they are a picture within the limits; else why not.
fn checked(read: Result<Vec<u8>, Refused>) -> Result<Vec<u8>, String> {
    let data = read.map_err(|why| match why {
        Refused::TooLarge => format!("it is larger than {} MB", MAX_BYTES / 1024 / 1024),
        why => why.to_string(),
    })?;
    header(&data)?;
    Ok(data)
}

/// A picture decoded for print: 8-bit RGB, any transparency flattened onto white (PDF and DOCX
/// readers show alpha differently), and no more pixels than `width_mm` needs at print
/// resolution, so a 24-megapixel photo costs its memory once, while it is decoded, and not for
/// the rest of the document.
///
/// One picture is decoded at a time in the whole process, whatever the number of workers: a
/// decoded photo is the largest thing iep holds (a 24-megapixel PNG is 96 MB at 8 bits a
/// channel), and several at once would multiply it. A PNG of 16 bits a channel is decoded to 8,
/// which is all print needs, never at its full 192 MB.
pub fn decode(data: &[u8], width_mm: f32) -> Result<image::RgbImage, String> {
    static DECODING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let header = header(data)?;
    let _alone = DECODING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let picture = match header.format {
        // Drawn at the size it prints, onto white, with nothing left to resample.
        Format::Svg => return svg::rasterise(&*svg::tree(data)?, needed_width(width_mm)),
        Format::Png => decode_png(data)?,
        Format::Jpeg => {
            // The decoder's own limits too: the header was checked, but a decoder allocates by
            // what the stream says as it goes.
            let mut limits = image::Limits::default();
            limits.max_image_width = Some(MAX_SIDE);
            limits.max_image_height = Some(MAX_SIDE);
            limits.max_alloc = Some(MAX_DECODE_BYTES);
            let mut reader = image::ImageReader::with_format(
                std::io::Cursor::new(data),
                image::ImageFormat::Jpeg,
            );
            reader.limits(limits);
            reader.decode().map_err(|e| e.to_string())?
        }
    };
    let needed = needed_width(width_mm);
    let picture = if needs_resampling(&header, width_mm) {
        let height =
            (u64::from(header.height) * u64::from(needed) / u64::from(header.width)).max(1) as u32;
        picture.thumbnail_exact(needed, height)
    } else {
        picture
    };
    let mut rgba = picture.to_rgba8();
    drop(picture);
    for pixel in rgba.pixels_mut() {
        let [r, g, b, a] = pixel.0;
        let over_white =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        pixel.0 = [over_white(r), over_white(g), over_white(b), 255];
    }
    Ok(image::DynamicImage::ImageRgba8(rgba).to_rgb8())
}

/// A PNG decoded at 8 bits a channel, its palette or grey levels expanded, within the decoder's
/// memory limit.
fn decode_png(data: &[u8]) -> Result<image::DynamicImage, String> {
    let limits = png::Limits {
        bytes: MAX_DECODE_BYTES as usize,
    };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(data), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .filter(|size| *size as u64 <= MAX_DECODE_BYTES)
        .ok_or("it is too large to decode")?;
    let mut pixels = vec![0; size];
    let frame = reader.next_frame(&mut pixels).map_err(|e| e.to_string())?;
    pixels.truncate(frame.buffer_size());
    let (width, height) = (frame.width, frame.height);
    let broken = || "its PNG data is broken".to_owned();
    Ok(match frame.color_type {
        png::ColorType::Grayscale => image::DynamicImage::ImageLuma8(
            image::ImageBuffer::from_raw(width, height, pixels).ok_or_else(broken)?,
        ),
        png::ColorType::GrayscaleAlpha => image::DynamicImage::ImageLumaA8(
            image::ImageBuffer::from_raw(width, height, pixels).ok_or_else(broken)?,
        ),
        png::ColorType::Rgb => image::DynamicImage::ImageRgb8(
            image::ImageBuffer::from_raw(width, height, pixels).ok_or_else(broken)?,
        ),
        png::ColorType::Rgba => image::DynamicImage::ImageRgba8(
            image::ImageBuffer::from_raw(width, height, pixels).ok_or_else(broken)?,
        ),
        // Expanded to RGB by the transformation.
        png::ColorType::Indexed => return Err(broken()),
    })
}

/// The bytes a picture takes decoded for print `width_mm` wide (RGB, 8 bits a channel), as its
/// header declares its size; none for a picture that does not read. An SVG is held as its
/// parsed tree, counted at ten times its file: the PDF draws it as vectors, and the DOCX's
/// pixels are made one picture at a time in the process and kept only as PNG.
pub fn decoded_bytes(data: &[u8], width_mm: f32) -> usize {
    let Ok(header) = header(data) else {
        return 0;
    };
    if header.format == Format::Svg {
        return data.len().saturating_mul(10);
    }
    let (width, height) = (u64::from(header.width), u64::from(header.height));
    let pixels = if needs_resampling(&header, width_mm) {
        let needed = u64::from(needed_width(width_mm));
        needed * (height * needed / width).max(1)
    } else {
        width * height
    };
    usize::try_from(pixels * 3).unwrap_or(usize::MAX)
}

/// The pixels across a picture needs to print `width_mm` wide at print resolution.
fn needed_width(width_mm: f32) -> u32 {
    (width_mm.max(1.0) / 25.4 * PRINT_DPI).ceil() as u32
}

/// True when a picture is much wider than it needs to be to print `width_mm` wide, and is
/// decoded smaller. One near its print size is kept as it is: resampling it would only blur it
/// (and a JPEG can then be embedded as it is).
pub fn needs_resampling(header: &Header, width_mm: f32) -> bool {
    let needed = needed_width(width_mm);
    header.format != Format::Svg && header.width > needed + needed / 2
}

/// The size a picture of `size` (its header's width and height) takes on the page, in
/// millimetres: the width asked for, at most `room_mm`, and narrower when it would be taller
/// than `max_height_mm`.
pub fn size_on_page(
    width_mm: f32,
    max_height_mm: Option<f32>,
    room_mm: f32,
    (width, height): (f32, f32),
) -> (f32, f32) {
    let ratio = height / width.max(f32::MIN_POSITIVE);
    let mut width_mm = width_mm.min(room_mm).max(1.0);
    if let Some(max) = max_height_mm {
        width_mm = width_mm.min(max.max(1.0) / ratio);
    }
    (width_mm, width_mm * ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_declaring(width: u32, height: u32) -> Vec<u8> {
        let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        data.extend(width.to_be_bytes());
        data.extend(height.to_be_bytes());
        data.extend([8, 2, 0, 0, 0]);
        data
    }

    #[test]
    fn a_png_declaring_billions_of_pixels_is_refused_from_its_header() {
        let error = header(&png_declaring(2_147_483_647, 1))
            .err()
            .unwrap_or_default();
        assert!(error.contains("2147483647 x 1 pixels"), "{error}");
        assert!(header(&png_declaring(6000, 4000)).is_ok());
        assert!(header(&png_declaring(0, 10)).is_err());
    }

    #[test]
    fn a_jpeg_size_is_read_past_the_segments_before_its_frame() {
        let mut data = vec![
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xFF, 0xC2, 0, 11, 8,
        ];
        data.extend(65_000u16.to_be_bytes());
        data.extend(65_000u16.to_be_bytes());
        assert!(header(&data).is_err_and(|e| e.contains("65000 x 65000")));
        assert!(header(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]).is_err());
        assert!(header(&[0xFF, 0xD8, 0xFF]).is_err());
    }

    #[test]
    fn a_tall_picture_is_made_narrower() {
        assert_eq!(
            size_on_page(40.0, Some(20.0), 100.0, (100.0, 200.0)),
            (10.0, 20.0)
        );
        assert_eq!(size_on_page(40.0, None, 30.0, (100.0, 50.0)), (30.0, 15.0));
    }
}
