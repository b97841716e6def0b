//! Any bytes as a plan file: loading never panics or hangs, and a plan that loads is validated
//! under every built-in policy.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = iep::Source::new("fuzz.yaml", text);
    if let Ok(plan) = iep::parse(&source) {
        for name in iep::form::BUILTIN_FORMS {
            if let Some(policy) = iep::Policy::builtin(name) {
                let _ = iep::validate(&plan, &policy);
                let _ = iep::validate(&plan, &policy.with_pupil_checks());
            }
        }
    }
});
