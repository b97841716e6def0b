//! Laying a plan out on a form: the form's blocks, with its minijinja text filled in from the
//! plan, become a renderer-neutral [`Document`].
//!
//! Every piece of form text is compiled when the form is loaded, so a mistake in a form is
//! reported at its line before any plan is laid out. Templates run sandboxed: no file access (no
//! loader is set), limited fuel, and no debug output (which would print a child's data).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::diagnostic::{Code, Diagnostic};
use crate::document::{
    Align, Background, Block, Cell, Document, Image, Meta, PageSetup, Paragraph, Row, Run, Running,
    Table,
};
use crate::fonts::Typeface;
use crate::form::scope::Scope;
use crate::form::spec::{Amount, BlockSpec, CellOptions, CellSpec, FormSpec, RowSpec, RunningSpec};
use crate::load::LoadError;
use crate::plan::{Area, Date, Outcome, Plan};
use crate::policy::Policy;
use crate::source::{FieldPath, SourceMap};
use crate::{picture, symbols, text};

/// Stands for the `**` of bold markup in compiled form text. It is a private-use character, and
/// it is removed from every value a template prints, so only the form's own markup makes text bold.
const BOLD_MARK: &str = "\u{E000}";

/// The size of the credit line the built-in pictures' licence asks for: small, and legible.
const CREDIT_SIZE: u8 = 8;

/// Template work allowed for one piece of form text: far beyond any real form, and a stop for
/// loops that would never end.
const FUEL: u64 = 200_000;

/// The most blocks and rows a form may make for one plan: a real form makes under 200, and the
/// bound keeps a form whose loops run away from making thousands of pages.
pub const MAX_ITEMS: usize = 2_000;

/// The template work a form may do for one plan in all, in minijinja's fuel: the built-in forms
/// use about 450 for a full plan. [`FUEL`] bounds one piece of text; this bounds the form.
pub const DOCUMENT_FUEL: u64 = 1_000_000;

/// The most short-term targets a school's policy may allow: seeds 000 and 002 ask for a few
/// targets, and the forms have room for eight.
const MAX_TARGETS_ALLOWED: usize = 8;

/// A plan laid out on a form, and the plan's fields the form read.
#[derive(Debug)]
pub struct Filled {
    /// The document.
    pub document: Document,
    /// Every field of the plan the form read to lay it out.
    pub read: std::collections::BTreeSet<FieldPath>,
}

/// A school's form, ready to lay plans out: its spec with every template compiled. Mistakes in
/// the form (and, at layout, in what it asks of a plan) are [`LoadError`]s at the form's line.
#[derive(Debug)]
pub struct Form {
    pub(crate) spec: FormSpec,
    /// The school's rules: the form's `policy:`, a built-in form's own, or the general policy.
    pub(crate) policy: Policy,
    env: Environment<'static>,
    /// Where each piece of template text first stands in the form file, to report errors there.
    origins: HashMap<String, FieldPath>,
    places: SourceMap,
    file: String,
    /// The folder of a form file, the only place its own pictures come from.
    pub(crate) folder: Option<PathBuf>,
    /// One of iep's own forms, compiled in.
    pub(crate) builtin: bool,
}

