//! SVG pictures: a school's own logo as SVG prints as vectors in the PDF (no image in it,
//! pdfimages), in its frame (pdfminer), in its colours (pdftoppm), and as a PNG at 300 dpi in
//! a valid DOCX (openxml-audit) that LibreOffice shows whole; each hostile SVG (nesting, reuse,
//! entities, files and addresses, scripts, text, a huge size, filter or overdraw, pictures
//! inside) is refused with its reason, naming neither the file nor anything in it.

use crate::common;

use std::path::Path;

use common::{Scratch, tool};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};

/// A school's logo as a designer's program exports it: an XML declaration, the SVG 1.1
/// DOCTYPE, a style sheet of classes, a gradient, a part reused with `<use>`, the lettering
/// converted to paths, a size in millimetres.
const LOGO: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generator: a drawing program, exported for print -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1"
     width="60mm" height="30mm" viewBox="0 0 200 100">
  <defs>
    <style type="text/css">
      .crest { fill: url(#sky); stroke: #1b5e20; stroke-width: 3; }
      .leaf { fill: #1b5e20; }
    </style>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#d32f2f"/>
      <stop offset="1" stop-color="#b71c1c"/>
    </linearGradient>
    <path id="leaf" class="leaf" d="M0 0 C10 -20 30 -20 40 0 C30 20 10 20 0 0 Z"/>
  </defs>
  <rect width="200" height="100" fill="#ffffff"/>
  <path class="crest" d="M20 10 H80 V55 Q80 85 50 95 Q20 85 20 55 Z"/>
  <use xlink:href="#leaf" transform="translate(30 40)"/>
  <use href="#leaf" transform="translate(30 62)"/>
  <g transform="translate(95 35)" fill="#1b5e20">
    <path d="M0 0 H8 V30 H0 Z M14 0 H30 V6 H20 V12 H28 V18 H20 V24 H30 V30 H14 Z"/>
    <path d="M36 0 H46 Q56 0 56 9 Q56 18 46 18 H42 V30 H36 Z M42 6 V12 H46 Q50 12 50 9 Q50 6 46 6 Z"/>
  </g>
</svg>
"##;

/// The red of the logo's crest and the green of its leaves.
const CREST: [u8; 3] = [0xc5, 0x26, 0x26];
const LEAVES: [u8; 3] = [0x1b, 0x5e, 0x20];

/// A form with the school's logo (`logo.svg` in its folder) and the pupil's photo.
const FORM: &str = "name: svg\ntitle: IEP\nblocks:\n  - image: logo.svg\n    width_mm: 50\n    align: center\n    alt: Drumbeg Primary School logo\n  - heading: \"{{ pupil.name }}\"\n  - image: \"{{ pupil.photo }}\"\n    width_mm: 30\n    align: center\n";

/// Lays the general example plan out on [`FORM`], with `logo` as the school's logo and
/// `photo` (when given) as the pupil's photo, `photo.svg`.
fn lay_out(
    scratch: &Scratch,
    logo: &[u8],
    photo: Option<&[u8]>,
) -> Result<iep::Document, iep::Error> {
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(scratch.0.join(name), bytes).unwrap_or_else(|e| panic!("{e}"))
    };
    write("form.yaml", FORM.as_bytes());
    write("logo.svg", logo);
    let mut plan =
        iep::Plan::load(Path::new("examples/plans/general.yaml")).unwrap_or_else(|e| panic!("{e}"));
    if let Some(photo) = photo {
        write("photo.svg", photo);
        plan.pupil.photo = Some("photo.svg".into());
    }
    let form = iep::FormRef::File(scratch.0.join("form.yaml")).get_checked()?;
    form.lay_out(&plan, &scratch.0)
}

/// True when a pixel within a few steps of `colour` is among `pixels`.
fn shows(pixels: &image::RgbImage, colour: [u8; 3]) -> bool {
    pixels
        .pixels()
        .any(|p| p.0.iter().zip(colour).all(|(a, b)| a.abs_diff(b) <= 24))
}

#[test]
fn a_schools_svg_logo_prints_as_vectors_in_the_pdf_and_at_300_dpi_in_the_docx() {
    let scratch = Scratch::new("svg-logo");
    let document = lay_out(&scratch, LOGO.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));

    let pdf = PdfRenderer::default()
        .render(&document)
        .unwrap_or_else(|e| panic!("{e}"));
    let (ok, report) = tool("qpdf", &["--check"], &pdf, "pdf");
    assert!(ok, "{report}");
    let (ok, list) = tool("pdfimages", &["-list"], &pdf, "pdf");
    assert!(ok, "{list}");
    assert_eq!(list.lines().skip(2).count(), 0, "{list}");
    // Drawn in its frame: 50 mm wide, half as tall, as its own size gives.
    let page = &common::pdf_facts(&pdf)[0];
    let figures = page["figures"].as_array().cloned().unwrap_or_default();
    assert_eq!(figures.len(), 1, "{figures:?}");
    let side = |i: usize| figures[0][i].as_f64().unwrap_or(0.0);
    assert!((side(2) - side(0) - 50.0).abs() < 0.1, "{figures:?}");
    assert!((side(3) - side(1) - 25.0).abs() < 0.1, "{figures:?}");
    // In its colours, gradient and reused leaves included.
    let dir = scratch.0.join("pdf-page");
    std::fs::write(scratch.0.join("logo.pdf"), &pdf).unwrap_or_else(|e| panic!("{e}"));
    let output = std::process::Command::new("pdftoppm")
        .args(["-r", "100", "-png", "-singlefile"])
        .arg(scratch.0.join("logo.pdf"))
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm did not run ({e})"));
    assert!(output.status.success());
    let seen = image::open(dir.with_extension("png"))
        .unwrap_or_else(|e| panic!("{e}"))
        .to_rgb8();
    assert!(shows(&seen, CREST) && shows(&seen, LEAVES));
    // Tagged as a figure with the words the form gives it.
    let structure = common::pdf_structure(&pdf).to_string();
    assert!(
        structure.contains("Drumbeg Primary School logo"),
        "{structure}"
    );

    let docx = DocxRenderer
        .render(&document)
        .unwrap_or_else(|e| panic!("{e}"));
    let png = {
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap_or_else(|e| panic!("{e}"));
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut archive
                .by_name("word/media/image1.png")
                .unwrap_or_else(|e| panic!("{e}")),
            &mut bytes,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        image::load_from_memory(&bytes)
            .unwrap_or_else(|e| panic!("{e}"))
            .to_rgb8()
    };
    // 50 mm at 300 dpi, on white, in its colours.
    assert_eq!(png.dimensions(), (591, 296));
    assert_eq!(png.get_pixel(0, 0).0, [255, 255, 255]);
    assert!(shows(&png, CREST) && shows(&png, LEAVES));
    let path = scratch.0.join("logo.docx");
    std::fs::write(&path, &docx).unwrap_or_else(|e| panic!("{e}"));
    let output = common::openxml_audit(&path, false);
    let audit = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{audit}");
    let converted = common::libreoffice_pdfs(&scratch, &[path]);
    let (ok, list) = tool("pdfimages", &["-list"], &converted[0], "pdf");
    assert!(ok, "{list}");
    assert_eq!(list.lines().skip(2).count(), 1, "{list}");
}

/// An SVG of `inside` in a 100 x 100 frame.
fn svg(inside: &str) -> Vec<u8> {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">{inside}</svg>"#
    )
    .into_bytes()
}

