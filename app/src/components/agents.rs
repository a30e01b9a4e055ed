//! Components of the agents area: the API calls and the access picker.

pub mod data;
pub mod picker;
