//! Embedding iep: load a plan, judge it by its school's rules, and act on the findings.
//!
//! Run with `cargo run --example check_plan -- examples/plans/durants.yaml`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "examples/plans/highland.yaml".into()),
    );
    let source = match iep::Source::read(&path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    // The plan names its form; the form carries its school's policy.
    let report = iep::check(&source);
    for diagnostic in &report.diagnostics {
        println!("{}:{diagnostic}", source.name);
    }
    if report.has_errors() {
        return ExitCode::FAILURE;
    }
    let plan = match iep::Plan::parse(&source) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{} ({}): {} targets, next review {}",
        plan.name(),
        plan.school(),
        plan.targets().count(),
        plan.plan.review.map(|d| d.long()).unwrap_or_default()
    );
    ExitCode::SUCCESS
}
