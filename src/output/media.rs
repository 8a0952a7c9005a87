//! Where a message's attached file is, and copying media next to the output.
//!
//! Takes an export (its zip, or the folder of its `.txt`) and where the output goes; gives, for a file a message
//! names, its path relative to the output, so Markdown can link it and JSON can say where it is. With
//! `--media copy` it first copies the files into `<out>/<chat>/media/`, streamed, bounded (`--max-media-size`,
//! ratio) and atomically; entry names that could escape that folder (absolute, `..`, drive letters, backslashes,
//! symbolic links: zip-slip) are refused with a warning. A chat can name anything: only plain names are looked up.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use std::io::Write as _;

use crate::error::{Error, Result};
use crate::input::archive::{MAX_RATIO, RATIO_FROM, too_compressed};
use crate::model::Warning;
use crate::output::{Overwrite, Sink, Target};
use crate::read::reader::Export;

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

/// Where an export's media end up, and the warnings about them.
pub struct Media {
    how: How,
    /// Names messages referenced that could not be found, with the first line naming each.
    missing: Vec<(String, u64)>,
    seen_missing: HashSet<String>,
    warnings: Vec<Warning>,
}

enum How {
    /// Nothing copied; files already beside a `.txt` are linked where they are.
    InPlace(Option<Locator>),
    Copied(Copier),
}

/// Copies media into one folder and remembers where each went.
struct Copier {
    /// The media folder, absolute.
    dir: PathBuf,
    /// The media folder as the output links it.
    prefix: String,
    /// Name → link of what was copied (zip entries by full name and by file name).
    map: HashMap<String, String>,
    /// Paths inside the media folder already written by this copy, so two entries never share one.
    taken: HashSet<PathBuf>,
    /// The folders of `.txt` exports: their files are copied when a message names them.
    beside: Vec<PathBuf>,
    /// Several exports' media into one folder (a merge): a file of a name already copied is one file when its
    /// bytes are the same.
    union: bool,
    policy: Overwrite,
    /// The most bytes one file may have (`--max-media-size`).
    max: u64,
    /// The most bytes this export's media may have in all, and what has been copied so far.
    budget: u64,
    copied: u64,
    /// The budget ran out: the entries after are passed over, counted in `passed`.
    exhausted: bool,
    passed: u64,
}

/// Why a file was not copied: a refusal is a warning, and the export goes on; a failed write fails the export.
enum Failure {
    Refused(String),
    Write(Error),
}

impl Copier {
    /// Copies `from` to `rel` inside the media folder (or beside it with a suffix, when an earlier file of this
    /// export took that name); gives the link to it.
    fn copy(&mut self, from: &mut dyn Read, rel: &Path) -> std::result::Result<String, Failure> {
        let rel = self.free(rel);
        let left = self.budget.saturating_sub(self.copied);
        let bounded = left < self.max;
        let n = match write_atomic(
            from,
            &self.dir,
            &self.dir.join(&rel),
            &self.policy,
            self.max.min(left),
        ) {
            Err(Failure::Refused(_)) if bounded && !self.exhausted => {
                self.exhausted = true;
                return Err(Failure::Refused(format!(
                    "the export's media reached their bound, {} MB ({MAX_RATIO} times the archive: a zip bomb?)",
                    self.budget >> 20
                )));
            }
            n => n?,
        };
        self.copied += n;
        self.taken.insert(folded(&rel));
        let link = format!(
            "{}/{}",
            self.prefix,
            rel.to_string_lossy().replace('\\', "/")
        );
        if let Some(base) = rel.file_name() {
            self.map
                .entry(base.to_string_lossy().into_owned())
                .or_insert_with(|| link.clone());
        }
        Ok(link)
    }

    /// `rel`, or `stem-2.ext`, `stem-3.ext`, … when this export already wrote `rel`.
    // why: a zip can hold two entries of one name (issue 15); both are kept.
    fn free(&self, rel: &Path) -> PathBuf {
        if !self.taken.contains(&folded(rel)) {
            return rel.to_path_buf();
        }
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = rel
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        (2..)
            .map(|n| rel.with_file_name(format!("{stem}-{n}{ext}")))
            .find(|p| !self.taken.contains(&folded(p)))
            .unwrap_or_else(|| rel.to_path_buf())
    }

