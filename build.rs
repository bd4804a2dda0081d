//! Generates the API bindings from `spec/` into `OUT_DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let config = zohocrm_build::Config::new(manifest_dir.join("spec"))
        .out_dir(out_dir)
        .cargo_metadata(true);
    #[cfg(feature = "format")]
    let config = config.format(true);
    match config.generate() {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            for line in e.to_string().lines() {
                println!("cargo::error={line}");
            }
            ExitCode::FAILURE
        }
    }
}
