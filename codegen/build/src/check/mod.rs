//! The checks that need the whole spec: [`lower`] resolves names across files and lowers the
//! parsed files to the [`model`](crate::model); [`validate`] checks JSON values (samples, stored
//! bodies) against the model's types.

pub mod lower;
pub mod validate;
