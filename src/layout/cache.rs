//! Lines shaped once: most text is the same from plan to plan (a form's labels, headings and
//! table heads), so the lines a paragraph breaks into are kept and handed out again to any
//! document of the run that sets the same paragraph the same way.
//!
//! The key is everything that decides the lines: the font set (by its id, so a font folder's
//! lines are never taken for another's), the typeface, the paragraph's runs (text, size, bold,
//! italic, language), its size and alignment, the size it defaults to, the width it is broken to
//! and how far a hyphen may hang. Shaping is deterministic, so lines from the cache are the lines
//! shaping would give again, byte for byte in the PDF.
//!
//! One cache for the process, behind a lock, so that its bound holds at any number of workers:
//! two generations of at most [`GENERATION_BYTES`] each. Lines are looked for in the newer, then
//! in the older (and moved to the newer when found there); when the newer is full, the older is
//! dropped and the newer becomes the older. What every plan sets stays, what one plan set goes.

use std::collections::HashMap;
use std::mem::size_of;
use std::sync::{Arc, Mutex, PoisonError};

use super::lines::{Content, Glyph, Glyphs, Line};
use crate::document::{Align, Paragraph};
use crate::fonts::Typeface;

/// The most a generation of the cache may weigh, in bytes: the cache never holds more than
/// twice this, 16 MiB, a sixteenth of a run's 256 MB. A plan's own text is set in a few hundred
/// kilobytes of lines, so a generation holds a form's common text beside the text of a dozen
/// plans or more.
pub(super) const GENERATION_BYTES: usize = 8 * 1024 * 1024;

/// What decides how a paragraph breaks into lines, in bytes.
pub(super) type Key = Vec<u8>;

/// The key of `paragraph` set by `set` in `typeface` (its runs `size` points unless they say
/// otherwise), broken to `width` millimetres with hyphens hanging up to `hang` (one unbroken
/// line of each hard line when `None`).
pub(super) fn key(
    set: u64,
    typeface: Typeface,
    paragraph: &Paragraph,
    size: u8,
    width: Option<(f64, f64)>,
) -> Key {
    let text: usize = paragraph.runs.iter().map(|run| run.text.len() + 16).sum();
    let mut key = Vec::with_capacity(40 + text);
    key.extend_from_slice(&set.to_le_bytes());
    key.push(typeface.index() as u8);
    key.push(size);
    key.extend_from_slice(&optional(paragraph.size));
    key.push(match paragraph.align {
        Align::Left => 0,
        Align::Center => 1,
        Align::Right => 2,
    });
    match width {
        None => key.push(0),
        Some((width, hang)) => {
            key.push(1);
            key.extend_from_slice(&width.to_bits().to_le_bytes());
            key.extend_from_slice(&hang.to_bits().to_le_bytes());
        }
    }
    for run in &paragraph.runs {
        key.push(u8::from(run.bold) | u8::from(run.italic) << 1);
        key.extend_from_slice(&optional(run.size));
        let lang = run.lang.as_deref();
        key.push(u8::from(lang.is_some()));
        for part in [lang.unwrap_or_default(), run.text.as_str()] {
            key.extend_from_slice(&part.len().to_le_bytes());
            key.extend_from_slice(part.as_bytes());
        }
    }
    key
}

/// An optional size as two bytes: whether it is given, and what.
fn optional(size: Option<u8>) -> [u8; 2] {
    [u8::from(size.is_some()), size.unwrap_or(0)]
}

/// Lines already shaped, in two generations.
pub(super) struct Cache {
    /// The most a generation may weigh, in bytes.
    bound: usize,
    newer: HashMap<Key, Arc<[Line]>>,
    newer_bytes: usize,
    older: HashMap<Key, Arc<[Line]>>,
    older_bytes: usize,
}

impl Cache {
    /// An empty cache whose generations weigh at most `bound` bytes each.
    pub(super) fn new(bound: usize) -> Self {
        Self {
            bound,
            newer: HashMap::new(),
            newer_bytes: 0,
            older: HashMap::new(),
            older_bytes: 0,
        }
    }

