//! Rust source from the model: one file per family, one for the API-wide types, and a root file
//! that declares the modules. Built with `quote!`; formatted with `prettyplease` when asked.

pub mod rustdoc;
#[cfg(feature = "test-files")]
pub(crate) mod test_files;

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::model::names::{self, COMMON_MODULE};
use crate::model::{Api, Family, Field, Operation, Param, Response, Ty, Type, TypeKind};

/// What [`emit`] writes and how; see [`Config`](crate::Config).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Format with prettyplease, for people; otherwise one item a line, for the compiler.
    #[cfg(feature = "format")]
    pub format: bool,
    /// Also emit the files of tests generated from the spec.
    #[cfg(feature = "test-files")]
    pub test_files: bool,
}

impl Options {
    /// Formats the output with prettyplease.
    #[cfg(feature = "format")]
    pub fn format(mut self, on: bool) -> Self {
        self.format = on;
        self
    }

    /// Also emits the files of tests generated from the spec.
    #[cfg(feature = "test-files")]
    pub fn test_files(mut self, on: bool) -> Self {
        self.test_files = on;
        self
    }
}

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name, e.g. `roles.rs`.
    pub name: String,
    /// Rust source, starting with a line that says how to regenerate it.
    pub contents: String,
}

/// The name of the root file, which declares one module per family.
pub const ROOT_FILE: &str = "zohocrm.rs";

#[cfg(feature = "test-files")]
/// The name of the file of tests that run every sample of the spec through the generated types;
/// the library includes it in its unit tests.
pub const SAMPLE_TESTS_FILE: &str = "sample_tests.rs";

#[cfg(feature = "test-files")]
/// The name of the file of tests that call every endpoint through the public API against a
/// scripted server; `tests/endpoints.rs` includes it.
pub const ENDPOINT_TESTS_FILE: &str = "endpoint_tests.rs";

/// The command that regenerates the committed copy, named in every file's first line.
pub const REGENERATE: &str = "cargo run -p zohocrm-codegen -- generate spec --out generated";

/// Emits every file for `api`, in a fixed order.
///
/// Formatting (parsing the tokens back with `syn`, printing with `prettyplease`), when asked, is
/// most of the work, so files are made in parts, runs of at most `CHUNK` operations' or types' items,
/// each built and formatted on its own, on as many threads as the machine has cores. Token
/// streams cannot cross threads, so a part is made start to finish on one thread; prettyplease
/// prints a file's items one after the other, so the parts' texts joined in order are the
/// file's text.
pub fn emit(api: &Api, options: Options) -> Vec<GeneratedFile> {
    #[cfg(feature = "test-files")]
    let operations: Vec<(&Family, &Operation)> = api.operations().collect();
    let mut files = Files::default();
    files.add(
        ROOT_FILE.to_owned(),
        "spec/".to_owned(),
        vec![(1, Box::new(|| root(api)))],
    );
    files.add(
        format!("{COMMON_MODULE}.rs"),
        "spec/api.json".to_owned(),
        vec![(
            1,
            Box::new(|| {
                let common: Vec<&Type> = api
                    .common_types
                    .iter()
                    .filter_map(|n| api.type_named(n))
                    .collect();
                types(api, &common)
            }),
        )],
    );
    for family in &api.families {
        files.add(
            format!("{}.rs", family.name),
            format!("spec/{}", file_name(&family.file)),
            family_parts(api, family),
        );
    }
    #[cfg(feature = "test-files")]
    if options.test_files {
        files.add(
            SAMPLE_TESTS_FILE.to_owned(),
            "spec/".to_owned(),
            operations
                .chunks(CHUNK)
                .map(|chunk| -> (usize, Make<'_>) {
                    (
                        chunk.len(),
                        Box::new(move || crate::emit::test_files::sample_tests(api, chunk)),
                    )
                })
                .collect(),
        );
        let mut endpoint_tests: Vec<(usize, Make<'_>)> =
            vec![(1, Box::new(|| crate::emit::test_files::endpoint_check(api)))];
        endpoint_tests.extend(operations.chunks(CHUNK).map(|chunk| -> (usize, Make<'_>) {
            (
                chunk.len(),
                Box::new(move || crate::emit::test_files::endpoint_tests(api, chunk)),
            )
        }));
        files.add(
            ENDPOINT_TESTS_FILE.to_owned(),
            "spec/".to_owned(),
            endpoint_tests,
        );
    }
    let texts = crate::parallel::map(
        &files.parts,
        |part| part.cost,
        |part| render((part.make)(), options),
    );
    let mut contents = vec![String::new(); files.names.len()];
    for (part, text) in files.parts.iter().zip(texts) {
        contents[part.file].push_str(&text);
    }
    files
        .names
        .into_iter()
        .zip(contents)
        .map(|((name, source), text)| GeneratedFile {
            name,
            contents: format!("// @generated by zohocrm-codegen from {source}; do not edit. Regenerate the committed copy with `{REGENERATE}`.\n\n{text}"),
        })
        .collect()
}

/// The most operations (or types) whose items are formatted together.
const CHUNK: usize = 8;

/// Builds the tokens of a part.
type Make<'a> = Box<dyn Fn() -> TokenStream + Sync + 'a>;

/// A run of items of one generated file, with its cost (how many operations or types).
struct Part<'a> {
    file: usize,
    cost: usize,
    make: Make<'a>,
}

