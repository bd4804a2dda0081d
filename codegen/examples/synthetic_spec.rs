//! Writes a synthetic spec for the build-cost benchmarks:
//! `cargo run -p zohocrm-codegen --example synthetic_spec -- ENDPOINTS DIR` (0 endpoints writes
//! `api.json` alone: the empty spec).

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(endpoints), Some(dir)) = (args.first().and_then(|n| n.parse().ok()), args.get(1))
    else {
        eprintln!("usage: synthetic_spec ENDPOINTS DIR");
        return ExitCode::FAILURE;
    };
    if let Err(e) = write(endpoints, dir) {
        eprintln!("cannot write {dir}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn write(endpoints: usize, dir: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in synthetic::spec(endpoints) {
        std::fs::write(std::path::Path::new(dir).join(name), text)?;
    }
    Ok(())
}
