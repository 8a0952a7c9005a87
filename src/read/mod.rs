//! Reading an export: its dialect learned in a first pass, its messages built in a second.
//!
//! Takes an opened input; gives the chat head, then every message, then the warnings.

pub mod beside;
pub mod classify;
pub mod detect;
pub mod discover;
pub mod document;
pub mod header;
pub mod merge;
pub mod parse;
pub mod reader;
pub mod redact;
pub mod roles;
