//! A class list exported from the school's information system (SIMS, Arbor, Bromcom...) as
//! CSV, read into the pupils' details to start a plan for each (`iep new --from CLASS.csv`).
//! Headers are matched by the names such exports use, whatever their case; `--column
//! FIELD=HEADER` names the rest.

use iep::plan::{Date, Pupil};
use iep::{FileSystem, Files, Refused};

/// The headers each pupil field is read from, as exports name them (compared in lower case,
/// spaces and punctuation ignored).
const HEADERS: [(&str, &[&str]); 8] = [
    (
        "name",
        &[
            "name",
            "full name",
            "pupil name",
            "student name",
            "pupil",
            "legal name",
        ],
    ),
    (
        "forename",
        &[
            "forename",
            "first name",
            "legal forename",
            "given name",
            "firstname",
        ],
    ),
    (
        "surname",
        &[
            "surname",
            "last name",
            "legal surname",
            "family name",
            "lastname",
        ],
    ),
    (
        "known_as",
        &[
            "preferred name",
            "preferred forename",
            "known as",
            "chosen name",
        ],
    ),
    (
        "date_of_birth",
        &["date of birth", "dob", "birth date", "d o b", "birthdate"],
    ),
    (
        "year_group",
        &[
            "year group",
            "year",
            "nc year",
            "year group nc",
            "national curriculum year",
        ],
    ),
    ("address", &["address", "home address"]),
    ("postcode", &["postcode", "post code", "postal code"]),
];

/// A row of a class list: the pupil with the row's line, or why the row cannot be read.
type Row = Result<(u64, Pupil), ClassListError>;

/// Why a class list, or a row of it, cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassListError {
    /// Not UTF-8: most often a Windows-1252 export.
    #[error("the class list is not UTF-8 text (a Windows export, most likely)")]
    NotUtf8,
    /// No header names a pupil.
    #[error("no column of the class list gives the pupils' names")]
    NoNames,
    /// More rows than any school's list: not read at all, so that no plans are started from
    /// part of it.
    #[error(
        "the class list has more than {MAX_CLASS_LIST_ROWS} rows, more than any school's pupils: no plans were started"
    )]
    TooManyRows,
    /// `--column FIELD=HEADER` names a field or header that is not there.
    #[error("{0}")]
    Column(String),
    /// A row that cannot be read, by its line in the file.
    #[error("line {line}: {why}")]
    Row {
        /// The line in the file, counted from 1.
        line: u64,
        /// What is wrong with it.
        why: String,
    },
}

/// The largest class list read: a whole school's export is far smaller.
const MAX_CLASS_LIST_BYTES: u64 = 4 * 1024 * 1024;

/// The most rows of a class list: a school's roll is under 3,000 (the largest near 4,000), and
/// a plan is started for each row.
const MAX_CLASS_LIST_ROWS: usize = 5_000;

/// Reads the class list file at `path` (a regular file of at most 4 MB).
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    FileSystem
        .read(path, MAX_CLASS_LIST_BYTES)
        .map_err(|error| match error {
            Refused::TooLarge => "the class list is larger than 4 MiB".to_owned(),
            // The command line names the file itself, so the system's words may stand.
            Refused::Unreadable(error) => error.to_string(),
            why => why.to_string(),
        })
}

/// Lines counted as the rows are read, whatever the file's line endings: each row's line from
/// the newlines between it and the row before, so a list is read in one pass however long.
struct Lines<'a> {
    bytes: &'a [u8],
    /// The byte counted up to, and the line it is on (from 1).
    counted: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            counted: 0,
            line: 1,
        }
    }

    /// The line of the byte at `offset`, at or after the last one asked for.
    fn at(&mut self, offset: u64) -> u64 {
        let bytes = self.bytes;
        let mut end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        // A record after a CRLF is placed at the LF that ends the line before it.
        while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
            end += 1;
        }
        if end < self.counted {
            // Never so for the rows of one file, which come in order: counted again from the top.
            self.counted = 0;
            self.line = 1;
        }
        self.line += bytes[self.counted..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.counted = end;
        self.line
    }
}

