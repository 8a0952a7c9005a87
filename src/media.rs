//! Where a message's attached file is, for links in the output.
//!
//! Takes the folder the export's text came from and the folder the output goes to; gives, for a file a message
//! names, its path relative to the output (when the file is there), so Markdown can link it and JSON can say where
//! it is. It never opens, copies or writes files, and refuses names that are not plain file names (a chat can name
//! anything: `../../secret` must not become a link out of the export's folder).

use std::path::{Component, Path, PathBuf};

/// Finds attached files beside the export.
#[derive(Clone, Debug)]
pub struct Locator {
    /// The export's folder, absolute.
    input_dir: PathBuf,
    /// The output's folder, absolute.
    output_dir: PathBuf,
}

impl Locator {
    /// A locator for an export at `input` written to `output` (`None`: standard output, read from the current
    /// folder). `None` when a folder cannot be resolved.
    pub fn new(input: &Path, output: Option<&Path>) -> Option<Locator> {
        let input_dir = absolute_dir(input)?;
        let output_dir = match output {
            Some(out) => absolute_dir(out)?,
            None => std::env::current_dir().ok()?.canonicalize().ok()?,
        };
        Some(Locator {
            input_dir,
            output_dir,
        })
    }

    /// `file`'s path relative to the output, with `/` separators, when it is a plain name and exists beside the
    /// export.
    pub fn find(&self, file: &str) -> Option<String> {
        let plain = !file.is_empty()
            && Path::new(file)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            && Path::new(file).components().count() == 1
            && !file.contains(['/', '\\']);
        if !plain {
            return None;
        }
        let path = self.input_dir.join(file);
        if !path.is_file() {
            return None;
        }
        Some(relative(&self.output_dir, &path))
    }
}

/// The absolute folder a file is (or will be) in.
fn absolute_dir(file: &Path) -> Option<PathBuf> {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    dir.canonicalize().ok()
}

/// `to` relative to folder `from` (both absolute), `/`-separated.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let cases = [
            ("/a/b", "/a/b/IMG.jpg", "IMG.jpg"),
            ("/a/out", "/a/b/IMG.jpg", "../b/IMG.jpg"),
            ("/x/y", "/a/IMG.jpg", "../../a/IMG.jpg"),
        ];
        for (from, to, want) in cases {
            assert_eq!(relative(Path::new(from), Path::new(to)), want);
        }
    }

    #[test]
    fn only_plain_names_beside_the_export_are_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("IMG-1.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("chat.txt"), b"x").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let l = Locator::new(&dir.path().join("chat.txt"), Some(&out.join("chat.md"))).unwrap();
        let cases = [
            ("IMG-1.jpg", Some("../IMG-1.jpg")),
            ("IMG-2.jpg", None),
            ("../IMG-1.jpg", None),
            ("/etc/passwd", None),
            ("a/IMG-1.jpg", None),
            ("", None),
        ];
        for (file, want) in cases {
            assert_eq!(l.find(file).as_deref(), want, "{file}");
        }
    }
}
