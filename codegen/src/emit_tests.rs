//! Tests generated from the spec: every sample through the generated types, and every endpoint
//! called through the public API with each of its documented errors.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{const_name, error_name, ident, params_name, type_path};
use crate::model::{Api, Family, Operation, Response, Ty};

/// One test per sample of `operations`: sample inputs must round-trip through the request type,
/// sample responses must decode into the response type.
pub(crate) fn sample_tests(api: &Api, operations: &[(&Family, &Operation)]) -> TokenStream {
    let tests = operations.iter().flat_map(|&(family, op)| {
        let module = ident(&family.name);
        let op_const = const_name(op);
        let error = error_name(op);
        let feature = family.feature();
        let mut tests = Vec::new();
        if let (Some(sample), Some(request)) = (&op.sample_input, &op.request) {
            let name = format_ident!("{}_sample_input_round_trips", op.name);
            let json = sample.to_string();
            let wrapper = &request.wrapper;
            let item = type_path(api, &request.item, "");
            tests.push(quote! {
                #[cfg(feature = #feature)]
                #[test]
                fn #name() {
                    let sample: serde_json::Value = serde_json::from_str(#json).unwrap();
                    let items: Vec<#item> = serde_json::from_value(sample[#wrapper].clone()).unwrap();
                    assert_eq!(serde_json::to_value(&items).unwrap(), sample[#wrapper]);
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
        let method = crate::emit::method_str(op.method);
        let path = format!("{}{}", api.base_path, fill_path(&op.path));
        let body = match &op.request {
            Some(request) => {
                let wrapper = &request.wrapper;
                quote!(Some(serde_json::json!({ #wrapper: [] })))
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
    for _ in &op.path_params {
        args.push(quote!(&zohocrm::Id::from("1")));
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
    if op.query.iter().any(|p| !p.required) {
        let params = params_name(op);
        let module = ident(module);
        args.push(quote!(zohocrm::#module::#params::default()));
    }
    if let Some(request) = &op.request {
        let item = public_type_path(api, &request.item);
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
