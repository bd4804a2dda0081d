//! Checking a call's `Authorization: Zoho-oauthtoken <token>` header against the endpoint's
//! scopes.

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use zohocrm_build::model::Operation;

use crate::tokens::{Scopes, Tokens};
use crate::zoho_error::CallFailure;

/// Checks the call's token; `op` is the endpoint whose scopes it needs, if any.
pub(crate) fn authorize(
    tokens: &Tokens,
    headers: &HeaderMap,
    op: Option<&Operation>,
) -> Result<(), CallFailure> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Zoho-oauthtoken"))
        .map(|(_, token)| token.trim());
    let scopes = token
        .and_then(|t| tokens.scopes(t))
        .ok_or(CallFailure::InvalidToken)?;
    let (Scopes::Only(granted), Some(op)) = (scopes, op) else {
        return Ok(());
    };
    let main = covered(granted, &op.scope, &op.scopes().collect::<Vec<_>>());
    let additional = op
        .additional_scopes
        .iter()
        .all(|scope| covered(granted, &scope.name, &scope.scopes()));
    if main && additional {
        Ok(())
    } else {
        Err(CallFailure::ScopeMismatch)
    }
}

/// Whether a granted scope covers the scope `name`: one of its full scopes `full` (ignoring
/// case), or `<prefix>.ALL` where `name` is `<prefix>` or below it, as `ZohoCRM.settings.ALL`
/// covers `ZohoCRM.settings.roles`.
fn covered(granted: &[String], name: &str, full: &[String]) -> bool {
    let name = name.to_ascii_lowercase();
    granted.iter().any(|g| {
        if full.iter().any(|s| s.eq_ignore_ascii_case(g)) {
            return true;
        }
        match g.rsplit_once('.') {
            Some((prefix, kind)) if kind.eq_ignore_ascii_case("ALL") => {
                let prefix = prefix.to_ascii_lowercase();
                name == prefix || name.starts_with(&format!("{prefix}."))
            }
            _ => false,
        }
    })
}
