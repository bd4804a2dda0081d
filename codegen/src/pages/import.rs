//! Spec entries drafted from doc pages: what `zohocrm-codegen import` prints.
//!
//! Each endpoint of a page becomes an operation; request keys become the item type, nested keys
//! nested types; keys the sample input sends beyond the listed ones, and the response types, are
//! typed from the samples. Descriptions are the page's text, to be reworded in the spec's own
//! words. What the page does not say (the success status, say) is filled with a stand-in and
//! reported as missing.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::ordered_json::Json;
use crate::pages::fix::{field_from_key, param_from_key, spec_type};
use crate::pages::page::{Key, Need, Page};
use zohocrm_build::model::names;
use zohocrm_build::spec::{
    EnumValue, ErrorDef, Family, FieldDef, HttpMethod, Operation, OperationType, Param, Presence,
    RequestBody, Response, Scope, SpecFile, TypeDef,
};

/// A drafted spec file and what the pages left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The family file, keys in the spec's order.
    pub file: Json,
    /// What the pages do not say, one line each.
    pub missing: Vec<String>,
}

/// Why nothing could be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A page documents no endpoint and has no address to name one by.
    #[error("{0}: the page names no endpoint (no `[METHOD /path](url)` link, which a stored tail lacks), so there is no method and path to import")]
    NoEndpoint(String),
    /// The draft could not be turned into JSON.
    #[error("cannot write the draft as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

struct Draft {
    file: SpecFile,
    missing: Vec<String>,
    samples: Vec<(String, &'static str, String)>,
}

/// Drafts one family file, named `family`, from `pages` (each with the name it is reported by).
pub fn import(family: &str, pages: &[(String, Page)]) -> Result<Imported, ImportError> {
    let mut draft = Draft {
        file: SpecFile {
            schema: Some("./schema.json".into()),
            api: None,
            family: Some(Family {
                name: family.to_owned(),
                title: title_case(family),
                description: format!("The {} endpoints.", family.replace('_', " ")),
                notes: Vec::new(),
            }),
            types: BTreeMap::new(),
            operations: BTreeMap::new(),
        },
        missing: Vec::new(),
        samples: Vec::new(),
    };
    for (name, page) in pages {
        if page.endpoints.is_empty() {
            return Err(ImportError::NoEndpoint(name.clone()));
        }
        let base = page
            .title
            .clone()
            .or_else(|| page.doc_url.as_deref().map(url_title))
            .unwrap_or_else(|| "Operation".into());
        for (i, endpoint) in page.endpoints.iter().enumerate() {
            let mut op_name = snake(&base);
            if i > 0 {
                let last = placeholders(&endpoint.path)
                    .pop()
                    .unwrap_or_else(|| i.to_string());
                op_name = snake(&format!("{op_name} {last}"));
            }
            draft.operation(
                family,
                name,
                page,
                &base,
                &op_name,
                endpoint.method,
                &endpoint.path,
            );
        }
    }
    let mut file = Json::of(&draft.file)?;
    for (op, key, text) in draft.samples {
        if let (Ok(value), Some(node)) = (
            Json::parse(&text),
            file.get_mut("operations").and_then(|o| o.get_mut(&op)),
        ) {
            node.set(key, value, &[]);
        }
    }
    Ok(Imported {
        file,
        missing: draft.missing,
    })
}

/// The family an endpoint path belongs to: its resource after `/settings`, e.g. `roles`.
pub fn family_of(path: &str) -> String {
    let mut segments = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'));
    let first = segments.next().unwrap_or("family");
    let name = if first == "settings" {
        segments.next().unwrap_or(first)
    } else {
        first
    };
    snake(name)
}

fn title_case(text: &str) -> String {
    text.split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn url_title(url: &str) -> String {
    let stem = url.rsplit('/').next().unwrap_or(url);
    title_case(stem.trim_end_matches(".html"))
}

/// `snake_case` of a title: `Associated Users' Count` → `associated_users_count`.
pub fn snake(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out
    } else {
        format!("op_{out}")
    }
}

fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| snake(name)))
        .collect()
}

