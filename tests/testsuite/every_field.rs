//! Every field of a plan, on every built-in form, read back from what a person gets: the PDF as
//! `pdftotext` reads it and the DOCX's own text. Each field the plan fills is printed, or the
//! check says `not-on-form` for it (and then it is really not printed). The plans are
//! `tests/realistic/every-field.yaml` and its group plan, with a marker (`zq` and three digits) at
//! the end of every piece of text, a different day for every date and a different provision for
//! every target.

use std::collections::BTreeMap;

use crate::common;

use common::{Scratch, docx_part, tool};
use iep::render::{DocxRenderer, PdfRenderer, Renderer};
use iep::{Code, DocumentKind, FieldPath, Plan, Print, Source};

/// The fields no school form is asked to print: how the plan is printed (its form, the wall
/// page's typeface and paper) and what only the pupil-friendly page shows.
const ONLY_FOR_THE_WALL: &[&str] = &[
    "form",
    "known_as",
    "photo",
    "font",
    "background",
    "pupil_words",
    "pupil_helpers",
    "symbol",
];

/// The plans and the photo in a scratch folder.
fn scratch() -> Scratch {
    let scratch = Scratch::new("every-field");
    for name in ["every-field.yaml", "every-field-group.yaml"] {
        let text = std::fs::read_to_string(format!("tests/realistic/{name}"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        scratch.write(name, &text);
    }
    std::fs::write(scratch.0.join("every-field-photo.png"), common::png())
        .unwrap_or_else(|e| panic!("{e}"));
    scratch
}

/// The markers in `text`: `zq` and three digits.
fn markers(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(4))
        .filter(|&i| {
            &bytes[i..i + 2] == b"zq" && bytes[i + 2..i + 5].iter().all(u8::is_ascii_digit)
        })
        .map(|i| text[i..i + 5].to_owned())
        .collect()
}

/// The value of `path` in the plan, as its JSON form has it: `goals[0].success` is the JSON
/// pointer `/goals/0/success` (the plan's keys are snake_case words).
fn value_at<'a>(json: &'a serde_json::Value, path: &FieldPath) -> &'a serde_json::Value {
    let steps = path.to_string().replace(['.', '['], "/").replace(']', "");
    let pointer = if steps.is_empty() || steps.starts_with('/') {
        steps
    } else {
        format!("/{steps}")
    };
    json.pointer(&pointer).unwrap_or(&serde_json::Value::Null)
}

/// Whether `path` is `within` or below it: `goals[0].success` is within `goals[0]` and `goals`,
/// not within `goal`.
fn is_within(path: &FieldPath, within: &FieldPath) -> bool {
    let (path, within) = (path.to_string(), within.to_string());
    within.is_empty()
        || path == within
        || path
            .strip_prefix(&within)
            .is_some_and(|rest| rest.starts_with(['.', '[']))
}

/// What shows that a field is printed: the texts to find, and whether finding any of them where
/// the check says the field is not printed is a contradiction (true of markers and dates, which
/// nothing else prints).
struct Shown {
    texts: Vec<String>,
    unique: bool,
}

/// What shows each field `plan` fills that a school's form prints, by its path.
fn expected(plan: &Plan, group: Option<&Plan>) -> BTreeMap<FieldPath, Shown> {
    let json = serde_json::to_value(plan).unwrap_or_else(|e| panic!("{e}"));
    let texts: BTreeMap<FieldPath, String> = plan.texts().into_iter().collect();
    let mut out = BTreeMap::new();
    for path in plan.filled() {
        let key = path.last_key().unwrap_or_default().to_owned();
        if ONLY_FOR_THE_WALL.contains(&key.as_str()) {
            continue;
        }
        let value = value_at(&json, &path);
        let shown = if let Some(text) = texts.get(&path) {
            let found = markers(text);
            assert!(
                !found.is_empty(),
                "{}: no marker in the test plan",
                path.describe()
            );
            Shown {
                texts: found,
                unique: true,
            }
        } else if let Some(date) = value.as_str().and_then(iep::Date::parse) {
            Shown {
                texts: vec![date.long()],
                unique: true,
            }
        } else {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            let target = value_at(&json, &path.parent());
            let texts = match key.as_str() {
                "sessions_per_week" | "minutes" => vec![format!(
                    "{} x {} minutes a week",
                    target["sessions_per_week"], target["minutes"]
                )],
                "group_size" => vec![format!("groups of {text}")],
                "outcome" => vec![text.replace('_', " ")],
                "area" => {
                    let area = iep::Area::ALL
                        .into_iter()
                        .find(|a| a.key() == text)
                        .unwrap_or(iep::Area::Other);
                    // Durants bands its form by area in capitals.
                    let band = area.label().replace(" and ", " & ").to_uppercase();
                    vec![area.label().to_owned(), band]
                }
                // A member's plan prints the group's targets, under the group's name.
                "group_plan" => group
                    .and_then(|g| g.group.as_ref()?.name.as_deref())
                    .map(markers)
                    .unwrap_or_default(),
                // A plan's file, as the group form lists it.
                "plan" => vec![text],
                _ => vec![text],
            };
            Shown {
                texts,
                unique: false,
            }
        };
        out.insert(path, shown);
    }
    out
}

