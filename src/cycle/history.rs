//! A pupil's history across their plans: each plan's targets by area with their outcomes, how
//! many were achieved at each review, the targets set more than once, and the strategies of the
//! targets achieved: Highland's "growing record of approaches that are successful" (seed 001).

use std::borrow::Borrow;
use std::collections::HashMap;

use serde::Serialize;

use crate::document::{Document, Meta, Orientation, PageSetup, Running, heading, paragraph, table};
use crate::fonts::Typeface;
use crate::plan::{Area, Date, Outcome, Plan};
use crate::text::same_words;

/// One pupil's plans in date order, and what they show: a document for any renderer
/// ([`History::document`]), and the same records as data through serde (`iep history --json`
/// writes them): `pupil`, `date_of_birth`, `school`; `plans`, each with its `created` and
/// `review` dates, its `targets` (`area`, `target`, `outcome`, `comment`, `strategies`) and the
/// `counts` of its outcomes (`fully_achieved`, `partially_achieved`, `not_achieved`,
/// `not_recorded`); `repeated`, the targets set in more than one plan (`target` and the dates
/// of its `plans`); and `successful`, the strategies of the targets fully achieved (`area`,
/// `target`, `strategies`, `plan`).
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// The pupil's name.
    pub pupil: String,
    /// Their date of birth, which with the name tells one pupil from another.
    pub date_of_birth: Option<Date>,
    /// The school of the latest plan.
    pub school: String,
    /// Each plan, the earliest first.
    plans: Vec<PlanRecord>,
    /// The targets set in more than one plan.
    repeated: Vec<Repeated>,
    /// The strategies of the targets fully achieved: what has worked.
    successful: Vec<Approach>,
}

/// One plan of the history.
#[derive(Debug, Clone, Serialize)]
struct PlanRecord {
    /// The date it was drawn up.
    created: Option<Date>,
    /// Its review date.
    review: Option<Date>,
    /// Its targets, in the order of the plan.
    targets: Vec<TargetRecord>,
    /// How its targets went at the review.
    counts: Counts,
}

/// A target of one plan and how it went.
#[derive(Debug, Clone, Serialize)]
struct TargetRecord {
    /// Its goal's area of need.
    area: Option<Area>,
    /// The target.
    target: String,
    /// Its outcome: recorded on the target, or else on the next plan's previous targets.
    outcome: Option<Outcome>,
    /// Why, when not fully achieved.
    comment: Option<String>,
    /// How it was taught.
    strategies: Option<String>,
}

/// How many targets of a plan ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
struct Counts {
    /// Fully achieved.
    fully_achieved: usize,
    /// Partially achieved.
    partially_achieved: usize,
    /// Not achieved.
    not_achieved: usize,
    /// With no outcome recorded yet.
    not_recorded: usize,
}

/// A target set in more than one plan.
#[derive(Debug, Clone, Serialize)]
struct Repeated {
    /// The target, as the first plan wrote it.
    target: String,
    /// The dates of the plans that set it.
    plans: Vec<Option<Date>>,
}

/// A strategy recorded against a target achieved.
#[derive(Debug, Clone, Serialize)]
struct Approach {
    /// The area of need.
    area: Option<Area>,
    /// The target achieved.
    target: String,
    /// How it was taught.
    strategies: String,
    /// The date of the plan.
    plan: Option<Date>,
}

/// A plan as a history keeps it: what the history shows of it, without the plan itself, so that
/// an authority's plans are followed in the memory of their targets alone.
struct Entry {
    created: Option<Date>,
    review: Option<Date>,
    school: String,
    /// Its targets, each with its words for matching.
    targets: Vec<(TargetRecord, String)>,
    /// Its previous targets by their words: how the plan before it ended.
    previous: HashMap<String, (Outcome, Option<String>)>,
}

impl Entry {
    fn of(plan: &Plan) -> Self {
        let targets = plan
            .goals
            .iter()
            .flat_map(|goal| goal.targets.iter().map(move |target| (goal.area, target)))
            .map(|(area, target)| {
                let text = target.target.clone().unwrap_or_default();
                let words = same_words(&text);
                let record = TargetRecord {
                    area,
                    target: text,
                    outcome: target.outcome,
                    comment: target.review_comment.clone(),
                    strategies: target.strategies.clone(),
                };
                (record, words)
            })
            .collect();
        let mut previous = HashMap::new();
        for p in &plan.previous_targets {
            // The first of two previous targets of the same words is the one matched.
            previous
                .entry(same_words(&p.target))
                .or_insert((p.outcome, p.comment.clone()));
        }
        Entry {
            created: plan.plan.created,
            review: plan.plan.review,
            school: plan.school().to_owned(),
            targets,
            previous,
        }
    }
}

