//! Laying plans out on forms: the renderer-neutral document, pinned per form by snapshot, and the
//! form file format's behaviour.

use iep::FormRef;
use iep::document::{Block, Document, Paragraph, Row};
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
            Block::Heading { level, text, .. } => {
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
            other => out += &format!("{other:?}\n"),
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
    let form = match FormRef::parse(form, Path::new(".")).and_then(|f| f.get_checked()) {
        Ok(form) => form,
        Err(error) => panic!("{error}"),
    };
    let plan = match iep::Plan::load(Path::new(plan)) {
        Ok(plan) => plan,
        Err(error) => panic!("{error}"),
    };
    match form.lay_out(&plan, Path::new("examples/plans")) {
        Ok(document) => document,
        Err(error) => panic!("{error}"),
    }
}

/// Lays the general example plan out on a form written to a scratch file as `yaml`.
fn lay_out_on(name: &str, yaml: &str) -> Result<Document, String> {
    let dir = std::env::temp_dir().join(format!("iep-form-{name}-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, yaml).unwrap_or_else(|e| panic!("{e}"));
    let form = FormRef::File(path).load();
    let _ = std::fs::remove_dir_all(&dir);
    let plan =
        iep::Plan::load(Path::new("examples/plans/general.yaml")).unwrap_or_else(|e| panic!("{e}"));
    form.map_err(|e| e.to_string())?
        .lay_out(&plan, Path::new("."))
        .map_err(|e| e.to_string())
}

/// The example plan for the built-in form `name`, changed by `change`, laid out on that form.
fn example_changed(name: &str, change: impl FnOnce(&mut iep::Plan)) -> Document {
    let mut plan = iep::Plan::load(Path::new(&format!("examples/plans/{name}.yaml")))
        .unwrap_or_else(|e| panic!("{e}"));
    change(&mut plan);
    FormRef::builtin(name)
        .unwrap_or_else(|| panic!("no built-in form {name}"))
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
        .lay_out(&plan, Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The error that stops `yaml`, a form, laying the general example out.
fn form_error(name: &str, yaml: &str) -> String {
    match lay_out_on(name, yaml) {
        Ok(_) => panic!("the form {name} laid the plan out, but should not have"),
        Err(error) => error,
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

#[test]
fn the_example_form_in_the_templates_readme_works() {
    let readme = std::fs::read_to_string("templates/README.md").unwrap_or_else(|e| panic!("{e}"));
    let start = readme
        .find("```yaml\n")
        .map(|i| i + 8)
        .unwrap_or_else(|| panic!("no example"));
    let end = readme[start..]
        .find("```")
        .map(|i| start + i)
        .unwrap_or_else(|| panic!("no end"));
    let document = lay_out_on("oakfield", &readme[start..end]).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(outline(&document));
}

#[test]
fn a_typo_in_a_form_is_an_error_at_its_line_not_an_empty_box() {
    let form = "name: typo\ntitle: IEP\nblocks:\n  - paragraph: \"{{ pupil.nmae }}\"\n";
    let error = form_error("typo", form);
    assert!(
        error.contains(
            "typo.yaml:4:5: error[form-error]: `blocks`, item 1, `paragraph`: `pupil.nmae` is not a name the plan has (hint: did you mean `pupil.name`?)"
        ),
        "{error}"
    );
}

#[test]
fn a_typo_in_a_repeated_row_or_a_condition_is_named_with_the_nearest_name() {
    for (text, named, near) in [
        ("{{ t.sucess }}", "`t.sucess`", "did you mean `t.success`?"),
        (
            "{% if t.achievment %}x{% endif %}",
            "`t.achievment`",
            "did you mean `t.achievement`?",
        ),
        ("{{ pupl.name }}", "`pupl`", "did you mean `pupil`?"),
        (
            "{% for i in range(2) %}{{ t.sucess }}{% endfor %}",
            "`t.sucess`",
            "did you mean `t.success`?",
        ),
    ] {
        let form = format!(
            "name: typo\ntitle: IEP\nblocks:\n  - table:\n      columns: [1]\n      rows:\n        - each: targets\n          as: t\n          rows:\n            - cells: [\"{}\"]\n",
            text.replace('"', "\\\"")
        );
        let error = form_error("typo", &form);
        assert!(
            error.contains("typo.yaml:10:23: error[form-error]"),
            "{error}"
        );
        assert!(
            error.contains(&format!("{named} is not a name the plan has")),
            "{error}"
        );
        assert!(error.contains(near), "{error}");
    }
}

#[test]
fn a_row_of_more_cells_than_the_table_has_columns_is_an_error_at_its_line() {
    let form = "name: cells\ntitle: IEP\nblocks:\n  - table:\n      columns: [1, 1, 1, 1]\n      rows:\n        - cells: [a, b, c, d, e]\n";
    let error = form_error("cells", form);
    assert!(
        error.contains("cells.yaml:7:11: error[form-error]: `blocks`, item 1, `table.rows`, item 1, `cells`: the row has 5 cells, and the table has 4 (`columns`): the last would print outside the table"),
        "{error}"
    );
    let fewer = form.replace("[a, b, c, d, e]", "[a, { text: b, span: 2 }]");
    let error = form_error("cells", &fewer);
    assert!(
        error.contains("the row has 2 cells spanning 3 columns, and the table has 4 (`columns`): give each column a cell, or widen one with `span`"),
        "{error}"
    );
}

#[test]
fn a_header_spanning_past_the_table_is_an_error_at_its_span() {
    let form = "name: span\ntitle: IEP\nblocks:\n  - table:\n      columns: [1, 1, 1, 1, 1]\n      header:\n        - cells:\n            - { text: Targets, span: 7 }\n      rows:\n        - cells: [a, b, c, d, e]\n";
    let error = form_error("span", form);
    assert!(
        error.contains("span.yaml:8:32: error[form-error]: `blocks`, item 1, `table.header`, item 1, `cells`, item 1, `span`: cell 1 spans 7 columns from column 1, past the table's 5 columns (`columns`)"),
        "{error}"
    );
}

#[test]
fn every_built_in_form_fills_its_columns() {
    // Each would fail to load otherwise; say which.
    for name in iep::FormRef::BUILT_IN {
        let form = FormRef::builtin(name).unwrap_or_else(|| panic!("{name}"));
        assert!(
            form.load().is_ok(),
            "{name}: {:?}",
            form.load().err().map(|e| e.to_string())
        );
    }
}

#[test]
fn a_row_with_each_and_cells_is_a_form_error_not_an_empty_table() {
    let form = "name: shape\ntitle: IEP\nblocks:\n  - table:\n      columns: [1]\n      rows:\n        - each: goals\n          cells: [\"{{ item.area }}\"]\n";
    let error = form_error("shape", form);
    assert!(
        error.contains("shape.yaml:7:11: error[form-error]: `blocks`, item 1, `table.rows`, item 1: a row with `each` holds only `rows:`")
,
        "{error}"
    );
}

#[test]
fn a_block_with_two_kinds_of_content_is_a_form_error() {
    let form = "name: two\ntitle: IEP\nblocks:\n  - heading: One\n    paragraph: Two\n";
    let error = form_error("two", form);
    assert!(error.contains("a block is exactly one of"), "{error}");
}

#[test]
fn a_runaway_loop_in_a_form_runs_out_of_fuel() {
    let form = "name: loop\ntitle: IEP\nblocks:\n  - paragraph: \"{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\"\n";
    let error = form_error("loop", form);
    assert!(error.contains("fuel"), "{error}");
}

#[test]
fn plan_text_cannot_make_itself_bold() {
    let document = example_changed("general", |plan| {
        plan.views.parents = Some("**not bold** \u{E000}nor this".into());
    });
    let text = outline(&document);
    assert!(text.contains("| **not bold** nor this |"), "{text}");
}

#[test]
fn a_draft_is_marked_as_a_draft() {
    let document = example_changed("highland", |plan| {
        plan.plan.agreed = None;
    });
    let text = outline(&document);
    assert!(
        text.contains("**DRAFT: this plan has not yet been agreed with the family.**"),
        "{text}"
    );
    assert!(
        text.contains("header: [Eilidh MacLeod] [] [DRAFT IEP Targets]"),
        "{text}"
    );
}
