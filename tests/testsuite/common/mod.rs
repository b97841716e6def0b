//! Shared by the integration tests: a plan that every policy finds clean, to break one rule at a
//! time.

#![allow(dead_code)]

use iep::{Code, Plan, Policy, Source};

/// A complete plan with one target in each of the four areas of need, agreed, with both views
/// and the pupil's own words: clean under the general, Highland and Durants policies.
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
        pupil_words: I wait for my turn to talk.
        pupil_helpers: Mrs Ross
  - area: cognition_and_learning
    long_term: Read at the level of the class
    targets:
      - target: Reads the remaining 6 of 20 common words
        strategies: Flash cards
        who: Support assistant
        success: Reads all 20 on three days running
        by: 2026-12-18
        pupil_words: I can read my 20 words.
        pupil_helpers: Mr Grant
  - area: sensory_and_physical
    long_term: Manage noise in class
    targets:
      - target: Uses ear defenders when the room is loud
        strategies: Sensory check-in
        who: Class teacher
        success: Stays in a loud lesson in 4 of 5 lessons
        by: 2027-01-15
        pupil_words: I put on my ear defenders.
        pupil_helpers: All my teachers
  - area: social_emotional_mental_health
    long_term: Cope with changes
    targets:
      - target: Moves calmly to a changed lesson after a warning
        strategies: Visual timetable
        who: Key adult
        success: Calm on 4 of 5 changes
        by: 2027-01-15
        pupil_words: I look at my timetable.
        pupil_helpers: Mrs Ross and Mr Grant
views:
  pupil: I like drawing.
  parents: We want Sam to be confident.
";

pub fn parse(text: &str) -> Result<Plan, iep::Error> {
    iep::Plan::parse(&Source::new("test.yaml", text))
}

/// A group plan (a Group Education Plan): three pupils, one common target, the group's provision.
pub const GROUP: &str = "\
school: Hillside Primary School
group:
  name: Year 3 phonics group
  provision: Teaching assistant, Mrs K. Patel, 4 x 20 minutes a week in the library
  members:
    - name: Amara Okafor
      plan: amara.yaml
    - name: Oliver Nowak
    - name: Zainab Hussain
plan:
  created: 2026-09-21
  agreed: 2026-09-28
  review: 2026-12-14
  responsible: Mr D. Hughes, class teacher
goals:
  - area: literacy
    long_term: Read words with the long vowel sounds
    targets:
      - target: Reads words with ai, ee, igh, oa and oo in a short text
        strategies: Multi-sensory phonics programme; sound cards
        who: Teaching assistant, in the library
        success: Reads 9 of 10 words with these sounds in two new texts
        by: 2026-12-11
";

/// The clean plan, parsed.
pub fn clean() -> Plan {
    match parse(CLEAN) {
        Ok(plan) => plan,
        Err(error) => panic!("the clean plan does not load: {error}"),
    }
}

/// The codes `policy` finds in `plan`.
pub fn codes(plan: &Plan, policy: &Policy) -> Vec<Code> {
    iep::Plan::validate(plan, policy).codes()
}

/// The clean plan with `from` replaced by `to` in its YAML (which must contain `from`).
pub fn edited(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "the clean plan has no {from:?}");
    CLEAN.replacen(from, to, 1)
}

/// The located error that stops `text` loading.
pub fn refusal(text: &str) -> iep::Diagnostic {
    match parse(text) {
        Ok(_) => panic!("the plan loaded, but should not have"),
        Err(error) => match error.diagnostics().first() {
            Some(diagnostic) => diagnostic.clone(),
            None => panic!("not a located error: {error}"),
        },
    }
}

/// The code of the error that stops `text` loading.
pub fn load_error(text: &str) -> Code {
    refusal(text).code
}

/// The policy of the built-in form `name`, as its file states it.
pub fn policy(name: &str) -> iep::Policy {
    iep::FormRef::builtin(name)
        .unwrap_or_else(|| panic!("no built-in form {name}"))
        .get()
        .unwrap_or_else(|e| panic!("{e}"))
        .policy()
        .clone()
}

