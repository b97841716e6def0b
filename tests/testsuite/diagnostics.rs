//! The diagnostics of each plan under tests/plans, pinned: what a SENCO reads, word for word.
//! A new file there gets its snapshot with `cargo insta review`.

use iep::Source;

fn source_of(path: &std::path::Path) -> Source {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Source::new(name, text)
}

#[test]
fn each_plan_reports_what_is_wrong_and_where() {
    insta::glob!("..", "plans/*.yaml", |path| {
        let report = iep::check(&source_of(path));
        insta::assert_snapshot!(report.to_string());
    });
}

#[test]
fn a_report_serialises_for_programs() {
    let path = std::path::Path::new("tests/plans/many-problems.yaml");
    let report = iep::check(&source_of(path));
    insta::assert_json_snapshot!(report);
}
