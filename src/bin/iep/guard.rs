//! The last guard of a batch: a panic in the work on one plan (a fault in iep or in a library it
//! uses, met by some input no check foresaw) fails that plan with a message, and the other plans
//! go on. The checks in the library are the first line; this one only keeps one plan's fault
//! from losing the rest of the batch.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

/// The stack each worker runs a plan on: the deepest form iep compiles (its expressions are
/// bounded by `iep::form::MAX_OPERATIONS`, its statements by minijinja's own nesting limit) needs
/// far less, and the pages of a stack that are never touched cost no memory.
pub const WORKER_STACK: usize = 16 * 1024 * 1024;

thread_local! {
    /// Set while this thread works under [`guarded`]: a panic is then kept for its message.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Makes panics under [`guarded`] quiet, kept for the message of the plan they stop; any other
/// panic is printed as before. Only the place in iep's or a library's code is kept, never the
/// panic's own words, which may quote the plan (a string cut at a bad place is printed whole)
/// and would reach a JSON report.
pub fn install() {
    let printed = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) {
            let place = info.location().map_or_else(
                || "a fault".to_owned(),
                |at| format!("a fault at {}:{}", at.file(), at.line()),
            );
            PANIC.with(|panic| *panic.borrow_mut() = Some(place));
        } else {
            printed(info);
        }
    }));
}

/// Runs `work`; a panic in it is returned as its description rather than ending the process.
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    GUARDED.with(|guarded| guarded.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|guarded| guarded.set(false));
    result.map_err(|_| {
        PANIC
            .with(|panic| panic.borrow_mut().take())
            .unwrap_or_else(|| "a fault".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::{guarded, install};

    #[test]
    fn a_panic_under_the_guard_is_its_message_and_the_thread_goes_on() {
        install();
        let failed = guarded(|| -> u8 { panic!("a fault quoting a plan: Sam Example") });
        let said = failed.err().unwrap_or_default();
        assert!(said.starts_with("a fault at "), "{said}");
        assert!(said.contains("guard.rs"), "{said}");
        assert!(!said.contains("Sam"), "{said}");
        assert_eq!(guarded(|| 7), Ok(7));
    }
}
