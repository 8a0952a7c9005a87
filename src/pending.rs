//! Temporary files that must not outlive an interrupted run.
//!
//! Takes the path of each temporary file as it is created (an output being written, a zip's chat text spooled, a
//! folder of media extracted for one page);
//! gives a guard that keeps it registered while it lives, and [`exit_removing`], which deletes every file still
//! registered and ends the process. A signal ends the process without running destructors, so `main.rs` calls it.
//! A file is created and registered under one lock, and the exit happens under it too, so no file created around
//! a signal escapes. It creates and deletes nothing else.

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

    /// Creates a temporary file with `make` and registers the path `path_of` gives, under one lock: a signal
    /// between the two cannot leave the file behind.
    pub fn create<T>(
        make: impl FnOnce() -> std::io::Result<T>,
        path_of: impl Fn(&T) -> &Path,
    ) -> std::io::Result<(T, Pending)> {
        let mut list = PENDING.lock().ok();
        let made = make()?;
        let path = path_of(&made).to_path_buf();
        if let Some(list) = list.as_mut() {
            list.push(path.clone());
        }
        Ok((made, Pending(path)))
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
        p.iter().for_each(|path| remove(path));
    }
}

/// Deletes a registered file, or a registered folder with what it holds (media extracted for a page).
fn remove(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        _ => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Deletes every temporary file still registered and exits with `code`, holding the registry all the while: no
/// other thread can create a file that would then be left (called on a signal).
pub fn exit_removing(code: i32) -> ! {
    let held = PENDING.lock();
    if let Ok(p) = &held {
        p.iter().for_each(|path| remove(path));
    }
    std::process::exit(code)
}
