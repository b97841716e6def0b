//! `iep render` over a school's folder of plans, and the commands that help write plans:
//! `iep forms`, `iep new` and `iep schema`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Scratch, assert_says, files, iep, stderr, stdout};

/// A school's folder: two classes, a good plan in each (one with the same file name), and a
/// plan with errors.
fn school(scratch: &Scratch) -> PathBuf {
    let plans = scratch.0.join("plans");
    for class in ["class-3", "class-4"] {
        std::fs::create_dir_all(plans.join(class)).unwrap_or_else(|e| panic!("{e}"));
    }
    let copy = |from: &str, to: &str| {
        std::fs::copy(from, plans.join(to)).unwrap_or_else(|e| panic!("{e}"));
    };
    copy("examples/plans/general.yaml", "class-3/amara.yaml");
    copy("examples/plans/highland.yaml", "class-4/amara.yaml");
    copy("tests/plans/many-problems.yaml", "class-4/broken.yaml");
    plans
}

#[test]
fn a_folder_is_rendered_with_its_sub_folders_and_a_bad_plan_does_not_stop_the_others() {
    let scratch = Scratch::new("batch-folder");
    let plans = school(&scratch);
    let out = scratch.0.join("out");
    let output = iep(&[
        "render",
        &plans.display().to_string(),
        "--to",
        "pdf,docx",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        files(&out),
        [
            "class-3/amara.docx",
            "class-3/amara.pdf",
            "class-4/amara.docx",
            "class-4/amara.pdf"
        ]
    );
    assert_says(&output, &["broken.yaml:7:3: error[asn-level-out-of-range]"]);
    assert_says(&output, &["run `iep check"]);
    assert!(
        stdout(&output).ends_with("2 rendered, 0 with warnings, 1 failed\n"),
        "{}",
        stdout(&output)
    );
    // Not a terminal: each file written is listed.
    assert_eq!(stdout(&output).matches("wrote ").count(), 4);
}

#[test]
fn quiet_prints_only_failures_and_the_summary() {
    let scratch = Scratch::new("batch-quiet");
    let out = scratch.0.display().to_string();
    let output = iep(&["render", "examples/plans", "--quiet", "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "3 rendered, 0 with warnings, 0 failed\n");
    assert_eq!(stderr(&output), "");
}

#[test]
fn both_writes_the_school_form_and_the_pupil_page() {
    let scratch = Scratch::new("batch-both");
    let out = scratch.0.display().to_string();
    let output = iep(&[
        "render",
        "examples/plans/durants.yaml",
        "--both",
        "--out",
        &out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&scratch.0), ["durants-pupil.pdf", "durants.pdf"]);
}

#[test]
fn warnings_are_counted_in_the_summary() {
    let scratch = Scratch::new("batch-warnings");
    let plan = std::fs::read_to_string("examples/plans/general.yaml")
        .unwrap_or_default()
        .replacen("  agreed: 2026-09-28\n", "", 1);
    let path = scratch.write("draft.yaml", &plan);
    let out = scratch.0.join("out").display().to_string();
    let output = iep(&["render", &path, "--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(
            "1 rendered, 1 with warnings, 0 failed (run `iep check` to see the warnings)"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn two_plans_that_would_write_the_same_file_are_not_both_written() {
    let scratch = Scratch::new("batch-clash");
    let plans = school(&scratch);
    let out = scratch.0.join("out");
    let output = iep(&[
        "render",
        &plans.join("class-3/amara.yaml").display().to_string(),
        &plans.join("class-4/amara.yaml").display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_says(&output, &["would overwrite those of"]);
    assert_eq!(files(&out), ["amara.pdf"]);
}

#[test]
fn a_failed_write_leaves_the_earlier_file_and_no_partial_file() {
    let scratch = Scratch::new("batch-atomic");
    let out = scratch.0.join("out");
    std::fs::create_dir_all(out.join("general.pdf")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("general.pdf/kept"), "earlier").unwrap_or_else(|e| panic!("{e}"));
    let output = iep(&[
        "render",
        "examples/plans/general.yaml",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_says(&output, &["cannot write"]);
    assert_eq!(files(&out), ["general.pdf/kept"], "a partial file was left");
}

#[test]
fn a_plan_that_fails_leaves_its_earlier_documents_as_they_were() {
    let scratch = Scratch::new("batch-earlier");
    let path = scratch.write(
        "plan.yaml",
        &std::fs::read_to_string("tests/plans/many-problems.yaml").unwrap_or_default(),
    );
    std::fs::write(scratch.0.join("plan.pdf"), "earlier").unwrap_or_else(|e| panic!("{e}"));
    let output = iep(&["render", &path, "--out", &scratch.0.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(scratch.0.join("plan.pdf")).unwrap_or_default(),
        "earlier"
    );
}

#[cfg(unix)]
#[test]
fn documents_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("batch-private");
    let out = scratch.0.display().to_string();
    let output = iep(&[
        "render",
        "examples/plans/general.yaml",
        "--to",
        "pdf,docx",
        "--out",
        &out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for name in ["general.pdf", "general.docx"] {
        let mode = std::fs::metadata(scratch.0.join(name))
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_default();
        assert_eq!(mode, 0o600, "{name}");
    }
}

#[test]
fn forms_lists_each_built_in_form_with_its_rules() {
    let output = iep(&["forms"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for form in ["general", "highland", "durants", "pupil"] {
        assert!(text.contains(&format!("{form}\n  ")), "{text}");
    }
    assert!(
        text.contains("a target in each of: communication_and_interaction"),
        "{text}"
    );
}

/// The starter plan for `form` with every empty field filled in as a SENCO would.
fn filled_starter(form: Option<&str>) -> String {
    let mut args = vec!["new"];
    if let Some(form) = form {
        args.extend(["--form", form]);
    }
    let output = iep(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let values = [
        ("school:", "Test Primary School"),
        ("name:", "Sam Example"),
        ("date_of_birth:", "2017-04-12"),
        ("year_group:", "P5"),
        ("asn_level:", "2"),
        ("created:", "2026-10-05"),
        ("review:", "2027-01-25"),
        ("responsible:", "Mrs A. Teacher"),
        ("area:", "literacy"),
        ("long_term:", "Read at the level of the class"),
        ("target:", "Reads 20 common words"),
        ("strategies:", "Flash cards every day"),
        ("who:", "Class teacher"),
        ("success:", "Reads all 20 on three days running"),
        ("by:", "2027-01-15"),
        ("pupil_words:", "I can read my 20 words."),
        ("pupil_helpers:", "Mrs Teacher"),
        // The views' `pupil:`, not the `pupil:` section of details.
        ("  pupil:", "I like reading with my friend."),
        ("  parents:", "We read at home every night."),
    ];
    stdout(&output)
        .lines()
        // Agreed with the family, so not a draft.
        .map(|line| line.replace("  # agreed:   ", "  agreed: 2026-10-12 "))
        .map(|line| {
            let code = line.split('#').next().unwrap_or_default();
            let key = code.trim().trim_start_matches("- ");
            let exact = code.trim_end();
            match values.iter().find(|(k, _)| *k == key || *k == exact) {
                // Only empty fields are filled; `area:` of a Durants goal is already set.
                Some((_, value)) => format!("{} {value}", code.trim_end()),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_new_plan_once_filled_in_passes_the_check() {
    let scratch = Scratch::new("batch-new");
    for form in [None, Some("highland"), Some("durants")] {
        let plan = filled_starter(form);
        let path = scratch.write("new.yaml", &plan);
        let output = iep(&["check", &path, "--deny-warnings"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{form:?}: {}\n{plan}",
            stdout(&output)
        );
    }
}

#[test]
fn a_new_plan_left_empty_says_what_to_fill_in_at_its_line() {
    let scratch = Scratch::new("batch-new-empty");
    let output = iep(&["new"]);
    let path = scratch.write("new.yaml", &stdout(&output));
    let output = iep(&["check", &path]);
    assert_eq!(output.status.code(), Some(1));
    // Every field still to fill in, in one run, each at its line.
    for missing in [
        "error[missing-field]: the plan does not name the school (`school`)",
        "error[missing-field]: the pupil's name is missing (`pupil.name`)",
        "error[missing-field]: the pupil's date of birth is missing (`pupil.date_of_birth`)",
        "error[missing-field]: the pupil's year group is missing (`pupil.year_group`)",
        "error[missing-created-date]",
        "error[missing-review-date]",
        "has no success criterion",
        "has no teaching strategies",
    ] {
        assert!(
            stdout(&output).contains(missing),
            "{missing}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn new_writes_a_new_file_as_utf8_and_never_overwrites_one() {
    let scratch = Scratch::new("batch-new-file");
    let path = scratch.0.join("sam.yaml");
    let path = path.display().to_string();
    let output = iep(&["new", "--form", "highland", "-o", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read(&path).unwrap_or_default();
    assert!(std::str::from_utf8(&written).is_ok_and(|t| t.contains("form: highland")));
    std::fs::write(&path, "a plan already typed in").unwrap_or_else(|e| panic!("{e}"));
    let again = iep(&["new", "-o", &path]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("exists already"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        "a plan already typed in"
    );
}

#[test]
fn a_new_plan_leaves_out_what_its_form_does_not_print() {
    let output = iep(&["new", "--form", "durants"]);
    let text = stdout(&output);
    assert!(
        text.contains("# views: (not printed on the durants form)"),
        "{text}"
    );
    assert!(text.contains("    # long_term:"), "{text}");
    let highland = stdout(&iep(&["new", "--form", "highland"]));
    assert!(highland.contains("\nviews:\n"), "{highland}");
    assert!(highland.contains("\n    long_term:"), "{highland}");
}

#[test]
fn new_refuses_the_pupil_page_and_unknown_forms() {
    assert_eq!(iep(&["new", "--form", "pupil"]).status.code(), Some(2));
    let output = iep(&["new", "--form", "higland"]);
    assert_eq!(output.status.code(), Some(2));
    assert_says(&output, &["did you mean `highland`?"]);
}

/// Validates YAML files against the schema with Python's jsonschema, an independent
/// implementation. Plan dates stay text: YAML 1.1's timestamps are not resolved.
fn validate_with_python(schema: &Path, plans: &[PathBuf]) -> String {
    let script = r#"
import json, sys, yaml, jsonschema
class Loader(yaml.SafeLoader): pass
Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp']
                                  for k, v in Loader.yaml_implicit_resolvers.items()}
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    for error in validator.iter_errors(yaml.load(open(path), Loader=Loader)):
        print(path, error.message)
"#;
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .args(plans)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 did not run ({e}); run scripts/test, which installs jsonschema")
        });
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn the_schema_accepts_the_example_plans_and_a_filled_new_plan_and_refuses_a_typo() {
    let scratch = Scratch::new("batch-schema");
    let output = iep(&["schema"]);
    assert_eq!(output.status.code(), Some(0));
    let schema = PathBuf::from(scratch.write("iep-plan.schema.json", &stdout(&output)));
    let mut plans: Vec<PathBuf> = ["highland", "durants", "general"]
        .iter()
        .map(|name| PathBuf::from(format!("examples/plans/{name}.yaml")))
        .collect();
    plans.push(PathBuf::from(
        scratch.write("new.yaml", &filled_starter(Some("durants"))),
    ));
    // Views in two languages, as paragraphs each with its own.
    plans.push(PathBuf::from("tests/realistic/polish-romanian.yaml"));
    plans.push(PathBuf::from("tests/realistic/somali-tigrinya.yaml"));
    assert_eq!(validate_with_python(&schema, &plans), "");
    let typo = scratch.write(
        "typo.yaml",
        &std::fs::read_to_string("examples/plans/general.yaml")
            .unwrap_or_default()
            .replacen("  year_group:", "  year_grop:", 1),
    );
    let found = validate_with_python(&schema, &[PathBuf::from(&typo)]);
    assert!(found.contains("'year_grop' was unexpected"), "{found}");
}

#[test]
fn help_shows_examples_for_every_command() {
    for command in ["render", "new", "schema", "forms"] {
        let output = iep(&[command, "--help"]);
        assert!(stdout(&output).contains("Examples:"), "{command}");
    }
}

#[test]
fn a_pdf_that_cannot_be_rendered_costs_only_itself_and_leaves_the_earlier_pdf() {
    // Passes its checks (with a warning naming the field) but the PDF refuses Chinese, which no
    // bundled font has; the DOCX, which prints it, is written.
    let scratch = Scratch::new("batch-render-fails");
    let plan = std::fs::read_to_string("examples/plans/general.yaml")
        .unwrap_or_default()
        .replacen("  parents: ", "  parents: 名前 ", 1);
    let path = scratch.write("plan.yaml", &plan);
    std::fs::write(scratch.0.join("plan.pdf"), "earlier").unwrap_or_else(|e| panic!("{e}"));
    let output = iep(&[
        "render",
        &path,
        "--to",
        "pdf,docx",
        "--out",
        &scratch.0.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let said = stderr(&output);
    // The renderer's refusal names the field itself.
    assert!(
        said.contains("Chinese or Japanese (U+540D) cannot be printed")
            && said.contains("it is in `views.parents`; the DOCX is written, and prints it")
            && said.contains("(the plan.pdf already there is from an earlier run)"),
        "{said}"
    );
    assert_eq!(
        files(&scratch.0),
        ["plan.docx", "plan.pdf", "plan.yaml"],
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(scratch.0.join("plan.pdf")).unwrap_or_default(),
        "earlier"
    );
}

#[test]
fn a_class_list_starts_one_plan_a_pupil_with_their_details_filled_in() {
    let scratch = Scratch::new("batch-class-list");
    // As exports write them: a byte-order mark, Windows line ends, quoted names with commas.
    let csv = "\u{feff}Legal Surname,Legal Forename,Preferred Forename,DOB,Year,Postcode\r\n\
\"O'Brien\",Siobh\u{e1}n,Shiv,12/04/2018,Year 3,IV27 4NW\r\n\
\"Nowak, Jr\",Tomasz,,2017-09-01,Year 3,\r\n\
Khan,Ali,,31/02/2018,Year 3,\r\n\
,,,,,\r\n";
    let list = scratch.write("class.csv", csv);
    let out = scratch.0.join("plans");
    let output = iep(&[
        "new",
        "--from",
        &list,
        "--form",
        "highland",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a row could not be read: {}",
        stderr(&output)
    );
    assert_says(
        &output,
        &[
            "class.csv: line 4: the date of birth is not a date",
            "2 plans started",
        ],
    );
    assert_eq!(
        files(&out),
        ["siobhán-o-brien.yaml", "tomasz-nowak-jr.yaml"]
    );
    let plan = iep::Plan::load(&out.join("siobhán-o-brien.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.pupil.name.as_deref(), Some("Siobhán O'Brien"));
    assert_eq!(plan.pupil.known_as.as_deref(), Some("Shiv"));
    assert_eq!(plan.pupil.date_of_birth, iep::Date::from_ymd(2018, 4, 12));
    assert_eq!(plan.pupil.postcode.as_deref(), Some("IV27 4NW"));
    assert_eq!(plan.form.as_deref(), Some("highland"));
    let second =
        iep::Plan::load(&out.join("tomasz-nowak-jr.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.pupil.name.as_deref(), Some("Tomasz Nowak, Jr"));
    // `iep check` asks only for the plan's own fields: none of the pupil's.
    let report = iep::check(
        &iep::Source::read(&out.join("siobhán-o-brien.yaml")).unwrap_or_else(|e| panic!("{e}")),
    );
    let pupil_fields: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.field
                .as_ref()
                .is_some_and(|f| f.to_string().starts_with("pupil"))
        })
        .map(|d| d.message.clone())
        .collect();
    assert!(pupil_fields.is_empty(), "{pupil_fields:?}");
    // Never over an existing file.
    let again = iep(&["new", "--from", &list, "--out", &out.display().to_string()]);
    assert_eq!(again.status.code(), Some(1));
    assert_says(&again, &["0 plans started"]);
}

#[test]
fn a_windows_1252_class_list_or_one_with_no_names_is_refused_with_a_hint() {
    let scratch = Scratch::new("batch-class-1252");
    let path = scratch.0.join("class.csv");
    std::fs::write(&path, b"Surname,Forename\r\nBr\xe9n,Aoife\r\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = scratch.0.join("plans").display().to_string();
    let output = iep(&["new", "--from", &path.display().to_string(), "--out", &out]);
    assert_eq!(output.status.code(), Some(2));
    assert_says(&output, &["not UTF-8", "CSV UTF-8"]);
    let nameless = scratch.write("nameless.csv", "Candidate,Born\nA,2018-01-01\n");
    let output = iep(&["new", "--from", &nameless, "--out", &out]);
    assert_eq!(output.status.code(), Some(2));
    assert_says(
        &output,
        &[
            "no column of the class list gives the pupils' names",
            "--column name=",
        ],
    );
    let output = iep(&[
        "new",
        "--from",
        &nameless,
        "--out",
        &out,
        "--column",
        "name=Candidate",
        "--column",
        "date_of_birth=Born",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&scratch.0.join("plans")), ["a.yaml"]);
}

/// Runs `iep` with `args` and returns its output and peak memory in kilobytes, as the
/// operating system counted it (`getrusage` of the finished child, through Python).
fn iep_measured(args: &[&str]) -> (std::process::Output, u64) {
    let script = "import resource, subprocess, sys\n\
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=240)\n\
sys.stdout.buffer.write(r.stdout)\n\
sys.stderr.buffer.write(r.stderr)\n\
sys.stderr.write('\\nexit %d peak %d\\n' % (r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n";
    let output = Command::new("python3")
        .args(["-c", script, env!("CARGO_BIN_EXE_iep")])
        .args(args)
        .env("IEP_TODAY", common::TODAY)
        .output()
        .unwrap_or_else(|e| panic!("python3 did not run: {e}"));
    let said = stderr(&output);
    let (exit, peak) = said
        .rsplit_once("\nexit ")
        .and_then(|(_, tail)| tail.trim().split_once(" peak "))
        .unwrap_or_else(|| panic!("no measure (a run past 240 s?):\n{said}"));
    let status = exit.parse::<i32>().unwrap_or(-1);
    assert_eq!(status, 0, "{said}");
    (output, peak.parse().unwrap_or(u64::MAX))
}

#[test]
fn an_authoritys_plans_are_mapped_and_followed_in_little_memory() {
    let scratch = Scratch::new("batch-authority");
    let plans = scratch.0.join("plans");
    // 2,000 pupils' plans, every target's strategy its own: 8,000 provisions.
    let made = Command::new("python3")
        .arg("scripts/authority")
        .arg("plans")
        .arg(&plans)
        .arg("2000")
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(made.success());
    let plans = plans.display().to_string();
    let out = scratch.0.join("map").display().to_string();
    let (output, peak) = iep_measured(&["provision", &plans, "--to", "xlsx,csv", "--out", &out]);
    assert!(
        stdout(&output).contains("8000 provisions from 2000 plans"),
        "{}",
        stdout(&output)
    );
    // Held: the provisions, not the plans. Holding the plans took 133 MB, and the histories
    // 94 MB; drawn up a plan at a time they take some 27 and 24.
    assert!(peak < 64 * 1024, "the map took {peak} KB");
    let (output, peak) = iep_measured(&["history", &plans, "--format", "json"]);
    let histories: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(histories.as_array().map(Vec::len), Some(2000));
    assert!(peak < 64 * 1024, "the histories took {peak} KB");
}
