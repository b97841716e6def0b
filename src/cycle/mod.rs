//! The IEP cycle: plan, review, next plan. The review is recorded on the plan's own targets
//! (`outcome`, `review_comment`, `modified`); [`Plan::next_plan`](crate::Plan::next_plan) starts the next plan from it, and
//! [`History::of`] follows each pupil across their plans.

mod history;
mod next;

pub use history::History;
pub(crate) use next::yaml_scalar;
