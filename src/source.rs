//! Where things are in a plan file: places (line and column), field paths, and the map from one to
//! the other that lets every diagnostic point at the YAML it is about.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::granit_parser::{Event, Parser};

/// A plan's text and the name it is reported under (usually its path).
#[derive(Debug, Clone)]
pub struct Source {
    /// Shown in diagnostics: the path as the user gave it, or a name such as `<stdin>`.
    pub name: String,
    /// The YAML text, already checked to be UTF-8 and within the size limit.
    pub text: String,
    /// The folder that paths written in the plan (a form file, photos) are relative to; the
    /// current folder when `None`.
    pub folder: Option<PathBuf>,
}

/// A position in a plan file: 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Place {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One step of a [`FieldPath`]: a mapping key or a sequence index (0-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Segment {
    /// A mapping key such as `goals` or `success`.
    Key(String),
    /// A position in a sequence, counted from 0.
    Index(usize),
}

/// The path of a value in the plan, such as `goals[1].targets[0].success`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldPath(Vec<Segment>);

/// Written as text, `goals[1].targets[0].success`, in JSON reports and documents.
impl serde::Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FieldPath {
    /// The path of the whole document.
    pub fn root() -> Self {
        Self::default()
    }

    /// The path of goal `goal` of a plan (from 0).
    pub fn goal(goal: usize) -> Self {
        Self::root().key("goals").index(goal)
    }

    /// The path of short-term target `target` of goal `goal` of a plan (both from 0).
    pub fn target(goal: usize, target: usize) -> Self {
        Self::goal(goal).key("targets").index(target)
    }

    /// This path with a key added.
    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_owned()));
        Self(segments)
    }

    /// This path with a sequence index (0-based) added.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        Self(segments)
    }

    /// The steps of the path, outermost first.
    pub(crate) fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The path without its last step (the root stays the root).
    pub fn parent(&self) -> Self {
        let mut segments = self.0.clone();
        segments.pop();
        Self(segments)
    }

    /// The last key of the path, if it ends in one.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// Where in the plan this is, in words a SENCO reads: "goal 2, target 1, `by`",
    /// "previous target 3", "`pupil.date_of_birth`". Empty for the root.
    pub fn describe(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        let mut keys: Vec<&str> = Vec::new();
        let mut segments = self.0.iter().peekable();
        while let Some(segment) = segments.next() {
            match segment {
                Segment::Key(key) => {
                    let item = match key.as_str() {
                        "goals" => Some("goal"),
                        "targets" => Some("target"),
                        "previous_targets" => Some("previous target"),
                        "monitoring" => Some("monitoring note"),
                        _ => None,
                    };
                    match (item, segments.peek()) {
                        (Some(item), Some(Segment::Index(i))) => {
                            flush_keys(&mut words, &mut keys);
                            words.push(format!("{item} {}", i + 1));
                            segments.next();
                        }
                        _ => keys.push(key),
                    }
                }
                Segment::Index(i) => {
                    flush_keys(&mut words, &mut keys);
                    words.push(format!("item {}", i + 1));
                }
            }
        }
        flush_keys(&mut words, &mut keys);
        words.join(", ")
    }
}

fn flush_keys(words: &mut Vec<String>, keys: &mut Vec<&str>) {
    if !keys.is_empty() {
        words.push(format!("`{}`", keys.join(".")));
        keys.clear();
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Where one value of the plan stands in its file, and what kind of value it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The key that names the value, for values inside a mapping.
    pub key: Option<Place>,
    /// The value itself (for a mapping or sequence, where it starts).
    pub value: Place,
    /// A mapping, a list or a single value.
    pub kind: NodeKind,
}

/// The kinds of YAML value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// `key: value` pairs.
    Mapping,
    /// A list.
    Sequence,
    /// Text, a number or a date (or an alias to another value).
    Scalar,
}

/// The places of every value of a plan file, by field path.
///
/// Built from the YAML events, so it knows keys serde never sees (unknown fields) and needs
/// nothing of the model. Plans built in code have an empty map.
///
/// Walked the first time a place is asked for: a form that compiles without a mistake (every
/// built-in form, every run) never needs its places, and the walk is a second parse of the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceMap {
    /// The text mapped, to find words inside values.
    text: std::sync::Arc<str>,
    /// How far the text is mapped: all of it when `None`.
    end: Option<Place>,
    mapped: std::sync::OnceLock<Mapped>,
}

/// The places a [`SourceMap`] found.
#[derive(Debug, Clone, Default)]
struct Mapped {
    /// Entries in document order, so a place can be traced back to the innermost field.
    entries: Vec<(FieldPath, Entry)>,
    by_path: HashMap<FieldPath, usize>,
}

