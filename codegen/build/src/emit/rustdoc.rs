//! Doc comments for generated items, written from the spec and made safe for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Family, Field, Operation, Presence, Type, TypeKind};

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

/// Text from the spec made inert for rustdoc: brackets, angle brackets, backticks, pipes and
/// emphasis markers are escaped so they print as written and never form links, HTML or code.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
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
            escape_into(&word[url.len()..], &mut out);
        } else {
            escape_into(word, &mut out);
        }
    }
    out
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

/// Doc of a family module: what it manages, its notes, where it comes from.
pub fn family_doc(family: &Family) -> String {
    let mut doc = format!("{}: {}", family.title, text(&family.description));
    for note in &family.notes {
        doc.push_str(&note_text(note));
    }
    let file = family
        .file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&family.file);
    doc.push_str(&format!("\n\nGenerated from `spec/{file}`."));
    doc
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
    lines(&doc)
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
    let mut doc = format!("`{}`: {}", p.name, text(&p.description));
    if let Some(default) = &p.default {
        doc.push_str(&format!("\n\nDefault `{default}`."));
    }
    lines(&doc)
}

/// A markdown table of an endpoint's documented errors.
pub fn error_table(op: &Operation) -> String {
    let mut out = String::from("| Code | HTTP | Message | Resolution |\n|---|---|---|---|");
    for code in op.errors.iter().filter(|e| !e.shared) {
        for e in &code.entries {
            out.push_str(&format!(
                "\n| `{}` | {} | {} | {} |",
                e.code,
                e.status,
                text(&e.message),
                text(&e.resolution)
            ));
        }
    }
    let shared: Vec<String> = op
        .errors
        .iter()
        .filter(|e| e.shared)
        .map(|e| format!("`{}`", e.code))
        .collect();
    if !shared.is_empty() {
        out.push_str(&format!(
            "\n\nAny endpoint may also return {}.",
            shared.join(", ")
        ));
    }
    out
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
        doc.push_str(&format!(
            "\n\nBody: `{{\"{}\": [...]}}` of [`{}`] items.{limit}",
            r.wrapper,
            item_path(api, family, &r.item)
        ));
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
    if op.query.iter().any(|p| !p.required) {
        let names: Vec<String> = op
            .query
            .iter()
            .filter(|p| !p.required)
            .map(|p| format!("`{}`", p.name))
            .collect();
        doc.push_str(&format!(
            "\n\nOptional query parameters in `params`: {}.",
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
    doc.push_str("\n\n# Errors\n\n");
    doc.push_str(&error_table(op));
    for note in &op.notes {
        doc.push_str(&note_text(note));
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
