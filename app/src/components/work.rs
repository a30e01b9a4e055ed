//! Building blocks of the work pages: plain text shown safely, run status badges and the live
//! transcript.

pub mod run_badge;
pub mod text;
pub mod transcript;
