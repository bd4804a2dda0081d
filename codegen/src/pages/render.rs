//! Doc pages rendered from the spec, in the text format of Zoho's pages: for reviewing the spec,
//! and so that `drift` can be checked against pages whose content is known.

use std::fmt::Write;

use serde_json::Value;

use crate::pages::drift::{self, SpecFiles};
use zohocrm_build::spec::{FieldDef, Operation, TypeDef};

/// The page for the operation called `name`; `None` when the spec has no such operation.
pub fn render(spec: &SpecFiles, name: &str) -> Option<String> {
    let op = spec.operation(name)?;
    let mut out = String::new();
    let path = escape(&op.path);
    let _ = write!(
        out,
        "# {}\n\n#### Purpose\n\n{}\n\n#### Endpoints\n\n[{:?} {path}]({})\n\n### Request Details\n\n#### Request URL\n\n{{api-domain}}/crm/{{version}}{path}\n\n",
        escape(&op.title),
        escape(&op.description),
        op.method,
        op.doc_url
    );
    out.push_str(&scope(op));
    if !op.query.is_empty() {
        out.push_str("#### Parameters\n\n");
        for p in &op.query {
            let values: Vec<(String, String)> = enum_values(spec, &p.ty);
            key(
                &mut out,
                0,
                &p.name,
                page_type(spec, &p.ty, true),
                p.required,
                &p.description,
                &values,
            );
        }
    }
    if let Some(fields) = op
        .request
        .as_ref()
        .and_then(|r| spec.object_fields(&r.item).map(|f| (r, f)))
    {
        out.push_str("#### Request JSON Keys\n\n");
        let mut seen = vec![fields.0.item.clone()];
        keys(&mut out, spec, fields.1, 0, &mut seen);
    }
    if let Some(sample) = &op.sample_input {
        out.push_str("#### Sample Input\n\n");
        out.push_str(&fenced(sample));
    }
    if !op.errors.is_empty() {
        out.push_str("#### Possible Errors\n\n");
        for e in &op.errors {
            let _ = write!(
                out,
                "- {}HTTP {}\n\n\n\n{}\n\n**Resolution:** {}\n\n",
                escape(&e.code),
                e.status,
                escape(&e.message),
                escape(&e.resolution)
            );
        }
    }
    if let Some(sample) = &op.sample_response {
        out.push_str("#### Sample Response\n\n");
        out.push_str(&fenced(sample));
    }
    let _ = writeln!(out, "[Top]({}#top)", op.doc_url);
    Some(out)
}

/// Markdown-escaped text, as the pages write it: `reporting\_to`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\_*[]`|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn scope(op: &Operation) -> String {
    let described = op
        .scope
        .operation_types
        .iter()
        .all(|t| !t.description.trim().is_empty());
    if op.additional_scopes.is_empty() && described {
        let mut out = format!(
            "#### Scope\n\nscope={}.{{operation\\_type}}\n\n#### Possible operation types\n\n",
            escape(&op.scope.name)
        );
        for t in &op.scope.operation_types {
            let _ = write!(out, "{} - {}\n\n", t.name, escape(&t.description));
        }
        return out;
    }
    let grants: Vec<String> = std::iter::once(&op.scope)
        .chain(&op.additional_scopes)
        .map(|s| {
            let types: Vec<&str> = s.operation_types.iter().map(|t| t.name.as_str()).collect();
            format!("{}.{}", escape(&s.name), types.join("/"))
        })
        .collect();
    format!("#### Scope\n\nscope={}\n\n", grants.join(" (and) "))
}

/// The page's word for a spec type.
fn page_type(spec: &SpecFiles, ty: &str, param: bool) -> &'static str {
    match ty {
        "string" | "id" | "datetime" => "string",
        "boolean" => "boolean",
        "integer" => "integer",
        "number" => "number",
        "json" => "JSON object",
        _ if ty.starts_with("list<") => {
            if param {
                "string"
            } else {
                "JSON array"
            }
        }
        _ => match spec.type_def(ty) {
            Some(TypeDef::Enum { .. }) => "string",
            _ => "JSON object",
        },
    }
}

fn enum_values(spec: &SpecFiles, ty: &str) -> Vec<(String, String)> {
    match spec.type_def(drift::list_inner(ty)) {
        Some(TypeDef::Enum { values, .. }) => values
            .iter()
            .map(|v| (v.value.clone(), v.description.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

fn key(
    out: &mut String,
    indent: usize,
    name: &str,
    ty: &str,
    required: bool,
    description: &str,
    values: &[(String, String)],
) {
    let pad = " ".repeat(indent);
    let need = if required { "mandatory" } else { "optional" };
    let _ = write!(
        out,
        "{pad}- {}{ty}, {need}\n\n\n\n{pad}{}\n\n",
        escape(name),
        escape(description)
    );
    for (value, meaning) in values {
        let _ = writeln!(out, "{pad}- **{}** \\- {}", escape(value), escape(meaning));
    }
    if !values.is_empty() {
        out.push('\n');
    }
}

fn keys(
    out: &mut String,
    spec: &SpecFiles,
    fields: &[FieldDef],
    indent: usize,
    seen: &mut Vec<String>,
) {
    for f in fields {
        let mut values: Vec<(String, String)> = f
            .values
            .iter()
            .map(|v| (drift::value_text(&v.value), v.meaning.clone()))
            .collect();
        values.extend(enum_values(spec, &f.ty));
        key(
            out,
            indent,
            &f.name,
            page_type(spec, &f.ty, false),
            f.required,
            &f.description,
            &values,
        );
        let inner = drift::list_inner(&f.ty).to_owned();
        if seen.contains(&inner) {
            continue;
        }
        if let Some(children) = spec.object_fields(&inner) {
            seen.push(inner);
            keys(out, spec, children, indent + 2, seen);
            seen.pop();
        }
    }
}

/// A JSON sample fenced as the pages print it, with their crawl artefacts.
fn fenced(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::from("``` json\nCopied");
    for line in text.lines() {
        out.push_str(line);
        if line.ends_with(['[', '{', ',']) {
            out.push('\\');
        }
        out.push('\n');
    }
    out.push_str("```\n\n");
    out
}
