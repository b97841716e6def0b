//! Reading how often and how long a target's support is given from the words staff write in
//! `when`: "3 x 20 minutes a week", "daily, 15 minutes", "twice a week for ½ an hour",
//! "Mon, Wed and Fri, 20 mins", "daily 10 mins (am) + 15 mins (pm)".
//!
//! A figure on the provision map is a school's staffing and spending, so the words are read
//! only when every figure in them has its place: each number is a length, a count of sessions,
//! or something else named (a time of day, a year group, one-to-one); each length is paired
//! with how often it is given. Anything else (a range, a figure with no unit, two lengths and
//! one frequency, a term's sessions) is not read, with the reason, never guessed.
//!
//! The school week has five days: "daily" is 5 sessions a week, "twice a day" 10. A period
//! with no count is one session in it: "an hour a week" is one session of an hour.

/// How often and how long: sessions a week, minutes a session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frequency {
    /// Sessions a week (a school week: "daily" is 5).
    pub sessions_per_week: f64,
    /// Minutes a session.
    pub minutes: f64,
}

/// Why a `when` is not read: each says what is missing or unclear, so that the hint asks for
/// that and not for what the words already say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRead {
    /// Neither how often nor how long.
    Neither,
    /// How often, but not how long a session is.
    NoLength,
    /// How long, but not how often.
    NoFrequency,
    /// A number of sessions, but not in what time (a week, a day).
    NoPeriod,
    /// A range ("2-3 times", "10 to 15 minutes") or a bound ("up to 4 times"), not one figure.
    Range,
    /// Sessions counted by the term, month or year, or "every other day": not a number a week.
    OtherPeriod,
    /// A number that is neither a length, nor a count, nor anything else iep knows.
    StrayFigure,
    /// Lengths and frequencies that do not pair up one with one.
    Unpaired,
    /// No minutes or no sessions, or more than a school week holds.
    Beyond,
    /// How often said twice over in a way that may mean one thing or two: "5 x 10 minutes
    /// daily" (5 a day, or every day?), "60 minutes a week in 3 sessions" (3 of 60, or of 20?).
    Unclear,
}

impl NotRead {
    /// What the words lack, to follow "its `when`".
    pub fn why(self) -> &'static str {
        match self {
            NotRead::Neither => "does not say how often or how long",
            NotRead::NoLength => "says how often but not how long a session is",
            NotRead::NoFrequency => "says how long but not how often",
            NotRead::NoPeriod => "says how many sessions but not in what time (a week, a day)",
            NotRead::Range => "gives a range or a bound, not one figure",
            NotRead::OtherPeriod => {
                "counts sessions by the term, month or year, and the map counts by the school week"
            }
            NotRead::StrayFigure => "holds a number that is neither minutes nor sessions",
            NotRead::Unpaired => "gives lengths and frequencies that do not pair up one with one",
            NotRead::Beyond => {
                "gives no time at all, or more sessions or minutes than a school week holds"
            }
            NotRead::Unclear => {
                "says how often or how long in two ways that may mean one provision or more"
            }
        }
    }

    /// What to write.
    pub fn hint(self) -> &'static str {
        match self {
            NotRead::Neither => {
                "write how often and how long, such as \"3 x 20 minutes a week\" or \"daily, 15 minutes\", or give `sessions_per_week:` and `minutes:`"
            }
            NotRead::NoLength => {
                "add the length of a session, such as \"20 minutes\", or give `minutes:`"
            }
            NotRead::NoFrequency => {
                "add how often, such as \"3 times a week\" or \"daily\", or give `sessions_per_week:`"
            }
            NotRead::NoPeriod => {
                "add \"a week\" or \"a day\" after the number of sessions, or give `sessions_per_week:`"
            }
            NotRead::Range => {
                "write the one figure planned in place of the range, or give `sessions_per_week:` and `minutes:`"
            }
            NotRead::OtherPeriod => "say how often in a week, or give `sessions_per_week:`",
            NotRead::StrayFigure => {
                "put a unit after each number (minutes, times a week), or give `sessions_per_week:` and `minutes:`"
            }
            NotRead::Unpaired => {
                "give each length its own frequency, one provision after another with \"+\", or give `sessions_per_week:` and `minutes:`"
            }
            NotRead::Beyond => "check the figures, or give `sessions_per_week:` and `minutes:`",
            NotRead::Unclear => {
                "say it one way, as sessions and the minutes of each, such as \"5 x 10 minutes a week\" or \"daily, 10 minutes\", or give `sessions_per_week:` and `minutes:`"
            }
        }
    }
}

/// The provision `text` states: one frequency, or more when it joins provisions ("daily, 10
/// minutes, and 2 x 15 minutes a week"); or why it is not read.
pub fn read(text: &str) -> Result<Vec<Frequency>, NotRead> {
    let tokens = tokens(text);
    let atoms = Scanner { t: &tokens }.atoms()?;
    pair(&segments(&atoms)?)
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A number written in digits, or ½ ¼ ¾ (alone or after digits: "1½").
    Num(f64),
    /// A word, in lower case; `x`, `×` and `*` are the word "x".
    Word(String),
    Plus,
    Semicolon,
    Comma,
    Dash,
    Slash,
    Colon,
    /// An opening or closing bracket.
    Bracket,
    /// A full stop that is not a decimal point.
    Stop,
    /// A figure no pattern knows (⅓, ², other scripts' digits): not read.
    Odd,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let digits: String = chars[start..i].iter().collect();
            let mut value = digits.parse::<f64>().unwrap_or(f64::NAN);
            if let Some(fraction) = chars.get(i).copied().and_then(vulgar) {
                value += fraction;
                i += 1;
            }
            // A run of digits too long to be a count or a length is no figure iep reads.
            out.push(if digits.len() > 6 {
                Token::Odd
            } else {
                Token::Num(value)
            });
            continue;
        }
        if c.is_alphabetic() && c != '×' {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() && chars[i] != '×' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            // "o'clock", written with either apostrophe.
            if word == "o" && matches!(chars.get(i), Some('\'' | '’')) {
                i += 1;
                continue;
            }
            out.push(Token::Word(word));
            continue;
        }
        out.push(match c {
            '×' | '*' => Token::Word("x".into()),
            '&' => Token::Word("and".into()),
            '+' => Token::Plus,
            ';' => Token::Semicolon,
            ',' => Token::Comma,
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '−' => Token::Dash,
            '/' => Token::Slash,
            ':' => Token::Colon,
            '(' | ')' | '[' | ']' => Token::Bracket,
            '.' => Token::Stop,
            '%' => Token::Word("percent".into()),
            c if vulgar(c).is_some() => Token::Num(vulgar(c).unwrap_or_default()),
            // A figure in another form (⅓, ², another script's digits) is not read.
            c if c.is_numeric() => Token::Odd,
            _ => {
                i += 1;
                continue;
            }
        });
        i += 1;
    }
    out
}

