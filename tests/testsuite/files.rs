//! One seam for files: a plan, its form and its pictures held in memory ([`MemoryFiles`]) give
//! the very PDF the same files on disk give, and the same refusals, word for word: a path out of
//! the plan's folder, a file too large, a file that is not there, a folder named as a file.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{Scratch, png};
use iep::render::{PdfRenderer, Renderer};
use iep::{FileSystem, Files, MemoryFiles};
use iep::{Print, Source};

/// A school's own form, in a folder of its own beside the plans: the school's logo from its
/// folder, the pupil's photo and each target with its own symbol from the plan's.
const FORM: &str = r#"name: drumbeg
title: "Individual Education Plan: {{ pupil.name }}"
blocks:
  - image: "logo.png"
    width_mm: 20
  - heading: "{{ pupil.name }}"
  - image: "{{ pupil.photo }}"
    width_mm: 30
  - each: targets
    as: target
    blocks:
      - paragraph: "{{ target.target }}"
      - paragraph: "{{ target.who }}"
"#;

/// A plan as staff write it, naming the form, a photo and `symbol` for its first target; `photo`
/// and `symbol` are put in as given.
fn plan(photo: &str, symbol: &str) -> String {
    format!(
        "form: ../forms/drumbeg.yaml
school: Drumbeg Primary School
pupil:
  name: Eilidh MacLeod
  date_of_birth: 2015-04-12
  year_group: P5
  photo: {photo}
plan:
  created: 2024-10-07
  review: 2025-01-20
goals:
  - area: communication_and_interaction
    long_term: Take part in small-group discussions and say what she thinks
    targets:
      - target: Takes turns to speak in a group of four without being reminded
        success: Waits for her turn in three of four group talks, noted by the class teacher
        strategies: Talk partners and turn-taking cards, modelled by an adult first
        who: Class teacher (Mrs Grant) with the PSA in the Tuesday and Thursday groups
        by: 2024-12-20
        symbol: {symbol}
      - target: Asks an adult for help with a word she cannot read, using her help card
        success: Uses the card without a prompt on four days out of five
        strategies: A help card on her desk; praise each time she uses it
        who: Class teacher and Pupil Support Assistant, daily in literacy lessons
        by: 2024-12-20
"
    )
}

/// The files both ways: `files` (path under the folder, bytes) written into `scratch` and held
/// in memory under the same paths below `root`, a folder that is not on disk.
fn both(scratch: &Scratch, files: &[(&str, Vec<u8>)]) -> MemoryFiles {
    let mut memory = MemoryFiles::new();
    for (path, bytes) in files {
        let on_disk = scratch.0.join(path);
        std::fs::create_dir_all(on_disk.parent().unwrap_or(&scratch.0))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&on_disk, bytes).unwrap_or_else(|e| panic!("{e}"));
        memory.insert(Path::new("school").join(path), bytes.clone());
    }
    memory
}

