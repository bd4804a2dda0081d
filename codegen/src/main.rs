//! `zohocrm-codegen`: check the spec, generate the bindings, print the schema, and compare the
//! spec with Zoho's doc pages.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  zohocrm-codegen check [SPEC_DIR]              check the spec (default: spec); exit 1 on problems
  zohocrm-codegen generate [SPEC_DIR] --out DIR write the generated Rust into DIR
  zohocrm-codegen endpoints [SPEC_DIR]          print ENDPOINTS.md, the table of endpoints
  zohocrm-codegen schema                        print the JSON Schema of a spec file
  zohocrm-codegen import PAGE... [--family NAME]
                                                print the spec JSON drafted from doc pages; what
                                                the pages lack is listed on stderr
  zohocrm-codegen render [--spec DIR] OPERATION...
                                                print the doc page the spec gives an operation
  zohocrm-codegen drift [--spec DIR] [--fix] PAGE...
                                                compare doc pages with the spec; exit 1 on drift,
                                                2 on a page it cannot read; --fix edits the spec
  zohocrm-codegen diff OLD_SPEC_DIR NEW_SPEC_DIR
                                                list what a spec change does to the Rust API, each
                                                change breaking or additive; exit 1 when a change
                                                is breaking (a major version is needed)";

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
            match zohocrm_build::load_dir(&spec) {
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
            match zohocrm_build::Config::new(&spec)
                .out_dir(&out)
                .format(true)
                .test_files(true)
                .generate()
            {
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
            match zohocrm_build::load_dir(&spec) {
                Ok(api) => {
                    print!("{}", zohocrm_build::emit::rustdoc::endpoints_markdown(&api));
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
            print!("{}", zohocrm_build::schema());
            Ok(ExitCode::SUCCESS)
        }
        "drift" => drift(rest),
        "diff" => diff(rest),
        "render" => render(rest),
        "import" => import(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other}")),
    }
}

/// `import PAGE... [--family NAME]`.
fn import(args: &[String]) -> Result<ExitCode, String> {
    let mut family = None;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--family" => family = Some(it.next().ok_or("--family needs a name")?.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => paths.push(arg.clone()),
        }
    }
    if paths.is_empty() {
        return Err("import needs at least one page".into());
    }
    let mut pages = Vec::new();
    for path in &paths {
        let page = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| zohocrm_codegen::pages::page::parse(&text).map_err(|e| e.to_string()));
        match page {
            Ok(page) => {
                for note in page.lenient_notes(path) {
                    eprintln!("{note}");
                }
                pages.push((path.clone(), page));
            }
            Err(reason) => {
                eprintln!("{path}: cannot read the page: {reason}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let family = family.unwrap_or_else(|| {
        pages
            .iter()
            .flat_map(|(_, p)| p.endpoints.first())
            .map(|e| zohocrm_codegen::pages::import::family_of(&e.path))
            .next()
            .unwrap_or_else(|| "family".into())
    });
    if !zohocrm_build::model::names::is_snake_name(&family) {
        return Err(format!("family name {family} must be snake_case"));
    }
    match zohocrm_codegen::pages::import::import(&family, &pages) {
        Ok(imported) => {
            match imported.file.pretty() {
                Ok(text) => print!("{text}"),
                Err(e) => {
                    eprintln!("zohocrm-codegen: {e}");
                    return Ok(ExitCode::from(1));
                }
            }
            for line in &imported.missing {
                eprintln!("missing: {line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("zohocrm-codegen: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

/// `render [--spec DIR] OPERATION...`.
fn render(args: &[String]) -> Result<ExitCode, String> {
    let mut spec = None;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => spec = Some(it.next().ok_or("--spec needs a folder")?),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => names.push(arg.clone()),
        }
    }
    if names.is_empty() {
        return Err("render needs at least one operation name".into());
    }
    let dir = spec_dir(spec)?;
    let files = match zohocrm_codegen::pages::drift::SpecFiles::read(&dir) {
        Ok(files) => files,
        Err(errors) => {
            eprintln!("{errors}");
            return Ok(ExitCode::from(1));
        }
    };
    for name in &names {
        match zohocrm_codegen::pages::render::render(&files, name) {
            Some(page) => print!("{page}"),
            None => {
                eprintln!("zohocrm-codegen: the spec has no operation {name}");
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
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
    let files = match zohocrm_codegen::pages::drift::SpecFiles::read(&dir) {
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
            .and_then(|text| zohocrm_codegen::pages::page::parse(&text).map_err(|e| e.to_string()))
            .and_then(|page| {
                zohocrm_codegen::pages::drift::compare(path, &page, &files).map(|r| (page, r))
            });
        match report {
            Ok((page, report)) => {
                for note in page.lenient_notes(path) {
                    eprintln!("{note}");
                }
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
        match zohocrm_codegen::pages::fix::apply(&files, &read) {
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

/// `diff OLD NEW`: every change to the Rust API; exit 1 when one is breaking.
fn diff(args: &[String]) -> Result<ExitCode, String> {
    let [old, new] = args else {
        return Err("diff needs two spec folders: OLD_SPEC_DIR NEW_SPEC_DIR".into());
    };
    let load = |dir: &String| {
        let dir = spec_dir(Some(dir))?;
        zohocrm_build::load_dir(&dir).map_err(|errors| format!("{}:\n{errors}", dir.display()))
    };
    let (old, new) = match (load(old), load(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let changes = zohocrm_codegen::diff::diff(&old, &new);
    for change in &changes {
        println!("{change}");
    }
    let breaking = changes
        .iter()
        .filter(|c| c.impact == zohocrm_codegen::diff::Impact::Breaking)
        .count();
    let verdict = match (changes.len(), breaking) {
        (0, _) => "the Rust API is unchanged",
        (_, 0) => "additive only: a minor version is enough",
        _ => "a major version is needed",
    };
    println!("{} changes, {breaking} breaking: {verdict}", changes.len());
    Ok(ExitCode::from(u8::from(breaking > 0)))
}
