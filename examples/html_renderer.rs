//! Embedding iep with a renderer of one's own: an HTML page for a school's intranet, made from the
//! same laid-out `Document` as the PDF and DOCX, through the public `Renderer` trait and with no
//! change to the crate.
//!
//! Run with `cargo run --example html_renderer -- examples/plans/highland.yaml > highland.html`
//! (add `--pupil-friendly` for the classroom page).

use std::fmt::Write;

use base64::Engine;
use std::process::ExitCode;

use iep::document::{Align, Block, Cell, Document, Paragraph, Table};
use iep::render::Renderer;

/// Writes a document as one self-contained HTML page; pictures are embedded as data URLs.
struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn extension(&self) -> &'static str {
        "html"
    }

    fn render(&self, document: &Document) -> Result<Vec<u8>, iep::Error> {
        let mut html = String::new();
        let meta = &document.meta;
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title>\n\
             <style>body{{font-family:'{}',sans-serif;max-width:60em;margin:auto}}\
             table{{border-collapse:collapse;width:100%;margin:0.5em 0}}\
             td{{border:1px solid #444;padding:0.3em;vertical-align:top}}\
             td.shaded{{background:#d9d9d9}}</style></head>\n<body>\n",
            escape(&meta.language),
            escape(&meta.title),
            document.typeface.family(),
        );
        for block in &document.blocks {
            match block {
                Block::Heading { level, text, .. } => {
                    let _ = writeln!(html, "<h{level}>{}</h{level}>", escape(text));
                }
                Block::Paragraph(paragraph) => html += &self::paragraph(paragraph),
                Block::Table(table) => html += &self::table(table),
                Block::Image(image) => html += &picture(&image.data, image.width_mm),
                Block::Space(mm) => {
                    let _ = writeln!(html, "<div style=\"height:{mm}mm\"></div>");
                }
                Block::PageBreak => html += "<hr>\n",
                // A kind of block added to iep after this renderer was written (its text is a
                // child's record: not for an error message).
                _ => {
                    return Err(iep::Error::renderer(
                        "a kind of block this page cannot show",
                    ));
                }
            }
        }
        html += "</body>\n</html>\n";
        Ok(html.into_bytes())
    }
}

fn paragraph(paragraph: &Paragraph) -> String {
    let align = match paragraph.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    };
    let size = paragraph
        .size
        .map(|pt| format!(";font-size:{pt}pt"))
        .unwrap_or_default();
    let mut out = format!("<p style=\"text-align:{align}{size}\">");
    for run in &paragraph.runs {
        let text = escape(&run.text).replace('\n', "<br>");
        out += &match (run.bold, run.italic) {
            (true, _) => format!("<strong>{text}</strong>"),
            (_, true) => format!("<em>{text}</em>"),
            _ => text,
        };
    }
    out + "</p>\n"
}

fn table(table: &Table) -> String {
    let total: f32 = table.columns.iter().sum::<f32>().max(f32::EPSILON);
    let mut out = String::from("<table>\n<colgroup>");
    for width in &table.columns {
        let _ = write!(out, "<col style=\"width:{:.1}%\">", width / total * 100.0);
    }
    out += "</colgroup>\n";
    for (rows, tag) in [(&table.header, "thead"), (&table.rows, "tbody")] {
        let _ = writeln!(out, "<{tag}>");
        for row in rows.iter() {
            out += "<tr>";
            for cell in &row.cells {
                out += &self::cell(cell);
            }
            out += "</tr>\n";
        }
        let _ = writeln!(out, "</{tag}>");
    }
    out + "</table>\n"
}

fn cell(cell: &Cell) -> String {
    let class = if cell.shaded { " class=\"shaded\"" } else { "" };
    let mut out = format!("<td colspan=\"{}\"{class}>", cell.span);
    if let Some(image) = &cell.image {
        out += &picture(&image.data, image.width_mm);
    }
    for paragraph in &cell.paragraphs {
        out += &self::paragraph(paragraph);
    }
    out + "</td>"
}

/// A picture as a data URL: the page needs no files beside it.
fn picture(data: &[u8], width_mm: f32) -> String {
    let kind = if data.starts_with(b"\x89PNG") {
        "png"
    } else {
        "jpeg"
    };
    format!(
        "<img style=\"width:{width_mm}mm\" alt=\"\" src=\"data:image/{kind};base64,{}\">\n",
        base64::engine::general_purpose::STANDARD.encode(data)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "examples/plans/highland.yaml".into());
    let print = iep::Print {
        kind: if args.any(|a| a == "--pupil-friendly") {
            iep::DocumentKind::PupilFriendly
        } else {
            iep::DocumentKind::SchoolForm
        },
        ..iep::Print::default()
    };
    let result = iep::Source::read(std::path::Path::new(&path))
        .and_then(|source| print.lay_out(&source))
        .and_then(|printed| {
            let mut out = std::io::stdout().lock();
            HtmlRenderer.render_to(&printed.document, &mut out)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{path}: {error}");
            for diagnostic in error.diagnostics() {
                eprintln!("{path}:{diagnostic}");
            }
            ExitCode::FAILURE
        }
    }
}
