//! The provision map (seeds 000 and 003): the school's additional provision across its plans,
//! one row per provision (the same strategy, staff, setting, sessions and minutes, merged across
//! pupils), with the staff time and its cost, and totals per staff role, area of need and year
//! group. A SENCO uses it to plan timetables and to evidence spending.
//!
//! The provision of a target is its fields (`sessions_per_week`, `minutes`, `group_size`,
//! `staff`, `setting`), or else what its `when` says in words iep reads; a
//! target whose provision cannot be read is a located warning, never a guess. A group plan's
//! targets share the group's `provision`, counted once for the group.
//!
//! A map of a whole authority is drawn up a plan at a time ([`Map::add`]): each plan is dropped
//! once its provision is taken, and provisions are merged by a hashed key, so the work grows
//! with the plans and the memory with the provisions.

mod costs;
mod sheet;
mod when;
#[cfg(feature = "xlsx")]
mod xlsx;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

pub use costs::Costs;
use when::{Frequency, NotRead};
#[cfg(feature = "xlsx")]
pub use xlsx::Spreadsheet;

use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{Area, Date, Plan, Target};
use crate::source::FieldPath;
use crate::text::same_words;

/// What the map says where a plan gives no year group, staff or area of need: a word every
/// format totals alike.
pub(crate) const NOT_GIVEN: &str = "not given";

/// One provision: a strategy given by the same staff in the same setting, as often and as long,
/// to the pupils listed.
#[derive(Debug, Clone, Serialize)]
pub struct Provision {
    /// What is done (the target's `strategies`; a group's, those of the targets it serves).
    pub strategy: String,
    /// Its area of need.
    pub area: Option<Area>,
    /// Who gives it ("not given" when the plan does not say).
    pub staff: String,
    /// Where.
    pub setting: String,
    /// Sessions a week.
    pub sessions_per_week: f64,
    /// Minutes a session.
    pub minutes: f64,
    /// Pupils taught together in one session.
    pub group_size: u32,
    /// The pupils receiving it, each once, with their year groups ("not given" when the plan
    /// does not say).
    pub pupils: Vec<(String, String)>,
}

impl Provision {
    /// Each pupil's minutes a week.
    pub fn minutes_per_week(&self) -> f64 {
        self.sessions_per_week * self.minutes
    }

    /// The sessions needed for its pupils: one for each group of `group_size`.
    pub fn groups(&self) -> u32 {
        let pupils = u32::try_from(self.pupils.len()).unwrap_or(u32::MAX);
        pupils.div_ceil(self.group_size.max(1))
    }

    /// Staff hours a week: a group session counts once for the group.
    pub fn staff_hours_per_week(&self) -> f64 {
        self.minutes_per_week() * f64::from(self.groups()) / 60.0
    }

    /// Its area of need in words, "not given" when its goal has none.
    pub fn area_name(&self) -> &'static str {
        self.area.map_or(NOT_GIVEN, Area::label)
    }
}

/// What merges two targets into one provision: the words (whatever their case and
/// punctuation) of the strategy, staff and setting, and the figures exactly.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    strategy: String,
    staff: String,
    setting: String,
    sessions_per_week: u64,
    minutes: u64,
    group_size: u32,
}

/// A provision being drawn up: its pupils by their number in [`Map::pupils`].
struct Drawing {
    provision: Provision,
    pupils: Vec<u32>,
}

/// The provision map being drawn up, a plan at a time.
#[derive(Default)]
pub struct Map {
    drawings: Vec<Drawing>,
    index: HashMap<Key, usize>,
    /// Each pupil (name and year group) once, numbered.
    pupils: Vec<(String, String)>,
    /// The number of each pupil by name, year group and date of birth: two pupils of one name
    /// and year group are told apart by their birthdays, as in their histories.
    pupil_numbers: HashMap<(String, String, Option<Date>), u32>,
    /// Which pupils each provision has: (provision, pupil).
    receiving: HashSet<(usize, u32)>,
    /// The first spelling of each staff role and year group whatever its case and spacing, so
    /// that "Class teacher" and "class teacher" are one role in every total.
    spellings: HashMap<String, String>,
    plans: usize,
}

impl Map {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many plans have been added.
    pub fn plans(&self) -> usize {
        self.plans
    }

