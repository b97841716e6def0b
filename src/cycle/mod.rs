//! The IEP cycle: plan, review, next plan. The review is recorded on the plan's own targets
//! (`outcome`, `review_comment`, `modified`); [`next_plan`] starts the next plan from it, and
//! [`histories`] follows each pupil across their plans.

mod history;
mod next;

pub(crate) use history::TooManyPlans;
pub use history::{Approach, Counts, History, PlanRecord, Repeated, TargetRecord, histories};
pub use next::next_plan;
pub(crate) use next::yaml_scalar;
