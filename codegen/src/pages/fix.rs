//! `drift --fix`: the page's side of each unacknowledged difference written into the spec files.
//!
//! Files are edited as [`Json`] trees that keep key order, so only the changed parts of a file
//! change; a key added from a page takes the page's description, to be reworded. The edited
//! spec must pass the same checks as `check` before anything is written.

use std::fmt;
use std::path::PathBuf;

use crate::ordered_json::Json;
use crate::pages::drift::{self, BodyKeys, Finding, Kind, PageReport, SpecFiles};
use crate::pages::page::{DocError, Key, Need, Page};
use zohocrm_build::spec::{
    self, AllowedValue, EnumValue, FieldDef, Operation, Param, Presence, TypeDef,
};

/// What `apply` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixed {
    /// One line per change: `spec/roles.json: create_role: added key x`.
    pub changes: Vec<String>,
    /// Differences it could not apply, with the reason.
    pub skipped: Vec<String>,
    /// The files written.
    pub written: Vec<PathBuf>,
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.changes {
            writeln!(f, "{line}")?;
        }
        for line in &self.skipped {
            writeln!(f, "not fixed: {line}")?;
        }
        for path in &self.written {
            writeln!(f, "wrote {}", path.display())?;
        }
        Ok(())
    }
}

/// Why `apply` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// A spec file could not be turned into JSON and back.
    #[error("cannot edit {path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// A value could not be turned into JSON.
    #[error("cannot turn a value into JSON: {0}")]
    Value(serde_json::Error),
    /// The edited spec does not pass the checks; nothing was written.
    #[error("the fixed spec would not pass check, so nothing was written:\n{0}")]
    Check(zohocrm_build::Errors),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

struct Editor<'s> {
    spec: &'s SpecFiles,
    docs: Vec<Json>,
    done: Fixed,
}

/// Applies every unacknowledged difference of `reports` (each with its page) to the spec.
pub fn apply(spec: &SpecFiles, reports: &[(Page, PageReport)]) -> Result<Fixed, FixError> {
    let mut docs = Vec::new();
    for file in &spec.files {
        docs.push(Json::parse(&file.text).map_err(|source| FixError::Json {
            path: file.path.clone(),
            source,
        })?);
    }
    let mut editor = Editor {
        spec,
        docs,
        done: Fixed::default(),
    };
    for (page, report) in reports {
        let mut samples_set: Vec<(String, String)> = Vec::new();
        for finding in report.findings.iter().filter(|f| f.acknowledged.is_none()) {
            editor.apply(page, finding, &mut samples_set)?;
        }
    }
    let mut texts = Vec::new();
    for (file, doc) in spec.files.iter().zip(&editor.docs) {
        let text = doc.pretty().map_err(|source| FixError::Json {
            path: file.path.clone(),
            source,
        })?;
        texts.push((file.path.display().to_string(), text));
    }
    zohocrm_build::load_files(&texts).map_err(FixError::Check)?;
    let mut done = editor.done;
    for (file, (_, text)) in spec.files.iter().zip(&texts) {
        if *text != file.text {
            std::fs::write(&file.path, text).map_err(|source| FixError::Write {
                path: file.path.clone(),
                source,
            })?;
            done.written.push(file.path.clone());
        }
    }
    Ok(done)
}

/// The spec type for a page type, e.g. `JSON object` → `json`.
pub fn spec_type(page_type: Option<&str>, param: bool) -> &'static str {
    let t = page_type.unwrap_or("string").to_ascii_lowercase();
    let starts = |words: &[&str]| words.iter().any(|w| t.starts_with(w));
    if starts(&["boolean"]) {
        "boolean"
    } else if starts(&["integer", "long"]) {
        "integer"
    } else if starts(&["number", "double", "float"]) {
        "number"
    } else if starts(&["datetime"]) {
        "datetime"
    } else if param || starts(&["string", "date"]) {
        "string"
    } else if starts(&["json array", "jsonarray", "array"]) {
        "list<json>"
    } else {
        "json"
    }
}