/// A header as compared: in lower case, its words apart by one space, punctuation ignored.
fn simple(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pupils of the class list `bytes`, each `Ok` with its line or `Err` for a row that cannot
/// be read. `columns` are the user's `(field, header)` choices, before the usual names.
pub fn read(bytes: &[u8], columns: &[(String, String)]) -> Result<Vec<Row>, ClassListError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ClassListError::NotUtf8)?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ClassListError::Row {
            line: 1,
            why: e.to_string(),
        })?
        .iter()
        .map(simple)
        .collect();
    let column_of = |field: &str| -> Result<Option<usize>, ClassListError> {
        if let Some((_, header)) = columns.iter().find(|(f, _)| f == field) {
            let wanted = simple(header);
            return headers
                .iter()
                .position(|h| *h == wanted)
                .map(Some)
                .ok_or_else(|| {
                    ClassListError::Column(format!("the class list has no column `{header}`"))
                });
        }
        let names = HEADERS
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, names)| *names)
            .unwrap_or_default();
        Ok(headers.iter().position(|h| names.contains(&h.as_str())))
    };
    for (field, _) in columns {
        if !HEADERS.iter().any(|(f, _)| f == field) {
            return Err(ClassListError::Column(format!(
                "`{field}` is not a field a class list fills: use one of {}",
                HEADERS.map(|(f, _)| f).join(", ")
            )));
        }
    }
    let at: Vec<Option<usize>> = HEADERS
        .iter()
        .map(|(field, _)| column_of(field))
        .collect::<Result<_, _>>()?;
    let [
        name,
        forename,
        surname,
        known_as,
        born,
        year,
        address,
        postcode,
    ] = at[..]
    else {
        return Err(ClassListError::NoNames);
    };
    if name.is_none() && (forename.is_none() || surname.is_none()) {
        return Err(ClassListError::NoNames);
    }
    let mut pupils = Vec::new();
    let mut lines = Lines::new(text);
    for (row, record) in reader.records().enumerate() {
        if row == MAX_CLASS_LIST_ROWS {
            return Err(ClassListError::TooManyRows);
        }
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| lines.at(p.byte()));
                pupils.push(Err(ClassListError::Row {
                    line,
                    why: "the row cannot be read as CSV".into(),
                }));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        let get = |column: Option<usize>| {
            column
                .and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let full = get(name).or_else(|| match (get(forename), get(surname)) {
            (Some(first), Some(last)) => Some(format!("{first} {last}")),
            _ => None,
        });
        let Some(full) = full else {
            if record.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            pupils.push(Err(ClassListError::Row {
                line,
                why: "the row has no name".into(),
            }));
            continue;
        };
        let date_of_birth = match get(born) {
            None => None,
            Some(text) => match Date::parse(&text) {
                Some(date) => Some(date),
                None => {
                    pupils.push(Err(ClassListError::Row {
                        line,
                        why: format!("the date of birth is not a date: {}", Date::why_not(&text)),
                    }));
                    continue;
                }
            },
        };
        pupils.push(Ok((
            line,
            Pupil {
                name: Some(full),
                known_as: get(known_as),
                date_of_birth,
                year_group: get(year),
                address: get(address),
                postcode: get(postcode),
                ..Pupil::default()
            },
        )));
    }
    Ok(pupils)
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn rows_are_counted_by_their_lines_in_the_file() {
        let csv = "\u{feff}Surname,Forename,DOB\r\n\"O'Brien\",Siobh\u{e1}n,12/04/2018\r\n\"Nowak,\r\nJr\",Tomasz,2017-09-01\r\nKhan,Ali,31/02/2018\r\n";
        let rows = read(csv.as_bytes(), &[]).unwrap_or_default();
        let lines: Vec<u64> = rows
            .iter()
            .map(|row| match row {
                Ok((line, _)) => *line,
                Err(super::ClassListError::Row { line, .. }) => *line,
                Err(_) => 0,
            })
            .collect();
        assert_eq!(lines, [2, 3, 5]);
        let unix = csv.replace("\r\n", "\n");
        let rows = read(unix.as_bytes(), &[]).unwrap_or_default();
        assert_eq!(rows.len(), 3);
        assert!(matches!(
            rows[2],
            Err(super::ClassListError::Row { line: 5, .. })
        ));
    }

    /// Any bytes as a class list, and any CSV-like rows of header words, dates, quotes and line
    /// endings: read without a panic, and every pupil read has a name. (The class list was a
    /// body of the `plan` fuzz target while it lived in the library.)
    #[test]
    fn any_bytes_or_rows_read_without_a_panic() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let cell = prop_oneof![
            prop::sample::select(vec![
                "Surname",
                "Forename",
                "DOB",
                "Name",
                "Year",
                "Postcode",
                "known as",
                "\"",
                "\"a,b\"",
                "12/04/2018",
                "2017-09-01",
                "31/02/2018",
                "",
                " ",
                "\u{feff}Name",
            ])
            .prop_map(str::to_owned),
            "[a-zA-Z0-9 /\"]{0,12}",
        ];
        let row = prop::collection::vec(cell, 0..6).prop_map(|cells| cells.join(","));
        let text =
            prop::collection::vec((row, prop::sample::select(vec!["\n", "\r\n", "\r"])), 0..8)
                .prop_map(|rows| {
                    rows.into_iter()
                        .map(|(row, end)| row + end)
                        .collect::<String>()
                        .into_bytes()
                });
        let bytes = prop_oneof![text, prop::collection::vec(any::<u8>(), 0..200)];
        let mut runner = TestRunner::new(Config {
            cases: 2000,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&bytes, |bytes| {
            if let Ok(rows) = read(&bytes, &[]) {
                for (_, pupil) in rows.iter().flatten() {
                    prop_assert!(pupil.name.as_deref().is_some_and(|name| !name.is_empty()));
                }
            }
            Ok(())
        });
        assert!(result.is_ok(), "{result:?}");
    }
}