/// ½, ¼ and ¾: the fractions staff write of an hour. Others (⅓, ⅛) are no length iep reads.
fn vulgar(c: char) -> Option<f64> {
    match c {
        '½' => Some(0.5),
        '¼' => Some(0.25),
        '¾' => Some(0.75),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Atoms: the figures and the words around them, each given its meaning

/// How often, in one unit of time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Period {
    /// A school week.
    Week,
    /// A school day: 5 a week.
    Day,
    /// Two weeks: half a session a week for each.
    Fortnight,
}

impl Period {
    fn per_week(self) -> f64 {
        match self {
            Period::Week => 1.0,
            Period::Day => 5.0,
            Period::Fortnight => 0.5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Atom {
    /// A session's length, in minutes.
    Length(f64),
    /// A number of sessions: "3 x", "twice", "4 sessions".
    Count(f64),
    /// In what time: "a week", "daily", "fortnightly".
    Period(Period),
    /// "every morning", "each afternoon": a period of a day that is also a time of day.
    DailyAt,
    /// Named school days: "Mon, Wed and Fri" is 3 a week.
    Days(f64),
    /// A time of day: "am", "pm", "morning", "afternoon".
    TimeOfDay,
    /// Where one provision ends and another begins: "+", ";", "and", "plus".
    Join,
    /// A dash, "to" or "or" between two figures of the same kind makes a range.
    Between,
}

struct Scanner<'a> {
    t: &'a [Token],
}

const MINUTE_UNITS: [&str; 7] = ["minutes", "minute", "mins", "min", "mns", "m", "mts"];
const HOUR_UNITS: [&str; 5] = ["hours", "hour", "hrs", "hr", "h"];
const COUNT_NOUNS: [&str; 16] = [
    "x",
    "times",
    "time",
    "sessions",
    "session",
    "lessons",
    "lesson",
    "slots",
    "slot",
    "periods",
    "sittings",
    "visits",
    "days",
    "mornings",
    "afternoons",
    "occasions",
];
/// A number after one of these names something other than time: "Year 4", "Room 2", "P5".
const LABELS: [&str; 30] = [
    "year", "years", "yr", "y", "p", "s", "ks", "stage", "room", "rm", "group", "set", "table",
    "level", "step", "book", "wave", "tier", "phase", "unit", "page", "class", "band", "grade",
    "chapter", "lesson", "period", "session", "week", "term",
];
/// A number before one of these counts people or is an ordinal: "with 2 others", "5th".
const COUNTED: [&str; 16] = [
    "pupils", "pupil", "children", "child", "students", "people", "adults", "others", "other",
    "peers", "boys", "girls", "st", "nd", "rd", "th",
];

impl Scanner<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        match self.t.get(i) {
            Some(Token::Word(w)) => Some(w.as_str()),
            _ => None,
        }
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        self.word(i).is_some_and(|w| words.contains(&w))
    }

    /// A number at `i`, in digits or words ("twenty five"), and the tokens it takes.
    fn number(&self, i: usize) -> Option<(f64, usize)> {
        if let Some(Token::Num(n)) = self.t.get(i) {
            return Some((*n, 1));
        }
        let units = |w: &str| {
            Some(match w {
                "one" => 1.0,
                "two" => 2.0,
                "three" => 3.0,
                "four" => 4.0,
                "five" => 5.0,
                "six" => 6.0,
                "seven" => 7.0,
                "eight" => 8.0,
                "nine" => 9.0,
                _ => return None,
            })
        };
        let word = self.word(i)?;
        if let Some(n) = units(word) {
            return Some((n, 1));
        }
        let single = match word {
            "ten" => 10.0,
            "eleven" => 11.0,
            "twelve" => 12.0,
            "fifteen" => 15.0,
            "eighteen" => 18.0,
            "ninety" => 90.0,
            _ => 0.0,
        };
        if single > 0.0 {
            return Some((single, 1));
        }
        let tens = match word {
            "twenty" => 20.0,
            "thirty" => 30.0,
            "forty" => 40.0,
            "fifty" => 50.0,
            "sixty" => 60.0,
            _ => return None,
        };
        // "forty five", "forty-five"
        let dash = usize::from(self.t.get(i + 1) == Some(&Token::Dash));
        match self.word(i + 1 + dash).and_then(units) {
            Some(n) => Some((tens + n, 2 + dash)),
            None => Some((tens, 1)),
        }
    }

    /// "and a half", "and a quarter", "½" after a whole number of hours: the fraction and the
    /// tokens it takes.
    fn and_a_part(&self, i: usize) -> (f64, usize) {
        if self.is(i, &["and"]) && self.is(i + 1, &["a"]) {
            if self.is(i + 2, &["half"]) {
                return (0.5, 3);
            }
            if self.is(i + 2, &["quarter"]) {
                return (0.25, 3);
            }
        }
        (0.0, 0)
    }

    /// A length at `i`: "20 minutes", "1 hour 30", "an hour and a half", "½ an hour", "half
    /// an hour", "a quarter of an hour", "three quarters of an hour", "1/2 hour".
    fn length(&self, i: usize) -> Option<(f64, usize)> {
        let article = |j: usize| usize::from(self.is(j, &["a", "an"]));
        // "half an hour", "a half hour", "half-hour"
        let a = article(i);
        if self.is(i + a, &["half"]) {
            let j = i + a + 1;
            let j = j + usize::from(self.t.get(j) == Some(&Token::Dash));
            let j = j + article(j);
            if self.is(j, &HOUR_UNITS) {
                return Some((30.0, j + 1 - i));
            }
        }
        // "a quarter of an hour", "three quarters of an hour", "quarter-hour"
        let (quarters, q) = match self.number(i) {
            Some((n, taken)) if self.is(i + taken, &["quarters"]) => (n, taken),
            _ => (1.0, a),
        };
        if self.is(i + q, &["quarter", "quarters"]) {
            let mut j = i + q + 1;
            j += usize::from(self.t.get(j) == Some(&Token::Dash) || self.is(j, &["of"]));
            j += article(j);
            if self.is(j, &HOUR_UNITS) {
                return Some((15.0 * quarters, j + 1 - i));
            }
        }
        // "1/2 hour", "3/4 of an hour"
        if let (Some(Token::Num(top)), Some(Token::Slash), Some(Token::Num(bottom))) =
            (self.t.get(i), self.t.get(i + 1), self.t.get(i + 2))
            && *bottom > 0.0
            && top < bottom
        {
            let mut j = i + 3;
            j += usize::from(self.is(j, &["of"]));
            j += article(j);
            if self.is(j, &HOUR_UNITS) {
                return Some((60.0 * top / bottom, j + 1 - i));
            }
        }
        // A number, or "a"/"an"/"one" before an hour.
        let (n, taken) = match self.number(i) {
            Some(found) => found,
            None if a == 1 && self.is(i + 1, &HOUR_UNITS) => (1.0, 1),
            None => return None,
        };
        let mut j = i + taken;
        // "20-minute sessions"
        if self.t.get(j) == Some(&Token::Dash)
            && (self.is(j + 1, &MINUTE_UNITS) || self.is(j + 1, &HOUR_UNITS))
        {
            j += 1;
        }
        let (part, p) = self.and_a_part(j);
        // "½ an hour"
        let j_unit = j + p + if n < 1.0 { article(j + p) } else { 0 };
        if self.is(j_unit, &MINUTE_UNITS) {
            return Some((n + part, j_unit + 1 - i));
        }
        if self.is(j_unit, &HOUR_UNITS) {
            let mut minutes = (n + part) * 60.0;
            let mut end = j_unit + 1;
            // "an hour and a half"
            let (after, p) = self.and_a_part(end);
            if part == 0.0 && p > 0 {
                minutes += after * 60.0;
                end += p;
            } else if let Some((m, taken)) = self.number(end)
                && m < 60.0
                && part == 0.0
            {
                // "1 hour 30", "1h30", "1 hr 15 mins"; not "1 hour 3 times a week", nor "1 hour
                // 2-3 times", nor "1 hour 4 pupils".
                let after = end + taken;
                let unit = self.is(after, &MINUTE_UNITS);
                let ends = match self.t.get(after) {
                    None => true,
                    Some(Token::Word(w)) => {
                        !(COUNT_NOUNS.contains(&w.as_str())
                            || COUNTED.contains(&w.as_str())
                            || HOUR_UNITS.contains(&w.as_str())
                            || matches!(w.as_str(), "am" | "pm" | "to" | "or"))
                    }
                    Some(token) => !matches!(
                        token,
                        Token::Num(_) | Token::Dash | Token::Slash | Token::Colon | Token::Odd
                    ),
                };
                if unit || ends {
                    minutes += m;
                    end += taken + usize::from(unit);
                }
            }
            return Some((minutes, end - i));
        }
        None
    }

    /// A count of sessions at `i`: "once", "twice", "3 x", "three times", "4 sessions",
    /// "a session", "x 3" (after a length).
    fn count(&self, i: usize, after_length: bool) -> Option<(f64, usize)> {
        match self.word(i) {
            Some("once") => return Some((1.0, 1)),
            Some("twice") => return Some((2.0, 1)),
            Some("thrice") => return Some((3.0, 1)),
            Some("a" | "an") if self.is(i + 1, &["session", "lesson", "slot", "visit"]) => {
                return Some((1.0, 2));
            }
            // "20 mins x 3"
            Some("x") if after_length => {
                if let Some((n, taken)) = self.number(i + 1) {
                    return Some((n, 1 + taken));
                }
            }
            _ => {}
        }
        let (n, taken) = self.number(i)?;
        // "3x", "3 x", "three times", "4 sessions"
        if self.is(i + taken, &COUNT_NOUNS) {
            return Some((n, taken + 1));
        }
        // "four 20-minute sessions": the count alone, the length read next.
        if let Some((_, length)) = self.length(i + taken)
            && self.is(i + taken + length, &COUNT_NOUNS)
        {
            return Some((n, taken));
        }
        None
    }

    /// A period at `i`: "a week", "per week", "/wk", "pw", "weekly", "daily", "a day", "every
    /// day", "fortnightly", "every other week". `Err` for periods the map cannot count by.
    fn period(&self, i: usize) -> Result<Option<(Atom, usize)>, NotRead> {
        const WEEK: [&str; 4] = ["week", "wk", "weeks", "wks"];
        const DAY: [&str; 4] = ["day", "days", "weekday", "schoolday"];
        const OTHER: [&str; 4] = ["term", "month", "year", "halfterm"];
        const TIMES: [&str; 9] = [
            "morning",
            "afternoon",
            "lunchtime",
            "lunch",
            "break",
            "breaktime",
            "playtime",
            "registration",
            "assembly",
        ];
        let Some(word) = self.word(i) else {
            // "/week", "/day"
            if self.t.get(i) == Some(&Token::Slash) {
                if self.is(i + 1, &WEEK) {
                    return Ok(Some((Atom::Period(Period::Week), 2)));
                }
                if self.is(i + 1, &DAY) {
                    return Ok(Some((Atom::Period(Period::Day), 2)));
                }
            }
            return Ok(None);
        };
        Ok(Some(match word {
            "weekly" | "wkly" | "pw" => (Atom::Period(Period::Week), 1),
            "daily" | "everyday" => (Atom::Period(Period::Day), 1),
            "fortnightly" => (Atom::Period(Period::Fortnight), 1),
            "termly" | "monthly" | "yearly" | "annually" | "biweekly" | "bi" => {
                return Err(NotRead::OtherPeriod);
            }
            "p" if self.t.get(i + 1) == Some(&Token::Slash) && self.is(i + 2, &["w", "wk"]) => {
                (Atom::Period(Period::Week), 3)
            }
            "a" | "an" | "per" | "each" | "every" => {
                let every = matches!(word, "each" | "every");
                let after_half = i + 2 + usize::from(self.t.get(i + 2) == Some(&Token::Dash));
                let next = self.word(i + 1).unwrap_or_default();
                // "each school day"
                let school = usize::from(next == "school");
                let next = if school == 1 {
                    self.word(i + 2).unwrap_or_default()
                } else {
                    next
                };
                if WEEK[..2].contains(&next) {
                    (Atom::Period(Period::Week), 2 + school)
                } else if DAY[..1].contains(&next) || next == "weekday" {
                    (Atom::Period(Period::Day), 2 + school)
                } else if next == "fortnight" {
                    (Atom::Period(Period::Fortnight), 2)
                } else if every && TIMES.contains(&next) {
                    (Atom::DailyAt, 2)
                } else if every && next == "other" {
                    // "every other week" is fortnightly; "every other day" is no number a week.
                    if self.is(i + 2, &["week"]) {
                        (Atom::Period(Period::Fortnight), 3)
                    } else {
                        return Err(NotRead::OtherPeriod);
                    }
                } else if every && self.number(i + 1).is_some() {
                    // "every 2 weeks"
                    let (n, taken) = self.number(i + 1).unwrap_or_default();
                    if self.is(i + 1 + taken, &WEEK) && n == 2.0 {
                        (Atom::Period(Period::Fortnight), 2 + taken)
                    } else if self.is(i + 1 + taken, &WEEK) || self.is(i + 1 + taken, &DAY) {
                        return Err(NotRead::OtherPeriod);
                    } else {
                        return Ok(None);
                    }
                } else if OTHER.contains(&next) || next == "half" && self.is(after_half, &OTHER) {
                    // "a term", "per month", "each half-term"
                    return Err(NotRead::OtherPeriod);
                } else {
                    return Ok(None);
                }
            }
            _ => return Ok(None),
        }))
    }

    /// Named days at `i`: "Monday", "Mon, Wed and Fri", "Mon-Fri", "Tuesdays and Thursdays".
    fn days(&self, i: usize) -> Option<(f64, usize)> {
        let day = |j: usize| -> Option<usize> {
            Some(match self.word(j)? {
                "mon" | "monday" | "mondays" => 0,
                "tue" | "tues" | "tuesday" | "tuesdays" => 1,
                "wed" | "weds" | "wednesday" | "wednesdays" => 2,
                "thu" | "thur" | "thurs" | "thursday" | "thursdays" => 3,
                "fri" | "friday" | "fridays" => 4,
                "saturday" | "saturdays" => 5,
                "sunday" | "sundays" => 6,
                _ => return None,
            })
        };
        let mut seen = [false; 7];
        let mut j = i;
        let first = day(j)?;
        seen[first] = true;
        let mut last = first;
        j += 1;
        loop {
            // "Mon-Fri", "Monday to Friday"
            if (self.t.get(j) == Some(&Token::Dash) || self.is(j, &["to"]))
                && let Some(end) = day(j + 1)
            {
                if end < last {
                    return None;
                }
                seen[last..=end].fill(true);
                last = end;
                j += 2;
                continue;
            }
            let joined = matches!(
                self.t.get(j),
                Some(Token::Comma | Token::Slash | Token::Plus)
            ) || self.is(j, &["and"]);
            let k = j + usize::from(joined);
            // "Mon, Wed, and Fri"
            let k = k + usize::from(self.t.get(j) == Some(&Token::Comma) && self.is(k, &["and"]));
            match day(k) {
                Some(d) => {
                    seen[d] = true;
                    last = d;
                    j = k + 1;
                }
                None => break,
            }
        }
        Some((seen.iter().filter(|&&s| s).count() as f64, j - i))
    }

    /// A number that names something other than time, and the tokens it takes: a time of day
    /// ("10am", "9:15", "9.15am"), a date, one-to-one ("1:1", "1-1", "1 to 1", "one to one"),
    /// an ordinal, a year group or room, people ("with 2 others", "groups of 4").
    fn named_figure(&self, i: usize) -> Option<usize> {
        let (n, taken) = self.number(i)?;
        let next = i + taken;
        let label_before = i > 0
            && (self.is(i - 1, &LABELS)
                || (self.is(i - 1, &["of"])
                    && i > 1
                    && self.is(i - 2, &["group", "groups", "size", "ratio"])));
        if label_before {
            return Some(taken);
        }
        // "for 6 weeks": how long the plan runs, not how often.
        let spell = self.is(next, &["weeks", "terms", "months"]);
        if self.is(next, &COUNTED)
            || spell
            || self.is(next, &["am", "pm", "oclock", "clock", "percent"])
            || (self.is(next, &["o"]) && self.is(next + 1, &["clock"]))
        {
            return Some(taken + 1);
        }
        // "9:15", "1:1", "2:1": a time or a ratio; "5/11/2026" a date.
        if matches!(self.t.get(next), Some(Token::Colon))
            && let Some((_, more)) = self.number(next + 1)
        {
            let end = next + 1 + more;
            return Some(end - i + usize::from(self.is(end, &["am", "pm"])));
        }
        if matches!(self.t.get(next), Some(Token::Slash))
            && matches!(self.t.get(next + 2), Some(Token::Slash))
            && self.number(next + 1).is_some()
            && self.number(next + 3).is_some()
        {
            return Some(5);
        }
        // One-to-one: "1-1", "1 to 1", "one to one", "1-to-1".
        if n == 1.0 {
            let mut j = next;
            j += usize::from(self.t.get(j) == Some(&Token::Dash));
            let to = self.is(j, &["to"]);
            j += usize::from(to);
            j += usize::from(to && self.t.get(j) == Some(&Token::Dash));
            if j > next
                && let Some((other, more)) = self.number(j)
                && other == 1.0
            {
                return Some(j + more - i);
            }
        }
        None
    }

    /// The atoms of the whole text.
    fn atoms(&self) -> Result<Vec<Atom>, NotRead> {
        let mut atoms = Vec::new();
        let mut i = 0;
        while i < self.t.len() {
            let after_length = matches!(atoms.last(), Some(Atom::Length(_)));
            if let Some((minutes, taken)) = self.length(i) {
                atoms.push(Atom::Length(minutes));
                i += taken;
                continue;
            }
            if let Some((n, taken)) = self.count(i, after_length) {
                atoms.push(Atom::Count(n));
                i += taken;
                continue;
            }
            if let Some((atom, taken)) = self.period(i)? {
                atoms.push(atom);
                i += taken;
                continue;
            }
            if let Some((n, taken)) = self.days(i) {
                atoms.push(Atom::Days(n));
                i += taken;
                continue;
            }
            // Only a number that is no length and no count may name something else: "twice a
            // week 20 minutes" is a length after "week", not week 20.
            if let Some(taken) = self.named_figure(i) {
                i += taken;
                continue;
            }
            match &self.t[i] {
                Token::Num(_) => {
                    // A number in a range, "2-3 times": said as a range.
                    let between = |j: usize| {
                        matches!(self.t.get(j), Some(Token::Dash | Token::Slash))
                            || self.is(j, &["to", "or"])
                    };
                    let ranged = (between(i + 1) && self.number(i + 2).is_some())
                        || (i > 1 && between(i - 1) && self.number(i - 2).is_some());
                    return Err(if ranged {
                        NotRead::Range
                    } else {
                        NotRead::StrayFigure
                    });
                }
                Token::Odd => return Err(NotRead::StrayFigure),
                Token::Plus | Token::Semicolon => atoms.push(Atom::Join),
                Token::Dash => atoms.push(Atom::Between),
                // A number in words that is no length or count: "in one of the rooms".
                Token::Word(_) if self.number(i).is_some() => return Err(NotRead::StrayFigure),
                // "up to 4 times", "at least 20 minutes": a bound, not the figure planned.
                Token::Word(w)
                    if matches!(w.as_str(), "maximum" | "minimum" | "max")
                        || w == "up" && self.is(i + 1, &["to"])
                        || w == "at" && self.is(i + 1, &["least", "most"])
                        || matches!(w.as_str(), "more" | "less" | "fewer")
                            && self.is(i + 1, &["than"]) =>
                {
                    return Err(NotRead::Range);
                }
                Token::Word(w) => match w.as_str() {
                    "and" | "plus" | "also" | "then" => atoms.push(Atom::Join),
                    "to" | "or" => atoms.push(Atom::Between),
                    "am" | "pm" | "morning" | "mornings" | "afternoon" | "afternoons" => {
                        atoms.push(Atom::TimeOfDay)
                    }
                    // A word number iep has no length or count for: "a hundred".
                    "hundred" | "thousand" | "dozen" | "several" | "few" | "couple" => {
                        return Err(NotRead::StrayFigure);
                    }
                    _ => {}
                },
                _ => {}
            }
            i += 1;
        }
        Ok(atoms)
    }
}

// ---------------------------------------------------------------------------------------------
// Pairing lengths with frequencies

/// One provision's worth of atoms, between joins.
#[derive(Debug, Default, Clone)]
struct Segment {
    lengths: Vec<f64>,
    counts: Vec<f64>,
    periods: Vec<Period>,
    days: Vec<f64>,
    /// Times of day named ("am", "every morning").
    times: usize,
    /// A count after a length said by the week or day ("60 minutes a week, 3 sessions"): is the
    /// length each session's, or the week's?
    count_after_total: bool,
}

/// The atoms split where one provision is joined to another; a dash, "to" or "or" between two
/// lengths or two counts is a range.
fn segments(atoms: &[Atom]) -> Result<Vec<Segment>, NotRead> {
    for window in atoms.windows(3) {
        if let [a, Atom::Between, b] = window
            && matches!(
                (a, b),
                (Atom::Length(_), Atom::Length(_)) | (Atom::Count(_), Atom::Count(_))
            )
        {
            return Err(NotRead::Range);
        }
    }
    let mut segments = Vec::new();
    let mut segment = Segment::default();
    let mut total = false;
    for (i, atom) in atoms.iter().enumerate() {
        let after_length = i > 0 && matches!(atoms[i - 1], Atom::Length(_));
        match *atom {
            Atom::Length(m) => segment.lengths.push(m),
            Atom::Period(_) | Atom::DailyAt if after_length => {
                total = true;
                segment.periods.push(match *atom {
                    Atom::Period(p) => p,
                    _ => Period::Day,
                });
                segment.times += usize::from(*atom == Atom::DailyAt);
            }
            Atom::Count(n) => {
                segment.count_after_total |= total;
                segment.counts.push(n);
            }
            Atom::Period(p) => segment.periods.push(p),
            Atom::DailyAt => {
                segment.periods.push(Period::Day);
                segment.times += 1;
            }
            Atom::Days(n) => segment.days.push(n),
            Atom::TimeOfDay => segment.times += 1,
            Atom::Join => {
                segments.push(std::mem::take(&mut segment));
                total = false;
            }
            Atom::Between => {}
        }
    }
    segments.push(segment);
    Ok(segments)
}

/// How often a segment says, in sessions a week: `Ok(None)` when it says nothing of how often.
fn sessions(segment: &Segment) -> Result<Option<f64>, NotRead> {
    let (counts, periods, days) = (&segment.counts, &segment.periods, &segment.days);
    if counts.len() > 1 || periods.len() > 1 || days.len() > 1 {
        return Err(NotRead::Unpaired);
    }
    // "5 x 10 minutes daily": five a day, or the five days of the week?
    if segment.count_after_total || counts.first() == Some(&5.0) && periods == &[Period::Day] {
        return Err(NotRead::Unclear);
    }
    Ok(match (counts.first(), periods.first(), days.first()) {
        (None, None, None) => None,
        (Some(_), None, None) => return Err(NotRead::NoPeriod),
        (count, Some(period), None) => Some(count.copied().unwrap_or(1.0) * period.per_week()),
        (None, None | Some(Period::Week), Some(days)) => Some(*days),
        (_, _, Some(_)) => return Err(NotRead::Unpaired),
    })
}

fn pair(segments: &[Segment]) -> Result<Vec<Frequency>, NotRead> {
    // Segments that hold nothing ("reading and writing") join nothing.
    let segments: Vec<&Segment> = segments
        .iter()
        .filter(|s| {
            !(s.lengths.is_empty()
                && s.counts.is_empty()
                && s.periods.is_empty()
                && s.days.is_empty()
                && s.times == 0)
        })
        .collect();
    if segments.is_empty() {
        return Err(NotRead::Neither);
    }
    // "2 x 15 minutes + 1 x 30 minutes a week": the last provision's week is that of all.
    let shared_period = match segments.last().map(|s| s.periods.as_slice()) {
        Some([period]) if segments.len() > 1 => segments[..segments.len() - 1]
            .iter()
            .all(|s| s.periods.is_empty() && s.days.is_empty() && s.counts.len() == 1)
            .then_some(*period),
        _ => None,
    };
    // Each segment read: how often (sessions a week), how long, and whether it names a time
    // of day.
    let mut read: Vec<(Option<f64>, Option<f64>, bool)> = Vec::new();
    for segment in &segments {
        let often = match sessions(segment) {
            Err(NotRead::NoPeriod) if shared_period.is_some() => {
                let period = shared_period.unwrap_or(Period::Week);
                Some(segment.counts[0] * period.per_week())
            }
            result => result?,
        };
        match segment.lengths[..] {
            [] => read.push((often, None, segment.times == 1)),
            [length] if segment.times <= 1 => read.push((often, Some(length), segment.times == 1)),
            // "Daily: 10 mins am, 15 mins pm": a length at each time of day, every day.
            _ if segment.times == segment.lengths.len()
                && segment.counts.is_empty()
                && often == Some(Period::Day.per_week()) =>
            {
                read.extend(segment.lengths.iter().map(|&m| (often, Some(m), true)));
            }
            _ => return Err(NotRead::Unpaired),
        }
    }
    if let [(often, length, _)] = read[..] {
        return match (often, length) {
            (Some(often), Some(length)) => frequencies(&[(often, length)]),
            (Some(_), None) => Err(NotRead::NoLength),
            (None, Some(_)) => Err(NotRead::NoFrequency),
            (None, None) => Err(NotRead::Neither),
        };
    }
    // "daily 10 mins (am) + 15 mins (pm)": sessions at named times of day, one of them saying
    // the daily frequency, each given every day.
    let said: Vec<f64> = read.iter().filter_map(|(often, _, _)| *often).collect();
    let at_times = read.iter().all(|(_, length, at)| length.is_some() && *at)
        && said.iter().all(|&often| often == Period::Day.per_week())
        && segments.iter().all(|s| s.counts.is_empty());
    if at_times && !said.is_empty() {
        let pairs: Vec<(f64, f64)> = read
            .iter()
            .filter_map(|(_, length, _)| length.map(|m| (Period::Day.per_week(), m)))
            .collect();
        return frequencies(&pairs);
    }
    // "twice a week and 20 minutes each": one provision said in two parts.
    if let [(Some(often), None, false), (None, Some(length), false)]
    | [(None, Some(length), false), (Some(often), None, false)] = read[..]
    {
        return frequencies(&[(often, length)]);
    }
    let mut pairs = Vec::new();
    for (often, length, _) in &read {
        match (often, length) {
            (Some(often), Some(length)) => pairs.push((*often, *length)),
            _ => return Err(NotRead::Unpaired),
        }
    }
    frequencies(&pairs)
}

/// The frequencies of `pairs` (sessions a week, minutes), each a real number of sessions and
/// minutes: none is nothing, and no school gives a session of more than a school day.
fn frequencies(pairs: &[(f64, f64)]) -> Result<Vec<Frequency>, NotRead> {
    pairs
        .iter()
        .map(|&(sessions_per_week, minutes)| {
            let sound = sessions_per_week.is_finite()
                && minutes.is_finite()
                && sessions_per_week > 0.0
                && minutes > 0.0
                && minutes <= 8.0 * 60.0
                && sessions_per_week <= 50.0;
            if sound {
                Ok(Frequency {
                    sessions_per_week,
                    minutes,
                })
            } else {
                Err(NotRead::Beyond)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// What the map reads from the words of a `when`: the sessions a week and minutes of each
    /// provision, or why it is not read.
    type Reading = Result<&'static [(f64, f64)], super::NotRead>;

    /// Wordings of `when` as staff write them, with what the map must make of each: the issue's
    /// examples first, then the ways of schools' plans. A reading is right or it is refused with its
    /// reason; never a wrong number.
    const WORDINGS: &[(&str, Reading)] = {
        use super::NotRead::*;
        &[
            // The examples.
            ("twice a week for ½ an hour", Ok(&[(2.0, 30.0)])),
            ("twice a week for half an hour", Ok(&[(2.0, 30.0)])),
            ("a quarter of an hour, daily", Ok(&[(5.0, 15.0)])),
            ("quarter of an hour every morning", Ok(&[(5.0, 15.0)])),
            ("3 × 20 minutes a week", Ok(&[(3.0, 20.0)])),
            ("3 X 20 minutes a week", Ok(&[(3.0, 20.0)])),
            (
                "daily 10 mins (am) + 15 mins (pm)",
                Ok(&[(5.0, 10.0), (5.0, 15.0)]),
            ),
            (
                "Daily, 10 minutes, and 2 x 15 minutes a week",
                Ok(&[(5.0, 10.0), (2.0, 15.0)]),
            ),
            // The bundled examples.
            ("Lunch club, twice a week, 20 minutes", Ok(&[(2.0, 20.0)])),
            ("Daily, 15 minutes, in the library", Ok(&[(5.0, 15.0)])),
            (
                "3 x 20 minutes a week, small group in class",
                Ok(&[(3.0, 20.0)]),
            ),
            (
                "Daily, 10 minutes, first thing in the morning in the classroom",
                Ok(&[(5.0, 10.0)]),
            ),
            (
                "4 x 20 minutes a week, one to one with the teaching assistant outside the classroom",
                Ok(&[(4.0, 20.0)]),
            ),
            ("All lessons, especially music and PE", Err(Neither)),
            ("Every change to the timetable", Err(Neither)),
            ("In class writing lessons, daily", Err(NoLength)),
            ("Every reading and writing lesson", Err(Neither)),
            // Schools' own wordings.
            ("once a week, 1 hour", Ok(&[(1.0, 60.0)])),
            ("10 mins every morning", Ok(&[(5.0, 10.0)])),
            ("2 sessions of 45 minutes weekly", Ok(&[(2.0, 45.0)])),
            ("3x30min per week", Ok(&[(3.0, 30.0)])),
            ("three times a week for twenty minutes", Ok(&[(3.0, 20.0)])),
            ("1:1, 3 x 15 mins per week", Ok(&[(3.0, 15.0)])),
            ("20 mins x 3 a week", Ok(&[(3.0, 20.0)])),
            ("Mon, Wed and Fri, 20 mins", Ok(&[(3.0, 20.0)])),
            ("Tuesdays and Thursdays for 30 minutes", Ok(&[(2.0, 30.0)])),
            ("Mon-Fri 10 mins", Ok(&[(5.0, 10.0)])),
            (
                "Monday to Thursday, 15 minutes after lunch",
                Ok(&[(4.0, 15.0)]),
            ),
            ("an hour and a half once a week", Ok(&[(1.0, 90.0)])),
            ("1½ hours weekly", Ok(&[(1.0, 90.0)])),
            ("1 hr 15 mins, fortnightly", Ok(&[(0.5, 75.0)])),
            ("every other week for 45 minutes", Ok(&[(0.5, 45.0)])),
            (
                "three quarters of an hour, twice a week",
                Ok(&[(2.0, 45.0)]),
            ),
            ("5 minutes twice daily", Ok(&[(10.0, 5.0)])),
            ("30-minute session once a week", Ok(&[(1.0, 30.0)])),
            ("four 20-minute sessions a week", Ok(&[(4.0, 20.0)])),
            ("small group of 4, 3 x 20 mins a week", Ok(&[(3.0, 20.0)])),
            ("3 mornings a week, 45 mins", Ok(&[(3.0, 45.0)])),
            (
                "twice weekly (20 mins) with Mrs Ahmed in the library",
                Ok(&[(2.0, 20.0)]),
            ),
            ("15 mins at 9:15 each day", Ok(&[(5.0, 15.0)])),
            ("Year 4, 2 x 30 minutes per week", Ok(&[(2.0, 30.0)])),
            ("3 x 20 mins a week for 6 weeks", Ok(&[(3.0, 20.0)])),
            (
                "2 x 15 mins + 1 x 30 mins a week",
                Ok(&[(2.0, 15.0), (1.0, 30.0)]),
            ),
            (
                "10 minutes daily and 30 minutes on Fridays",
                Ok(&[(5.0, 10.0), (1.0, 30.0)]),
            ),
            ("1/2 hour, 4 times a week", Ok(&[(4.0, 30.0)])),
            ("1 hour 3 times a week", Ok(&[(3.0, 60.0)])),
            ("1h30 once a fortnight", Ok(&[(0.5, 90.0)])),
            ("twice a week and 20 minutes each time", Ok(&[(2.0, 20.0)])),
            (
                "every morning 10 mins + every afternoon 15 mins",
                Ok(&[(5.0, 10.0), (5.0, 15.0)]),
            ),
            (
                "Daily: 10 mins am, 15 mins pm",
                Ok(&[(5.0, 10.0), (5.0, 15.0)]),
            ),
            (
                "with 2 other pupils, twice a week, 30 mins",
                Ok(&[(2.0, 30.0)]),
            ),
            ("20 minutes, 4 days a week", Ok(&[(4.0, 20.0)])),
            ("an hour a week", Ok(&[(1.0, 60.0)])),
            ("3 x 20 mins p/w", Ok(&[(3.0, 20.0)])),
            ("45 mins/week", Ok(&[(1.0, 45.0)])),
            (
                "2 x 20 minutes a week and 3 x 10 minutes a day",
                Ok(&[(2.0, 20.0), (15.0, 10.0)]),
            ),
            (
                "daily check-in (5 mins) and weekly review (20 mins)",
                Ok(&[(5.0, 5.0), (1.0, 20.0)]),
            ),
            ("weekly 1:1 session (30 mins)", Ok(&[(1.0, 30.0)])),
            ("Monday 9:15am for 30 minutes", Ok(&[(1.0, 30.0)])),
            (
                "1 session a week of an hour and a quarter",
                Ok(&[(1.0, 75.0)]),
            ),
            ("three 15 minute sessions a week", Ok(&[(3.0, 15.0)])),
            (
                "Every Tuesday and Thursday morning for 20 mins",
                Ok(&[(2.0, 20.0)]),
            ),
            (
                "20 minutes, Monday and Wednesday afternoons",
                Ok(&[(2.0, 20.0)]),
            ),
            (
                "3 times per week during assembly (15 mins)",
                Ok(&[(3.0, 15.0)]),
            ),
            ("10 minute check-in twice a day", Ok(&[(10.0, 10.0)])),
            ("2 × ½ hour sessions per week", Ok(&[(2.0, 30.0)])),
            ("each lunchtime for 30 minutes", Ok(&[(5.0, 30.0)])),
            ("Once a week for 6 weeks, 45 minutes", Ok(&[(1.0, 45.0)])),
            (
                "Daily 1:1 reading, 10 mins, plus small group phonics 3 x 20 mins a week",
                Ok(&[(5.0, 10.0), (3.0, 20.0)]),
            ),
            // Not read, with the reason.
            ("5 x 10 minutes daily", Err(Unclear)),
            ("60 minutes a week in 3 sessions", Err(Unclear)),
            ("1 to 2 hours a week", Err(Range)),
            ("up to 4 x 15 mins weekly", Err(Range)),
            ("at least 3 times a week for 20 minutes", Err(Range)),
            ("twice weekly 20-30 mins", Err(Range)),
            ("2 x 30 mins per week (1 hour total)", Err(Unpaired)),
            ("Daily, 09:00-09:15", Err(NoLength)),
            ("30 minutes every other Friday", Err(OtherPeriod)),
            ("15 minutes at the start of every lesson", Err(NoFrequency)),
            ("as needed", Err(Neither)),
            ("", Err(Neither)),
            ("20 minutes", Err(NoFrequency)),
            ("3 x 20 minutes", Err(NoPeriod)),
            ("20 minutes, 3 times", Err(NoPeriod)),
            ("2-3 times a week, 20 mins", Err(Range)),
            ("10-15 minutes daily", Err(Range)),
            ("2 or 3 sessions a week of 30 minutes", Err(Range)),
            ("daily, 10 to 15 minutes", Err(Range)),
            ("30mins-1hr weekly", Err(Range)),
            ("30 minutes a term", Err(OtherPeriod)),
            ("monthly, 1 hour", Err(OtherPeriod)),
            ("every other day, 10 mins", Err(OtherPeriod)),
            ("bi-weekly, 30 mins", Err(OtherPeriod)),
            ("each half-term, 1 hour", Err(OtherPeriod)),
            ("every morning and afternoon, 10 minutes", Err(Unpaired)),
            ("daily, 10 minutes am and pm", Err(Unpaired)),
            ("3 x 20 minutes a week (60 minutes)", Err(Unpaired)),
            ("daily for 20 minutes except Friday", Err(Unpaired)),
            ("20 mins 4 a week", Err(StrayFigure)),
            ("⅓ of an hour daily", Err(StrayFigure)),
            ("3 x 20 minutes a week, 2 x 10", Err(StrayFigure)),
            (
                "daily, in one of the small rooms, 10 mins",
                Err(StrayFigure),
            ),
            ("3 x 600 minutes a week", Err(Beyond)),
            ("0 minutes daily", Err(Beyond)),
        ]
    };

    #[test]
    fn each_wording_of_when_is_read_right_or_refused_with_its_reason() {
        let mut wrong = Vec::new();
        for (text, expected) in WORDINGS {
            let read = super::read(text);
            let read: Result<Vec<(f64, f64)>, _> = read.map(|frequencies| {
                frequencies
                    .iter()
                    .map(|f| (f.sessions_per_week, f.minutes))
                    .collect()
            });
            let expected = expected.map(<[_]>::to_vec);
            if read != expected {
                wrong.push(format!("{text:?}: read {read:?}, expected {expected:?}"));
            }
        }
        assert!(WORDINGS.len() >= 40, "keep the list long");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Any words staff could put together, read: no panic, no hang, and every figure read is a real
    /// number of sessions and minutes a school week can hold.
    #[test]
    fn any_wording_reads_to_sound_figures_or_a_reason() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let piece = prop_oneof![
            3 => prop::sample::select(vec![
                "3", "20", "1", "½", "1½", "¼", "0", "45", "1.5", "9:15", "10am", "2-3", "1/2", "x",
                "X", "×", "*", "times", "twice", "once", "daily", "weekly", "a", "an", "week", "day",
                "per", "every", "each", "other", "fortnight", "minutes", "mins", "min", "hour",
                "hours", "h", "half", "quarter", "quarters", "of", "and", "plus", "+", ";", ",", "(",
                ")", "-", "–", "to", "or", "am", "pm", "morning", "afternoon", "Mon", "Fri", "Tuesdays",
                "sessions", "session", "year", "4", "term", "monthly", "one", "three", "twenty",
                "forty-five", "for", "weeks", "pupils", "1:1", "one to one", ".",
            ])
            .prop_map(str::to_owned),
            1 => "[a-zA-Z]{1,8}",
            1 => "[0-9]{1,9}",
        ];
        let text = prop::collection::vec(piece, 0..14).prop_map(|pieces| pieces.join(" "));
        let mut runner = TestRunner::new(Config {
            cases: 3000,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&text, |text| {
            if let Ok(frequencies) = super::read(&text) {
                prop_assert!(!frequencies.is_empty());
                for f in frequencies {
                    prop_assert!(
                        f.sessions_per_week > 0.0 && f.sessions_per_week <= 50.0,
                        "{text}"
                    );
                    prop_assert!(f.minutes > 0.0 && f.minutes <= 480.0, "{text}");
                }
            }
            Ok(())
        });
        assert!(result.is_ok(), "{result:?}");
    }
}