    /// The file `name` beside a `.txt` export, when it is a plain name that is there; a symbolic link is refused
    /// as a zip's is.
    fn beside(&self, name: &str) -> Option<std::result::Result<PathBuf, Failure>> {
        let plain = safe_name(name).is_ok_and(|r| r.components().count() == 1);
        if !plain {
            return None;
        }
        for dir in &self.beside {
            let path = dir.join(name);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                // why: a link beside the export could point at any private file (issue 15).
                return Some(Err(Failure::Refused(
                    "is a symbolic link beside the export".into(),
                )));
            }
            if meta.is_file() {
                return Some(Ok(path));
            }
        }
        None
    }
}

impl Media {
    /// No copying: files beside a `.txt` are linked in place.
    pub fn in_place(locator: Option<Locator>) -> Media {
        Media::with(How::InPlace(locator))
    }

    fn with(how: How) -> Media {
        Media {
            how,
            missing: Vec::new(),
            seen_missing: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    /// Copies `export`'s media into `dir` (absolute), linked from the output as `prefix/<name>`: every entry of a
    /// zip now (referenced or not: nothing is lost), the files beside a `.txt` as messages name them. `policy`
    /// says what existing files may be replaced; `max` bytes is the most one file may have. A file that could not
    /// be written is an error: the export is then not complete.
    pub fn copy(
        export: &Export,
        dir: PathBuf,
        prefix: String,
        policy: &Overwrite,
        max: u64,
    ) -> Result<Media> {
        Media::copy_all(&[export], dir, prefix, policy, max)
    }

    /// [`Media::copy`] for several exports of one chat (a merge) into one folder: the union of their media, a
    /// name found in two of them one file when the bytes are the same, both kept when they differ.
    pub fn copy_all(
        exports: &[&Export],
        dir: PathBuf,
        prefix: String,
        policy: &Overwrite,
        max: u64,
    ) -> Result<Media> {
        let beside = exports
            .iter()
            .filter_map(|e| match (&e.input().entry, &e.input().path) {
                (None, Some(p)) => absolute_dir(p),
                _ => None,
            })
            .collect();
        let mut copier = Copier {
            dir,
            prefix,
            map: HashMap::new(),
            taken: HashSet::new(),
            beside,
            union: exports.len() > 1,
            policy: policy.clone(),
            max,
            budget: u64::MAX,
            copied: 0,
            exhausted: false,
            passed: 0,
        };
        let mut warnings = Vec::new();
        for export in exports {
            let input = export.input();
            // why: a zip that cannot be opened again (too many open files, a read error) would copy no media and
            // still succeed (issue 15): that export fails instead.
            if let (Some(zip), Some(chat)) = (input.archive(), input.entry.as_deref()) {
                copier.copied = 0;
                copier.exhausted = false;
                copier.passed = 0;
                copy_zip(&mut copier, zip?, chat, &input.display, &mut warnings)?;
            }
        }
        let mut media = Media::with(How::Copied(copier));
        media.warnings = warnings;
        Ok(media)
    }

    /// Where the file a message (at `line`) names is, relative to the output; copies it first when it sits beside
    /// a `.txt`. A file that cannot be found is remembered for one warning; one that could not be written is an
    /// error.
    pub fn path_for(&mut self, file: &str, line: u64) -> Result<Option<String>> {
        // A file looked for once and not found is not looked for again, message after message.
        if self.seen_missing.contains(file) {
            return Ok(None);
        }
        let found = match &mut self.how {
            How::InPlace(locator) => return Ok(locator.as_ref().and_then(|l| l.find(file))),
            How::Copied(copier) => match copier.map.get(file) {
                Some(link) => Some(link.clone()),
                None => match copier.beside(file) {
                    Some(src) => {
                        let copied = src.and_then(|src| {
                            std::fs::File::open(&src)
                                .map_err(|e| Failure::Refused(format!("cannot be read ({e})")))
                                .and_then(|mut f| copier.copy(&mut f, Path::new(file)))
                        });
                        match copied {
                            Ok(link) => Some(link),
                            Err(Failure::Write(e)) => return Err(e),
                            Err(Failure::Refused(why)) => {
                                let message = format!("'{file}' {why}; not copied");
                                self.warnings.push(Warning { line, message });
                                return Ok(None);
                            }
                        }
                    }
                    None => None,
                },
            },
        };
        if found.is_none() && self.seen_missing.insert(file.to_string()) {
            self.missing.push((file.to_string(), line));
        }
        Ok(found)
    }

    /// The warnings, with one about the referenced files that were not there (all of them, at the first).
    pub fn finish(mut self) -> Vec<Warning> {
        if let Some(warning) = missing_warning(&self.missing) {
            self.warnings.push(warning);
        }
        self.warnings
    }
}

/// How many missing files one warning names before it only counts the rest.
const NAMED: usize = 5;

/// One warning for every file messages name that the export lacks (`(file, first line)` in line order).
// why: an export made without media names hundreds of files; a warning each buried the rest (issue 16).
fn missing_warning(missing: &[(String, u64)]) -> Option<Warning> {
    let (first, line) = missing.first()?;
    let message = match missing.len() {
        1 => format!(
            "'{first}' is named here but is not in the export; the message keeps its name only"
        ),
        n => {
            let named: Vec<&str> = missing
                .iter()
                .take(NAMED)
                .map(|(f, _)| f.as_str())
                .collect();
            let more = if n > NAMED {
                format!(" and {} more", n - NAMED)
            } else {
                String::new()
            };
            format!(
                "{n} files named by messages are not in the export: {}{more}; first at line {line}; the messages keep their names only",
                named.join(", ")
            )
        }
    };
    Some(Warning {
        line: *line,
        message,
    })
}

/// Copies every media entry of a zip (all but the chat text, folders and macOS metadata), refusing names that could
/// escape the media folder and entries that expand absurdly, each refusal a warning; a failed write is an error.
fn copy_zip(
    copier: &mut Copier,
    file: std::fs::File,
    chat: &str,
    display: &str,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let mut warn = |message: String| warnings.push(Warning { line: 0, message });
    // why: overlapping entries can each pass the ratio check and still expand one stream many times (issue 15).
    copier.budget = file.metadata().map_or(u64::MAX, |m| {
        m.len().saturating_mul(MAX_RATIO).max(RATIO_FROM)
    });
    let clone = file.try_clone().map_err(|source| Error::Read {
        path: display.to_string(),
        source,
    })?;
    let zip = &mut crate::input::archive::open(clone, display)?;
    let mut seen: HashSet<String> = HashSet::new();
    if zip.has_duplicate_names() {
        // why: the archive's index keeps one entry per name, the last; reading the entries in file order instead
        // keeps every one (issue 15).
        // The archive moved the offset it shares with `file`.
        let mut file = file;
        if let Err(e) = std::io::Seek::rewind(&mut file) {
            warn(format!(
                "the zip cannot be read again ({e}); its media are not copied"
            ));
            return Ok(());
        }
        let mut reader = std::io::BufReader::new(file);
        loop {
            match zip::read::read_zipfile_from_stream(&mut reader) {
                Ok(Some(mut entry)) => copy_entry(copier, &mut entry, chat, &mut seen, &mut warn)?,
                Ok(None) => {
                    passed_over(copier, &mut warn);
                    break;
                }
                Err(e) => {
                    warn(format!(
                        "the zip's entries cannot all be read ({e}); the rest are not copied"
                    ));
                    break;
                }
            }
        }
        return Ok(());
    }
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            warn(format!("zip entry {i} cannot be read; not copied"));
            continue;
        };
        copy_entry(copier, &mut entry, chat, &mut seen, &mut warn)?;
    }
    passed_over(copier, &mut warn);
    Ok(())
}

