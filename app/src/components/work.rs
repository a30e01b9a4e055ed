//! Building blocks of the work pages: the assignee picker, the comment box with its mention
//! list, plain text shown safely, run status badges, the live transcript and a run's calls to
//! connected apps.

pub mod assignee;
pub mod mention;
pub mod run_badge;
pub mod text;
pub mod tool_calls;
pub mod transcript;
