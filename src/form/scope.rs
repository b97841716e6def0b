//! What form text sees of a plan: the plan's fields, each list item of an `each`, and a few
//! worked-out values (`age`, `establishment`, `updated`, `draft`, `targets`). The plan's fields
//! are minijinja objects that note every field the form reads, so that after a layout the fields
//! a plan fills but its form never shows can be named (`not-on-form`): nothing a plan holds
//! vanishes from the printed form without a word.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value, ValueKind};

use crate::files::Files;
use crate::plan::Plan;
use crate::source::FieldPath;

/// The fields of the plan a layout has read.
#[derive(Debug, Default)]
struct Read {
    /// Every field read so far.
    all: BTreeSet<FieldPath>,
    /// The text fields read since [`Scope::take_texts`] was last called, with their text: to
    /// tell which field a piece of form text shows.
    texts: Vec<(FieldPath, String)>,
    /// The paragraphs of a view in several languages, by the view's path: the form reads the
    /// view as one text, and each of its paragraphs is noted as read, with its own text.
    paragraphs: BTreeMap<FieldPath, Vec<(FieldPath, String)>>,
}

type Reads = Mutex<Read>;

/// The values form text can use, and the folder the plan's paths start from.
#[derive(Clone)]
pub(crate) struct Scope {
    values: Arc<BTreeMap<String, Value>>,
    /// Where the plan's relative paths (its photo, its own symbols) start.
    pub folder: PathBuf,
    /// Where the pictures are read from.
    pub files: Arc<dyn Files>,
    /// The pictures the plan names (its photo, its targets' symbols), which are read from the
    /// plan's folder; any other path comes from the form.
    pub plan_pictures: Arc<BTreeSet<String>>,
    /// The work done for this plan so far, shared by every scope of one layout.
    pub budget: Arc<Budget>,
    /// The `each` expression of the innermost repeat, to blame when the form runs away.
    pub each: Option<Arc<str>>,
    /// The name the pupil goes by, for the words that say what a photo shows.
    pub known_as: Arc<str>,
    /// The language of each text of the plan the plan says is not in English.
    pub languages: Arc<BTreeMap<FieldPath, String>>,
    /// The pictures read so far.
    pub pictures: Pictures,
    /// The field each worked-out value shows, for the plan's fields read.
    worked: Arc<BTreeMap<String, FieldPath>>,
    /// The plan's top-level fields that are one value (`school`), noted as read when read.
    top: Arc<BTreeSet<String>>,
    reads: Arc<Reads>,
}

/// The pictures read for the layouts of one plan, by whether the plan names them and their name:
/// each is read once and shared, however often the form shows it and however many scales a
/// fitted form tries.
pub(crate) type Pictures = Arc<Mutex<BTreeMap<(bool, String), Arc<[u8]>>>>;

/// The work a form has done for one plan: blocks and rows made, template fuel burnt, text made.
#[derive(Default)]
pub(crate) struct Budget {
    pub items: std::sync::atomic::AtomicUsize,
    pub fuel: std::sync::atomic::AtomicU64,
    /// The characters of text made so far.
    pub text: std::sync::atomic::AtomicUsize,
    /// The bytes of the pictures shown so far, as files and decoded.
    pub pictures: std::sync::atomic::AtomicUsize,
    /// A built-in picture was shown, whose licence asks for a credit.
    pub symbols_shown: std::sync::atomic::AtomicBool,
}

/// The worked-out values that print a field of the plan, with the field each shows: the first
/// of its fields the plan fills (`establishment` is the pupil's establishment, or else the
/// school). Reading one reads that field. `age` and `draft` show no field's value, so reading them
/// reads none: a form that prints only the age has not printed the date of birth.
const WORKED_OUT: &[(&str, &[&[&str]])] = &[
    ("establishment", &[&["pupil", "establishment"], &["school"]]),
    ("updated", &[&["plan", "agreed"], &["plan", "created"]]),
    ("known_as", &[&["pupil", "known_as"], &["pupil", "name"]]),
    ("group_plan", &[&["group_plan"]]),
];

