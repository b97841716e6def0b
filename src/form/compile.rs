//! Compiling a form: every piece of its text and every expression checked and compiled when the
//! form is loaded, and the shapes serde cannot check (a block that is two things at once, header
//! rows taller than the page allows), so that a mistake is reported at its line in the form file
//! before any plan is laid out.

use std::collections::HashMap;

use super::Form;
use super::filters::{BOLD_MARK, environment};
use super::spec::{Amount, BlockSpec, CellSpec, FormSpec, RowSpec};
use crate::diagnostic::Diagnostic;
use crate::document::{Background, PageSetup};
use crate::source::{FieldPath, SourceMap};

impl Form {
    /// Compiles the text and expressions of `spec`, read from `file` with `places`.
    pub(crate) fn compile(
        spec: FormSpec,
        places: SourceMap,
        file: String,
    ) -> Result<Self, Box<Diagnostic>> {
        let mut form = Self {
            policy: spec.policy.clone().unwrap_or_default(),
            spec,
            env: environment(),
            origins: HashMap::new(),
            places,
            file,
            folder: None,
            builtin: false,
        };
        if let Some((key, problem)) = form.policy.problem() {
            return Err(form.problem(&FieldPath::root().key("policy").key(key), &problem));
        }
        if let Some((path, problem)) = super::words::problem(&form.spec.words) {
            return Err(form.problem(&path, &problem));
        }
        let mut texts = Vec::new();
        collect_form(&form.spec, &mut texts);
        for (path, text, kind) in texts {
            match kind {
                Kind::Shape(problem) => return Err(form.problem(&path, &problem)),
                Kind::Template => {
                    if form.origins.contains_key(&text) {
                        continue;
                    }
                    form.origins.insert(text.clone(), path.clone());
                    let source = text.replace("**", BOLD_MARK);
                    if let Err(error) = form.env.add_template_owned(text, source) {
                        return Err(form.template_error(&path, &error));
                    }
                }
                Kind::Expression => {
                    // Checked as an expression, then kept as a template that sets its value, so
                    // that the fuel it burns counts towards the form's budget.
                    let checked = form.env.compile_expression(&text).map(|_| ());
                    if let Err(error) = checked.and_then(|()| {
                        form.env.add_template_owned(
                            expression_key(&text),
                            format!("{{% set value = ({text}) %}}"),
                        )
                    }) {
                        return Err(form.template_error(&path, &error));
                    }
                    form.origins.insert(text, path);
                }
            }
        }
        Ok(form)
    }
}

/// The name a form's expression is kept under as a template: a private-use character no form
/// text starts with, so it never meets a template of the form's own.
pub(super) fn expression_key(expression: &str) -> String {
    format!("\u{E001}{expression}")
}

enum Kind {
    Template,
    Expression,
    /// Not text: a block or row whose shape the layout could not follow (serde cannot say it,
    /// and the layout would silently skip it).
    Shape(String),
}

/// Every piece of template text and every expression in a form, with its path, and any block or
/// row of the wrong shape.
fn collect_form(spec: &FormSpec, out: &mut Vec<(FieldPath, String, Kind)>) {
    let root = FieldPath::root();
    out.push((root.key("title"), spec.title.clone(), Kind::Template));
    if let Some(subject) = &spec.subject {
        out.push((root.key("subject"), subject.clone(), Kind::Template));
    }
    if let Some(font) = &spec.font {
        out.push((root.key("font"), font.clone(), Kind::Template));
    }
    if let Some(background) = &spec.page.background {
        let path = root.key("page").key("background");
        out.push((path, background.clone(), Kind::Template));
    }
    for (key, running) in [("header", &spec.header), ("footer", &spec.footer)] {
        if let Some(running) = running {
            for (side, text) in [
                ("left", &running.left),
                ("center", &running.center),
                ("right", &running.right),
            ] {
                out.push((root.key(key).key(side), text.clone(), Kind::Template));
            }
        }
    }
    let (_, paper_height) = PageSetup {
        orientation: spec.page.orientation,
        margins_mm: spec.page.margins_mm,
        max_pages: None,
        background: Background::default(),
    }
    .size_mm();
    let room = paper_height - spec.page.margins_mm[0] - spec.page.margins_mm[2];
    collect_blocks(&spec.blocks, &root.key("blocks"), room, out);
}

/// `room` is the height between the page's margins, which a table's header rows must leave
/// room in: they repeat on every page.
fn collect_blocks(
    blocks: &[BlockSpec],
    path: &FieldPath,
    room: f32,
    out: &mut Vec<(FieldPath, String, Kind)>,
) {
    for (i, block) in blocks.iter().enumerate() {
        let path = path.index(i);
        if let Some(problem) = block.shape_problem() {
            out.push((path.clone(), String::new(), Kind::Shape(problem.into())));
        }
        let mut expression = |key: &str, text: &Option<String>| {
            if let Some(text) = text {
                out.push((path.key(key), text.clone(), Kind::Expression));
            }
        };
        expression("when", &block.when);
        expression("each", &block.each);
        amounts(
            &path,
            [("size", &block.size), ("width_mm", &block.width_mm)],
            out,
        );
        for (key, text) in [
            ("heading", &block.heading),
            ("paragraph", &block.paragraph),
            ("image", &block.image),
            ("alt", &block.alt),
        ] {
            if let Some(text) = text {
                out.push((path.key(key), text.clone(), Kind::Template));
            }
        }
        if let Some(table) = &block.table {
            let header: f32 = table
                .header
                .iter()
                .filter_map(|row| match row.height {
                    Some(Amount::Number(height)) => Some(height),
                    _ => None,
                })
                .sum();
            if header > room / 2.0 {
                out.push((
                    path.key("table").key("header"),
                    String::new(),
                    Kind::Shape(format!(
                        "the header rows are {header} mm high, but they repeat on every page and must leave room below them: at most {} mm on this page",
                        room / 2.0
                    )),
                ));
            }
            amounts(&path.key("table"), [("size", &table.size)], out);
            let columns = table.columns.len();
            collect_rows(
                &table.header,
                &path.key("table").key("header"),
                columns,
                out,
            );
            collect_rows(&table.rows, &path.key("table").key("rows"), columns, out);
        }
        if let Some(inner) = &block.blocks {
            collect_blocks(inner, &path.key("blocks"), room, out);
        }
    }
}

