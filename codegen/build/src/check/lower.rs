//! Checking the parsed spec files and lowering them to the [`model`](crate::model).
//!
//! Every problem is collected; lowering succeeds only when there is none.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::validate;
use crate::model::names::{self, COMMON_MODULE};
use crate::model::{
    Api, EnumValue, ErrorDoc, Family, Field, Operation, Param, Request, Response, ScopeRequirement,
    Ty, Type, TypeKind,
};
use crate::spec::diagnostics::Errors;
use crate::spec::load::Source;
use crate::spec::locate::escape_segment;
use crate::spec::{self, AltForm, Trigger};

/// Checks `sources` together and lowers them to one [`Api`].
pub fn lower(sources: &[Source], errors: &mut Errors) -> Option<Api> {
    let mut cx = Cx {
        errors,
        types: BTreeMap::new(),
        type_origin: BTreeMap::new(),
    };
    let api = cx.api_section(sources)?;
    cx.collect_types(sources);
    let families = cx.families(sources, &api);
    let mut api = Api {
        version: api.version.clone(),
        base_path: api.base_path.clone(),
        description: api.description.clone(),
        shared_errors: api.shared_errors,
        notes: api.notes,
        common_types: sources
            .iter()
            .filter(|s| s.spec.api.is_some())
            .flat_map(|s| s.spec.types.keys().cloned())
            .collect(),
        families,
        types: std::mem::take(&mut cx.types),
    };
    mark_usage(&mut api);
    cx.check_types(sources, &api);
    cx.check_samples(sources, &api);
    if cx.errors.is_empty() {
        Some(api)
    } else {
        None
    }
}

struct ApiSection {
    notes: Vec<spec::Note>,
    version: String,
    base_path: String,
    description: String,
    shared_errors: Vec<ErrorDoc>,
}

struct Cx<'e> {
    errors: &'e mut Errors,
    types: BTreeMap<String, Type>,
    /// Where each type was defined: source index.
    type_origin: BTreeMap<String, usize>,
}

