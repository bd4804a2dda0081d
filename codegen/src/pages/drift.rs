//! Differences between doc pages and the spec, as `zohocrm-codegen drift` reports them.
//!
//! A page is matched to the operations it documents by method and path (placeholder names
//! aside), or, for a tail without its endpoint links, by the page's address. Codes, statuses,
//! messages, keys, types, allowed values, scopes and samples are compared exactly; descriptions
//! and resolutions are the spec's own words and are not compared. A difference the spec records
//! as a [`Deviation`] is acknowledged, not drift, while the page still says what the deviation
//! says it does.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::pages::page::{DocError, Key, Listing, Need, Page, Sample};
use zohocrm_build::spec::{Deviation, FieldDef, Operation, Param, SpecFile, TypeDef};

/// The spec files, with their text, as `drift` reads them.
#[derive(Debug, Clone)]
pub struct SpecFiles {
    /// Every spec file of the folder, in name order.
    pub files: Vec<SpecText>,
}

/// One spec file.
#[derive(Debug, Clone)]
pub struct SpecText {
    /// Where it is.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its content.
    pub spec: SpecFile,
}

impl SpecFiles {
    /// Reads the spec files in `dir`; each must parse, but the spec need not pass `check`, so
    /// that `drift --fix` can mend it.
    pub fn read(dir: &Path) -> Result<SpecFiles, zohocrm_build::Errors> {
        let raw = zohocrm_build::spec::load::read_dir(dir)?;
        let mut errors = zohocrm_build::Errors::default();
        let mut files = Vec::new();
        for (name, bytes) in raw {
            if let Some(source) = zohocrm_build::spec::load::parse(&name, &bytes, &mut errors) {
                files.push(SpecText {
                    path: PathBuf::from(name),
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    spec: source.spec,
                });
            }
        }
        errors.finish()?;
        Ok(SpecFiles { files })
    }

    /// Every operation: file index, name and definition.
    pub fn operations(&self) -> impl Iterator<Item = (usize, &str, &Operation)> {
        self.files.iter().enumerate().flat_map(|(i, f)| {
            f.spec
                .operations
                .iter()
                .map(move |(name, op)| (i, name.as_str(), op))
        })
    }

