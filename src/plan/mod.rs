//! The typed model of an Individual Education Plan: plan format version 1.
//!
//! Field names are the contract with users (examples, the JSON Schema and the docs use them).
//! Fields that a school may leave for later, such as a target's success criterion, are `Option`
//! here so that a draft still loads and validation can list everything missing at once.

mod date;
mod fields;
mod language;
mod view;

use std::fmt;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use date::Date;
pub(crate) use date::NOT_A_DATE;
pub use language::Language;
pub(crate) use language::NOT_A_LANGUAGE;
pub use view::{View, ViewParagraph, Views};

use crate::source::{FieldPath, SourceMap};
use fields::Field;

impl Plan {
    /// The JSON Schema of plan format v1 (draft 2020-12), for editors: the YAML language server
    /// completes and checks a plan whose first line is `# yaml-language-server: $schema=FILE`.
    pub fn json_schema() -> String {
        let mut schema = schemars::schema_for!(Plan);
        schema.insert(
            "title".into(),
            "Individual Education Plan, plan format v1 (iep)".into(),
        );
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

/// An Individual Education Plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// A built-in form name (`highland`, `durants`, `general`) or a path to a form file.
    #[serde(default)]
    #[serde(serialize_with = "fields::setting")]
    pub form: Option<String>,
    /// The school's name (required: validation reports it missing).
    #[serde(default)]
    pub school: Option<String>,
    /// Who the plan is for.
    #[serde(default)]
    pub pupil: Pupil,
    /// When the plan was made, agreed and will be reviewed, and who is responsible.
    #[serde(default)]
    pub plan: PlanDates,
    /// What the seeds list as "what should be in an IEP": strengths, needs, medical and
    /// pastoral needs, support at home.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// The one-page profile, in the pupil's own voice: what people like and admire about them,
    /// what is important to them, how best to support them, and how they communicate.
    #[serde(default)]
    pub about_me: Option<AboutMe>,
    /// The evaluation of the previous IEP's targets.
    #[serde(default)]
    pub previous_targets: Vec<PreviousTarget>,
    /// Long-term targets, each with its short-term SMART targets.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// The pupil's and the parents' views.
    #[serde(default)]
    pub views: Views,
    /// Set in a group plan (a Group Education Plan, seeds 000 and 003): the group, its members
    /// and its provision. A group plan has no `pupil:`; its `goals` are the group's common
    /// targets.
    #[serde(default)]
    pub group: Option<Group>,
    /// In a member's own plan: the group plan the pupil is also in, relative to this file. Its
    /// targets are printed on this plan, marked as the group's.
    #[serde(default)]
    #[serde(serialize_with = "fields::not_text")]
    pub group_plan: Option<PathBuf>,
    /// Where each value stands in the YAML file the plan was loaded from (empty for a plan built
    /// in code). Diagnostics use it to point at lines.
    #[serde(skip)]
    pub(crate) places: SourceMap,
    /// The folder of the file the plan was read from, where the paths of its pictures start
    /// (`None` for a plan built in code or read from text alone).
    #[serde(skip)]
    pub(crate) folder: Option<PathBuf>,
}

/// A group of pupils with common targets, strategies and provision.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// What the group is called: "Year 3 phonics group".
    #[serde(default)]
    pub name: Option<String>,
    /// The pupils in it.
    #[serde(default)]
    pub members: Vec<Member>,
    /// The provision the group shares: who, when, where and how often.
    #[serde(default)]
    pub provision: Option<String>,
}

/// A pupil in a group plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The pupil's name.
    pub name: String,
    /// The pupil's own plan, relative to the group plan, when they have one.
    #[serde(default)]
    #[serde(serialize_with = "fields::not_text")]
    pub plan: Option<PathBuf>,
}

