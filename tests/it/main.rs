//! The integration tests of zohocrm, in one binary: the client against scripted servers and
//! against zohocrm-mock, every endpoint of the spec, transport faults, hostile responses, load.

#[cfg(feature = "blocking")]
mod blocking;
mod client;
mod endpoints;
mod families;
mod hostile_responses;
mod load;
mod metadata;
mod notes;
mod records;
mod support;
mod tags;
mod transport;