    /// Adds the provision of `plan` to the map, and returns a warning for each target (or
    /// group) whose provision cannot be read, at its `when` (or the group's `provision`).
    pub fn add(&mut self, plan: &Plan) -> Vec<Diagnostic> {
        self.plans += 1;
        let mut unread = Vec::new();
        let pupils: Vec<u32> = match &plan.group {
            Some(group) => group
                .members
                .iter()
                .map(|m| self.pupil(&m.name, None, None))
                .collect(),
            None => vec![self.pupil(
                plan.name(),
                plan.pupil.year_group.as_deref(),
                plan.pupil.date_of_birth,
            )],
        };
        let group_size_default = match &plan.group {
            Some(group) => u32::try_from(group.members.len().max(1)).unwrap_or(u32::MAX),
            None => 1,
        };
        // A group plan's targets that say no provision of their own share the group's.
        let mut sharing: Vec<(usize, &Target)> = Vec::new();
        for (g, t, target) in plan.targets() {
            let field = FieldPath::target(g, t).key("when");
            match own_frequencies(target) {
                Ok(frequencies) => {
                    for frequency in frequencies {
                        self.put(
                            Provision {
                                strategy: target.strategies.clone().unwrap_or_default(),
                                area: plan.goals[g].area,
                                staff: staff_of(target),
                                setting: target.setting.clone().unwrap_or_default(),
                                sessions_per_week: frequency.sessions_per_week,
                                minutes: frequency.minutes,
                                group_size: target.group_size.unwrap_or(group_size_default),
                                pupils: Vec::new(),
                            },
                            &pupils,
                        );
                    }
                }
                Err(_) if plan.group.as_ref().is_some_and(|g| g.provision.is_some()) => {
                    sharing.push((g, target));
                }
                Err(why) => {
                    let what = format!("goal {}, target {}", g + 1, t + 1);
                    unread.push(if target.when.as_deref().is_none_or(str::is_empty) {
                        not_said(plan, &field, &what)
                    } else {
                        not_read(plan, &field, why, &what)
                    });
                }
            }
        }
        if !sharing.is_empty() {
            unread.extend(self.put_shared(plan, &sharing, &pupils, group_size_default));
        }
        unread
    }

    /// Puts the group's `provision` on the map once for the targets `sharing` it: one row, the
    /// targets' strategies, staff and settings together. A warning when it cannot be read.
    fn put_shared(
        &mut self,
        plan: &Plan,
        sharing: &[(usize, &Target)],
        pupils: &[u32],
        group_size: u32,
    ) -> Option<Diagnostic> {
        let words = plan.group.as_ref()?.provision.as_deref()?;
        let frequencies = match when::read(words) {
            Ok(frequencies) => frequencies,
            Err(why) => {
                let field = FieldPath::root().key("group").key("provision");
                return Some(not_read(plan, &field, why, "the group"));
            }
        };
        let joined = |text: &dyn Fn(&Target) -> String| {
            let mut seen = HashSet::new();
            let parts: Vec<String> = sharing
                .iter()
                .map(|(_, target)| text(target))
                .filter(|part| !part.is_empty() && seen.insert(same_words(part)))
                .collect();
            parts.join("; ")
        };
        let strategy = joined(&|t| t.strategies.clone().unwrap_or_default());
        let staff = joined(&staff_of);
        let setting = joined(&|t| t.setting.clone().unwrap_or_default());
        let mut areas = sharing.iter().map(|(g, _)| plan.goals[*g].area);
        let first = areas.next().flatten();
        let area = if areas.all(|a| a == first) {
            first
        } else {
            None
        };
        for frequency in frequencies {
            self.put(
                Provision {
                    strategy: strategy.clone(),
                    area,
                    staff: staff.clone(),
                    setting: setting.clone(),
                    sessions_per_week: frequency.sessions_per_week,
                    minutes: frequency.minutes,
                    group_size,
                    pupils: Vec::new(),
                },
                pupils,
            );
        }
        None
    }