impl Form {
    /// Compiles the text and expressions of `spec`, read from `file` with `places`.
    pub fn new(spec: FormSpec, places: SourceMap, file: String) -> Result<Self, LoadError> {
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
        let policy = FieldPath::root().key("policy");
        if !(1..=MAX_TARGETS_ALLOWED).contains(&form.policy.max_targets) {
            return Err(form.problem(
                &policy.key("max_targets"),
                &format!("a plan holds 1 to {MAX_TARGETS_ALLOWED} short-term targets"),
            ));
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
                        return Err(form.error(&path, &error));
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
                        return Err(form.error(&path, &error));
                    }
                    form.origins.insert(text, path);
                }
            }
        }
        Ok(form)
    }

    /// The validation policy this form carries.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The form's short name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// True for one of iep's own forms, compiled in.
    pub fn is_builtin(&self) -> bool {
        self.builtin
    }

    /// What the form is, in a line.
    pub fn description(&self) -> &str {
        self.spec.description.as_deref().unwrap_or_default()
    }

    fn error(&self, path: &FieldPath, error: &minijinja::Error) -> LoadError {
        let detail = error.detail().map(|d| format!(": {d}")).unwrap_or_default();
        self.problem(path, &format!("{}{detail}", error.kind()))
    }

    /// A mistake in the form at `path`.
    fn problem(&self, path: &FieldPath, what: &str) -> LoadError {
        let diagnostic = Diagnostic::error(Code::FormError, format!("{}: {what}", path.describe()))
            .with_hint("compare with a built-in form that works: `iep form show general`")
            .at_place(self.places.place(path))
            .at_field(path.clone());
        LoadError::Invalid {
            file: self.file.clone(),
            diagnostic: Box::new(diagnostic),
        }
    }

    fn error_at(&self, text: &str, error: &minijinja::Error) -> LoadError {
        let path = self.origins.get(text).cloned().unwrap_or_default();
        self.error(&path, error)
    }

    /// Lays `plan` out on this form. `folder` is where the plan's relative paths (photos) start.
    pub fn lay_out(&self, plan: &Plan, folder: &Path) -> Result<Document, LoadError> {
        self.fill(plan, folder).map(|filled| filled.document)
    }

    /// Lays `plan` out on this form, and says which of its fields the form read: a field the
    /// plan fills that the form never reads is not on the printed form. A fitted form
    /// (`page.fit`) is laid out at its smallest, `scale` 1: [`crate::form::fit`] fits it.
    pub fn fill(&self, plan: &Plan, folder: &Path) -> Result<Filled, LoadError> {
        self.fill_at(plan, folder, 1.0)
    }

    /// Lays `plan` out with the form's sizes worked out at `scale`.
    pub(crate) fn fill_at(
        &self,
        plan: &Plan,
        folder: &Path,
        scale: f32,
    ) -> Result<Filled, LoadError> {
        let scope = Scope::of(plan, folder, scale);
        let spec = &self.spec;
        let background = match &spec.page.background {
            None => Background::default(),
            Some(text) => {
                let name = self.text(text, &scope)?;
                Background::from_key(&name).ok_or_else(|| {
                    self.problem(
                        &FieldPath::root().key("page").key("background"),
                        "the background is not `white` or `cream`",
                    )
                })?
            }
        };
        let page = PageSetup {
            orientation: spec.page.orientation,
            margins_mm: spec.page.margins_mm,
            max_pages: spec.page.max_pages,
            background,
        };
        let typeface = match &spec.font {
            None => Typeface::default(),
            Some(font) => {
                let name = self.text(font, &scope)?;
                Typeface::from_key(&name).ok_or_else(|| {
                    let known = Typeface::ALL.map(|t| format!("`{}`", t.key())).join(", ");
                    self.problem(
                        &FieldPath::root().key("font"),
                        &format!("the font is not one of {known}"),
                    )
                })?
            }
        };
        let mut meta = Meta {
            title: self.text(&spec.title, &scope)?,
            author: text::clean(plan.school()),
            subject: match &spec.subject {
                Some(subject) => self.text(subject, &scope)?,
                None => format!("Individual Education Plan for {}", plan.name()),
            },
            language: "en-GB".to_owned(),
            credit: None,
        };
        let running = |spec: &Option<RunningSpec>| -> Result<Option<Running>, LoadError> {
            spec.as_ref()
                .map(|r| {
                    Ok(Running {
                        left: self.text(&r.left, &scope)?,
                        center: self.text(&r.center, &scope)?,
                        right: self.text(&r.right, &scope)?,
                    })
                })
                .transpose()
        };
        let mut blocks = Vec::new();
        self.blocks(&spec.blocks, &scope, &mut blocks)?;
        // The built-in pictures' licence asks for a credit wherever they are shown.
        if scope.budget.symbols_shown.load(Ordering::Relaxed) {
            meta.credit = Some(symbols::CREDIT.to_owned());
            blocks.push(Block::Paragraph(Paragraph {
                runs: vec![Run::plain(symbols::CREDIT)],
                align: Align::Center,
                size: Some(CREDIT_SIZE),
            }));
        }
        let document = Document {
            meta,
            page,
            typeface,
            header: running(&spec.header)?,
            footer: running(&spec.footer)?,
            blocks,
        };
        Ok(Filled {
            document,
            read: scope.read(),
        })
    }

    fn blocks(
        &self,
        specs: &[BlockSpec],
        scope: &Scope,
        out: &mut Vec<Block>,
    ) -> Result<(), LoadError> {
        for spec in specs {
            if !self.when(spec.when.as_deref(), scope)? {
                continue;
            }
            self.made(1, scope)?;
            if let Some(each) = &spec.each {
                let inner = spec.blocks.as_deref().unwrap_or_default();
                for item_scope in self.each(each, spec.name.as_deref(), spec.min, scope)? {
                    self.blocks(inner, &item_scope, out)?;
                }
            } else if let Some(text) = &spec.heading {
                out.push(Block::Heading {
                    level: spec.level.unwrap_or(2).clamp(1, 3),
                    text: self.text(text, scope)?,
                });
            } else if let Some(text) = &spec.paragraph {
                let runs = self.runs(text, scope, false)?;
                for mut paragraph in paragraphs(runs) {
                    paragraph.align = spec.align.unwrap_or_default();
                    paragraph.size = self.size(&spec.size, scope)?;
                    out.push(Block::Paragraph(paragraph));
                }
            } else if let Some(table) = &spec.table {
                let mut header = Vec::new();
                self.rows(&table.header, scope, &mut header)?;
                let mut rows = Vec::new();
                self.rows(&table.rows, scope, &mut rows)?;
                out.push(Block::Table(Table {
                    columns: table.columns.clone(),
                    header,
                    rows,
                    size: self.size(&table.size, scope)?,
                    borderless: !table.borders,
                    keep_with_next: table.keep_with_next,
                    fill: table.fill,
                    padding_mm: table.padding_mm.map(|p| p.clamp(0.0, 10.0)),
                }));
            } else if let Some(image) = &spec.image {
                if let Some(block) = self.image(image, spec, scope)? {
                    out.push(block);
                }
            } else if let Some(space) = spec.space {
                out.push(Block::Space(space));
            } else if spec.page_break == Some(true) {
                out.push(Block::PageBreak);
            }
        }
        Ok(())
    }

    fn rows(&self, specs: &[RowSpec], scope: &Scope, out: &mut Vec<Row>) -> Result<(), LoadError> {
        for spec in specs {
            if !self.when(spec.when.as_deref(), scope)? {
                continue;
            }
            self.made(1, scope)?;
            if let Some(each) = &spec.each {
                let inner = spec.rows.as_deref().unwrap_or_default();
                for item_scope in self.each(each, spec.name.as_deref(), spec.min, scope)? {
                    self.rows(inner, &item_scope, out)?;
                }
                continue;
            }
            let mut cells = Vec::new();
            for cell in spec.cells.iter().flatten() {
                let options = match cell {
                    CellSpec::Text(text) => CellOptions {
                        text: text.clone(),
                        span: 1,
                        ..CellOptions::default()
                    },
                    CellSpec::Full(options) => options.clone(),
                };
                let mut paragraphs = Vec::new();
                let texts = std::iter::once((&options.text, &options.size, options.bold)).chain(
                    options
                        .paragraphs
                        .iter()
                        .map(|p| (&p.text, &p.size, p.bold || options.bold)),
                );
                for (text, size, bold) in texts {
                    let size = self.size(size, scope)?;
                    for mut paragraph in self::paragraphs(self.runs(text, scope, bold)?) {
                        paragraph.align = options.align;
                        paragraph.size = size;
                        paragraphs.push(paragraph);
                    }
                }
                let image = match &options.image {
                    Some(path) => {
                        let width = self.amount(&options.width_mm, scope)?.unwrap_or(30.0);
                        let height = self.amount(&options.height_mm, scope)?;
                        self.picture(path, (width, height), options.align, scope)?
                    }
                    None => None,
                };
                cells.push(Cell {
                    image,
                    paragraphs,
                    span: options.span.max(1),
                    shaded: options.shade,
                    valign: options.valign,
                });
            }
            out.push(Row {
                cells,
                min_height_mm: self.amount(&spec.height, scope)?.unwrap_or(0.0),
                keep_with_next: spec.keep_with_next.unwrap_or(false),
            });
        }
        Ok(())
    }

    /// The picture a block shows.
    fn image(
        &self,
        path_text: &str,
        spec: &BlockSpec,
        scope: &Scope,
    ) -> Result<Option<Block>, LoadError> {
        let width = self.amount(&spec.width_mm, scope)?.unwrap_or(40.0);
        let height = self.amount(&spec.height_mm, scope)?;
        let align = spec.align.unwrap_or_default();
        Ok(self
            .picture(path_text, (width, height), align, scope)?
            .map(Block::Image))
    }

    /// A picture named by form text: a built-in symbol (`reading`), or a file whose path is
    /// taken from the plan's folder. An empty name (a plan with no photo) gives no picture; a
    /// file that cannot be read is an error, never a gap.
    fn picture(
        &self,
        path_text: &str,
        (width_mm, max_height_mm): (f32, Option<f32>),
        align: Align,
        scope: &Scope,
    ) -> Result<Option<Image>, LoadError> {
        let name = self.text(path_text, scope)?;
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        let from_plan = scope.plan_pictures.contains(name);
        let read = match symbols::symbol(name) {
            Some(png) => {
                scope.budget.symbols_shown.store(true, Ordering::Relaxed);
                Ok(png.to_vec())
            }
            None if from_plan => picture::read(&scope.folder.join(name)),
            None => match &self.folder {
                Some(folder) => picture::read_in_folder(folder, name),
                None => {
                    Err("a built-in form shows only the plan's pictures and the symbols".into())
                }
            },
        };
        let data = match read {
            Ok(data) => data,
            Err(why) => {
                let field = self.origins.get(path_text).cloned().unwrap_or_default();
                let hint = if !from_plan {
                    "a form's own pictures (a school's logo) are PNG or JPEG files in the form's folder".to_owned()
                } else if symbols::is_path(name) {
                    "give a PNG or JPEG file, with its path relative to the plan file".to_owned()
                } else {
                    format!(
                        "name a built-in symbol ({}) or give a PNG or JPEG file's path",
                        symbols::names().collect::<Vec<_>>().join(", ")
                    )
                };
                return Err(LoadError::Invalid {
                    file: self.file.clone(),
                    diagnostic: Box::new(
                        Diagnostic::error(
                            Code::MissingImage,
                            format!("{}: the picture cannot be used: {why}", field.describe()),
                        )
                        .with_hint(hint)
                        .at_place(self.places.place(&field))
                        .at_field(field),
                    ),
                });
            }
        };
        Ok(Some(Image {
            data,
            name: name.to_owned(),
            width_mm,
            max_height_mm,
            align,
        }))
    }

    /// A number of the form, worked out for this plan when it is an expression.
    fn amount(&self, amount: &Option<Amount>, scope: &Scope) -> Result<Option<f32>, LoadError> {
        match amount {
            None => Ok(None),
            Some(Amount::Number(number)) => Ok(Some(*number)),
            Some(Amount::Expression(expression)) => {
                let value = self.eval(expression, scope)?;
                f64::try_from(value)
                    .map(|number| Some(number as f32))
                    .map_err(|error| self.error_at(expression, &error))
            }
        }
    }

    /// A font size in whole points, kept between 4 and 96.
    fn size(&self, amount: &Option<Amount>, scope: &Scope) -> Result<Option<u8>, LoadError> {
        Ok(self
            .amount(amount, scope)?
            .map(|size| size.round().clamp(4.0, 96.0) as u8))
    }

    fn when(&self, expression: Option<&str>, scope: &Scope) -> Result<bool, LoadError> {
        let Some(expression) = expression else {
            return Ok(true);
        };
        self.eval(expression, scope).map(|value| value.is_true())
    }

    fn eval(&self, expression: &str, scope: &Scope) -> Result<Value, LoadError> {
        let key = expression_key(expression);
        let captured = self
            .env
            .get_template(&key)
            .and_then(|template| template.render_captured(scope.value()))
            .map_err(|error| self.error_at(expression, &error))?;
        self.charge(expression, captured.state(), scope)?;
        Ok(captured.state().lookup("value").unwrap_or_default())
    }

    /// Counts the fuel a template burnt towards the form's budget for this plan.
    fn charge(&self, text: &str, state: &minijinja::State, scope: &Scope) -> Result<(), LoadError> {
        let burnt = state.fuel_levels().map_or(0, |(consumed, _)| consumed);
        let total = scope.budget.fuel.fetch_add(burnt, Ordering::Relaxed) + burnt;
        if total > DOCUMENT_FUEL {
            let path = self.origins.get(text).cloned().unwrap_or_default();
            return Err(self.problem(
                &path,
                &format!("the form does more work for one plan than any form needs (more than {DOCUMENT_FUEL} steps of its templates)"),
            ));
        }
        Ok(())
    }

    /// Counts `count` blocks or rows made for this plan towards [`MAX_ITEMS`]; past it, the
    /// innermost `each` that made them is at fault.
    fn made(&self, count: usize, scope: &Scope) -> Result<(), LoadError> {
        let total = scope.budget.items.fetch_add(count, Ordering::Relaxed) + count;
        if total > MAX_ITEMS {
            let path = scope
                .each
                .as_deref()
                .and_then(|each| self.origins.get(each))
                .cloned()
                .unwrap_or_else(|| FieldPath::root().key("blocks"));
            return Err(self.problem(
                &path,
                &format!("the form makes more than {MAX_ITEMS} blocks and rows for one plan (a real form makes under 200)"),
            ));
        }
        Ok(())
    }

    /// One scope for each item of the list `expression` gives, padded with blank items to `min`.
    fn each(
        &self,
        expression: &str,
        name: Option<&str>,
        min: Option<usize>,
        scope: &Scope,
    ) -> Result<Vec<Scope>, LoadError> {
        let list = self.eval(expression, scope)?;
        let mut items: Vec<Value> = if list.is_none() || list.is_undefined() {
            Vec::new()
        } else {
            match list.try_iter() {
                Ok(iter) => iter.collect(),
                Err(error) => return Err(self.error_at(expression, &error)),
            }
        };
        while items.len() < min.unwrap_or(0) {
            items.push(Value::from_object(Blank));
        }
        let scope = scope.within_each(expression);
        self.made(items.len(), &scope)?;
        let name = name.unwrap_or("item");
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, item)| scope.with(name, item, i + 1))
            .collect())
    }

    /// Form text as plain text (runs joined).
    fn text(&self, text: &str, scope: &Scope) -> Result<String, LoadError> {
        Ok(self
            .runs(text, scope, false)?
            .into_iter()
            .map(|r| r.text)
            .collect())
    }

    /// Form text as runs: each `**...**` stretch of the form's own text is bold. A plan's text
    /// cannot change the styling (see [`BOLD_MARK`]).
    fn runs(&self, text: &str, scope: &Scope, bold: bool) -> Result<Vec<Run>, LoadError> {
        let template = self
            .env
            .get_template(text)
            .map_err(|e| self.error_at(text, &e))?;
        let captured = template
            .render_captured(scope.value())
            .map_err(|e| self.error_at(text, &e))?;
        self.charge(text, captured.state(), scope)?;
        Ok(captured
            .output()
            .split(BOLD_MARK)
            .enumerate()
            .filter(|(_, piece)| !piece.is_empty())
            .map(|(i, piece)| Run {
                text: text::clean(piece),
                bold: bold || i % 2 == 1,
                ..Run::default()
            })
            .collect())
    }
}

