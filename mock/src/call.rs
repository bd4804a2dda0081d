//! One routed call of a spec operation on a family's records.

use zohocrm_build::model::{Api, Operation};

use crate::catalog::Resource;

/// What serving a call needs to know.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Call<'a> {
    /// The spec.
    pub(crate) api: &'a Api,
    /// The operation.
    pub(crate) op: &'a Operation,
    /// The records it works on.
    pub(crate) resource: Resource<'a>,
    /// The query parameters.
    pub(crate) query: &'a [(String, String)],
}

impl Call<'_> {
    /// The store of the records.
    pub(crate) fn table(&self) -> &str {
        self.resource.store
    }
}