/// The field each worked-out value of `plan` shows: the first of its fields the plan fills.
fn worked_out(plan: &Plan) -> BTreeMap<String, FieldPath> {
    let filled = plan.filled();
    WORKED_OUT
        .iter()
        .filter_map(|(name, sources)| {
            let path = sources
                .iter()
                .map(|keys| {
                    keys.iter()
                        .fold(FieldPath::root(), |path, key| path.key(key))
                })
                .find(|path| filled.contains(path))?;
            Some(((*name).to_owned(), path))
        })
        .collect()
}

impl Scope {
    /// The scope of `plan`, whose file is in `folder`, with the form's sizes at `scale`.
    pub fn of(
        files: &Arc<dyn Files>,
        plan: &Plan,
        folder: &Path,
        scale: f32,
        group: Option<&Plan>,
        pictures: &Pictures,
    ) -> Self {
        let reads: Arc<Reads> = Arc::new(Mutex::new(Read {
            paragraphs: view_paragraphs(plan),
            ..Read::default()
        }));
        let mut map = BTreeMap::new();
        let whole = Value::from(minijinja::value::Serde(plan));
        // The group plan a member's plan names: its name, provision and common targets.
        let group_plan = group.map_or(Value::from(()), |group| {
            Value::from(minijinja::value::Serde(minijinja::context! {
                name => group.group.as_ref().and_then(|g| g.name.clone()),
                provision => group.group.as_ref().and_then(|g| g.provision.clone()),
                goals => minijinja::value::Serde(&group.goals),
            }))
        });
        map.insert("group_plan".into(), group_plan);
        // Every other top-level field of the model, as the plan serializes it (`group_plan` is
        // the group plan itself here). One that is a single value is noted as read when a text
        // reads it, as the fields inside the others are.
        let keys: Vec<Value> = whole.try_iter().map(Iterator::collect).unwrap_or_default();
        let mut top = BTreeSet::new();
        for key in keys.iter().filter_map(Value::as_str) {
            if map.contains_key(key) {
                continue;
            }
            let value = match key {
                "views" => views_as_text(&plan.views),
                _ => whole.get_attr(key).unwrap_or(Value::from(())),
            };
            let value = match value.kind() {
                ValueKind::Map | ValueKind::Seq => {
                    tracked(value, FieldPath::root().key(key), None, &reads)
                }
                _ => {
                    top.insert(key.to_owned());
                    value
                }
            };
            map.insert(key.to_owned(), value);
        }
        map.insert("targets".into(), flat_targets(plan, &reads));
        let created = plan.plan.created;
        let age = created
            .zip(plan.pupil.date_of_birth)
            .and_then(|(day, born)| born.years_until(day));
        map.insert("scale".into(), Value::from(f64::from(scale)));
        map.insert("draft".into(), Value::from(plan.is_draft()));
        map.insert("age".into(), age.map_or(Value::from(()), Value::from));
        map.insert("known_as".into(), Value::from(plan.known_as()));
        let establishment = plan.pupil.establishment.as_deref().unwrap_or(plan.school());
        map.insert("establishment".into(), Value::from(establishment));
        let updated = plan.plan.agreed.or(created).map(|d| d.iso());
        map.insert("updated".into(), Value::from(updated.unwrap_or_default()));
        let photo = plan
            .pupil
            .photo
            .iter()
            .map(|p| p.to_string_lossy().into_owned());
        let symbols = plan.targets().filter_map(|(_, _, t)| t.symbol.clone());
        let plan_pictures = photo
            .chain(symbols)
            .map(|name| name.trim().to_owned())
            .collect();
        Self {
            values: Arc::new(map),
            folder: folder.to_owned(),
            files: Arc::clone(files),
            plan_pictures: Arc::new(plan_pictures),
            budget: Arc::default(),
            each: None,
            known_as: Arc::from(plan.known_as()),
            pictures: Arc::clone(pictures),
            languages: Arc::new(
                plan.texts()
                    .into_iter()
                    .filter_map(|(path, _)| {
                        let language = plan.language_of(&path)?.to_string();
                        Some((path, language))
                    })
                    .collect(),
            ),
            worked: Arc::new(worked_out(plan)),
            top: Arc::new(top),
            reads,
        }
    }

    /// This scope with `name` set to one item of a list, `index` (from 1) beside it.
    pub fn with(&self, name: &str, item: Value, index: usize) -> Self {
        let mut scope = self.clone();
        let values = Arc::make_mut(&mut scope.values);
        values.insert(name.to_owned(), item);
        values.insert("index".to_owned(), Value::from(index));
        // A name the form gives its own value is no longer the plan's field.
        if scope.top.contains(name) {
            Arc::make_mut(&mut scope.top).remove(name);
        }
        scope
    }