/// The expressions among a spec's numbers.
fn amounts<const N: usize>(
    path: &FieldPath,
    amounts: [(&str, &Option<Amount>); N],
    out: &mut Vec<(FieldPath, String, Kind)>,
) {
    for (key, amount) in amounts {
        if let Some(Amount::Expression(expression)) = amount {
            out.push((path.key(key), expression.clone(), Kind::Expression));
        }
    }
}

/// `columns` is the number of columns of the table the rows are in, which each row's cells must
/// fill, no more and no fewer: text in a cell past the table would print outside it.
fn collect_rows(
    rows: &[RowSpec],
    path: &FieldPath,
    columns: usize,
    out: &mut Vec<(FieldPath, String, Kind)>,
) {
    for (i, row) in rows.iter().enumerate() {
        let path = path.index(i);
        if let Some(problem) = row.shape_problem() {
            out.push((path.clone(), String::new(), Kind::Shape(problem.into())));
        }
        if let Some((at, problem)) = row.cells.as_deref().and_then(|c| cells_problem(c, columns)) {
            let at = match at {
                Some(c) => path.key("cells").index(c).key("span"),
                None => path.key("cells"),
            };
            out.push((at, String::new(), Kind::Shape(problem)));
        }
        for (key, text) in [("when", &row.when), ("each", &row.each)] {
            if let Some(text) = text {
                out.push((path.key(key), text.clone(), Kind::Expression));
            }
        }
        amounts(&path, [("height", &row.height)], out);
        for (c, cell) in row.cells.iter().flatten().enumerate() {
            let cell_path = path.key("cells").index(c);
            match cell {
                CellSpec::Text(text) => out.push((cell_path, text.clone(), Kind::Template)),
                CellSpec::Full(options) => {
                    out.push((cell_path.key("text"), options.text.clone(), Kind::Template));
                    let sizes = [
                        ("size", &options.size),
                        ("width_mm", &options.width_mm),
                        ("height_mm", &options.height_mm),
                    ];
                    amounts(&cell_path, sizes, out);
                    for (p, paragraph) in options.paragraphs.iter().enumerate() {
                        let at = cell_path.key("paragraphs").index(p);
                        out.push((at.key("text"), paragraph.text.clone(), Kind::Template));
                        amounts(&at, [("size", &paragraph.size)], out);
                    }
                    if let Some(image) = &options.image {
                        out.push((cell_path.key("image"), image.clone(), Kind::Template));
                    }
                    if let Some(alt) = &options.alt {
                        out.push((cell_path.key("alt"), alt.clone(), Kind::Template));
                    }
                    if let Some(continued) = &options.continued {
                        let at = cell_path.key("continued");
                        out.push((at, continued.clone(), Kind::Template));
                    }
                }
            }
        }
        if let Some(inner) = &row.rows {
            collect_rows(inner, &path.key("rows"), columns, out);
        }
    }
}

/// What is wrong with a row's `cells` in a table of `columns` columns, and the cell at fault when
/// one is (its `span` runs past the table): cells that fill more or fewer columns than the table
/// has.
fn cells_problem(cells: &[CellSpec], columns: usize) -> Option<(Option<usize>, String)> {
    let span = |cell: &CellSpec| match cell {
        CellSpec::Text(_) => 1,
        CellSpec::Full(options) => options.span.max(1),
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut used = 0;
    for (c, cell) in cells.iter().enumerate() {
        let start = used;
        used += span(cell);
        if used > columns && span(cell) > 1 {
            return Some((
                Some(c),
                format!(
                    "cell {} spans {} columns from column {}, past the table's {columns} column{} (`columns`)",
                    c + 1,
                    span(cell),
                    start + 1,
                    plural(columns)
                ),
            ));
        }
    }
    let cells_said = format!("{} cell{}", cells.len(), plural(cells.len()));
    let filled = if used == cells.len() {
        cells_said
    } else {
        format!("{cells_said} spanning {used} column{}", plural(used))
    };
    match used.cmp(&columns) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some((
            None,
            format!(
                "the row has {filled}, and the table has {columns} (`columns`): the last would print outside the table"
            ),
        )),
        std::cmp::Ordering::Less => Some((
            None,
            format!(
                "the row has {filled}, and the table has {columns} (`columns`): give each column a cell, or widen one with `span`"
            ),
        )),
    }
}