/// The pupil's details. The name, date of birth and year group are required; they are
/// `Option` so that a plan missing several of them still loads and `iep check` lists them all.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pupil {
    /// Full name (required).
    #[serde(default)]
    pub name: Option<String>,
    /// The name the pupil is known by, used in the pupil-friendly version.
    #[serde(default)]
    #[serde(serialize_with = "fields::pupil_page")]
    pub known_as: Option<String>,
    /// Date of birth (required).
    #[serde(default)]
    pub date_of_birth: Option<Date>,
    /// Year group or class, such as `P5` or `Year 4` (required).
    #[serde(default)]
    pub year_group: Option<String>,
    /// The school or early years setting, when it is not the plan's `school`.
    #[serde(default)]
    pub establishment: Option<String>,
    /// Home address.
    #[serde(default)]
    pub address: Option<String>,
    /// Postcode.
    #[serde(default)]
    pub postcode: Option<String>,
    /// Highland's level of additional support needs, 1 to 4.
    #[serde(default)]
    pub asn_level: Option<u32>,
    /// A photo of the pupil, relative to the plan file.
    #[serde(default)]
    #[serde(serialize_with = "fields::pupil_page_picture")]
    pub photo: Option<PathBuf>,
    /// The typeface the pupil reads best, for the pupil-friendly version (`andika` when
    /// absent; `opendyslexic` for readers with dyslexia).
    #[serde(default)]
    #[serde(serialize_with = "fields::setting")]
    pub font: Option<crate::fonts::Typeface>,
    /// The colour of the paper of the pupil-friendly version: `white` (when absent), or `cream`
    /// for a reader who finds black on white glaring.
    #[serde(default)]
    #[serde(serialize_with = "fields::setting")]
    pub background: Option<crate::document::Background>,
}

/// The plan's dates and the people responsible for it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanDates {
    /// When this IEP was drawn up.
    #[serde(default)]
    pub created: Option<Date>,
    /// When it was agreed with the family; a plan with no agreed date is a draft.
    #[serde(default)]
    pub agreed: Option<Date>,
    /// The next review date (required: validation reports it missing).
    #[serde(default)]
    pub review: Option<Date>,
    /// How the review will be held.
    #[serde(default)]
    pub review_details: Option<String>,
    /// When the previous IEP was created.
    #[serde(default)]
    pub previous_plan: Option<Date>,
    /// The teacher with responsibility for the IEP.
    #[serde(default)]
    pub responsible: Option<String>,
    /// Who co-ordinates it, such as the SENCO.
    #[serde(default)]
    pub coordinator: Option<String>,
}

/// The pupil's profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// What the pupil is good at.
    #[serde(default)]
    pub strengths: Vec<String>,
    /// The nature of the learning or developmental difficulty.
    #[serde(default)]
    pub needs: Option<String>,
    /// Medical requirements.
    #[serde(default)]
    pub medical: Option<String>,
    /// Pastoral care.
    #[serde(default)]
    pub pastoral: Option<String>,
    /// Support agreed with the parents at home.
    #[serde(default)]
    pub home_support: Option<String>,
}

/// The one-page profile (the Helen Sanderson format, section 1 of a Welsh Individual Development
/// Plan, the start of an SEN support plan and of a pupil passport): lists of short lines, as
/// profiles are written, each in the pupil's own voice where it can be. A heading left empty
/// (`important:` with no lines under it, as `iep new` leaves it) has no lines yet.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AboutMe {
    /// What people like and admire about me: "Kind to younger children".
    #[serde(default)]
    pub appreciate: Option<Vec<String>>,
    /// What is important to me: "My dog, Biscuit".
    #[serde(default)]
    pub important: Option<Vec<String>>,
    /// How best to support me: "Tell me before a change to the day".
    #[serde(default)]
    pub support: Option<Vec<String>>,
    /// How I communicate, when it helps to say: "I use a few signs and point to pictures".
    #[serde(default)]
    pub communication: Option<String>,
}

impl AboutMe {
    /// The three lists with their keys, in the order a profile prints them.
    pub fn lists(&self) -> [(&'static str, &[String]); 3] {
        [
            ("appreciate", self.appreciate.as_deref().unwrap_or_default()),
            ("important", self.important.as_deref().unwrap_or_default()),
            ("support", self.support.as_deref().unwrap_or_default()),
        ]
    }
}

/// A target of the previous IEP and how it went.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousTarget {
    /// The target as it was agreed.
    pub target: String,
    /// What was done to address the need.
    #[serde(default)]
    pub actions: Option<String>,
    /// Whether it was achieved.
    pub outcome: Outcome,
    /// Why, when it was not fully achieved.
    #[serde(default)]
    pub comment: Option<String>,
}

/// How far a target was achieved, at its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Fully achieved.
    FullyAchieved,
    /// Partially achieved.
    PartiallyAchieved,
    /// Not achieved.
    #[default]
    NotAchieved,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 3] = [
        Outcome::FullyAchieved,
        Outcome::PartiallyAchieved,
        Outcome::NotAchieved,
    ];

    /// The name as written in the plan: `partially_achieved`.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::FullyAchieved => "fully_achieved",
            Outcome::PartiallyAchieved => "partially_achieved",
            Outcome::NotAchieved => "not_achieved",
        }
    }

    /// As the Highland form words it: "fully achieved".
    pub fn label(self) -> &'static str {
        match self {
            Outcome::FullyAchieved => "fully achieved",
            Outcome::PartiallyAchieved => "partially achieved",
            Outcome::NotAchieved => "not achieved",
        }
    }
}

