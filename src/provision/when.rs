//! Reading how often and how long a target's support is given from the words staff write in
//! `when`: "3 x 20 minutes a week", "daily, 15 minutes", "twice a week for half an hour". What
//! cannot be read is said, never guessed.

/// How often and how long: sessions a week, minutes a session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frequency {
    /// Sessions a week (a school week: "daily" is 5).
    pub sessions_per_week: f64,
    /// Minutes a session.
    pub minutes: f64,
}

/// The frequency `text` states, when it states both how often and how long in words iep
/// knows; `None` otherwise.
pub fn read(text: &str) -> Option<Frequency> {
    let text = spaced(&text.to_lowercase().replace(['–', '-', ','], " "));
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ';' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let minutes = minutes(&words)?;
    let sessions = sessions(&words)?;
    Some(Frequency {
        sessions_per_week: sessions,
        minutes,
    })
}

/// Digits and letters apart: "3x30min" is "3 x 30 min".
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut last: Option<char> = None;
    for c in text.chars() {
        if let Some(l) = last
            && (l.is_ascii_digit() && c.is_alphabetic() || l.is_alphabetic() && c.is_ascii_digit())
        {
            out.push(' ');
        }
        out.push(c);
        last = Some(c);
    }
    out
}

fn number(word: &str) -> Option<f64> {
    let word = word.trim_end_matches('x');
    if let Ok(n) = word.parse::<f64>() {
        return Some(n);
    }
    Some(match word {
        "one" | "a" | "an" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "ten" => 10.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "forty five" => 45.0,
        _ => return None,
    })
}

/// Minutes a session: "20 minutes", "20 mins", "20min", "half an hour", "an hour",
/// "1 hour", "quarter of an hour".
fn minutes(words: &[&str]) -> Option<f64> {
    let joined = words.join(" ");
    for (phrase, minutes) in [
        ("half an hour", 30.0),
        ("half hour", 30.0),
        ("quarter of an hour", 15.0),
        ("three quarters of an hour", 45.0),
        ("an hour and a half", 90.0),
    ] {
        if joined.contains(phrase) {
            return Some(minutes);
        }
    }
    for (i, word) in words.iter().enumerate() {
        // "20min", "20mins"
        if let Some(n) = word
            .strip_suffix("mins")
            .or_else(|| word.strip_suffix("min"))
            .or_else(|| word.strip_suffix("minutes"))
            .filter(|n| !n.is_empty())
            .and_then(|n| n.parse::<f64>().ok())
        {
            return Some(n);
        }
        let unit = words.get(i + 1).copied().unwrap_or_default();
        let Some(n) = number(word) else { continue };
        if matches!(unit, "minutes" | "minute" | "mins" | "min" | "m") {
            return Some(n);
        }
        if matches!(unit, "hours" | "hour" | "hrs" | "hr") {
            return Some(n * 60.0);
        }
    }
    None
}

/// Sessions a week: "3 x", "3 times a week", "twice weekly", "daily", "every morning",
/// "once a week", "4 sessions a week".
fn sessions(words: &[&str]) -> Option<f64> {
    let joined = words.join(" ");
    let weekly = [
        "a week",
        "per week",
        "weekly",
        "each week",
        "every week",
        "a wk",
        "pw",
    ]
    .iter()
    .any(|w| joined.contains(w));
    let daily = [
        "daily",
        "every day",
        "each day",
        "a day",
        "per day",
        "every morning",
        "each morning",
        "every afternoon",
        "each afternoon",
    ]
    .iter()
    .any(|w| joined.contains(w));
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or_default();
        let count = match *word {
            "once" => Some(1.0),
            "twice" => Some(2.0),
            "thrice" => Some(3.0),
            _ if word.ends_with('x') && word.len() > 1 => number(word),
            _ if matches!(next, "x" | "times" | "sessions" | "session" | "lessons") => number(word),
            _ => None,
        };
        if let Some(count) = count {
            if daily && !weekly {
                return Some(count * 5.0);
            }
            return Some(count);
        }
    }
    if daily {
        return Some(5.0);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Frequency, read};

    #[test]
    fn the_ways_staff_write_it_are_read() {
        for (text, sessions, minutes) in [
            ("3 x 20 minutes a week", 3.0, 20.0),
            ("4 x 20 minutes a week, one to one", 4.0, 20.0),
            ("daily, 15 minutes", 5.0, 15.0),
            ("Twice a week for half an hour", 2.0, 30.0),
            ("once a week, 1 hour", 1.0, 60.0),
            ("10 mins every morning", 5.0, 10.0),
            ("2 sessions of 45 minutes weekly", 2.0, 45.0),
            ("3x30min per week", 3.0, 30.0),
            ("three times a week for twenty minutes", 3.0, 20.0),
        ] {
            assert_eq!(
                read(text),
                Some(Frequency {
                    sessions_per_week: sessions,
                    minutes
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn what_does_not_say_both_is_not_guessed() {
        for text in [
            "In class writing lessons, daily",
            "Every reading and writing lesson",
            "20 minutes",
            "as needed",
            "",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
