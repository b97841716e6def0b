//! # iep: Individual Education Plans from YAML to printable documents
//!
//! The data flows one way:
//!
//! ```text
//! plan.yaml ──load──▶ Plan ──validate(policy)──▶ Report { errors, warnings }
//!                      └──form.lay_out──▶ Document ──Renderer──▶ PDF, DOCX, or your own
//! ```
//!
//! [`print()`] does all of it in one call for the common case; [`Print`] chooses another form,
//! the pupil-friendly page or a typeface.
//!
//! - [`load()`] and [`parse`] read a plan written in plan format v1 into the typed [`Plan`],
//!   refusing broken or hostile input with a located [`LoadError`].
//! - [`validate()`] judges a plan against a school's [`Policy`] and returns a [`Report`] of
//!   [`Diagnostic`]s, each with a stable [`Code`], the YAML place and a hint.
//!
//! Diagnostics name fields and places, never what the plan says: a child's record must not end
//! up in a server log. Showing the offending line is left to programs that show users their own
//! files, like the `iep` command.
//!
//! ```
//! use iep::{Policy, Source};
//!
//! let yaml = "\
//! school: Drumbeg Primary School
//! pupil:
//!   name: Eilidh MacLeod
//!   date_of_birth: 2015-04-12
//!   year_group: P5
//! plan:
//!   created: 2024-10-07
//!   review: 2025-01-20
//! goals:
//!   - area: communication_and_interaction
//!     long_term: Take part in small-group discussions
//!     targets:
//!       - target: Takes turns to speak in a group of four
//!         strategies: Talk partners and turn-taking cards
//!         who: Class teacher
//!         by: 2024-12-20
//! ";
//! let plan = iep::parse(&Source::new("eilidh.yaml", yaml))?;
//! let report = iep::validate(&plan, &Policy::highland());
//!
//! let missing: Vec<String> = report.errors().map(|e| e.to_string()).collect();
//! assert_eq!(missing, [
//!     "13:9: error[missing-smart-field]: goal 1, target 1 has no success criterion, \
//!      so it is not Measurable (`success`) \
//!      (hint: add `success:` saying how everyone will know the target is met)",
//! ]);
//! assert_eq!(report.warnings().count(), 3); // a draft, and no pupil's or parents' view
//! # Ok::<(), iep::LoadError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diagnostic;
pub mod document;
mod file;
pub mod fonts;
pub mod form;
pub mod layout;
pub mod load;
pub mod picture;
pub mod plan;
pub mod policy;
pub mod print;
pub mod render;
pub mod source;
pub mod symbols;
pub mod text;
pub mod validate;

pub use diagnostic::{Code, Diagnostic, Report, Severity};
pub use document::Document;
pub use fonts::Typeface;
pub use form::FormRef;
pub use layout::Form;
pub use load::{LoadError, load, parse};
pub use plan::{Area, Date, Goal, Outcome, Plan, Pupil, Target};
pub use policy::{Policy, RuleLevel};
pub use print::{Print, Printed, print};
pub use source::{FieldPath, Place, Source};
pub use validate::validate;

/// Loads and checks a plan in one step, the common case: by the rules of the form the plan
/// names, and for the fields that form would not print. A plan that does not load gives a
/// report of the one error that stopped it. [`Print::check`] checks by another form's rules,
/// or for the pupil-friendly page.
pub fn check(source: &Source) -> Report {
    Print::default().check(source)
}