/// Lays the plan at `plan_path` out on its form (or `form`) and returns the document.
pub fn document(plan_path: &str, form: Option<&str>) -> iep::Document {
    let path = std::path::Path::new(plan_path);
    let plan = iep::Plan::load(path).unwrap_or_else(|e| panic!("{e}"));
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
        .unwrap_or_else(|e| panic!("{program} did not run ({e}); scripts/test installs it"));
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

/// Without any white space or hyphens: pdftotext breaks lines where the layout does, and a word
/// broken at a line's end in a narrow column has a hyphen there (a soft hyphen, U+00AD, in iep's
/// PDF; `-` in LibreOffice's).
pub fn solid(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}'))
        .collect()
}

pub fn assert_in_order(text: &str, labels: &[&str]) {
    let text = solid(text);
    let mut from = 0;
    for label in labels {
        let label = solid(label);
        match text[from..].find(&label) {
            Some(at) => from += at + label.len(),
            None => panic!("label {label:?} not found after position {from} in:\n{text}"),
        }
    }
}

/// Every text value of the plan, as the form prints it (dates the British way), except the
/// fields this form does not show.
pub fn fields(plan_path: &str, not_shown: &[&str]) -> Vec<String> {
    let plan = iep::Plan::load(std::path::Path::new(plan_path)).unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_value(&plan).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    collect(&json, "", not_shown, &mut out);
    out
}

fn collect(value: &serde_json::Value, key: &str, not_shown: &[&str], out: &mut Vec<String>) {
    if not_shown.contains(&key) {
        return;
    }
    if key == "outcome" {
        // Printed in words: "partially achieved".
        return out.push(value.as_str().unwrap_or_default().replace('_', " "));
    }
    match value {
        serde_json::Value::String(s) => {
            out.push(iep::Date::parse(s).map_or_else(|| s.clone(), |d| d.long()))
        }
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(items) => {
            items.iter().for_each(|v| collect(v, key, not_shown, out))
        }
        serde_json::Value::Object(map) => {
            map.iter().for_each(|(k, v)| collect(v, k, not_shown, out))
        }
        _ => {}
    }
}

pub fn assert_all_printed(text: &str, fields: &[String]) {
    let text = solid(text);
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !text.contains(&solid(f)))
        .collect();
    assert!(missing.is_empty(), "not printed: {missing:?}");
}

pub const HIGHLAND_LABELS: &[&str] = &[
    "Individualised Educational Programme (IEP) Targets",
    "Child/Young person details",
    "Name:",
    "Level of ASN, 1 – 4:",
    "Date of birth:",
    "Age:",
    "Home address:",
    "Postcode:",
    "Education/Early Years establishment:",
    "Year group:",
    "Evaluation of previous targets",
    "Date previous IEP was created:",
    "Previously agreed curricular targets",
    "Actions taken to address need",
    "Outcome (fully achieved/partially achieved/not achieved)",
    "Long term curricular target (1)",
    "Short term curricular target towards long term target (SMART)",
    "Methods/strategies/when/where/whom",
    "Responsibility/resources",
    "We will know when this target has been met when...",
    "Long term curricular target (2)",
    "Long term curricular target (3)",
    "Long term curricular target (4)",
    "Child/young persons' view of current situation",
    "Details;",
    "Parents'/Carers' view of current situation",
    "Details;",
    "Date/Details of next IEP review",
    "Date IEP agreed:",
    "Teacher with responsibility for IEP:",
];

pub const DURANTS_LABELS: &[&str] = &[
    "DURANTS SCHOOL IEP FORM",
    "PUPIL:",
    "UPDATED:",
    "TARGET",
    "ACTIVITY / TIME",
    "TARGETED SUPPORT",
    "MONITORING:",
    "TERM 1",
    "TERM 2",
    "TERM 3",
    "TERM 4",
    "TERM 5",
    "TERM 6",
    "ACHIEVEMENT",
    "COMMUNICATION & INTERACTION",
    "COGNITION & LEARNING",
    "SENSORY & PHYSICAL",
    "SOCIAL, EMOTIONAL & MENTAL HEALTH",
];

