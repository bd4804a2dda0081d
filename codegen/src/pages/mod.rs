//! Zoho's doc pages: reading one ([`page`]), drafting spec JSON from it ([`import`]), comparing it
//! with the spec ([`drift`]) and editing the spec to match ([`fix`]), and writing a page back
//! from the spec ([`render`]).

pub mod drift;
pub mod fix;
pub mod import;
pub mod lenient;
pub mod page;
pub mod render;