/// The path with its placeholders in `snake_case`.
fn snake_path(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                out.push('{');
                out.push_str(&snake(&rest[open + 1..open + close]));
                out.push('}');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The spec type of a JSON value from a sample.
fn infer(key: &str, values: &[&Value]) -> (String, bool) {
    let nullable = values.iter().any(|v| v.is_null());
    let present: Vec<&&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let all = |f: fn(&Value) -> bool| !present.is_empty() && present.iter().all(|v| f(v));
    let id_like = key == "id" || key.ends_with("_id") || key.ends_with("Id");
    let ty = if all(|v| v.is_string()) {
        if id_like
            && present
                .iter()
                .all(|v| zohocrm_build::check::validate::is_id(v))
        {
            "id"
        } else {
            "string"
        }
    } else if all(Value::is_boolean) {
        "boolean"
    } else if all(|v| v.is_i64() || v.is_u64()) {
        "integer"
    } else if all(Value::is_number) {
        "number"
    } else if all(Value::is_array) {
        "list<json>"
    } else {
        "json"
    };
    (ty.to_owned(), nullable)
}

/// Fields typed from sample objects, keys in first-seen order.
fn inferred_fields(objects: &[&Map<String, Value>], what: &str) -> Vec<FieldDef> {
    let mut names: Vec<&String> = Vec::new();
    for o in objects {
        for k in o.keys() {
            if !names.contains(&k) {
                names.push(k);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let values: Vec<&Value> = objects.iter().filter_map(|o| o.get(name)).collect();
            let (ty, nullable) = infer(name, &values);
            FieldDef {
                name: name.clone(),
                ty,
                required: false,
                presence: Presence::Sometimes,
                nullable,
                description: format!("`{name}` of the {what}, as the sample shows it."),
                values: Vec::new(),
                default: None,
                constraints: Default::default(),
                also_accepts: Vec::new(),
            }
        })
        .collect()
}

fn fits(ty: &str, v: &Value) -> bool {
    match ty {
        "string" | "datetime" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "id" => zohocrm_build::check::validate::is_id(v),
        _ if ty.starts_with("list<") => v.is_array(),
        _ => true,
    }
}

fn objects_of(value: Option<&Value>) -> Vec<&Map<String, Value>> {
    match value {
        Some(Value::Object(o)) => vec![o],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

fn is_action(o: &Map<String, Value>) -> bool {
    ["code", "status", "message"]
        .iter()
        .all(|k| o.contains_key(*k))
}

impl Draft {
    /// Adds a type, or reuses an equal one drafted before; returns the name used.
    fn add_type(&mut self, name: String, def: TypeDef) -> String {
        if let Some((existing, _)) = self.file.types.iter().find(|(_, d)| **d == def) {
            return existing.clone();
        }
        self.file.types.insert(name.clone(), def);
        name
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        family: &str,
        page_name: &str,
        page: &Page,
        title: &str,
        op_name: &str,
        method: HttpMethod,
        path: &str,
    ) {
        let mut gaps: Vec<String> = Vec::new();
        let mut missing = |what: &str| gaps.push(format!("{page_name}: {op_name}: {what}"));
        let path = snake_path(path);
        let description = page.purpose.clone().unwrap_or_else(|| {
            missing("description: the page has no Purpose section");
            String::new()
        });
        let doc_url = page.doc_url.clone().unwrap_or_else(|| {
            missing("doc_url: the page has no address");
            String::new()
        });
        let (scope, additional_scopes) = match &page.scope {
            Some(scope) => {
                let mut scopes = scope.grants.iter().map(|g| Scope {
                    name: g.name.clone(),
                    operation_types: g
                        .operation_types
                        .iter()
                        .map(|t| OperationType {
                            name: t.clone(),
                            description: scope
                                .descriptions
                                .iter()
                                .find(|(n, _)| n == t)
                                .map_or_else(|| format!("{t} access."), |(_, d)| d.clone()),
                        })
                        .collect(),
                });
                let main = scopes.next();
                (main, scopes.collect())
            }
            None => (None, Vec::new()),
        };
        let scope = scope.unwrap_or_else(|| {
            missing("scope: the page has no Scope section; ZohoCRM.unknown.ALL written");
            Scope {
                name: "ZohoCRM.unknown".into(),
                operation_types: vec![OperationType {
                    name: "ALL".into(),
                    description: "Every operation.".into(),
                }],
            }
        });
        let path_params: Vec<Param> = placeholders(&path)
            .into_iter()
            .map(|name| Param {
                ty: if name.ends_with("id") { "id" } else { "string" }.into(),
                required: true,
                description: format!("The `{name}` in the path."),
                name,
                default: None,
                minimum: None,
                maximum: None,
                max_items: None,
            })
            .collect();
        let base = names::pascal(op_name);
        let mut query = Vec::new();
        for key in page.params.items().unwrap_or(&[]) {
            let mut param = param_from_key(key);
            if !key.values.is_empty() {
                param.ty = self.add_type(
                    format!("{base}{}", names::pascal(&key.name)),
                    TypeDef::Enum {
                        description: format!("The values of `{}`.", key.name),
                        values: key
                            .values
                            .iter()
                            .map(|v| EnumValue {
                                value: v.value.clone(),
                                description: v.meaning.clone(),
                            })
                            .collect(),
                    },
                );
            }
            query.push(param);
        }
        let input = page.sample_inputs.items().and_then(|s| s.first());
        let response_sample = page.sample_responses.items().and_then(|s| s.first());
        let mut keys = page.keys.items().unwrap_or(&[]);
        let request = if keys.is_empty() && input.is_none() && method != HttpMethod::POST {
            None
        } else {
            let wrapper = input
                .and_then(|s| s.value.as_object())
                .and_then(|o| o.iter().find(|(_, v)| v.is_array()).map(|(k, _)| k.clone()))
                .unwrap_or_else(|| family.to_owned());
            if let [only] = keys {
                if only.name == wrapper {
                    missing(&format!("request keys: the page describes the `{wrapper}` array, not its items' keys"));
                    keys = &only.children;
                }
            }
            if keys.is_empty() {
                missing("request keys: the page lists none; the item type holds what the sample input sends");
            }
            let items = objects_of(input.and_then(|s| s.value.get(&wrapper)));
            let item = format!("{base}Item");
            self.object_type(
                &item,
                &format!("An item of the {title} request body."),
                keys,
                &items,
                page_name,
                op_name,
            );
            Some(RequestBody {
                wrapper: Some(wrapper),
                item,
                max_items: None,
            })
        };
        self.missing.append(&mut gaps);
        let response = self.response(
            &base,
            title,
            method,
            family,
            response_sample.map(|s| &s.value),
            page_name,
            op_name,
        );
        self.missing.push(format!(
            "{page_name}: {op_name}: success status: the page does not state it; {} written",
            match &response {
                Response::Action { status, .. }
                | Response::Object { status, .. }
                | Response::Records { status, .. } => status,
            }
        ));
        let errors: Vec<ErrorDef> = page
            .errors
            .items()
            .unwrap_or(&[])
            .iter()
            .map(|e| ErrorDef {
                code: e.code.clone(),
                status: e.status,
                message: e.message.clone(),
                resolution: e.resolution.clone(),
                trigger: None,
            })
            .collect();
        if let Some(s) = input.filter(|_| request.is_some()) {
            self.samples
                .push((op_name.to_owned(), "sample_input", s.text.clone()));
        }
        if let Some(s) = response_sample {
            self.samples
                .push((op_name.to_owned(), "sample_response", s.text.clone()));
        }
        let op = Operation {
            title: title.to_owned(),
            function: op_name.to_owned(),
            description,
            doc_url,
            method,
            path,
            scope,
            additional_scopes,
            path_params,
            query,
            headers: Vec::new(),
            request,
            response,
            idempotent: method != HttpMethod::POST,
            errors,
            sample_input: None,
            sample_response: None,
            notes: Vec::new(),
            deviations: Vec::new(),
        };
        self.file.operations.insert(op_name.to_owned(), op);
    }

    /// Adds an object type from page keys, fitted to what the sample objects send.
    fn object_type(
        &mut self,
        name: &str,
        description: &str,
        keys: &[Key],
        samples: &[&Map<String, Value>],
        page_name: &str,
        op_name: &str,
    ) {
        let mut fields = Vec::new();
        for key in keys {
            let values: Vec<&Value> = samples.iter().filter_map(|o| o.get(&key.name)).collect();
            let mut ty = spec_type(key.ty.as_deref(), false).to_owned();
            if !key.children.is_empty() {
                let child = format!("{name}{}", names::pascal(&key.name));
                let list = ty.starts_with("list<");
                let nested: Vec<&Map<String, Value>> =
                    values.iter().flat_map(|v| objects_of(Some(v))).collect();
                self.object_type(
                    &child,
                    &format!("The `{}` of {name}.", key.name),
                    &key.children,
                    &nested,
                    page_name,
                    op_name,
                );
                ty = if list {
                    format!("list<{child}>")
                } else {
                    child
                };
            } else if let Some(bad) = values.iter().find(|v| !v.is_null() && !fits(&ty, v)) {
                let (found, _) = infer(&key.name, &[bad]);
                self.missing.push(format!(
                    "{page_name}: {op_name}: key {}: the page says {}, its sample sends {found}; typed {found}",
                    key.name,
                    key.ty.as_deref().unwrap_or("no type")
                ));
                ty = found;
            }
            let mut field = field_from_key(key, &ty);
            field.nullable = values.iter().any(|v| v.is_null());
            if field.required && samples.iter().any(|o| !o.contains_key(&key.name)) {
                field.required = false;
            }
            if let Need::Conditional(_) = key.need {
                field.required = false;
            }
            fields.push(field);
        }
        let extra: Vec<FieldDef> = inferred_fields(samples, "request item")
            .into_iter()
            .filter(|f| !keys.iter().any(|k| k.name == f.name))
            .collect();
        for f in &extra {
            self.missing.push(format!(
                "{page_name}: {op_name}: key {}: the sample sends it but the page does not list it; typed {} from the sample",
                f.name, f.ty
            ));
        }
        fields.extend(extra);
        self.file.types.insert(
            name.to_owned(),
            TypeDef::Object {
                description: description.to_owned(),
                fields,
            },
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn response(
        &mut self,
        base: &str,
        title: &str,
        method: HttpMethod,
        family: &str,
        sample: Option<&Value>,
        page_name: &str,
        op_name: &str,
    ) -> Response {
        let status = if method == HttpMethod::POST { 201 } else { 200 };
        let Some(Value::Object(body)) = sample else {
            self.missing.push(format!(
                "{page_name}: {op_name}: response: the page has no sample response; an action answer with IdDetails written"
            ));
            return Response::Action {
                status,
                wrapper: family.to_owned(),
                details: "IdDetails".into(),
            };
        };
        let wrapped = body
            .iter()
            .find(|(k, v)| *k != "info" && v.is_array())
            .map(|(k, v)| (k.clone(), objects_of(Some(v))));
        let actions: Vec<&Map<String, Value>> = match &wrapped {
            Some((_, items)) if !items.is_empty() && items.iter().all(|o| is_action(o)) => {
                items.clone()
            }
            _ if is_action(body) => vec![body],
            _ => Vec::new(),
        };
        if !actions.is_empty() {
            let wrapper = wrapped.map_or_else(|| family.to_owned(), |(k, _)| k);
            let details: Vec<&Map<String, Value>> = actions
                .iter()
                .filter_map(|a| a.get("details").and_then(Value::as_object))
                .collect();
            let only_id = details.iter().all(|d| d.len() == 1 && d.contains_key("id"));
            let details = if only_id && !details.is_empty() {
                if method == HttpMethod::POST {
                    "CreatedDetails"
                } else {
                    "IdDetails"
                }
                .to_owned()
            } else {
                self.add_type(
                    format!("{base}Details"),
                    TypeDef::Object {
                        description: format!("The `details` of a successful {title} answer."),
                        fields: inferred_fields(&details, "details"),
                    },
                )
            };
            return Response::Action {
                status,
                wrapper,
                details,
            };
        }
        let status = 200;
        match wrapped {
            Some((wrapper, items)) => {
                let item = self.add_type(
                    format!("{base}Record"),
                    TypeDef::Object {
                        description: format!("A record as {title} returns it."),
                        fields: inferred_fields(&items, "record"),
                    },
                );
                Response::Records {
                    status,
                    wrapper,
                    item,
                }
            }
            None => {
                let item = self.add_type(
                    format!("{base}Body"),
                    TypeDef::Object {
                        description: format!("The body {title} returns."),
                        fields: inferred_fields(&[body], "body"),
                    },
                );
                Response::Object { status, item }
            }
        }
    }
}
