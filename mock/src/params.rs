//! Query and path parameters: parsing the query and checking it against an operation.

use zohocrm_codegen::model::{Operation, Trigger, Ty};
use zohocrm_codegen::validate::is_id;

use crate::zoho_error::ZohoError;

/// Query parameters of a URI's query string, percent-decoded, in order.
pub(crate) fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    // Form decoding accepts any text; a pair it cannot split is dropped, as a server would.
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
/// type.
pub(crate) fn check(op: &Operation, query: &[(String, String)]) -> Result<(), ZohoError> {
    for param in &op.query {
        match first(query, &param.name) {
            None if param.required => {
                let trigger = Trigger::MissingParam {
                    param: param.name.clone(),
                };
                let error = ZohoError::documented(op, &trigger).unwrap_or_else(|| {
                    ZohoError::coded(
                        op,
                        "REQUIRED_PARAM_MISSING",
                        400,
                        format!("required parameter `{}` is missing", param.name),
                    )
                });
                return Err(error.detail("param_name", param.name.as_str()));
            }
            Some(text) if !fits(&param.ty, text) => {
                let expected = expected(&param.ty);
                let message = format!("parameter `{}` should be {expected}", param.name);
                return Err(ZohoError::invalid_data(op, message)
                    .detail("param_name", param.name.as_str())
                    .detail("expected_data_type", expected));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether a path or query parameter's text fits its scalar type.
pub(crate) fn fits(ty: &Ty, text: &str) -> bool {
    match ty {
        Ty::Id => is_id(&serde_json::Value::String(text.to_owned())),
        Ty::Integer => text.parse::<i64>().is_ok(),
        Ty::Number => text.parse::<f64>().is_ok(),
        Ty::Boolean => text == "true" || text == "false",
        _ => true,
    }
}

fn expected(ty: &Ty) -> &'static str {
    match ty {
        Ty::Id => "a record id",
        Ty::Integer => "an integer",
        Ty::Number => "a number",
        Ty::Boolean => "true or false",
        _ => "text",
    }
}