/// The one warning for the entries passed over once the archive's media reached their bound.
fn passed_over(copier: &Copier, warn: &mut dyn FnMut(String)) {
    if copier.passed > 0 {
        warn(format!(
            "{} more media entries were not copied: the archive's media reached their bound",
            copier.passed
        ));
    }
}

/// Copies one zip entry, unless it is the chat, a folder or metadata, or is refused (with a warning).
fn copy_entry<R: Read>(
    copier: &mut Copier,
    entry: &mut zip::read::ZipFile<'_, R>,
    chat: &str,
    seen: &mut HashSet<String>,
    warn: &mut dyn FnMut(String),
) -> Result<()> {
    let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
    if entry.is_dir() || name == chat || crate::input::archive::is_metadata(&name) {
        return Ok(());
    }
    let rel = match safe_name(&name) {
        Ok(_) if entry.is_symlink() => {
            warn(format!(
                "'{name}' is a symbolic link in the zip; not copied"
            ));
            return Ok(());
        }
        Ok(rel) => rel,
        Err(why) => {
            warn(format!(
                "'{name}' is {why}, which could write outside the media folder; not copied"
            ));
            return Ok(());
        }
    };
    let (size, packed) = (entry.size(), entry.compressed_size());
    // why: a zip bomb declares (or expands to) far more than any photo or video, from almost nothing.
    if size > copier.max || too_compressed(size, packed) {
        warn(format!(
            "'{name}' would expand to {} MB from {} KB; not copied (a zip bomb? --max-media-size raises the limit)",
            size >> 20,
            packed >> 10
        ));
        return Ok(());
    }
    if copier.exhausted {
        copier.passed += 1;
        return Ok(());
    }
    let again = !seen.insert(name.clone());
    let earlier = copier
        .map
        .get(&name)
        .cloned()
        .filter(|_| copier.union && !again);
    match copier.copy(entry, &rel) {
        Ok(link) if earlier.is_some() => {
            // why: two exports of one chat hold the same photo: one file (issue 20).
            let old = earlier.unwrap_or_default();
            let file = |l: &str| {
                copier
                    .dir
                    .join(l.strip_prefix(&format!("{}/", copier.prefix)).unwrap_or(l))
            };
            if same_bytes(&file(&old), &file(&link)) {
                let _ = std::fs::remove_file(file(&link));
            } else {
                warn(format!(
                    "two exports hold a '{name}' with other bytes; both are kept, this one as '{link}'"
                ));
            }
        }
        Ok(link) => {
            if again {
                warn(format!(
                    "the zip holds more than one '{name}'; each is kept, this one as '{link}'"
                ));
            }
            copier.map.entry(name).or_insert(link);
        }
        Err(Failure::Refused(why)) => warn(format!("'{name}': {why}; not copied")),
        Err(Failure::Write(e)) => return Err(e),
    }
    Ok(())
}