    /// The number of the pupil `name` in `year_group`, born on `date_of_birth`, numbered when
    /// first seen. A plan with no name is a pupil of its own, never merged with another's.
    fn pupil(&mut self, name: &str, year_group: Option<&str>, date_of_birth: Option<Date>) -> u32 {
        let year = self.spelling(year_group.unwrap_or_default());
        let number = u32::try_from(self.pupils.len()).unwrap_or(u32::MAX);
        if name.trim().is_empty() {
            self.pupils.push((NOT_GIVEN.to_owned(), year));
            return number;
        }
        let key = (name.trim().to_owned(), year, date_of_birth);
        if let Some(&known) = self.pupil_numbers.get(&key) {
            return known;
        }
        self.pupils.push((key.0.clone(), key.1.clone()));
        self.pupil_numbers.insert(key, number);
        number
    }

    /// The first spelling of `text` whatever its case and spacing ("Year 4", "year  4");
    /// [`NOT_GIVEN`] for none.
    fn spelling(&mut self, text: &str) -> String {
        let key = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if key.is_empty() {
            return NOT_GIVEN.to_owned();
        }
        self.spellings
            .entry(key)
            .or_insert_with(|| text.trim().to_owned())
            .clone()
    }

    /// Puts `provision` on the map for `pupils`: merged with the same provision when there is
    /// one.
    fn put(&mut self, mut provision: Provision, pupils: &[u32]) {
        provision.staff = self.spelling(&provision.staff);
        let key = Key {
            strategy: same_words(&provision.strategy),
            staff: same_words(&provision.staff),
            setting: same_words(&provision.setting),
            sessions_per_week: provision.sessions_per_week.to_bits(),
            minutes: provision.minutes.to_bits(),
            group_size: provision.group_size,
        };
        let at = match self.index.get(&key) {
            Some(&at) => at,
            None => {
                self.drawings.push(Drawing {
                    provision,
                    pupils: Vec::new(),
                });
                self.index.insert(key, self.drawings.len() - 1);
                self.drawings.len() - 1
            }
        };
        for &pupil in pupils {
            if self.receiving.insert((at, pupil)) {
                self.drawings[at].pupils.push(pupil);
            }
        }
    }

    /// The provisions, in the order they were first met.
    pub fn provisions(self) -> Vec<Provision> {
        let pupils = self.pupils;
        self.drawings
            .into_iter()
            .map(|drawing| {
                let mut provision = drawing.provision;
                provision.pupils = drawing
                    .pupils
                    .iter()
                    .map(|&p| pupils[p as usize].clone())
                    .collect();
                provision
            })
            .collect()
    }

    /// The provision map of `plans`, with a warning for each target whose provision cannot be read
    /// (the plan's index in `plans` and the diagnostic, at the target's `when`).
    pub fn of<P: std::borrow::Borrow<Plan>>(
        plans: impl IntoIterator<Item = P>,
    ) -> (Vec<Provision>, Vec<(usize, Diagnostic)>) {
        let mut map = Map::new();
        let mut unread = Vec::new();
        for (i, plan) in plans.into_iter().enumerate() {
            unread.extend(map.add(plan.borrow()).into_iter().map(|d| (i, d)));
        }
        (map.provisions(), unread)
    }
}

/// Who gives a target's provision: its `staff`, or else its `who`.
fn staff_of(target: &Target) -> String {
    target
        .staff
        .clone()
        .or_else(|| target.who.clone())
        .unwrap_or_default()
}

/// The frequencies a target states of its own: its `sessions_per_week` and `minutes`, or what
/// its `when` says (filling in the one field not given).
fn own_frequencies(target: &Target) -> Result<Vec<Frequency>, NotRead> {
    let (sessions, minutes) = (target.sessions_per_week, target.minutes);
    if let (Some(sessions), Some(minutes)) = (sessions, minutes) {
        return Ok(vec![Frequency {
            sessions_per_week: f64::from(sessions),
            minutes: f64::from(minutes),
        }]);
    }
    let words = target.when.as_deref().unwrap_or_default();
    let read = when::read(words);
    match (sessions, minutes, read) {
        (None, None, read) => read,
        (Some(sessions), None, Ok(read)) if read.len() == 1 => Ok(vec![Frequency {
            sessions_per_week: f64::from(sessions),
            ..read[0]
        }]),
        (None, Some(minutes), Ok(read)) if read.len() == 1 => Ok(vec![Frequency {
            minutes: f64::from(minutes),
            ..read[0]
        }]),
        (Some(_), None, _) => Err(NotRead::NoLength),
        (None, Some(_), _) => Err(NotRead::NoFrequency),
        (Some(_), Some(_), _) => unreachable!("both given is taken above"),
    }
}

