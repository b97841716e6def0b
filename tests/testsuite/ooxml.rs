//! Every kind of DOCX iep writes is valid Office Open XML, as Word checks it before offering to
//! "recover the unreadable content": the PyPI `openxml-audit` checker (a port of the Open XML
//! SDK's validator, against the schemas of Office 2016) finds no error in each built-in form,
//! the pupil page, the review sheet, the history, the provision map, a plan with a view in Urdu
//! and in Panjabi, and every realistic plan of the tests (views in two languages, Ethiopic,
//! emoji, text pasted from Word, a Durants plan at its annual review, a group and a member).

use crate::common;

use std::path::Path;

use common::{GROUP, Scratch, iep, plan_with_view, stderr};

/// Runs `iep` and expects it to succeed.
fn run(args: &[&str]) {
    let output = iep(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
}

/// Writes one DOCX of every kind into `out` and returns their names.
fn every_kind(scratch: &Scratch, out: &Path) -> Vec<String> {
    let urdu = scratch.write(
        "urdu.yaml",
        &plan_with_view(
            "ہم چاہتے ہیں کہ امارا کلاس میں زیادہ پراعتماد محسوس کرے",
            "ur",
        ),
    );
    let panjabi = scratch.write(
        "panjabi.yaml",
        &plan_with_view("ਅਸੀਂ ਚਾਹੁੰਦੇ ਹਾਂ ਕਿ ਅਮਾਰਾ ਕਲਾਸ ਵਿੱਚ ਵਧੇਰੇ ਆਤਮਵਿਸ਼ਵਾਸ ਮਹਿਸੂਸ ਕਰੇ", "pa"),
    );
    let group = scratch.write("phonics-group.yaml", GROUP);
    let out_arg = out.display().to_string();
    let docx = ["--to", "docx", "--out", &out_arg];
    let mut render = vec![
        "render",
        "examples/plans/highland.yaml",
        "examples/plans/durants.yaml",
        "examples/plans/general.yaml",
        &urdu,
        &panjabi,
        &group,
    ];
    render.extend(docx);
    render.push("--quiet");
    run(&render);
    // Every realistic plan of the tests, written as staff write them, keeping its sub-folder.
    let realistic = out.join("realistic").display().to_string();
    run(&[
        "render",
        "tests/realistic",
        "--to",
        "docx",
        "--out",
        &realistic,
        "--quiet",
    ]);
    let mut pupil = vec!["render", "examples/plans", "--pupil-friendly"];
    pupil.extend(docx);
    run(&pupil);
    let mut review = vec!["review", "examples/plans/highland.yaml"];
    review.extend(docx);
    run(&review);
    for command in ["history", "provision"] {
        let mut args = vec![command, "examples/plans"];
        args.extend(docx);
        run(&args);
    }
    common::files(out)
}

#[test]
fn openxml_audit_finds_no_error_in_any_kind_of_docx() {
    let scratch = Scratch::new("ooxml");
    let out = scratch.0.join("out");
    let names = every_kind(&scratch, &out);
    let mut expected: Vec<String> = [
        "amara-okafor-history.docx",
        "durants-pupil.docx",
        "durants.docx",
        "eilidh-macleod-history.docx",
        "general-pupil.docx",
        "general.docx",
        "highland-pupil.docx",
        "highland-review.docx",
        "highland.docx",
        "panjabi.docx",
        "phonics-group.docx",
        "provision-map.docx",
        "tomasz-nowak-history.docx",
        "urdu.docx",
    ]
    .map(str::to_owned)
    .into();
    let plans = common::files(Path::new("tests/realistic"));
    assert!(plans.len() >= 10, "{plans:?}");
    expected.extend(
        plans
            .iter()
            .filter_map(|plan| plan.strip_suffix(".yaml"))
            .map(|plan| format!("realistic/{plan}.docx")),
    );
    expected.sort();
    assert_eq!(names, expected);
    let output = common::openxml_audit(&out, true);
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit said no JSON ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            stderr(&output)
        )
    });
    let reports = reports.as_array().cloned().unwrap_or_default();
    assert_eq!(reports.len(), names.len(), "{reports:?}");
    let mut failures = Vec::new();
    for report in &reports {
        let errors = report["errors"].as_array().cloned().unwrap_or_default();
        if report["valid"] != true || !errors.is_empty() {
            let file = report["file"].as_str().unwrap_or_default();
            let first: Vec<String> = errors
                .iter()
                .take(5)
                .map(|e| format!("  {} {} {}", e["part_uri"], e["path"], e["description"]))
                .collect();
            failures.push(format!(
                "{file}: {} errors\n{}",
                errors.len(),
                first.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