    /// The lines kept under `key`.
    pub(super) fn get(&mut self, key: &[u8]) -> Option<Arc<[Line]>> {
        if let Some(lines) = self.newer.get(key) {
            return Some(Arc::clone(lines));
        }
        let (key, lines) = self.older.remove_entry(key)?;
        self.older_bytes -= weight(key.len(), &lines);
        self.insert(key, Arc::clone(&lines));
        Some(lines)
    }

    /// Keeps `lines` under `key`; lines heavier than a whole generation are not kept.
    pub(super) fn insert(&mut self, key: Key, lines: Arc<[Line]>) {
        let bytes = weight(key.len(), &lines);
        if bytes > self.bound {
            return;
        }
        if self.newer_bytes + bytes > self.bound {
            self.older = std::mem::take(&mut self.newer);
            self.older_bytes = std::mem::replace(&mut self.newer_bytes, 0);
        }
        let bytes_key = key.len();
        if let Some(replaced) = self.newer.insert(key, lines) {
            // Two workers shaped the same paragraph at once: the same lines, kept once.
            self.newer_bytes -= weight(bytes_key, &replaced);
        }
        self.newer_bytes += bytes;
    }

    /// What the cache holds, in bytes, as [`weight`] counts them.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.newer_bytes + self.older_bytes
    }
}

/// What `lines` kept under a key of `key` bytes take, in bytes, counted high: the key, the lines, their glyphs,
/// and the paragraph's text and language once for each run of glyphs (they share it), with
/// the map's own room for an entry.
fn weight(key: usize, lines: &[Line]) -> usize {
    let entry = size_of::<(Key, Arc<[Line]>)>() + 2 * size_of::<usize>();
    let lines: usize = lines
        .iter()
        .map(|line| {
            size_of::<Line>()
                + match &line.content {
                    Content::Text(runs) => runs
                        .iter()
                        .map(|run| {
                            size_of::<Glyphs>()
                                + run.glyphs.len() * size_of::<Glyph>()
                                + run.text.len()
                                + run.lang.as_deref().map_or(0, str::len)
                        })
                        .sum(),
                    Content::Gap | Content::Picture(_) => 0,
                }
        })
        .sum();
    entry + key + lines
}

/// The process's cache.
pub(super) fn shared() -> &'static Mutex<Cache> {
    static SHARED: std::sync::LazyLock<Mutex<Cache>> =
        std::sync::LazyLock::new(|| Mutex::new(Cache::new(GENERATION_BYTES)));
    &SHARED
}

