//! Tells the integration tests whether the peers' sample exports are beside the checkout, in
//! `../shared/corpus/peers` (not committed: their licenses forbid it). A test cannot make itself ignored at run
//! time, so the corpus tests are `#[cfg_attr(not(corpus), ignore = "...")]` and this script sets `cfg(corpus)`
//! when the corpus's `MANIFEST.tsv` is there, or when `CHATPORT_CORPUS` is set: then the corpus is required and
//! a missing one fails the tests instead of leaving them ignored. It also passes the folder's path to the tests as
//! `CHATPORT_CORPUS_PEERS`, so that it is written once. See `tests/it/common.rs`.
//!
//! The same way, `cfg(browser)` turns on the headless-Chromium tests (`tests/it/browser.rs`) when Debian's
//! `chromium` is installed, or when `CHATPORT_BROWSER` is set (`.ci/run` sets it once it has installed Chromium,
//! so that a missing browser fails there).

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let shared = root.join("../shared");
    let peers = shared.join("corpus/peers");
    let manifest = peers.join("MANIFEST.tsv");
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    println!("cargo::rustc-env=CHATPORT_CORPUS_PEERS={}", peers.display());
    println!("cargo::rerun-if-env-changed=CHATPORT_CORPUS");
    // Watch only a path that exists: cargo reruns the script, and so rebuilds the crate, on every build while a
    // watched path is missing. Without the corpus, watch the nearest of its folders that exists (cargo scans it,
    // so adding the corpus is seen), never above `../shared`, whose scan would cover the checkout; without
    // `../shared`, adding the corpus is seen at the next `cargo clean` or change to this file.
    let watched = [manifest.clone(), peers, shared.join("corpus"), shared]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| root.join("build.rs"));
    println!("cargo::rerun-if-changed={}", watched.display());
    if manifest.is_file() || std::env::var_os("CHATPORT_CORPUS").is_some() {
        println!("cargo::rustc-cfg=corpus");
    }

    println!("cargo::rustc-check-cfg=cfg(browser)");
    println!("cargo::rerun-if-env-changed=CHATPORT_BROWSER");
    let chromium = std::path::Path::new("/usr/bin/chromium");
    // A missing path would rerun this script on every build, and a folder is scanned whole: only an installed
    // browser is watched (its removal is seen). One installed later is seen with CHATPORT_BROWSER set, as
    // `.ci/run` does, or at the next change to this file.
    if chromium.exists() {
        println!("cargo::rerun-if-changed={}", chromium.display());
    }
    if chromium.exists() || std::env::var_os("CHATPORT_BROWSER").is_some() {
        println!("cargo::rustc-cfg=browser");
    }
}
