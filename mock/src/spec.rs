//! The spec the mock serves: the files embedded at build time, loaded into the model.

use zohocrm_build::model::Api;

use crate::error::MockError;

include!(concat!(env!("OUT_DIR"), "/spec_files.rs"));

/// Loads the embedded spec files.
pub(crate) fn load() -> Result<Api, MockError> {
    Ok(zohocrm_build::load_files(SPEC_FILES)?)
}
