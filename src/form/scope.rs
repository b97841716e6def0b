//! What form text sees of a plan: the plan's fields, each list item of an `each`, and a few
//! worked-out values (`age`, `establishment`, `updated`, `draft`, `targets`). The plan's fields
//! are minijinja objects that note every field the form reads, so that after a layout the fields
//! a plan fills but its form never shows can be named (`not-on-form`): nothing a plan holds
//! vanishes from the printed form without a word.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value, ValueKind};

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
}

type Reads = Mutex<Read>;

/// The values form text can use, and the folder the plan's paths start from.
#[derive(Clone)]
pub(crate) struct Scope {
    values: Arc<BTreeMap<String, Value>>,
    /// Where the plan's relative paths (its photo, its own symbols) start.
    pub folder: PathBuf,
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

/// The worked-out values, with the fields each is worked out from: reading one reads those.
const WORKED_OUT: &[(&str, &[&[&str]])] = &[
    ("age", &[&["pupil", "date_of_birth"], &["plan", "created"]]),
    ("establishment", &[&["pupil", "establishment"], &["school"]]),
    ("updated", &[&["plan", "agreed"], &["plan", "created"]]),
    ("draft", &[&["plan", "agreed"]]),
    ("known_as", &[&["pupil", "known_as"], &["pupil", "name"]]),
    ("group_plan", &[&["group_plan"]]),
];

impl Scope {
    /// The scope of `plan`, whose file is in `folder`, with the form's sizes at `scale`.
    pub fn of(
        plan: &Plan,
        folder: &Path,
        scale: f32,
        group: Option<&Plan>,
        pictures: &Pictures,
    ) -> Self {
        let reads: Arc<Reads> = Arc::default();
        let mut map = BTreeMap::new();
        let whole = Value::from(minijinja::value::Serde(plan));
        for key in [
            "form",
            "school",
            "pupil",
            "plan",
            "profile",
            "previous_targets",
            "goals",
            "views",
            "group",
        ] {
            let value = whole.get_attr(key).unwrap_or(Value::from(()));
            map.insert(
                key.to_owned(),
                tracked(value, FieldPath::root().key(key), None, &reads),
            );
        }
        map.insert("targets".into(), flat_targets(plan, &reads));
        // The group plan a member's plan names: its name, provision and common targets.
        let group_plan = group.map_or(Value::from(()), |group| {
            Value::from(minijinja::value::Serde(minijinja::context! {
                name => group.group.as_ref().and_then(|g| g.name.clone()),
                provision => group.group.as_ref().and_then(|g| g.provision.clone()),
                goals => minijinja::value::Serde(&group.goals),
            }))
        });
        map.insert("group_plan".into(), group_plan);
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
            reads,
        }
    }

    /// This scope with `name` set to one item of a list, `index` (from 1) beside it.
    pub fn with(&self, name: &str, item: Value, index: usize) -> Self {
        let mut scope = self.clone();
        let values = Arc::make_mut(&mut scope.values);
        values.insert(name.to_owned(), item);
        values.insert("index".to_owned(), Value::from(index));
        scope
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
            reads: Arc::clone(&self.reads),
        })
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
    reads: Arc<Reads>,
}

impl Object for Root {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let name = key.as_str()?;
        if let Some((_, sources)) = WORKED_OUT.iter().find(|(worked, _)| *worked == name)
            && let Ok(mut reads) = self.reads.lock()
        {
            for source in *sources {
                let path = source
                    .iter()
                    .fold(FieldPath::root(), |path, key| path.key(key));
                reads.all.insert(path);
            }
        }
        self.values.get(name).cloned()
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
                if let Some(text) = value.as_str().map(str::trim).filter(|t| !t.is_empty()) {
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
