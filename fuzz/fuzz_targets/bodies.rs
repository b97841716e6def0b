//! What each fuzz target does with one input, shared with the regression test that replays the
//! kept inputs (tests/testsuite/fuzz_inputs.rs), so both run the same code.

use std::sync::Arc;

use iep::render::{DocxRenderer, PdfRenderer, Renderer};

/// Any bytes as a plan file: loading never panics or hangs, and a plan that loads is validated
/// under every built-in policy, started again by `iep next`, followed by `iep history` and put
/// on the provision map. (The class list is the command's own: its proptest is in
/// src/bin/iep/class_list.rs.)
pub fn plan(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = iep::Source::new("fuzz.yaml", text);
    if let Ok(plan) = iep::Plan::parse(&source) {
        for name in iep::FormRef::BUILT_IN {
            if let Ok(form) = iep::FormRef::Builtin(name).get() {
                let _ = iep::Plan::validate(&plan, form.policy());
                let _ = iep::Plan::validate(&plan, &form.policy().clone().with_pupil_checks());
                let _ =
                    iep::Plan::next_plan(&plan, form.policy(), iep::Date::from_ymd(2027, 1, 25));
            }
        }
        let plans = [plan];
        for history in iep::History::of(&plans) {
            let _ = history.document();
        }
        let (provisions, _) = iep::provision::Map::of(&plans);
        let costs = iep::provision::Costs::default();
        let _ = iep::provision::Provision::csv(&provisions, &costs, true);
        let _ = iep::provision::Provision::xlsx(&provisions, &costs, false, None);
    }
}

/// Any plan the model accepts is laid out on every built-in form and rendered to PDF and DOCX
/// without a panic; refusals (a character no font has, a page limit) are errors, not crashes.
pub fn render(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(plan) = iep::Plan::parse(&iep::Source::new("fuzz.yaml", text)) else {
        return;
    };
    for name in iep::FormRef::BUILT_IN {
        let Ok(form) = iep::FormRef::Builtin(name).get() else {
            continue;
        };
        // The fuzzer's folder holds no pictures: a plan naming one is an error here.
        let Ok(document) = form.lay_out(&plan, std::path::Path::new("/nonexistent")) else {
            continue;
        };
        let _ = PdfRenderer::default().render(&document);
        let _ = DocxRenderer.render(&document);
    }
}

const PLANS: [&str; 3] = [
    include_str!("../../examples/plans/highland.yaml"),
    include_str!("../../examples/plans/durants.yaml"),
    include_str!("../../examples/plans/general.yaml"),
];

/// Any bytes as a school's form file: compiling never panics, and a form that compiles lays out
/// the example plans and renders them without a panic or a runaway: the form's budget of work,
/// blocks and pages bounds what its loops can make.
pub fn form(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(form) = iep::Form::parse(&iep::Source::new("form.yaml", text)) else {
        return;
    };
    for plan in PLANS {
        if let Ok(plan) = iep::Plan::parse(&iep::Source::new("plan.yaml", plan))
            && let Ok(document) = form.lay_out(&plan, std::path::Path::new("/nonexistent"))
        {
            let _ = PdfRenderer::default().render(&document);
            let _ = DocxRenderer.render(&document);
        }
    }
}

/// Any bytes as a picture: reading its header never panics, and decoding it for print never
/// panics or allocates more than its checked header allows.
pub fn picture(data: &[u8]) {
    static BLANK: std::sync::OnceLock<Option<iep::Document>> = std::sync::OnceLock::new();
    // A plan's document with no picture of its own, laid out once; the bytes go on its last
    // page as a picture 30 mm wide, and the PDF reads and decodes them as it would a photo.
    let blank = BLANK.get_or_init(|| {
        iep::Print::default()
            .lay_out(&iep::Source::new("plan.yaml", SMALL_PLAN))
            .ok()
            .map(|printed| printed.document)
    });
    let Some(mut document) = blank.clone() else {
        return;
    };
    document
        .blocks
        .push(iep::document::Block::Image(iep::document::Image {
            data: Arc::from(data),
            name: "picture".into(),
            width_mm: 30.0,
            max_height_mm: None,
            align: iep::document::Align::Left,
            field: None,
            alt: "a picture".into(),
        }));
    let _ = PdfRenderer::new().render(&document);
}