pub const GENERAL_LABELS: &[&str] = &[
    "Individual Education Plan",
    "Pupil details",
    "Date of birth",
    "About the pupil",
    "Strengths",
    "Nature of the needs",
    "Medical requirements",
    "Pastoral care",
    "Support at home",
    "How the previous targets went",
    "Targets",
    "Short-term target",
    "How it will be taught",
    "Who, when, where and how often",
    "Resources",
    "Success criteria",
    "Outcome at review",
    "Views",
    "The pupil's view",
    "The parents' or carers' view",
    "Review",
    "Next review",
    "How it will be reviewed",
];

/// Every field of the example plan for `form` that the form prints.
pub fn shown_fields(form: &str) -> Vec<String> {
    let not_shown: &[&str] = match form {
        "highland" => &[
            "form",
            "known_as",
            "pupil_words",
            "pupil_helpers",
            "symbol",
            "profile",
            "coordinator",
            "area",
            "created",
            "school",
        ],
        "durants" => &[
            "form",
            "known_as",
            "pupil_words",
            "pupil_helpers",
            "symbol",
            "profile",
            "coordinator",
            "area",
            "created",
            "school",
            "pupil",
            "plan",
            "previous_targets",
            "views",
            "long_term",
        ],
        _ => &["form", "pupil_words", "symbol", "area", "school"],
    };
    fields(&format!("examples/plans/{form}.yaml"), not_shown)
}

/// A scratch folder of a test's own, removed when dropped.
pub struct Scratch(pub std::path::PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("iep-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        Self(dir)
    }

    /// Writes `text` to `name` in the folder and returns the path as text.
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// openxml-audit run on `target` (a DOCX, or with `recursive` a folder of them) against Office
/// 2016's schemas, every error listed as JSON.
pub fn openxml_audit(target: &std::path::Path, recursive: bool) -> std::process::Output {
    let mut command = std::process::Command::new("python3");
    command.args([
        "-m",
        "openxml_audit",
        "--format",
        "office2016",
        "--output",
        "json",
        "--max-errors",
        "0",
    ]);
    if recursive {
        command.arg("--recursive");
    }
    command.arg(target).output().unwrap_or_else(|e| {
        panic!("openxml-audit did not run ({e}); run scripts/test, which installs it")
    })
}

/// Converts the files to PDF with LibreOffice (its own profile in `scratch`, so parallel tests do
/// not collide) and returns the bytes of each PDF it made.
pub fn libreoffice_pdfs(scratch: &Scratch, files: &[std::path::PathBuf]) -> Vec<Vec<u8>> {
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        scratch.0.display()
    );
    let output = std::process::Command::new("soffice")
        .args(["--headless", &profile, "--convert-to", "pdf", "--outdir"])
        .arg(&scratch.0)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("soffice did not run ({e}); scripts/test installs LibreOffice"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    files
        .iter()
        .map(|file| {
            let stem = std::path::Path::new(file.file_stem().unwrap_or_default());
            let pdf = scratch.0.join(stem.with_extension("pdf"));
            std::fs::read(&pdf)
                .unwrap_or_else(|e| panic!("LibreOffice made no {}: {e}", pdf.display()))
        })
        .collect()
}

/// The number of pages of a PDF, as pdfinfo reads it.
pub fn page_count(pdf: &[u8]) -> usize {
    let (ok, info) = tool("pdfinfo", &[], pdf, "pdf");
    assert!(ok, "{info}");
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"))
}

/// The day the tests' plans are checked on, whatever the clock says: their review dates lie
/// after it, so no `outcome-not-recorded` appears as the calendar moves on.
pub const TODAY: &str = "2026-12-01";

/// The `iep` command, checking plans as on [`TODAY`].
pub fn iep_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_iep"));
    command.env("IEP_TODAY", TODAY);
    command
}

/// Runs the `iep` command with `args`.
pub fn iep(args: &[&str]) -> std::process::Output {
    match iep_command().args(args).output() {
        Ok(output) => output,
        Err(error) => panic!("iep did not run: {error}"),
    }
}