/// Text as compared: no white space, no soft hyphens (a word hyphenated at a line's end is still
/// the word).
fn solid(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect::<String>()
        .to_lowercase()
}

fn pdf_text(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    text
}

/// The text of a DOCX: its body, headers and footers, as Word's own text runs hold it.
fn docx_text(docx: &[u8]) -> String {
    let archive =
        zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap_or_else(|e| panic!("{e}"));
    let parts: Vec<String> = archive
        .file_names()
        .filter(|name| name.starts_with("word/") && name.ends_with(".xml"))
        .map(str::to_owned)
        .collect();
    let mut out = String::new();
    for part in parts {
        let xml = docx_part(docx, &part);
        let mut rest = xml.as_str();
        while let Some(at) = rest.find("<w:t") {
            rest = &rest[at + 4..];
            // `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tbl>` or `<w:tc>`.
            if !(rest.starts_with('>') || rest.starts_with(' ')) {
                continue;
            }
            let Some(open) = rest.find('>') else { break };
            let Some(close) = rest.find("</w:t>") else {
                break;
            };
            out.push_str(&rest[open + 1..close]);
            out.push(' ');
            rest = &rest[close..];
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

/// Lays the plan at `plan` out as `print` says, renders it to PDF and DOCX, and checks every field
/// against both; returns what is wrong, one line a problem.
fn problems(plan_file: &std::path::Path, print: &Print, group: Option<&Plan>) -> Vec<String> {
    let source = Source::read(plan_file).unwrap_or_else(|e| panic!("{e}"));
    let printed = print.lay_out(&source).unwrap_or_else(|e| panic!("{e}"));
    let unprinted: Vec<FieldPath> = printed
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NotOnForm)
        .filter_map(|d| d.field.clone())
        .collect();
    let pdf = PdfRenderer::default()
        .render(&printed.document)
        .unwrap_or_else(|e| panic!("{e}"));
    let docx = DocxRenderer
        .render(&printed.document)
        .unwrap_or_else(|e| panic!("{e}"));
    let documents = [
        ("PDF", solid(&pdf_text(&pdf))),
        ("DOCX", solid(&docx_text(&docx))),
    ];
    let mut out = Vec::new();
    for (path, shown) in expected(&printed.plan, group) {
        let said = unprinted.iter().any(|u| is_within(&path, u));
        for (kind, text) in &documents {
            let found = shown.texts.iter().any(|t| text.contains(&solid(t)));
            if said && found && shown.unique {
                out.push(format!(
                    "{}: said not-on-form, yet in the {kind}",
                    path.describe()
                ));
            } else if !said && !found {
                out.push(format!(
                    "{}: neither in the {kind} ({:?}) nor said not-on-form",
                    path.describe(),
                    shown.texts
                ));
            }
        }
    }
    out
}

fn on_form(form: &str) -> Print {
    let form = iep::FormRef::parse(form, std::path::Path::new("."))
        .and_then(|f| f.get_checked())
        .unwrap_or_else(|d| panic!("{d}"));
    Print {
        form: Some(form),
        today: iep::Date::parse(common::TODAY),
        ..Print::default()
    }
}

fn group_plan(scratch: &Scratch) -> Plan {
    iep::Plan::load(&scratch.0.join("every-field-group.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_field_is_on_the_general_form_or_said_not_to_be() {
    let scratch = scratch();
    let group = group_plan(&scratch);
    let found = problems(
        &scratch.0.join("every-field.yaml"),
        &on_form("general"),
        Some(&group),
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_field_is_on_the_highland_form_or_said_not_to_be() {
    let scratch = scratch();
    let group = group_plan(&scratch);
    let found = problems(
        &scratch.0.join("every-field.yaml"),
        &on_form("highland"),
        Some(&group),
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_field_is_on_the_durants_form_or_said_not_to_be() {
    let scratch = scratch();
    let group = group_plan(&scratch);
    let found = problems(
        &scratch.0.join("every-field.yaml"),
        &on_form("durants"),
        Some(&group),
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_form_with_no_place_for_the_birth_date_year_group_or_review_says_so() {
    let scratch = scratch();
    scratch.write(
        "ours.yaml",
        "name: ours\ntitle: \"IEP: {{ pupil.name }}\"\npolicy:\n  rules:\n    draft-plan: off\nblocks:\n  - heading: \"{{ pupil.name }}, {{ school }}\"\n",
    );
    let plan = std::fs::read_to_string(scratch.0.join("every-field.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let path = scratch.write("ours-plan.yaml", &format!("form: ours.yaml\n{plan}"));
    let source = Source::read(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let said: Vec<FieldPath> = iep::check(&source)
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NotOnForm)
        .filter_map(|d| d.field.clone())
        .collect();
    let root = FieldPath::root();
    for field in [
        root.key("pupil").key("date_of_birth"),
        root.key("pupil").key("year_group"),
        root.key("plan").key("created"),
        root.key("plan").key("review"),
    ] {
        assert!(
            said.iter().any(|s| is_within(&field, s)),
            "{} not said in {said:#?}",
            field.describe()
        );
    }
    // The name and the school it prints are not said.
    for printed in [root.key("pupil").key("name"), root.key("school")] {
        assert!(!said.contains(&printed), "{}", printed.describe());
    }
}

#[test]
fn every_field_of_a_group_plan_is_on_the_group_form_or_said_not_to_be() {
    let scratch = scratch();
    let print = Print {
        today: iep::Date::parse(common::TODAY),
        ..Print::default()
    };
    let found = problems(&scratch.0.join("every-field-group.yaml"), &print, None);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_pupil_page_prints_the_pupils_words_helpers_name_photo_and_pictures() {
    let scratch = scratch();
    let source =
        Source::read(&scratch.0.join("every-field.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let print = Print {
        kind: DocumentKind::PupilFriendly,
        today: iep::Date::parse(common::TODAY),
        ..Print::default()
    };
    let printed = print.lay_out(&source).unwrap_or_else(|e| panic!("{e}"));
    let plan = &printed.plan;
    let mut wanted: Vec<String> = plan
        .pupil
        .known_as
        .as_deref()
        .map(markers)
        .unwrap_or_default();
    for (_, _, target) in plan.targets() {
        for text in [&target.pupil_words, &target.pupil_helpers]
            .into_iter()
            .flatten()
        {
            wanted.extend(markers(text));
        }
    }
    wanted.push("December".into());
    let pdf = PdfRenderer::default()
        .render(&printed.document)
        .unwrap_or_else(|e| panic!("{e}"));
    let docx = DocxRenderer
        .render(&printed.document)
        .unwrap_or_else(|e| panic!("{e}"));
    for (kind, text) in [
        ("PDF", solid(&pdf_text(&pdf))),
        ("DOCX", solid(&docx_text(&docx))),
    ] {
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|w| !text.contains(&solid(w)))
            .collect();
        assert!(missing.is_empty(), "not in the {kind}: {missing:?}");
    }
    // The photo and a picture for each target: the photo an image, the symbols vectors, each
    // in the frame it is clipped to.
    let (ok, list) = tool("pdfimages", &["-list"], &pdf, "pdf");
    assert!(ok, "{list}");
    let pictures = list
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .count();
    let soft_masks = list.lines().filter(|l| l.contains(" smask ")).count();
    let vectors = common::pdf_facts(&pdf)[0]["figures"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(pictures - soft_masks, 1, "the photo:\n{list}");
    assert_eq!(
        vectors,
        plan.targets().count(),
        "{vectors} pictures drawn as vectors for {} targets",
        plan.targets().count()
    );
}