impl Cx<'_> {
    fn at(&mut self, source: &Source, pointer: &str, message: impl Into<String>) {
        self.errors.push(source.diagnostic(pointer, message));
    }

    fn api_section(&mut self, sources: &[Source]) -> Option<ApiSection> {
        let with_api: Vec<&Source> = sources.iter().filter(|s| s.spec.api.is_some()).collect();
        let Some(first) = with_api.first() else {
            if let Some(source) = sources.first() {
                self.at(source, "", "no file of the spec has an `api` section: expected exactly one (conventionally `api.json`)");
            }
            return None;
        };
        for extra in &with_api[1..] {
            self.at(
                extra,
                "/api",
                format!("a second `api` section: the first is in {}", first.name),
            );
        }
        let api = first.spec.api.as_ref()?;
        if let Some(family) = &first.spec.family {
            let _ = family;
            self.at(
                first,
                "/family",
                "the file with the `api` section cannot also describe a family",
            );
        }
        if !first.spec.operations.is_empty() {
            self.at(
                first,
                "/operations",
                "operations belong in a family file, not in the file with the `api` section",
            );
        }
        if !api.base_path.starts_with('/') || api.base_path.ends_with('/') {
            self.at(
                first,
                "/api/base_path",
                format!(
                    "base path `{}` must start with `/` and not end with one",
                    api.base_path
                ),
            );
        }
        let shared_errors = self.error_docs(first, "/api/errors", &api.errors);
        Some(ApiSection {
            notes: api.notes.clone(),
            version: api.version.clone(),
            base_path: api.base_path.clone(),
            description: api.description.clone(),
            shared_errors,
        })
    }

    fn error_docs(
        &mut self,
        source: &Source,
        pointer: &str,
        defs: &[spec::ErrorDef],
    ) -> Vec<ErrorDoc> {
        let mut seen: BTreeMap<&str, (u16, usize)> = BTreeMap::new();
        let mut out = Vec::new();
        for (i, def) in defs.iter().enumerate() {
            let here = format!("{pointer}/{i}");
            if !(100..=599).contains(&def.status) {
                self.at(
                    source,
                    &format!("{here}/status"),
                    format!("HTTP status {} is not between 100 and 599", def.status),
                );
            }
            if def.code.is_empty()
                || !def
                    .code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ')
            {
                self.at(
                    source,
                    &format!("{here}/code"),
                    format!("error code `{}` must be letters, digits and `_`", def.code),
                );
            }
            if def.message.contains('\t') {
                self.at(
                    source,
                    &format!("{here}/message"),
                    "an error message must not contain a tab: the generated tables of documented errors separate their columns with tabs",
                );
            }
            match seen.get(def.code.as_str()) {
                Some(&(status, first)) if status != def.status => self.at(
                    source,
                    &format!("{here}/status"),
                    format!("error code {} is listed with HTTP {} here and HTTP {status} at {pointer}/{first}: one code has one status per endpoint", def.code, def.status),
                ),
                _ => {
                    seen.entry(&def.code).or_insert((def.status, i));
                }
            }
            if defs[..i]
                .iter()
                .any(|d| d.code == def.code && d.message == def.message)
            {
                self.at(
                    source,
                    &format!("{here}/message"),
                    format!(
                        "error {} with message {:?} is listed twice",
                        def.code, def.message
                    ),
                );
            }
            out.push(ErrorDoc {
                code: def.code.clone(),
                status: def.status,
                message: def.message.clone(),
                resolution: def.resolution.clone(),
                trigger: def.trigger.clone(),
            });
        }
        out
    }

    fn collect_types(&mut self, sources: &[Source]) {
        for (index, source) in sources.iter().enumerate() {
            let module = match (&source.spec.api, &source.spec.family) {
                (Some(_), _) => COMMON_MODULE.to_owned(),
                (None, Some(family)) => family.name.clone(),
                (None, None) => continue,
            };
            for (name, def) in &source.spec.types {
                let pointer = format!("/types/{}", escape_segment(name));
                if !names::is_type_name(name) {
                    self.at(
                        source,
                        &pointer,
                        format!("type name `{name}` must be PascalCase letters and digits"),
                    );
                    continue;
                }
                if names::PRELUDE_TYPES.contains(&name.as_str()) {
                    self.at(
                        source,
                        &pointer,
                        format!("type name `{name}` is taken: the generated modules use the runtime's `{name}`"),
                    );
                    continue;
                }
                if let Some(&other) = self.type_origin.get(name) {
                    self.at(
                        source,
                        &pointer,
                        format!("type `{name}` is also defined in {}", sources[other].name),
                    );
                    continue;
                }
                let ty = self.lower_type(source, &pointer, name, &module, def);
                self.type_origin.insert(name.clone(), index);
                self.types.insert(name.clone(), ty);
            }
        }
    }

    fn lower_type(
        &mut self,
        source: &Source,
        pointer: &str,
        name: &str,
        module: &str,
        def: &spec::TypeDef,
    ) -> Type {
        let (description, kind) = match def {
            spec::TypeDef::Object {
                description,
                fields,
            } => {
                let mut out: Vec<Field> = Vec::new();
                for (i, f) in fields.iter().enumerate() {
                    let here = format!("{pointer}/fields/{i}");
                    let ty = match Ty::parse(&f.ty) {
                        Some(ty) => ty,
                        None => {
                            self.at(source, &format!("{here}/type"), format!("`{}` is not a type expression: expected string, boolean, integer, number, id, datetime, json, a type name or list<T>", f.ty));
                            Ty::Json
                        }
                    };
                    let rust_name = names::field(&f.name);
                    if let Some(prev) = out.iter().find(|p| p.json_name == f.name) {
                        self.at(
                            source,
                            &format!("{here}/name"),
                            format!("key `{}` is listed twice", prev.json_name),
                        );
                    } else if let Some(prev) = out.iter().find(|p| p.rust_name == rust_name) {
                        self.at(
                            source,
                            &format!("{here}/name"),
                            format!(
                                "keys `{}` and `{}` both become the Rust field `{rust_name}`",
                                prev.json_name, f.name
                            ),
                        );
                    }
                    let accepts_id_object = f.also_accepts.contains(&AltForm::IdObject);
                    if accepts_id_object && ty != Ty::Id {
                        self.at(
                            source,
                            &format!("{here}/also_accepts"),
                            "`id_object` applies only to keys of type `id`",
                        );
                    }
                    if f.constraints.max_length == Some(0) {
                        self.at(
                            source,
                            &format!("{here}/constraints/max_length"),
                            "max_length must be at least 1",
                        );
                    }
                    out.push(Field {
                        json_name: f.name.clone(),
                        rust_name,
                        ty,
                        required: f.required,
                        presence: f.presence,
                        nullable: f.nullable,
                        description: f.description.clone(),
                        values: f.values.clone(),
                        default: f.default.clone(),
                        constraints: f.constraints.clone(),
                        accepts_id_object,
                    });
                }
                (description.clone(), TypeKind::Object(out))
            }
            spec::TypeDef::Enum {
                description,
                values,
            } => {
                if values.is_empty() {
                    self.at(
                        source,
                        &format!("{pointer}/values"),
                        "an enum needs at least one value",
                    );
                }
                let mut out: Vec<EnumValue> = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    let variant = names::pascal(&v.value);
                    let here = format!("{pointer}/values/{i}/value");
                    if variant.is_empty() || variant == "Unknown" {
                        self.at(
                            source,
                            &here,
                            format!("enum value {:?} gives no usable variant name", v.value),
                        );
                    } else if let Some(prev) = out.iter().find(|p| p.variant == variant) {
                        self.at(
                            source,
                            &here,
                            format!(
                                "enum values {:?} and {:?} both become the variant `{variant}`",
                                prev.value, v.value
                            ),
                        );
                    }
                    out.push(EnumValue {
                        value: v.value.clone(),
                        variant,
                        description: v.description.clone(),
                    });
                }
                (description.clone(), TypeKind::Enum(out))
            }
            spec::TypeDef::Record { description } => (description.clone(), TypeKind::Record),
        };
        Type {
            name: name.to_owned(),
            module: module.to_owned(),
            description,
            kind,
            in_request: false,
            in_response: false,
        }
    }

    /// Checks what types refer to: names that exist, families that exist, no cycles by value.
    fn check_types(&mut self, sources: &[Source], api: &Api) {
        let families: BTreeSet<&str> = api.families.iter().map(|f| f.name.as_str()).collect();
        for ty in api.types.values() {
            let source = &sources[self.type_origin[&ty.name]];
            let TypeKind::Object(fields) = &ty.kind else {
                continue;
            };
            for (i, f) in fields.iter().enumerate() {
                let here = format!("/types/{}/fields/{i}", escape_segment(&ty.name));
                if let Some(other) = f.ty.named().and_then(|n| api.types.get(n)) {
                    if other.module != ty.module && other.module != COMMON_MODULE {
                        self.at(
                            source,
                            &format!("{here}/type"),
                            format!("type `{}` belongs to family `{}`; a family may use only its own types and those of api.json, so that each family compiles alone", other.name, other.module),
                        );
                    }
                }
                if let Some(named) = f.ty.named() {
                    if !api.types.contains_key(named) {
                        self.at(
                            source,
                            &format!("{here}/type"),
                            format!("unknown type `{named}`{}", suggest(named, api.types.keys())),
                        );
                    }
                }
                if f.accepts_id_object && f.is_clearable(ty) {
                    self.at(
                        source,
                        &format!("{here}/also_accepts"),
                        "`id_object` cannot be combined with `nullable` on a key of a request type",
                    );
                }
                if let Some(family) = &f.constraints.references {
                    if !families.contains(family.as_str()) {
                        self.at(
                            source,
                            &format!("{here}/constraints/references"),
                            format!(
                                "unknown family `{family}`: expected one of {}",
                                families.iter().copied().collect::<Vec<_>>().join(", ")
                            ),
                        );
                    }
                }
            }
            // A cycle is reported once, at its first member by name.
            let cycle = cycle_from(api, &ty.name)
                .filter(|cycle| cycle.iter().all(|member| *member >= ty.name));
            if let Some(cycle) = cycle {
                self.at(
                    source,
                    &format!("/types/{}", escape_segment(&ty.name)),
                    format!(
                        "type `{}` contains itself ({}); only a list may lead back to a type",
                        ty.name,
                        cycle.join(" → ")
                    ),
                );
            }
        }
    }

    fn families(&mut self, sources: &[Source], api: &ApiSection) -> Vec<Family> {
        let mut families: Vec<Family> = Vec::new();
        let mut op_origin: BTreeMap<String, String> = BTreeMap::new();
        for source in sources {
            if source.spec.api.is_some() {
                continue;
            }
            let Some(family) = &source.spec.family else {
                self.at(
                    source,
                    "",
                    "a spec file needs a `family` section (or the `api` section)",
                );
                continue;
            };
            if !names::is_snake_name(&family.name) || family.name == COMMON_MODULE {
                self.at(
                    source,
                    "/family/name",
                    format!(
                        "family name `{}` must be snake_case and not `{COMMON_MODULE}`",
                        family.name
                    ),
                );
            }
            if let Some(other) = families.iter().find(|f| f.name == family.name) {
                self.at(
                    source,
                    "/family/name",
                    format!(
                        "family `{}` is also described in {}",
                        family.name, other.file
                    ),
                );
                continue;
            }
            let mut operations = Vec::new();
            let mut functions: BTreeMap<&str, &str> = BTreeMap::new();
            for (name, op) in &source.spec.operations {
                let pointer = format!("/operations/{}", escape_segment(name));
                if !names::is_snake_name(name) {
                    self.at(
                        source,
                        &pointer,
                        format!("operation name `{name}` must be snake_case"),
                    );
                }
                if let Some(file) = op_origin.get(name) {
                    self.at(
                        source,
                        &pointer,
                        format!("operation `{name}` is also defined in {file}"),
                    );
                    continue;
                }
                op_origin.insert(name.clone(), source.name.clone());
                if matches!(op.function.as_str(), "clone" | "clone_from" | "fmt") {
                    self.at(
                        source,
                        &format!("{pointer}/function"),
                        format!("function name `{}` would be shadowed by a method every family client has (Clone, Debug)", op.function),
                    );
                } else if !names::is_snake_name(&op.function) {
                    self.at(
                        source,
                        &format!("{pointer}/function"),
                        format!("function name `{}` must be snake_case", op.function),
                    );
                } else if let Some(other) = functions.insert(&op.function, name) {
                    self.at(
                        source,
                        &format!("{pointer}/function"),
                        format!(
                            "function `{}` is also the function of operation `{other}`",
                            op.function
                        ),
                    );
                }
                operations.push(self.operation(source, &pointer, name, op, api));
            }
            families.push(Family {
                name: family.name.clone(),
                title: family.title.clone(),
                description: family.description.clone(),
                file: source.name.clone(),
                types: source.spec.types.keys().cloned().collect(),
                notes: family.notes.clone(),
                operations,
            });
        }
        families.sort_by(|a, b| a.name.cmp(&b.name));
        families
    }

    fn operation(
        &mut self,
        source: &Source,
        pointer: &str,
        name: &str,
        op: &spec::Operation,
        api: &ApiSection,
    ) -> Operation {
        let placeholders = self.path_placeholders(source, &format!("{pointer}/path"), &op.path);
        let declared: Vec<&str> = op.path_params.iter().map(|p| p.name.as_str()).collect();
        for p in &placeholders {
            if !declared.contains(&p.as_str()) {
                self.at(
                    source,
                    &format!("{pointer}/path"),
                    format!("path parameter `{{{p}}}` is not declared in `path_params`"),
                );
            }
        }
        for (i, p) in op.path_params.iter().enumerate() {
            if !placeholders.contains(&p.name) {
                self.at(
                    source,
                    &format!("{pointer}/path_params/{i}/name"),
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        p.name, op.path
                    ),
                );
            }
        }
        let mut path_params: Vec<Param> = placeholders
            .iter()
            .filter_map(|p| op.path_params.iter().position(|d| &d.name == p))
            .map(|i| {
                self.param(
                    source,
                    &format!("{pointer}/path_params/{i}"),
                    &op.path_params[i],
                )
            })
            .collect();
        for p in &mut path_params {
            p.required = true;
        }
        let query: Vec<Param> = op
            .query
            .iter()
            .enumerate()
            .map(|(i, p)| self.param(source, &format!("{pointer}/query/{i}"), p))
            .collect();
        for (i, p) in query.iter().enumerate() {
            if query[..i].iter().any(|q| q.name == p.name)
                || path_params.iter().any(|q| q.rust_name == p.rust_name)
            {
                self.at(
                    source,
                    &format!("{pointer}/query/{i}/name"),
                    format!("parameter `{}` is declared twice", p.name),
                );
            }
        }
        let headers: Vec<Param> = op
            .headers
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let here = format!("{pointer}/headers/{i}");
                let param = self.param(source, &here, p);
                if param.required {
                    self.at(
                        source,
                        &format!("{here}/required"),
                        "headers are optional parameters; a mandatory header is not supported yet",
                    );
                }
                if query
                    .iter()
                    .chain(&path_params)
                    .any(|q| q.rust_name == param.rust_name)
                {
                    self.at(
                        source,
                        &format!("{here}/name"),
                        format!("parameter `{}` is declared twice", p.name),
                    );
                }
                param
            })
            .collect();
        for (i, extra) in op.additional_scopes.iter().enumerate() {
            if extra.operation_types.is_empty() {
                self.at(
                    source,
                    &format!("{pointer}/additional_scopes/{i}/operation_types"),
                    "a scope needs at least one operation type",
                );
            }
        }
        if op.scope.operation_types.is_empty() {
            self.at(
                source,
                &format!("{pointer}/scope/operation_types"),
                "a scope needs at least one operation type",
            );
        }
        let request = op.request.as_ref().map(|r| {
            self.check_type_ref(source, &format!("{pointer}/request/item"), &r.item, true);
            if r.wrapper.is_none() && op.sample_input.is_none() {
                self.at(
                    source,
                    &format!("{pointer}/request"),
                    "a body without a wrapper needs a sample_input (the generated tests send it)",
                );
            }
            if r.wrapper.is_none() && r.max_items.is_some() {
                self.at(
                    source,
                    &format!("{pointer}/request/max_items"),
                    "a body without a wrapper is one object; max_items applies to wrapped items",
                );
            }
            if r.max_items == Some(0) {
                self.at(
                    source,
                    &format!("{pointer}/request/max_items"),
                    "max_items must be at least 1",
                );
            }
            Request {
                wrapper: r.wrapper.clone(),
                item: r.item.clone(),
                max_items: r.max_items,
            }
        });
        if request.is_none() && matches!(op.method, spec::HttpMethod::POST) {
            self.at(
                source,
                &format!("{pointer}/request"),
                "a POST endpoint needs a `request` body",
            );
        }
        let response = match &op.response {
            spec::Response::Action {
                status,
                wrapper,
                details,
            } => {
                self.check_type_ref(
                    source,
                    &format!("{pointer}/response/details"),
                    details,
                    true,
                );
                Response::Action {
                    status: *status,
                    wrapper: wrapper.clone(),
                    details: details.clone(),
                }
            }
            spec::Response::Object { status, item } => {
                self.check_type_ref(source, &format!("{pointer}/response/item"), item, true);
                Response::Object {
                    status: *status,
                    item: item.clone(),
                }
            }
            spec::Response::Records {
                status,
                wrapper,
                item,
            } => {
                self.check_type_ref(source, &format!("{pointer}/response/item"), item, true);
                Response::Records {
                    status: *status,
                    wrapper: wrapper.clone(),
                    item: item.clone(),
                }
            }
        };
        if !(200..=299).contains(&response.status()) {
            self.at(
                source,
                &format!("{pointer}/response/status"),
                format!("success status {} is not a 2xx status", response.status()),
            );
        }
        let documented = self.error_docs(source, &format!("{pointer}/errors"), &op.errors);
        for (i, e) in documented.iter().enumerate() {
            let here = format!("{pointer}/errors/{i}/trigger");
            match &e.trigger {
                Some(
                    Trigger::MissingKey { key }
                    | Trigger::InvalidValue { key }
                    | Trigger::UnknownReference { key }
                    | Trigger::Duplicate { key }
                    | Trigger::ForbiddenCharacters { key },
                ) => {
                    let known = request.as_ref().is_some_and(|r| {
                        match self.types.get(&r.item).map(|t| &t.kind) {
                            Some(TypeKind::Object(fields)) => {
                                fields.iter().any(|f| &f.json_name == key)
                            }
                            _ => true,
                        }
                    });
                    if !known {
                        let keys: Vec<&String> = match request
                            .as_ref()
                            .and_then(|r| self.types.get(&r.item))
                            .map(|t| &t.kind)
                        {
                            Some(TypeKind::Object(fields)) => {
                                fields.iter().map(|f| &f.json_name).collect()
                            }
                            _ => Vec::new(),
                        };
                        let hint = suggest(key, keys.into_iter());
                        self.at(
                            source,
                            &here,
                            format!(
                                "trigger names key `{key}`, which the request item does not have{hint}"
                            ),
                        );
                    }
                }
                Some(Trigger::MissingParam { param })
                    if !query.iter().any(|q| &q.name == param) =>
                {
                    self.at(
                        source,
                        &here,
                        format!(
                            "trigger names parameter `{param}`, which is not a query parameter"
                        ),
                    );
                }
                _ => {}
            }
        }
        let errors = crate::model::group_errors(&documented, &api.shared_errors);
        Operation {
            name: name.to_owned(),
            function: op.function.clone(),
            title: op.title.clone(),
            description: op.description.clone(),
            doc_url: op.doc_url.clone(),
            method: op.method,
            path: op.path.clone(),
            path_params,
            query,
            headers,
            scope: op.scope.name.clone(),
            operation_types: operation_types(&op.scope),
            additional_scopes: op
                .additional_scopes
                .iter()
                .map(|s| ScopeRequirement {
                    name: s.name.clone(),
                    operation_types: operation_types(s),
                })
                .collect(),
            request,
            response,
            idempotent: op.idempotent,
            errors,
            sample_input: op.sample_input.clone(),
            sample_response: op.sample_response.clone(),
            notes: op.notes.clone(),
        }
    }

    fn path_placeholders(&mut self, source: &Source, pointer: &str, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        if !path.starts_with('/') {
            self.at(
                source,
                pointer,
                format!("path `{path}` must start with `/`"),
            );
        }
        let mut rest = path;
        while let Some(open) = rest.find(['{', '}']) {
            if rest.as_bytes()[open] == b'}' {
                self.at(
                    source,
                    pointer,
                    format!("path `{path}` has a `}}` without its `{{`"),
                );
                break;
            }
            let Some(close) = rest[open..].find('}') else {
                self.at(
                    source,
                    pointer,
                    format!("path `{path}` has a `{{` without its `}}`"),
                );
                break;
            };
            let name = &rest[open + 1..open + close];
            if !names::is_snake_name(name) {
                self.at(
                    source,
                    pointer,
                    format!("path parameter `{{{name}}}` must be a snake_case name"),
                );
            } else if out.iter().any(|p| p == name) {
                self.at(
                    source,
                    pointer,
                    format!("path parameter `{{{name}}}` appears twice"),
                );
            } else {
                out.push(name.to_owned());
            }
            rest = &rest[open + close + 1..];
        }
        out
    }

    fn param(&mut self, source: &Source, pointer: &str, p: &spec::Param) -> Param {
        let parsed = Ty::parse(&p.ty);
        let element = match &parsed {
            Some(Ty::List(inner)) => Some(inner.as_ref()),
            other => other.as_ref(),
        };
        let scalar = match element {
            Some(Ty::String | Ty::Boolean | Ty::Integer | Ty::Number | Ty::Id | Ty::DateTime) => {
                true
            }
            Some(Ty::Named(name)) => matches!(
                self.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Enum(_))
            ),
            _ => false,
        };
        let ty = match parsed {
            Some(ty) if scalar => ty,
            _ => {
                self.at(source, &format!("{pointer}/type"), format!("parameter type `{}` must be a scalar (string, boolean, integer, number, id, datetime), an enum type, or a list<T> of those", p.ty));
                Ty::String
            }
        };
        if (p.minimum.is_some() || p.maximum.is_some()) && ty != Ty::Integer {
            self.at(
                source,
                pointer,
                "minimum and maximum apply only to integer parameters",
            );
        }
        if let (Some(min), Some(max)) = (p.minimum, p.maximum) {
            if min > max {
                self.at(
                    source,
                    &format!("{pointer}/minimum"),
                    format!("minimum {min} is above maximum {max}"),
                );
            }
        }
        if p.max_items.is_some() && !matches!(ty, Ty::List(_)) {
            self.at(
                source,
                &format!("{pointer}/max_items"),
                "max_items applies only to list<T> parameters",
            );
        }
        Param {
            name: p.name.clone(),
            rust_name: names::field(&p.name),
            ty,
            required: p.required,
            description: p.description.clone(),
            default: p.default.clone(),
            minimum: p.minimum,
            maximum: p.maximum,
            max_items: p.max_items,
        }
    }

    fn check_type_ref(&mut self, source: &Source, pointer: &str, name: &str, object: bool) {
        match self.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Object(_) | TypeKind::Record) => {}
            Some(TypeKind::Enum(_)) if !object => {}
            Some(TypeKind::Enum(_)) => self.at(
                source,
                pointer,
                format!("`{name}` is an enum; expected an object type"),
            ),
            None => {
                let hint = suggest(name, self.types.keys());
                self.at(source, pointer, format!("unknown type `{name}`{hint}"));
            }
        }
    }

    fn check_samples(&mut self, sources: &[Source], api: &Api) {
        for family in &api.families {
            let Some(source) = sources.iter().find(|s| s.name == family.file) else {
                continue;
            };
            for op in &family.operations {
                let pointer = format!("/operations/{}", escape_segment(&op.name));
                if let Some(sample) = &op.sample_input {
                    if op.request.is_none() {
                        self.at(
                            source,
                            &format!("{pointer}/sample_input"),
                            "a sample input for an endpoint without a request body",
                        );
                    }
                    for v in validate::request_body(api, op, sample) {
                        self.at(
                            source,
                            &format!("{pointer}/sample_input{}", v.pointer),
                            format!(
                                "the sample input does not fit the request type: {}",
                                v.problem_text()
                            ),
                        );
                    }
                }
                if let Some(sample) = &op.sample_response {
                    for v in validate::response_body(api, op, sample) {
                        self.at(
                            source,
                            &format!("{pointer}/sample_response{}", v.pointer),
                            format!(
                                "the sample response does not fit the response type: {}",
                                v.problem_text()
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn operation_types(scope: &spec::Scope) -> Vec<(String, String)> {
    scope
        .operation_types
        .iter()
        .map(|t| (t.name.clone(), t.description.clone()))
        .collect()
}

/// A chain of by-value fields from `start` back to itself, if there is one.
fn cycle_from(api: &Api, start: &str) -> Option<Vec<String>> {
    fn walk(
        api: &Api,
        current: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        let Some(TypeKind::Object(fields)) = api.types.get(current).map(|t| &t.kind) else {
            return false;
        };
        for f in fields {
            let Ty::Named(next) = &f.ty else { continue };
            path.push(next.clone());
            if next == start || (seen.insert(next.clone()) && walk(api, next, start, path, seen)) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = vec![start.to_owned()];
    walk(api, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

/// Marks which types appear in requests and which in responses.
fn mark_usage(api: &mut Api) {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for (_, op) in api.operations() {
        if let Some(r) = &op.request {
            request_roots.push(r.item.clone());
        }
        response_roots.push(op.response.item_type().to_owned());
    }
    for (roots, request) in [(request_roots, true), (response_roots, false)] {
        let mut stack = roots;
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(ty) = api.types.get_mut(&name) else {
                continue;
            };
            if request {
                ty.in_request = true;
            } else {
                ty.in_response = true;
            }
            if let TypeKind::Object(fields) = &ty.kind {
                stack.extend(
                    fields
                        .iter()
                        .filter_map(|f| f.ty.named().map(str::to_owned)),
                );
            }
        }
    }
}

/// ` (did you mean `X`?)` for the closest known name, if one is close.
fn suggest<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> String {
    known
        .map(|k| (distance(&name.to_lowercase(), &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