    /// The operation called `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.files.iter().find_map(|f| f.spec.operations.get(name))
    }

    /// The type called `name`, from whichever file defines it.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.files.iter().find_map(|f| f.spec.types.get(name))
    }

    /// The fields of an object type, or of the object type a `list<T>` holds.
    pub fn object_fields(&self, ty: &str) -> Option<&[FieldDef]> {
        match self.type_def(list_inner(ty))? {
            TypeDef::Object { fields, .. } => Some(fields),
            TypeDef::Enum { .. } | TypeDef::Record { .. } => None,
        }
    }

    /// The values of an enum type, or of the enum type a `list<T>` holds.
    pub fn enum_values(&self, ty: &str) -> Vec<String> {
        match self.type_def(list_inner(ty)) {
            Some(TypeDef::Enum { values, .. }) => values.iter().map(|v| v.value.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

/// `T` of `list<T>`, or the expression itself.
pub fn list_inner(ty: &str) -> &str {
    ty.strip_prefix("list<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty)
}

/// What kind of difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A key or parameter on the page but not in the spec.
    Added,
    /// A key or parameter in the spec but not on the page.
    Removed,
    /// Mandatory on one side, optional on the other.
    MandatoryChanged,
    /// Types that do not agree.
    TypeChanged,
    /// An allowed value on the page but not in the spec.
    ValueAdded(String),
    /// An allowed value in the spec but not on the page.
    ValueRemoved(String),
    /// An error on the page but not in the spec.
    ErrorAdded,
    /// An error in the spec but not on the page.
    ErrorRemoved,
    /// An error whose HTTP status differs.
    StatusChanged,
    /// An error code whose message differs.
    MessageChanged,
    /// Scopes or operation types that differ.
    ScopeChanged,
    /// A sample on the page but not in the spec.
    SampleAdded,
    /// A sample in the spec but not on the page.
    SampleRemoved,
    /// A sample that differs at one place.
    SampleChanged,
    /// An endpoint on the page that no operation of the spec serves.
    EndpointNotInSpec,
}

/// One difference between a page and the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What kind.
    pub kind: Kind,
    /// What it concerns: `key`, `parameter`, `error`, `scope`, `sample_input`, `sample_response`
    /// or `endpoint`.
    pub noun: String,
    /// Which one: a key path (`transfer.id`), an error (`CODE "message"`), a JSON pointer.
    pub name: String,
    /// What the page says; `absent` where it says nothing.
    pub page: String,
    /// What the spec says; `absent` where it says nothing.
    pub spec: String,
}

impl Difference {
    /// Where on the page it is, as a deviation's `at` names it.
    pub fn spot(&self) -> String {
        let base = if self.name.is_empty() {
            self.noun.clone()
        } else {
            format!("{} {}", self.noun, self.name)
        };
        match &self.kind {
            Kind::MandatoryChanged => format!("{base} mandatory"),
            Kind::TypeChanged => format!("{base} type"),
            Kind::ValueAdded(v) | Kind::ValueRemoved(v) => format!("{base} value {v}"),
            Kind::StatusChanged => format!("{base} status"),
            Kind::MessageChanged => format!("{base} message"),
            _ => base,
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (noun, name, page, spec) = (&self.noun, &self.name, &self.page, &self.spec);
        match &self.kind {
            Kind::Added => write!(f, "{noun} added: {name} ({page})"),
            Kind::Removed => write!(f, "{noun} removed: {name} (the spec has {spec})"),
            Kind::MandatoryChanged => {
                write!(
                    f,
                    "mandatory changed: {noun} {name}: page {page}, spec {spec}"
                )
            }
            Kind::TypeChanged => write!(f, "type changed: {noun} {name}: page {page}, spec {spec}"),
            Kind::ValueAdded(v) => write!(f, "allowed value added: {noun} {name}: {v}"),
            Kind::ValueRemoved(v) => write!(f, "allowed value removed: {noun} {name}: {v}"),
            Kind::ErrorAdded => write!(f, "error added: {name}, {page}"),
            Kind::ErrorRemoved => write!(f, "error removed: {name}, {spec}"),
            Kind::StatusChanged => {
                write!(f, "status changed: error {name}: page {page}, spec {spec}")
            }
            Kind::MessageChanged => {
                write!(f, "message changed: error {name}: page {page}, spec {spec}")
            }
            Kind::ScopeChanged => write!(f, "scope changed: page {page}, spec {spec}"),
            Kind::SampleAdded => write!(f, "sample added: {noun}"),
            Kind::SampleRemoved => write!(f, "sample removed: {noun}"),
            Kind::SampleChanged => {
                write!(
                    f,
                    "sample changed: {noun} at {name}: page {page}, spec {spec}"
                )
            }
            Kind::EndpointNotInSpec => write!(f, "endpoint not in the spec: {page}"),
        }
    }
}

/// A difference found on a page, with the operation it concerns and whether the spec
/// acknowledges it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The operation; `None` for an endpoint the spec lacks.
    pub operation: Option<String>,
    /// The difference.
    pub difference: Difference,
    /// The reason of the deviation that acknowledges it.
    pub acknowledged: Option<String>,
}

/// What `drift` found on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReport {
    /// The page as the user named it.
    pub page: String,
    /// The operations the page documents.
    pub operations: Vec<String>,
    /// Every difference.
    pub findings: Vec<Finding>,
    /// Deviations of those operations that acknowledge nothing on the page: `(operation, at)`.
    pub unused: Vec<(String, String)>,
}

impl PageReport {
    /// How many differences are drift (not acknowledged).
    pub fn drift_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.acknowledged.is_none())
            .count()
    }
}

