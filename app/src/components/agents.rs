//! Components of the agents area: the access picker.

pub mod picker;
