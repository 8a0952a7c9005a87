//! The AI formats: the chat cut into conversations between a user and an assistant, and each app's file.
//!
//! Takes messages; gives conversations (`convo.rs`) and their bytes in each app's import format. `validate.rs`
//! holds those importers' rules, to check what we write.

pub mod chatgpt;
pub mod claude;
pub mod convo;
pub mod openai_jsonl;
pub mod openwebui;
pub mod sillytavern;
pub mod validate;
