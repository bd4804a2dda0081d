//! Query and path parameters: parsing the query and checking it against an operation.

use serde_json::Value;
use zohocrm_build::check::validate::is_id;
use zohocrm_build::model::{Api, Operation, Param, Trigger, Ty, TypeKind};

use crate::zoho_error::ZohoError;

/// Query parameters of a URI's query string, percent-decoded, in order.
pub(crate) fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    // Form decoding takes any text; a query it cannot read is taken as empty.
    query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default()
}

/// The first value of `name` in `query`.
pub(crate) fn first<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Checks that every required query parameter of `op` is present and every present one fits its
/// type, range and item limit.
pub(crate) fn check(
    api: &Api,
    op: &Operation,
    query: &[(String, String)],
) -> Result<(), ZohoError> {
    for param in &op.query {
        match first(query, &param.name) {
            None if param.required => {
                let trigger = Trigger::MissingParam {
                    param: param.name.clone(),
                };
                let error = ZohoError::documented(op, &trigger).unwrap_or_else(|| {
                    let message = format!("required parameter `{}` is missing", param.name);
                    ZohoError::coded(op, "REQUIRED_PARAM_MISSING", 400, message)
                });
                return Err(error.detail("param_name", param.name.as_str()));
            }
            Some(text) => {
                if let Some(problem) = problem(api, param, text) {
                    let message = format!("parameter `{}` {problem}", param.name);
                    return Err(ZohoError::invalid_data(op, message)
                        .detail("param_name", param.name.as_str()));
                }
            }
            None => {}
        }
    }
    Ok(())
}

/// What is wrong with the value `text` of `param`, if anything.
fn problem(api: &Api, param: &Param, text: &str) -> Option<String> {
    let values: Vec<&str> = match &param.ty {
        Ty::List(_) => text.split(',').map(str::trim).collect(),
        _ => vec![text],
    };
    let item_ty = match &param.ty {
        Ty::List(inner) => inner.as_ref(),
        ty => ty,
    };
    if let Some(bad) = values.iter().find(|v| !fits(api, item_ty, v)) {
        return Some(format!(
            "has `{bad}` where {} is expected",
            expected(api, item_ty)
        ));
    }
    if let Some(max) = param.max_items.filter(|&max| values.len() > max as usize) {
        return Some(format!("lists more than {max} values"));
    }
    let number = text.parse::<i64>().ok();
    match (number, param.minimum, param.maximum) {
        (Some(n), Some(min), _) if n < min => Some(format!("is below {min}")),
        (Some(n), _, Some(max)) if n > max => Some(format!("is above {max}")),
        _ => None,
    }
}

/// Whether a path or query parameter's text fits its scalar or enum type.
pub(crate) fn fits(api: &Api, ty: &Ty, text: &str) -> bool {
    match ty {
        Ty::Id => is_id(&Value::String(text.to_owned())),
        Ty::Integer => text.parse::<i64>().is_ok(),
        Ty::Number => text.parse::<f64>().is_ok(),
        Ty::Boolean => text == "true" || text == "false",
        Ty::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(values)) => values.iter().any(|v| v.value == text),
            _ => true,
        },
        _ => true,
    }
}

fn expected(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Id => "a record id".into(),
        Ty::Integer => "an integer".into(),
        Ty::Number => "a number".into(),
        Ty::Boolean => "true or false".into(),
        Ty::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(values)) => {
                let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                format!("one of {}", values.join(", "))
            }
            _ => format!("a `{name}`"),
        },
        _ => "text".into(),
    }
}
