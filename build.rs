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
        Ok(generated) => {
            // `some_families`: a build without every family, where runtime parts only the
            // others use are left unused.
            println!("cargo::rustc-check-cfg=cfg(some_families)");
            let missing = generated.features.iter().any(|feature| {
                let var = format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"));
                std::env::var_os(var).is_none()
            });
            if missing {
                println!("cargo::rustc-cfg=some_families");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            for line in e.to_string().lines() {
                println!("cargo::error={line}");
            }
            ExitCode::FAILURE
        }
    }
}
