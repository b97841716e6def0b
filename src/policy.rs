//! A school's rules for its plans, as data: how many targets, how often reviews come round, which
//! areas of need must have a target, and how serious each check is.
//!
//! A form file can carry its own policy (`policy:` in the form); the fields it leaves out keep
//! the general policy's values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Severity};
use crate::plan::Area;

/// How a policy treats one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleLevel {
    /// Report it as an error: the plan is not ready.
    Error,
    /// Report it as a warning.
    Warning,
    /// Do not check it.
    Off,
}

/// A school's validation rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// The most short-term targets a plan may hold (an error above it).
    pub max_targets: usize,
    /// The most key targets guidance advises (a warning above it). Seeds 000 and 002: "up to
    /// three or four key targets".
    pub key_targets: usize,
    /// The next review must come within this many months of the plan being drawn up.
    pub review_within_months: u32,
    /// A short-term target should be met within this many weeks of the plan being drawn up.
    pub target_within_weeks: u32,
    /// Areas of need that must each have at least one target.
    pub required_areas: Vec<Area>,
    /// The most monitoring notes a target may carry (one a term).
    pub max_monitoring_notes: usize,
    /// The school puts a pupil-friendly plan on the classroom wall: every target needs the
    /// pupil's own words, and those words are checked for a beginning reader.
    pub pupil_friendly: bool,
    /// Checks made more or less serious than usual, or turned off, by code.
    pub rules: BTreeMap<Code, RuleLevel>,
}

impl Default for Policy {
    fn default() -> Self {
        Self::general()
    }
}

impl Policy {
    /// For schools with no rules of their own: the guidance of seeds 000 and 002, termly review.
    pub fn general() -> Self {
        Self {
            max_targets: 8,
            key_targets: 4,
            review_within_months: 4,
            target_within_weeks: 15,
            required_areas: Vec::new(),
            max_monitoring_notes: 6,
            pupil_friendly: false,
            rules: BTreeMap::new(),
        }
    }

    /// The Highland Council guidance (seed 001): no more than 8 targets, short-term targets
    /// met within a term, a review meeting once a term; a plan made without the pupil or the
    /// family is a draft.
    pub fn highland() -> Self {
        Self::general()
    }

    /// Durants School (seed 004): a target in each of the four areas of need, worked on
    /// between annual reviews; "the same target should not be set twice running"; targets put
    /// into the pupil's own words for "the pupil friendly IEP ... on display in classrooms".
    pub fn durants() -> Self {
        Self {
            review_within_months: 12,
            target_within_weeks: 53,
            required_areas: Area::FOUR_AREAS.to_vec(),
            pupil_friendly: true,
            rules: BTreeMap::from([
                (Code::RepeatedTarget, RuleLevel::Error),
                // The views are gathered for the annual review report ("requesting parents'
                // views before the Annual Review meeting"); the IEP form has no place for them.
                (Code::MissingPupilView, RuleLevel::Off),
                (Code::MissingParentsView, RuleLevel::Off),
            ]),
            ..Self::general()
        }
    }

    /// The policy of a built-in form, by the form's name.
    pub fn builtin(form: &str) -> Option<Self> {
        match form {
            "general" => Some(Self::general()),
            "highland" => Some(Self::highland()),
            "durants" => Some(Self::durants()),
            "pupil" => Some(Self::general().with_pupil_checks()),
            _ => None,
        }
    }

    /// This policy, also checking the pupil's words for the pupil-friendly version.
    pub fn with_pupil_checks(self) -> Self {
        Self {
            pupil_friendly: true,
            ..self
        }
    }

    /// The rules in words, a line each, for `iep forms`.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![
            format!(
                "at most {} short-term targets ({} key targets advised)",
                self.max_targets, self.key_targets
            ),
            format!(
                "the next review within {} months of the plan; targets met within {} weeks",
                self.review_within_months, self.target_within_weeks
            ),
        ];
        if !self.required_areas.is_empty() {
            let areas: Vec<&str> = self.required_areas.iter().map(|a| a.key()).collect();
            lines.push(format!("a target in each of: {}", areas.join(", ")));
        }
        if self.pupil_friendly {
            lines.push("the pupil's own words checked for the pupil-friendly page".into());
        }
        for (code, level) in &self.rules {
            let level = match level {
                RuleLevel::Error => "an error",
                RuleLevel::Warning => "a warning",
                RuleLevel::Off => "not checked",
            };
            lines.push(format!("{code}: {level}"));
        }
        lines
    }

    /// How serious `code` is under this policy, given its usual severity; `None` when off.
    pub fn severity(&self, code: Code, usual: Severity) -> Option<Severity> {
        match self.rules.get(&code) {
            None => Some(usual),
            Some(RuleLevel::Error) => Some(Severity::Error),
            Some(RuleLevel::Warning) => Some(Severity::Warning),
            Some(RuleLevel::Off) => None,
        }
    }
}
