//! What a spec change does to the generated Rust API, each change classified as breaking
//! (users' code may stop compiling or behave differently) or additive.

use std::collections::BTreeMap;
use std::fmt;

use zohocrm_build::emit::rust_type;
use zohocrm_build::model::{Api, Field, Operation, Type, TypeKind};

/// Whether a change needs a major version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Existing code may stop compiling or change meaning.
    Breaking,
    /// Existing code keeps working.
    Additive,
}

/// One change to the Rust API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Breaking or additive.
    pub impact: Impact,
    /// What changed, e.g. `roles::NewRole: key `code` added as mandatory`.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = match self.impact {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
        };
        write!(f, "{impact}: {}", self.what)
    }
}

/// Every change from `old` to `new`, breaking ones first.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Changes::default();
    let old_ops: BTreeMap<&str, (&str, &Operation)> = old
        .operations()
        .map(|(f, o)| (o.name.as_str(), (f.name.as_str(), o)))
        .collect();
    let new_ops: BTreeMap<&str, (&str, &Operation)> = new
        .operations()
        .map(|(f, o)| (o.name.as_str(), (f.name.as_str(), o)))
        .collect();
    for (name, (family, op)) in &old_ops {
        match new_ops.get(name) {
            None => out.breaking(format!(
                "endpoint `{name}` removed: `{family}().{}()` is gone",
                op.function
            )),
            Some((new_family, new_op)) => {
                operation(old, new, family, op, new_family, new_op, &mut out)
            }
        }
    }
    for (name, (family, op)) in &new_ops {
        if !old_ops.contains_key(name) {
            out.additive(format!(
                "endpoint `{name}` added: `{family}().{}()`",
                op.function
            ));
        }
    }
    for (name, ty) in &old.types {
        match new.types.get(name) {
            None => out.breaking(format!("type `{}::{name}` removed", ty.module)),
            Some(new_ty) => type_change(old, new, ty, new_ty, &mut out),
        }
    }
    for (name, ty) in &new.types {
        if !old.types.contains_key(name) {
            out.additive(format!("type `{}::{name}` added", ty.module));
        }
    }
    let mut changes = out.0;
    changes.sort();
    changes
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn breaking(&mut self, what: String) {
        self.0.push(Change {
            impact: Impact::Breaking,
            what,
        });
    }

    fn additive(&mut self, what: String) {
        self.0.push(Change {
            impact: Impact::Additive,
            what,
        });
    }
}

fn operation(
    old: &Api,
    new: &Api,
    family: &str,
    op: &Operation,
    new_family: &str,
    new_op: &Operation,
    out: &mut Changes,
) {
    let name = &op.name;
    if family != new_family || op.function != new_op.function {
        out.breaking(format!(
            "endpoint `{name}` moved from `{family}().{}()` to `{new_family}().{}()`",
            op.function, new_op.function
        ));
    }
    if op.method != new_op.method || op.path != new_op.path {
        out.breaking(format!(
            "endpoint `{name}` now calls {} {} instead of {} {}",
            new_op.method.as_str(),
            new_op.path,
            op.method.as_str(),
            op.path
        ));
    }
    let signature = |api: &Api, o: &Operation| {
        let mut args: Vec<String> = o.path_params.iter().map(|p| p.name.clone()).collect();
        args.extend(
            o.query
                .iter()
                .filter(|p| p.required)
                .map(|p| format!("{}: {}", p.name, type_text(api, &p.ty, ""))),
        );
        args.push(format!("body: {:?}", o.request.as_ref().map(|r| &r.item)));
        args.push(format!("returns: {}", o.response.item_type()));
        args
    };
    if signature(old, op) != signature(new, new_op) {
        out.breaking(format!(
            "`{name}` takes or returns other values: ({}) became ({})",
            signature(old, op).join(", "),
            signature(new, new_op).join(", ")
        ));
    }
    for p in op.query.iter().filter(|p| !p.required) {
        match new_op.query.iter().find(|q| q.name == p.name) {
            None => out.breaking(format!("`{name}`: optional parameter `{}` removed", p.name)),
            Some(q) if !q.required && type_text(old, &p.ty, "") != type_text(new, &q.ty, "") => {
                out.breaking(format!("`{name}`: parameter `{}` changed type", p.name))
            }
            Some(_) => {}
        }
    }
    for q in new_op.query.iter().filter(|q| !q.required) {
        if !op.query.iter().any(|p| p.name == q.name) {
            out.additive(format!("`{name}`: optional parameter `{}` added", q.name));
        }
    }
    let max = |o: &Operation| o.request.as_ref().and_then(|r| r.max_items);
    if max(op) != max(new_op) {
        let impact = match (max(op), max(new_op)) {
            (_, None) => Impact::Additive,
            (None, Some(_)) => Impact::Breaking,
            (Some(a), Some(b)) if b > a => Impact::Additive,
            _ => Impact::Breaking,
        };
        out.0.push(Change {
            impact,
            what: format!(
                "`{name}`: items per call {:?} became {:?}",
                max(op),
                max(new_op)
            ),
        });
    }
    for code in &op.errors {
        if new_op.error(&code.code).is_none() {
            out.breaking(format!(
                "`{name}`: error code {} removed (its variant is gone)",
                code.code
            ));
        }
    }
    for code in &new_op.errors {
        match op.error(&code.code) {
            None => out.additive(format!("`{name}`: error code {} added", code.code)),
            Some(old_code) if old_code.status != code.status => out.additive(format!(
                "`{name}`: error code {} now comes with HTTP {} instead of {}",
                code.code, code.status, old_code.status
            )),
            Some(_) => {}
        }
    }
}