/// The warning for provision `why` not read at `field` of `plan`, about `what` ("goal 1,
/// target 2", "the group"). It names the place, never the plan's words.
fn not_read(plan: &Plan, field: &FieldPath, why: NotRead, what: &str) -> Diagnostic {
    let field_name = field.last_key().unwrap_or("when");
    Diagnostic::warning(
        Code::ProvisionNotRead,
        format!(
            "{what}: its `{field_name}` {}, so it is not on the provision map",
            why.why()
        ),
    )
    .with_hint(why.hint())
    .at_place(plan.place(field))
    .at_field(field.clone())
}

/// The warning for a target at `field` of `plan` that says nothing of its provision.
fn not_said(plan: &Plan, field: &FieldPath, what: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::ProvisionNotRead,
        format!(
            "{what} has no `when`, nor `sessions_per_week` and `minutes`, so it is not on the provision map"
        ),
    )
    .with_hint(NotRead::Neither.hint())
    .at_place(plan.place(field))
    .at_field(field.clone())
}

/// A pupil's initials, for a map shared beyond the staff: "Amara Okafor" is "A.O.".
pub(crate) fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect()
}

/// The map's totals: staff hours and cost a week per staff role and per area of need, and the
/// pupils' minutes a week per year group. Every format shows these.
pub(crate) struct Totals {
    /// Per staff role: (role, staff hours a week, cost a week). The cost is `None` when no
    /// provision of the role has a cost in the costs: unknown, not nothing.
    pub by_staff: Vec<(String, f64, Option<f64>)>,
    /// Per area of need: (area, staff hours a week, cost a week), the cost as by staff role.
    pub by_area: Vec<(String, f64, Option<f64>)>,
    /// Per year group: (year group, pupils' minutes a week).
    pub by_year: Vec<(String, f64)>,
}

impl Totals {
    /// The totals of `provisions` at the costs `settings`.
    pub fn of(provisions: &[Provision], settings: &Costs) -> Self {
        let rates = settings.rates();
        let sum = |key: &dyn Fn(&Provision) -> String| {
            let mut totals: BTreeMap<String, (f64, Option<f64>)> = BTreeMap::new();
            for p in provisions {
                let entry = totals.entry(key(p)).or_default();
                let hours = p.staff_hours_per_week();
                entry.0 += hours;
                if let Some(cost) = rates.cost_of(&p.staff) {
                    entry.1 = Some(entry.1.unwrap_or(0.0) + cost * hours);
                }
            }
            totals
                .into_iter()
                .map(|(name, (hours, cost))| (name, hours, cost))
                .collect()
        };
        let mut by_year: BTreeMap<String, f64> = BTreeMap::new();
        for p in provisions {
            for (_, year_group) in &p.pupils {
                *by_year.entry(year_group.clone()).or_default() += p.minutes_per_week();
            }
        }
        Totals {
            by_staff: sum(&|p| p.staff.clone()),
            by_area: sum(&|p| p.area_name().to_owned()),
            by_year: by_year.into_iter().collect(),
        }
    }
}

/// How many pupils a cell of the PDF or DOCX map lists before it says how many more: a page is
/// for reading, and the spreadsheets list every pupil.
const PUPILS_ON_PAGE: usize = 60;

/// The most provisions a printed map (PDF, DOCX) holds: some 100 landscape pages, a school's
/// map. An authority's is for the spreadsheets, which hold any number.
pub(crate) const MAX_PRINTED_PROVISIONS: usize = 1_200;

