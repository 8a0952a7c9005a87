//! Hostile and broken inputs beyond one file's bytes: archives (bombs, overlaps, duplicates, encryption), standard
//! input, special files in folders, and inputs that change while being read. Each case finishes in seconds.