/// The lines kept under `key`, or those `shape` makes, kept for the next time.
pub(super) fn lines(key: Key, shape: impl FnOnce() -> Vec<Line>) -> Vec<Line> {
    let lock = || shared().lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(lines) = lock().get(&key) {
        return lines.to_vec();
    }
    // Shaped without the lock, so that the workers shape side by side.
    let lines = shape();
    lock().insert(key, Arc::from(lines.as_slice()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Run;
    use crate::layout::{lines, shaper};

    fn run(text: &str) -> Run {
        Run::plain(text)
    }

    /// Paragraphs as staff write them: plain, styled, Urdu, soft hyphens, a word too long for
    /// its box, a line break.
    fn paragraphs() -> Vec<Paragraph> {
        let mut styled = Paragraph::plain("Targets agreed with ");
        styled.runs.push(Run {
            bold: true,
            size: Some(14),
            ..run("Mrs O\u{2019}Neill (SENCo)")
        });
        styled.runs.push(Run {
            italic: true,
            ..run(" and the speech and language therapist, reviewed each half term.")
        });
        let urdu = Paragraph {
            runs: vec![Run {
                lang: Some("ur".into()),
                ..run(
                    "\u{0627}\u{0633}\u{06a9}\u{0648}\u{0644} \u{0645}\u{06cc}\u{06ba} \u{0645}\u{062f}\u{062f}",
                )
            }],
            align: Align::Right,
            size: Some(11),
        };
        vec![
            Paragraph::plain("Area of need"),
            styled,
            urdu,
            Paragraph::plain("Communi\u{ad}cation and inter\u{ad}action with peers"),
            Paragraph::plain("Supercalifragilisticexpialidociousnessbeyondthebox"),
            Paragraph::plain("First line\nSecond line"),
            Paragraph::plain("   "),
        ]
    }

    #[test]
    fn lines_from_the_cache_are_the_lines_shaping_gives() {
        for typeface in Typeface::ALL {
            shaper::with(typeface, None, |shaper| {
                for paragraph in paragraphs() {
                    for width in [None, Some((30.0, 1.0)), Some((120.0, 0.0))] {
                        let shaped = lines::shape_lines(shaper, &paragraph, 10, width);
                        let key = key(shaper.set.id, typeface, &paragraph, 10, width);
                        let first = lines(key.clone(), || {
                            lines::shape_lines(shaper, &paragraph, 10, width)
                        });
                        let again = lines(key, || panic!("shaped again, not taken from the cache"));
                        assert_eq!(shaped, first);
                        assert_eq!(shaped, again);
                    }
                }
            });
        }
    }

    #[test]
    fn keys_tell_apart_what_sets_lines_differently() {
        let base = Paragraph::plain("Area of need");
        let key_of =
            |typeface, paragraph: &Paragraph, size, width| key(0, typeface, paragraph, size, width);
        let plain = key_of(Typeface::LiberationSans, &base, 10, Some((30.0, 1.0)));
        let mut bold = base.clone();
        bold.runs[0].bold = true;
        let mut urdu = base.clone();
        urdu.runs[0].lang = Some("ur".into());
        let mut centred = base.clone();
        centred.align = Align::Center;
        let split = Paragraph {
            runs: vec![run("Area of"), run(" need")],
            ..base.clone()
        };
        let others = [
            key_of(Typeface::Andika, &base, 10, Some((30.0, 1.0))),
            key_of(Typeface::LiberationSans, &base, 11, Some((30.0, 1.0))),
            key_of(Typeface::LiberationSans, &base, 10, Some((31.0, 1.0))),
            key_of(Typeface::LiberationSans, &base, 10, Some((30.0, 0.0))),
            key_of(Typeface::LiberationSans, &base, 10, None),
            key_of(Typeface::LiberationSans, &bold, 10, Some((30.0, 1.0))),
            key_of(Typeface::LiberationSans, &urdu, 10, Some((30.0, 1.0))),
            key_of(Typeface::LiberationSans, &centred, 10, Some((30.0, 1.0))),
            key_of(Typeface::LiberationSans, &split, 10, Some((30.0, 1.0))),
            key(1, Typeface::LiberationSans, &base, 10, Some((30.0, 1.0))),
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(&plain, other, "key {i}");
        }
    }

    #[test]
    fn the_cache_stays_within_its_bound() {
        let bound = 64 * 1024;
        let mut cache = Cache::new(bound);
        shaper::with(Typeface::LiberationSans, None, |shaper| {
            for i in 0..400 {
                let paragraph = Paragraph::plain(format!(
                    "Target {i}: to read and spell the words of the Year 2 list with a partner"
                ));
                let key = key(
                    shaper.set.id,
                    shaper.typeface,
                    &paragraph,
                    10,
                    Some((60.0, 1.0)),
                );
                let lines = lines::shape_lines(shaper, &paragraph, 10, Some((60.0, 1.0)));
                cache.insert(key.clone(), Arc::from(lines.as_slice()));
                assert!(
                    cache.bytes() <= 2 * bound,
                    "{} bytes after {i}",
                    cache.bytes()
                );
                assert_eq!(cache.get(&key).as_deref(), Some(lines.as_slice()));
            }
        });
        // It filled: what is kept is most of the bound, not a little of it.
        assert!(cache.bytes() > bound / 2);
        let huge = Paragraph::plain("word ".repeat(4000));
        shaper::with(Typeface::LiberationSans, None, |shaper| {
            let key = key(shaper.set.id, shaper.typeface, &huge, 10, Some((60.0, 1.0)));
            let lines = lines::shape_lines(shaper, &huge, 10, Some((60.0, 1.0)));
            cache.insert(key.clone(), Arc::from(lines.as_slice()));
            assert!(
                cache.get(&key).is_none(),
                "heavier than a generation, not kept"
            );
        });
        assert!(cache.bytes() <= 2 * bound);
    }
}
