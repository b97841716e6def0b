//! Calendar dates as plans write them (ISO `2024-10-07` or UK `07/10/2024`) and as documents print
//! them ("7 October 2024").

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A calendar date in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

/// What a date field accepts, for error messages.
pub(crate) const DATE_FORMATS: &str =
    "a date written as YYYY-MM-DD (2024-10-07) or DD/MM/YYYY (07/10/2024)";

/// How the message of a text that is not a date begins, so that the loader knows it.
pub const NOT_A_DATE: &str = "not a date: ";

/// The years a plan's dates can fall in: a pupil born in 1900 would be far past school, and
/// year 0000 or 9999 is a typing slip, not a date.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

impl Date {
    /// The date with this year, month (1-12) and day, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }

    /// The date `days` days after 1 January 1970.
    pub fn from_unix_days(days: u64) -> Self {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        Date(epoch + chrono::Days::new(days))
    }

    /// Reads `2024-10-07` or `07/10/2024` (day first, as in the UK). Leading and trailing
    /// spaces are ignored; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (year, month, day) = if let Some((d, rest)) = text.split_once('/') {
            let (m, y) = rest.split_once('/')?;
            (y, m, d)
        } else {
            let mut parts = text.splitn(3, '-');
            (parts.next()?, parts.next()?, parts.next()?)
        };
        let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
            (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let year = i32::try_from(number(year, 4..=4)?).ok()?;
        if !YEARS.contains(&year) {
            return None;
        }
        Self::from_ymd(year, number(month, 1..=2)?, number(day, 1..=2)?)
    }

    /// Why `text` is not a date, in words a SENCO reads: a date that does not exist (31 February)
    /// is told apart from one in another format and from words where a date belongs. Only a month
    /// name and its number of days are said, never the text itself.
    pub fn why_not(text: &str) -> String {
        let text = text.trim();
        if text.chars().any(char::is_alphabetic) {
            return "this is words, and the field takes a date: write it in numbers, as 2024-10-07 or 07/10/2024".into();
        }
        let numbers: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|part| !part.is_empty())
            .collect();
        let separators: Vec<char> = text.chars().filter(|c| !c.is_ascii_digit()).collect();
        let Ok([first, second, third]) = <[&str; 3]>::try_from(numbers) else {
            return format!("this is not a date: expected {DATE_FORMATS}");
        };
        let (year, month, day, day_first) = match separators.as_slice() {
            ['/', '/'] => (third, second, first, true),
            ['-', '-'] if first.len() == 4 => (first, second, third, false),
            _ => {
                return "the date is not written as iep reads it: write it as YYYY-MM-DD (2024-10-07) or DD/MM/YYYY (07/10/2024), with `-` or `/` between the numbers".into();
            }
        };
        if year.len() != 4 {
            return "the year needs all four digits (2027, not 27)".into();
        }
        let number = |part: &str| part.parse::<u32>().unwrap_or(u32::MAX);
        let (year, month, day) = (number(year), number(month), number(day));
        if !YEARS.contains(&i32::try_from(year).unwrap_or(i32::MAX)) {
            return format!(
                "the year is not from {} to {}, the years a plan's dates fall in",
                YEARS.start(),
                YEARS.end()
            );
        }
        if !(1..=12).contains(&month) {
            return if day_first && (1..=12).contains(&day) {
                format!("there is no month {month}: dates are written day first, as DD/MM/YYYY")
            } else {
                format!("there is no month {month}")
            };
        }
        let days = (28..=31)
            .rev()
            .find(|&d| Date::from_ymd(year as i32, month, d).is_some())
            .unwrap_or(28);
        let name =
            Date::from_ymd(year as i32, month, 1).map_or_else(String::new, |d| d.month_name());
        if day == 0 || day > days {
            return format!("this date does not exist: {name} has {days} days in {year}");
        }
        format!("this is not a date: expected {DATE_FORMATS}")
    }

    /// The date as the British write it: "7 October 2024".
    pub fn long(&self) -> String {
        self.0.format("%-d %B %Y").to_string()
    }

    /// ISO 8601: "2024-10-07".
    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// The name of the month: "January".
    pub fn month_name(&self) -> String {
        self.0.format("%B").to_string()
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.0.year()
    }

    /// The year, the month (1 to 12) and the day of the month.
    pub fn ymd(&self) -> (i32, u32, u32) {
        (self.0.year(), self.0.month(), self.0.day())
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(&self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }

    /// This date moved on by whole months (the last day of a shorter month if need be).
    pub fn plus_months(&self, months: u32) -> Option<Date> {
        self.0.checked_add_months(Months::new(months)).map(Self)
    }

    /// Whole years from `self` to `later`: an age.
    pub fn years_until(&self, later: Date) -> Option<u32> {
        later.0.years_since(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.long())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A date is a value, not text to print: the walk of a plan's fields says so.
        super::fields::not_text(self.iso().as_str(), serializer)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(DATE_FORMATS)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text)
                    .ok_or_else(|| E::custom(format!("{NOT_A_DATE}{}", Date::why_not(text))))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// In the JSON Schema, a date is text in one of the two accepted forms; whether it is a real
/// date (no 31 February) is for `iep check` to say.
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A date: 2024-10-07, or the UK way 07/10/2024.",
            "pattern": "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$|^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso_dates() {
        assert_eq!(Date::parse("2024-10-07"), Date::from_ymd(2024, 10, 7));
    }

    #[test]
    fn reads_uk_dates_day_first() {
        assert_eq!(Date::parse("07/10/2024"), Date::from_ymd(2024, 10, 7));
        assert_eq!(Date::parse("7/10/2024"), Date::from_ymd(2024, 10, 7));
    }

    #[test]
    fn refuses_impossible_and_ambiguous_dates() {
        for text in [
            "2024-13-45",
            "2023-02-29",
            "24-10-07",
            "0000-01-01",
            "9999-12-31",
            "07/10/24",
            "2024/10/07",
            "",
            "x",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn says_why_a_text_is_not_a_date() {
        let why = |text| Date::why_not(text);
        assert_eq!(
            why("31/02/2026"),
            "this date does not exist: February has 28 days in 2026"
        );
        assert_eq!(
            why("29/02/2028"),
            "this is not a date: expected a date written as YYYY-MM-DD (2024-10-07) or DD/MM/YYYY (07/10/2024)"
        );
        assert_eq!(
            why("2026-04-31"),
            "this date does not exist: April has 30 days in 2026"
        );
        assert_eq!(
            why("01/25/2027"),
            "there is no month 25: dates are written day first, as DD/MM/YYYY"
        );
        assert_eq!(why("2027-13-01"), "there is no month 13");
        assert!(why("next term").starts_with("this is words"));
        assert!(why("25.01.2027").starts_with("the date is not written as iep reads it"));
        assert!(why("25/01/27").starts_with("the year needs all four digits"));
        assert!(why("0000-01-01").starts_with("the year is not from 1900 to 2199"));
    }

    #[test]
    fn prints_the_british_way() {
        let date = Date::from_ymd(2024, 10, 7).map(|d| d.long());
        assert_eq!(date.as_deref(), Some("7 October 2024"));
    }

    #[test]
    fn counts_whole_years_for_an_age() {
        let born = Date::from_ymd(2015, 4, 12);
        let day = Date::from_ymd(2024, 4, 11);
        assert_eq!(born.zip(day).and_then(|(b, d)| b.years_until(d)), Some(8));
    }
}
