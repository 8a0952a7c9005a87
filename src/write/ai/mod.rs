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

/// Unix seconds as an ISO 8601 UTC time (`2025-01-05T21:03:00.000Z`), with the fraction `digits` asks for.
fn iso(unix: i64, digits: chrono::SecondsFormat) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(digits, true)
}