/// The name a form's expression is kept under as a template: a private-use character no form
/// text starts with, so it never meets a template of the form's own.
fn expression_key(expression: &str) -> String {
    format!("\u{E001}{expression}")
}

/// A blank list item: every field is empty. Stands in for the empty rows and boxes of a paper
/// form, so form text can say `{{ t.target }}` of it as of a real target.
#[derive(Debug)]
struct Blank;

impl Object for Blank {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, _key: &Value) -> Option<Value> {
        Some(Value::from(()))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Empty
    }

    fn is_true(self: &Arc<Self>) -> bool {
        false
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(64);
    // `debug()` would print every value in scope, the child's whole record, into the document.
    env.remove_global("debug");
    env.set_auto_escape_callback(|_| AutoEscape::None);
    // Empty fields print as nothing, not "none".
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            Ok(())
        } else if let Some(text) = value.as_str() {
            out.write_str(&text.replace(BOLD_MARK, "")).map_err(|_| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
            })
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("date", date_filter);
    env.add_filter("area", |key: Value| {
        label_of(&key, |k| {
            Area::ALL
                .into_iter()
                .find(|a| a.key() == k)
                .map(Area::label)
        })
    });
    env.add_filter("outcome", |key: Value| {
        label_of(&key, |k| {
            Outcome::ALL
                .into_iter()
                .find(|o| o.key() == k)
                .map(Outcome::label)
        })
    });
    env.add_filter("month", |value: Value| {
        match value.as_str().and_then(Date::parse) {
            Some(date) => Value::from(date.month_name()),
            None => Value::from(()),
        }
    });
    env.add_filter("symbol", |area: Value| {
        label_of(&area, |k| {
            Area::ALL
                .into_iter()
                .find(|a| a.key() == k)
                .map(symbols::for_area)
        })
    });
    env.add_filter("picture", picture_filter);
    env.add_filter("grid", grid_filter);
    env.add_filter("longest", longest_filter);
    env.add_filter("term", |list: Value, n: usize| -> Value {
        n.checked_sub(1)
            .and_then(|i| list.get_item_by_index(i).ok())
            .filter(|v| !v.is_undefined())
            .unwrap_or(Value::from(()))
    });
    env.add_filter("targets_in", |goals: Value, area: String| -> Value {
        let mut targets = Vec::new();
        if let Ok(goals) = goals.try_iter() {
            for goal in goals {
                let in_area = goal
                    .get_attr("area")
                    .is_ok_and(|a| a.as_str() == Some(area.as_str()));
                if let (true, Ok(list)) = (
                    in_area,
                    goal.get_attr("targets")
                        .and_then(|t| t.try_iter().map(|i| i.collect::<Vec<_>>())),
                ) {
                    targets.extend(list);
                }
            }
        }
        Value::from(targets)
    });
    env
}

