//! Filling a form from a plan: the form's blocks and rows, with its text worked out from the
//! plan, become a renderer-neutral [`Document`]. Every value is cleaned for print on the way
//! ([`text::clean`]), and the work a form may do for one plan is bounded, so that a form whose
//! loops run away is refused at its line rather than making thousands of pages.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use minijinja::value::Value;

use super::Form;
use super::compile::{expression_key, number_range};
use super::file_system;
use super::filters::{BOLD_MARK, Blank};
use super::scope::{Pictures, Scope};
use super::spec::{Amount, BlockSpec, CellOptions, CellSpec, RowSpec, RunningSpec};
use super::words;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{
    Align, Background, Block, Cell, Document, Image, Meta, PageSetup, Paragraph, Row, Run, Running,
    Table,
};
use crate::files::Files;
use crate::fonts::Typeface;
use crate::plan::Plan;
use crate::source::FieldPath;
use crate::{picture, symbols, text};

/// The size of the credit line the built-in pictures' licence asks for: small, and legible.
const CREDIT_SIZE: u8 = 8;

/// The most blocks and rows a form may make for one plan: a real form makes under 200, and the
/// bound keeps a form whose loops run away from making thousands of pages.
pub const MAX_ITEMS: usize = 2_000;

/// The template work a form may do for one plan in all, in minijinja's fuel: the built-in forms
/// use about 450 for a full plan. The fuel of one piece of text is bounded too; this bounds the form.
pub const DOCUMENT_FUEL: u64 = 1_000_000;

/// The most text a form may make for one plan, in characters: every piece of its text worked
/// out for the plan, counted as it is written and refused the moment it is passed, before any of
/// it is laid out. A plan holds at most [`MAX_PLAN_TEXT`](crate::load::MAX_PLAN_TEXT), and its
/// form adds its labels; a form whose text multiplies (`{{ "x" * 5000000 }}`) is stopped here,
/// small and fast, instead of being laid out over gigabytes.
pub const DOCUMENT_TEXT: usize = 400_000;

/// The most the pictures of one document may take, their files (held in the document) and their
/// pixels as decoded for print together: a photo and a picture for each target, many times over.
pub const DOCUMENT_PICTURES: usize = 32 * 1024 * 1024;

