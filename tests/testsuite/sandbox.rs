//! A school's own form file is code a SENCO downloads: it may read pictures from its own folder
//! and nothing else, even through a symbolic link; its templates have fuel and recursion limits
//! and no way to print the variables it sees (minijinja's debug is not built in).

use crate::common;

use std::path::Path;

use common::{Scratch, png};
use iep::{Code, FormRef};

/// Lays the general example out on `form` written into `scratch`, whose `pictures` sub-folder
/// holds `logo.png`; a valid PNG also stands beside the folder, outside it.
fn lay_out(scratch: &Scratch, form: &str) -> Result<iep::Document, iep::Error> {
    let folder = scratch.0.join("form");
    std::fs::create_dir_all(folder.join("pictures")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("pictures/logo.png"), png()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(scratch.0.join("outside.png"), png()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("school.yaml"), form).unwrap_or_else(|e| panic!("{e}"));
    let plan =
        iep::Plan::load(Path::new("examples/plans/general.yaml")).unwrap_or_else(|e| panic!("{e}"));
    FormRef::File(folder.join("school.yaml"))
        .get_checked()?
        .lay_out(&plan, Path::new("examples/plans"))
}

fn with_image(path: &str) -> String {
    format!(
        "name: school\ntitle: IEP\nblocks:\n  - heading: Plan\n  - image: \"{path}\"\n    width_mm: 30\n"
    )
}

fn pictures(document: &iep::Document) -> usize {
    document
        .blocks
        .iter()
        .filter(|b| matches!(b, iep::document::Block::Image(_)))
        .count()
}

fn refusal(result: Result<iep::Document, iep::Error>) -> iep::Diagnostic {
    match result {
        Ok(_) => panic!("laid out"),
        Err(error) => {
            let diagnostic = error.diagnostics()[0].clone();
            assert!(diagnostic.place.is_some(), "not located: {diagnostic}");
            diagnostic
        }
    }
}

#[test]
fn a_form_shows_a_picture_from_its_own_folder() {
    let scratch = Scratch::new("sandbox-own");
    for path in ["pictures/logo.png", "./pictures/../pictures/logo.png"] {
        let document = lay_out(&scratch, &with_image(path)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pictures(&document), 1, "{path}");
    }
}

#[test]
fn a_missing_picture_of_the_form_is_named_by_its_name() {
    let scratch = Scratch::new("sandbox-missing");
    let refused = refusal(lay_out(&scratch, &with_image("pictures/crest.png")));
    assert_eq!(refused.code, Code::MissingImage);
    assert_eq!(refused.place.map(|p| p.line), Some(5));
    assert!(
        refused
            .message
            .ends_with("the picture `pictures/crest.png` cannot be used: there is no such file"),
        "{refused}"
    );
}

#[test]
fn a_form_cannot_read_a_picture_outside_its_folder() {
    let scratch = Scratch::new("sandbox-outside");
    let absolute = scratch.0.join("outside.png").display().to_string();
    for path in [
        "../outside.png",
        "pictures/../../outside.png",
        absolute.as_str(),
    ] {
        let refused = refusal(lay_out(&scratch, &with_image(path)));
        assert_eq!(refused.code, Code::MissingImage, "{path}");
        assert_eq!(refused.place.map(|p| p.line), Some(5), "{path}");
        assert!(
            refused.message.contains("folder of the file that names it"),
            "{path}: {refused}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_does_not_lead_a_form_out_of_its_folder() {
    let scratch = Scratch::new("sandbox-link");
    // Made by a first lay-out, then linked.
    let _ = lay_out(&scratch, &with_image("pictures/logo.png"));
    let folder = scratch.0.join("form/pictures");
    let linked = |name: &str, to: &Path| {
        std::os::unix::fs::symlink(to, folder.join(name)).unwrap_or_else(|e| panic!("{e}"));
    };
    linked("outside.png", &scratch.0.join("outside.png"));
    linked("up", &scratch.0);
    linked("inside.png", Path::new("logo.png"));
    for path in ["pictures/outside.png", "pictures/up/outside.png"] {
        let refused = refusal(lay_out(&scratch, &with_image(path)));
        assert!(
            refused.message.contains("it leads out of the folder"),
            "{path}: {refused}"
        );
    }
    // A link that stays inside is a file of the form's like any other.
    let document =
        lay_out(&scratch, &with_image("pictures/inside.png")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pictures(&document), 1);
}

#[test]
fn a_form_cannot_turn_the_plans_photo_path_into_another() {
    let scratch = Scratch::new("sandbox-photo");
    let folder = scratch.0.join("plan");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("photo.png"), png()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(scratch.0.join("secret.png"), png()).unwrap_or_else(|e| panic!("{e}"));
    let mut plan =
        iep::Plan::load(Path::new("examples/plans/general.yaml")).unwrap_or_else(|e| panic!("{e}"));
    plan.pupil.photo = Some("photo.png".into());
    std::fs::create_dir_all(scratch.0.join("form")).unwrap_or_else(|e| panic!("{e}"));
    let form_file = scratch.write(
        "form/form.yaml",
        "name: school\ntitle: IEP\nblocks:\n  - image: \"{{ pupil.photo }}\"\n  - image: \"{{ pupil.photo | replace('photo', '../secret') }}\"\n",
    );
    let form = FormRef::File(form_file.into())
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
    // The first picture (the plan's own) is read from the plan's folder; the second is refused.
    let refused = refusal(form.lay_out(&plan, &folder));
    assert_eq!(refused.place.map(|p| p.line), Some(5), "{refused}");
    assert!(
        refused.message.contains("it leads out of the folder"),
        "{refused}"
    );
}

#[test]
fn a_built_in_form_reads_no_files_of_its_own() {
    // The plan's own photo is the only file a built-in form reads; a path that a plan does not
    // name cannot be made by a built-in form, so this checks the refusal through a form file
    // that names a picture with no folder to come from.
    let form = iep::Form::parse(&iep::Source::new("form.yaml", with_image("/etc/hostname")))
        .unwrap_or_else(|e| panic!("{e}"));
    let plan =
        iep::Plan::load(Path::new("examples/plans/general.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let refused = refusal(form.lay_out(&plan, Path::new("examples/plans")));
    assert_eq!(refused.code, Code::MissingImage);
    assert!(
        refused
            .message
            .contains("only the plan's pictures and the symbols"),
        "{refused}"
    );
}

fn form_error(scratch: &Scratch, paragraph: &str) -> String {
    let form = format!("name: school\ntitle: IEP\nblocks:\n  - paragraph: \"{paragraph}\"\n");
    match lay_out(scratch, &form) {
        Ok(_) => panic!("{paragraph} was laid out"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn endless_recursion_in_a_form_is_an_error_at_its_line() {
    let scratch = Scratch::new("sandbox-recursion");
    let error = form_error(
        &scratch,
        "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}",
    );
    assert!(error.contains("school.yaml:4:"), "{error}");
    assert!(error.contains("recursion"), "{error}");
}

#[test]
fn a_form_cannot_include_files_or_print_what_it_sees() {
    let scratch = Scratch::new("sandbox-include");
    for text in [
        "{% include 'school.yaml' %}",
        "{% import 'school.yaml' as s %}",
        "{{ debug() }}",
        "{% extends 'school.yaml' %}",
    ] {
        let error = form_error(&scratch, text);
        assert!(error.contains("error[form-error]"), "{text}: {error}");
        // Nothing of the plan (the pupil's name) in the message.
        assert!(!error.contains("Amara"), "{text}: {error}");
    }
}