fn label_of(key: &Value, lookup: impl Fn(&str) -> Option<&'static str>) -> Value {
    match key.as_str() {
        Some(k) => Value::from(lookup(k).unwrap_or_default()),
        None => Value::from(()),
    }
}

/// `{{ t | picture }}`: the picture a target shows: its `symbol` (a built-in symbol by its name
/// or a word for it, or the path of its own picture), else the picture of its `area`. Nothing for
/// a blank item.
fn picture_filter(target: Value) -> Value {
    let text = |key: &str| {
        target
            .get_attr(key)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.trim().to_owned()))
            .filter(|s| !s.is_empty())
    };
    if let Some(symbol) = text("symbol") {
        if symbols::is_path(&symbol) {
            return Value::from(symbol);
        }
        if let Some(name) = symbols::resolve(&symbol) {
            return Value::from(name);
        }
    }
    let area = text("area").and_then(|key| Area::ALL.into_iter().find(|a| a.key() == key));
    match area {
        Some(area) => Value::from(symbols::for_area(area)),
        None if target.is_true() => Value::from(symbols::for_area(Area::Other)),
        None => Value::from(()),
    }
}

/// `{{ targets | grid(2) }}`: the list in rows of `columns` items, the last row filled with
/// blank items, for a grid of cards.
fn grid_filter(list: Value, columns: usize) -> Result<Value, minijinja::Error> {
    let columns = columns.max(1);
    let items: Vec<Value> = list.try_iter()?.collect();
    Ok(Value::from(
        items
            .chunks(columns)
            .map(|row| {
                let mut row = row.to_vec();
                row.resize_with(columns, || Value::from_object(Blank));
                Value::from(row)
            })
            .collect::<Vec<_>>(),
    ))
}

