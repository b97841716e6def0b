//! Judging a plan against a school's [`Policy`]: SMART targets, dates that make sense, the views
//! of the pupil and the family, plain words. Every finding names the goal and target in words and
//! points at the YAML line.

mod about_me;
mod jargon;
mod on_form;
mod printable;
mod pupil;

pub use on_form::not_on_form;

use crate::diagnostic::{Code, Diagnostic, Report, Severity};
use crate::files::{FileSystem, Files};
use crate::fonts::FontDir;
use crate::plan::{Date, Group, Outcome, Plan, Target};
use crate::policy::Policy;
use crate::source::{FieldPath, Place};
use crate::text::same_words;

impl Plan {
    /// Checks `plan` against `policy`. Errors mean the plan is not ready to be used; warnings point
    /// at what guidance advises against. Diagnostics come in the order of the file.
    pub fn validate(&self, policy: &Policy) -> Report {
        validate_in(self, policy, &Context::default())
    }
}

/// What a check knows beyond the plan and its school's rules. The library reads no clock: a
/// check that knows no `today` cannot say a review has passed, and the same plan always gets
/// the same findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The day of the check (`iep check --today`, the clock by default): a plan whose review
    /// date has passed should have its targets' outcomes recorded.
    pub today: Option<Date>,
    /// The school's own fonts (`--font-dir`): text they print is not `unprintable-text`.
    pub font_dir: Option<&'a FontDir>,
    /// Where the pictures the plan names are read from to check them: the disk when `None`.
    pub files: Option<&'a dyn Files>,
}

/// [`validate`], knowing `context`.
pub fn validate_in(plan: &Plan, policy: &Policy, context: &Context) -> Report {
    let mut checker = Checker {
        plan,
        policy,
        font_dir: context.font_dir,
        files: context.files.unwrap_or(&FileSystem),
        today: context.today,
        report: Report::default(),
    };
    checker.required();
    checker.dates();
    checker.goals();
    checker.targets();
    checker.previous_targets();
    checker.pupil();
    checker.views();
    about_me::check(&mut checker);
    jargon::check(&mut checker);
    printable::check(&mut checker);
    pupil::symbols(&mut checker);
    pupil::pictures(&mut checker);
    pupil::words(&mut checker);
    // Unlocated findings (a plan built in code) keep their order after the located ones.
    checker
        .report
        .diagnostics
        .sort_by_key(|d| (d.place.is_none(), d.place, d.severity));
    checker.report
}

/// Pupils sharing a group plan from which it is no longer an individual one (seed 003).
pub const GROUP_NOT_INDIVIDUAL: usize = 6;

struct Checker<'a> {
    plan: &'a Plan,
    policy: &'a Policy,
    font_dir: Option<&'a FontDir>,
    files: &'a dyn Files,
    today: Option<Date>,
    report: Report,
}

fn root() -> FieldPath {
    FieldPath::root()
}

