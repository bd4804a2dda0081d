//! The tools behind the `zohocrm-codegen` command, for the maintainers of the zohocrm spec: read
//! Zoho's doc pages ([`pages`]), draft spec JSON from them, compare them with the spec and fix
//! it, render a page back from the spec, and classify a spec change by what it does to the
//! generated Rust API ([`diff`]).
//!
//! The generator itself (loading, checking, emitting) is the `zohocrm-build` crate, which build
//! scripts use; nothing here is compiled into them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diff;
pub mod ordered_json;
pub mod pages;