/// A page value as the spec stores it: `true`/`false` for booleans, numbers for numeric types.
pub fn value_json(value: &str, ty: &str) -> serde_json::Value {
    match ty {
        "boolean" => match value {
            "true" => serde_json::Value::Bool(true),
            "false" => serde_json::Value::Bool(false),
            _ => serde_json::Value::String(value.to_owned()),
        },
        "integer" | "number" => serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_owned())),
        _ => serde_json::Value::String(value.to_owned()),
    }
}

/// A spec field from a page key; its description is the page's.
pub fn field_from_key(key: &Key, ty: &str) -> FieldDef {
    FieldDef {
        name: key.name.clone(),
        ty: ty.to_owned(),
        required: key.need == Need::Mandatory,
        presence: Presence::Sometimes,
        nullable: false,
        description: key.description.clone(),
        values: key
            .values
            .iter()
            .map(|v| AllowedValue {
                value: value_json(&v.value, ty),
                meaning: v.meaning.clone(),
            })
            .collect(),
        default: None,
        constraints: spec::Constraints::default(),
        also_accepts: Vec::new(),
    }
}

/// A spec parameter from a page key; its description is the page's.
pub fn param_from_key(key: &Key) -> Param {
    Param {
        name: key.name.clone(),
        ty: spec_type(key.ty.as_deref(), true).to_owned(),
        required: key.need == Need::Mandatory,
        description: key.description.clone(),
        default: None,
        minimum: None,
        maximum: None,
        max_items: None,
    }
}

fn find_key<'p>(keys: &'p [Key], path: &str) -> Option<&'p Key> {
    let mut found: Option<&Key> = None;
    let mut level = keys;
    for segment in path.split('.') {
        let key = level.iter().find(|k| k.name == segment)?;
        level = &key.children;
        found = Some(key);
    }
    found
}

/// The page keys at the level of the key at `path`.
fn sibling_keys<'p>(keys: &'p [Key], path: &str) -> &'p [Key] {
    match path.rsplit_once('.') {
        Some((parent, _)) => find_key(keys, parent).map_or(&[], |k| &k.children),
        None => keys,
    }
}

/// Where a new entry for the page key `name` goes among `entries`: after the entry of the
/// nearest key before it on the page, or first.
fn insert_at(entries: &[Json], page: &[Key], name: &str) -> usize {
    let before = page.iter().take_while(|k| k.name != name);
    before
        .filter_map(|k| {
            entries
                .iter()
                .position(|e| e.get("name") == Some(&Json::String(k.name.clone())))
        })
        .max()
        .map_or(0, |i| i + 1)
}

fn json_of<T: serde::Serialize>(value: &T) -> Result<Json, FixError> {
    Json::of(value).map_err(FixError::Value)
}

