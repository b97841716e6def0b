//! What school text holds prints: the signs Word pastes (• ▪ ✓ ½ £ ° ×), a child's emoji, the
//! home languages of pupils in England and Scotland (fonts/README.md's table) and a view in two
//! languages, each paragraph tagged with its own. Read back from the PDF with pdftotext, pdffonts
//! and pikepdf, and from the DOCX with python-docx. A character that still cannot print costs the
//! PDF alone: the DOCX asked for is written, and `iep check` names the same field.

use std::path::Path;
use std::process::Command;

use crate::common;

use common::{Scratch, assert_says, docx_part, files, iep, pdf_structure, solid, stderr, tool};
use iep::FieldPath;
use iep::FontDir;
use std::sync::Arc;

/// The text of a PDF as pdftotext reads it, without the direction marks it puts around
/// right-to-left text.
fn pdf_text(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-enc", "UTF-8"], pdf, "pdf");
    assert!(ok, "{text}");
    text.chars()
        .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
        .collect()
}

/// The fonts pdffonts lists, one line each; every one must be embedded and subset.
fn pdf_fonts(pdf: &[u8]) -> String {
    let (ok, listing) = tool("pdffonts", &[], pdf, "pdf");
    assert!(ok, "{listing}");
    for line in listing.lines().skip(2) {
        assert!(
            line.contains("yes yes yes"),
            "not embedded and subset: {line}"
        );
    }
    listing
}

