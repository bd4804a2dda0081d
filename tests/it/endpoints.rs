//! Every endpoint of the spec called through the public API against a scripted local server:
//! the documented method and path, and each documented error decoded to its own variant.
//! The tests are generated from the spec (`generated/endpoint_tests.rs`).

use crate::support;

include!("../../generated/endpoint_tests.rs");
