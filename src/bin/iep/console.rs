//! What the command prints. Results go to standard output and problems to standard error;
//! nothing here panics. A reader that stops reading (`iep forms | head -1`) ends the output
//! quietly; any other failure to write (a full disk under `> report.json`) is reported, never a
//! silently truncated file. File names are printed with control characters escaped, so that a
//! file's name cannot send escape sequences to the terminal.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// Why standard output could not take what was printed.
#[derive(Debug)]
pub enum Unwritten {
    /// The reader has gone (a closed pipe): stop printing, quietly.
    Closed,
    /// The write failed for another reason.
    Failed(io::Error),
}

/// Prints `text` to standard output and flushes it, so that a failure is known now.
pub fn print(text: &str) -> Result<(), Unwritten> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| match error.kind() {
            io::ErrorKind::BrokenPipe => Unwritten::Closed,
            _ => Unwritten::Failed(error),
        })
}

/// Prints `text` to standard error, as well as it can: there is nowhere to report a failure.
pub fn eprint(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// The exit status of a command whose output went to `printed`, and `status` otherwise: a
/// failed write is an error (status 2), said on standard error.
pub fn finish(printed: Result<(), Unwritten>, status: ExitCode) -> ExitCode {
    match printed {
        Ok(()) | Err(Unwritten::Closed) => status,
        Err(Unwritten::Failed(error)) => {
            eprint(&format!("iep: cannot write the output: {error}\n"));
            ExitCode::from(2)
        }
    }
}

/// An error and the errors it comes from, joined: "the PDF could not be written: disk full".
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text += &format!(": {cause}");
        source = cause.source();
    }
    text
}

/// A path as it is safe to print on a terminal.
pub fn path(path: &Path) -> String {
    escaped(&path.display().to_string())
}

/// `text` with its control characters (C0 and C1) and its bidirectional controls written as
/// escapes (`\u{1b}`, `\u{202e}`): an escape sequence could drive the terminal, and a bidi
/// control would show the name or the line in another order than it has.
pub fn escaped(text: &str) -> String {
    if !text.chars().any(unsafe_on_terminal) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if unsafe_on_terminal(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// JSON text with every control and bidirectional control written as a JSON escape (`\u202e`):
/// the same strings for a program that reads it, safe on a terminal that shows it. serde_json
/// escapes the C0 controls inside strings already, so those outside are the JSON's own line
/// breaks and indents, kept; the others can stand only inside strings.
pub fn json_safe(json: &str) -> String {
    let unsafe_in_json = |c: char| unsafe_on_terminal(c) && !matches!(c, '\n' | '\r' | '\t');
    if !json.chars().any(unsafe_in_json) {
        return json.to_owned();
    }
    json.chars()
        .map(|c| {
            if unsafe_in_json(c) {
                format!("\\u{:04x}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// True for a character that changes what a terminal shows rather than showing itself: a
/// control character, or a bidirectional control (embeddings, overrides, isolates, marks).
fn unsafe_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{escaped, json_safe};

    #[test]
    fn json_keeps_its_strings_and_loses_its_controls() {
        let json = "{\n  \"file\": \"pl\u{202e}lmay.an\u{9b}.yaml\"\n}";
        let safe = json_safe(json);
        assert_eq!(safe, "{\n  \"file\": \"pl\\u202elmay.an\\u009b.yaml\"\n}");
        let read: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(read["file"], "pl\u{202e}lmay.an\u{9b}.yaml");
    }

    #[test]
    fn control_characters_in_names_are_escaped() {
        assert_eq!(escaped("plan\u{1b}[2J.yaml"), "plan\\u{1b}[2J.yaml");
        assert_eq!(escaped("Siân.yaml"), "Siân.yaml");
        assert_eq!(escaped("a\u{9b}b"), "a\\u{9b}b");
        assert_eq!(escaped("\u{202e}lmay.exe"), "\\u{202e}lmay.exe");
        assert_eq!(escaped("ہم \u{2067}x"), "ہم \\u{2067}x");
    }
}
