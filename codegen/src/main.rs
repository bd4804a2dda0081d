//! `zohocrm-codegen`: check the spec, generate the bindings, print the schema.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  zohocrm-codegen check [SPEC_DIR]              check the spec (default: spec); exit 1 on problems
  zohocrm-codegen generate [SPEC_DIR] --out DIR write the generated Rust into DIR
  zohocrm-codegen endpoints [SPEC_DIR]          print ENDPOINTS.md, the table of endpoints
  zohocrm-codegen schema                        print the JSON Schema of a spec file
  zohocrm-codegen drift [--spec DIR] [--fix] PAGE...
                                                compare doc pages with the spec; exit 1 on drift,
                                                2 on a page it cannot read; --fix edits the spec";

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
        "drift" => drift(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other}")),
    }
}

/// `drift [--spec DIR] [--fix] PAGE...`.
fn drift(args: &[String]) -> Result<ExitCode, String> {
    let mut spec = None;
    let mut fix = false;
    let mut pages = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => spec = Some(it.next().ok_or("--spec needs a folder")?),
            "--fix" => fix = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => pages.push(arg.clone()),
        }
    }
    if pages.is_empty() {
        return Err("drift needs at least one page".into());
    }
    let dir = spec_dir(spec)?;
    let files = match zohocrm_codegen::drift::SpecFiles::read(&dir) {
        Ok(files) => files,
        Err(errors) => {
            eprintln!("{errors}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut unreadable = false;
    let mut read = Vec::new();
    let (mut drift, mut acknowledged) = (0, 0);
    for path in &pages {
        let report = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| zohocrm_codegen::page::parse(&text).map_err(|e| e.to_string()))
            .and_then(|page| {
                zohocrm_codegen::drift::compare(path, &page, &files).map(|r| (page, r))
            });
        match report {
            Ok((page, report)) => {
                print!("{report}");
                drift += report.drift_count();
                acknowledged += report.findings.len() - report.drift_count();
                read.push((page, report));
            }
            Err(reason) => {
                eprintln!("{path}: cannot read the page: {reason}");
                unreadable = true;
            }
        }
    }
    println!(
        "{} pages, {drift} differences, {acknowledged} acknowledged",
        read.len()
    );
    if fix && drift > 0 {
        match zohocrm_codegen::fix::apply(&files, &read) {
            Ok(done) => {
                print!("{done}");
                if !done.skipped.is_empty() {
                    return Ok(ExitCode::from(1));
                }
            }
            Err(e) => {
                eprintln!("{e}");
                return Ok(ExitCode::from(1));
            }
        }
    } else if unreadable {
        return Ok(ExitCode::from(2));
    } else if drift > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
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
