//! Any bytes as a zip export: find the chat entry, decompress it (bounded), parse it, list its media. Must never
//! panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = chatport::fuzzing::convert_bytes(data);
});