/// A long-term target and the short-term targets towards it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// The area of need (SMART's Relevant).
    #[serde(default)]
    pub area: Option<Area>,
    /// The long-term target, usually for a school year.
    #[serde(default)]
    pub long_term: Option<String>,
    /// Short-term SMART targets towards it.
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// A short-term SMART target.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// What the pupil will do (Specific).
    #[serde(default)]
    pub target: Option<String>,
    /// How it is taught (Achievable).
    #[serde(default)]
    pub strategies: Option<String>,
    /// When, where and how often.
    #[serde(default)]
    pub when: Option<String>,
    /// Who is responsible (Achievable).
    #[serde(default)]
    pub who: Option<String>,
    /// Equipment, programmes or materials.
    #[serde(default)]
    pub resources: Option<String>,
    /// How everyone will know it is met (Measurable).
    #[serde(default)]
    pub success: Option<String>,
    /// When it should be met (Time-bound).
    #[serde(default)]
    pub by: Option<Date>,
    /// The target in the pupil's own words, for the pupil-friendly version.
    #[serde(default)]
    #[serde(serialize_with = "fields::pupil_page")]
    pub pupil_words: Option<String>,
    /// Who helps, as the pupil knows them ("Mrs Ross"), for the pupil-friendly version; it
    /// shows `who` when absent.
    #[serde(default)]
    #[serde(serialize_with = "fields::pupil_page")]
    pub pupil_helpers: Option<String>,
    /// A built-in symbol name or an image path, for the pupil-friendly version.
    #[serde(default)]
    #[serde(serialize_with = "fields::pupil_page_picture")]
    pub symbol: Option<String>,
    /// Monitoring notes, one a term (Durants has six terms).
    #[serde(default)]
    pub monitoring: Vec<String>,
    /// What was achieved, recorded at review.
    #[serde(default)]
    pub achievement: Option<String>,
    /// How far the target was achieved, recorded at review (Highland's words).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Why, when it was not fully achieved: "almost achieved: needs more time", what got in the
    /// way, or what is changed next (Highland guidance). Recorded at review.
    #[serde(default)]
    pub review_comment: Option<String>,
    /// How and when the target was changed during the term, and why.
    #[serde(default)]
    pub modified: Option<String>,
    /// The provision as data, for the provision map (`iep provision`): sessions a week. When
    /// absent, the map reads `when` ("3 x 20 minutes a week").
    #[serde(default)]
    pub sessions_per_week: Option<u32>,
    /// Minutes a session.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Pupils taught together in a session (1 is one to one; a group plan's members by
    /// default).
    #[serde(default)]
    pub group_size: Option<u32>,
    /// Who delivers it, as the school names the role: "teaching assistant", "speech and
    /// language therapist".
    #[serde(default)]
    pub staff: Option<String>,
    /// Where: "in class", "small group room".
    #[serde(default)]
    pub setting: Option<String>,
}

/// An area of need.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Communication and interaction (one of the four areas of the SEND code).
    CommunicationAndInteraction,
    /// Cognition and learning.
    CognitionAndLearning,
    /// Sensory and physical.
    SensoryAndPhysical,
    /// Social, emotional and mental health.
    SocialEmotionalMentalHealth,
    /// Literacy.
    Literacy,
    /// Numeracy.
    Numeracy,
    /// Independence skills.
    Independence,
    /// Anything else.
    Other,
}

impl Area {
    /// Every area, in the order of the plan format.
    pub const ALL: [Area; 8] = [
        Area::CommunicationAndInteraction,
        Area::CognitionAndLearning,
        Area::SensoryAndPhysical,
        Area::SocialEmotionalMentalHealth,
        Area::Literacy,
        Area::Numeracy,
        Area::Independence,
        Area::Other,
    ];

    /// The four broad areas of need of the SEND code, as Durants School bands its form.
    pub const FOUR_AREAS: [Area; 4] = [
        Area::CommunicationAndInteraction,
        Area::CognitionAndLearning,
        Area::SensoryAndPhysical,
        Area::SocialEmotionalMentalHealth,
    ];