impl History {
    /// The histories of the pupils in `plans`, one each, matched by name (its words, whatever
    /// their case) and date of birth; each pupil's plans in the order they were drawn up. Pupils
    /// come in the order of their names. The plans are read one at a time and need not be held:
    /// an iterator that loads each in turn keeps one plan in memory.
    pub fn of<P: Borrow<Plan>>(plans: impl IntoIterator<Item = P>) -> Vec<History> {
        let mut pupils: Vec<(String, Option<Date>, Vec<Entry>)> = Vec::new();
        let mut index: HashMap<(String, Option<Date>), usize> = HashMap::new();
        for plan in plans {
            let plan = plan.borrow();
            let name = plan.name().trim();
            let born = plan.pupil.date_of_birth;
            let at = *index.entry((same_words(name), born)).or_insert_with(|| {
                pupils.push((name.to_owned(), born, Vec::new()));
                pupils.len() - 1
            });
            pupils[at].2.push(Entry::of(plan));
        }
        pupils.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        pupils
            .into_iter()
            .map(|(pupil, date_of_birth, mut entries)| {
                entries.sort_by_key(|entry| entry.created);
                history(pupil, date_of_birth, entries)
            })
            .collect()
    }
}

fn history(pupil: String, date_of_birth: Option<Date>, entries: Vec<Entry>) -> History {
    let school = entries
        .last()
        .map(|entry| entry.school.clone())
        .unwrap_or_default();
    let mut records: Vec<PlanRecord> = Vec::with_capacity(entries.len());
    let mut repeated: Vec<Repeated> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let next = entries.get(i + 1);
        let mut counts = Counts::default();
        let mut targets = Vec::with_capacity(entry.targets.len());
        for (target, words) in &entry.targets {
            let mut target = target.clone();
            // How it ended: as recorded on the target, or else as the next plan says.
            let carried = next.and_then(|next| next.previous.get(words));
            target.outcome = target.outcome.or(carried.map(|(outcome, _)| *outcome));
            target.comment = target
                .comment
                .or_else(|| carried.and_then(|(_, comment)| comment.clone()));
            match target.outcome {
                Some(Outcome::FullyAchieved) => counts.fully_achieved += 1,
                Some(Outcome::PartiallyAchieved) => counts.partially_achieved += 1,
                Some(Outcome::NotAchieved) => counts.not_achieved += 1,
                None => counts.not_recorded += 1,
            }
            match seen.get(words) {
                // The plans are in date order: a plan already listed is the last one.
                Some(&at) => {
                    if repeated[at].plans.last() != Some(&entry.created) {
                        repeated[at].plans.push(entry.created);
                    }
                }
                None => {
                    seen.insert(words.clone(), repeated.len());
                    repeated.push(Repeated {
                        target: target.target.clone(),
                        plans: vec![entry.created],
                    });
                }
            }
            targets.push(target);
        }
        records.push(PlanRecord {
            created: entry.created,
            review: entry.review,
            targets,
            counts,
        });
    }
    repeated.retain(|r| r.plans.len() > 1);
    let successful = records
        .iter()
        .flat_map(|record| {
            record
                .targets
                .iter()
                .filter(|t| t.outcome == Some(Outcome::FullyAchieved))
                .filter_map(move |t| {
                    Some(Approach {
                        area: t.area,
                        target: t.target.clone(),
                        strategies: t.strategies.clone().filter(|s| !s.trim().is_empty())?,
                        plan: record.created,
                    })
                })
        })
        .collect();
    History {
        pupil,
        date_of_birth,
        school,
        plans: records,
        repeated,
        successful,
    }
}

/// The most plans one pupil's history document shows: three a year through a whole school life
/// is some 45.
pub(crate) const MAX_PLANS_IN_HISTORY: usize = 100;

impl History {
    /// How many plans the history follows.
    pub fn plans(&self) -> usize {
        self.plans.len()
    }