    /// Sets `name` to `value` for every text of the form: a value the form brings, not the plan.
    pub fn set(&mut self, name: &str, value: Value) {
        Arc::make_mut(&mut self.values).insert(name.to_owned(), value);
        if self.top.contains(name) {
            Arc::make_mut(&mut self.top).remove(name);
        }
    }

    /// This scope inside the `each` whose expression is `expression`.
    pub fn within_each(&self, expression: &str) -> Self {
        Self {
            each: Some(Arc::from(expression)),
            ..self.clone()
        }
    }

    /// The scope as the context of a template.
    pub fn value(&self) -> Value {
        Value::from_object(Root {
            values: Arc::clone(&self.values),
            worked: Arc::clone(&self.worked),
            top: Arc::clone(&self.top),
            reads: Arc::clone(&self.reads),
        })
    }

    /// The first part of the dotted name `name` (`pupil.nmae`) that this scope does not have, with
    /// the names it has in that place: to say which name of a form's text is misspelt.
    pub fn missing(&self, name: &str) -> Option<(String, Vec<String>)> {
        let mut parts = name.split('.');
        let first = parts.next()?;
        let Some(mut value) = self.values.get(first).cloned() else {
            return Some((first.to_owned(), self.values.keys().cloned().collect()));
        };
        let mut reached = first.to_owned();
        for part in parts {
            if value.kind() != ValueKind::Map {
                return None;
            }
            let keys = || {
                let map = match value.downcast_object_ref::<Tracked>() {
                    Some(tracked) => tracked.value.clone(),
                    None => value.clone(),
                };
                map.try_iter()
                    .map(|keys| keys.filter_map(|k| k.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default()
            };
            match peek(&value, part) {
                Some(next) => value = next,
                None => return Some((format!("{reached}.{part}"), keys())),
            }
            reached = format!("{reached}.{part}");
        }
        None
    }

    /// Every field of the plan the form has read so far.
    pub fn read(&self) -> BTreeSet<FieldPath> {
        self.reads
            .lock()
            .map(|reads| reads.all.clone())
            .unwrap_or_default()
    }

    /// The text fields read since the last call, in the order they were read, with their text.
    pub fn take_texts(&self) -> Vec<(FieldPath, String)> {
        self.reads
            .lock()
            .map(|mut reads| std::mem::take(&mut reads.texts))
            .unwrap_or_default()
    }
}

/// The context of a template: the scope's values, noting the fields behind a worked-out value
/// when it is read.
#[derive(Debug)]
struct Root {
    values: Arc<BTreeMap<String, Value>>,
    /// The field each worked-out value shows.
    worked: Arc<BTreeMap<String, FieldPath>>,
    /// The plan's top-level fields that are one value.
    top: Arc<BTreeSet<String>>,
    reads: Arc<Reads>,
}

impl Object for Root {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let name = key.as_str()?;
        if let Some(path) = self.worked.get(name)
            && let Ok(mut reads) = self.reads.lock()
        {
            reads.all.insert(path.clone());
        }
        let value = self.values.get(name).cloned()?;
        if self.top.contains(name) {
            return Some(tracked(
                value,
                FieldPath::root().key(name),
                None,
                &self.reads,
            ));
        }
        Some(value)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(
            self.values
                .keys()
                .map(|k| Value::from(k.as_str()))
                .collect(),
        )
    }
}

/// A mapping or list of the plan, at `path`, that notes each field read through it.
#[derive(Debug)]
struct Tracked {
    value: Value,
    path: FieldPath,
    /// For a target of the flat `targets` list: its goal, whose `area` it shows.
    goal: Option<usize>,
    reads: Arc<Reads>,
}

/// `value` at `path`: a tracked object for a mapping or list, the value itself (noted as read)
/// otherwise.
fn tracked(value: Value, path: FieldPath, goal: Option<usize>, reads: &Arc<Reads>) -> Value {
    match value.kind() {
        ValueKind::Map | ValueKind::Seq => Value::from_object(Tracked {
            value,
            path,
            goal,
            reads: Arc::clone(reads),
        }),
        _ => {
            if let Ok(mut reads) = reads.lock() {
                if let Some(paragraphs) = reads.paragraphs.get(&path).cloned() {
                    for (paragraph, text) in paragraphs {
                        reads.all.insert(paragraph.clone());
                        reads.texts.push((paragraph, text));
                    }
                } else if let Some(text) = value.as_str().map(str::trim).filter(|t| !t.is_empty()) {
                    reads.texts.push((path.clone(), text.to_owned()));
                }
                reads.all.insert(path);
            }
            value
        }
    }
}

impl Object for Tracked {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        if self.value.kind() == ValueKind::Seq {
            ObjectRepr::Seq
        } else {
            ObjectRepr::Map
        }
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let child = self
            .value
            .get_item(key)
            .ok()
            .filter(|v| !v.is_undefined())?;
        let path = match (key.as_str(), self.goal) {
            // A flat target's `area` and `goal` are its goal's.
            (Some("area"), Some(goal)) => FieldPath::goal(goal).key("area"),
            (Some("goal"), Some(_)) => return Some(child),
            (Some(name), _) => self.path.key(name),
            (None, _) => self.path.index(key.as_usize()?),
        };
        Some(tracked(child, path, None, &self.reads))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.value.kind() {
            ValueKind::Seq => Enumerator::Seq(self.value.len().unwrap_or(0)),
            _ => Enumerator::Values(
                self.value
                    .try_iter()
                    .map(Iterator::collect)
                    .unwrap_or_default(),
            ),
        }
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.value.is_true()
    }
}