    /// The name as written in the plan: `communication_and_interaction`.
    pub fn key(self) -> &'static str {
        match self {
            Area::CommunicationAndInteraction => "communication_and_interaction",
            Area::CognitionAndLearning => "cognition_and_learning",
            Area::SensoryAndPhysical => "sensory_and_physical",
            Area::SocialEmotionalMentalHealth => "social_emotional_mental_health",
            Area::Literacy => "literacy",
            Area::Numeracy => "numeracy",
            Area::Independence => "independence",
            Area::Other => "other",
        }
    }

    /// The name in words: "Communication and interaction".
    pub fn label(self) -> &'static str {
        match self {
            Area::CommunicationAndInteraction => "Communication and interaction",
            Area::CognitionAndLearning => "Cognition and learning",
            Area::SensoryAndPhysical => "Sensory and physical",
            Area::SocialEmotionalMentalHealth => "Social, emotional and mental health",
            Area::Literacy => "Literacy",
            Area::Numeracy => "Numeracy",
            Area::Independence => "Independence",
            Area::Other => "Other",
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Plan {
    /// Where the value at `field` stands in the file the plan was read from: `None` for a plan
    /// built in code, or a field the file does not have.
    pub fn place(&self, field: &FieldPath) -> Option<crate::source::Place> {
        self.places.place(field)
    }

    /// The folder of the file the plan was read from, where the paths of its pictures start.
    pub fn folder(&self) -> Option<&std::path::Path> {
        self.folder.as_deref()
    }

    /// Takes the paths of the plan's pictures from `folder`, as for a plan read from a file
    /// there: for a plan built in code.
    pub fn set_folder(&mut self, folder: impl Into<PathBuf>) {
        self.folder = Some(folder.into());
    }

    /// Every short-term target with the numbers of its goal and of itself (both from 0).
    pub fn targets(&self) -> impl Iterator<Item = (usize, usize, &Target)> {
        self.goals.iter().enumerate().flat_map(|(g, goal)| {
            goal.targets
                .iter()
                .enumerate()
                .map(move |(t, target)| (g, t, target))
        })
    }

    /// The pupil's full name (empty in a plan that does not give it).
    pub fn name(&self) -> &str {
        self.pupil.name.as_deref().unwrap_or_default()
    }

    /// The school's name (empty in a plan that does not give it).
    pub fn school(&self) -> &str {
        self.school.as_deref().unwrap_or_default()
    }

    /// The name the pupil is known by: `known_as`, or the first part of the name.
    pub fn known_as(&self) -> &str {
        self.pupil
            .known_as
            .as_deref()
            .or_else(|| self.name().split_whitespace().next())
            .unwrap_or_default()
    }

    /// The language the text at `field` (a path of [`texts`](Self::texts)) is written in, when
    /// the plan says it is not English: a view's (`views.parents`), or a paragraph's of a view
    /// in two languages (`views.parents[1].text`). Checks that read English only ask it.
    pub fn language_of(&self, field: &FieldPath) -> Option<&Language> {
        self.views
            .texts()
            .into_iter()
            .find(|text| text.path == *field)
            .and_then(|text| text.language)
    }

    /// Every piece of text the plan holds that a form may print, with its path, in file order.
    /// Paths of pictures and names of symbols are left out: they are looked up, not printed.
    pub fn texts(&self) -> Vec<(FieldPath, String)> {
        fields::walk(self)
            .into_iter()
            .filter_map(|field| match field {
                Field::Text(path, text) => Some((path, text)),
                _ => None,
            })
            .collect()
    }

    /// Every field the plan fills, text or not: what a form could print. Texts of only spaces
    /// count as not filled; settings of how the plan is printed (its form, a view's language,
    /// the pupil page's typeface and paper) are not fields a form prints.
    pub fn filled(&self) -> Vec<FieldPath> {
        fields::walk(self)
            .into_iter()
            .filter_map(|field| match field {
                Field::Text(path, text) => (!text.trim().is_empty()).then_some(path),
                Field::Value(path) => Some(path),
                Field::List(..) | Field::PupilPage(_) => None,
            })
            .collect()
    }

    /// Every field only the pupil-friendly page prints, given or not: the name the pupil goes
    /// by, their photo, and each target's words, helpers and symbol as the pupil has them. No
    /// school form is asked to print these.
    pub(crate) fn pupil_page_fields(&self) -> Vec<FieldPath> {
        fields::walk(self)
            .into_iter()
            .filter_map(|field| match field {
                Field::PupilPage(path) => Some(path),
                _ => None,
            })
            .collect()
    }

    /// Every list the plan holds, with its path and length, each before the lists inside it.
    pub fn lists(&self) -> Vec<(FieldPath, usize)> {
        fields::walk(self)
            .into_iter()
            .filter_map(|field| match field {
                Field::List(path, length) => Some((path, length)),
                _ => None,
            })
            .collect()
    }

    /// True when the plan has no agreed date, and so is a draft.
    pub fn is_draft(&self) -> bool {
        self.plan.agreed.is_none()
    }
}
