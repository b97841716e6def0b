//! The one-page profile (`about_me`): lists of short lines, read at a glance. A line longer than
//! a profile's lines are, or more lines under a heading than one page holds, is a warning; within
//! these limits the built-in one-page profile always fits its page (its tests print it at them).

use super::Checker;
use crate::diagnostic::Code;
use crate::source::FieldPath;

/// Past this many characters a line of the profile is a warning: about fifteen words, one line
/// across the one-page profile at its smallest type. Profiles are written as short lines
/// ("Loves building with Lego").
pub const MAX_ABOUT_ME_LINE: usize = 80;

/// Past this many lines under one heading the profile is a warning: a one-page profile keeps
/// to what matters most.
pub const MAX_ABOUT_ME_LINES: usize = 8;

/// Past this many characters how the pupil communicates is a warning: a few sentences.
pub const MAX_COMMUNICATION: usize = 300;

pub(super) fn check(checker: &mut Checker) {
    let Some(about) = &checker.plan.about_me else {
        return;
    };
    let path = FieldPath::root().key("about_me");
    let hint = "keep the profile to what matters most, in short lines: a one-page profile is read at a glance";
    for (key, lines) in about.lists() {
        if lines.len() > MAX_ABOUT_ME_LINES {
            checker.warning(
                Code::AboutMeTooLong,
                path.key(key).index(MAX_ABOUT_ME_LINES),
                format!(
                    "{} has {} lines; a one-page profile holds {MAX_ABOUT_ME_LINES} under a heading",
                    path.key(key).describe(),
                    lines.len()
                ),
                hint,
            );
        }
        for (i, line) in lines.iter().enumerate() {
            let length = line.trim().chars().count();
            if length > MAX_ABOUT_ME_LINE {
                let at = path.key(key).index(i);
                checker.warning(
                    Code::AboutMeTooLong,
                    at.clone(),
                    format!(
                        "{} is {length} characters; a line of a one-page profile is at most {MAX_ABOUT_ME_LINE}",
                        at.describe()
                    ),
                    "split it into two lines, or say it more shortly",
                );
            }
        }
    }
    if let Some(communication) = &about.communication {
        let length = communication.trim().chars().count();
        if length > MAX_COMMUNICATION {
            let at = path.key("communication");
            checker.warning(
                Code::AboutMeTooLong,
                at.clone(),
                format!(
                    "{} is {length} characters; a one-page profile says how the pupil communicates in at most {MAX_COMMUNICATION}",
                    at.describe()
                ),
                hint,
            );
        }
    }
}
