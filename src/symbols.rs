//! The built-in symbols a plan can name for a target (`symbol: reading`): clear pictures for
//! the pupil-friendly page, compiled in. Twemoji graphics, CC-BY 4.0; see `templates/symbols/`.

use crate::plan::Area;

/// The symbols as name and PNG bytes, each from `templates/symbols/NAME.png`.
macro_rules! symbols {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../templates/symbols/", $name, ".png")))),*]
    };
}

/// Every built-in symbol: its name and its PNG bytes (360 x 360 pixels).
pub const SYMBOLS: &[(&str, &[u8])] = symbols![
    "reading",
    "writing",
    "numbers",
    "counting",
    "letters",
    "talking",
    "listening",
    "looking",
    "quiet",
    "asking",
    "friends",
    "sharing",
    "kindness",
    "feelings",
    "calm",
    "thinking",
    "break",
    "waiting",
    "time",
    "moving",
    "walking",
    "sitting",
    "playing",
    "cutting",
    "drawing",
    "computer",
    "money",
    "dressing",
    "eating",
    "toilet",
    "tidying",
    "organising",
    "learning",
    "star",
    "timetable",
];

/// The PNG of the built-in symbol `name`.
pub fn symbol(name: &str) -> Option<&'static [u8]> {
    SYMBOLS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, png)| *png)
}

/// The names of the built-in symbols.
pub fn names() -> impl Iterator<Item = &'static str> {
    SYMBOLS.iter().map(|(name, _)| *name)
}

/// True when a plan's `symbol:` value names a picture file rather than a built-in symbol.
pub fn is_path(value: &str) -> bool {
    value.contains(['/', '\\', '.'])
}

/// The symbol shown for a target of `area` that names none.
pub fn for_area(area: Area) -> &'static str {
    match area {
        Area::CommunicationAndInteraction => "talking",
        Area::CognitionAndLearning => "learning",
        Area::SocialEmotionalMentalHealth => "feelings",
        Area::SensoryAndPhysical => "moving",
        Area::Literacy => "reading",
        Area::Numeracy => "numbers",
        Area::Independence => "organising",
        Area::Other => "star",
    }
}
