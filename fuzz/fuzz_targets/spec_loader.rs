//! The spec loader and checker on arbitrary bytes: `zohocrm_build::load_files` must return
//! a model or diagnostics, never panic, overflow its stack or hang; a model it accepts must
//! emit without panicking.
//!
//! The input is one spec file, loaded next to a valid `api.json` (so the cross-file checks and
//! the emitter are reached), or, when it starts with `@`, alone as the only file of the spec;
//! `\x00\x00` splits it into several files.

#![no_main]

use libfuzzer_sys::fuzz_target;

const API: &[u8] = include_bytes!("../../codegen/tests/bad_specs/_base/api.json");

fuzz_target!(|data: &[u8]| {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let body = match data.strip_prefix(b"@") {
        Some(rest) => rest,
        None => {
            files.push(("spec/api.json".into(), API.to_vec()));
            data
        }
    };
    for (i, part) in body
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .enumerate()
        .take(4)
    {
        files.push((format!("spec/file{i}.json"), part.to_vec()));
    }
    if files.is_empty() {
        files.push(("spec/empty.json".into(), Vec::new()));
    }
    match zohocrm_build::load_files(&files) {
        Ok(api) => {
            let generated = zohocrm_build::emit::emit(&api, zohocrm_build::Options::default());
            assert!(!generated.is_empty());
        }
        Err(errors) => {
            // Every problem names a file and a position.
            for d in errors.diagnostics() {
                assert!(d.line >= 1 && d.column >= 1, "{d}");
                assert!(!d.message.is_empty(), "{d}");
            }
            let _ = errors.to_string();
        }
    }
});