impl fmt::Display for PageReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let page = &self.page;
        if !self.operations.is_empty() {
            writeln!(f, "{page}: documents {}", self.operations.join(", "))?;
        }
        for finding in &self.findings {
            let op = finding
                .operation
                .as_deref()
                .map_or(String::new(), |o| format!("{o}: "));
            match &finding.acknowledged {
                None => writeln!(f, "{page}: {op}{}", finding.difference)?,
                Some(reason) => writeln!(
                    f,
                    "{page}: {op}acknowledged: {}: {reason}",
                    finding.difference
                )?,
            }
        }
        for (op, at) in &self.unused {
            writeln!(
                f,
                "{page}: {op}: note: the deviation at {at} matches nothing on the page"
            )?;
        }
        if self.drift_count() == 0 {
            writeln!(f, "{page}: no drift")?;
        }
        Ok(())
    }
}

/// The path as matched: placeholders anonymised, no trailing `/`.
fn path_key(path: &str) -> String {
    let mut out = String::new();
    let mut in_placeholder = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_placeholder = true;
                out.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if !in_placeholder => out.push(c),
            _ => {}
        }
    }
    out
}

/// An operation a page documents (`None` for an endpoint the spec lacks), with what matching
/// it found.
type Matched = (Option<String>, Vec<Finding>);

/// The operations `page` documents, by name; or why the page cannot be matched.
fn documented(page: &Page, spec: &SpecFiles) -> Result<Vec<Matched>, String> {
    let mut out = Vec::new();
    if page.endpoints.is_empty() {
        let Some(url) = &page.doc_url else {
            return Err("the page names no endpoint (no `[METHOD /path](url)` link) and no address to match it by".into());
        };
        let ops: Vec<&str> = spec
            .operations()
            .filter(|(_, _, op)| &op.doc_url == url)
            .map(|(_, name, _)| name)
            .collect();
        if ops.is_empty() {
            out.push((
                None,
                vec![Finding {
                    operation: None,
                    difference: endpoint_missing(url),
                    acknowledged: None,
                }],
            ));
        }
        out.extend(ops.into_iter().map(|n| (Some(n.to_owned()), Vec::new())));
        return Ok(out);
    }
    for endpoint in &page.endpoints {
        let key = path_key(&endpoint.path);
        let said = format!("{:?} {}", endpoint.method, endpoint.path);
        let found = spec
            .operations()
            .find(|(_, _, op)| op.method == endpoint.method && path_key(&op.path) == key);
        if let Some((_, name, _)) = found {
            out.push((Some(name.to_owned()), Vec::new()));
            continue;
        }
        let acknowledged = spec.operations().find_map(|(_, name, op)| {
            op.deviations
                .iter()
                .find(|d| d.at.iter().any(|a| a == "endpoint") && d.page_says == said)
                .map(|d| (name, d.reason.clone()))
        });
        match acknowledged {
            Some((name, reason)) => out.push((
                Some(name.to_owned()),
                vec![Finding {
                    operation: Some(name.to_owned()),
                    difference: endpoint_missing(&said),
                    acknowledged: Some(reason),
                }],
            )),
            None => out.push((
                None,
                vec![Finding {
                    operation: None,
                    difference: endpoint_missing(&said),
                    acknowledged: None,
                }],
            )),
        }
    }
    Ok(out)
}

fn endpoint_missing(said: &str) -> Difference {
    Difference {
        kind: Kind::EndpointNotInSpec,
        noun: "endpoint".into(),
        name: String::new(),
        page: said.to_owned(),
        spec: "absent".into(),
    }
}

