//! The integration tests, as one test binary (one link instead of twelve, as ripgrep does): one module per
//! subject, each driving the real `chatport` binary or the library, with the helpers in [`common`]. The corpus
//! tests need the peers' sample exports in `../shared/corpus/peers`: without them they are ignored, or fail when
//! `CHATPORT_CORPUS` is set (see [`common`] and `build.rs`). Run one module with `cargo test --test it golden::`.
//! proptest keeps the shrunk failures of `properties` in `tests/proptest-regressions/properties.txt`: beside the
//! folder holding this `main.rs`, the root it names the file from.

mod ai_formats;
mod bad_inputs;
mod batch;
mod browser;
mod cli;
mod common;
mod corpus;
mod corpus_kinds;
mod golden;
mod headers;
mod html;
mod kinds;
mod layers;
mod layout;
mod markdown;
mod merge;
mod parts;
mod properties;
mod redact;
mod roundtrip;
mod terminal;
mod zip;