/// Each hostile SVG, what the message says of it, and a word of it no message may repeat.
fn hostile() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let nested = |depth: usize| {
        svg(&format!(
            "{}<rect width='1' height='1'/>{}",
            "<g>".repeat(depth),
            "</g>".repeat(depth)
        ))
    };
    // Ten parts, each drawing the one before ten times: ten billion rectangles from 2 KB.
    let mut laughs = String::from("<defs><g id='l0'>");
    laughs.push_str(&"<rect width='1' height='1'/>".repeat(10));
    laughs.push_str("</g>");
    for level in 1..10 {
        laughs.push_str(&format!("<g id='l{level}'>"));
        laughs.push_str(&format!("<use href='#l{}'/>", level - 1).repeat(10));
        laughs.push_str("</g>");
    }
    laughs.push_str("</defs><use href='#l9'/>");
    let entities = br#"<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><desc>&lol3;</desc></svg>"#
        .to_vec();
    let png = |width, height| {
        let data = common::png_declaring(width, height, 8, 2, &[0]);
        let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, data);
        svg(&format!(
            "<image width='10' height='10' href='data:image/png;base64,{encoded}'/>"
        ))
    };
    let mut large = svg("<rect width='10' height='10'/>");
    large.extend(
        b"<!-- "
            .iter()
            .chain(&vec![b'x'; 2 * 1024 * 1024])
            .chain(b" -->"),
    );
    vec![
        ("larger than 2 MB", large, "xxxx"),
        ("nest more than 48 deep", nested(60), "rect"),
        ("nest more than 48 deep", nested(100_000), "rect"),
        (
            "draws more than 100000 elements",
            svg(&"<rect/>".repeat(120_000)),
            "rect",
        ),
        ("counting each part as often as it is reused", svg(&laughs), "l9"),
        ("declares XML entities", entities, "lol"),
        (
            "refers to a file or address outside it",
            svg("<image width='10' height='10' href='file:///etc/passwd'/>"),
            "passwd",
        ),
        (
            "refers to a file or address outside it",
            svg("<image width='10' height='10' xlink:href='other-pupil.png'/>"),
            "other-pupil",
        ),
        (
            "refers to a file or address outside it",
            svg("<use href='https://evil.example/logo.svg#a'/>"),
            "evil",
        ),
        (
            "refers to a file or address outside it",
            svg("<rect width='9' height='9' style='fill:url(https://evil.example/p)'/>"),
            "evil",
        ),
        (
            "with a script",
            svg("<script>fetch('https://evil.example')</script>"),
            "evil",
        ),
        (
            "HTML inside (foreignObject)",
            svg("<foreignObject width='9' height='9'><p xmlns='http://www.w3.org/1999/xhtml'>Secret</p></foreignObject>"),
            "Secret",
        ),
        (
            "whose text is not converted to outlines",
            svg("<text x='1' y='9'>Drumbeg</text>"),
            "Drumbeg",
        ),
        (
            "declares 100000 x 100000 pixels",
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="9" height="9"/></svg>"#.to_vec(),
            "rect",
        ),
        (
            "its filters (blurs, shadows) would be printed as",
            svg("<filter id='f' x='-5000%' y='-5000%' width='10000%' height='10000%'><feGaussianBlur stdDeviation='2'/></filter><rect width='10' height='10' filter='url(#f)'/>"),
            "feGaussianBlur",
        ),
        (
            "paints its area 2000 times over, more than 500",
            svg(&"<rect width='100' height='100' fill='#123456'/>".repeat(2000)),
            "123456",
        ),
        (
            "reuses a part inside itself",
            svg("<g id='a'><use href='#b'/></g><g id='b'><use href='#a'/></g>"),
            "#a",
        ),
        (
            "more than 4 million pixels",
            png(3000, 3000),
            "base64",
        ),
        (
            "a picture inside that is not a PNG or JPEG",
            svg("<image width='10' height='10' href='data:image/gif;base64,R0lGODlhAQABAAAAACw='/>"),
            "R0lGOD",
        ),
        (
            "with markers",
            svg("<marker id='m'><rect width='1' height='1'/></marker><path d='M0 0 L9 9' marker-mid='url(#m)'/>"),
            "L9 9",
        ),
        (
            "XML is broken at line 1",
            b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>".to_vec(),
            "<g>",
        ),
        ("not UTF-8 text", b"<svg \xff\xfe></svg>".to_vec(), "\u{fffd}"),
        (
            "not a PNG, JPEG or SVG picture",
            b"\x1f\x8b\x08\x00compressed svg".to_vec(),
            "compressed",
        ),
    ]
}

#[test]
fn each_hostile_svg_is_refused_with_its_reason_and_nothing_of_it() {
    let scratch = Scratch::new("svg-hostile");
    for (says, data, secret) in hostile() {
        let error = lay_out(&scratch, LOGO.as_bytes(), Some(&data))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| panic!("an SVG that {says} was accepted"));
        assert!(error.contains("error[missing-image]"), "{error}");
        assert!(error.contains(says), "{says}: {error}");
        assert!(
            !error.contains(secret) && !error.contains("photo.svg"),
            "{error}"
        );
    }
}

#[test]
fn a_schools_own_hostile_svg_logo_is_refused_too() {
    let scratch = Scratch::new("svg-hostile-logo");
    let error = lay_out(&scratch, &svg("<text>Drumbeg</text>"), None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains(
            "`logo.svg` cannot be used: it is an SVG whose text is not converted to outlines"
        ),
        "{error}"
    );
}