/// Where a piece of form text is written as it is worked out: counted towards the text of the
/// whole plan, and refused once that passes [`DOCUMENT_TEXT`].
struct Capped<'a> {
    bytes: Vec<u8>,
    made: &'a std::sync::atomic::AtomicUsize,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Characters: every byte that does not continue a UTF-8 sequence starts one.
        let characters = buf.iter().filter(|b| (**b as i8) >= -0x40).count();
        let made = self.made.fetch_add(characters, Ordering::Relaxed) + characters;
        if made > DOCUMENT_TEXT {
            return Err(std::io::Error::other("the form makes too much text"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A plan laid out on a form, and the plan's fields the form read.
#[derive(Debug)]
pub struct Filled {
    /// The document.
    pub document: Document,
    /// Every field of the plan the form read to lay it out.
    pub read: BTreeSet<FieldPath>,
}

impl Form {
    /// Lays `plan` out on this form. `folder` is where the plan's relative paths (photos) start.
    pub fn lay_out(&self, plan: &Plan, folder: &Path) -> Result<Document, crate::Error> {
        self.fill(plan, folder).map(|filled| filled.document)
    }

    /// Lays `plan` out on this form, and says which of its fields the form read: a field the
    /// plan fills that the form never reads is not on the printed form. A fitted form
    /// (`page.fit`) is laid out at its smallest, `scale` 1: [`Form::fill_fitted`] fits it.
    pub fn fill(&self, plan: &Plan, folder: &Path) -> Result<Filled, crate::Error> {
        self.fill_from(&file_system(), plan, folder)
            .map_err(|d| crate::Error::new(crate::Stage::Layout, *d))
    }

    /// [`Form::fill`], the pictures and the group plan read from `files`.
    pub(crate) fn fill_from(
        &self,
        files: &Arc<dyn Files>,
        plan: &Plan,
        folder: &Path,
    ) -> Result<Filled, Box<Diagnostic>> {
        let group = crate::load::group_plan(files.as_ref(), plan, folder)?;
        self.fill_at(
            files,
            plan,
            folder,
            1.0,
            group.as_ref(),
            &Pictures::default(),
        )
    }

    /// Lays `plan` out with the form's sizes worked out at `scale`; `group` is the group plan
    /// it names and `pictures` the pictures read so far, read once by the caller however many
    /// scales are tried.
    pub(crate) fn fill_at(
        &self,
        files: &Arc<dyn Files>,
        plan: &Plan,
        folder: &Path,
        scale: f32,
        group: Option<&Plan>,
        pictures: &Pictures,
    ) -> Result<Filled, Box<Diagnostic>> {
        let spec = &self.spec;
        let words = words::chosen(&spec.words, plan);
        let mut scope = Scope::of(files, plan, folder, scale, group, pictures);
        scope.set("words", words::value(words.map(|(_, words)| words)));
        // The page is in the language of its fixed words, for screen readers and spelling.
        let language = match words {
            Some((language, _)) if !words::is_english(language) => language.to_owned(),
            _ => "en-GB".to_owned(),
        };
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
            language,
            credit: None,
            date: plan
                .plan
                .agreed
                .or(plan.plan.created)
                .map(|date| date.iso()),
        };
        let running = |spec: &Option<RunningSpec>| -> Result<Option<Running>, Box<Diagnostic>> {
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
        self.make(&spec.blocks, &scope, &mut blocks, &Self::block)?;
        // The built-in pictures' licence asks for a credit wherever they are shown.
        if scope.budget.symbols_shown.load(Ordering::Relaxed) {
            meta.credit = Some(symbols::CREDIT.to_owned());
            // The credit is in English, whatever the page's language.
            let lang = (!words::is_english(&meta.language)).then(|| "en-GB".to_owned());
            blocks.push(Block::Paragraph(Paragraph {
                runs: vec![Run {
                    lang,
                    ..Run::plain(symbols::CREDIT)
                }],
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

    /// One block that does not repeat.
    fn block(
        &self,
        spec: &BlockSpec,
        scope: &Scope,
        out: &mut Vec<Block>,
    ) -> Result<(), Box<Diagnostic>> {
        if let Some(text) = &spec.heading {
            let runs = self.runs(text, scope, false)?;
            out.push(Block::Heading {
                level: spec.level.unwrap_or(2).clamp(1, 3),
                field: runs.iter().find_map(|run| run.field.clone()),
                text: runs.into_iter().map(|run| run.text).collect(),
            });
        } else if let Some(text) = &spec.paragraph {
            let runs = self.runs(text, scope, false)?;
            for mut paragraph in split_paragraphs(runs) {
                paragraph.align = spec.align.unwrap_or_default();
                paragraph.size = self.size(&spec.size, scope)?;
                out.push(Block::Paragraph(paragraph));
            }
        } else if let Some(table) = &spec.table {
            let mut header = Vec::new();
            self.make(&table.header, scope, &mut header, &Self::row)?;
            let mut rows = Vec::new();
            self.make(&table.rows, scope, &mut rows, &Self::row)?;
            let size = self.size(&table.size, scope)?;
            let padding_mm = table.padding_mm.map(|p| p.clamp(0.0, 10.0));
            // Each column's width on the page, for the words of narrow ones to break well.
            let total: f32 = table.columns.iter().sum::<f32>().max(f32::EPSILON);
            let page = PageSetup {
                orientation: self.spec.page.orientation,
                margins_mm: self.spec.page.margins_mm,
                max_pages: None,
                background: Background::default(),
            }
            .content_width_mm();
            let widths: Vec<f32> = table.columns.iter().map(|c| c / total * page).collect();
            for rows in [&mut header, &mut rows] {
                super::hyphens::mark_narrow_cells(rows, &widths, size, padding_mm);
            }
            out.push(Block::Table(Table {
                columns: table.columns.clone(),
                header,
                rows,
                size,
                borderless: !table.borders,
                keep_with_next: table.keep_with_next,
                fill: table.fill,
                padding_mm,
                layout: table.layout || !table.borders,
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
        Ok(())
    }

    /// One row that does not repeat.
    fn row(
        &self,
        spec: &RowSpec,
        scope: &Scope,
        out: &mut Vec<Row>,
    ) -> Result<(), Box<Diagnostic>> {
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
                for mut paragraph in split_paragraphs(self.runs(text, scope, bold)?) {
                    paragraph.align = options.align;
                    paragraph.size = size;
                    paragraphs.push(paragraph);
                }
            }
            let image = match &options.image {
                Some(path) => {
                    let width = self
                        .amount(&options.width_mm, "width_mm", scope)?
                        .unwrap_or(30.0);
                    let height = self.amount(&options.height_mm, "height_mm", scope)?;
                    let alt = options.alt.as_deref();
                    self.picture(path, (width, height), options.align, alt, scope)?
                }
                None => None,
            };
            let mut continued = Vec::new();
            if let Some(text) = &options.continued {
                let size = self.size(&options.size, scope)?;
                for mut paragraph in split_paragraphs(self.runs(text, scope, options.bold)?) {
                    paragraph.align = options.align;
                    paragraph.size = size;
                    continued.push(paragraph);
                }
            }
            cells.push(Cell {
                image,
                paragraphs,
                continued,
                span: options.span.max(1),
                shaded: options.shade,
                valign: options.valign,
                heading: options.heading.map(|level| level.clamp(1, 3)),
            });
        }
        out.push(Row {
            cells,
            min_height_mm: self.amount(&spec.height, "height", scope)?.unwrap_or(0.0),
            keep_with_next: spec.keep_with_next.unwrap_or(false),
        });
        Ok(())
    }

    /// The picture a block shows.
    fn image(
        &self,
        path_text: &str,
        spec: &BlockSpec,
        scope: &Scope,
    ) -> Result<Option<Block>, Box<Diagnostic>> {
        let width = self
            .amount(&spec.width_mm, "width_mm", scope)?
            .unwrap_or(40.0);
        let height = self.amount(&spec.height_mm, "height_mm", scope)?;
        let align = spec.align.unwrap_or_default();
        let alt = spec.alt.as_deref();
        Ok(self
            .picture(path_text, (width, height), align, alt, scope)?
            .map(Block::Image))
    }

    /// A picture named by form text: a built-in symbol (`reading`), or a file whose path is
    /// taken from the plan's folder. An empty name (a plan with no photo) gives no picture; a
    /// file that cannot be read is an error, never a gap. `alt` is the form's words for a picture
    /// of its own.
    fn picture(
        &self,
        path_text: &str,
        (width_mm, max_height_mm): (f32, Option<f32>),
        align: Align,
        alt: Option<&str>,
        scope: &Scope,
    ) -> Result<Option<Image>, Box<Diagnostic>> {
        let runs = self.runs(path_text, scope, false)?;
        let field = runs.iter().find_map(|run| run.field.clone());
        let name: String = runs.into_iter().map(|run| run.text).collect();
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        let from_plan = scope.plan_pictures.contains(name);
        if symbols::symbol(name).is_some() {
            scope.budget.symbols_shown.store(true, Ordering::Relaxed);
        }
        // Each picture is read once for all the layouts of one plan, and shared.
        let kept = scope
            .pictures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(from_plan, name.to_owned()))
            .cloned();
        let read = match (kept, symbols::symbol(name)) {
            (Some(data), _) => Ok(data),
            (None, Some(png)) => Ok(Arc::from(png)),
            (None, None) if from_plan => {
                picture::read_in_folder(scope.files.as_ref(), &scope.folder, name).map(Arc::from)
            }
            (None, None) => match &self.folder {
                Some(folder) => {
                    picture::read_in_folder(scope.files.as_ref(), folder, name).map(Arc::from)
                }
                None => {
                    Err("a built-in form shows only the plan's pictures and the symbols".into())
                }
            },
        };
        if let Ok(data) = &read {
            scope
                .pictures
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert((from_plan, name.to_owned()), Arc::clone(data));
        }
        let data = match read.and_then(|data| self.weigh(&data, width_mm, scope).map(|()| data)) {
            Ok(data) => data,
            Err(why) => {
                let field = self.origin(path_text);
                let hint = if !from_plan {
                    "a form's own pictures (a school's logo) are PNG, JPEG or SVG files in the form's folder".to_owned()
                } else if symbols::is_path(name) {
                    "give a PNG, JPEG or SVG file in the plan's folder or below, with its path relative to the plan file".to_owned()
                } else {
                    format!(
                        "name a built-in symbol ({}) or give a PNG, JPEG or SVG file's path",
                        symbols::names().collect::<Vec<_>>().join(", ")
                    )
                };
                return Err(Box::new(
                    Diagnostic::error(
                        Code::MissingImage,
                        // A form's own picture is named; a plan's is not, as no message
                        // quotes what a plan says.
                        if from_plan {
                            format!("{}: the picture cannot be used: {why}", field.describe())
                        } else {
                            format!(
                                "{}: the picture `{name}` cannot be used: {why}",
                                field.describe()
                            )
                        },
                    )
                    .with_hint(hint)
                    .at_place(self.places.place(&field))
                    .at_field(field)
                    .in_file(self.file.clone()),
                ));
            }
        };
        // What it shows, for a screen reader.
        let alt = match (
            symbols::symbol(name),
            field.as_ref().and_then(FieldPath::last_key),
        ) {
            (Some(_), _) => format!("picture: {name}"),
            (None, Some("photo")) => format!("photo of {}", scope.known_as),
            (None, Some(_)) => "the picture chosen for this target".to_owned(),
            (None, None) => match alt {
                Some(alt) => self.text(alt, scope)?,
                None => "picture".to_owned(),
            },
        };
        Ok(Some(Image {
            data,
            name: name.to_owned(),
            width_mm,
            max_height_mm,
            align,
            field,
            alt,
        }))
    }

    /// Counts a picture towards [`DOCUMENT_PICTURES`]: its file, held in the document, and its
    /// pixels as they will be decoded to print `width_mm` wide.
    fn weigh(&self, data: &[u8], width_mm: f32, scope: &Scope) -> Result<(), String> {
        let weight = data.len() + picture::decoded_bytes(data, width_mm);
        let total = scope.budget.pictures.fetch_add(weight, Ordering::Relaxed) + weight;
        if total > DOCUMENT_PICTURES {
            return Err(format!(
                "the pictures of this document take more than {} MB in all, their files and their pixels as printed together: make them smaller (a picture printed 6 cm wide needs some 700 pixels across)",
                DOCUMENT_PICTURES / 1024 / 1024
            ));
        }
        Ok(())
    }

    /// The number `key` of the form, worked out for this plan when it is an expression: a
    /// number the form wrote was checked when it was compiled; one an expression gives must be
    /// finite, and is kept within the range of `key`.
    fn amount(
        &self,
        amount: &Option<Amount>,
        key: &str,
        scope: &Scope,
    ) -> Result<Option<f32>, Box<Diagnostic>> {
        match amount {
            None => Ok(None),
            Some(Amount::Number(number)) => Ok(Some(*number)),
            Some(Amount::Expression(expression)) => {
                let value = self.eval(expression, scope)?;
                let number = f64::try_from(value)
                    .map(|number| number as f32)
                    .map_err(|error| self.error_at(expression, &error))?;
                if !number.is_finite() {
                    return Err(self.problem(
                        &self.origin(expression),
                        &format!("the expression gives `{key}` no finite number for this plan"),
                    ));
                }
                let range = number_range(key);
                Ok(Some(number.clamp(*range.start(), *range.end())))
            }
        }
    }

    /// A font size in whole points, kept between 4 and 96.
    fn size(&self, amount: &Option<Amount>, scope: &Scope) -> Result<Option<u8>, Box<Diagnostic>> {
        Ok(self
            .amount(amount, "size", scope)?
            .map(|size| size.round() as u8))
    }

    /// Makes the blocks or rows `specs` in `scope`: each whose `when` holds, counted against
    /// the form's budget; those inside a repeat (`each`, `as`, `min`) once for each of its items,
    /// and any other by `one`.
    fn make<P: Part, T, F>(
        &self,
        specs: &[P],
        scope: &Scope,
        out: &mut Vec<T>,
        one: &F,
    ) -> Result<(), Box<Diagnostic>>
    where
        F: Fn(&Self, &P, &Scope, &mut Vec<T>) -> Result<(), Box<Diagnostic>>,
    {
        for spec in specs {
            if !self.when(spec.when(), scope)? {
                continue;
            }
            self.made(1, scope)?;
            match spec.repeat() {
                Some(Repeat {
                    each,
                    name,
                    min,
                    parts,
                }) => {
                    for item_scope in self.each(each, name, min, scope)? {
                        self.make(parts, &item_scope, out, one)?;
                    }
                }
                None => one(self, spec, scope, out)?,
            }
        }
        Ok(())
    }

    fn when(&self, expression: Option<&str>, scope: &Scope) -> Result<bool, Box<Diagnostic>> {
        let Some(expression) = expression else {
            return Ok(true);
        };
        self.eval(expression, scope).map(|value| value.is_true())
    }

    fn eval(&self, expression: &str, scope: &Scope) -> Result<Value, Box<Diagnostic>> {
        let key = expression_key(expression);
        let captured = self
            .env
            .get_template(&key)
            .and_then(|template| template.render_captured(scope.value()))
            .map_err(|error| self.run_error(expression, &key, &error, scope))?;
        self.charge(expression, captured.state(), scope)?;
        Ok(captured.state().lookup("value").unwrap_or_default())
    }

    /// The error of form text `text` (kept as the template `key`) laying a plan out, at its place
    /// in the form file: a name the plan does not have (`pupil.nmae`) is said by its name, with
    /// the nearest name the plan has there.
    fn run_error(
        &self,
        text: &str,
        key: &str,
        error: &minijinja::Error,
        scope: &Scope,
    ) -> Box<Diagnostic> {
        let misspelt = (error.kind() == minijinja::ErrorKind::UndefinedError)
            .then(|| self.env.get_template(key).ok())
            .flatten()
            .and_then(|template| {
                let globals: Vec<&str> = self.env.globals().map(|(name, _)| name).collect();
                let mut names: Vec<String> = template
                    .undeclared_variables(true)
                    .into_iter()
                    // `range` and the other functions are not the plan's.
                    .filter(|name| !globals.contains(&name.split('.').next().unwrap_or(name)))
                    .collect();
                names.sort();
                names.iter().find_map(|name| scope.missing(name))
            });
        let Some((name, known)) = misspelt else {
            return self.error_at(text, error);
        };
        let (within, last) = match name.rsplit_once('.') {
            Some((within, last)) => (format!("{within}."), last),
            None => (String::new(), name.as_str()),
        };
        let mut known: Vec<&str> = known.iter().map(String::as_str).collect();
        known.sort_unstable();
        let hint = match crate::load::closest(last, &known) {
            Some(near) => format!("did you mean `{within}{near}`?"),
            None => format!(
                "the names there are {}",
                known
                    .iter()
                    .map(|k| format!("`{within}{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let path = self.origin(text);
        Box::new(
            (*self.problem(&path, &format!("`{name}` is not a name the plan has"))).with_hint(hint),
        )
    }

    /// Counts the fuel a template burnt towards the form's budget for this plan.
    fn charge(
        &self,
        text: &str,
        state: &minijinja::State,
        scope: &Scope,
    ) -> Result<(), Box<Diagnostic>> {
        let burnt = state.fuel_levels().map_or(0, |(consumed, _)| consumed);
        let total = scope.budget.fuel.fetch_add(burnt, Ordering::Relaxed) + burnt;
        if total > DOCUMENT_FUEL {
            let path = self.origin(text);
            return Err(self.problem(
                &path,
                &format!("the form does more work for one plan than any form needs (more than {DOCUMENT_FUEL} steps of its templates)"),
            ));
        }
        Ok(())
    }

    /// Counts `count` blocks or rows made for this plan towards [`MAX_ITEMS`]; past it, the
    /// innermost `each` that made them is at fault.
    fn made(&self, count: usize, scope: &Scope) -> Result<(), Box<Diagnostic>> {
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
    ) -> Result<Vec<Scope>, Box<Diagnostic>> {
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
    fn text(&self, text: &str, scope: &Scope) -> Result<String, Box<Diagnostic>> {
        Ok(self
            .runs(text, scope, false)?
            .into_iter()
            .map(|r| r.text)
            .collect())
    }

    /// Form text as runs: each `**...**` stretch of the form's own text is bold. A plan's text
    /// cannot change the styling (see [`BOLD_MARK`]). Each run is stamped with the plan's field
    /// whose text it shows.
    fn runs(&self, text: &str, scope: &Scope, bold: bool) -> Result<Vec<Run>, Box<Diagnostic>> {
        let template = self
            .env
            .get_template(text)
            .map_err(|e| self.error_at(text, &e))?;
        // Only what this text reads is weighed as the field it shows.
        scope.take_texts();
        let mut output = Capped {
            bytes: Vec::new(),
            made: &scope.budget.text,
        };
        let captured = template
            .render_captured_to(scope.value(), &mut output)
            .map_err(|e| {
                if scope.budget.text.load(Ordering::Relaxed) > DOCUMENT_TEXT {
                    self.problem(
                        &self.origin(text),
                        &format!("the form makes more than {DOCUMENT_TEXT} characters of text for one plan, more than any document of a plan holds (100 pages of small type)"),
                    )
                } else {
                    self.run_error(text, text, &e, scope)
                }
            })?;
        self.charge(text, captured.state(), scope)?;
        let read: Vec<(FieldPath, String)> = scope
            .take_texts()
            .into_iter()
            .map(|(field, value)| (field, text::clean(&value)))
            .collect();
        // minijinja writes whole pieces of text, so the bytes are UTF-8.
        let output = String::from_utf8_lossy(&output.bytes);
        let mut runs = Vec::new();
        for (i, piece) in output.split(BOLD_MARK).enumerate() {
            for (text, field) in by_language(&text::clean(piece), &read, &scope.languages) {
                let lang = field
                    .as_ref()
                    .and_then(|field| scope.languages.get(field).cloned());
                runs.push(Run {
                    text,
                    bold: bold || i % 2 == 1,
                    field,
                    lang,
                    ..Run::default()
                });
            }
        }
        Ok(runs)
    }
}

/// A piece of form text as stretches, each with the plan's field it shows: the text of a field
/// in a language of its own (a view, a paragraph of a view in two languages) is a stretch of its
/// own, so that it is tagged with its language and the form's words around it are not. The rest
/// is one stretch a piece, with the field whose text it shows, if any.
fn by_language(
    text: &str,
    read: &[(FieldPath, String)],
    languages: &std::collections::BTreeMap<FieldPath, String>,
) -> Vec<(String, Option<FieldPath>)> {
    let field_of = |stretch: &str| {
        let shown = stretch.trim();
        read.iter()
            .find(|(_, value)| {
                !shown.is_empty() && (stretch.contains(value.as_str()) || value.contains(shown))
            })
            .map(|(field, _)| field.clone())
    };
    let mut stretches = Vec::new();
    let mut from = 0;
    for (field, value) in read {
        if value.is_empty() || !languages.contains_key(field) {
            continue;
        }
        let Some(at) = text[from..].find(value.as_str()) else {
            continue;
        };
        let (start, end) = (from + at, from + at + value.len());
        if start > from {
            let before = &text[from..start];
            stretches.push((before.to_owned(), field_of(before)));
        }
        stretches.push((value.clone(), Some(field.clone())));
        from = end;
    }
    if stretches.is_empty() {
        // No text in a language of its own: the piece as it is.
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![(text.to_owned(), field_of(text))]
        };
    }
    if from < text.len() {
        let after = &text[from..];
        stretches.push((after.to_owned(), field_of(after)));
    }
    stretches
}

/// Runs split into paragraphs at blank lines; blank paragraphs are dropped.
fn split_paragraphs(runs: Vec<Run>) -> Vec<Paragraph> {
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

/// A block or a row of a form, as far as whether and how often it is made.
trait Part: Sized {
    fn when(&self) -> Option<&str>;
    fn repeat(&self) -> Option<Repeat<'_, Self>>;
}

/// A repeat: `each: EXPRESSION`, `as: NAME`, `min: N` and the parts it repeats.
struct Repeat<'a, P> {
    each: &'a str,
    name: Option<&'a str>,
    min: Option<usize>,
    parts: &'a [P],
}

/// Blocks and rows repeat alike: `each`, `as`, `min`, and what they repeat in `blocks` or `rows`.
macro_rules! part {
    ($spec:ty, $parts:ident) => {
        impl Part for $spec {
            fn when(&self) -> Option<&str> {
                self.when.as_deref()
            }
            fn repeat(&self) -> Option<Repeat<'_, Self>> {
                Some(Repeat {
                    each: self.each.as_deref()?,
                    name: self.name.as_deref(),
                    min: self.min,
                    parts: self.$parts.as_deref().unwrap_or_default(),
                })
            }
        }
    };
}

part!(BlockSpec, blocks);
part!(RowSpec, rows);