/// Compares a page with the operations it documents.
pub fn compare(name: &str, page: &Page, spec: &SpecFiles) -> Result<PageReport, String> {
    let matched = documented(page, spec)?;
    let mut report = PageReport {
        page: name.to_owned(),
        operations: Vec::new(),
        findings: Vec::new(),
        unused: Vec::new(),
    };
    let mut ops: Vec<String> = Vec::new();
    for (op, findings) in matched {
        report.findings.extend(findings);
        if let Some(op) = op {
            if !ops.contains(&op) {
                ops.push(op);
            }
        }
    }
    for name in &ops {
        let Some(op) = spec.operation(name) else {
            continue;
        };
        let siblings: Vec<&Operation> = ops
            .iter()
            .filter(|o| *o != name)
            .filter_map(|o| spec.operation(o))
            .collect();
        let mut used: BTreeSet<usize> = BTreeSet::new();
        for difference in differences(page, op, &siblings, spec) {
            let acknowledged = op.deviations.iter().enumerate().find_map(|(i, d)| {
                acknowledges(d, &difference).then(|| {
                    used.insert(i);
                    d.reason.clone()
                })
            });
            report.findings.push(Finding {
                operation: Some(name.clone()),
                difference,
                acknowledged,
            });
        }
        for (i, d) in op.deviations.iter().enumerate() {
            let endpoint = d.at.iter().any(|a| a == "endpoint");
            let endpoint_used = report.findings.iter().any(|f| {
                f.difference.kind == Kind::EndpointNotInSpec && f.difference.page == d.page_says
            });
            if !(used.contains(&i) || endpoint && endpoint_used) {
                report.unused.push((name.clone(), d.at.join(", ")));
            }
        }
    }
    report.operations = ops;
    Ok(report)
}

fn acknowledges(deviation: &Deviation, difference: &Difference) -> bool {
    let spot = difference.spot();
    deviation.page_says == difference.page && deviation.at.contains(&spot)
}

/// Every difference between `page` and `op`; `siblings` are the other operations the page
/// documents.
pub fn differences(
    page: &Page,
    op: &Operation,
    siblings: &[&Operation],
    spec: &SpecFiles,
) -> Vec<Difference> {
    let mut out = Vec::new();
    if let Some(scope) = &page.scope {
        let page_grants: Vec<(String, Vec<String>)> = scope
            .grants
            .iter()
            .map(|g| (g.name.clone(), g.operation_types.clone()))
            .collect();
        let spec_grants: Vec<(String, Vec<String>)> = std::iter::once(&op.scope)
            .chain(&op.additional_scopes)
            .map(|s| {
                (
                    s.name.clone(),
                    s.operation_types.iter().map(|t| t.name.clone()).collect(),
                )
            })
            .collect();
        if grant_set(&page_grants) != grant_set(&spec_grants) {
            out.push(Difference {
                kind: Kind::ScopeChanged,
                noun: "scope".into(),
                name: String::new(),
                page: render_grants(&page_grants),
                spec: render_grants(&spec_grants),
            });
        }
    }
    if let Some(params) = page.params.items() {
        let spec_params: Vec<SpecKey> = op.query.iter().map(|p| param_key(p, spec)).collect();
        compare_keys(
            "parameter",
            "",
            params,
            &spec_params,
            page.params.is_whole(),
            false,
            spec,
            &mut out,
        );
    }
    if let Some(keys) = page.keys.items() {
        let spec_keys: Vec<SpecKey> = op
            .request
            .as_ref()
            .and_then(|r| spec.object_fields(&r.item))
            .map(|f| f.iter().map(|f| field_key(f, spec)).collect())
            .unwrap_or_default();
        match body_keys(keys, op, spec) {
            BodyKeys::Items(keys) => compare_keys(
                "key",
                "",
                keys,
                &spec_keys,
                page.keys.is_whole(),
                true,
                spec,
                &mut out,
            ),
            BodyKeys::WrapperItems(keys) => {
                compare_keys("key", "", keys, &spec_keys, true, true, spec, &mut out)
            }
            BodyKeys::WrapperOnly => {}
        }
    }
    if let Some(errors) = page.errors.items() {
        compare_errors(errors, &op.errors, &mut out);
    }
    let claimed_input = siblings.iter().any(|s| s.sample_input.is_some());
    let claimed_response = siblings.iter().any(|s| s.sample_response.is_some());
    compare_sample(
        "sample_input",
        &page.sample_inputs,
        op.sample_input.as_ref(),
        claimed_input,
        &mut out,
    );
    compare_sample(
        "sample_response",
        &page.sample_responses,
        op.sample_response.as_ref(),
        claimed_response,
        &mut out,
    );
    out
}

