//! The built-in symbols a plan can name for a target (`symbol: reading`): clear pictures for
//! the pupil-friendly page, compiled in. Twemoji graphics, CC-BY 4.0; see `templates/symbols/`.

use crate::plan::Area;

/// Every built-in symbol: its name and its PNG bytes (360 x 360 pixels).
pub const SYMBOLS: &[(&str, &[u8])] = &[
    (
        "reading",
        include_bytes!("../templates/symbols/reading.png"),
    ),
    (
        "writing",
        include_bytes!("../templates/symbols/writing.png"),
    ),
    (
        "numbers",
        include_bytes!("../templates/symbols/numbers.png"),
    ),
    (
        "counting",
        include_bytes!("../templates/symbols/counting.png"),
    ),
    (
        "letters",
        include_bytes!("../templates/symbols/letters.png"),
    ),
    (
        "talking",
        include_bytes!("../templates/symbols/talking.png"),
    ),
    (
        "listening",
        include_bytes!("../templates/symbols/listening.png"),
    ),
    (
        "looking",
        include_bytes!("../templates/symbols/looking.png"),
    ),
    ("quiet", include_bytes!("../templates/symbols/quiet.png")),
    ("asking", include_bytes!("../templates/symbols/asking.png")),
    (
        "friends",
        include_bytes!("../templates/symbols/friends.png"),
    ),
    (
        "sharing",
        include_bytes!("../templates/symbols/sharing.png"),
    ),
    (
        "kindness",
        include_bytes!("../templates/symbols/kindness.png"),
    ),
    (
        "feelings",
        include_bytes!("../templates/symbols/feelings.png"),
    ),
    ("calm", include_bytes!("../templates/symbols/calm.png")),
    (
        "thinking",
        include_bytes!("../templates/symbols/thinking.png"),
    ),
    ("break", include_bytes!("../templates/symbols/break.png")),
    (
        "waiting",
        include_bytes!("../templates/symbols/waiting.png"),
    ),
    ("time", include_bytes!("../templates/symbols/time.png")),
    ("moving", include_bytes!("../templates/symbols/moving.png")),
    (
        "walking",
        include_bytes!("../templates/symbols/walking.png"),
    ),
    (
        "sitting",
        include_bytes!("../templates/symbols/sitting.png"),
    ),
    (
        "playing",
        include_bytes!("../templates/symbols/playing.png"),
    ),
    (
        "cutting",
        include_bytes!("../templates/symbols/cutting.png"),
    ),
    (
        "drawing",
        include_bytes!("../templates/symbols/drawing.png"),
    ),
    (
        "computer",
        include_bytes!("../templates/symbols/computer.png"),
    ),
    ("money", include_bytes!("../templates/symbols/money.png")),
    (
        "dressing",
        include_bytes!("../templates/symbols/dressing.png"),
    ),
    ("eating", include_bytes!("../templates/symbols/eating.png")),
    ("toilet", include_bytes!("../templates/symbols/toilet.png")),
    (
        "tidying",
        include_bytes!("../templates/symbols/tidying.png"),
    ),
    (
        "organising",
        include_bytes!("../templates/symbols/organising.png"),
    ),
    (
        "learning",
        include_bytes!("../templates/symbols/learning.png"),
    ),
    ("star", include_bytes!("../templates/symbols/star.png")),
    (
        "timetable",
        include_bytes!("../templates/symbols/timetable.png"),
    ),
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
