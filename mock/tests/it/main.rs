//! zohocrm-mock's integration tests, in one binary: over HTTP against a running mock, and the
//! `zohocrm-mock` binary itself.

mod documented_errors;
mod hostile_requests;
mod mock;
mod operations;
mod support;
