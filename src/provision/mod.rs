//! The provision map (seeds 000 and 003): the school's additional provision across its plans,
//! one row per provision (the same strategy, staff, setting, sessions and minutes, merged across
//! pupils), with the staff time and its cost, and totals per staff role, area of need and year
//! group. A SENCO uses it to plan timetables and to evidence spending.
//!
//! The provision of a target is its fields (`sessions_per_week`, `minutes`, `group_size`,
//! `staff`, `setting`), or else what its `when` says in words iep reads ([`when::read`]); a
//! target whose provision cannot be read is a located warning, never a guess.

mod sheet;
pub mod when;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use sheet::{csv, xlsx};

use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{Area, Plan};
use crate::source::FieldPath;
use crate::text::same_words;

/// The school's figures for costing provision: hourly costs per staff role and weeks of the
/// school year. Not in plans: `iep provision --settings school.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// School weeks in a year (39 in England and Scotland).
    #[serde(default = "default_weeks")]
    pub weeks_per_year: f64,
    /// The cost of an hour of each staff role, as the plans name the roles: `teaching
    /// assistant: 14.50`. Compared by their words, so "Teaching Assistant" matches.
    #[serde(default)]
    pub hourly_cost: BTreeMap<String, f64>,
}

fn default_weeks() -> f64 {
    39.0
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            weeks_per_year: default_weeks(),
            hourly_cost: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// The hourly cost of `staff`: that of the longest role of the settings whose words it
    /// holds ("Teaching assistant, Mrs K. Patel" is a teaching assistant), when there is one.
    pub fn cost_of(&self, staff: &str) -> Option<f64> {
        let words = format!(" {} ", same_words(staff));
        self.hourly_cost
            .iter()
            .map(|(role, cost)| (same_words(role), *cost))
            .filter(|(role, _)| !role.is_empty() && words.contains(&format!(" {role} ")))
            .max_by_key(|(role, _)| role.len())
            .map(|(_, cost)| cost)
    }
}

/// One provision: a strategy given by the same staff in the same setting, as often and as long,
/// to the pupils listed.
#[derive(Debug, Clone, Serialize)]
pub struct Provision {
    /// What is done (the target's `strategies`).
    pub strategy: String,
    /// Its area of need.
    pub area: Option<Area>,
    /// Who gives it.
    pub staff: String,
    /// Where.
    pub setting: String,
    /// Sessions a week.
    pub sessions_per_week: f64,
    /// Minutes a session.
    pub minutes: f64,
    /// Pupils taught together in one session.
    pub group_size: u32,
    /// The pupils receiving it, with their year groups.
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
}

/// The provision map of `plans`, with a warning for each target whose provision cannot be read
/// (the plan's index in `plans` and the diagnostic, at the target's `when`).
pub fn map<'a>(
    plans: impl IntoIterator<Item = &'a Plan>,
) -> (Vec<Provision>, Vec<(usize, Diagnostic)>) {
    let mut provisions: Vec<Provision> = Vec::new();
    let mut unread = Vec::new();
    for (p, plan) in plans.into_iter().enumerate() {
        let pupils: Vec<(String, String)> = match &plan.group {
            Some(group) => group
                .members
                .iter()
                .map(|m| (m.name.clone(), String::new()))
                .collect(),
            None => vec![(
                plan.name().to_owned(),
                plan.pupil.year_group.clone().unwrap_or_default(),
            )],
        };
        for (g, t, target) in plan.targets() {
            // A group plan's targets share the group's provision unless they say their own.
            let group_words = plan.group.as_ref().and_then(|g| g.provision.as_deref());
            let from_words = target
                .when
                .as_deref()
                .and_then(when::read)
                .or_else(|| group_words.and_then(when::read));
            let sessions = target
                .sessions_per_week
                .map(f64::from)
                .or(from_words.map(|f| f.sessions_per_week));
            let minutes = target
                .minutes
                .map(f64::from)
                .or(from_words.map(|f| f.minutes));
            let (Some(sessions_per_week), Some(minutes)) = (sessions, minutes) else {
                let field = FieldPath::target(g, t).key("when");
                unread.push((
                    p,
                    Diagnostic::warning(
                        Code::ProvisionNotRead,
                        format!(
                            "goal {}, target {}: how often and how long is not said in words iep reads, so it is not on the provision map",
                            g + 1,
                            t + 1
                        ),
                    )
                    .with_hint("write `when:` as \"3 x 20 minutes a week\" or \"daily, 15 minutes\", or give `sessions_per_week:` and `minutes:`")
                    .at_place(plan.place(&field))
                    .at_field(field),
                ));
                continue;
            };
            let group_size = target.group_size.unwrap_or(match &plan.group {
                Some(group) => u32::try_from(group.members.len().max(1)).unwrap_or(u32::MAX),
                None => 1,
            });
            let strategy = target.strategies.clone().unwrap_or_default();
            let staff = target
                .staff
                .clone()
                .or_else(|| target.who.clone())
                .unwrap_or_default();
            let setting = target.setting.clone().unwrap_or_default();
            let key = |p: &Provision| {
                same_words(&p.strategy) == same_words(&strategy)
                    && same_words(&p.staff) == same_words(&staff)
                    && same_words(&p.setting) == same_words(&setting)
                    && p.sessions_per_week == sessions_per_week
                    && p.minutes == minutes
                    && p.group_size == group_size
            };
            match provisions.iter_mut().find(|p| key(p)) {
                Some(found) => {
                    for pupil in &pupils {
                        if !found.pupils.contains(pupil) {
                            found.pupils.push(pupil.clone());
                        }
                    }
                }
                None => provisions.push(Provision {
                    strategy,
                    area: plan.goals[g].area,
                    staff,
                    setting,
                    sessions_per_week,
                    minutes,
                    group_size,
                    pupils: pupils.clone(),
                }),
            }
        }
    }
    (provisions, unread)
}

