//! `zohocrm-codegen`: check the spec, generate the bindings, print the schema.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  zohocrm-codegen check [SPEC_DIR]              check the spec (default: spec); exit 1 on problems
  zohocrm-codegen generate [SPEC_DIR] --out DIR write the generated Rust into DIR
  zohocrm-codegen endpoints [SPEC_DIR]          print ENDPOINTS.md, the table of endpoints
  zohocrm-codegen schema                        print the JSON Schema of a spec file";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("zohocrm-codegen: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("no command given".into());
    };
    match command.as_str() {
        "check" => {
            let spec = spec_dir(positional(rest)?)?;
            match zohocrm_codegen::load_dir(&spec) {
                Ok(api) => {
                    let ops: usize = api.families.iter().map(|f| f.operations.len()).sum();
                    println!(
                        "{}: {} families, {ops} operations, {} types: ok",
                        spec.display(),
                        api.families.len(),
                        api.types.len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    eprintln!("{errors}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        "generate" => {
            let mut out = None;
            let mut positionals = Vec::new();
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--out" => out = Some(it.next().ok_or("--out needs a folder")?.clone()),
                    flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
                    _ => positionals.push(arg.clone()),
                }
            }
            let out = out.ok_or("generate needs --out DIR")?;
            let spec = spec_dir(positional(&positionals)?)?;
            match zohocrm_codegen::Config::new(&spec).out_dir(&out).generate() {
                Ok(done) => {
                    for path in &done.written {
                        println!("wrote {}", path.display());
                    }
                    for path in &done.removed {
                        println!("removed {}", path.display());
                    }
                    println!(
                        "{} files in {out}, {} changed",
                        done.files.len(),
                        done.written.len() + done.removed.len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        "endpoints" => {
            let spec = spec_dir(positional(rest)?)?;
            match zohocrm_codegen::load_dir(&spec) {
                Ok(api) => {
                    print!("{}", zohocrm_codegen::docs::endpoints_markdown(&api));
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    eprintln!("{errors}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        "schema" => {
            positional(rest)?
                .map_or(Ok(()), |extra| Err(format!("unexpected argument {extra}")))?;
            print!("{}", zohocrm_codegen::schema());
            Ok(ExitCode::SUCCESS)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other}")),
    }
}

/// The one optional positional argument; anything else is an error.
fn positional(args: &[String]) -> Result<Option<&String>, String> {
    match args {
        [] => Ok(None),
        [one] if !one.starts_with('-') => Ok(Some(one)),
        [one] => Err(format!("unknown option {one}")),
        [_, extra, ..] => Err(format!("unexpected argument {extra}")),
    }
}

fn spec_dir(arg: Option<&String>) -> Result<PathBuf, String> {
    let dir = PathBuf::from(arg.map_or("spec", String::as_str));
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!("{} is not a folder", dir.display()))
    }
}