/// The plan `plans/eilidh.yaml` read both ways: from disk, and from memory with the same name
/// and the folder `school/plans`, with the `Print` that reads from each.
fn sources(scratch: &Scratch, memory: MemoryFiles) -> [(Source, Print); 2] {
    let on_disk =
        Source::read(&scratch.0.join("plans/eilidh.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let bytes = memory
        .read(Path::new("school/plans/eilidh.yaml"), 1 << 20)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut in_memory =
        Source::from_bytes(on_disk.name.clone(), &bytes).unwrap_or_else(|e| panic!("{e}"));
    in_memory.folder = Some(PathBuf::from("school/plans"));
    [
        (on_disk, Print::default()),
        (
            in_memory,
            Print {
                files: Arc::new(memory),
                ..Print::default()
            },
        ),
    ]
}

fn files(plan: &str, more: Named) -> Named {
    let mut files = vec![
        ("plans/eilidh.yaml", plan.as_bytes().to_vec()),
        ("forms/drumbeg.yaml", FORM.as_bytes().to_vec()),
        ("forms/logo.png", png()),
    ];
    files.extend(more);
    files
}

#[test]
fn a_plan_its_form_and_its_pictures_in_memory_give_the_pdf_they_give_on_disk() {
    let scratch = Scratch::new("files-same-pdf");
    let plan = plan("photos/eilidh.png", "photos/turns.png");
    let memory = both(
        &scratch,
        &files(
            &plan,
            vec![
                ("plans/photos/eilidh.png", png()),
                ("plans/photos/turns.png", common::png_solid(40, 40, 8)),
            ],
        ),
    );
    let [disk, memory] = sources(&scratch, memory).map(|(source, print)| {
        let printed = print.lay_out(&source).unwrap_or_else(|e| panic!("{e}"));
        let pictures = printed
            .document
            .blocks
            .iter()
            .filter(|b| matches!(b, iep::document::Block::Image(_)))
            .count();
        assert_eq!(pictures, 2, "the logo and the photo");
        assert!(
            print
                .check(&source)
                .diagnostics
                .iter()
                .all(|d| d.code != iep::Code::MissingImage),
            "every picture read"
        );
        PdfRenderer::new()
            .render(&printed.document)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    assert!(disk.starts_with(b"%PDF-"));
    assert!(
        disk == memory,
        "the PDF from memory differs from the PDF from disk"
    );
}

/// Files by their paths under the folder, with their bytes.
type Named = Vec<(&'static str, Vec<u8>)>;

/// What checking and laying out the plan say, as text, one way.
fn findings(scratch: &Scratch, source: &Source, print: &Print) -> Vec<String> {
    let mut said: Vec<String> = print
        .check(source)
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    match print.lay_out(source) {
        Ok(_) => said.push("laid out".into()),
        Err(error) => said.extend(error.diagnostics().iter().map(ToString::to_string)),
    }
    // A form file's diagnostics are named by its path, which is in the scratch folder on disk.
    let on_disk = scratch.0.display().to_string();
    said.iter()
        .map(|said| said.replace(&on_disk, "school"))
        .collect()
}

#[test]
fn refusals_are_the_same_from_memory_as_from_disk() {
    let too_large = vec![0_u8; 20 * 1024 * 1024 + 1];
    let cases: [(&str, &str, Named, &str); 5] = [
        (
            "../outside.png",
            "photos/turns.png",
            vec![("outside.png", png())],
            "leads out of the folder",
        ),
        (
            "/school/outside.png",
            "photos/turns.png",
            vec![],
            "absolute path",
        ),
        (
            "photos/eilidh.png",
            "photos/missing.png",
            vec![("plans/photos/eilidh.png", png())],
            "there is no such file",
        ),
        (
            "photos/big.png",
            "photos/turns.png",
            vec![("plans/photos/big.png", too_large)],
            "larger than 20 MB",
        ),
        (
            "photos",
            "photos/turns.png",
            vec![("plans/photos/turns.png", png())],
            "it is a folder, not a file",
        ),
    ];
    for (photo, symbol, more, expected) in cases {
        let scratch = Scratch::new("files-refusals");
        let plan = plan(photo, symbol);
        let memory = both(&scratch, &files(&plan, more));
        let [disk, memory] =
            sources(&scratch, memory).map(|(source, print)| findings(&scratch, &source, &print));
        assert!(
            disk.iter().any(|said| said.contains(expected)),
            "{photo} {symbol}: {disk:#?}"
        );
        assert_eq!(disk, memory, "{photo} {symbol}");
    }
}

#[test]
fn a_form_file_or_a_group_plan_missing_or_out_of_the_folder_is_refused_alike() {
    let base = plan("photos/eilidh.png", "photos/turns.png");
    let pictures = || {
        vec![
            ("plans/photos/eilidh.png", png()),
            ("plans/photos/turns.png", png()),
        ]
    };
    let cases = [
        base.replace("form: ../forms/drumbeg.yaml", "form: ../forms/missing.yaml"),
        base.replace(
            "form: ../forms/drumbeg.yaml",
            "form: ../forms/drumbeg.yaml\ngroup_plan: ../forms/drumbeg.yaml",
        ),
        base.replace(
            "form: ../forms/drumbeg.yaml",
            "form: ../forms/drumbeg.yaml\ngroup_plan: group/nurture.yaml",
        ),
    ];
    for plan in cases {
        let scratch = Scratch::new("files-named");
        let memory = both(&scratch, &files(&plan, pictures()));
        let [disk, memory] =
            sources(&scratch, memory).map(|(source, print)| findings(&scratch, &source, &print));
        assert!(!disk.contains(&"laid out".to_owned()), "{disk:#?}");
        assert_eq!(disk, memory);
    }
}

#[test]
fn a_font_folder_in_memory_is_read_as_the_font_folder_on_disk() {
    use iep::FontDir;
    let scratch = Scratch::new("files-fonts");
    let font = std::fs::read("fonts/Andika-Regular.ttf").unwrap_or_else(|e| panic!("{e}"));
    let memory = both(
        &scratch,
        &[
            ("fonts/Andika.ttf", font),
            ("fonts/notes.txt", b"not a font".to_vec()),
            ("broken/broken.ttf", b"not a font at all".to_vec()),
        ],
    );
    let load = |folder: &str| {
        [
            FontDir::load_from(&FileSystem, &scratch.0.join(folder)),
            FontDir::load_from(&memory, &Path::new("school").join(folder)),
        ]
    };
    for loaded in load("fonts") {
        let fonts = loaded.unwrap_or_else(|e| panic!("{e}"));
        assert!(fonts.skipped().is_empty());
    }
    for loaded in load("broken") {
        assert!(
            loaded
                .as_ref()
                .is_err_and(|e| e.to_string().contains("holds no TrueType")),
            "{loaded:?}"
        );
    }
    for loaded in load("missing") {
        assert!(
            loaded
                .as_ref()
                .is_err_and(|e| e.to_string().starts_with("cannot read the font folder")
                    && std::error::Error::source(e).is_some()),
            "{loaded:?}"
        );
    }
}