impl Provision {
    /// The map as a document for the PDF and DOCX renderers: the provisions on landscape pages,
    /// then the totals per staff role, per area of need and per year group. A map of more than
    /// 1,200 provisions is refused before it takes the memory of its pages.
    pub fn document(
        provisions: &[Provision],
        settings: &Costs,
        by_initials: bool,
        school: &str,
        date: Option<Date>,
    ) -> Result<crate::document::Document, crate::Error> {
        if provisions.len() > MAX_PRINTED_PROVISIONS {
            return Err(crate::Error::too_long_to_print(format!(
                "the map has {} provisions, more than the {MAX_PRINTED_PROVISIONS} a printed map holds (some 100 pages)",
                provisions.len()
            )));
        }
        use crate::document::{
            Document, Meta, Orientation, PageSetup, Running, heading, paragraph, table,
        };
        let money = |v: f64| format!("{v:.2}");
        let year = settings.weeks_per_year;
        let rates = settings.rates();
        let totals = Totals::of(provisions, settings);
        let mut blocks = vec![
            heading(1, &format!("Provision map: {school}")),
            paragraph(&format!(
                "{} provisions. Staff hours count a group session once for the group; costs are for {} school weeks a year, at the hourly costs of the school's settings.",
                provisions.len(),
                year
            )),
            table(
                &[20.0, 11.5, 10.5, 7.0, 7.0, 7.0, 5.0, 12.0, 6.0, 6.0, 8.0],
                &[
                    "Provision",
                    "Area of need",
                    "Staff",
                    "Setting",
                    "Sessions a week",
                    "Minutes each",
                    "Group",
                    "Pupils",
                    "Staff hours a week",
                    "Cost a week",
                    "Cost a year",
                ],
                provisions.iter().map(|p| {
                    let hours = p.staff_hours_per_week();
                    let cost = rates.cost_of(&p.staff).map(|c| c * hours);
                    vec![
                        p.strategy.clone(),
                        p.area_name().to_owned(),
                        p.staff.clone(),
                        p.setting.clone(),
                        p.sessions_per_week.to_string(),
                        p.minutes.to_string(),
                        p.group_size.to_string(),
                        pupil_list(p, by_initials, PUPILS_ON_PAGE),
                        format!("{hours:.2}"),
                        cost.map(money).unwrap_or_default(),
                        cost.map(|c| money(c * year)).unwrap_or_default(),
                    ]
                }),
            ),
        ];
        for (title, totals) in [
            ("By staff role", totals.by_staff),
            ("By area of need", totals.by_area),
        ] {
            blocks.push(heading(2, title));
            blocks.push(table(
                &[40.0, 20.0, 20.0, 20.0],
                &["", "Staff hours a week", "Cost a week", "Cost a year"],
                totals.into_iter().map(|(name, hours, cost)| {
                    vec![
                        name,
                        format!("{hours:.2}"),
                        cost.map(money).unwrap_or_default(),
                        cost.map(|c| money(c * year)).unwrap_or_default(),
                    ]
                }),
            ));
        }
        blocks.push(heading(2, "By year group"));
        blocks.push(table(
            &[40.0, 60.0],
            &["Year group", "Pupils' minutes of provision a week"],
            totals
                .by_year
                .into_iter()
                .map(|(year, minutes)| vec![year, minutes.to_string()]),
        ));
        Ok(Document {
            meta: Meta {
                title: format!("Provision map: {school}"),
                author: school.to_owned(),
                subject: format!("The provision map of {school}"),
                language: "en-GB".into(),
                credit: None,
                date: date.map(|d| d.iso()),
            },
            page: PageSetup {
                orientation: Orientation::Landscape,
                margins_mm: [12.0, 12.0, 12.0, 12.0],
                max_pages: None,
                background: Default::default(),
            },
            typeface: crate::fonts::Typeface::LiberationSans,
            header: Some(Running {
                left: school.to_owned(),
                right: "Provision map".into(),
                ..Running::default()
            }),
            footer: Some(Running {
                right: "Page {page} of {pages}".into(),
                ..Running::default()
            }),
            blocks,
        })
    }
}

/// A provision's pupils, "; " between them, by initials when asked; past `most`, how many more.
fn pupil_list(provision: &Provision, by_initials: bool, most: usize) -> String {
    let mut list: Vec<String> = provision
        .pupils
        .iter()
        .take(most)
        .map(|(name, _)| pupil_name(name, by_initials))
        .collect();
    let more = provision.pupils.len().saturating_sub(most);
    if more > 0 {
        list.push(format!("and {more} more"));
    }
    list.join("; ")
}

/// How pupils are named on a map: in full, or by initials for sharing with governors.
fn pupil_name(name: &str, by_initials: bool) -> String {
    if by_initials {
        initials(name)
    } else {
        name.to_owned()
    }
}
