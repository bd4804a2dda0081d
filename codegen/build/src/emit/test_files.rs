//! Tests generated from the spec: every sample through the generated types, and every endpoint
//! called through the public API with each of its documented errors.

use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::emit::{const_name, error_name, ident, params_name, request_item, rust_type, type_path};
use crate::model::{Api, Family, Operation, Response, Ty, TypeKind};
use crate::spec::locate::escape_segment;

/// One test per sample of `operations`: sample inputs, built with the request type's
/// constructor and setters, must serialize to the sample; sample responses must decode into the
/// response type.
pub(crate) fn sample_tests(api: &Api, operations: &[(&Family, &Operation)]) -> TokenStream {
    let tests = operations.iter().flat_map(|&(family, op)| {
        let module = ident(&family.name);
        let op_const = const_name(op);
        let error = error_name(op);
        let feature = family.feature();
        let mut tests = Vec::new();
        if let (Some(sample), Some(request)) = (&op.sample_input, &op.request) {
            let name = format_ident!("{}_sample_input_is_built_as_documented", op.name);
            let json = sample.to_string();
            let item = request_item(api, &request.item, "");
            let mut builder = SampleBuilder {
                api,
                op,
                errors: Vec::new(),
            };
            let check = match &request.wrapper {
                Some(wrapper) => {
                    let items = builder.items(sample, wrapper, &request.item);
                    quote! {
                        let items: Vec<#item> = Vec::from([#(#items),*]);
                        assert_eq!(serde_json::to_value(&items).unwrap(), sample[#wrapper]);
                    }
                }
                None => {
                    let body = builder.object(&request.item, sample, "", "");
                    quote! {
                        let body: #item = #body;
                        assert_eq!(serde_json::to_value(&body).unwrap(), sample);
                    }
                }
            };
            let body = if builder.errors.is_empty() {
                quote! {
                    let sample: serde_json::Value = serde_json::from_str(#json).unwrap();
                    #check
                }
            } else {
                let errors = &builder.errors;
                quote!(#(compile_error!(#errors);)*)
            };
            tests.push(quote! {
                #[cfg(feature = #feature)]
                #[test]
                fn #name() {
                    #body
                }
            });
        }
        if let Some(sample) = &op.sample_response {
            let name = format_ident!("{}_sample_response_decodes", op.name);
            let json = sample.to_string();
            let status = proc_macro2::Literal::u16_unsuffixed(op.response.status());
            let expected = match op.response.wrapper().and_then(|w| sample.get(w)) {
                Some(serde_json::Value::Array(items)) => items.len(),
                _ => 1,
            };
            let check = match &op.response {
                Response::Action { details, .. } => {
                    let details = type_path(api, details, "");
                    quote! {
                        let results = crate::decode::action::<#details, crate::#module::#error>(&crate::#module::#op_const, #status, #json.as_bytes()).unwrap();
                        assert!(results.all_succeeded(), "{results:?}");
                        assert_eq!(results.len(), #expected);
                    }
                }
                Response::Records { item, .. } => {
                    let item = type_path(api, item, "");
                    quote! {
                        let page = crate::decode::records::<#item, crate::#module::#error>(&crate::#module::#op_const, #status, #json.as_bytes()).unwrap();
                        assert_eq!(page.items.len(), #expected);
                    }
                }
                Response::Object { item, .. } => {
                    let item = type_path(api, item, "");
                    quote! {
                        crate::decode::object::<#item, crate::#module::#error>(&crate::#module::#op_const, #status, #json.as_bytes()).unwrap();
                    }
                }
            };
            tests.push(quote! {
                #[cfg(feature = #feature)]
                #[test]
                fn #name() {
                    #check
                }
            });
        }
        tests
    });
    quote! { #(#tests)* }
}

/// Rust expressions that build an operation's sample input items through the public
/// constructors and setters. What the API cannot build (a key the type lacks, a `null` for a key
/// that cannot be cleared, a value of the wrong JSON type, a missing mandatory key) is collected
/// in `errors`, which the test emits as `compile_error!`s.
struct SampleBuilder<'a> {
    api: &'a Api,
    op: &'a Operation,
    errors: Vec<String>,
}

impl SampleBuilder<'_> {
    /// One expression per item of `sample[wrapper]`, each of type `item`.
    fn items(&mut self, sample: &Value, wrapper: &str, item: &str) -> Vec<TokenStream> {
        let pointer = format!("/{}", escape_segment(wrapper));
        match sample.get(wrapper) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.object(item, v, &format!("{pointer}/{i}"), wrapper))
                .collect(),
            _ => {
                self.fail(&pointer, wrapper, "should be an array of items");
                Vec::new()
            }
        }
    }

    /// Records an error at `pointer` (whose last key is `key`); the returned placeholder is
    /// never compiled, as the test's body is then only the errors.
    fn fail(&mut self, pointer: &str, key: &str, problem: &str) -> TokenStream {
        self.errors.push(format!(
            "zohocrm-codegen cannot build the sample input of `{}` through the public API: {pointer}: key `{key}` {problem}",
            self.op.name
        ));
        quote!(())
    }

    /// `T::new(<mandatory keys>)` followed by one setter (or `clear_` call) per optional key
    /// the sample has, in field order.
    fn object(&mut self, name: &str, v: &Value, pointer: &str, key: &str) -> TokenStream {
        let Some(ty) = self.api.type_named(name) else {
            return self.fail(pointer, key, &format!("has the unknown type `{name}`"));
        };
        if let (TypeKind::Record, Value::Object(map)) = (&ty.kind, v) {
            // A record of any module: each key set through the builder, as a program would.
            let sets = map.iter().map(|(key, value)| {
                let json = value.to_string();
                quote!(.set(#key, serde_json::from_str::<serde_json::Value>(#json).unwrap()))
            });
            return quote!(crate::RecordBuilder::new() #(#sets)*);
        }
        let TypeKind::Object(fields) = &ty.kind else {
            return self.fail(pointer, key, &format!("has the enum type `{name}`"));
        };
        if !ty.in_request {
            return self.fail(
                pointer,
                key,
                &format!("has `{name}`, which has no constructor"),
            );
        }
        let Value::Object(map) = v else {
            return self.fail(pointer, key, &format!("should be a `{name}` object"));
        };
        let mut args = Vec::new();
        let mut setters = Vec::new();
        for f in fields {
            let here = format!("{pointer}/{}", escape_segment(&f.json_name));
            let key = f.json_name.as_str();
            let optional = f.is_optional(ty);
            match map.get(key) {
                None if optional => {}
                None => args.push(self.fail(
                    pointer,
                    key,
                    &format!("is missing; it is mandatory in `{name}`"),
                )),
                Some(Value::Null) if f.is_clearable(ty) => {
                    let clear = format_ident!("clear_{}", f.rust_name.trim_start_matches("r#"));
                    setters.push(quote!(.#clear()));
                }
                Some(Value::Null) => {
                    let error = self.fail(
                        &here,
                        key,
                        &format!("is null, but `{name}` cannot send it as null"),
                    );
                    if !optional {
                        args.push(error);
                    }
                }
                Some(value) => {
                    let arg = self.argument(&f.ty, value, &here, key);
                    if optional {
                        let setter = ident(&f.rust_name);
                        setters.push(quote!(.#setter(#arg)));
                    } else {
                        args.push(arg);
                    }
                }
            }
        }
        for key in map.keys() {
            if !fields.iter().any(|f| &f.json_name == key) {
                let here = format!("{pointer}/{}", escape_segment(key));
                self.fail(&here, key, &format!("is not a key of `{name}`"));
            }
        }
        let path = type_path(self.api, name, "");
        quote!(#path::new(#(#args),*) #(#setters)*)
    }

    /// An argument of a constructor or setter of a key of type `ty`: a list takes any
    /// `IntoIterator` of its elements (here an array), a string `impl Into<String>`, the rest a
    /// value of `ty`.
    fn argument(&mut self, ty: &Ty, v: &Value, pointer: &str, key: &str) -> TokenStream {
        match (ty, v) {
            (Ty::String | Ty::DateTime, Value::String(s)) => quote!(#s),
            (Ty::List(inner), Value::Array(items)) if !items.is_empty() => {
                let items = self.elements(inner, items, pointer, key);
                quote!([#(#items),*])
            }
            _ => self.value(ty, v, pointer, key),
        }
    }

    /// One expression of exactly the Rust type of `ty` per item.
    fn elements(&mut self, ty: &Ty, items: &[Value], pointer: &str, key: &str) -> Vec<TokenStream> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.value(ty, item, &format!("{pointer}/{i}"), key))
            .collect()
    }

    /// An expression of exactly the Rust type of `ty` with the value `v`.
    fn value(&mut self, ty: &Ty, v: &Value, pointer: &str, key: &str) -> TokenStream {
        match (ty, v) {
            (Ty::String | Ty::DateTime, Value::String(s)) => quote!(String::from(#s)),
            (Ty::Boolean, Value::Bool(b)) => quote!(#b),
            (Ty::Integer, Value::Number(n)) if n.is_i64() => {
                integer(n.as_i64().unwrap_or_default())
            }
            (Ty::Number, Value::Number(n)) => number(n.as_f64().unwrap_or_default()),
            (Ty::Id, Value::String(_) | Value::Number(_)) if crate::check::validate::is_id(v) => {
                let digits = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                quote!(crate::Id::from(#digits))
            }
            (Ty::Id, Value::Object(o)) if o.contains_key("id") => self.fail(
                pointer,
                key,
                "is an id written as `{\"id\": ...}`, which the library sends as a string",
            ),
            (Ty::Json, _) => {
                let text = v.to_string();
                quote!(serde_json::from_str::<serde_json::Value>(#text).unwrap())
            }
            (Ty::List(inner), Value::Array(items)) if items.is_empty() => {
                let inner = rust_type(self.api, inner, "");
                quote!(Vec::<#inner>::new())
            }
            (Ty::List(inner), Value::Array(items)) => {
                let items = self.elements(inner, items, pointer, key);
                quote!(Vec::from([#(#items),*]))
            }
            (Ty::Named(name), _) => match self.api.type_named(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => match v {
                    Value::String(s) => {
                        let path = type_path(self.api, name, "");
                        quote!(#path::from(#s))
                    }
                    _ => self.fail(pointer, key, &format!("should be a `{name}` string")),
                },
                _ => self.object(name, v, pointer, key),
            },
            _ => self.fail(
                pointer,
                key,
                &format!(
                    "should be {}",
                    crate::check::validate::expected(self.api, ty)
                ),
            ),
        }
    }
}

/// An `i64` literal; a negative one is `-` and a literal, as a negative literal is not one
/// token.
fn integer(value: i64) -> TokenStream {
    if value == i64::MIN {
        quote!(i64::MIN)
    } else if value < 0 {
        let magnitude = Literal::i64_suffixed(-value);
        quote!(-#magnitude)
    } else {
        let literal = Literal::i64_suffixed(value);
        quote!(#literal)
    }
}

/// An `f64` literal, written as [`integer`] writes one.
fn number(value: f64) -> TokenStream {
    if value.is_sign_negative() {
        let magnitude = Literal::f64_suffixed(-value);
        quote!(-#magnitude)
    } else {
        let literal = Literal::f64_suffixed(value);
        quote!(#literal)
    }
}

/// One test per endpoint of `operations`: the generated function is called through the public
/// API against the scripted server of `tests/support`; the request must use the documented
/// method and path, and every documented error must decode to its own variant with its
/// resolution. The checks are in the generic `check` of [`endpoint_check`]; each test names its
/// call and its enum.
pub(crate) fn endpoint_tests(api: &Api, operations: &[(&Family, &Operation)]) -> TokenStream {
    let tests = operations.iter().map(|&(family, op)| {
        let test_name = format_ident!("{}_is_called_and_its_errors_decode", op.name);
        let module = ident(&family.name);
        let accessor = ident(&family.name);
        let function = ident(&op.function);
        let error = error_name(op);
        let args = dummy_arguments(api, &family.name, op);
        let method = op.method.as_str();
        let path = format!("{}{}", api.base_path, fill_path(&op.path));
        let body = match op.request.as_ref().map(|r| &r.wrapper) {
            Some(Some(wrapper)) => quote!(Some(serde_json::json!({ #wrapper: [] }))),
            // A one-object body is the sample input, built through the public API.
            Some(None) => {
                let json = op
                    .sample_input
                    .as_ref()
                    .map(Value::to_string)
                    .unwrap_or_default();
                quote!(Some(serde_json::from_str::<serde_json::Value>(#json).unwrap()))
            }
            None => quote!(None),
        };
        let feature = family.feature();
        quote! {
            #[cfg(feature = #feature)]
            #[tokio::test]
            async fn #test_name() {
                check(
                    |client| async move { client.#accessor().#function(#(#args),*).await },
                    |e| matches!(e, zohocrm::#module::#error::Unknown(_)),
                    #method,
                    #path,
                    #body,
                )
                .await;
            }
        }
    });
    quote! { #(#tests)* }
}

/// The `check` function the endpoint tests start with, compiled when a family with operations
/// is.
pub(crate) fn endpoint_check(api: &Api) -> TokenStream {
    let features: Vec<String> = api
        .families
        .iter()
        .filter(|f| !f.operations.is_empty())
        .map(|f| f.feature())
        .collect();
    if features.is_empty() {
        return quote!();
    }
    quote! {
        /// Calls one endpoint once per documented error against the scripted server: each error
        /// must decode to its own variant (not `Unknown`) with its code, status and resolution,
        /// and every request must carry the documented method and path, the token and `body`.
        #[cfg(any(#(feature = #features),*))]
        async fn check<T, E, F, Fut>(
            call: F,
            is_unknown: fn(&E) -> bool,
            method: &str,
            path: &str,
            body: Option<serde_json::Value>,
        ) where
            T: std::fmt::Debug,
            E: zohocrm::OperationError,
            F: Fn(zohocrm::Client) -> Fut,
            Fut: std::future::Future<Output = Result<T, zohocrm::Error<E>>>,
        {
            let stub = support::Stub::start().await;
            let client = stub.client("1000.endpoint-test");
            let documented = E::DOCUMENTED;
            assert!(!documented.is_empty());
            for entry in documented {
                stub.respond_json(
                    entry.status,
                    serde_json::json!({"code": entry.code, "details": {}, "message": entry.message, "status": "error"}),
                );
                let error = call(client.clone()).await.unwrap_err();
                let zohocrm::Error::Api(e) = &error else { panic!("{}: {error:?}", entry.code) };
                assert!(!is_unknown(e), "{} decoded as Unknown", entry.code);
                assert_eq!(e.code(), entry.code);
                assert_eq!(e.status(), entry.status);
                assert!(e.resolution().is_some() || documented.iter().filter(|d| d.code == entry.code).count() > 1);
            }
            let requests = stub.requests();
            assert_eq!(requests.len(), documented.len());
            for request in requests {
                assert_eq!(request.method, method);
                assert_eq!(request.path_and_query.split('?').next(), Some(path));
                assert_eq!(request.header("authorization"), Some("Zoho-oauthtoken 1000.endpoint-test"));
                match &body {
                    Some(body) => assert_eq!(&request.json(), body),
                    None => assert!(request.body.is_empty()),
                }
            }
        }
    }
}

/// Arguments that satisfy the function's signature and documented limits.
fn dummy_arguments(api: &Api, module: &str, op: &Operation) -> Vec<TokenStream> {
    let mut args = Vec::new();
    for p in &op.path_params {
        args.push(if p.ty == Ty::Id {
            quote!(&zohocrm::Id::from("1"))
        } else {
            quote!("1")
        });
    }
    for p in op.query.iter().filter(|p| p.required) {
        args.push(match &p.ty {
            Ty::List(inner) => {
                let element = dummy_scalar(api, inner, p.minimum);
                quote!(&[#element])
            }
            Ty::Id => quote!(&zohocrm::Id::from("1")),
            other => dummy_scalar(api, other, p.minimum),
        });
    }
    if op.optional_params().next().is_some() {
        let params = params_name(op);
        let module = ident(module);
        args.push(quote!(zohocrm::#module::#params::default()));
    }
    if let (Some(request), Some(sample)) = (&op.request, &op.sample_input) {
        if request.wrapper.is_none() {
            let mut builder = SampleBuilder {
                api,
                op,
                errors: Vec::new(),
            };
            let body = public_paths(builder.object(&request.item, sample, "", ""));
            let errors = &builder.errors;
            args.push(quote!({ #(compile_error!(#errors);)* #body }));
            return args;
        }
    }
    if let Some(request) = &op.request {
        let item = public_paths(request_item(api, &request.item, ""));
        args.push(quote!(Vec::<#item>::new()));
    }
    args
}

fn dummy_scalar(api: &Api, ty: &Ty, minimum: Option<i64>) -> TokenStream {
    match ty {
        Ty::Boolean => quote!(true),
        Ty::Integer => {
            let v = proc_macro2::Literal::i64_unsuffixed(minimum.unwrap_or(1));
            quote!(#v)
        }
        Ty::Number => quote!(1.0),
        Ty::Id => quote!(zohocrm::Id::from("1")),
        Ty::Named(name) => {
            let path = public_type_path(api, name);
            quote!(#path::from("x"))
        }
        _ => quote!("x"),
    }
}

/// `tokens` with every `crate::` path written as `zohocrm::`, for code outside the crate.
fn public_paths(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(name) if name == "crate" => {
                TokenTree::Ident(proc_macro2::Ident::new("zohocrm", name.span()))
            }
            TokenTree::Group(group) => {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), public_paths(group.stream()));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other,
        })
        .collect()
}

/// The path of a named type as seen from outside the crate.
fn public_type_path(api: &Api, name: &str) -> TokenStream {
    let module = ident(api.type_named(name).map_or("common", |t| t.module.as_str()));
    let name = ident(name);
    quote!(zohocrm::#module::#name)
}

/// The path with every `{param}` filled with `1`.
fn fill_path(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        out.push('1');
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn spec() -> Api {
        crate::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec")).unwrap()
    }

    /// The errors of building `item` as an item of `update_territories`' sample input.
    fn errors_of(item: Value) -> Vec<String> {
        let api = spec();
        let (_, op) = api
            .operations()
            .find(|(_, op)| op.name == "update_territories")
            .unwrap();
        let request = op.request.as_ref().unwrap();
        let mut builder = SampleBuilder {
            api: &api,
            op,
            errors: Vec::new(),
        };
        builder.items(
            &json!({ "territories": [item] }),
            "territories",
            &request.item,
        );
        builder.errors
    }

    #[test]
    fn every_sample_input_of_the_spec_builds() {
        let api = spec();
        let operations: Vec<_> = api.operations().collect();
        let file: syn::File = syn::parse2(sample_tests(&api, &operations)).unwrap();
        let text = prettyplease::unparse(&file);
        assert!(!text.contains("compile_error!"), "{text}");
        assert!(
            text.contains("crate::territories::TerritoryUpdate::new("),
            "{text}"
        );
    }

    #[test]
    fn a_sample_the_api_cannot_build_is_a_compile_error() {
        assert_eq!(
            errors_of(json!({"id": "1", "manager": null})),
            Vec::<String>::new()
        );
        for (item, key, problem) in [
            (
                json!({"id": "1", "name": null}),
                "/territories/0/name",
                "cannot send it as null",
            ),
            (
                json!({"id": "1", "colour": "red"}),
                "/territories/0/colour",
                "is not a key",
            ),
            (
                json!({"name": "x"}),
                "/territories/0: key `id`",
                "is missing",
            ),
            (
                json!({"id": "1", "name": 5}),
                "/territories/0/name",
                "should be a string",
            ),
            (
                json!({"id": {"id": "1"}}),
                "/territories/0/id",
                "written as `{\"id\": ...}`",
            ),
            (
                json!({"id": "1", "reporting_to": []}),
                "/territories/0/reporting_to",
                "object",
            ),
        ] {
            let errors = errors_of(item.clone());
            assert_eq!(errors.len(), 1, "{item}: {errors:?}");
            assert!(errors[0].contains("`update_territories`"), "{}", errors[0]);
            assert!(errors[0].contains(key), "{}", errors[0]);
            assert!(errors[0].contains(problem), "{}", errors[0]);
        }
    }

    #[test]
    fn the_test_of_a_sample_that_cannot_be_built_is_only_its_errors() {
        let mut api = spec();
        let family = api
            .families
            .iter_mut()
            .find(|f| f.name == "territories")
            .unwrap();
        let op = family
            .operations
            .iter_mut()
            .find(|op| op.name == "update_territories")
            .unwrap();
        op.sample_input = Some(json!({"territories": [{"id": "1", "name": null}]}));
        let (family, op) = api
            .operations()
            .find(|(_, op)| op.name == "update_territories")
            .unwrap();
        let tests = sample_tests(&api, &[(family, op)]);
        let file: syn::File = syn::parse2(tests).unwrap();
        let text = prettyplease::unparse(&file);
        assert!(text.contains("compile_error!("), "{text}");
        assert!(!text.contains("TerritoryUpdate::new"), "{text}");
    }
}