/// What a page's request keys describe.
pub enum BodyKeys<'p> {
    /// The keys of each item.
    Items(&'p [Key]),
    /// The keys of each item, listed under a key for the wrapper array.
    WrapperItems(&'p [Key]),
    /// Only the wrapper array, without its items' keys.
    WrapperOnly,
}

/// Reads a page's request keys: the items' keys, or one key for the wrapper array (named as
/// the operation's `request.wrapper`) with the items' keys under it.
pub fn body_keys<'p>(keys: &'p [Key], op: &Operation, spec: &SpecFiles) -> BodyKeys<'p> {
    let wrapper = op.request.as_ref().and_then(|r| {
        let fields = spec.object_fields(&r.item)?;
        let wrapper = r.wrapper.as_deref()?;
        match keys {
            [only] if only.name == wrapper && !fields.iter().any(|f| f.name == wrapper) => {
                Some(only)
            }
            _ => None,
        }
    });
    match wrapper {
        Some(w) if w.children.is_empty() => BodyKeys::WrapperOnly,
        Some(w) => BodyKeys::WrapperItems(&w.children),
        None => BodyKeys::Items(keys),
    }
}

fn grant_set(grants: &[(String, Vec<String>)]) -> BTreeSet<(String, BTreeSet<String>)> {
    grants
        .iter()
        .map(|(n, t)| (n.clone(), t.iter().cloned().collect()))
        .collect()
}

/// Scopes as `ZohoCRM.users.ALL/READ and ZohoCRM.settings.territories.ALL`.
pub fn render_grants(grants: &[(String, Vec<String>)]) -> String {
    grants
        .iter()
        .map(|(n, t)| format!("{n}.{}", t.join("/")))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A spec key or parameter as compared with a page's.
struct SpecKey<'a> {
    name: &'a str,
    ty: &'a str,
    required: bool,
    values: Vec<String>,
    children: Option<&'a [FieldDef]>,
}

fn field_key<'a>(f: &'a FieldDef, spec: &'a SpecFiles) -> SpecKey<'a> {
    let mut values: Vec<String> = f.values.iter().map(|v| value_text(&v.value)).collect();
    values.extend(spec.enum_values(&f.ty));
    SpecKey {
        name: &f.name,
        ty: &f.ty,
        required: f.required,
        values,
        children: spec.object_fields(&f.ty),
    }
}

fn param_key<'a>(p: &'a Param, spec: &'a SpecFiles) -> SpecKey<'a> {
    SpecKey {
        name: &p.name,
        ty: &p.ty,
        required: p.required,
        values: spec.enum_values(&p.ty),
        children: None,
    }
}

/// A JSON value as the page writes it: strings bare, the rest as JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The page's type text and need, e.g. `string, optional`.
pub fn render_key(key: &Key) -> String {
    let need = need_text(&key.need);
    match (&key.ty, need.is_empty()) {
        (Some(ty), true) => ty.clone(),
        (Some(ty), false) => format!("{ty}, {need}"),
        (None, false) => need,
        (None, true) => "no type".into(),
    }
}

fn need_text(need: &Need) -> String {
    match need {
        Need::Mandatory => "mandatory".into(),
        Need::Optional => "optional".into(),
        Need::Conditional(text) => text.clone(),
        Need::Unstated => String::new(),
    }
}

/// The kind of JSON value a type stands for, as pages and the spec name it.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    Text,
    Boolean,
    Integer,
    Number,
    Object,
    Array,
    Any,
    Other(String),
}

fn page_shape(ty: &str) -> Shape {
    let t = ty.to_ascii_lowercase();
    let starts = |words: &[&str]| words.iter().any(|w| t.starts_with(w));
    if starts(&["string", "datetime", "date"]) {
        Shape::Text
    } else if starts(&["boolean"]) {
        Shape::Boolean
    } else if starts(&["integer", "long"]) {
        Shape::Integer
    } else if starts(&["number", "double", "float"]) {
        Shape::Number
    } else if starts(&["json array", "jsonarray", "array"]) {
        Shape::Array
    } else if starts(&["json object", "jsonobject", "object", "json"]) {
        Shape::Object
    } else {
        Shape::Other(t)
    }
}