/// `{{ targets | longest('pupil_words', 'target') }}`: the length in characters of the longest
/// text the items print, taking from each item the first of the fields it has: for sizes that
/// follow how much there is to say.
fn longest_filter(
    list: Value,
    fields: minijinja::value::Rest<String>,
) -> Result<Value, minijinja::Error> {
    let mut longest = 0;
    for item in list.try_iter()? {
        let text = fields
            .iter()
            .filter_map(|field| item.get_attr(field).ok())
            .find(|value| value.is_true());
        if let Some(text) = text.as_ref().and_then(Value::as_str) {
            longest = longest.max(text.trim().chars().count());
        }
    }
    Ok(Value::from(longest))
}

/// `{{ plan.review | date }}`: "25 January 2027"; empty for no date.
fn date_filter(value: Value) -> Value {
    match value.as_str().and_then(Date::parse) {
        Some(date) => Value::from(date.long()),
        None => Value::from(()),
    }
}

/// Runs split into paragraphs at blank lines; blank paragraphs are dropped.
fn paragraphs(runs: Vec<Run>) -> Vec<Paragraph> {
    let mut paragraphs = vec![Paragraph::default()];
    for run in runs {
        let mut pieces = run.text.split("\n\n").peekable();
        while let Some(piece) = pieces.next() {
            if let Some(last) = paragraphs.last_mut()
                && !piece.is_empty()
            {
                last.runs.push(Run {
                    text: piece.to_owned(),
                    ..run.clone()
                });
            }
            if pieces.peek().is_some() {
                paragraphs.push(Paragraph::default());
            }
        }
    }
    paragraphs.retain(|p| !p.is_blank());
    for paragraph in &mut paragraphs {
        // Line breaks at the edges of a paragraph are leftovers of the form's layout.
        if let Some(first) = paragraph.runs.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(last) = paragraph.runs.last_mut() {
            last.text = last.text.trim_end().to_owned();
        }
    }
    paragraphs
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
            collect_rows(&table.header, &path.key("table").key("header"), out);
            collect_rows(&table.rows, &path.key("table").key("rows"), out);
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

fn collect_rows(rows: &[RowSpec], path: &FieldPath, out: &mut Vec<(FieldPath, String, Kind)>) {
    for (i, row) in rows.iter().enumerate() {
        let path = path.index(i);
        if let Some(problem) = row.shape_problem() {
            out.push((path.clone(), String::new(), Kind::Shape(problem.into())));
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
                }
            }
        }
        if let Some(inner) = &row.rows {
            collect_rows(inner, &path.key("rows"), out);
        }
    }
}
