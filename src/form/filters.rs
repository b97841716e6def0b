//! The sandbox form text runs in: a minijinja environment with no loader (no file access), fuel
//! for every template, no `debug()`, and the filters forms use to print a plan (`date`, `area`,
//! `picture`, `grid`...).

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::plan::{Area, Date, Outcome};
use crate::symbols;

/// Stands for the `**` of bold markup in compiled form text. It is a private-use character, and
/// it is removed from every value a template prints, so only the form's own markup makes text bold.
pub(super) const BOLD_MARK: &str = "\u{E000}";

/// Template work allowed for one piece of form text: far beyond any real form, and a stop for
/// loops that would never end.
const FUEL: u64 = 200_000;

/// A blank list item: every field is empty. Stands in for the empty rows and boxes of a paper
/// form, so form text can say `{{ t.target }}` of it as of a real target.
#[derive(Debug)]
pub(super) struct Blank;

impl Object for Blank {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, _key: &Value) -> Option<Value> {
        Some(Value::from(()))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Empty
    }

    fn is_true(self: &Arc<Self>) -> bool {
        false
    }
}

/// The environment every form's text is compiled in.
pub(super) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(64);
    // `debug()` would print every value in scope, the child's whole record, into the document.
    env.remove_global("debug");
    env.set_auto_escape_callback(|_| AutoEscape::None);
    // Empty fields print as nothing, not "none".
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            Ok(())
        } else if let Some(text) = value.as_str() {
            out.write_str(&text.replace(BOLD_MARK, "")).map_err(|_| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
            })
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("date", date_filter);
    env.add_filter("area", |key: Value| {
        label_of(&key, |k| {
            Area::ALL
                .into_iter()
                .find(|a| a.key() == k)
                .map(Area::label)
        })
    });
    env.add_filter("outcome", |key: Value| {
        label_of(&key, |k| {
            Outcome::ALL
                .into_iter()
                .find(|o| o.key() == k)
                .map(Outcome::label)
        })
    });
    // `month(words.months)`: the name from a form's own list, in its language.
    env.add_filter("month", |value: Value, names: Option<Value>| {
        let Some(date) = value.as_str().and_then(Date::parse) else {
            return Value::from(());
        };
        let (_, month, _) = date.ymd();
        names
            .and_then(|names| names.get_item_by_index(month as usize - 1).ok())
            .filter(|name| !name.is_undefined())
            .unwrap_or_else(|| Value::from(date.month_name()))
    });
    env.add_filter("symbol", |area: Value| {
        label_of(&area, |k| {
            Area::ALL
                .into_iter()
                .find(|a| a.key() == k)
                .map(symbols::for_area)
        })
    });
    env.add_filter("picture", picture_filter);
    env.add_filter("grid", grid_filter);
    env.add_filter("longest", longest_filter);
    env.add_filter("bullets", bullets_filter);
    env.add_filter("term", |list: Value, n: usize| -> Value {
        n.checked_sub(1)
            .and_then(|i| list.get_item_by_index(i).ok())
            .filter(|v| !v.is_undefined())
            .unwrap_or(Value::from(()))
    });
    env.add_filter("targets_in", |goals: Value, area: String| -> Value {
        let mut targets = Vec::new();
        if let Ok(goals) = goals.try_iter() {
            for goal in goals {
                // Only the goals whose targets it lists have their area shown (by the band they
                // print in): the others' are looked at, not printed.
                let in_area = super::scope::peek(&goal, "area")
                    .is_some_and(|a| a.as_str() == Some(area.as_str()))
                    && goal.get_attr("area").is_ok();
                if let (true, Ok(list)) = (
                    in_area,
                    goal.get_attr("targets")
                        .and_then(|t| t.try_iter().map(|i| i.collect::<Vec<_>>())),
                ) {
                    targets.extend(list);
                }
            }
        }
        Value::from(targets)
    });
    env
}

fn label_of(key: &Value, lookup: impl Fn(&str) -> Option<&'static str>) -> Value {
    match key.as_str() {
        Some(k) => Value::from(lookup(k).unwrap_or_default()),
        None => Value::from(()),
    }
}

/// `{{ t | picture }}`: the picture a target shows: its `symbol` (a built-in symbol by its name
/// or a word for it, or the path of its own picture), else the picture of its `area`. Nothing for
/// a blank item.
fn picture_filter(target: Value) -> Value {
    let text = |key: &str| {
        target
            .get_attr(key)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.trim().to_owned()))
            .filter(|s| !s.is_empty())
    };
    if let Some(symbol) = text("symbol") {
        if symbols::is_path(&symbol) {
            return Value::from(symbol);
        }
        if let Some(name) = symbols::resolve(&symbol) {
            return Value::from(name);
        }
    }
    let area = text("area").and_then(|key| Area::ALL.into_iter().find(|a| a.key() == key));
    match area {
        Some(area) => Value::from(symbols::for_area(area)),
        None if target.is_true() => Value::from(symbols::for_area(Area::Other)),
        None => Value::from(()),
    }
}

/// `{{ targets | grid(2) }}`: the list in rows of `columns` items, the last row filled with
/// blank items, for a grid of cards.
fn grid_filter(list: Value, columns: usize) -> Result<Value, minijinja::Error> {
    let columns = columns.max(1);
    let items: Vec<Value> = list.try_iter()?.collect();
    Ok(Value::from(
        items
            .chunks(columns)
            .map(|row| {
                let mut row = row.to_vec();
                row.resize_with(columns, || Value::from_object(Blank));
                Value::from(row)
            })
            .collect::<Vec<_>>(),
    ))
}

/// `{{ targets | longest('pupil_words', 'target') }}`: the length in characters of the longest
/// text the items print, taking from each item the first of the fields it has: for sizes that
/// follow how much there is to say.
fn longest_filter(
    list: Value,
    fields: minijinja::value::Rest<String>,
) -> Result<Value, minijinja::Error> {
    let mut longest = 0;
    for item in list.try_iter()? {
        let text = fields
            .iter()
            .filter_map(|field| item.get_attr(field).ok())
            .find(|value| value.is_true());
        if let Some(text) = text.as_ref().and_then(Value::as_str) {
            longest = longest.max(text.trim().chars().count());
        }
    }
    Ok(Value::from(longest))
}

/// The marks a line pasted from a Word list starts with, before a space or tab.
const LIST_MARKS: &[char] = &['•', '▪', '◦', '‣', '⁃', '●', '■', '–', '-', '*', '✓', '✔'];

/// `{{ about_me.support | bullets }}`: the lines of a list one under another, each after a
/// bullet, for the short lines of a profile: blank lines left out, and a bullet or tick a line
/// pasted from a Word list already starts with not doubled. Nothing for no list.
fn bullets_filter(list: Value) -> Result<Value, minijinja::Error> {
    if list.is_none() || list.is_undefined() {
        return Ok(Value::from(""));
    }
    let mut lines = Vec::new();
    for item in list.try_iter()? {
        let text = item.as_str().map(str::trim).unwrap_or_default();
        let unmarked = text
            .strip_prefix(LIST_MARKS)
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .map_or(text, str::trim_start);
        if !unmarked.is_empty() {
            lines.push(format!("• {unmarked}"));
        }
    }
    Ok(Value::from(lines.join("\n")))
}

/// `{{ plan.review | date }}`: "25 January 2027"; empty for no date.
fn date_filter(value: Value) -> Value {
    match value.as_str().and_then(Date::parse) {
        Some(date) => Value::from(date.long()),
        None => Value::from(()),
    }
}
