//! The tests of zohocrm-build and zohocrm-codegen, in one binary: the spec's checks (bad and
//! hostile specs), generation, doc pages, drift, import and diff.

mod bad_specs;
mod diff;
mod drift;
mod generate;
mod hostile_specs;
mod import;
mod page_reading;
