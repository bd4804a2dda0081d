//! Matching a call's method and path against every operation of the spec.

use axum::http::Method;
use zohocrm_build::model::{Api, Family, HttpMethod, Operation};

use crate::params::fits;
use crate::startup_calls::{self, StartupCall};

/// What a call's method and path name.
#[derive(Debug)]
pub(crate) enum Route<'a> {
    /// An operation of the spec, with its path parameters in path order.
    Operation {
        /// Its family.
        family: &'a Family,
        /// The operation.
        op: &'a Operation,
        /// `(name, value)` of each path parameter.
        path_params: Vec<(String, String)>,
    },
    /// A call Zoho's SDK makes at start-up that the spec lacks, answered by hand.
    Startup(StartupCall),
    /// A known path called with a method it does not serve; the operation is one at that path.
    WrongMethod(Option<&'a Operation>),
    /// No endpoint has this path.
    Unknown,
}

impl<'a> Route<'a> {
    /// The operation whose documented errors apply to the call, if any.
    pub(crate) fn operation(&self) -> Option<&'a Operation> {
        match self {
            Route::Operation { op, .. } => Some(op),
            Route::WrongMethod(op) => *op,
            Route::Startup(_) | Route::Unknown => None,
        }
    }
}

/// A template that fits a path: its literal segment count, family, operation and parameters.
type Match<'a> = (usize, &'a Family, &'a Operation, Vec<(String, String)>);

/// Finds the route of `method` and `path` (the full path, with the API's base path).
pub(crate) fn route<'a>(api: &'a Api, method: &Method, path: &str) -> Route<'a> {
    let Some(rest) = path
        .strip_prefix(api.base_path.as_str())
        .filter(|r| r.starts_with('/'))
    else {
        return Route::Unknown;
    };
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').skip(1).collect();
    // Zoho's SDK start-up calls (`/org`, the current user) are fixed paths; they go before the
    // records of a module, whose `/{module_api_name}` would take any first segment.
    if let Some(call) = startup_calls::recognise(&segments) {
        if method == Method::GET {
            return Route::Startup(call);
        }
    }
    let mut matches: Vec<Match<'a>> = api
        .operations()
        .filter_map(|(family, op)| {
            let (literals, params) = match_template(api, op, &segments)?;
            Some((literals, family, op, params))
        })
        .collect();
    // The template with the most literal segments wins: `/users/actions/count` over
    // `/users/{user_id}/...`.
    matches.sort_by_key(|m| std::cmp::Reverse(m.0));
    let same_method = matches
        .iter()
        .position(|(_, _, op, _)| method_name(op.method) == method.as_str());
    if let Some(at) = same_method {
        let (_, family, op, path_params) = matches.swap_remove(at);
        return Route::Operation {
            family,
            op,
            path_params,
        };
    }
    if let Some((_, _, op, _)) = matches.first() {
        return Route::WrongMethod(Some(op));
    }
    match startup_calls::recognise(&segments) {
        Some(call) if method == Method::GET => Route::Startup(call),
        Some(_) => Route::WrongMethod(None),
        None => Route::Unknown,
    }
}

/// Whether `segments` fit `op`'s path template: the number of literal segments and the path
/// parameters, when they do. A parameter segment must fit the parameter's type.
fn match_template(
    api: &Api,
    op: &Operation,
    segments: &[&str],
) -> Option<(usize, Vec<(String, String)>)> {
    let template: Vec<&str> = op.path.trim_end_matches('/').split('/').skip(1).collect();
    if template.len() != segments.len() {
        return None;
    }
    let mut literals = 0;
    let mut params = Vec::new();
    for (part, segment) in template.iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => {
                let ty = op
                    .path_params
                    .iter()
                    .find(|p| p.name == name)
                    .map(|p| &p.ty);
                if segment.is_empty() || !ty.is_none_or(|ty| fits(api, ty, segment)) {
                    return None;
                }
                params.push((name.to_owned(), (*segment).to_owned()));
            }
            None if part == segment => literals += 1,
            None => return None,
        }
    }
    Some((literals, params))
}

/// The method's name on the wire.
fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::GET => "GET",
        HttpMethod::POST => "POST",
        HttpMethod::PUT => "PUT",
        HttpMethod::PATCH => "PATCH",
        HttpMethod::DELETE => "DELETE",
    }
}
