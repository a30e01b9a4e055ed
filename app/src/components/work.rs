//! Building blocks of the work pages: the assignee picker, the comment box with its mention
//! list, plain text shown safely, run status badges and the live transcript.

pub mod assignee;
pub mod mention;
pub mod run_badge;
pub mod text;
pub mod transcript;