/// Nesting beyond this is not mapped: plans are shallow, and the parser's own budget refuses
/// deep documents; this only keeps the map small when it is built for a broken file.
const MAX_MAPPED_DEPTH: usize = 32;

enum Frame {
    Map {
        path: FieldPath,
        /// The key just read, waiting for its value.
        pending: Option<(String, Place)>,
    },
    Seq {
        path: FieldPath,
        next: usize,
    },
    /// A collection used as a key, or one nested too deep: its contents are not mapped.
    Unmapped,
}

impl SourceMap {
    /// Maps the places of `text`. YAML errors stop the walk quietly: whatever was read before
    /// them is kept, since this map only serves to name places.
    pub fn build(text: &str) -> Self {
        Self::build_until(text, None)
    }

    /// Maps the places of `text` up to `end`: enough to name the field of an error at `end`
    /// without walking the rest of a file that may be huge or hostile.
    pub fn build_until(text: &str, end: Option<Place>) -> Self {
        Self {
            text: text.into(),
            end,
            mapped: std::sync::OnceLock::new(),
        }
    }

    /// The places, walked the first time they are asked for.
    fn mapped(&self) -> &Mapped {
        self.mapped
            .get_or_init(|| Mapped::walk(&self.text, self.end))
    }
}

impl Mapped {
    /// Walks the YAML events of `text` up to `end`.
    fn walk(text: &str, end: Option<Place>) -> Self {
        let mut map = Self::default();
        let mut stack: Vec<Frame> = Vec::new();
        for result in Parser::new_from_str(text) {
            let Ok((event, span)) = result else { break };
            let place = Place {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            // Past the end, one more node is mapped if a key read before it awaits its value.
            let awaiting_value = matches!(
                stack.last(),
                Some(Frame::Map {
                    pending: Some(_),
                    ..
                })
            );
            if end.is_some_and(|end| place > end) && !awaiting_value {
                break;
            }
            let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
            match event {
                Event::Scalar(..)
                | Event::Alias(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..) => {
                    let (kind, scalar_key) = match &event {
                        Event::Scalar(text, ..) => (NodeKind::Scalar, Some(text.to_string())),
                        Event::MappingStart(..) => (NodeKind::Mapping, None),
                        Event::SequenceStart(..) => (NodeKind::Sequence, None),
                        _ => (NodeKind::Scalar, None),
                    };
                    let node = map.node(&mut stack, kind, scalar_key, place);
                    if opens {
                        let frame = match node {
                            Some(path) if stack.len() < MAX_MAPPED_DEPTH => {
                                if kind == NodeKind::Mapping {
                                    Frame::Map {
                                        path,
                                        pending: None,
                                    }
                                } else {
                                    Frame::Seq { path, next: 0 }
                                }
                            }
                            _ => Frame::Unmapped,
                        };
                        stack.push(frame);
                    }
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        map
    }

    /// Records a node that starts at `place` and returns its path, or `None` when the node is a
    /// key (or sits where nothing is mapped).
    fn node(
        &mut self,
        stack: &mut [Frame],
        kind: NodeKind,
        scalar_key: Option<String>,
        place: Place,
    ) -> Option<FieldPath> {
        let (path, key) = match stack.last_mut() {
            None => (FieldPath::root(), None),
            Some(Frame::Unmapped) => return None,
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                (path.index(*next - 1), None)
            }
            Some(Frame::Map { path, pending }) => match pending.take() {
                None => {
                    // A key. A collection used as a key gets an unnamed slot so that its
                    // value is still paired correctly.
                    *pending = Some((scalar_key.unwrap_or_else(|| "?".to_owned()), place));
                    return None;
                }
                Some((key, key_place)) => (path.key(&key), Some(key_place)),
            },
        };
        let entry = Entry {
            key,
            value: place,
            kind,
        };
        self.by_path
            .entry(path.clone())
            .or_insert(self.entries.len());
        self.entries.push((path.clone(), entry));
        Some(path)
    }
}

impl SourceMap {
    /// Where the value at `path` is, if the file has it.
    pub fn entry(&self, path: &FieldPath) -> Option<Entry> {
        let mapped = self.mapped();
        mapped.by_path.get(path).map(|&i| mapped.entries[i].1)
    }

    /// The best place to point at for `path`: the key that names it, or failing that its value,
    /// or failing that (a missing field) the nearest enclosing value the file has. A field
    /// missing from the top level has no place: the start of the file would mislead.
    pub fn place(&self, path: &FieldPath) -> Option<Place> {
        let mut path = path.clone();
        loop {
            if let Some(entry) = self.entry(&path) {
                return Some(entry.key.unwrap_or(entry.value));
            }
            path = path.parent();
            if path.segments().is_empty() {
                return None;
            }
        }
    }

    /// The innermost field whose key or value starts at or before `place`: what a parser error
    /// at that place is about.
    pub fn field_at(&self, place: Place) -> Option<&FieldPath> {
        // A value that starts right there is what an error about a value means.
        let entries = &self.mapped().entries;
        let starting_here = entries
            .iter()
            .filter(|(_, entry)| entry.value == place)
            .min_by_key(|(path, _)| path.0.len());
        if let Some((path, _)) = starting_here {
            return Some(path);
        }
        entries
            .iter()
            .filter(|(_, entry)| entry.key.unwrap_or(entry.value) <= place)
            // At one place a mapping and its first key both start: the mapping is meant.
            .max_by_key(|(path, entry)| {
                (
                    entry.key.unwrap_or(entry.value),
                    std::cmp::Reverse(path.0.len()),
                )
            })
            .map(|(path, _)| path)
    }

    /// Where the word `word` first stands as a whole word in the value at `path`: a finding about
    /// one word of a text points at the word itself.
    pub fn word_place(&self, path: &FieldPath, word: &str) -> Option<Place> {
        let start = self.entry(path)?.value;
        let lines = self.text.split('\n').enumerate().skip(start.line - 1);
        for (index, line) in lines.take(200) {
            // On the value's first line, the search starts at the value.
            let skip = if index + 1 == start.line {
                start.column - 1
            } else {
                0
            };
            let offset = line
                .char_indices()
                .nth(skip)
                .map_or(line.len(), |(at, _)| at);
            let is_word = |c: char| c.is_alphanumeric();
            let mut from = offset;
            while let Some(found) = line[from..].find(word) {
                let at = from + found;
                let before = line[..at].chars().next_back();
                let after = line[at + word.len()..].chars().next();
                if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                    return Some(Place {
                        line: index + 1,
                        column: line[..at].chars().count() + 1,
                    });
                }
                from = at + word.len();
            }
        }
        None
    }
}

impl Source {
    /// A source from text held in memory.
    /// Line breaks written as a lone carriage return (old Mac files, some exports) become line
    /// feeds, so that lines count the same for the parser and for the lines shown to the user.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.contains('\r') {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        Self {
            name: name.into(),
            text,
            folder: None,
        }
    }

