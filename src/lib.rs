//! # iep: Individual Education Plans from YAML to printable documents
//!
//! A school writes each pupil's Individual Education Plan in YAML (plan format v1). iep reads it
//! into a typed [`Plan`], checks it by the school's rules, and lays it out on the school's own
//! form as a PDF or DOCX, or as the pupil-friendly page for the classroom wall.
//!
//! The common case is one call:
//!
//! ```
//! let source = iep::Source::read(std::path::Path::new("examples/plans/highland.yaml"))?;
//! let pdf = iep::print(&source, &iep::render::PdfRenderer::new())?;
//! assert!(pdf.starts_with(b"%PDF-"));
//! // std::fs::write("eilidh.pdf", pdf)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The data flow
//!
//! Each stage is a module of its own, and the data flows one way:
//!
//! ```text
//! plan.yaml ──load──▶ Plan ──validate(policy)──▶ Report { errors, warnings }
//!                      │
//! form file ──form──▶ Form ──fill──▶ Document ──layout──▶ pages ──Renderer──▶ PDF, DOCX, or your own
//! ```
//!
//! - [`Plan::load`] reads a plan file into a [`Plan`] ([`plan`]), refusing broken or hostile input
//!   with a located [`Error`].
//! - [`Plan::validate`] judges a plan by a school's [`Policy`] and returns a [`Report`] of
//!   [`Diagnostic`]s, each with a stable [`Code`], the YAML place and a hint.
//! - A [`Form`] compiles a school's form (a [`FormRef`]: built in, or a file) and fills plans into
//!   a renderer-neutral [`Document`] ([`document`]). The form carries the school's policy.
//! - The layout stage shapes the text, breaks it into lines and the lines into pages, once: the
//!   PDF draws its pages, and fitting a form to its page measures with it.
//! - [`render`] turns a document into a file; [`render::Renderer`] lets a program add its own.
//! - Whatever fails, the library says it with one [`Error`]: the [`Stage`] that failed and its
//!   coded, located [`Diagnostic`]s, a renderer's failure among them (`unprintable-text` at its
//!   field, `too-many-pages`), with a library's own error beneath as its `source()`.
//! - [`Print`] runs the whole way with choices: another form, the pupil-friendly page, a
//!   typeface; [`check()`] is `iep check` for one plan.
//!
//! ## Without a disk
//!
//! Every file iep reads comes through one seam, [`Files`]: the form file a plan names,
//! its pictures, its group plan and its members' plans. The command line reads them from disk
//! ([`FileSystem`], the default); a web service or the browser hands over the bytes it
//! holds in a [`MemoryFiles`]. The same folder rules hold: a plan given as text is in the
//! folder `.`, and names only files in it or below.
//!
//! ```
//! use std::sync::Arc;
//!
//! let plan = "\
//! form: forms/school.yaml
//! school: Drumbeg Primary School
//! pupil:
//!   name: Eilidh MacLeod
//!   date_of_birth: 2015-04-12
//!   year_group: P5
//!   photo: photos/eilidh.svg
//! plan:
//!   created: 2024-10-07
//!   review: 2025-01-20
//! goals:
//!   - area: communication_and_interaction
//!     long_term: Take part in small-group discussions
//!     targets:
//!       - target: Takes turns to speak in a group of four
//!         success: Waits for her turn in three of four group talks
//!         strategies: Talk partners and turn-taking cards
//!         who: Class teacher
//!         by: 2024-12-20
//! ";
//! let form = "\
//! name: drumbeg
//! title: Individual Education Plan
//! blocks:
//!   - heading: \"{{ pupil.name }}\"
//!   - image: \"{{ pupil.photo }}\"
//!     width_mm: 30
//!   - each: targets
//!     as: target
//!     blocks:
//!       - paragraph: \"{{ target.target }}\"
//! ";
//! let mut files = iep::MemoryFiles::new();
//! files.insert("forms/school.yaml", form);
//! files.insert("photos/eilidh.svg", include_bytes!("../templates/symbols/calm.svg").to_vec());
//! let print = iep::Print {
//!     files: Arc::new(files),
//!     ..iep::Print::default()
//! };
//! let printed = print.lay_out(&iep::Source::new("eilidh.yaml", plan))?;
//! assert!(printed.document.blocks.iter().any(|block| matches!(block, iep::document::Block::Image(_))));
//! let pdf = iep::render::Renderer::render(&iep::render::PdfRenderer::new(), &printed.document)?;
//! assert!(pdf.starts_with(b"%PDF-"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Checking a plan
//!
//! ```
//! let yaml = "\
//! form: highland
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
//! let report = iep::check(&iep::Source::new("eilidh.yaml", yaml));
//! let errors: Vec<String> = report.errors().map(|e| e.to_string()).collect();
//! assert_eq!(errors, [
//!     "14:9: error[missing-smart-field]: goal 1, target 1 has no success criterion, \
//!      so it is not Measurable (`success`) \
//!      (hint: add `success:` saying how everyone will know the target is met)",
//! ]);
//! assert_eq!(report.warnings().count(), 3); // a draft, and no pupil's or parents' view
//! ```
//!
//! ## Privacy
//!
//! Diagnostics and errors name fields and places, never what the plan says: a child's record
//! must not end up in a server log. Showing the offending line is left to programs that show
//! users their own files, like the `iep` command.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cycle;
mod diagnostic;
pub mod document;
mod error;
mod files;
mod fonts;
mod form;
mod layout;
mod load;
mod picture;
pub mod plan;
mod policy;
mod print;
pub mod provision;
pub mod render;
mod source;
mod symbols;
mod text;
mod validate;

pub use cycle::History;
pub use diagnostic::{Code, Diagnostic, Report, Severity};
pub use document::Document;
pub use error::{Error, Stage};
pub use files::{FileSystem, Files, MemoryFiles, Refused};
pub use fonts::{FontDir, Typeface};
pub use form::{Form, FormRef};
pub use plan::{AboutMe, Area, Date, Goal, Outcome, Plan, Pupil, Target};
pub use policy::Policy;
pub use print::{DocumentKind, Print, Printed, check, print};
pub use source::{FieldPath, Place, Source};
