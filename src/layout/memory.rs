//! Memory for the documents being rendered at once, shared by every thread of the process: a
//! run's memory is bounded, not each plan's. Each render is weighed before it starts by what
//! its document holds (its text, and its pictures as they will be decoded) and waits until its
//! weight fits beside the renders already at work. Small documents (a plan of a few pages
//! weighs a few megabytes) run side by side on every worker; the largest a plan can make run
//! one or two at a time, whatever the number of workers.

use std::sync::{Condvar, Mutex, PoisonError};

use crate::document::{Block, Document, Image};

/// The memory renders in progress may take together, in bytes.
const BUDGET: usize = 64 * 1024 * 1024;

/// What every render takes besides its text and pictures: the pages, the PDF's objects.
const BASE: usize = 2 * 1024 * 1024;

/// What a character of text takes while it is shaped, broken into lines and drawn (measured on
/// the largest plans: under 180 bytes).
const PER_CHARACTER: usize = 200;

/// The memory in use by renders, and the renders waiting for some to be freed.
static IN_USE: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// A render's share of the budget, given back when it is dropped.
pub(crate) struct Admitted(usize);

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut in_use = IN_USE.lock().unwrap_or_else(PoisonError::into_inner);
        *in_use -= self.0;
        FREED.notify_all();
    }
}

/// Waits until `document` can be rendered within the budget, and takes its share. A document
/// heavier than the whole budget waits until it can run alone.
pub(crate) fn admit(document: &Document) -> Admitted {
    let weight = weight(document).min(BUDGET);
    let mut in_use = IN_USE.lock().unwrap_or_else(PoisonError::into_inner);
    while *in_use + weight > BUDGET {
        in_use = FREED.wait(in_use).unwrap_or_else(PoisonError::into_inner);
    }
    *in_use += weight;
    Admitted(weight)
}

/// The memory a render of `document` takes, in bytes: its text as it is laid out, and its
/// pictures as they are decoded for print.
fn weight(document: &Document) -> usize {
    let text = |runs: &[crate::document::Run]| runs.iter().map(|run| run.text.len()).sum::<usize>();
    let mut characters = 0;
    let mut pictures = 0;
    for running in [&document.header, &document.footer].into_iter().flatten() {
        characters += running.left.len() + running.center.len() + running.right.len();
    }
    for block in &document.blocks {
        match block {
            Block::Heading { text, .. } => characters += text.len(),
            Block::Paragraph(paragraph) => characters += text(&paragraph.runs),
            Block::Table(table) => {
                for cell in table
                    .header
                    .iter()
                    .chain(&table.rows)
                    .flat_map(|r| &r.cells)
                {
                    characters += cell.paragraphs.iter().map(|p| text(&p.runs)).sum::<usize>();
                    pictures += cell.image.as_ref().map_or(0, decoded);
                }
            }
            Block::Image(image) => pictures += decoded(image),
            Block::Space(_) | Block::PageBreak => {}
        }
    }
    BASE + characters * PER_CHARACTER + pictures
}

/// The bytes `image` takes decoded for print: its file, and its pixels at the size print needs.
fn decoded(image: &Image) -> usize {
    image.data.len() + crate::picture::decoded_bytes(&image.data, image.width_mm)
}