impl Editor<'_> {
    fn skip(&mut self, op: &str, finding: &Finding, why: &str) {
        self.done
            .skipped
            .push(format!("{op}: {}: {why}", finding.difference));
    }

    fn change(&mut self, file: usize, op: &str, what: String) {
        let path = self.spec.files[file].path.display();
        self.done.changes.push(format!("{path}: {op}: {what}"));
    }

    fn op_file(&self, op: &str) -> Option<usize> {
        self.spec
            .files
            .iter()
            .position(|f| f.spec.operations.contains_key(op))
    }

    fn type_file(&self, ty: &str) -> Option<usize> {
        self.spec
            .files
            .iter()
            .position(|f| f.spec.types.contains_key(ty))
    }

    fn op_node(&mut self, op: &str) -> Option<(usize, &mut Json)> {
        let file = self.op_file(op)?;
        let node = self.docs[file].get_mut("operations")?.get_mut(op)?;
        Some((file, node))
    }

    fn type_node(&mut self, ty: &str) -> Option<(usize, &mut Json)> {
        let file = self.type_file(ty)?;
        let node = self.docs[file].get_mut("types")?.get_mut(ty)?;
        Some((file, node))
    }

    /// The object type that holds the key at `path` of `op`'s request item, and the key's name.
    fn owner(&self, op: &Operation, path: &str) -> Option<(String, String)> {
        let mut ty = op.request.as_ref()?.item.clone();
        let mut segments: Vec<&str> = path.split('.').collect();
        let last = segments.pop()?;
        for segment in segments {
            let field = self
                .spec
                .object_fields(&ty)?
                .iter()
                .find(|f| f.name == segment)?;
            ty = drift::list_inner(&field.ty).to_owned();
        }
        Some((ty, last.to_owned()))
    }

    fn apply(
        &mut self,
        page: &Page,
        finding: &Finding,
        samples_set: &mut Vec<(String, String)>,
    ) -> Result<(), FixError> {
        let Some(op_name) = finding.operation.clone() else {
            self.done.skipped.push(format!(
                "{}: write the operation with `zohocrm-codegen import`",
                finding.difference
            ));
            return Ok(());
        };
        let Some(op) = self.spec.operation(&op_name) else {
            return Ok(());
        };
        let d = &finding.difference;
        match (&d.kind, d.noun.as_str()) {
            (_, "parameter") => self.fix_param(page, op, &op_name, finding),
            (_, "key") => self.fix_key(page, op, &op_name, finding),
            (_, "error") => {
                self.fix_error(page, &op_name, finding);
                Ok(())
            }
            (Kind::ScopeChanged, _) => self.fix_scope(page, op, &op_name),
            (Kind::SampleAdded | Kind::SampleChanged | Kind::SampleRemoved, noun) => {
                let once = (op_name.clone(), noun.to_owned());
                if samples_set.contains(&once) {
                    return Ok(());
                }
                samples_set.push(once);
                self.fix_sample(page, op, &op_name, noun)
            }
            _ => {
                self.skip(&op_name, finding, "not a difference --fix can apply");
                Ok(())
            }
        }
    }

    fn fix_param(
        &mut self,
        page: &Page,
        op: &Operation,
        op_name: &str,
        finding: &Finding,
    ) -> Result<(), FixError> {
        let d = &finding.difference;
        let key = page.params.items().and_then(|k| find_key(k, &d.name));
        let spec_param = op.query.iter().find(|p| p.name == d.name);
        match (&d.kind, key, spec_param) {
            (Kind::Added, Some(key), _) => {
                let param = json_of(&param_from_key(key))?;
                let level = page.params.items().unwrap_or(&[]);
                if let Some((file, node)) = self.op_node(op_name) {
                    match node.get_mut("query") {
                        Some(Json::Array(items)) => {
                            let at = insert_at(items, level, &d.name);
                            items.insert(at, param);
                        }
                        _ => node.set(
                            "query",
                            Json::Array(vec![param]),
                            &["scope", "additional_scopes", "path_params"],
                        ),
                    }
                    self.change(file, op_name, format!("added parameter {}", d.name));
                }
            }
            (Kind::Removed, _, _) => {
                if let Some((file, node)) = self.op_node(op_name) {
                    if let Some(Json::Array(items)) = node.get_mut("query") {
                        items.retain(|p| p.get("name") != Some(&Json::String(d.name.clone())));
                        if items.is_empty() {
                            node.remove("query");
                        }
                    }
                    self.change(file, op_name, format!("removed parameter {}", d.name));
                }
            }
            (Kind::MandatoryChanged | Kind::TypeChanged, Some(key), Some(_)) => {
                let (field, value) = if d.kind == Kind::MandatoryChanged {
                    ("required", Json::Bool(key.need == Need::Mandatory))
                } else {
                    (
                        "type",
                        Json::String(spec_type(key.ty.as_deref(), true).to_owned()),
                    )
                };
                if let Some((file, node)) = self.op_node(op_name) {
                    if let Some(Json::Array(items)) = node.get_mut("query") {
                        for p in items.iter_mut() {
                            if p.get("name") == Some(&Json::String(d.name.clone())) {
                                p.set(field, value.clone(), &[]);
                            }
                        }
                    }
                    self.change(file, op_name, format!("parameter {}: set {field}", d.name));
                }
            }
            (Kind::ValueAdded(v) | Kind::ValueRemoved(v), key, Some(p)) => {
                let meaning = key
                    .and_then(|k| k.values.iter().find(|x| &x.value == v))
                    .map(|x| x.meaning.clone())
                    .unwrap_or_default();
                let added = matches!(d.kind, Kind::ValueAdded(_));
                if !self.fix_enum(drift::list_inner(&p.ty), v, &meaning, added)? {
                    self.skip(
                        op_name,
                        finding,
                        "the parameter's type is not an enum, so it has no list of values",
                    );
                }
            }
            _ => self.skip(op_name, finding, "the page or the spec lacks the parameter"),
        }
        Ok(())
    }

    /// Adds or removes an enum type's value; false when `ty` is not an enum.
    fn fix_enum(
        &mut self,
        ty: &str,
        value: &str,
        meaning: &str,
        add: bool,
    ) -> Result<bool, FixError> {
        if !matches!(self.spec.type_def(ty), Some(TypeDef::Enum { .. })) {
            return Ok(false);
        }
        let entry = json_of(&EnumValue {
            value: value.to_owned(),
            description: meaning.to_owned(),
        })?;
        if let Some((file, node)) = self.type_node(ty) {
            if let Some(Json::Array(values)) = node.get_mut("values") {
                if add {
                    values.push(entry);
                } else {
                    values.retain(|v| v.get("value") != Some(&Json::String(value.to_owned())));
                }
            }
            let verb = if add { "added" } else { "removed" };
            self.change(file, ty, format!("{verb} enum value {value}"));
        }
        Ok(true)
    }

    fn fix_key(
        &mut self,
        page: &Page,
        op: &Operation,
        op_name: &str,
        finding: &Finding,
    ) -> Result<(), FixError> {
        let d = &finding.difference;
        let keys = match page
            .keys
            .items()
            .map(|k| drift::body_keys(k, op, self.spec))
        {
            Some(BodyKeys::Items(k) | BodyKeys::WrapperItems(k)) => k,
            _ => &[],
        };
        let key = find_key(keys, &d.name);
        let Some((ty, name)) = self.owner(op, &d.name) else {
            self.skip(op_name, finding, "the operation has no request body to hold the key; add one (`zohocrm-codegen import` shows one)");
            return Ok(());
        };
        let spec_field = self
            .spec
            .object_fields(&ty)
            .and_then(|f| f.iter().find(|f| f.name == name))
            .cloned();
        let is_name = |f: &Json| f.get("name") == Some(&Json::String(name.clone()));
        match (&d.kind, key, spec_field) {
            (Kind::Added, Some(key), _) => {
                let field = json_of(&field_from_key(key, spec_type(key.ty.as_deref(), false)))?;
                let level = sibling_keys(keys, &d.name);
                if let Some((file, node)) = self.type_node(&ty) {
                    if let Some(Json::Array(fields)) = node.get_mut("fields") {
                        let at = insert_at(fields, level, &name);
                        fields.insert(at, field);
                    }
                    self.change(
                        file,
                        op_name,
                        format!("added key {} to {ty} (reword its description)", d.name),
                    );
                }
            }
            (Kind::Removed, _, _) => {
                if let Some((file, node)) = self.type_node(&ty) {
                    if let Some(Json::Array(fields)) = node.get_mut("fields") {
                        fields.retain(|f| !is_name(f));
                    }
                    self.change(file, op_name, format!("removed key {} from {ty}", d.name));
                }
            }
            (Kind::MandatoryChanged | Kind::TypeChanged, Some(key), Some(_)) => {
                let (field, value) = if d.kind == Kind::MandatoryChanged {
                    ("required", Json::Bool(key.need == Need::Mandatory))
                } else {
                    (
                        "type",
                        Json::String(spec_type(key.ty.as_deref(), false).to_owned()),
                    )
                };
                if let Some((file, node)) = self.type_node(&ty) {
                    if let Some(Json::Array(fields)) = node.get_mut("fields") {
                        for f in fields.iter_mut().filter(|f| is_name(f)) {
                            f.set(field, value.clone(), &[]);
                        }
                    }
                    self.change(file, op_name, format!("key {}: set {field}", d.name));
                }
            }
            (Kind::ValueAdded(v) | Kind::ValueRemoved(v), key, Some(f)) => {
                let meaning = key
                    .and_then(|k| k.values.iter().find(|x| &x.value == v))
                    .map(|x| x.meaning.clone())
                    .unwrap_or_default();
                let added = matches!(d.kind, Kind::ValueAdded(_));
                if self.fix_enum(drift::list_inner(&f.ty), v, &meaning, added)? {
                    return Ok(());
                }
                let entry = json_of(&AllowedValue {
                    value: value_json(v, &f.ty),
                    meaning,
                })?;
                if let Some((file, node)) = self.type_node(&ty) {
                    if let Some(Json::Array(fields)) = node.get_mut("fields") {
                        for field in fields.iter_mut().filter(|f| is_name(f)) {
                            match field.get_mut("values") {
                                Some(Json::Array(values)) if added => values.push(entry.clone()),
                                Some(Json::Array(values)) => values.retain(|x| {
                                    x.get("value").map(json_text).as_deref() != Some(v.as_str())
                                }),
                                _ if added => field.set(
                                    "values",
                                    Json::Array(vec![entry.clone()]),
                                    &["description"],
                                ),
                                _ => {}
                            }
                            if matches!(field.get("values"), Some(Json::Array(v)) if v.is_empty()) {
                                field.remove("values");
                            }
                        }
                    }
                    let verb = if added { "added" } else { "removed" };
                    self.change(
                        file,
                        op_name,
                        format!("key {}: {verb} allowed value {v}", d.name),
                    );
                }
            }
            _ => self.skip(op_name, finding, "the page or the spec lacks the key"),
        }
        Ok(())
    }

    fn fix_error(&mut self, page: &Page, op_name: &str, finding: &Finding) {
        let d = &finding.difference;
        let page_errors: &[DocError] = page.errors.items().unwrap_or(&[]);
        let Some((file, node)) = self.op_node(op_name) else {
            return;
        };
        let entries = match node.get_mut("errors") {
            Some(Json::Array(entries)) => entries,
            _ => {
                node.set(
                    "errors",
                    Json::Array(Vec::new()),
                    &["idempotent", "response"],
                );
                match node.get_mut("errors") {
                    Some(Json::Array(entries)) => entries,
                    _ => return,
                }
            }
        };
        let is = |e: &Json, code: &str, message: &str| {
            e.get("code") == Some(&Json::String(code.to_owned()))
                && e.get("message") == Some(&Json::String(message.to_owned()))
        };
        let unquote = |s: &str| serde_json::from_str::<String>(s).unwrap_or_default();
        let what = match &d.kind {
            Kind::ErrorAdded | Kind::StatusChanged => {
                let Some(p) = page_errors.iter().find(|p| drift_error_name(p) == d.name) else {
                    return;
                };
                if d.kind == Kind::StatusChanged {
                    for e in entries.iter_mut().filter(|e| is(e, &p.code, &p.message)) {
                        e.set("status", Json::Number(p.status.into()), &[]);
                    }
                    format!("error {}: status {}", d.name, p.status)
                } else {
                    let before = page_errors
                        .iter()
                        .take_while(|x| !std::ptr::eq(*x, p))
                        .filter_map(|x| entries.iter().rposition(|e| is(e, &x.code, &x.message)))
                        .max();
                    let entry = spec::ErrorDef {
                        code: p.code.clone(),
                        status: p.status,
                        message: p.message.clone(),
                        resolution: p.resolution.clone(),
                        trigger: None,
                    };
                    let Ok(entry) = Json::of(&entry) else { return };
                    entries.insert(before.map_or(0, |i| i + 1), entry);
                    format!("added error {} (reword its resolution)", d.name)
                }
            }
            Kind::ErrorRemoved => {
                let before = entries.len();
                let mut removed = false;
                entries.retain(|e| {
                    let name = match (e.get("code"), e.get("message")) {
                        (Some(Json::String(c)), Some(Json::String(m))) => format!("{c} {m:?}"),
                        _ => String::new(),
                    };
                    let keep = removed || name != d.name;
                    removed |= !keep;
                    keep
                });
                if entries.len() == before {
                    return;
                }
                format!("removed error {}", d.name)
            }
            Kind::MessageChanged => {
                let (page_message, spec_message) = (unquote(&d.page), unquote(&d.spec));
                if let Some(e) = entries.iter_mut().find(|e| is(e, &d.name, &spec_message)) {
                    e.set("message", Json::String(page_message.clone()), &[]);
                }
                format!("error {}: message {page_message:?}", d.name)
            }
            _ => return,
        };
        if entries.is_empty() {
            node.remove("errors");
        }
        self.change(file, op_name, what);
    }

    fn fix_scope(&mut self, page: &Page, op: &Operation, op_name: &str) -> Result<(), FixError> {
        let Some(scope) = &page.scope else {
            return Ok(());
        };
        let known: Vec<&spec::Scope> = std::iter::once(&op.scope)
            .chain(&op.additional_scopes)
            .collect();
        let mut scopes = Vec::new();
        for grant in &scope.grants {
            let operation_types = grant
                .operation_types
                .iter()
                .map(|t| {
                    let description = known
                        .iter()
                        .filter(|s| s.name == grant.name)
                        .flat_map(|s| &s.operation_types)
                        .find(|o| &o.name == t)
                        .map(|o| o.description.clone())
                        .or_else(|| {
                            scope
                                .descriptions
                                .iter()
                                .find(|(n, _)| n == t)
                                .map(|(_, d)| d.clone())
                        })
                        .unwrap_or_default();
                    spec::OperationType {
                        name: t.clone(),
                        description,
                    }
                })
                .collect();
            scopes.push(spec::Scope {
                name: grant.name.clone(),
                operation_types,
            });
        }
        let mut scopes = scopes.into_iter();
        let Some(main) = scopes.next() else {
            return Ok(());
        };
        let main = json_of(&main)?;
        let extra: Vec<Json> = scopes.map(|s| json_of(&s)).collect::<Result<_, _>>()?;
        if let Some((file, node)) = self.op_node(op_name) {
            node.set("scope", main, &[]);
            if extra.is_empty() {
                node.remove("additional_scopes");
            } else {
                node.set("additional_scopes", Json::Array(extra), &["scope"]);
            }
            self.change(file, op_name, "scope set from the page".into());
        }
        Ok(())
    }

    fn fix_sample(
        &mut self,
        page: &Page,
        op: &Operation,
        op_name: &str,
        noun: &str,
    ) -> Result<(), FixError> {
        let (listing, current) = if noun == "sample_input" {
            (&page.sample_inputs, op.sample_input.as_ref())
        } else {
            (&page.sample_responses, op.sample_response.as_ref())
        };
        let samples = listing.items().unwrap_or(&[]);
        let chosen = match current {
            Some(v) => drift::closest(samples, v).map(|(s, _)| s),
            None => samples.first(),
        };
        let Some((file, node)) = self.op_node(op_name) else {
            return Ok(());
        };
        match chosen {
            Some(sample) => {
                let value = Json::parse(&sample.text).map_err(FixError::Value)?;
                let after: &[&str] = if noun == "sample_input" {
                    &["errors", "idempotent"]
                } else {
                    &["sample_input", "errors", "idempotent"]
                };
                node.set(noun, value, after);
                self.change(file, op_name, format!("{noun} set from the page"));
            }
            None => {
                node.remove(noun);
                self.change(file, op_name, format!("{noun} removed"));
            }
        }
        Ok(())
    }
}

fn drift_error_name(e: &DocError) -> String {
    format!("{} {:?}", e.code, e.message)
}

fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}
