//! Temporary files that must not outlive an interrupted run.
//!
//! Takes the path of each temporary file as it is created (an output being written, a zip's chat text spooled);
//! gives a guard that keeps it registered while it lives, and [`remove_pending`], which deletes every file still
//! registered. Ctrl-C ends the process without running destructors, so `main.rs` calls it first. It creates and
//! deletes nothing else.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Every temporary file registered and not yet dropped.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file registered for deletion on Ctrl-C, for as long as it may need deleting.
pub struct Pending(PathBuf);

impl Pending {
    /// Registers `path` as being written.
    pub fn new(path: &Path) -> Pending {
        if let Ok(mut p) = PENDING.lock() {
            p.push(path.to_path_buf());
        }
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut p) = PENDING.lock()
            && let Some(i) = p.iter().position(|x| *x == self.0)
        {
            p.swap_remove(i);
        }
    }
}

/// Deletes every temporary file still registered (called on Ctrl-C).
pub fn remove_pending() {
    if let Ok(p) = PENDING.lock() {
        for path in p.iter() {
            let _ = std::fs::remove_file(path);
        }
    }
}