/// The field `key` of `value` without noting it as read: for a filter that only looks at a field
/// to choose what to print.
pub(super) fn peek(value: &Value, key: &str) -> Option<Value> {
    let field = match value.downcast_object_ref::<Tracked>() {
        Some(tracked) => tracked.value.get_attr(key),
        None => value.get_attr(key),
    };
    field.ok().filter(|v| !v.is_undefined())
}

/// Every short-term target of the plan in one list, each with its goal's `area` and the
/// `goal` number (from 1): for forms that show targets without their goals.
fn flat_targets(plan: &Plan, reads: &Arc<Reads>) -> Value {
    #[derive(serde::Serialize)]
    struct Flat<'a> {
        #[serde(flatten)]
        target: &'a crate::plan::Target,
        area: Option<crate::plan::Area>,
        goal: usize,
    }
    let list: Vec<Value> = plan
        .targets()
        .map(|(g, t, target)| {
            let flat = Flat {
                target,
                area: plan.goals[g].area,
                goal: g + 1,
            };
            let value = Value::from(minijinja::value::Serde(flat));
            tracked(value, FieldPath::target(g, t), Some(g), reads)
        })
        .collect();
    Value::from(list)
}

/// The views as form text sees them: each view as one text, a view in several languages with
/// its paragraphs a blank line apart, so that every form prints both kinds alike.
fn views_as_text(views: &crate::plan::Views) -> Value {
    let text = |view: &Option<crate::plan::View>| {
        view.as_ref().map_or(Value::from(()), |view| {
            Value::from(view.text().into_owned())
        })
    };
    let language = |language: &Option<crate::plan::Language>| {
        language
            .as_ref()
            .map_or(Value::from(()), |language| Value::from(language.as_str()))
    };
    Value::from_pairs([
        ("pupil", text(&views.pupil)),
        ("parents", text(&views.parents)),
        ("pupil_language", language(&views.pupil_language)),
        ("parents_language", language(&views.parents_language)),
    ])
}

/// The paragraphs of each view written in several languages, by the view's path, each with its
/// own path and text.
fn view_paragraphs(plan: &Plan) -> BTreeMap<FieldPath, Vec<(FieldPath, String)>> {
    let mut paragraphs: BTreeMap<FieldPath, Vec<(FieldPath, String)>> = BTreeMap::new();
    let views = FieldPath::root().key("views");
    for key in ["pupil", "parents"] {
        let view = views.key(key);
        for text in plan.views.texts() {
            if text.path != view && text.path.segments().starts_with(view.segments()) {
                let cleaned = crate::text::clean(text.text.trim());
                paragraphs
                    .entry(view.clone())
                    .or_default()
                    .push((text.path, cleaned));
            }
        }
    }
    paragraphs
}