/// The files to emit, as `(name, spec source)`, and the parts of all of them.
#[derive(Default)]
struct Files<'a> {
    names: Vec<(String, String)>,
    parts: Vec<Part<'a>>,
}

impl<'a> Files<'a> {
    fn add(&mut self, name: String, source: String, parts: Vec<(usize, Make<'a>)>) {
        let file = self.names.len();
        self.names.push((name, source));
        self.parts.extend(
            parts
                .into_iter()
                .map(|(cost, make)| Part { file, cost, make }),
        );
    }
}

/// The text of `tokens`: formatted when `options` ask, else one top-level item a line.
fn render(tokens: TokenStream, options: Options) -> String {
    #[cfg(feature = "format")]
    if options.format {
        return format(tokens);
    }
    let _ = options;
    one_item_a_line(tokens)
}

/// Formatted Rust for `tokens`, or a `compile_error!` that says why they are not Rust.
#[cfg(feature = "format")]
fn format(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(parsed) => prettyplease::unparse(&parsed),
        Err(e) => format!(
            "compile_error!({:?});\n",
            format!("zohocrm-codegen emitted invalid Rust: {e}")
        ),
    }
}

/// `tokens` as text with a line break after each top-level item (after a `;` or a braced body
/// not followed by `;`), so the compiler's messages point at one item.
fn one_item_a_line(tokens: TokenStream) -> String {
    let mut text = String::new();
    let mut line = TokenStream::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let ends = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        line.extend([token]);
        if ends {
            text.push_str(&std::mem::take(&mut line).to_string());
            text.push('\n');
        }
    }
    if !line.is_empty() {
        text.push_str(&line.to_string());
        text.push('\n');
    }
    text
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn root(api: &Api) -> TokenStream {
    let common_doc = rustdoc::lines("Types shared by several endpoint families.");
    let base_path = &api.base_path;
    let common = ident(COMMON_MODULE);
    let common_file = format!("/{COMMON_MODULE}.rs");
    let families = api.families.iter().map(|f| {
        let name = ident(&f.name);
        let doc = rustdoc::lines(&rustdoc::family_doc(f));
        let path = format!("/{}.rs", f.name);
        let feature = f.feature();
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub mod #name { include!(concat!(env!("OUT_DIR"), #path)); }
        }
    });
    let shared = shared_error_rows(api);
    quote! {
        /// Path prefix of every endpoint, from the spec.
        pub(crate) const BASE_PATH: &str = #base_path;
        impl crate::Client {
            /// The URL every path is appended to, e.g. `https://www.zohoapis.com/crm/v7`.
            pub fn api_url(&self) -> String {
                format!("{}{}", self.domain(), BASE_PATH)
            }
        }
        /// The errors any endpoint may return, as the spec documents them; each endpoint's
        /// table lists those whose codes its own page does not.
        pub mod shared_errors {
            use crate::DocumentedError;
            #shared
        }
        #common_doc
        pub mod #common { include!(concat!(env!("OUT_DIR"), #common_file)); }
        #(#families)*
    }
}

