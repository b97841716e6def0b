//! Shared by the integration tests: a plan that every policy finds clean, to break one rule at a
//! time.

#![allow(dead_code)]

use iep::{Code, Plan, Policy, Source};

/// A complete plan with one target in each of the four areas of need, agreed, with both views:
/// clean under the general, Highland and Durants policies.
pub const CLEAN: &str = "\
school: Test Primary School
pupil:
  name: Sam Example
  date_of_birth: 2017-04-12
  year_group: P5
  asn_level: 2
plan:
  created: 2026-10-05
  agreed: 2026-10-12
  review: 2027-01-25
  responsible: Mrs A. Teacher, class teacher
previous_targets:
  - target: Read 20 common words
    actions: Daily word games
    outcome: partially_achieved
    comment: Reads 14 of the 20
goals:
  - area: communication_and_interaction
    long_term: Join in group talk
    targets:
      - target: Takes turns to speak in a group of four
        strategies: Turn-taking cards
        who: Class teacher
        success: Waits for a turn in 4 of 5 sessions
        by: 2027-01-15
  - area: cognition_and_learning
    long_term: Read at the level of the class
    targets:
      - target: Reads the remaining 6 of 20 common words
        strategies: Flash cards
        who: Support assistant
        success: Reads all 20 on three days running
        by: 2026-12-18
  - area: sensory_and_physical
    long_term: Manage noise in class
    targets:
      - target: Uses ear defenders when the room is loud
        strategies: Sensory check-in
        who: Class teacher
        success: Stays in a loud lesson in 4 of 5 lessons
        by: 2027-01-15
  - area: social_emotional_mental_health
    long_term: Cope with changes
    targets:
      - target: Moves calmly to a changed lesson after a warning
        strategies: Visual timetable
        who: Key adult
        success: Calm on 4 of 5 changes
        by: 2027-01-15
views:
  pupil: I like drawing.
  parents: We want Sam to be confident.
";

pub fn parse(text: &str) -> Result<Plan, iep::LoadError> {
    iep::parse(&Source::new("test.yaml", text))
}

/// The clean plan, parsed.
pub fn clean() -> Plan {
    match parse(CLEAN) {
        Ok(plan) => plan,
        Err(error) => panic!("the clean plan does not load: {error}"),
    }
}

/// The codes `policy` finds in `plan`.
pub fn codes(plan: &Plan, policy: &Policy) -> Vec<Code> {
    iep::validate(plan, policy).codes()
}

/// The clean plan with `from` replaced by `to` in its YAML (which must contain `from`).
pub fn edited(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "the clean plan has no {from:?}");
    CLEAN.replacen(from, to, 1)
}

/// The code of the error that stops `text` loading.
pub fn load_error(text: &str) -> Code {
    match parse(text) {
        Ok(_) => panic!("the plan loaded, but should not have"),
        Err(error) => match error.diagnostic() {
            Some(diagnostic) => diagnostic.code,
            None => panic!("not a located error: {error}"),
        },
    }
}

/// Lays the plan at `plan_path` out on its form (or `form`) and returns the document.
pub fn document(plan_path: &str, form: Option<&str>) -> iep::Document {
    let path = std::path::Path::new(plan_path);
    let plan = iep::load(path).unwrap_or_else(|e| panic!("{e}"));
    let name = form
        .map(str::to_owned)
        .or_else(|| plan.form.clone())
        .unwrap_or_else(|| "general".into());
    let form = iep::FormRef::parse(&name, std::path::Path::new("."))
        .unwrap_or_else(|d| panic!("{d}"))
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
    let folder = path.parent().unwrap_or(std::path::Path::new("."));
    form.lay_out(&plan, folder)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a command-line tool on `input` (written to a scratch file) and returns its standard
/// output; the tool must exist (`.ci/run` installs them).
pub fn tool(program: &str, args: &[&str], input: &[u8], suffix: &str) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("iep-tool-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join(format!("input.{suffix}"));
    std::fs::write(&file, input).unwrap_or_else(|e| panic!("{e}"));
    let mut command = std::process::Command::new(program);
    command.args(args).arg(&file);
    if program == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{program} did not run ({e}); install it as .ci/run does"));
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Text with all runs of white space made single spaces.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