fn spec_shape(ty: &str, param: bool, spec: &SpecFiles) -> Shape {
    match ty {
        "string" | "id" | "datetime" => Shape::Text,
        "boolean" => Shape::Boolean,
        "integer" => Shape::Integer,
        "number" => Shape::Number,
        "json" => Shape::Any,
        _ if ty.starts_with("list<") => {
            if param {
                Shape::Text
            } else {
                Shape::Array
            }
        }
        _ => match spec.type_def(ty) {
            Some(TypeDef::Enum { .. }) => Shape::Text,
            _ => Shape::Object,
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn compare_keys(
    noun: &str,
    prefix: &str,
    page: &[Key],
    spec_keys: &[SpecKey<'_>],
    whole: bool,
    body: bool,
    spec: &SpecFiles,
    out: &mut Vec<Difference>,
) {
    let diff = |kind: Kind, name: &str, page: String, spec: String| Difference {
        kind,
        noun: noun.to_owned(),
        name: format!("{prefix}{name}"),
        page,
        spec,
    };
    for key in page {
        let Some(s) = spec_keys.iter().find(|s| s.name == key.name) else {
            out.push(diff(
                Kind::Added,
                &key.name,
                render_key(key),
                "absent".into(),
            ));
            continue;
        };
        let says = |required: bool| if required { "mandatory" } else { "optional" };
        let page_need = match &key.need {
            Need::Mandatory => Some((true, "mandatory")),
            Need::Optional => Some((false, "optional")),
            Need::Unstated => Some((false, "not stated")),
            Need::Conditional(_) => None,
        };
        if let Some((required, text)) = page_need {
            if required != s.required {
                out.push(diff(
                    Kind::MandatoryChanged,
                    &key.name,
                    text.into(),
                    says(s.required).into(),
                ));
            }
        }
        if let Some(ty) = &key.ty {
            let shape = spec_shape(s.ty, !body, spec);
            if shape != Shape::Any && page_shape(ty) != shape {
                out.push(diff(
                    Kind::TypeChanged,
                    &key.name,
                    ty.clone(),
                    s.ty.to_owned(),
                ));
            }
        }
        if !key.values.is_empty() {
            for v in &key.values {
                if !s.values.contains(&v.value) {
                    out.push(diff(
                        Kind::ValueAdded(v.value.clone()),
                        &key.name,
                        "listed".into(),
                        "absent".into(),
                    ));
                }
            }
            for v in &s.values {
                if !key.values.iter().any(|p| &p.value == v) {
                    out.push(diff(
                        Kind::ValueRemoved(v.clone()),
                        &key.name,
                        "absent".into(),
                        "listed".into(),
                    ));
                }
            }
        }
        if body && !key.children.is_empty() {
            if let Some(fields) = s.children {
                let children: Vec<SpecKey> = fields.iter().map(|f| field_key(f, spec)).collect();
                let prefix = format!("{prefix}{}.", key.name);
                compare_keys(
                    noun,
                    &prefix,
                    &key.children,
                    &children,
                    true,
                    body,
                    spec,
                    out,
                );
            }
        }
    }
    if whole {
        for s in spec_keys {
            if !page.iter().any(|k| k.name == s.name) {
                let has = format!(
                    "{}, {}",
                    s.ty,
                    if s.required { "mandatory" } else { "optional" }
                );
                out.push(diff(Kind::Removed, s.name, "absent".into(), has));
            }
        }
    }
}

fn error_name(code: &str, message: &str) -> String {
    format!("{code} {message:?}")
}

fn compare_errors(
    page: &[DocError],
    spec: &[zohocrm_build::spec::ErrorDef],
    out: &mut Vec<Difference>,
) {
    let mut spec_used = vec![false; spec.len()];
    let mut page_open: Vec<&DocError> = Vec::new();
    for p in page {
        let found = spec
            .iter()
            .enumerate()
            .find(|(i, s)| !spec_used[*i] && s.code == p.code && s.message == p.message);
        match found {
            Some((i, s)) => {
                spec_used[i] = true;
                if s.status != p.status {
                    out.push(Difference {
                        kind: Kind::StatusChanged,
                        noun: "error".into(),
                        name: error_name(&p.code, &p.message),
                        page: format!("HTTP {}", p.status),
                        spec: format!("HTTP {}", s.status),
                    });
                }
            }
            None => page_open.push(p),
        }
    }
    for p in page_open {
        let same_code = spec
            .iter()
            .enumerate()
            .find(|(i, s)| !spec_used[*i] && s.code == p.code);
        match same_code {
            Some((i, s)) => {
                spec_used[i] = true;
                out.push(Difference {
                    kind: Kind::MessageChanged,
                    noun: "error".into(),
                    name: p.code.clone(),
                    page: format!("{:?}", p.message),
                    spec: format!("{:?}", s.message),
                });
                if s.status != p.status {
                    out.push(Difference {
                        kind: Kind::StatusChanged,
                        noun: "error".into(),
                        name: error_name(&p.code, &p.message),
                        page: format!("HTTP {}", p.status),
                        spec: format!("HTTP {}", s.status),
                    });
                }
            }
            None => out.push(Difference {
                kind: Kind::ErrorAdded,
                noun: "error".into(),
                name: error_name(&p.code, &p.message),
                page: format!("HTTP {}", p.status),
                spec: "absent".into(),
            }),
        }
    }
    for (s, used) in spec.iter().zip(spec_used) {
        if !used {
            out.push(Difference {
                kind: Kind::ErrorRemoved,
                noun: "error".into(),
                name: error_name(&s.code, &s.message),
                page: "absent".into(),
                spec: format!("HTTP {}", s.status),
            });
        }
    }
}

/// A place two samples differ: JSON pointer, the page's value, the spec's value.
pub type Place = (String, String, String);

/// The page's sample closest to `spec`, with the places they differ.
pub fn closest<'s>(samples: &'s [Sample], spec: &Value) -> Option<(&'s Sample, Vec<Place>)> {
    samples
        .iter()
        .map(|s| {
            let mut diffs = Vec::new();
            json_diff("", &s.value, spec, &mut diffs);
            (s, diffs)
        })
        .min_by_key(|(_, d)| d.len())
}

fn compare_sample(
    noun: &str,
    page: &Listing<Sample>,
    spec: Option<&Value>,
    claimed: bool,
    out: &mut Vec<Difference>,
) {
    let Some(samples) = page.items() else {
        return;
    };
    let diff = |kind: Kind, name: String, page: String, spec: String| Difference {
        kind,
        noun: noun.to_owned(),
        name,
        page,
        spec,
    };
    match spec {
        None if !samples.is_empty() && !claimed => out.push(diff(
            Kind::SampleAdded,
            String::new(),
            "present".into(),
            "absent".into(),
        )),
        None => {}
        Some(_) if samples.is_empty() && page.is_whole() => out.push(diff(
            Kind::SampleRemoved,
            String::new(),
            "absent".into(),
            "present".into(),
        )),
        Some(_) if samples.is_empty() => {}
        Some(value) => {
            if let Some((_, diffs)) = closest(samples, value) {
                for (pointer, p, s) in diffs {
                    out.push(diff(Kind::SampleChanged, pointer, p, s));
                }
            }
        }
    }
}

/// Short JSON text of a value for a report line.
fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The places `page` and `spec` differ: `(pointer, page text, spec text)`.
fn json_diff(pointer: &str, page: &Value, spec: &Value, out: &mut Vec<Place>) {
    let at = |p: &str| {
        if p.is_empty() {
            "/".to_owned()
        } else {
            p.to_owned()
        }
    };
    match (page, spec) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let here = format!("{pointer}/{}", escape_pointer(key));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => json_diff(&here, x, y, out),
                    (Some(x), None) => out.push((here, short(x), "absent".into())),
                    (None, Some(y)) => out.push((here, "absent".into(), short(y))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let here = format!("{pointer}/{i}");
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => json_diff(&here, x, y, out),
                    (Some(x), None) => out.push((here, short(x), "absent".into())),
                    (None, Some(y)) => out.push((here, "absent".into(), short(y))),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a != b => out.push((at(pointer), short(a), short(b))),
        _ => {}
    }
}
