//! The spec the mock serves: the files embedded at build time, loaded into the model once per
//! process.

use std::sync::{Arc, OnceLock};

use zohocrm_build::model::Api;

use crate::error::MockError;

include!(concat!(env!("OUT_DIR"), "/spec_files.rs"));

/// The embedded spec, or why it does not load, from the first call of [`load`] on.
static LOADED: OnceLock<Result<Arc<Api>, zohocrm_build::Errors>> = OnceLock::new();

/// The embedded spec files, loaded on the first call; later calls share that result.
pub(crate) fn load() -> Result<Arc<Api>, MockError> {
    LOADED
        .get_or_init(|| zohocrm_build::load_files(SPEC_FILES).map(Arc::new))
        .clone()
        .map_err(MockError::Spec)
}