/// A pupil's initials, for a map shared beyond the staff: "Amara Okafor" is "A.O.".
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect()
}

/// Staff hours and cost a week, summed over the provisions `key` gives the same name.
fn totals_by(
    provisions: &[Provision],
    settings: &Settings,
    key: impl Fn(&Provision) -> String,
) -> Vec<(String, f64, f64)> {
    let mut totals: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for p in provisions {
        let entry = totals.entry(key(p)).or_default();
        let hours = p.staff_hours_per_week();
        entry.0 += hours;
        entry.1 += settings.cost_of(&p.staff).unwrap_or(0.0) * hours;
    }
    totals
        .into_iter()
        .map(|(name, (hours, cost))| (name, hours, cost))
        .collect()
}

/// The map as a document for the PDF and DOCX renderers: the provisions on landscape pages,
/// then the totals per staff role, per area of need and per year group.
pub fn document(
    provisions: &[Provision],
    settings: &Settings,
    by_initials: bool,
    school: &str,
    date: Option<crate::plan::Date>,
) -> crate::document::Document {
    use crate::document::{
        Document, Meta, Orientation, PageSetup, Running, heading, paragraph, table,
    };
    let money = |v: f64| format!("{v:.2}");
    let year = settings.weeks_per_year;
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
                let cost = settings.cost_of(&p.staff).map(|c| c * hours);
                vec![
                    p.strategy.clone(),
                    p.area.map_or("", Area::label).to_owned(),
                    p.staff.clone(),
                    p.setting.clone(),
                    p.sessions_per_week.to_string(),
                    p.minutes.to_string(),
                    p.group_size.to_string(),
                    p.pupils
                        .iter()
                        .map(|(name, _)| {
                            if by_initials {
                                initials(name)
                            } else {
                                name.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    format!("{hours:.2}"),
                    cost.map(money).unwrap_or_default(),
                    cost.map(|c| money(c * year)).unwrap_or_default(),
                ]
            }),
        ),
    ];
    for (title, totals) in [
        (
            "By staff role",
            totals_by(provisions, settings, |p| p.staff.clone()),
        ),
        (
            "By area of need",
            totals_by(provisions, settings, |p| {
                p.area.map_or("", Area::label).to_owned()
            }),
        ),
    ] {
        blocks.push(heading(2, title));
        blocks.push(table(
            &[40.0, 20.0, 20.0, 20.0],
            &["", "Staff hours a week", "Cost a week", "Cost a year"],
            totals.into_iter().map(|(name, hours, cost)| {
                vec![name, format!("{hours:.2}"), money(cost), money(cost * year)]
            }),
        ));
    }
    let mut by_year: BTreeMap<String, f64> = BTreeMap::new();
    for p in provisions {
        for (_, year_group) in &p.pupils {
            *by_year.entry(year_group.clone()).or_default() += p.minutes_per_week();
        }
    }
    blocks.push(heading(2, "By year group"));
    blocks.push(table(
        &[40.0, 60.0],
        &["Year group", "Pupils' minutes of provision a week"],
        by_year
            .into_iter()
            .map(|(year, minutes)| vec![year, minutes.to_string()]),
    ));
    Document {
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
    }
}