/// Whether two files hold the same bytes.
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if ma.len() != mb.len() {
        return false;
    }
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let (mut ra, mut rb) = (std::io::BufReader::new(fa), std::io::BufReader::new(fb));
    let (mut ba, mut bb) = ([0u8; 8192], [0u8; 8192]);
    loop {
        let Ok(n) = ra.read(&mut ba) else {
            return false;
        };
        // The lengths are equal: the second file ends where the first does.
        if n == 0 {
            return true;
        }
        if rb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// The first folder from `to`'s up to the chat's folder (the one holding the media folder `root`) that is a
/// symbolic link, if any.
fn linked_folder(root: &Path, to: &Path) -> Option<PathBuf> {
    let stop = root.parent()?;
    let mut at = to.parent()?;
    loop {
        if std::fs::symlink_metadata(at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(at.to_path_buf());
        }
        if at == stop || !at.starts_with(stop) {
            return None;
        }
        at = at.parent()?;
    }
}

/// `rel` in lower case: two names that differ only in case are one file on some file systems.
fn folded(rel: &Path) -> PathBuf {
    PathBuf::from(rel.to_string_lossy().to_lowercase())
}

/// The longest file name (one path part) file systems take, in bytes.
const MAX_PART: usize = 255;

/// A zip entry's name as a relative path inside the media folder, or why it cannot be one.
pub fn safe_name(name: &str) -> std::result::Result<PathBuf, &'static str> {
    let b = name.as_bytes();
    if name.is_empty() {
        return Err("an empty name");
    }
    if b[0] == b'/' || b[0] == b'\\' {
        return Err("an absolute path");
    }
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return Err("a path with a drive letter");
    }
    if name.contains('\\') {
        return Err("a path with backslashes");
    }
    if name.contains('\0') {
        return Err("a name with a NUL byte");
    }
    // Room is left for the `-2` a second entry of the same name gets.
    if name.split('/').any(|part| part.len() > MAX_PART - 4) {
        return Err("a name longer than file systems allow");
    }
    let path = Path::new(name);
    if !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err("a path with '..'");
    }
    Ok(path.to_path_buf())
}

