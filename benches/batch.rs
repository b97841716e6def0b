//! The start-of-term budget: a local authority's 1,000 varied plans through `iep render`, the
//! command a SENCO runs, on every core; and the teacher's single plan, from a cold start. Run with
//! `cargo bench --bench batch`; `benches/targets` takes the same figures for two builds side by
//! side.
//!
//! The budgets (issue 29), on this project's two-core machine: one plan from a cold start in at
//! most 10 ms; the pupil-friendly page from a cold start in at most 20 ms; 1,000 plans to PDF and
//! DOCX on two cores in at most 4 s, under 64 MB (the peak is printed after the batch).
//!
//! The plans are written to `target/batch-plans/` (fictional pupils made from the three example
//! plans: other names, one to eight targets, longer and shorter texts) and left there, so the
//! same folder can be timed with other tools:
//! `hyperfine 'target/release/iep render target/batch-plans --quiet --out /tmp/out'`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

const PLANS: usize = 1000;

const FIRST: [&str; 12] = [
    "Amara", "Eilidh", "Tomasz", "Siân", "Ruairidh", "Zofia", "Mohammed", "Chloé", "Dafydd",
    "Aoife", "Kacper", "Isla",
];
const LAST: [&str; 10] = [
    "Okafor",
    "MacLeod",
    "Nowak",
    "Llewellyn",
    "Ó Briain",
    "Wiśniewska",
    "Ahmed",
    "Dubois",
    "Morgan",
    "Fraser",
];

/// Goals added to a plan to vary its length: one short-term target each.
const EXTRA: [(&str, &str, &str, &str); 4] = [
    (
        "numeracy",
        "Counts on in tens from any number to 100",
        "I can count on in tens.",
        "numbers",
    ),
    (
        "communication_and_interaction",
        "Asks an adult for help using a help card when stuck",
        "I show my help card when I am stuck.",
        "asking",
    ),
    (
        "independence",
        "Packs their own bag at the end of the day using a picture list",
        "I pack my bag by myself.",
        "organising",
    ),
    (
        "social_emotional_mental_health",
        "Names the feeling on the feelings chart when upset and chooses a calming activity",
        "I say how I feel and pick a calm job.",
        "feelings",
    ),
];

/// Writes the plans (again) and returns their folder.
fn write_plans() -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/batch-plans");
    let _ = std::fs::remove_dir_all(&folder);
    let examples = ["highland", "durants", "general"].map(|name| {
        let path = format!("{}/examples/plans/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        (
            name,
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}")),
        )
    });
    for i in 0..PLANS {
        let (form, text) = &examples[i % examples.len()];
        let class = folder.join(format!("class-{}", i % 20 + 1));
        std::fs::create_dir_all(&class).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            class.join(format!("pupil-{i:04}.yaml")),
            vary(form, text, i),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    folder
}

/// One example plan made into pupil number `i`.
fn vary(form: &str, text: &str, i: usize) -> String {
    let name_line = text
        .lines()
        .find(|l| l.starts_with("  name:"))
        .unwrap_or_default();
    let known_line = text
        .lines()
        .find(|l| l.starts_with("  known_as:"))
        .unwrap_or_default();
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / FIRST.len()) % LAST.len()];
    let mut plan = text
        .replacen(name_line, &format!("  name: {first} {last}"), 1)
        .replacen(known_line, &format!("  known_as: {first}"), 1);
    // Durants has its four areas already; the others get up to four more goals (at most eight
    // targets in all).
    if form != "durants" {
        let by = plan
            .lines()
            .find_map(|l| l.trim().strip_prefix("by: "))
            .unwrap_or("2026-12-11")
            .to_owned();
        let extra: String = EXTRA
            .iter()
            .take(i % 5)
            .map(|(area, target, words, symbol)| {
                format!(
                    "  - area: {area}\n    long_term: Grow in confidence (plan {i})\n    targets:\n      - target: {target}\n        strategies: Short daily practice with praise for each step\n        who: Class teacher\n        success: Does it without a reminder on 4 of 5 days\n        by: {by}\n        pupil_words: {words}\n        symbol: {symbol}\n"
                )
            })
            .collect();
        plan = plan.replacen("\nviews:", &format!("\n{extra}views:"), 1);
    }
    if i.is_multiple_of(3) {
        plan = plan.replacen(
            "  parents: ",
            "  parents: We meet the class teacher every half term and read the plan together at home. ",
            1,
        );
    }
    plan
}

/// One plan from a cold start, as a teacher prints it: the whole process, start-up included.
fn cold_start(c: &mut Criterion) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/plans/highland.yaml");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/cold-out");
    let mut group = c.benchmark_group("cold start");
    for (name, flag) in [
        ("one plan to pdf", "--form=highland"),
        ("pupil page to pdf", "--pupil-friendly"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let status = Command::new(env!("CARGO_BIN_EXE_iep"))
                    .arg("render")
                    .arg(&example)
                    .args([flag, "--quiet", "--to", "pdf", "--out"])
                    .arg(&out)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .unwrap_or_else(|e| panic!("{e}"));
                assert!(status.success(), "the plan failed");
            })
        });
    }
    group.finish();
}

/// The peak memory of one run of `command`, in MiB: the kernel's largest resident size of any
/// child reaped so far, which after the batches is a batch's.
#[cfg(unix)]
fn peak_mib(command: &mut Command) -> f64 {
    let status = command.status().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "the batch failed");
    // SAFETY: rusage is plain data, which getrusage fills.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let done = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(done, 0, "getrusage failed");
    usage.ru_maxrss as f64 / 1024.0
}

fn render(c: &mut Criterion) {
    let plans = write_plans();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/batch-out");
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    for (name, to) in [
        ("1000 plans to pdf", "pdf"),
        ("1000 plans to pdf and docx", "pdf,docx"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let status = Command::new(env!("CARGO_BIN_EXE_iep"))
                    .arg("render")
                    .arg(&plans)
                    .args(["--quiet", "--to", to, "--out"])
                    .arg(&out)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .unwrap_or_else(|e| panic!("{e}"));
                assert!(status.success(), "a plan failed");
            })
        });
    }
    // The provision map of the same 1,000 plans, as XLSX and CSV.
    group.bench_function("provision map of 1000 plans", |b| {
        b.iter(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_iep"))
                .arg("provision")
                .arg(&plans)
                .args(["--to", "xlsx,csv", "--out"])
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(status.success(), "the provision map failed");
        })
    });
    group.finish();
    #[cfg(unix)]
    {
        let peak = peak_mib(
            Command::new(env!("CARGO_BIN_EXE_iep"))
                .arg("render")
                .arg(&plans)
                .args(["--quiet", "--to", "pdf,docx", "--jobs", "2", "--out"])
                .arg(&out)
                .stdout(std::process::Stdio::null()),
        );
        let verdict = if peak < 64.0 { "within" } else { "OVER" };
        println!(
            "batch/1000 plans to pdf and docx, 2 jobs: peak memory {peak:.1} MiB, {verdict} the budget of 64 MiB"
        );
    }
}

criterion_group!(benches, cold_start, render);
criterion_main!(benches);
