//! Laying plans out on forms: the renderer-neutral document, pinned per form by snapshot, and the
//! form file format's behaviour.

mod common;

use iep::document::{Block, Document, Paragraph, Row};
use iep::{Form, FormRef};
use std::path::Path;

/// The document as indented text: what each snapshot shows.
fn outline(document: &Document) -> String {
    let mut out = format!(
        "title: {}\nauthor: {}\nsubject: {}\nlanguage: {}\npage: {:?} {:?}\n",
        document.meta.title,
        document.meta.author,
        document.meta.subject,
        document.meta.language,
        document.page.orientation,
        document.page.margins_mm
    );
    for (name, running) in [("header", &document.header), ("footer", &document.footer)] {
        if let Some(r) = running {
            out += &format!("{name}: [{}] [{}] [{}]\n", r.left, r.center, r.right);
        }
    }
    for block in &document.blocks {
        match block {
            Block::Heading { level, text } => {
                out += &format!("\n{} {text}\n", "#".repeat(usize::from(*level)))
            }
            Block::Paragraph(p) => out += &format!("{}\n", paragraph(p)),
            Block::Table(table) => {
                out += &format!(
                    "table {:?}{}\n",
                    table.columns,
                    table.size.map(|s| format!(" {s}pt")).unwrap_or_default()
                );
                for row in &table.header {
                    out += &format!("  header {}\n", row_text(row));
                }
                for row in &table.rows {
                    out += &format!("  row {}\n", row_text(row));
                }
            }
            Block::Image(image) => out += &format!("image {} {}mm\n", image.name, image.width_mm),
            Block::Space(mm) => out += &format!("space {mm}\n"),
            Block::PageBreak => out += "page break\n",
        }
    }
    out
}

fn paragraph(p: &Paragraph) -> String {
    p.runs
        .iter()
        .map(|r| {
            if r.bold {
                format!("**{}**", r.text)
            } else {
                r.text.clone()
            }
        })
        .collect::<String>()
        .replace('\n', "⏎")
}

fn row_text(row: &Row) -> String {
    let cells: Vec<String> = row
        .cells
        .iter()
        .map(|c| {
            let text = c
                .paragraphs
                .iter()
                .map(paragraph)
                .collect::<Vec<_>>()
                .join(" ¶ ");
            let mut marks = String::new();
            if c.span > 1 {
                marks += &format!("span{} ", c.span);
            }
            if c.shaded {
                marks += "shaded ";
            }
            format!("{marks}{text}")
        })
        .collect();
    let height = if row.min_height_mm > 0.0 {
        format!(" ({}mm)", row.min_height_mm)
    } else {
        String::new()
    };
    format!("| {} |{height}", cells.join(" | "))
}

fn lay_out(form: &str, plan: &str) -> Document {
    let form = match FormRef::parse(form, Path::new(".")).and_then(|f| {
        f.load()
            .map_err(|e| e.diagnostic().cloned().unwrap_or_else(|| panic!("{e}")))
    }) {
        Ok(form) => form,
        Err(error) => panic!("{error}"),
    };
    let plan = match iep::load(Path::new(plan)) {
        Ok(plan) => plan,
        Err(error) => panic!("{error}"),
    };
    match form.lay_out(&plan, Path::new("examples/plans")) {
        Ok(document) => document,
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn the_highland_form_lays_out_the_highland_example() {
    insta::assert_snapshot!(outline(&lay_out(
        "highland",
        "examples/plans/highland.yaml"
    )));
}

#[test]
fn the_durants_form_lays_out_the_durants_example() {
    insta::assert_snapshot!(outline(&lay_out("durants", "examples/plans/durants.yaml")));
}

#[test]
fn the_general_form_lays_out_the_general_example() {
    insta::assert_snapshot!(outline(&lay_out("general", "examples/plans/general.yaml")));
}

#[allow(dead_code)]
fn unused(_: Form) {}
