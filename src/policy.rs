//! A school's rules for its plans, as data: how many targets, how often reviews come round, which
//! areas of need must have a target, and how serious each check is.
//!
//! A form file can carry its own policy (`policy:` in the form); the fields it leaves out keep
//! the general policy's values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Severity};
use crate::plan::Area;

/// How a policy's file writes one rule: `jargon: off`, `draft-plan: error`. In the policy a rule
/// is the severity it is raised at, or `None` when off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RuleLevel {
    /// Report it as an error: the plan is not ready.
    Error,
    /// Report it as a warning.
    Warning,
    /// Do not check it.
    Off,
}

/// The rules as a policy's file writes them (`off`, `error`, `warning`), and as the policy holds
/// them (`None` when off).
mod rule_levels {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::RuleLevel;
    use crate::diagnostic::{Code, Severity};

    pub fn serialize<S: Serializer>(
        rules: &BTreeMap<Code, Option<Severity>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let levels: BTreeMap<Code, RuleLevel> = rules
            .iter()
            .map(|(code, rule)| {
                let level = match rule {
                    Some(Severity::Error) => RuleLevel::Error,
                    Some(Severity::Warning) => RuleLevel::Warning,
                    None => RuleLevel::Off,
                };
                (*code, level)
            })
            .collect();
        levels.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<Code, Option<Severity>>, D::Error> {
        let levels = BTreeMap::<Code, RuleLevel>::deserialize(deserializer)?;
        Ok(levels
            .into_iter()
            .map(|(code, level)| {
                let rule = match level {
                    RuleLevel::Error => Some(Severity::Error),
                    RuleLevel::Warning => Some(Severity::Warning),
                    RuleLevel::Off => None,
                };
                (code, rule)
            })
            .collect())
    }
}

/// The most short-term targets a school's policy may allow: seeds 000 and 002 ask for a few
/// targets, and the forms have room for eight.
const MAX_TARGETS_ALLOWED: u64 = 8;

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
    /// Checks made more or less serious than usual (`Some` severity), or turned off (`None`),
    /// by code. A policy's file writes each as `error`, `warning` or `off`.
    #[serde(with = "rule_levels")]
    pub rules: BTreeMap<Code, Option<Severity>>,
}

impl Default for Policy {
    fn default() -> Self {
        Self::general()
    }
}

impl Policy {
    /// For schools with no rules of their own: the guidance of seeds 000 and 002, termly review.
    /// A form's `policy:` starts from it; the built-in forms' files state their own.
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

    /// What is out of bounds in this policy, as the field and why: a form's `policy:` that asks
    /// for more than a plan can hold, or for a cycle no school keeps. `None` when it is sound.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        let max_targets = self.max_targets as u64;
        let bounds = [
            (
                "max_targets",
                max_targets,
                MAX_TARGETS_ALLOWED,
                "short-term targets a plan may hold",
            ),
            (
                "key_targets",
                self.key_targets as u64,
                max_targets,
                "key targets, some of those",
            ),
            (
                "review_within_months",
                u64::from(self.review_within_months),
                24,
                "months to the next review",
            ),
            (
                "target_within_weeks",
                u64::from(self.target_within_weeks),
                104,
                "weeks to meet a target",
            ),
            (
                "max_monitoring_notes",
                self.max_monitoring_notes as u64,
                32,
                "monitoring notes of a target",
            ),
        ];
        bounds
            .into_iter()
            .find(|(_, value, most, _)| !(1..=*most).contains(value))
            .map(|(field, value, most, what)| {
                (field, format!("the {what} are 1 to {most}, not {value}"))
            })
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
                Some(Severity::Error) => "an error",
                Some(Severity::Warning) => "a warning",
                None => "not checked",
            };
            lines.push(format!("{code}: {level}"));
        }
        lines
    }

    /// How serious `code` is under this policy, given its usual severity; `None` when off.
    pub fn severity(&self, code: Code, usual: Severity) -> Option<Severity> {
        match self.rules.get(&code) {
            None => Some(usual),
            Some(rule) => *rule,
        }
    }
}
