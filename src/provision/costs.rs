//! The school's costs file: the hourly cost of each staff role and the weeks of the school year,
//! kept beside the plans (`iep provision --costs school-costs.yaml`). Every figure is checked
//! where it is written: a cost that is no number, negative or beyond any school's pay is an
//! error at its line, never a total of infinity.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{Kind, LoadError, parse_yaml};
use crate::source::{FieldPath, Source, SourceMap};
use crate::text::same_words;

/// The highest hourly cost of a staff role: far above any school's pay (an educational
/// psychologist costs some 100 pounds an hour), low enough that no total overflows.
pub const MAX_HOURLY_COST: f64 = 1_000.0;

/// The most weeks a school year may have.
const MAX_WEEKS: f64 = 53.0;

/// The school's figures for costing provision: hourly costs per staff role and weeks of the
/// school year. Not in plans: `iep provision --costs school-costs.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
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

impl Default for Costs {
    fn default() -> Self {
        Self {
            weeks_per_year: default_weeks(),
            hourly_cost: BTreeMap::new(),
        }
    }
}

impl Costs {
    /// True when `source` is shaped like a costs file (only `weeks_per_year` and `hourly_cost` at
    /// its top), so that a folder of plans with the school's costs beside them leaves it out.
    pub fn is_costs_file(source: &Source) -> bool {
        // Most files are plans: they are told apart without reading their YAML again.
        if !source.text.contains("hourly_cost") {
            return false;
        }
        let places = SourceMap::build(&source.text);
        let has = |key: &str| places.entry(&FieldPath::root().key(key)).is_some();
        has("hourly_cost")
            && ![
                "pupil", "goals", "group", "plan", "school", "title", "blocks",
            ]
            .iter()
            .any(|key| has(key))
    }
}

impl Costs {
    /// Reads the costs file in `source`: a mistake in its YAML, or a figure that is not a
    /// number of hours or pounds a school could mean, is an error at its line.
    pub fn parse(source: &Source) -> Result<Self, crate::Error> {
        Costs::parse_source(source).map_err(crate::Error::from)
    }

    /// [`Costs::parse`], or why not.
    fn parse_source(source: &Source) -> Result<Self, LoadError> {
        let (settings, places) = parse_yaml::<Costs>(source, Kind::Costs)?;
        let refuse = |field: FieldPath, message: String, hint: &str| LoadError::Invalid {
            file: source.name.clone(),
            diagnostic: Box::new(
                Diagnostic::error(Code::InvalidValue, message)
                    .with_hint(hint)
                    .at_place(places.place(&field))
                    .at_field(field),
            ),
        };
        let weeks = settings.weeks_per_year;
        if !(weeks.is_finite() && weeks > 0.0 && weeks <= MAX_WEEKS) {
            return Err(refuse(
                FieldPath::root().key("weeks_per_year"),
                format!("`weeks_per_year` must be a number of weeks from 1 to {MAX_WEEKS}"),
                "a school year in England and Scotland has 39 weeks",
            ));
        }
        for (role, cost) in &settings.hourly_cost {
            if !(cost.is_finite() && (0.0..=MAX_HOURLY_COST).contains(cost)) {
                return Err(refuse(
                    FieldPath::root().key("hourly_cost").key(role),
                    format!(
                        "an hourly cost must be a number of pounds from 0 to {MAX_HOURLY_COST}, and this role's is not"
                    ),
                    "write the cost of an hour of this role, such as 14.50",
                ));
            }
        }
        Ok(settings)
    }

    /// The hourly cost of `staff`: that of the role of the costs whose words it holds
    /// ("Teaching assistant, Mrs K. Patel" is a teaching assistant). `None` when it names no
    /// role, or more than one ("class teacher and teaching assistant": together, or either?),
    /// which is not guessed.
    pub fn cost_of(&self, staff: &str) -> Option<f64> {
        self.rates().cost_of(staff)
    }

    /// True when `staff` names more than one role of the costs, so that its cost is left
    /// blank.
    pub fn names_several_roles(&self, staff: &str) -> bool {
        self.rates().is_ambiguous(staff)
    }

    /// The roles' words and costs, worked out once for a whole map.
    pub(super) fn rates(&self) -> Rates {
        Rates {
            roles: self
                .hourly_cost
                .iter()
                .map(|(role, cost)| (same_words(role), *cost))
                .filter(|(role, _)| !role.is_empty())
                .collect(),
        }
    }
}

/// The costs' roles by their words, for costing many provisions.
pub(super) struct Rates {
    roles: Vec<(String, f64)>,
}

impl Rates {
    /// See [`Costs::cost_of`].
    pub(super) fn cost_of(&self, staff: &str) -> Option<f64> {
        match self.named(staff)[..] {
            [cost] => Some(cost),
            _ => None,
        }
    }

    /// True when `staff` names more than one role, so that its cost is left blank.
    pub(super) fn is_ambiguous(&self, staff: &str) -> bool {
        self.named(staff).len() > 1
    }

    /// The costs of the roles `staff` names. A role inside a longer one named ("assistant" in
    /// "pupil support assistant") is that longer role.
    fn named(&self, staff: &str) -> Vec<f64> {
        let words = format!(" {} ", same_words(staff));
        let named: Vec<&(String, f64)> = self
            .roles
            .iter()
            .filter(|(role, _)| words.contains(&format!(" {role} ")))
            .collect();
        named
            .iter()
            .filter(|(role, _)| {
                !named.iter().any(|(longer, _)| {
                    longer.len() > role.len()
                        && format!(" {longer} ").contains(&format!(" {role} "))
                })
            })
            .map(|(_, cost)| *cost)
            .collect()
    }
}
