//! Hostile input, third pass (issue 23): each fault an outside attack on the built `iep` found,
//! as a test of the command or the library. Nothing aborts a batch, memory is bounded per run,
//! a plan reads only files in its folder, text stays text.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{Scratch, assert_says, files, stderr, stdout};

const IEP: &str = env!("CARGO_BIN_EXE_iep");

/// Runs `iep` with `args` in `folder`.
fn iep_in(folder: &Path, args: &[&str]) -> Output {
    common::iep_command()
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|e| panic!("iep did not run: {e}"))
}

/// Runs `iep` with `args` in `folder` and returns its output and its peak resident memory in
/// megabytes, as the kernel counted it for the one child of a Python process that waited for it.
fn peak_in(folder: &Path, args: &[&str]) -> (Output, u64) {
    let script = "import resource, subprocess, sys\n\
        done = subprocess.run(sys.argv[1:], capture_output=True)\n\
        sys.stdout.buffer.write(done.stdout)\n\
        sys.stderr.buffer.write(done.stderr)\n\
        print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n\
        sys.exit(done.returncode)\n";
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(IEP)
        .args(args)
        .env("IEP_TODAY", common::TODAY)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|e| panic!("python3 did not run: {e}"));
    let said = stdout(&output);
    let kilobytes = said
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("peak-kb "))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no peak in {said}"));
    (output, kilobytes / 1024)
}

/// The memory any run may take for input inside the documented limits (README, Limits).
const RUN_MB: u64 = 256;

/// The clean plan naming the form `form`.
fn naming(form: &str) -> String {
    format!("form: {form}\n{}", common::CLEAN)
}

// 1. Nothing aborts a batch.

