//! Doc comments for generated items, written from the spec and made safe for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, ErrorCode, Family, Field, Operation, Presence, Type, TypeKind};

/// `#[doc]` attributes, one per line of `text`.
pub fn lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Text from the spec made inert for rustdoc: brackets, angle brackets, pipes and emphasis
/// markers are escaped so they print as written and never form links or HTML. The spec's own
/// code spans (text between two backticks) are kept as code; a backtick without its pair is
/// escaped.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        prose_into(&rest[..open], &mut out);
        let code = &rest[open + 1..open + 1 + len];
        out.push('`');
        out.push_str(&code.replace(['\n', '\r'], " "));
        out.push('`');
        rest = &rest[open + len + 2..];
    }
    prose_into(rest, &mut out);
    out
}

/// Text outside code spans, escaped; a URL becomes an autolink.
fn prose_into(raw: &str, out: &mut String) {
    for (i, word) in raw.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            // A URL becomes an autolink; punctuation after it stays outside.
            let url = word.trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(&url.replace(['<', '>', '\n', '\r'], ""));
            out.push('>');
            escape_into(&word[url.len()..], out);
        } else {
            escape_into(word, out);
        }
    }
}

fn escape_into(raw: &str, out: &mut String) {
    for c in raw.chars() {
        match c {
            '[' | ']' | '`' | '|' | '*' | '_' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// Doc of a family module: what it manages, its notes and those several of its operations
/// share (written once here, not on each operation), where it comes from.
pub fn family_doc(family: &Family) -> String {
    let mut doc = format!("{}: {}", family.title, text(&family.description));
    let shared = shared_notes(family);
    if !family.notes.is_empty() || !shared.is_empty() {
        doc.push_str("\n\n# Notes");
    }
    for note in &family.notes {
        doc.push_str(&note_text(note));
    }
    for (note, functions) in &shared {
        doc.push_str(&note_text(note));
        let functions: Vec<String> = functions
            .iter()
            .map(|f| {
                let client = crate::model::names::pascal(&family.name);
                format!("[`{f}`](crate::{}::{client}::{f})", family.name)
            })
            .collect();
        doc.push_str(&format!(" (Applies to {}.)", functions.join(", ")));
    }
    let file = family
        .file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&family.file);
    doc.push_str(&format!("\n\nGenerated from `spec/{file}`."));
    doc
}

/// The notes written on more than one operation of `family` (and not on the family), each with
/// the functions of the operations that carry it, in the order they first appear.
fn shared_notes(family: &Family) -> Vec<(&crate::model::Note, Vec<&str>)> {
    let mut notes: Vec<(&crate::model::Note, Vec<&str>)> = Vec::new();
    for op in &family.operations {
        for note in &op.notes {
            let function = op.function.trim_start_matches("r#");
            match notes.iter_mut().find(|(n, _)| *n == note) {
                Some((_, functions)) => functions.push(function),
                None => notes.push((note, vec![function])),
            }
        }
    }
    notes.retain(|(note, functions)| functions.len() > 1 && !family.notes.contains(note));
    notes
}

fn note_text(note: &crate::model::Note) -> String {
    let mut out = format!("\n\nNote on {}: {}", text(&note.about), text(&note.text));
    if let Some(decision) = &note.decision {
        out.push_str(&format!(" Decision: {}", text(decision)));
    }
    out
}

/// Doc of a named type.
pub fn type_doc(ty: &Type) -> TokenStream {
    let mut doc = text(&ty.description);
    if let TypeKind::Object(fields) = &ty.kind {
        if ty.in_request {
            let mandatory: Vec<String> = fields
                .iter()
                .filter(|f| !f.is_optional(ty))
                .map(|f| format!("`{}`", f.json_name))
                .collect();
            if !mandatory.is_empty() {
                doc.push_str(&format!(
                    "\n\nMandatory keys, taken by [`{}::new`]: {}. Set the others with the methods of the same name.",
                    ty.name,
                    mandatory.join(", ")
                ));
            }
        }
    }
    lines(&doc)
}

/// Doc of a struct field: description, then allowed values, default and constraints.
pub fn field_doc(f: &Field) -> TokenStream {
    lines(&field_text(f))
}

/// Doc of the setter of an optional field: the field's doc.
pub fn setter_doc(f: &Field) -> TokenStream {
    lines(&format!("Sets {}", field_text(f)))
}

fn field_text(f: &Field) -> String {
    let mut doc = format!("`{}`: {}", f.json_name, text(&f.description));
    let mut facts = Vec::new();
    if f.required {
        facts.push("mandatory in requests".to_owned());
    }
    if f.presence == Presence::Always {
        facts.push("always in responses".to_owned());
    }
    if f.nullable {
        facts.push("may be null".to_owned());
    }
    if let Some(default) = &f.default {
        facts.push(format!("default `{default}`"));
    }
    let c = &f.constraints;
    if let Some(chars) = &c.forbidden_chars {
        facts.push(format!(
            "must not contain {}",
            chars.chars().map(code_char).collect::<Vec<_>>().join(" ")
        ));
    }
    if c.unique {
        facts.push("unique".to_owned());
    }
    if let Some(n) = c.max_length {
        facts.push(format!("at most {n} characters"));
    }
    if let Some(family) = &c.references {
        facts.push(format!("the id of an existing record of `{family}`"));
    }
    if !facts.is_empty() {
        doc.push_str(&format!("\n\n{}.", capitalise(&facts.join("; "))));
    }
    for v in &f.values {
        doc.push_str(&format!("\n- `{}`: {}", v.value, text(&v.meaning)));
    }
    doc
}

/// A character as inline code; a backtick needs a longer fence.
fn code_char(ch: char) -> String {
    if ch == '`' {
        "`` ` ``".to_owned()
    } else {
        format!("`{ch}`")
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Doc of a query parameter: description and server default.
pub fn param_doc(p: &crate::model::Param) -> TokenStream {
    lines(&param_text(p))
}

/// Doc of the setter of an optional query parameter: the parameter's doc.
pub fn param_setter_doc(p: &crate::model::Param) -> TokenStream {
    lines(&format!("Sets {}", param_text(p)))
}

fn param_text(p: &crate::model::Param) -> String {
    let mut doc = format!("`{}`: {}", p.name, text(&p.description));
    if let Some(default) = &p.default {
        doc.push_str(&format!("\n\nDefault `{default}`."));
    }
    doc
}

/// The `# Errors` section of a function: its error enum and the codes it documents.
fn errors_section(op: &Operation, error: &str) -> String {
    let own: Vec<String> = op
        .errors
        .iter()
        .filter(|e| !e.shared)
        .map(|e| format!("`{}` ({})", e.code, statuses(e)))
        .collect();
    let shared: Vec<String> = op
        .errors
        .iter()
        .filter(|e| e.shared)
        .map(|e| format!("`{}`", e.code))
        .collect();
    let mut out = format!(
        "# Errors\n\nZoho's errors are [`{error}`]s, one variant per documented code with its messages and resolutions"
    );
    if !own.is_empty() {
        out.push_str(&format!(": {}", own.join(", ")));
    }
    if shared.is_empty() {
        out.push('.');
    } else {
        out.push_str(&format!(
            "; also {}, which any endpoint may return.",
            shared.join(", ")
        ));
    }
    out
}

/// The HTTP statuses of a code's rows, e.g. `HTTP 400` or `HTTP 400, 401`.
fn statuses(e: &ErrorCode) -> String {
    let mut statuses: Vec<String> = Vec::new();
    for entry in &e.entries {
        let status = entry.status.to_string();
        if !statuses.contains(&status) {
            statuses.push(status);
        }
    }
    format!("HTTP {}", statuses.join(", "))
}

/// Doc of an error enum's variant: its code, then each documented message with its
/// resolution.
pub fn error_variant_doc(e: &ErrorCode) -> String {
    let shared = if e.shared {
        ", which any endpoint may return"
    } else {
        ""
    };
    match e.entries.as_slice() {
        [entry] => format!(
            "`{}` ({}){shared}: \"{}\"\n\n{}",
            e.code,
            statuses(e),
            text(&entry.message),
            text(&entry.resolution)
        ),
        entries => {
            let mut doc = format!(
                "`{}` ({}){shared}, with these messages:\n",
                e.code,
                statuses(e)
            );
            let one_status = entries
                .iter()
                .all(|entry| entry.status == entries[0].status);
            for entry in entries {
                let status = if one_status {
                    String::new()
                } else {
                    format!(" (HTTP {})", entry.status)
                };
                doc.push_str(&format!(
                    "\n- \"{}\"{status}: {}",
                    text(&entry.message),
                    text(&entry.resolution)
                ));
            }
            doc
        }
    }
}

/// Doc of a client function: what it does, method and path, scope, body, result, errors.
pub fn function_doc(api: &Api, family: &Family, op: &Operation, method: &str) -> TokenStream {
    let mut doc = format!("{}: {}", op.title, text(&op.description));
    doc.push_str(&format!(
        "\n\n`{method} {}{}` ([docs]({}))",
        api.base_path, op.path, op.doc_url
    ));
    let scopes: Vec<String> = op.scopes().map(|s| format!("`{s}`")).collect();
    doc.push_str(&format!("\n\nScope: one of {}.", scopes.join(", ")));
    for extra in &op.additional_scopes {
        let scopes: Vec<String> = extra.scopes().iter().map(|s| format!("`{s}`")).collect();
        doc.push_str(&format!(" Also one of {}.", scopes.join(", ")));
    }
    if let Some(r) = &op.request {
        let limit = match r.max_items {
            Some(1) => " One item per call.".to_owned(),
            Some(n) => {
                format!(" At most {n} items per call; more is an error before any request is sent.")
            }
            None => String::new(),
        };
        match &r.wrapper {
            Some(wrapper) => doc.push_str(&format!(
                "\n\nBody: `{{\"{}\": [...]}}` of [`{}`] items.{limit}",
                wrapper,
                item_path(api, family, &r.item)
            )),
            None => doc.push_str(&format!(
                "\n\nBody: one [`{}`].",
                item_path(api, family, &r.item)
            )),
        }
    }
    for p in &op.path_params {
        doc.push_str(&format!("\n\n`{}`: {}", p.name, text(&p.description)));
    }
    for p in op.query.iter().filter(|p| p.required) {
        doc.push_str(&format!(
            "\n\n`{}` (query): {}",
            p.name,
            text(&p.description)
        ));
    }
    if op.optional_params().next().is_some() {
        let names: Vec<String> = op
            .optional_params()
            .map(|p| format!("`{}`", p.name))
            .collect();
        doc.push_str(&format!(
            "\n\nOptional parameters in `params`: {}.",
            names.join(", ")
        ));
    }
    match &op.response {
        crate::model::Response::Action { .. } => doc.push_str(
            "\n\nReturns one result per item, in input order: each a success with its details or this endpoint's error. A request-level failure is an `Err`.",
        ),
        crate::model::Response::Records { .. } => doc.push_str("\n\nReturns the records, or none when the server answers 204."),
        crate::model::Response::Object { .. } => doc.push_str("\n\nReturns the response object."),
    }
    doc.push_str("\n\n");
    doc.push_str(&errors_section(
        op,
        &crate::emit::error_name(op).to_string(),
    ));
    let shared = shared_notes(family);
    let (elsewhere, own): (Vec<_>, Vec<_>) = op
        .notes
        .iter()
        .partition(|note| shared.iter().any(|(n, _)| *n == *note) || family.notes.contains(note));
    if !own.is_empty() {
        doc.push_str("\n\n# Notes");
        for note in own {
            doc.push_str(&note_text(note));
        }
    }
    if !elsewhere.is_empty() {
        let about: Vec<String> = elsewhere.iter().map(|n| text(&n.about)).collect();
        doc.push_str(&format!(
            "\n\nSee also the [module's notes](self) on: {}.",
            about.join("; ")
        ));
    }
    lines(&doc)
}

fn item_path(api: &Api, family: &Family, name: &str) -> String {
    match api.type_named(name) {
        Some(t) if t.module != family.name => format!("crate::{}::{name}", t.module),
        _ => name.to_owned(),
    }
}

/// `ENDPOINTS.md`: a table of every endpoint with its Rust function.
pub fn endpoints_markdown(api: &Api) -> String {
    let mut out = format!(
        "# Endpoints\n\n<!-- @generated by zohocrm-codegen from spec/; regenerate with `cargo run -p zohocrm-codegen -- endpoints spec > ENDPOINTS.md` -->\n\nEvery endpoint of the spec ({} {}), with the client function that calls it.\n\n| Family | Operation | Method | Path | Scope | Function |\n|---|---|---|---|---|---|\n",
        api.version, api.base_path
    );
    for (family, op) in api.operations() {
        let mut scopes: Vec<String> = op.scopes().collect();
        for extra in &op.additional_scopes {
            scopes.push(format!("and {}", extra.scopes().join(" / ")));
        }
        out.push_str(&format!(
            "| {} | [{}]({}) | `{}` | `{}` | {} | `client.{}().{}()` |\n",
            family.name,
            op.name,
            op.doc_url,
            op.method.as_str(),
            op.path,
            scopes.join(" / "),
            family.name,
            op.function
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn code_spans_stay_code_and_the_rest_is_escaped() {
        assert_eq!(
            text("`reporting_to` is *not* [a link] | `{\"id\": 1}`"),
            "`reporting_to` is \\*not\\* \\[a link\\] \\| `{\"id\": 1}`"
        );
        assert_eq!(text("a lone ` tick_x"), "a lone \\` tick\\_x");
        assert_eq!(text("`a\nb` <b>"), "`a b` &lt;b&gt;");
        assert_eq!(
            text("see https://x.test/a_b. `c`"),
            "see <https://x.test/a_b>. `c`"
        );
    }
}
