//! Reusable components.