    /// The history as a document for any renderer: A4 portrait, in the look of the general form.
    /// A history of more than 100 plans is refused before it takes the
    /// memory of its pages.
    pub fn document(&self) -> Result<Document, crate::Error> {
        if self.plans.len() > MAX_PLANS_IN_HISTORY {
            return Err(crate::Error::too_long_to_print(format!(
                "the history holds {} plans, more than the {MAX_PLANS_IN_HISTORY} of a whole school life: check that the folder does not hold copies of one pupil's plans",
                self.plans.len()
            )));
        }
        let first = self.plans.first().and_then(|p| p.created);
        let last = self.plans.last().and_then(|p| p.created);
        let mut blocks = vec![
            heading(1, &format!("IEP history: {}", self.pupil)),
            paragraph(&format!(
                "{}{}, {}. {} plan{}, from {} to {}.",
                self.pupil,
                self.date_of_birth
                    .map(|d| format!(", born {}", d.long()))
                    .unwrap_or_default(),
                self.school,
                self.plans.len(),
                if self.plans.len() == 1 { "" } else { "s" },
                date(first),
                date(last),
            )),
            heading(2, "At each review"),
            table(
                &[18.0, 18.0, 12.0, 13.0, 13.0, 13.0, 13.0],
                &[
                    "Plan of",
                    "Review due",
                    "Targets",
                    "Fully achieved",
                    "Partially achieved",
                    "Not achieved",
                    "Not recorded",
                ],
                self.plans.iter().map(|plan| {
                    let c = plan.counts;
                    vec![
                        date(plan.created),
                        date(plan.review),
                        plan.targets.len().to_string(),
                        c.fully_achieved.to_string(),
                        c.partially_achieved.to_string(),
                        c.not_achieved.to_string(),
                        c.not_recorded.to_string(),
                    ]
                }),
            ),
        ];
        for plan in &self.plans {
            blocks.push(heading(2, &format!("The plan of {}", date(plan.created))));
            blocks.push(table(
                &[18.0, 37.0, 15.0, 30.0],
                &["Area", "Target", "Outcome", "Comment"],
                plan.targets.iter().map(|t| {
                    vec![
                        t.area.map_or("", Area::label).to_owned(),
                        t.target.clone(),
                        t.outcome.map_or("not recorded", Outcome::label).to_owned(),
                        t.comment.clone().unwrap_or_default(),
                    ]
                }),
            ));
        }
        blocks.push(heading(2, "Targets set more than once"));
        blocks.push(if self.repeated.is_empty() {
            paragraph("None: no target was set twice.")
        } else {
            table(
                &[60.0, 40.0],
                &["Target", "Set in the plans of"],
                self.repeated.iter().map(|r| {
                    let dates: Vec<String> = r.plans.iter().map(|d| date(*d)).collect();
                    vec![r.target.clone(), dates.join(", ")]
                }),
            )
        });
        blocks.push(heading(2, "Approaches that worked"));
        blocks.push(if self.successful.is_empty() {
            paragraph("No target is recorded as fully achieved yet.")
        } else {
            table(
                &[16.0, 32.0, 36.0, 16.0],
                &["Area", "Target achieved", "What was done", "Plan of"],
                self.successful.iter().map(|a| {
                    vec![
                        a.area.map_or("", Area::label).to_owned(),
                        a.target.clone(),
                        a.strategies.clone(),
                        date(a.plan),
                    ]
                }),
            )
        });
        Ok(Document {
            meta: Meta {
                title: format!("IEP history: {}", self.pupil),
                author: self.school.clone(),
                subject: format!("The IEP history of {}, {}", self.pupil, self.school),
                language: "en-GB".into(),
                credit: None,
                date: last.map(|d| d.iso()),
            },
            page: PageSetup {
                orientation: Orientation::Portrait,
                margins_mm: [15.0, 15.0, 15.0, 15.0],
                max_pages: None,
                background: Default::default(),
            },
            typeface: Typeface::LiberationSans,
            header: Some(Running {
                left: self.pupil.clone(),
                right: "IEP history".into(),
                ..Running::default()
            }),
            footer: Some(Running {
                left: self.school.clone(),
                right: "Page {page} of {pages}".into(),
                ..Running::default()
            }),
            blocks,
        })
    }
}

fn date(date: Option<Date>) -> String {
    date.map_or_else(|| "no date".into(), |d| d.long())
}