/// A Rust type as text, e.g. `Option<crate::Id>`.
fn type_text(api: &Api, ty: &zohocrm_build::model::Ty, module: &str) -> String {
    rust_type(api, ty, module).to_string().replace(' ', "")
}

fn type_change(old: &Api, new: &Api, ty: &Type, new_ty: &Type, out: &mut Changes) {
    let path = format!("{}::{}", ty.module, ty.name);
    match (&ty.kind, &new_ty.kind) {
        (TypeKind::Record, TypeKind::Record) => {}
        (TypeKind::Enum(values), TypeKind::Enum(new_values)) => {
            for v in values {
                if !new_values.iter().any(|n| n.value == v.value) {
                    out.breaking(format!("`{path}`: value `{}` removed", v.value));
                }
            }
            for v in new_values {
                if !values.iter().any(|o| o.value == v.value) {
                    out.additive(format!("`{path}`: value `{}` added", v.value));
                }
            }
        }
        (TypeKind::Object(fields), TypeKind::Object(new_fields)) => {
            let shape = |api: &Api, t: &Type, f: &Field| {
                let base = type_text(api, &f.ty, &t.module);
                if f.is_clearable(t) {
                    format!("Option<Option<{base}>>")
                } else if f.is_optional(t) {
                    format!("Option<{base}>")
                } else {
                    base
                }
            };
            for f in fields {
                match new_fields.iter().find(|n| n.json_name == f.json_name) {
                    None => out.breaking(format!("`{path}`: key `{}` removed", f.json_name)),
                    Some(n) => {
                        if new_ty.in_request && !n.is_optional(new_ty) && f.is_optional(ty) {
                            out.breaking(format!(
                                "`{path}`: key `{}` became mandatory",
                                f.json_name
                            ));
                        } else if shape(old, ty, f) != shape(new, new_ty, n) {
                            out.breaking(format!(
                                "`{path}`: key `{}` changed type from {} to {}",
                                f.json_name,
                                shape(old, ty, f),
                                shape(new, new_ty, n)
                            ));
                        }
                    }
                }
            }
            for n in new_fields {
                if !fields.iter().any(|f| f.json_name == n.json_name) {
                    if new_ty.in_request && !n.is_optional(new_ty) {
                        out.breaking(format!("`{path}`: mandatory key `{}` added", n.json_name));
                    } else {
                        out.additive(format!("`{path}`: optional key `{}` added", n.json_name));
                    }
                }
            }
        }
        _ => out.breaking(format!("`{path}` changed kind (object, enum or record)")),
    }
}
