//! Reusable components shared by the pages.

pub mod agents;
pub mod auth;
pub mod confirm;
pub mod copy_field;
pub mod empty_state;
pub mod error_view;
pub mod focus;
pub mod form;
pub mod loaded;
pub mod loading;
pub mod locale_select;
pub mod modal;
pub mod page_title;
pub mod runtimes;
pub mod sign_out;
pub mod tabs;
pub mod toast;
pub mod token_fields;
pub mod token_row;
pub mod top_bar;
pub mod work;
pub mod workspace;