#[test]
fn a_form_nesting_thousands_deep_is_a_form_error_and_the_batch_goes_on() {
    let scratch = Scratch::new("h3-deep");
    for (name, expression) in [
        ("tilde", format!("'a'{}", " ~ 'a'".repeat(7000))),
        ("not", format!("{}true", "not ".repeat(7000))),
        ("minus", format!("{}1", "-".repeat(20_000))),
        ("filters", format!("'a'{}", "|upper".repeat(5000))),
    ] {
        scratch.write(
            &format!("{name}.yaml"),
            &format!(
                "name: deep\ntitle: Deep\nblocks:\n  - paragraph: \"{{{{ {expression} }}}}\"\n"
            ),
        );
        let plans = scratch.0.join(format!("plans-{name}"));
        std::fs::create_dir_all(&plans).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(plans.join("a.yaml"), naming(&format!("../{name}.yaml")))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(plans.join("b.yaml"), common::CLEAN).unwrap_or_else(|e| panic!("{e}"));
        // Named by a plan: compiled on a worker.
        let output = iep_in(
            &scratch.0,
            &[
                "render",
                &format!("plans-{name}"),
                "--jobs",
                "2",
                "--out",
                "out",
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        assert_says(
            &output,
            &[
                &format!("{name}.yaml:4:5: error[form-error]"),
                "more than 100 operations",
            ],
        );
        assert!(
            stdout(&output).contains("1 rendered"),
            "{}",
            stdout(&output)
        );
        // Given with --form: compiled on the main thread, and refused there.
        let output = iep_in(
            &scratch.0,
            &[
                "check",
                "--form",
                &format!("{name}.yaml"),
                &format!("plans-{name}/b.yaml"),
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
    }
}

#[test]
fn the_deepest_form_the_compiler_allows_renders_on_the_workers() {
    let scratch = Scratch::new("h3-deepest");
    // 100 operations in one expression, inside 140 nested statements (minijinja refuses 150).
    let expression = format!("'a'{}", " ~ 'a'".repeat(100));
    let text = format!(
        "{}{{{{ {expression} }}}}{}",
        "{% if true %}".repeat(140),
        "{% endif %}".repeat(140)
    );
    scratch.write(
        "deep.yaml",
        &format!("name: deep\ntitle: Deep\nblocks:\n  - paragraph: \"{text}\"\n"),
    );
    for n in 0..4 {
        scratch.write(&format!("p{n}.yaml"), &naming("deep.yaml"));
    }
    let output = iep_in(&scratch.0, &["render", ".", "--jobs", "4", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&scratch.0.join("out")).len(), 4);
}

/// Droid Sans Fallback (Debian's fonts-droid-fallback, which scripts/test installs), Chinese,
/// with `edit` made to its bytes.
fn droid_with(edit: impl Fn(&mut Vec<u8>, usize)) -> Vec<u8> {
    let mut font = std::fs::read("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
        .unwrap_or_else(|e| panic!("fonts-droid-fallback: {e}"));
    let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
    let head = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|at| &font[*at..*at + 4] == b"head")
        .map(|at| u32::from_be_bytes([font[at + 8], font[at + 9], font[at + 10], font[at + 11]]))
        .unwrap_or_else(|| panic!("no head table")) as usize;
    edit(&mut font, head);
    font
}

const CHINESE_VIEW: &str = "  parents: 我们希望山姆有信心。\n";

#[test]
fn a_font_with_no_units_per_em_or_an_inside_out_box_is_left_out_and_said() {
    let scratch = Scratch::new("h3-broken-font");
    let plan = common::edited("  parents: We want Sam to be confident.\n", CHINESE_VIEW);
    scratch.write("plan.yaml", &plan);
    let fonts = scratch.0.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap_or_else(|e| panic!("{e}"));
    for (name, font, says) in [
        (
            "upem.ttf",
            droid_with(|font, head| font[head + 18..head + 20].copy_from_slice(&[0, 0])),
            "upem.ttf: its units per em are 0",
        ),
        (
            "box.ttf",
            droid_with(|font, head| {
                font[head + 36..head + 44].copy_from_slice(&[7, 208, 7, 208, 248, 48, 248, 48]);
            }),
            "box.ttf: its bounding box is inside out",
        ),
    ] {
        let _ = std::fs::remove_dir_all(&fonts);
        std::fs::create_dir_all(&fonts).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(fonts.join(name), font).unwrap_or_else(|e| panic!("{e}"));
        // The only font: the folder has none iep can use, and says why.
        for args in [
            &["render", "plan.yaml", "--font-dir", "fonts", "--out", "out"][..],
            &["check", "plan.yaml", "--font-dir", "fonts"],
        ] {
            let output = iep_in(&scratch.0, args);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stderr(&output)
            );
            assert_says(&output, &[says]);
        }
        // Beside a sound font, it is left out, said once, and the Chinese it would have printed
        // is still unprintable: the plan is not called clean.
        std::fs::copy("fonts/LiberationSans-Regular.ttf", fonts.join("sound.ttf"))
            .unwrap_or_else(|e| panic!("{e}"));
        let output = iep_in(&scratch.0, &["check", "plan.yaml", "--font-dir", "fonts"]);
        assert_says(&output, &[says, "left out"]);
        assert_eq!(stderr(&output).matches("left out").count(), 1);
        assert!(
            stdout(&output).contains("unprintable-text"),
            "{}",
            stdout(&output)
        );
        let output = iep_in(
            &scratch.0,
            &["render", "plan.yaml", "--font-dir", "fonts", "--out", "out"],
        );
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    }
}

#[test]
fn a_form_number_that_is_not_finite_or_out_of_range_is_a_form_error_at_its_line() {
    let scratch = Scratch::new("h3-numbers");
    scratch.write("plan.yaml", common::CLEAN);
    for (form, line) in [
        (
            "page: {margins_mm: [.nan, 15, 15, 15]}\nblocks:\n  - paragraph: x\n",
            "3:21",
        ),
        (
            "page: {margins_mm: [.inf, 15, 15, 15]}\nblocks:\n  - paragraph: x\n",
            "3:21",
        ),
        (
            "page: {margins_mm: [15, 15, 150, 15]}\nblocks:\n  - paragraph: x\n",
            "3:29",
        ),
        ("blocks:\n  - space: .nan\n", "4:5"),
        ("blocks:\n  - space: -20\n", "4:5"),
        (
            "blocks:\n  - table: {columns: [.nan, 1], rows: [{cells: [a, b]}]}\n",
            "4:23",
        ),
        (
            "blocks:\n  - table: {columns: [-5, 1], rows: [{cells: [a, b]}]}\n",
            "4:23",
        ),
        (
            "blocks:\n  - table: {columns: [1], padding_mm: .nan, rows: [{cells: [a]}]}\n",
            "4:27",
        ),
        (
            "blocks:\n  - table: {columns: [1], rows: [{height: -3, cells: [a]}]}\n",
            "4:35",
        ),
        // A number that may be an expression: `.nan` is no number and no expression.
        ("blocks:\n  - paragraph: x\n    size: .nan\n", "5:11"),
    ] {
        scratch.write("form.yaml", &format!("name: n\ntitle: N\n{form}"));
        let output = iep_in(&scratch.0, &["check", "--form", "form.yaml", "plan.yaml"]);
        assert_eq!(output.status.code(), Some(2), "{form}: {}", stderr(&output));
        assert!(
            (stderr(&output).contains("error[form-error]")
                || stderr(&output).contains("error[yaml-syntax]"))
                && stderr(&output).contains(&format!("form.yaml:{line}")),
            "{form}: {}",
            stderr(&output)
        );
    }
    // An expression that gives no finite number for the plan is refused when it is laid out.
    scratch.write(
        "form.yaml",
        "name: n\ntitle: N\nblocks:\n  - paragraph: x\n    size: \"(1e308 * 10) - (1e308 * 10)\"\n",
    );
    let output = iep_in(
        &scratch.0,
        &[
            "render",
            "plan.yaml",
            "--form",
            "form.yaml",
            "--to",
            "pdf,docx",
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(
        &output,
        &["form.yaml:5:5: error[form-error]", "no finite number"],
    );
    assert!(files(&scratch.0.join("out")).is_empty());
}

// 2. Memory bounded per run.

/// `iep render` of the clean plan on `form`, in 1 GB of address space and 30 seconds: refused
/// (exit 1), quickly, nothing written, each of `says` said.
fn assert_refused_small(scratch: &Scratch, form: &str, to: &str, says: &[&str]) {
    scratch.write("form.yaml", form);
    scratch.write("plan.yaml", common::CLEAN);
    let started = Instant::now();
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000\nexec timeout 30 '{IEP}' render plan.yaml --form form.yaml --to {to} --out out"
        ))
        .env("IEP_TODAY", common::TODAY)
        .current_dir(&scratch.0)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(&output, says);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(files(&scratch.0.join("out")).is_empty());
}

#[test]
fn a_form_that_multiplies_its_text_is_refused_before_layout_fast_and_small() {
    let cell = "\"{{ 'x' * 5000000 }}\"";
    let form = format!(
        "name: big\ntitle: Big\nblocks:\n  - table:\n      columns: [1, 1, 1, 1, 1]\n      rows:\n        - cells: [{}]\n",
        [cell; 5].join(", ")
    );
    for to in ["pdf", "docx"] {
        assert_refused_small(
            &Scratch::new(&format!("h3-big-text-{to}")),
            &form,
            to,
            &[
                "form.yaml:7:19: error[form-error]",
                "more than 400000 characters",
            ],
        );
    }
}

#[test]
fn the_docx_is_held_to_the_hundred_pages_too() {
    assert_refused_small(
        &Scratch::new("h3-docx-pages"),
        "name: pages\ntitle: Pages\nblocks:\n  - each: range(150)\n    blocks:\n      - paragraph: x\n      - page_break: true\n",
        "docx",
        &["past 100 pages"],
    );
}

/// A sparse file of `bytes` that starts as a font (the sound bytes of Liberation Sans).
fn padded_font(path: &Path, bytes: u64) {
    std::fs::copy("fonts/LiberationSans-Regular.ttf", path).unwrap_or_else(|e| panic!("{e}"));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{e}"));
    file.set_len(bytes).unwrap_or_else(|e| panic!("{e}"));
}

/// A font collection of `faces` faces, every one the face of Liberation Sans.
fn collection(faces: u32) -> Vec<u8> {
    let font = std::fs::read("fonts/LiberationSans-Regular.ttf").unwrap_or_else(|e| panic!("{e}"));
    let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
    let header = 12 + 4 * faces as usize;
    let mut out = b"ttcf".to_vec();
    out.extend([0, 1, 0, 0]);
    out.extend(faces.to_be_bytes());
    for _ in 0..faces {
        out.extend((header as u32).to_be_bytes());
    }
    let mut directory = font[..12 + 16 * tables].to_vec();
    for table in 0..tables {
        let at = 12 + 16 * table + 8;
        let offset = u32::from_be_bytes([
            directory[at],
            directory[at + 1],
            directory[at + 2],
            directory[at + 3],
        ]);
        directory[at..at + 4].copy_from_slice(&(offset + header as u32).to_be_bytes());
    }
    out.extend(directory);
    out.extend(&font[12 + 16 * tables..]);
    out
}

#[test]
fn a_font_folder_over_its_budget_is_refused_before_it_is_read() {
    let scratch = Scratch::new("h3-font-budget");
    scratch.write("plan.yaml", common::CLEAN);
    let big = scratch.0.join("big");
    std::fs::create_dir_all(&big).unwrap_or_else(|e| panic!("{e}"));
    for n in 0..3 {
        padded_font(&big.join(format!("f{n}.ttf")), 30 * 1024 * 1024);
    }
    let many = scratch.0.join("many");
    std::fs::create_dir_all(&many).unwrap_or_else(|e| panic!("{e}"));
    for n in 0..3 {
        std::fs::write(many.join(format!("c{n}.ttc")), collection(30))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (folder, says) in [
        ("big", "larger than 64 MiB in all"),
        ("many", "more than 64 faces in all"),
    ] {
        let started = Instant::now();
        let (output, peak) = peak_in(&scratch.0, &["check", "plan.yaml", "--font-dir", folder]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{folder}: {}",
            stderr(&output)
        );
        assert_says(&output, &[says]);
        assert!(peak < 64, "{folder}: {peak} MB");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    // Within the budget, a collection's faces are each a face.
    let fine = scratch.0.join("fine");
    std::fs::create_dir_all(&fine).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(fine.join("c.ttc"), collection(4)).unwrap_or_else(|e| panic!("{e}"));
    let output = iep_in(&scratch.0, &["check", "plan.yaml", "--font-dir", "fine"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A plan of 8 targets whose text, repeated through YAML aliases of one 9,000-character note,
/// comes to about `characters`.
fn aliased_plan(characters: usize) -> String {
    let words = "the pupil reads and writes with support from an adult who models each step ";
    let note: String = words.repeat(130).chars().take(9000).collect();
    let plan = common::CLEAN.replacen(
        "previous_targets:\n",
        &format!("profile:\n  strengths:\n    - &note \"{note}\"\nprevious_targets:\n"),
        1,
    );
    let mut left = characters.saturating_sub(9000) / 9000;
    let mut text = |indent: &str| {
        if left > 0 {
            left -= 1;
            format!("{indent}*note\n")
        } else {
            format!("{indent}Short text\n")
        }
    };
    let mut targets = String::new();
    for n in 0..4 {
        targets += &format!("      - target: Target {n} of the extra ones\n");
        for field in [
            "strategies",
            "success",
            "resources",
            "achievement",
            "modified",
            "staff",
            "setting",
        ] {
            targets += &text(&format!("        {field}: "));
        }
        targets += "        monitoring:\n";
        for _ in 0..6 {
            targets += &text("          - ");
        }
        targets += "        who: Class teacher\n        by: 2027-01-15\n        pupil_words: I do my work.\n        pupil_helpers: Mrs Ross\n";
    }
    plan.replacen(
        "        pupil_helpers: Mr Grant\n",
        &format!("        pupil_helpers: Mr Grant\n{targets}"),
        1,
    )
}

#[test]
fn a_plan_whose_aliases_repeat_its_text_past_the_limit_is_refused_when_read() {
    let scratch = Scratch::new("h3-aliases");
    scratch.write("plan.yaml", &aliased_plan(300_000));
    let (output, peak) = peak_in(&scratch.0, &["render", "plan.yaml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_says(
        &output,
        &["error[too-long]", "runs past 200000 characters in all"],
    );
    assert!(peak < 64, "{peak} MB");
}

#[test]
fn the_largest_plans_at_any_jobs_render_within_the_memory_of_a_run() {
    let scratch = Scratch::new("h3-largest");
    // Near the most text a plan may hold, eight times, on as many workers as asked for: the
    // renders share the process's budget (64 MB) rather than each take their own.
    let plan = aliased_plan(120_000);
    for n in 0..8 {
        scratch.write(&format!("p{n}.yaml"), &plan);
    }
    let check = iep_in(&scratch.0, &["check", "p0.yaml"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let (output, peak) = peak_in(&scratch.0, &["render", ".", "--jobs", "8", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&scratch.0.join("out")).len(), 8);
    assert!(peak < 160, "{peak} MB");
}

#[test]
fn photos_of_16_bits_at_any_jobs_render_within_the_memory_of_a_run() {
    let scratch = Scratch::new("h3-photos");
    std::fs::write(
        scratch.0.join("photo.png"),
        common::png_solid(6000, 4000, 16),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let plan = common::CLEAN.replacen(
        "  asn_level: 2\n",
        "  asn_level: 2\n  photo: photo.png\n",
        1,
    );
    for n in 0..4 {
        scratch.write(&format!("p{n}.yaml"), &plan);
    }
    let (output, peak) = peak_in(
        &scratch.0,
        &[
            "render",
            ".",
            "--pupil-friendly",
            "--jobs",
            "8",
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&scratch.0.join("out")).len(), 4);
    assert!(peak < RUN_MB, "{peak} MB");
}

// 3. Plans stay in their folder.

#[test]
fn a_plans_photo_symbol_or_group_plan_out_of_its_folder_is_an_error_at_its_line() {
    let scratch = Scratch::new("h3-folder");
    let plans = scratch.0.join("plans");
    let other = scratch.0.join("other");
    for folder in [&plans, &other] {
        std::fs::create_dir_all(folder).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(other.join("child.png"), common::png()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        other.join("group.yaml"),
        common::GROUP.replace("plan: amara.yaml", "plan: ../plans/plan.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(other.join("child.png"), plans.join("linked.png"))
        .unwrap_or_else(|e| panic!("{e}"));
    let absolute = other.join("child.png").display().to_string();
    let photo = |path: &str| {
        common::CLEAN.replacen(
            "  asn_level: 2\n",
            &format!("  asn_level: 2\n  photo: {path}\n"),
            1,
        )
    };
    let symbol = |path: &str| {
        common::CLEAN.replacen(
            "        pupil_words: I wait for my turn to talk.\n",
            &format!("        pupil_words: I wait for my turn to talk.\n        symbol: {path}\n"),
            1,
        )
    };
    for (plan, line) in [
        (photo("../other/child.png"), 7),
        (photo(&absolute), 7),
        (photo("linked.png"), 7),
        (symbol("../other/child.png"), 27),
        (
            format!("group_plan: ../other/group.yaml\n{}", common::CLEAN),
            1,
        ),
    ] {
        std::fs::write(plans.join("plan.yaml"), &plan).unwrap_or_else(|e| panic!("{e}"));
        let output = iep_in(&scratch.0, &["check", "plans/plan.yaml"]);
        assert_eq!(output.status.code(), Some(1), "{plan}\n{}", stdout(&output));
        assert!(
            stdout(&output).contains(&format!("plans/plan.yaml:{line}:")),
            "{}",
            stdout(&output)
        );
        assert!(
            stdout(&output).contains("folder of the file that names it"),
            "{}",
            stdout(&output)
        );
        let output = iep_in(
            &scratch.0,
            &[
                "render",
                "plans/plan.yaml",
                "--pupil-friendly",
                "--out",
                "out",
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(files(&scratch.0.join("out")).is_empty());
    }
    // A group plan's members' plans come from its folder too.
    let output = iep_in(&scratch.0, &["check", "other/group.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains(
            "`group.members`, item 1, `plan`: the member's plan cannot be read: it leads out"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn iep_check_reads_the_group_plan_as_render_does_and_never_quotes_it() {
    let scratch = Scratch::new("h3-group-check");
    let member = format!("group_plan: group.yaml\n{}", common::CLEAN);
    scratch.write("member.yaml", &member);
    // Missing.
    let output = iep_in(&scratch.0, &["check", "member.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("member.yaml:1:1: error[invalid-value]")
            || stdout(&output).contains("--> member.yaml:1:1"),
        "{}",
        stdout(&output)
    );
    // Any YAML file that is not a plan: its keys and text are never repeated.
    scratch.write(
        "group.yaml",
        "sam_secret_diagnosis: private words\nanother_key: more private words\n",
    );
    for args in [
        &["check", "member.yaml"][..],
        &["check", "--format", "json", "member.yaml"],
        &["render", "member.yaml", "--out", "out"],
    ] {
        let output = iep_in(&scratch.0, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let said = stdout(&output) + &stderr(&output);
        assert!(said.contains("the group plan does not load"), "{said}");
        assert!(
            !said.contains("sam_secret") && !said.contains("private"),
            "{said}"
        );
    }
    // A sound group plan, and a member's plan it names: clean.
    scratch.write(
        "group.yaml",
        &common::GROUP.replace("plan: amara.yaml", "plan: member.yaml"),
    );
    let output = iep_in(&scratch.0, &["check", "member.yaml", "group.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

// 4. Text stays text.

#[test]
fn a_bidi_override_never_reaches_the_page_nor_hides_jargon() {
    // "O\u{202c}T" prints as OT, the acronym: the check must read the word the page shows.
    let plan = common::edited(
        "        strategies: Turn-taking cards\n",
        "        strategies: \"Turn-taking cards with the O\\u202CT and \\u202Eelpmaxe\\u202C\"\n",
    );
    let source = iep::Source::new("plan.yaml", plan);
    let report = iep::check(&source);
    assert!(
        report
            .warnings()
            .any(|w| w.code == iep::Code::Jargon && w.message.contains("\"OT\"")),
        "{report}"
    );
    let printed = iep::Print::default()
        .lay_out(&source)
        .unwrap_or_else(|e| panic!("{e}"));
    // Narrow columns carry soft hyphens where words may break: read the words without them.
    let text = serde_json::to_string(&printed.document)
        .unwrap_or_default()
        .replace('\u{ad}', "");
    assert!(text.contains("OT and elpmaxe"), "{text}");
    for control in ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}'] {
        assert!(!text.contains(control), "{control:?}");
    }
}

#[test]
fn the_isolates_right_to_left_text_needs_are_kept() {
    let plan = common::edited(
        "  parents: We want Sam to be confident.\n",
        "  parents: \"We want \\u2067ہم چاہتے ہیں\\u2069 for Sam.\"\n",
    );
    let printed = iep::Print::default()
        .lay_out(&iep::Source::new("plan.yaml", plan))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = serde_json::to_string(&printed.document).unwrap_or_default();
    assert!(text.contains("\u{2067}ہم چاہتے ہیں\u{2069}"), "{text}");
}

#[test]
fn bidi_and_c1_controls_reach_the_terminal_escaped() {
    let scratch = Scratch::new("h3-terminal");
    let name = "pl\u{202e}lmay.an\u{9b}31m.yaml";
    scratch.write(name, &common::edited("  review: 2027-01-25\n", ""));
    // A line the YAML cannot read, shown with its caret: its escape sequence is not sent.
    scratch.write(
        "broken.yaml",
        &common::edited("  year_group: P5\n", "  year_group: \u{1b}[2J\u{9b}2J P5\n"),
    );
    for args in [
        &["check", name][..],
        &["check", "--format", "json", name],
        &["render", name, "--out", "out"],
        &["check", "broken.yaml"],
    ] {
        let output = iep_in(&scratch.0, args);
        let said = stdout(&output) + &stderr(&output);
        for raw in ['\u{202e}', '\u{9b}', '\u{1b}'] {
            assert!(!said.contains(raw), "{args:?}: {raw:?} in {said:?}");
        }
        assert!(
            said.contains("\\u{202e}") || said.contains("\\u202e") || said.contains("\\u{1b}"),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn a_users_own_file_named_like_a_temporary_one_survives_a_run() {
    let scratch = Scratch::new("h3-own-partial");
    let out = scratch.0.join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    for name in [".notes.2023.partial", ".general.pdf.99999999.partial"] {
        std::fs::write(out.join(name), "the user's own").unwrap_or_else(|e| panic!("{e}"));
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
        files(&out),
        [
            ".general.pdf.99999999.partial",
            ".notes.2023.partial",
            "general.pdf"
        ]
    );
}

// 5. Smaller faults.

#[test]
fn keys_and_form_paths_are_quoted_only_when_close_to_a_field() {
    let scratch = Scratch::new("h3-quoting");
    scratch.write(
        "record.yaml",
        &common::edited(
            "  year_group: P5\n",
            "  year_group: P5\n  sam_has_epilepsy: yes\n",
        ),
    );
    scratch.write(
        "typo.yaml",
        &common::edited("  year_group: P5\n", "  year_grup: P5\n"),
    );
    scratch.write(
        "named.yaml",
        &naming("private-folder/sam-smith-private.yaml"),
    );
    let output = iep_in(
        &scratch.0,
        &[
            "check",
            "--format",
            "json",
            "record.yaml",
            "typo.yaml",
            "named.yaml",
        ],
    );
    let json = stdout(&output);
    assert!(!json.contains("sam_has_epilepsy"), "{json}");
    assert!(!json.contains("sam-smith-private"), "{json}");
    assert!(json.contains("unknown field `year_grup`"), "{json}");
    assert!(
        json.contains("the form file cannot be read: there is no such file"),
        "{json}"
    );
}

#[test]
fn plans_from_a_class_list_are_named_by_bytes_and_never_as_a_device() {
    let scratch = Scratch::new("h3-class-names");
    let long = "Дмитрий".repeat(8);
    scratch.write(
        "class.csv",
        &format!("Name,DOB,Year\nCon,12/04/2017,P5\nnul,13/04/2017,P5\n{long},14/04/2017,P5\n"),
    );
    let output = iep_in(
        &scratch.0,
        &[
            "new",
            "--from",
            "class.csv",
            "--form",
            "highland",
            "--out",
            "plans",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = files(&scratch.0.join("plans"));
    assert!(
        written.contains(&"pupil-con.yaml".to_owned()),
        "{written:?}"
    );
    assert!(
        written.contains(&"pupil-nul.yaml".to_owned()),
        "{written:?}"
    );
    for name in &written {
        assert!(
            name.len() <= 80 + ".yaml".len(),
            "{name}: {} bytes",
            name.len()
        );
        assert!(!["con.yaml", "nul.yaml"].contains(&name.as_str()), "{name}");
    }
}

#[test]
fn an_oversized_form_and_a_long_document_are_spoken_of_as_what_they_are() {
    let scratch = Scratch::new("h3-words");
    scratch.write("plan.yaml", common::CLEAN);
    scratch.write(
        "form.yaml",
        &format!(
            "name: n\ntitle: N\nblocks:\n  - paragraph: x\n# {}\n",
            "x".repeat(1_100_000)
        ),
    );
    let output = iep_in(&scratch.0, &["check", "--form", "form.yaml", "plan.yaml"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_says(&output, &["far more than a form file holds"]);
    assert!(
        !stderr(&output).contains("plan holds"),
        "{}",
        stderr(&output)
    );
}