/// Copies `from` to `to`, at most `max` bytes, written as every output is (a temporary file in the same folder,
/// synced, given an ordinary file's mode, renamed into place: [`Sink`]); an existing file is kept unless the
/// policy forces. Gives the bytes written. A read that fails or runs past `max` is a refusal; a write, an error.
fn write_atomic(
    from: &mut dyn Read,
    root: &Path,
    to: &Path,
    policy: &Overwrite,
    max: u64,
) -> std::result::Result<u64, Failure> {
    let write_err = |source| {
        Failure::Write(Error::Write {
            path: to.display().to_string(),
            source,
        })
    };
    let dir = to
        .parent()
        .ok_or_else(|| write_err(std::io::Error::other("no folder")))?;
    if let Some(link) = linked_folder(root, to) {
        return Err(Failure::Refused(format!(
            "would go through {}, a symbolic link",
            link.display()
        )));
    }
    // why: a zip holding `a` and `a/b.jpg` has a file where a folder must go: that entry is refused, not the export.
    if dir
        .ancestors()
        .take_while(|p| p.starts_with(root) && *p != root)
        .any(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
    {
        return Err(Failure::Refused(
            "would go into a folder that is a file of the same export".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|source| {
        Failure::Write(Error::Write {
            path: dir.display().to_string(),
            source,
        })
    })?;
    // why: a device or FIFO where a media file goes would be written into (or block the run), not replaced; a
    // link there (or a linked folder on the way) would send the copy outside the media folder (issue 15).
    if std::fs::symlink_metadata(to).is_ok_and(|m| !m.is_file()) {
        return Err(Failure::Refused(format!(
            "would go where {} is, which is not a regular file",
            to.display()
        )));
    }
    if to.exists() && !policy.force {
        return Ok(0);
    }
    let mut sink = Sink::open(&Target::File(to.to_path_buf()), policy).map_err(Failure::Write)?;
    let mut buf = vec![0u8; 64 << 10];
    let mut n: u64 = 0;
    loop {
        let got = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // Dropping the sink removes its temporary file.
            Err(e) => return Err(Failure::Refused(format!("cannot be read ({e})"))),
        };
        n += got as u64;
        if n > max {
            return Err(Failure::Refused(format!(
                "expands beyond {} MB (a zip bomb? --max-media-size raises the limit)",
                max >> 20
            )));
        }
        sink.write_all(&buf[..got])
            .map_err(|e| Failure::Write(sink.error(e)))?;
    }
    sink.finish().map_err(Failure::Write)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_make_one_warning() {
        let files = |n: u64| -> Vec<(String, u64)> {
            (1..=n).map(|i| (format!("IMG-{i}.jpg"), i * 10)).collect()
        };
        let cases: [(u64, Option<(u64, &str)>); 4] = [
            (0, None),
            (
                1,
                Some((
                    10,
                    "'IMG-1.jpg' is named here but is not in the export; the message keeps its name only",
                )),
            ),
            (
                2,
                Some((
                    10,
                    "2 files named by messages are not in the export: IMG-1.jpg, IMG-2.jpg; first at line 10; the messages keep their names only",
                )),
            ),
            (
                37,
                Some((
                    10,
                    "37 files named by messages are not in the export: IMG-1.jpg, IMG-2.jpg, IMG-3.jpg, IMG-4.jpg, IMG-5.jpg and 32 more; first at line 10; the messages keep their names only",
                )),
            ),
        ];
        for (n, want) in cases {
            let got = missing_warning(&files(n));
            assert_eq!(
                got.as_ref().map(|w| (w.line, w.message.as_str())),
                want,
                "{n}"
            );
        }
    }

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

    #[test]
    fn zip_entry_names_that_could_escape_are_refused() {
        let cases: &[(&str, Option<&str>)] = &[
            ("IMG-1.jpg", Some("IMG-1.jpg")),
            ("media/IMG-1.jpg", Some("media/IMG-1.jpg")),
            ("../evil.sh", None),
            ("a/../../evil.sh", None),
            ("/etc/passwd", None),
            ("C:/Windows/evil.dll", None),
            ("..\\evil.sh", None),
            ("", None),
        ];
        for (name, want) in cases {
            let got = safe_name(name).ok();
            assert_eq!(got.as_deref(), want.map(Path::new), "{name}");
        }
    }
}