    /// The name a path is reported under.
    pub fn name_of(path: &Path) -> String {
        path.display().to_string()
    }

    /// The text of line `line` (1-based), without its line break.
    pub fn line(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "pupil:\n  name: Ann\ngoals:\n  - area: literacy\n    targets:\n      - target: Read\n        by: 2024-12-01\n";

    #[test]
    fn maps_nested_keys_to_their_lines() {
        let map = SourceMap::build(PLAN);
        let by = FieldPath::root()
            .key("goals")
            .index(0)
            .key("targets")
            .index(0)
            .key("by");
        assert_eq!(map.place(&by), Some(Place { line: 7, column: 9 }));
    }

    #[test]
    fn a_missing_field_points_at_its_enclosing_value() {
        let map = SourceMap::build(PLAN);
        let success = FieldPath::root()
            .key("goals")
            .index(0)
            .key("targets")
            .index(0)
            .key("success");
        // The target mapping starts where its first key does.
        assert_eq!(map.place(&success), Some(Place { line: 6, column: 9 }));
    }

    #[test]
    fn a_place_traces_back_to_the_innermost_field() {
        let map = SourceMap::build(PLAN);
        let field = map.field_at(Place {
            line: 7,
            column: 13,
        });
        assert_eq!(
            field.map(|p| p.to_string()).as_deref(),
            Some("goals[0].targets[0].by")
        );
    }

    #[test]
    fn paths_read_as_words() {
        let path = FieldPath::root()
            .key("goals")
            .index(1)
            .key("targets")
            .index(0)
            .key("success");
        assert_eq!(path.describe(), "goal 2, target 1, `success`");
        assert_eq!(path.to_string(), "goals[1].targets[0].success");
    }

    #[test]
    fn a_map_up_to_a_key_still_maps_that_keys_value() {
        let map = SourceMap::build_until(PLAN, Some(Place { line: 7, column: 9 }));
        let targets = FieldPath::root()
            .key("goals")
            .index(0)
            .key("targets")
            .index(0);
        assert!(map.entry(&targets.key("by")).is_some());
        assert!(
            map.entry(&FieldPath::root().key("goals").index(1))
                .is_none()
        );
    }

    #[test]
    fn a_broken_file_keeps_what_was_read() {
        let map = SourceMap::build("pupil:\n  name: Ann\n  bad: [\n");
        assert!(
            map.entry(&FieldPath::root().key("pupil").key("name"))
                .is_some()
        );
    }
}