/// A small plan whose text needs a school's own font: Chinese, and a private-use character that
/// only a font of the folder can map (the seed fonts map it).
const FONT_PLAN: &str = "\
school: Test Primary School
pupil:
  name: Sam Example
  date_of_birth: 2017-04-12
  year_group: P5
plan:
  created: 2026-10-05
  agreed: 2026-10-12
  review: 2027-01-25
goals:
  - area: communication_and_interaction
    long_term: Join in group talk
    targets:
      - target: Takes turns to speak in a group of four
        strategies: Turn-taking cards
        who: Class teacher
        success: Waits for a turn in 4 of 5 sessions
        by: 2027-01-15
views:
  pupil: \"\\uE900 Sam\"
  parents: 我们希望山姆有信心。名前
";

/// Any bytes as a font file in a school's font folder (`--font-dir`): reading the folder never
/// panics, and a plan needing its fonts is checked, laid out and rendered to PDF with it without
/// a panic: a face no PDF can be written with is left out when the folder is read.
pub fn font(data: &[u8]) {
    let folder = std::env::temp_dir().join(format!("iep-fuzz-font-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&folder);
    let file = folder.join("school.ttc");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    let Ok(fonts) = iep::FontDir::load(&folder) else {
        return;
    };
    let fonts = Arc::new(fonts);
    let source = iep::Source::new("plan.yaml", FONT_PLAN);
    let print = iep::Print {
        font_dir: Some(Arc::clone(&fonts)),
        ..iep::Print::default()
    };
    let _ = print.check(&source);
    if let Ok(printed) = print.lay_out(&source) {
        let _ = PdfRenderer::new()
            .with_font_dir(fonts)
            .render(&printed.document);
    }
}

/// A small plan for the expressions to work on.
const SMALL_PLAN: &str = "\
school: Test Primary School
pupil:
  name: Sam Example
  date_of_birth: 2017-04-12
  year_group: P5
plan:
  created: 2026-10-05
  review: 2027-01-25
goals:
  - area: communication_and_interaction
    long_term: Join in group talk
    targets:
      - target: Takes turns to speak in a group of four
        strategies: Turn-taking cards
        who: Class teacher
        success: Waits for a turn in 4 of 5 sessions
        by: 2027-01-15
        monitoring: [Good start, Better]
views:
  pupil: I like drawing.
";

/// Any bytes as the body of a form's expressions, in each place a form writes one (printed
/// text, `when`, `each`, a size, a row's height, a picture's width): compiling never panics or
/// overflows the stack, and a form that compiles lays a plan out and renders it to PDF without a
/// panic, its numbers finite and its work bounded.
pub fn expression(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let quoted = yaml_quoted(body);
    let template = yaml_quoted(&format!("{{{{ {body} }}}}"));
    let forms = [
        format!("  - paragraph: {template}\n"),
        format!("  - paragraph: x\n    when: {quoted}\n"),
        format!("  - each: {quoted}\n    blocks:\n      - paragraph: \"{{{{ item }}}}\"\n"),
        format!("  - paragraph: x\n    size: {quoted}\n"),
        format!(
            "  - table:\n      columns: [1, 2]\n      rows:\n        - cells: [a, {{ text: b, width_mm: {quoted}, image: star }}]\n          height: {quoted}\n"
        ),
    ];
    let Ok(plan) = iep::Plan::parse(&iep::Source::new("plan.yaml", SMALL_PLAN)) else {
        return;
    };
    for blocks in forms {
        let text = format!("name: fuzz\ntitle: Fuzz\nblocks:\n{blocks}");
        let Ok(form) = iep::Form::parse(&iep::Source::new("form.yaml", text)) else {
            continue;
        };
        if let Ok(document) = form.lay_out(&plan, std::path::Path::new("/nonexistent")) {
            let _ = PdfRenderer::default().render(&document);
        }
    }
}

/// `text` as a double-quoted YAML string.
fn yaml_quoted(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