/// The constant of each shared error row some endpoint's table uses.
fn shared_error_rows(api: &Api) -> TokenStream {
    let used: std::collections::BTreeSet<String> = api
        .operations()
        .flat_map(|(_, op)| op.errors.iter().filter(|e| e.shared))
        .map(|e| e.code.clone())
        .collect();
    let rows = crate::model::group_errors(&[], &api.shared_errors)
        .into_iter()
        .filter(|code| used.contains(&code.code))
        .flat_map(|code| {
            let count = code.entries.len();
            code.entries.into_iter().enumerate().map(move |(i, entry)| {
                let name = shared_row_name(&entry.code, i, count);
                let doc = rustdoc::lines(&format!(
                    "`{}` (HTTP {}): {}",
                    entry.code, entry.status, entry.message
                ));
                let row = documented_row(&entry);
                quote!(#doc pub const #name: DocumentedError = #row;)
            })
        });
    quote!(#(#rows)*)
}

/// The name of the constant of the `i`th of `count` shared rows of `code`.
fn shared_row_name(code: &str, i: usize, count: usize) -> Ident {
    let name = names::screaming(code);
    if count == 1 {
        ident(&name)
    } else {
        format_ident!("{}_{}", name, i + 1)
    }
}

/// A row of a table of documented errors, as a struct literal.
fn documented_row(e: &crate::model::ErrorDoc) -> TokenStream {
    let (code, message, resolution) = (&e.code, &e.message, &e.resolution);
    let status = proc_macro2::Literal::u16_unsuffixed(e.status);
    quote! {
        DocumentedError { code: #code, status: #status, message: #message, resolution: #resolution }
    }
}

/// The parts of a family's file: its types, its client with the functions, then the
/// parameter structs, operation facts and error enums of its operations.
fn family_parts<'a>(api: &'a Api, family: &'a Family) -> Vec<(usize, Make<'a>)> {
    let own: Vec<&Type> = family
        .types
        .iter()
        .filter_map(|n| api.type_named(n))
        .collect();
    let mut parts: Vec<(usize, Make<'a>)> = Vec::new();
    if !family.operations.is_empty() {
        parts.push((
            1,
            Box::new(|| {
                quote!(
                    use crate::prelude::*;
                )
            }),
        ));
    }
    for chunk in own.chunks(CHUNK) {
        let chunk = chunk.to_vec();
        parts.push((chunk.len(), Box::new(move || types(api, &chunk))));
    }
    parts.push((family.operations.len(), Box::new(|| client(api, family))));
    for chunk in family.operations.chunks(CHUNK) {
        parts.push((
            chunk.len(),
            Box::new(|| {
                let params = chunk.iter().map(|op| params_struct(api, family, op));
                quote!(#(#params)*)
            }),
        ));
    }
    for chunk in family.operations.chunks(CHUNK) {
        parts.push((
            chunk.len(),
            Box::new(|| {
                let endpoints = chunk.iter().map(|op| endpoint(family, op));
                quote!(#(#endpoints)*)
            }),
        ));
    }
    parts
}

/// A family's client: the struct, the accessor on [`crate::Client`] and one function per
/// operation.
fn client(api: &Api, family: &Family) -> TokenStream {
    let client = ident(&names::pascal(&family.name));
    let accessor = ident(&family.name);
    let client_doc = rustdoc::lines(&format!(
        "The {} endpoints; get one with [`crate::Client::{}`].",
        family.title, family.name
    ));
    let accessor_doc = rustdoc::lines(&format!(
        "The {} endpoints: {}",
        family.title, family.description
    ));
    let functions = family.operations.iter().map(|op| function(api, family, op));
    quote! {
        #client_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #client<'a>(&'a crate::Client);
        impl crate::Client {
            #accessor_doc
            pub fn #accessor(&self) -> #client<'_> {
                #client(self)
            }
        }
        impl<'a> #client<'a> {
            #(#functions)*
        }
    }
}

fn types(api: &Api, list: &[&Type]) -> TokenStream {
    let items = list.iter().map(|ty| match &ty.kind {
        TypeKind::Object(fields) => object(api, ty, fields),
        TypeKind::Enum(values) => enumeration(ty, values),
    });
    quote! { #(#items)* }
}

/// The Rust type of a type expression as seen from `module`, with every path in full.
pub fn rust_type(api: &Api, ty: &Ty, module: &str) -> TokenStream {
    type_tokens(api, ty, module, false)
}

/// The Rust type of a type expression as written in `module`: a family module names the
/// types of `crate::prelude` without their path.
fn local_type(api: &Api, ty: &Ty, module: &str) -> TokenStream {
    type_tokens(api, ty, module, uses_prelude(module))
}

fn type_tokens(api: &Api, ty: &Ty, module: &str, prelude: bool) -> TokenStream {
    match ty {
        Ty::String | Ty::DateTime => quote!(String),
        Ty::Boolean => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Id if prelude => quote!(Id),
        Ty::Id => quote!(crate::Id),
        Ty::Json => quote!(serde_json::Value),
        Ty::List(inner) => {
            let inner = type_tokens(api, inner, module, prelude);
            quote!(Vec<#inner>)
        }
        Ty::Named(name) => named_path(api, name, module, prelude),
    }
}

/// The path of a named type as written in `module`.
pub(crate) fn type_path(api: &Api, name: &str, module: &str) -> TokenStream {
    named_path(api, name, module, uses_prelude(module))
}

fn named_path(api: &Api, name: &str, module: &str, prelude: bool) -> TokenStream {
    let name_ident = ident(name);
    match api.type_named(name) {
        Some(t) if t.module == COMMON_MODULE && prelude => quote!(#name_ident),
        Some(t) if t.module != module => {
            let m = ident(&t.module);
            quote!(crate::#m::#name_ident)
        }
        _ => quote!(#name_ident),
    }
}

/// Whether items emitted in `module` see the names of `crate::prelude`: a family module does,
/// the common module and the tests (module `""`) name everything by its path.
fn uses_prelude(module: &str) -> bool {
    !module.is_empty() && module != COMMON_MODULE
}

/// How a constructor or setter takes a value of `ty` (as written in `module`), and how it
/// turns the argument `value` into the field's value: a list takes any `IntoIterator` of its
/// elements, anything else `impl Into<T>`.
fn argument(api: &Api, ty: &Ty, module: &str, value: &TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        Ty::List(inner) => {
            let t = local_type(api, inner, module);
            (
                quote!(impl IntoIterator<Item = #t>),
                quote!(#value.into_iter().collect()),
            )
        }
        _ => {
            let t = local_type(api, ty, module);
            (quote!(impl Into<#t>), quote!(#value.into()))
        }
    }
}

/// A setter of an optional field (`self.#field = Some(..)`), with `doc`; a field that can be
/// cleared also gets its `clear_` method.
fn setter(
    api: &Api,
    field: &Ident,
    ty: &Ty,
    module: &str,
    clear: Option<Ident>,
    doc: TokenStream,
) -> TokenStream {
    let (arg, convert) = argument(api, ty, module, &quote!(value));
    let setter = match &clear {
        Some(_) => quote! {
            #doc
            pub fn #field(mut self, value: #arg) -> Self {
                self.#field = Some(Some(#convert));
                self
            }
        },
        None => quote! {
            #doc
            pub fn #field(mut self, value: #arg) -> Self {
                self.#field = Some(#convert);
                self
            }
        },
    };
    let clear = clear.map(|clear| {
        let doc = rustdoc::lines(&format!(
            "Sends `{}` as `null`, which clears it.",
            field.to_string().trim_start_matches("r#")
        ));
        quote! {
            #doc
            pub fn #clear(mut self) -> Self {
                self.#field = Some(None);
                self
            }
        }
    });
    quote!(#setter #clear)
}

/// The path of a runtime macro as written in `module`.
fn runtime_macro(name: &str, module: &str) -> TokenStream {
    let name = ident(name);
    if uses_prelude(module) {
        quote!(#name)
    } else {
        quote!(crate::wire::#name)
    }
}

/// A generated object type. A type a request sends gets `new`, setters and `Serialize` from
/// `request!`; a type a response carries gets `Deserialize` from `response!`, and `Serialize`
/// with the `serialize` feature (an absent key is then written as `null`).
fn object(api: &Api, ty: &Type, fields: &[Field]) -> TokenStream {
    let name = ident(&ty.name);
    let doc = rustdoc::type_doc(ty);
    let field_defs = fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let base = local_type(api, &f.ty, &ty.module);
        let doc = rustdoc::field_doc(f);
        let field_ty = if f.is_clearable(ty) {
            quote!(Option<Option<#base>>)
        } else if f.is_optional(ty) {
            quote!(Option<#base>)
        } else {
            base
        };
        quote! {
            #doc
            pub #fname: #field_ty,
        }
    });
    let request = ty.in_request.then(|| {
        let request = runtime_macro("request", &ty.module);
        let table = field_table(ty, fields, |f| {
            let fname = ident(&f.rust_name);
            let key = json_key(&f.rust_name, &f.json_name);
            quote!(#fname #key)
        });
        let methods = request_methods(api, ty, fields);
        quote! {
            #methods
            #request!(#table);
        }
    });
    let response = ty.in_response.then(|| {
        let response = runtime_macro("response", &ty.module);
        let table = field_table(ty, fields, |f| {
            let fname = ident(&f.rust_name);
            let key = json_key(&f.rust_name, &f.json_name);
            quote!(#fname #key)
        });
        let serialized_by_request = ty.in_request.then(|| quote!(serialized_by_request));
        quote!(#response!(#table #serialized_by_request);)
    });
    let mut derives = vec![quote!(Debug), quote!(Clone)];
    if ty.in_request && fields.iter().all(|f| f.is_optional(ty)) {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs)*
        }
        #request
        #response
    }
}

/// `new`, taking the mandatory keys, and one setter per optional key of a request type.
fn request_methods(api: &Api, ty: &Type, fields: &[Field]) -> TokenStream {
    let name = ident(&ty.name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for f in fields {
        let fname = ident(&f.rust_name);
        if f.is_optional(ty) {
            inits.push(quote!(#fname: None));
            let clear = f
                .is_clearable(ty)
                .then(|| format_ident!("clear_{}", f.rust_name.trim_start_matches("r#")));
            let doc = rustdoc::setter_doc(f);
            setters.push(setter(api, &fname, &f.ty, &ty.module, clear, doc));
        } else {
            let (arg, convert) = argument(api, &f.ty, &ty.module, &quote!(#fname));
            args.push(quote!(#fname: #arg));
            inits.push(quote!(#fname: #convert));
        }
    }
    let mandatory: Vec<String> = fields
        .iter()
        .filter(|f| !f.is_optional(ty))
        .map(|f| format!("`{}`", f.json_name))
        .collect();
    let new_doc = rustdoc::lines(&if mandatory.is_empty() {
        format!(
            "A `{}` with no key set; set them with the methods of the same name.",
            ty.name
        )
    } else {
        format!(
            "A `{}` with its mandatory keys, {}; set the others with the methods of the same name.",
            ty.name,
            mandatory.join(", ")
        )
    });
    quote! {
        impl #name {
            #new_doc
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// The input `request!` and `response!` share: `Type(mandatory, ...) { optional, ... }`, each
/// field as `field` writes it (no parentheses when no key is mandatory).
fn field_table(ty: &Type, fields: &[Field], field: impl Fn(&Field) -> TokenStream) -> TokenStream {
    let name = ident(&ty.name);
    let mandatory: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.is_optional(ty))
        .map(&field)
        .collect();
    let mandatory = (!mandatory.is_empty()).then(|| quote!((#(#mandatory),*)));
    let optional = fields.iter().filter(|f| f.is_optional(ty)).map(&field);
    quote!(#name #mandatory { #(#optional),* })
}

/// `as "key"` where a field's or parameter's name on the wire, `key`, is not its Rust name.
fn json_key(rust_name: &str, key: &str) -> Option<TokenStream> {
    (rust_name != key).then(|| quote!(as #key))
}

fn enumeration(ty: &Type, values: &[crate::model::EnumValue]) -> TokenStream {
    let name = ident(&ty.name);
    let string_enum = runtime_macro("string_enum", &ty.module);
    let doc = rustdoc::type_doc(ty);
    let variants = values.iter().map(|v| {
        let variant = ident(&v.variant);
        let doc = rustdoc::lines(&format!("`{}`: {}", v.value, v.description));
        quote!(#doc #variant,)
    });
    let arms = values.iter().map(|v| {
        let variant = ident(&v.variant);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    let names = values.iter().map(|v| ident(&v.variant));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the spec does not document, kept as received.
            Unknown(String),
        }
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    Self::Unknown(value) => value,
                }
            }
        }
        #string_enum!(#name { #(#names),* });
    }
}

/// The name of an endpoint's `Operation` static: its function's name, which is unique in its
/// family's module.
pub(crate) fn const_name(op: &Operation) -> Ident {
    ident(&names::screaming(op.function.trim_start_matches("r#")))
}

pub(crate) fn error_name(op: &Operation) -> Ident {
    format_ident!("{}Error", names::pascal(&op.name))
}

/// An endpoint's fixed facts (the `Operation` static), then its error enum: one variant per
/// code its page documents, then the codes any endpoint may return that the page does not
/// list, with its table of documented errors and `operation_error!` for its traits.
fn endpoint(family: &Family, op: &Operation) -> TokenStream {
    let name = const_name(op);
    let op_name = &op.name;
    let method = ident(op.method.as_str());
    let path = &op.path;
    let option = |value: Option<TokenStream>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    let request_wrapper = option(op.request.as_ref().map(|r| {
        let wrapper = &r.wrapper;
        quote!(#wrapper)
    }));
    let response_wrapper = option(op.response.wrapper().map(|w| quote!(#w)));
    let max_items = option(op.request.as_ref().and_then(|r| r.max_items).map(|n| {
        let n = proc_macro2::Literal::usize_unsuffixed(n as usize);
        quote!(#n)
    }));
    let idempotent = op.idempotent;
    let error = error_name(op);
    let client = names::pascal(&family.name);
    let error_doc = rustdoc::lines(&format!(
        "An error of [`{client}::{}`] (`{} {path}`), by Zoho's error code: one variant per code its page documents, then the codes any endpoint may return.",
        op.function.trim_start_matches("r#"),
        op.method.as_str()
    ));
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let doc = rustdoc::lines(&rustdoc::error_variant_doc(e));
        quote!(#doc #variant(ErrorBody),)
    });
    let rows = op.errors.iter().flat_map(|e| {
        let count = e.entries.len();
        e.entries.iter().enumerate().map(move |(i, entry)| {
            if e.shared {
                let name = shared_row_name(&entry.code, i, count);
                quote!(crate::shared_errors::#name)
            } else {
                documented_row(entry)
            }
        })
    });
    let table_doc = rustdoc::lines(&format!(
        "Every documented error of [`{client}::{}`]: its page's, grouped by code, then those any endpoint may return that the page does not list.",
        op.function.trim_start_matches("r#")
    ));
    let codes = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let code = &e.code;
        quote!(#variant(#code))
    });
    quote! {
        pub(crate) static #name: Operation = Operation {
            name: #op_name,
            method: Method::#method,
            base_path: crate::BASE_PATH,
            path: #path,
            request_wrapper: #request_wrapper,
            response_wrapper: #response_wrapper,
            max_items: #max_items,
            idempotent: #idempotent,
        };
        #error_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
            /// A code this endpoint does not document, kept with its status, message and details.
            Unknown(ErrorBody),
        }
        impl #error {
            #table_doc
            pub const DOCUMENTED: &'static [DocumentedError] = &[#(#rows),*];
        }
        operation_error!(#error { #(#codes),* });
    }
}

fn function(api: &Api, family: &Family, op: &Operation) -> TokenStream {
    let fname = ident(&op.function);
    let doc = rustdoc::function_doc(api, family, op, op.method.as_str());
    let op_const = const_name(op);
    let error = error_name(op);
    let mut args = Vec::new();
    let mut call = quote!(Call::new());
    for p in &op.path_params {
        let pname = ident(&p.rust_name);
        if p.ty == Ty::Id {
            args.push(quote!(#pname: &Id));
            call = quote!(#call.path(#pname.as_str()));
        } else {
            // A name, e.g. a module's API name (`Leads`, `Vehicles`).
            args.push(quote!(#pname: &str));
            call = quote!(#call.path(#pname));
        }
    }
    for p in op.query.iter().filter(|p| p.required) {
        let pname = ident(&p.rust_name);
        let arg = param_argument(api, p, &family.name);
        args.push(quote!(#pname: #arg));
        call = query_call(api, &family.name, p, call, quote!(#pname));
    }
    if op.query.iter().any(|p| !p.required) {
        let params = params_name(op);
        args.push(quote!(params: #params));
        call = quote!(params.query(#call));
    }
    if let Some(request) = &op.request {
        let item = type_path(api, &request.item, &family.name);
        args.push(quote!(items: impl Into<Batch<#item>>));
        call = quote!(#call.items(items));
    }
    let (output, send) = match &op.response {
        Response::Action { details, .. } => {
            let details = type_path(api, details, &family.name);
            (quote!(ActionsResult<#details, #error>), ident("action"))
        }
        Response::Records { item, .. } => {
            let item = type_path(api, item, &family.name);
            (quote!(PageResult<#item, #error>), ident("records"))
        }
        Response::Object { item, .. } => {
            let item = type_path(api, item, &family.name);
            (quote!(Result<#item, Error<#error>>), ident("object"))
        }
    };
    let pages = if op.is_paged() {
        let pages_fname = format_ident!("{}_pages", op.function);
        let item = type_path(api, op.response.item_type(), &family.name);
        let pages_doc = rustdoc::lines(&format!(
            "Every page of [`{}`](Self::{}), from `params.page` (or the first) until the server reports no more records.",
            op.function, op.function
        ));
        quote! {
            #pages_doc
            pub fn #pages_fname(&self, #(#args),*) -> Pages<'a, #item, #error> {
                Pages::new(self.0, &#op_const, #call)
            }
        }
    } else {
        quote!()
    };
    quote! {
        #doc
        pub async fn #fname(&self, #(#args),*) -> #output {
            self.0.#send(&#op_const, #call).await
        }
        #pages
    }
}

/// `call` with required query parameter `p`, the argument `value`, added: a list is counted and
/// joined with commas, an integer checked against its documented range.
fn query_call(
    api: &Api,
    module: &str,
    p: &Param,
    call: TokenStream,
    value: TokenStream,
) -> TokenStream {
    let wire = &p.name;
    let mut call = call;
    if let Some(max) = p.max_items {
        let max = proc_macro2::Literal::usize_unsuffixed(max as usize);
        call = quote!(#call.count(#value.len(), #max));
    }
    if p.minimum.is_some() || p.maximum.is_some() {
        let bound = |b: Option<i64>| match b {
            Some(v) => {
                let v = proc_macro2::Literal::i64_unsuffixed(v);
                quote!(Some(#v))
            }
            None => quote!(None),
        };
        let (min, max) = (bound(p.minimum), bound(p.maximum));
        return quote!(#call.bounded_query(#wire, Some(#value), #min, #max));
    }
    match &p.ty {
        Ty::List(_) => quote!(#call.query(#wire, join(#value))),
        // The argument is `impl Into<T>`: name `T` for the conversion.
        Ty::Named(_) | Ty::String | Ty::DateTime => {
            let ty = local_type(api, &p.ty, module);
            quote!(#call.query(#wire, Into::<#ty>::into(#value)))
        }
        _ => quote!(#call.query(#wire, #value)),
    }
}

pub(crate) fn params_name(op: &Operation) -> Ident {
    format_ident!("{}Params", names::pascal(&op.name))
}

/// The struct of an operation's optional query parameters, with a setter for each.
fn params_struct(api: &Api, family: &Family, op: &Operation) -> TokenStream {
    let optional: Vec<&Param> = op.query.iter().filter(|p| !p.required).collect();
    if optional.is_empty() {
        return quote!();
    }
    let name = params_name(op);
    let doc = rustdoc::lines(&format!(
        "Optional query parameters of [`{}::{}`]; `Default` sets none.",
        names::pascal(&family.name),
        op.function
    ));
    let fields = optional.iter().map(|p| {
        let pname = ident(&p.rust_name);
        let ty = local_type(api, &p.ty, &family.name);
        let doc = rustdoc::param_doc(p);
        quote!(#doc pub #pname: Option<#ty>,)
    });
    let setters = optional.iter().map(|p| {
        let pname = ident(&p.rust_name);
        let doc = rustdoc::param_setter_doc(p);
        setter(api, &pname, &p.ty, &family.name, None, doc)
    });
    let mut call = quote!(call);
    for p in &optional {
        let pname = ident(&p.rust_name);
        let key = &p.name;
        call = match &p.ty {
            Ty::List(_) => {
                if let Some(max) = p.max_items {
                    let max = proc_macro2::Literal::usize_unsuffixed(max as usize);
                    call = quote!(#call.count(self.#pname.as_ref().map_or(0, Vec::len), #max));
                }
                quote!(#call.optional_query(#key, self.#pname.as_deref().map(join)))
            }
            _ if p.minimum.is_some() || p.maximum.is_some() => {
                let bound = |b: Option<i64>| match b {
                    Some(v) => {
                        let v = proc_macro2::Literal::i64_unsuffixed(v);
                        quote!(Some(#v))
                    }
                    None => quote!(None),
                };
                let (min, max) = (bound(p.minimum), bound(p.maximum));
                quote!(#call.bounded_query(#key, self.#pname, #min, #max))
            }
            _ => quote!(#call.optional_query(#key, self.#pname)),
        };
    }
    let new_doc = rustdoc::lines(&format!("A `{name}` with no parameter set."));
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            #new_doc
            pub fn new() -> Self {
                Self::default()
            }
            #(#setters)*
            /// Adds the parameters that are set to `call`, after checking them.
            fn query(self, call: Call) -> Call {
                #call
            }
        }
    }
}

/// The argument type of a required query parameter.
fn param_argument(api: &Api, p: &Param, module: &str) -> TokenStream {
    match &p.ty {
        Ty::Id => quote!(&Id),
        Ty::List(inner) => {
            let t = local_type(api, inner, module);
            quote!(&[#t])
        }
        Ty::Boolean | Ty::Integer | Ty::Number => local_type(api, &p.ty, module),
        other => {
            let t = local_type(api, other, module);
            quote!(impl Into<#t>)
        }
    }
}

/// An identifier, raw where the name is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    /// The API users name is written out in the generated files: setters, error enums and their
    /// typed tables, operation facts; macros only implement traits.
    #[test]
    #[cfg(feature = "format")]
    fn the_generated_api_is_plain_rust() {
        let api = crate::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec")).unwrap();
        let files = super::emit(&api, super::Options::default().format(true));
        let roles = &files
            .iter()
            .find(|f| f.name == "roles.rs")
            .unwrap()
            .contents;
        for item in [
            "pub fn share_with_peers(mut self, value: impl Into<bool>) -> Self {",
            "pub enum CreateRoleError {",
            "    DuplicateData(ErrorBody),",
            "pub const DOCUMENTED: &'static [DocumentedError] = &[",
            "            code: \"DUPLICATE_DATA\",\n            status: 400,",
            "crate::shared_errors::INVALID_TOKEN,",
            "pub(crate) static CREATE: Operation = Operation {",
        ] {
            assert!(roles.contains(item), "{item}");
        }
        assert!(
            roles
                .lines()
                .filter(|l| l.trim_start().starts_with("/// Sets `"))
                .all(|l| l.contains("`: ")),
            "setters carry their field's doc"
        );
        assert!(!roles.contains('\t'));
        let macros: Vec<&str> = roles
            .lines()
            .filter_map(|l| l.split_once("!(").map(|(name, _)| name.trim()))
            .filter(|name| !name.contains(' ') && !name.is_empty())
            .collect();
        assert!(
            macros
                .iter()
                .all(|m| ["request", "response", "operation_error", "format"].contains(m)),
            "{macros:?}"
        );
    }
}