/// Written and not just spaces.
fn given(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// "goal 2, target 1" for messages.
fn target_words(goal: usize, target: usize) -> String {
    format!("goal {}, target {}", goal + 1, target + 1)
}

impl Checker<'_> {
    /// Records a finding at `field`, as serious as the policy says.
    fn emit(&mut self, code: Code, usual: Severity, field: FieldPath, message: String, hint: &str) {
        let Some(severity) = self.policy.severity(code, usual) else {
            return;
        };
        let mut diagnostic = Diagnostic::new(severity, code, message)
            .at_place(self.plan.places.place(&field))
            .at_field(field);
        if !hint.is_empty() {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.report.diagnostics.push(diagnostic);
    }

    /// A warning at `place` (the field's own place when `None`), such as a word inside a text.
    fn warning_at(
        &mut self,
        code: Code,
        field: FieldPath,
        place: Option<Place>,
        message: String,
        hint: &str,
    ) {
        let before = self.report.diagnostics.len();
        self.emit(code, Severity::Warning, field, message, hint);
        if let Some(diagnostic) = self.report.diagnostics.get_mut(before)
            && place.is_some()
        {
            diagnostic.place = place;
        }
    }

    fn error(&mut self, code: Code, field: FieldPath, message: String, hint: &str) {
        self.emit(code, Severity::Error, field, message, hint);
    }

    fn warning(&mut self, code: Code, field: FieldPath, message: String, hint: &str) {
        self.emit(code, Severity::Warning, field, message, hint);
    }

    fn dates(&mut self) {
        let dates = &self.plan.plan;
        let plan = root().key("plan");
        if dates.created.is_none() {
            self.error(
                Code::MissingCreatedDate,
                plan.key("created"),
                "the plan has no date it was drawn up (`plan.created`)".into(),
                "add `created:` with the date of the planning meeting, such as 2024-10-07",
            );
        }
        match (dates.created, dates.review) {
            (_, None) => self.error(
                Code::MissingReviewDate,
                plan.key("review"),
                "the plan has no next review date (`plan.review`)".into(),
                "add `review:` with the date of the next review meeting",
            ),
            (Some(created), Some(review)) if review <= created => self.error(
                Code::ReviewBeforeCreated,
                plan.key("review"),
                "the next review date is not after the date the plan was drawn up".into(),
                "check the years of `created` and `review`",
            ),
            (Some(created), Some(review)) => {
                let months = self.policy.review_within_months;
                if created
                    .plus_months(months)
                    .is_some_and(|limit| review > limit)
                {
                    self.warning(
                        Code::ReviewTooFar,
                        plan.key("review"),
                        format!(
                            "the next review is {} days after the plan was drawn up; this school reviews plans within {months} months",
                            created.days_until(review)
                        ),
                        "bring the review forward, or check its date",
                    );
                }
            }
            (None, Some(_)) => {}
        }
        if dates.agreed.is_none() {
            self.warning(
                Code::DraftPlan,
                plan.key("agreed"),
                "the plan has no agreed date, so it is a draft".into(),
                "add `agreed:` once the plan has been agreed with the family",
            );
        }
    }

    fn goals(&mut self) {
        let plan = self.plan;
        if plan.goals.is_empty() {
            self.error(
                Code::NoGoals,
                root().key("goals"),
                "the plan has no goals".into(),
                "add `goals:` with at least one long-term target and its short-term targets",
            );
            return;
        }
        for (g, goal) in plan.goals.iter().enumerate() {
            if goal.targets.is_empty() {
                self.warning(
                    Code::GoalWithoutTargets,
                    FieldPath::goal(g),
                    format!("goal {} has no short-term targets", g + 1),
                    "add `targets:` with the steps towards this long-term target",
                );
            }
            if goal.area.is_none() {
                self.error(
                    Code::MissingSmartField,
                    FieldPath::goal(g).key("area"),
                    format!("goal {} has no area of need (`area`), so its targets are not shown to be Relevant", g + 1),
                    "add `area:`, such as `area: literacy` or `area: communication_and_interaction`",
                );
            }
        }
        for &area in &self.policy.required_areas {
            let covered = plan
                .goals
                .iter()
                .any(|goal| goal.area == Some(area) && !goal.targets.is_empty());
            if !covered {
                self.error(
                    Code::AreaNotCovered,
                    root().key("goals"),
                    format!(
                        "no target in the area \"{}\", which this school's plans must cover",
                        area.label()
                    ),
                    &format!(
                        "add a goal with `area: {}` and at least one target",
                        area.key()
                    ),
                );
            }
        }
        let count = plan.targets().count();
        let (max, key) = (self.policy.max_targets, self.policy.key_targets);
        if let Some((g, t, _)) = plan.targets().nth(max) {
            self.error(
                Code::TooManyTargets,
                FieldPath::target(g, t),
                format!("the plan has {count} short-term targets; this school allows at most {max} (the first one over is {})", target_words(g, t)),
                "keep the most important targets for this period and move the others to the next plan",
            );
        } else if count > key {
            self.warning(
                Code::TooManyKeyTargets,
                root().key("goals"),
                format!("the plan has {count} short-term targets; guidance advises focusing on three or four key targets"),
                "consider which targets matter most this term",
            );
        }
    }

    fn targets(&mut self) {
        let plan = self.plan;
        let dates = &plan.plan;
        let previous: Vec<String> = plan
            .previous_targets
            .iter()
            .map(|p| same_words(&p.target))
            .collect();
        for (g, t, target) in plan.targets() {
            let path = FieldPath::target(g, t);
            let words = target_words(g, t);
            for (field, present, what, hint) in smart_fields(target) {
                if !present {
                    self.error(
                        Code::MissingSmartField,
                        path.key(field),
                        format!("{words} has no {what} (`{field}`)"),
                        hint,
                    );
                }
            }
            self.review_of(target, &path, &words);
            if let Some(by) = target.by {
                if dates.review.is_some_and(|review| by > review) {
                    self.error(
                        Code::TargetAfterReview,
                        path.key("by"),
                        format!("{words} is due after the next review date"),
                        "a target should be met by the review that looks at it: move `by` earlier or the review later",
                    );
                }
                if let Some(created) = dates.created {
                    let weeks = self.policy.target_within_weeks;
                    if by < created {
                        self.warning(
                            Code::TargetBeforeCreated,
                            path.key("by"),
                            format!("{words} is due before the date the plan was drawn up"),
                            "check the year of `by`",
                        );
                    } else if created.days_until(by) > i64::from(weeks) * 7 {
                        self.warning(
                            Code::TargetTooLong,
                            path.key("by"),
                            format!(
                                "{words} runs for {}; a short-term target should be met within {weeks} weeks (about a term)",
                                weeks_and_days(created.days_until(by))
                            ),
                            "break it into smaller steps, or make it the goal's long-term target",
                        );
                    }
                }
            }
            if target.monitoring.len() > self.policy.max_monitoring_notes {
                self.error(
                    Code::TooManyMonitoringNotes,
                    path.key("monitoring")
                        .index(self.policy.max_monitoring_notes),
                    format!(
                        "{words} has {} monitoring notes; the form has room for {}, one a term",
                        target.monitoring.len(),
                        self.policy.max_monitoring_notes
                    ),
                    "merge the notes or start a new plan",
                );
            }
            let text = target.target.as_deref().map(same_words).unwrap_or_default();
            if let Some(p) = previous.iter().position(|p| !p.is_empty() && *p == text) {
                self.warning(
                    Code::RepeatedTarget,
                    path.key("target"),
                    format!("{words} is the same as previous target {}", p + 1),
                    "the same target should not be set twice running: change the step, the support or the success criterion",
                );
            }
        }
    }

    /// What the review recorded on a target: the outcome once the review date has passed, and
    /// why when it was not fully achieved.
    fn review_of(&mut self, target: &Target, path: &FieldPath, words: &str) {
        match target.outcome {
            Some(outcome)
                if outcome != Outcome::FullyAchieved && !given(&target.review_comment) =>
            {
                self.error(
                    Code::MissingOutcomeComment,
                    path.key("outcome"),
                    format!("{words} was {} but has no comment on why", outcome.label()),
                    "add `review_comment:` saying why: almost achieved and needs more time, what got in the way, or how it was modified (Highland guidance)",
                );
            }
            Some(_) => {}
            None => {
                let review = self.plan.plan.review;
                if let (Some(review), Some(today)) = (review, self.today)
                    && review < today
                {
                    self.warning(
                        Code::OutcomeNotRecorded,
                        path.key("target"),
                        format!("{words} has no outcome, and the review date ({}) has passed", review.long()),
                        "record the review: `outcome:` fully_achieved, partially_achieved or not_achieved, and `review_comment:` unless fully achieved; then `iep next` starts the next plan",
                    );
                }
            }
        }
    }

    fn previous_targets(&mut self) {
        for (i, previous) in self.plan.previous_targets.iter().enumerate() {
            if previous.outcome != Outcome::FullyAchieved && !given(&previous.comment) {
                self.error(
                    Code::MissingOutcomeComment,
                    root().key("previous_targets").index(i).key("outcome"),
                    format!("previous target {} was {} but has no comment on why", i + 1, previous.outcome.label()),
                    "add `comment:` saying why, and whether it needs more time or a change (Highland guidance)",
                );
            }
        }
    }

    /// The fields every plan needs: whose plan it is and where. A group plan names its members
    /// instead of a pupil.
    fn required(&mut self) {
        if let Some(group) = &self.plan.group {
            return self.group(group);
        }
        let pupil = &self.plan.pupil;
        let missing: [(bool, FieldPath, &str, &str); 4] = [
            (
                given(&self.plan.school),
                root().key("school"),
                "the plan does not name the school (`school`)",
                "add `school:` with the school's name",
            ),
            (
                given(&pupil.name),
                root().key("pupil").key("name"),
                "the pupil's name is missing (`pupil.name`)",
                "add `name:` under `pupil:` with the pupil's full name",
            ),
            (
                pupil.date_of_birth.is_some(),
                root().key("pupil").key("date_of_birth"),
                "the pupil's date of birth is missing (`pupil.date_of_birth`)",
                "add `date_of_birth:` under `pupil:`, such as 2017-04-12",
            ),
            (
                given(&pupil.year_group),
                root().key("pupil").key("year_group"),
                "the pupil's year group is missing (`pupil.year_group`)",
                "add `year_group:` under `pupil:`, such as P5 or Year 4",
            ),
        ];
        for (present, field, message, hint) in missing {
            if !present {
                self.error(Code::MissingField, field, message.into(), hint);
            }
        }
    }

    /// A group plan: its school and members, and seed 003's warning that a plan shared by many
    /// pupils is no longer an individual one.
    fn group(&mut self, group: &Group) {
        if !given(&self.plan.school) {
            self.error(
                Code::MissingField,
                root().key("school"),
                "the group plan does not name the school (`school`)".into(),
                "add `school:` with the school's name",
            );
        }
        let members = root().key("group").key("members");
        if group.members.is_empty() {
            self.error(
                Code::MissingField,
                members,
                "the group plan has no members (`group.members`)".into(),
                "add `members:` under `group:`, a `- name:` for each pupil in the group",
            );
        } else if group.members.len() >= GROUP_NOT_INDIVIDUAL && !self.plan.goals.is_empty() {
            self.warning(
                Code::GroupNotIndividual,
                members,
                format!(
                    "{} pupils share these targets: a plan for six or more pupils with the same targets is not an individual plan",
                    group.members.len()
                ),
                "give each pupil an IEP of their own for what is particular to them, with `group_plan:` naming this plan for what they share (seed 003)",
            );
        }
    }

    fn pupil(&mut self) {
        let born = self.plan.pupil.date_of_birth;
        if let Some((born, created)) = born.zip(self.plan.plan.created)
            && born >= created
        {
            self.error(
                Code::BirthAfterPlan,
                root().key("pupil").key("date_of_birth"),
                "the date of birth is not before the date the plan was drawn up, so the pupil's age cannot be worked out".into(),
                "check the year of `date_of_birth` and of `plan.created`",
            );
        }
        if self
            .plan
            .pupil
            .asn_level
            .is_some_and(|level| !(1..=4).contains(&level))
        {
            self.error(
                Code::AsnLevelOutOfRange,
                root().key("pupil").key("asn_level"),
                "the level of additional support needs must be from 1 to 4".into(),
                "use a level from 1 to 4, or leave `asn_level` out",
            );
        }
    }

    fn views(&mut self) {
        if self.plan.group.is_some() {
            // A group plan's views are each member's, in their own plans.
            return;
        }
        let views = &self.plan.views;
        if views.pupil.as_ref().is_none_or(crate::plan::View::is_blank) {
            self.warning(
                Code::MissingPupilView,
                root().key("views").key("pupil"),
                "the pupil's view is not recorded".into(),
                "add `views.pupil:`; a plan made without the pupil should be treated as a draft",
            );
        }
        if views
            .parents
            .as_ref()
            .is_none_or(crate::plan::View::is_blank)
        {
            self.warning(
                Code::MissingParentsView,
                root().key("views").key("parents"),
                "the parents' or carers' view is not recorded".into(),
                "add `views.parents:`; a plan made without the family should be treated as a draft",
            );
        }
    }
}

/// A span of days as weeks and the days over: "15 weeks and 4 days", "16 weeks".
fn weeks_and_days(days: i64) -> String {
    let plural = |n: i64, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (days / 7, days % 7) {
        (weeks, 0) => plural(weeks, "week"),
        (0, days) => plural(days, "day"),
        (weeks, days) => format!("{} and {}", plural(weeks, "week"), plural(days, "day")),
    }
}

/// The SMART parts of a target: field, present, what it is in words, hint.
fn smart_fields(target: &Target) -> [(&'static str, bool, &'static str, &'static str); 5] {
    [
        (
            "target",
            given(&target.target),
            "target text, so it is not Specific",
            "add `target:` saying what the pupil will do",
        ),
        (
            "success",
            given(&target.success),
            "success criterion, so it is not Measurable",
            "add `success:` saying how everyone will know the target is met",
        ),
        (
            "strategies",
            given(&target.strategies),
            "teaching strategies, so it is not shown to be Achievable",
            "add `strategies:` saying how the target will be taught",
        ),
        (
            "who",
            given(&target.who),
            "person responsible, so it is not shown to be Achievable",
            "add `who:` naming who will support the pupil",
        ),
        (
            "by",
            target.by.is_some(),
            "date to be met by, so it is not Time-bound",
            "add `by:` with the date the target should be met, on or before the review",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::weeks_and_days;

    #[test]
    fn a_span_is_said_in_whole_weeks_and_the_days_over() {
        assert_eq!(weeks_and_days(109), "15 weeks and 4 days");
        assert_eq!(weeks_and_days(112), "16 weeks");
        assert_eq!(weeks_and_days(106), "15 weeks and 1 day");
        assert_eq!(weeks_and_days(7), "1 week");
    }
}