/// What a command printed on standard output.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What a command printed on standard error.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A small PNG with a transparent corner.
pub fn png() -> Vec<u8> {
    let picture = image::RgbaImage::from_fn(60, 40, |x, y| {
        if x < 10 && y < 10 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([30, 120, 200, 255])
        }
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(picture)
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"));
    bytes.into_inner()
}

/// `path` (relative to the project) as an absolute path, for commands run in a scratch folder.
pub fn absolute(path: &str) -> String {
    std::env::current_dir()
        .unwrap_or_default()
        .join(path)
        .display()
        .to_string()
}

/// A PNG file with the header `width` x `height`, `depth` bits and colour type `color`, and
/// `data` (before compression) as its picture data: what a hostile file can declare.
pub fn png_declaring(width: u32, height: u32, depth: u8, color: u8, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).unwrap_or_else(|e| panic!("{e}"));
    let compressed = encoder.finish().unwrap_or_else(|e| panic!("{e}"));
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([depth, color, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [
        (&b"IHDR"[..], &header[..]),
        (b"IDAT", &compressed),
        (b"IEND", &[]),
    ] {
        png.extend((body.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend(body);
        png.extend(&chunk);
        let mut crc = flate2::Crc::new();
        crc.update(&chunk);
        png.extend(crc.sum().to_be_bytes());
    }
    png
}

/// A real PNG of one colour, `width` x `height` pixels, RGBA at 8 or 16 bits.
pub fn png_solid(width: u32, height: u32, depth: u8) -> Vec<u8> {
    let pixel: &[u8] = if depth == 16 {
        &[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xff, 0xff]
    } else {
        &[0x12, 0x56, 0x9a, 0xff]
    };
    let mut row = vec![0];
    for _ in 0..width {
        row.extend(pixel);
    }
    let data = row.repeat(height as usize);
    png_declaring(width, height, depth, 6, &data)
}

/// The report of checking `source` as `iep check` does: on the built-in `form` when given (as
/// `--form`), with the pupil-friendly checks when `pupil_friendly`.
pub fn check_on(source: &Source, form: Option<&str>, pupil_friendly: bool) -> iep::Report {
    let form = form.map(|name| {
        iep::FormRef::parse(name, std::path::Path::new("."))
            .and_then(|f| f.get_checked())
            .unwrap_or_else(|d| panic!("{d}"))
    });
    iep::Print {
        form,
        kind: if pupil_friendly {
            iep::DocumentKind::PupilFriendly
        } else {
            iep::DocumentKind::SchoolForm
        },
        ..iep::Print::default()
    }
    .check(source)
}

/// What pdfminer.six reads from each page of a PDF (tests/pdf_facts.py): sizes, each character
/// with its font size, pictures' boxes, lines and fills, in millimetres.
pub fn pdf_facts(pdf: &[u8]) -> Vec<serde_json::Value> {
    serde_json::from_value(python_json("tests/pdf_facts.py", pdf)).unwrap_or_else(|e| panic!("{e}"))
}

/// The structure tree and the conformance a tagged PDF declares, as pikepdf reads them
/// (tests/pdf_structure.py).
pub fn pdf_structure(pdf: &[u8]) -> serde_json::Value {
    python_json("tests/pdf_structure.py", pdf)
}

/// The JSON a Python script of the tests prints about `pdf`.
fn python_json(script: &str, pdf: &[u8]) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("iep-py-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("document.pdf");
    std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("{e}"));
    let output = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 did not run ({e}); scripts/test installs its packages")
        });
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"))
}

/// The text of one part of a DOCX package, such as `word/document.xml`.
pub fn docx_part(docx: &[u8], name: &str) -> String {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}")),
        &mut text,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    text
}

/// Every file below `folder`, relative to it, sorted.
pub fn files(folder: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![folder.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(folder) {
                out.push(relative.display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// Asserts that `iep` said each of `says` on standard error.
pub fn assert_says(output: &std::process::Output, says: &[&str]) {
    let said = stderr(output);
    for words in says {
        assert!(said.contains(words), "{words:?} not said in:\n{said}");
    }
}

/// The general example with its parents' view in another language (`language` its code, none
/// when empty).
pub fn plan_with_view(view: &str, language: &str) -> String {
    let text = std::fs::read_to_string("examples/plans/general.yaml").unwrap_or_default();
    let line = text
        .lines()
        .find(|l| l.starts_with("  parents:"))
        .unwrap_or_default()
        .to_owned();
    let mut with = format!("  parents: {view}");
    if !language.is_empty() {
        with += &format!("\n  parents_language: {language}");
    }
    text.replacen(&line, &with, 1)
}