/// Every paragraph of a DOCX, body and tables, as python-docx reads it, a line each.
fn docx_text(docx: &Path) -> String {
    let script = r#"
import sys, docx
document = docx.Document(sys.argv[1])
def cells(table):
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                print(paragraph.text)
            for inner in cell.tables:
                cells(inner)
for paragraph in document.paragraphs:
    print(paragraph.text)
for table in document.tables:
    cells(table)
"#;
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(docx)
        .output()
        .unwrap_or_else(|e| panic!("python3 ({e}): run scripts/test, which installs python-docx"));
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Renders `plans` with `args` into `out` below `scratch`, and says what the command did.
fn render(plans: &[&str], args: &[&str], out: &Path) -> std::process::Output {
    let out = out.display().to_string();
    let mut all = vec!["render"];
    all.extend(plans);
    all.extend(args);
    all.extend(["--out", &out, "--quiet"]);
    iep(&all)
}

#[test]
fn text_pasted_from_word_prints_every_sign_in_the_pdf_and_the_docx() {
    let scratch = Scratch::new("languages-word");
    // Saved from Word with Windows line ends.
    let text = std::fs::read_to_string("tests/realistic/word-paste.yaml")
        .unwrap_or_default()
        .replace('\n', "\r\n");
    let plan = scratch.write("liv.yaml", &text);
    let out = scratch.0.join("out");
    let rendered = render(&[&plan], &["--both", "--to", "pdf,docx"], &out);
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    assert_eq!(
        files(&out),
        ["liv-pupil.docx", "liv-pupil.pdf", "liv.docx", "liv.pdf"]
    );
    let pdf = read(&out.join("liv.pdf"));
    let from_pdf = solid(&pdf_text(&pdf));
    let from_docx = solid(&docx_text(&out.join("liv.docx")));
    for shown in [
        "St Mary’s C of E Primary School",
        "“Brilliant” at drawing",
        "Kind and helpful ✓",
        "• Reads at about a Year 3 level",
        "▪ Gets cold quickly: the room is kept at 20 °C",
        "✓ Pre-teach",
        "“word ladder”",
        "✓ Praise the ‘good",
        "£5 a term",
        "½ an hour",
        "3 × 20 minutes",
        "10 × 10",
        "Read Year 4 texts with understanding",
        "We’d like Liv to enjoy reading",
    ] {
        assert!(from_pdf.contains(&solid(shown)), "PDF lacks {shown:?}");
        assert!(from_docx.contains(&solid(shown)), "DOCX lacks {shown:?}");
    }
    // The soft hyphen Word leaves in a word is dropped, and no control character is left.
    for text in [&from_pdf, &from_docx] {
        assert!(!text.contains('\u{ad}') && !text.contains('\r'));
    }
    let fonts = pdf_fonts(&pdf);
    assert!(fonts.contains("LiberationSans"), "{fonts}");
    // The tick Liberation Sans lacks prints from another bundled face, never as an empty box.
    assert!(fonts.contains("Andika"), "{fonts}");
}

#[test]
fn a_childs_note_with_emoji_prints_in_black_and_white() {
    let scratch = Scratch::new("languages-emoji");
    let out = scratch.0.join("out");
    let rendered = render(
        &["tests/realistic/emoji-note.yaml"],
        &["--both", "--to", "pdf,docx"],
        &out,
    );
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    let form = read(&out.join("emoji-note.pdf"));
    let text = solid(&pdf_text(&form));
    for emoji in ["Biscuit🐶", "football⚽", "loud😣", "⏳"] {
        assert!(
            text.contains(emoji),
            "{emoji} missing from the form: {text}"
        );
    }
    let fonts = pdf_fonts(&form);
    assert!(fonts.contains("NotoEmoji-Regular"), "{fonts}");
    // Drawn as outlines of one colour, as a font's glyphs: no picture stands in for them.
    let (ok, images) = tool("pdfimages", &["-list"], &form, "pdf");
    assert!(ok && images.lines().count() == 2, "{images}");
    let wall = read(&out.join("emoji-note-pupil.pdf"));
    let text = solid(&pdf_text(&wall));
    // pdftotext reads the page's two cards line by line across both.
    assert!(text.contains("😠") && text.contains("🙂"), "{text}");
    assert!(pdf_fonts(&wall).contains("NotoEmoji-Regular"));
    let docx = docx_text(&out.join("emoji-note.docx"));
    assert!(
        docx.contains("I love my dog Biscuit 🐶 and football ⚽."),
        "{docx}"
    );
}

/// The plans with a view in two languages: file, the languages of its parents' view in order,
/// the text of each paragraph.
const TWO_LANGUAGES: [(&str, [&str; 2], [&str; 2]); 2] = [
    (
        "polish-romanian",
        ["pl", "ro"],
        [
            "Chcemy, żeby Ola więcej czytała po angielsku i nie bała się prosić o pomoc.",
            "Ne dorim ca Ola să citească mai mult și să nu-i fie teamă să ceară ajutor.",
        ],
    ),
    (
        "somali-tigrinya",
        ["so", "ti"],
        [
            "Waxaan rabnaa in Yonas uu fasalka ku kalsoonaado oo uu akhriyo buugaag badan.",
            "ዮናስ ኣብ ክፍሊ ብዝያዳ ክዛረብን ክተኣማመንን ንደሊ።",
        ],
    ),
];

#[test]
fn a_view_in_two_languages_is_tagged_paragraph_by_paragraph_in_the_pdf_and_the_docx() {
    let scratch = Scratch::new("languages-two");
    let out = scratch.0.join("out");
    let plans: Vec<String> = TWO_LANGUAGES
        .iter()
        .map(|(name, _, _)| format!("tests/realistic/{name}.yaml"))
        .collect();
    let plans: Vec<&str> = plans.iter().map(String::as_str).collect();
    let rendered = render(&plans, &["--to", "pdf,docx"], &out);
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    for (name, languages, paragraphs) in TWO_LANGUAGES {
        let pdf = read(&out.join(format!("{name}.pdf")));
        let text = solid(&pdf_text(&pdf));
        for paragraph in paragraphs {
            assert!(text.contains(&solid(paragraph)), "{name}: {paragraph}");
        }
        // Each paragraph's span carries its own language; the form's own words none.
        let structure = pdf_structure(&pdf);
        assert_eq!(
            structure["span_langs"],
            serde_json::json!(languages),
            "{name}"
        );
        assert_eq!(structure["lang"], "en-GB");
        let docx_path = out.join(format!("{name}.docx"));
        let docx = read(&docx_path);
        let xml = docx_part(&docx, "word/document.xml");
        for (language, paragraph) in languages.iter().zip(paragraphs) {
            let marked = format!("<w:lang w:val=\"{language}\"/>");
            let at = xml
                .find(&marked)
                .unwrap_or_else(|| panic!("{name}: {marked}"));
            let run_end = xml[at..].find("</w:r>").map_or(xml.len(), |end| at + end);
            assert!(xml[at..run_end].contains(paragraph), "{name}: {language}");
        }
        // Two paragraphs of their own, as Word shows them.
        let lines = docx_text(&docx_path);
        for paragraph in paragraphs {
            assert!(
                lines.lines().any(|line| line == paragraph),
                "{name}: {lines}"
            );
        }
    }
    // The Ethiopic script prints in its own font; Polish and Romanian in the form's.
    let fonts = pdf_fonts(&read(&out.join("somali-tigrinya.pdf")));
    assert!(fonts.contains("NotoSansEthiopic-Regular"), "{fonts}");
    let fonts = pdf_fonts(&read(&out.join("polish-romanian.pdf")));
    assert!(!fonts.contains("Noto"), "{fonts}");
    // On the Highland form the view follows its "Details;" label, which stays English.
    let pdf = read(&out.join("polish-romanian.pdf"));
    let elements = pdf_structure(&pdf)["elements"].to_string();
    assert!(!elements.contains("\"Lang\":\"pl\""), "{elements}");
}

#[test]
fn each_paragraph_of_a_view_gives_its_language_to_the_checks() {
    let yaml = std::fs::read_to_string("tests/realistic/somali-tigrinya.yaml")
        .unwrap_or_default()
        .replace(
            "      language: ti\n",
            "      language: ti\n    - Our son also speaks Somali at the mosque.\n    - text: Thank you.\n",
        )
        .replace("  pupil: I like", "  parents_language: en-GB\n  pupil: I like");
    let plan = common::parse(&yaml).unwrap_or_else(|e| panic!("{e}"));
    let parents = FieldPath::root().key("views").key("parents");
    let language = |path: &FieldPath| plan.language_of(path).map(|l| l.to_string());
    assert_eq!(language(&parents.index(0).key("text")), Some("so".into()));
    assert_eq!(language(&parents.index(1).key("text")), Some("ti".into()));
    // Without a language of its own, a paragraph is in the view's (`parents_language`).
    assert_eq!(language(&parents.index(2)), Some("en-GB".into()));
    assert_eq!(
        language(&parents.index(3).key("text")),
        Some("en-GB".into())
    );
    let pupil = FieldPath::root().key("views").key("pupil");
    assert_eq!(language(&pupil), None);
    // Every paragraph is a text of the plan, at its own line.
    let texts: Vec<(String, Option<usize>)> = plan
        .texts()
        .into_iter()
        .filter(|(path, _)| path.to_string().starts_with("views"))
        .map(|(path, _)| (path.to_string(), plan.place(&path).map(|p| p.line)))
        .collect();
    assert_eq!(
        texts,
        [
            ("views.pupil".to_owned(), Some(32)),
            ("views.parents[0].text".to_owned(), Some(34)),
            ("views.parents[1].text".to_owned(), Some(36)),
            ("views.parents[2]".to_owned(), Some(38)),
            ("views.parents[3].text".to_owned(), Some(39)),
        ]
    );
    // The one-string form with `parents_language` is as it was.
    let plan = common::parse(
        &std::fs::read_to_string("examples/plans/general.yaml")
            .unwrap_or_default()
            .replace(
                "\n  parents: We want",
                "\n  parents_language: pl\n  parents: We want",
            ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        plan.language_of(&parents).map(|l| l.to_string()),
        Some("pl".into())
    );
}

#[test]
fn the_schema_and_a_new_plan_show_a_view_in_two_languages() {
    let schema = common::stdout(&iep(&["schema"]));
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap_or_else(|e| panic!("{e}"));
    let view = &schema["$defs"]["View"]["anyOf"];
    assert_eq!(view[0]["type"], "string");
    assert_eq!(view[1]["type"], "array");
    let fields = &schema["$defs"]["ParagraphFields"];
    assert_eq!(fields["required"], serde_json::json!(["text"]));
    assert!(fields["properties"]["language"].is_object());
    let starter = common::stdout(&iep(&["new", "--form", "general"]));
    assert!(starter.contains("#       language: so"), "{starter}");
}

/// Samples of the home languages of fonts/README.md's table: language, code, a sentence.
const HOME_LANGUAGES: [(&str, &str, &str); 27] = [
    ("Urdu", "ur", "ہم چاہتے ہیں کہ وہ پراعتماد ہو"),
    ("Panjabi", "pa", "ਅਸੀਂ ਚਾਹੁੰਦੇ ਹਾਂ ਕਿ ਉਹ ਪੜ੍ਹੇ"),
    ("Polish", "pl", "Chcemy, żeby więcej czytała"),
    ("Bengali", "bn", "আমরা চাই সে আত্মবিশ্বাসী হোক"),
    ("Somali", "so", "Waxaan rabnaa inuu wax badan akhriyo"),
    ("Arabic", "ar", "نريد أن يكون واثقا من نفسه"),
    ("Gujarati", "gu", "અમે ઇચ્છીએ છીએ કે તે વધુ વાંચે"),
    ("Portuguese", "pt", "Queremos que ele leia mais"),
    ("Tamil", "ta", "அவன் நிறைய படிக்க வேண்டும்"),
    ("French", "fr", "Nous voulons qu’il ait confiance en lui"),
    ("Turkish", "tr", "Okumayı sevmesini istiyoruz"),
    ("Scots", "sco", "We want him tae feel mair confident"),
    ("Yoruba", "yo", "A fẹ́ kí ó ní ìgboyà"),
    ("Spanish", "es", "Queremos que lea más"),
    ("Persian", "fa", "می\u{200C}خواهیم اعتماد به نفس داشته باشد"),
    (
        "Romanian",
        "ro",
        "Vrem să citească mai mult și să fie încrezător",
    ),
    ("Lithuanian", "lt", "Norime, kad jis daugiau skaitytų"),
    ("Italian", "it", "Vogliamo che legga di più"),
    ("Tagalog", "tl", "Gusto naming magbasa pa siya"),
    ("German", "de", "Wir möchten, dass er mehr liest"),
    ("Gaelic", "gd", "Tha sinn airson gum bi e nas misneachaile"),
    ("Albanian", "sq", "Duam që ai të lexojë më shumë"),
    ("Igbo", "ig", "Anyị chọrọ ka ọ gụọ akwụkwọ"),
    ("Luganda", "lg", "Twagala asome nnyo era abeere mugumu"),
    ("Sinhala", "si", "අපට අවශ්\u{200D}යයි ශ්\u{200D}රී ලංකාව"),
    ("Amharic", "am", "በራስ መተማመን እንዲኖረው እንፈልጋለን"),
    ("Tigrinya", "ti", "ብዝያዳ ክተኣማመን ንደሊ"),
];

/// Other languages of UK pupils fonts/README.md says print: language, a few words.
const OTHER_LANGUAGES: [(&str, &str); 16] = [
    ("Russian", "Мы хотим, чтобы он читал"),
    ("Ukrainian", "Ми хочемо, щоб він читав більше"),
    ("Bulgarian", "Искаме да чете повече"),
    ("Latvian", "Mēs vēlamies, lai viņš lasa vairāk"),
    ("Hungarian", "Szeretnénk, ha többet olvasna"),
    ("Czech", "Chceme, aby více četl"),
    ("Slovak", "Chceme, aby viac čítal"),
    ("Vietnamese", "Chúng tôi muốn con đọc nhiều hơn"),
    ("Akan", "Yɛpɛ sɛ ɔkenkan nhoma pii"),
    ("Pashto", "موږ غواړو چې هغه ډېر ولولي"),
    ("Dari", "ما می\u{200C}خواهیم که او بیشتر بخواند"),
    ("Kurdish Sorani", "ئێمە دەمانەوێت زیاتر بخوێنێتەوە"),
    ("Hindi", "हम चाहते हैं कि वह अधिक पढ़े"),
    ("Nepali", "हामी चाहन्छौं कि ऊ धेरै पढोस्"),
    ("Malayalam", "അവൻ കൂടുതൽ വായിക്കണമെന്ന് ഞങ്ങൾ ആഗ്രഹിക്കുന്നു"),
    ("Greek", "Θέλουμε να διαβάζει περισσότερο"),
];

/// Debian's fonts for Chinese and Japanese (fonts-droid-fallback) and for Korean (fonts-nanum):
/// what a school gives with `--font-dir`.
const CHINESE_AND_JAPANESE: &str = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
const KOREAN: &str = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

/// The three languages of the table that print only with a school's own fonts.
const WITH_A_FONT_FOLDER: [(&str, &str, &str); 3] = [
    ("Chinese", "zh", "我们希望他更有信心"),
    ("Japanese", "ja", "もっと自信を持ってほしいです"),
    ("Korean", "ko", "우리는 그가 더 자신감을 갖기를 원합니다"),
];

/// True when the check finds every character of `text`, as the parents' view, printable in
/// the PDF (no `unprintable-text`), with the school's `fonts` when given.
fn prints(text: &str, fonts: Option<Arc<FontDir>>) -> bool {
    let yaml = common::CLEAN.replace("We want Sam to be confident.", text);
    let print = iep::Print {
        font_dir: fonts,
        ..iep::Print::default()
    };
    !print
        .check(&iep::Source::new("plan.yaml", yaml))
        .codes()
        .contains(&iep::Code::UnprintableText)
}

#[test]
fn the_commonest_home_languages_of_pupils_print_and_the_rest_print_from_a_font_folder() {
    let others = OTHER_LANGUAGES.map(|(language, sample)| (language, "", sample));
    for (language, _, sample) in HOME_LANGUAGES.iter().chain(&others) {
        assert!(prints(sample, None), "{language}");
    }
    // A school's folder with Debian's fonts for Chinese and Japanese, and for Korean.
    let scratch = Scratch::new("languages-census");
    let folder = scratch.0.join("fonts");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    for font in [CHINESE_AND_JAPANESE, KOREAN] {
        let name = Path::new(font).file_name().unwrap_or_default();
        std::fs::copy(font, folder.join(name))
            .unwrap_or_else(|e| panic!("{font}: {e}: scripts/test installs it"));
    }
    let school_fonts = Arc::new(FontDir::load(&folder).unwrap_or_else(|e| panic!("{e}")));
    for (language, _, sample) in WITH_A_FONT_FOLDER {
        assert!(!prints(sample, None), "{language}");
        assert!(prints(sample, Some(school_fonts.clone())), "{language}");
    }
    // All of them in one view, a paragraph each in its language, read back from the PDF.
    let paragraphs: String = HOME_LANGUAGES
        .iter()
        .chain(&WITH_A_FONT_FOLDER)
        .map(|(_, code, sample)| format!("    - text: {sample}\n      language: {code}\n"))
        .collect();
    let yaml = std::fs::read_to_string("examples/plans/general.yaml")
        .unwrap_or_default()
        .replace(
            "  parents: We want Amara to enjoy reading and not to feel she is behind. We are happy to practise at home every week.\n",
            &format!("  parents:\n{paragraphs}"),
        );
    let plan = scratch.write("census.yaml", &yaml);
    let out = scratch.0.join("out");
    let fonts = folder.display().to_string();
    let rendered = render(&[&plan], &["--font-dir", &fonts], &out);
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    let pdf = read(&out.join("census.pdf"));
    let text = solid(&pdf_text(&pdf));
    for (language, code, sample) in HOME_LANGUAGES.iter().chain(&WITH_A_FONT_FOLDER) {
        if *code == "ur" {
            // Set in Nastaliq, whose letters pdftotext reads out of order (the PDF's Unicode
            // for each cluster is right; the order of the clusters along the slanted line is
            // what it guesses); it is read back set in Naskh in scripts.rs.
            continue;
        }
        let sample = solid(sample).replace(['\u{200C}', '\u{200D}'], "");
        assert!(
            text.replace(['\u{200C}', '\u{200D}'], "").contains(&sample),
            "{language} does not read back: {text}"
        );
    }
    let structure = pdf_structure(&pdf);
    let mut codes: Vec<&str> = HOME_LANGUAGES
        .iter()
        .chain(&WITH_A_FONT_FOLDER)
        .map(|(_, code, _)| *code)
        .collect();
    codes.sort_unstable();
    // Each language once, as pikepdf lists them.
    assert_eq!(structure["span_langs"], serde_json::json!(codes));
    let listing = pdf_fonts(&pdf);
    for font in [
        "NotoNastaliqUrdu",
        "NotoSansGurmukhi",
        "NotoSansBengali",
        "NotoNaskhArabic",
        "NotoSansGujarati",
        "NotoSansTamil",
        "NotoSansSinhala",
        "NotoSansEthiopic",
        "DroidSansFallback",
        "NanumGothic",
    ] {
        assert!(listing.contains(font), "{font} not used: {listing}");
    }
}

#[test]
fn a_character_no_font_has_costs_the_pdf_alone_and_the_check_names_it() {
    let scratch = Scratch::new("languages-unprintable");
    let yaml = std::fs::read_to_string("tests/realistic/somali-tigrinya.yaml")
        .unwrap_or_default()
        .replace(
            "      language: ti\n",
            "      language: ti\n    - text: 우리는 그가 더 자신감을 갖기를 원합니다\n      language: ko\n",
        );
    let plan = scratch.write("yonas.yaml", &yaml);
    let good = scratch.write(
        "amara.yaml",
        &std::fs::read_to_string("examples/plans/general.yaml").unwrap_or_default(),
    );
    // The check names the paragraph's field, as the renderer will.
    let checked = iep(&["check", &plan]);
    let said = common::stdout(&checked);
    assert!(
        said.contains("warning[unprintable-text]: `views.parents`, item 3, `text`: Korean (U+C6B0) cannot be printed in a PDF"),
        "{said}"
    );
    assert!(
        said.contains(
            "so `iep render` writes no PDF of this plan (a DOCX, `--to docx`, prints it)"
        ),
        "{said}"
    );
    assert!(!said.contains("Unprintable") && checked.status.code() == Some(0));

    // Asked for both formats and both sheets: everything but the two PDFs is written.
    let out = scratch.0.join("both");
    let rendered = render(&[&plan, &good], &["--to", "pdf,docx", "--both"], &out);
    assert_eq!(rendered.status.code(), Some(1));
    assert_eq!(
        files(&out),
        [
            "amara-pupil.docx",
            "amara-pupil.pdf",
            "amara.docx",
            "amara.pdf",
            "yonas-pupil.docx",
            "yonas-pupil.pdf",
            "yonas.docx",
        ]
    );
    assert_says(
        &rendered,
        &[
            "no yonas.pdf written: Korean (U+C6B0) cannot be printed: no font iep has holds it (a font folder given with --font-dir can); it is in `views.parents`, item 3, `text`; the DOCX is written, and prints it",
        ],
    );
    assert!(!stderr(&rendered).contains("우리는"));
    let docx = docx_text(&out.join("yonas.docx"));
    assert!(
        docx.contains("우리는 그가 더 자신감을 갖기를 원합니다"),
        "{docx}"
    );

    // Asked for the PDF alone, nothing of that plan is written, and the words say so; a PDF
    // left from an earlier run is said to be one.
    let out = scratch.0.join("pdf");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("yonas.pdf"), b"%PDF earlier").unwrap_or_else(|e| panic!("{e}"));
    let rendered = render(&[&plan], &[], &out);
    assert_eq!(rendered.status.code(), Some(1));
    assert_says(
        &rendered,
        &[
            "no yonas.pdf written",
            "; a DOCX (`--to docx`) prints it (the yonas.pdf already there is from an earlier run)",
        ],
    );
    assert!(!stderr(&rendered).contains("the DOCX is written"));
    assert_eq!(read(&out.join("yonas.pdf")), b"%PDF earlier");

    // With a school's font folder, the PDF is written and the check is clean of it.
    let fonts = "/usr/share/fonts/truetype/nanum";
    let out = scratch.0.join("fonts");
    let rendered = render(&[&plan], &["--font-dir", fonts], &out);
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    let checked = common::stdout(&iep(&["check", &plan, "--font-dir", fonts]));
    assert!(!checked.contains("unprintable-text"), "{checked}");
}
