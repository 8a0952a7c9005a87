//! The library's import graph, read from the text of `src/`: each stage imports only itself and earlier stages
//! (the order `lib.rs` describes), no modules import each other in a cycle, and nothing in the library reaches
//! into the binary (`crate::app`, `chatport::`). The compiler checks none of this, so it would erode unseen.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The stages, earliest first; those between two bars share a rank. A stage imports only its rank and lower.
const STAGES: &str =
    "text error pending | model locale | input | decode | read | write | output | fuzzing";

type Module = Vec<String>;
type Token = (String, usize);
/// Module → module it mentions → where (the first mention).
type Graph = BTreeMap<Module, BTreeMap<Module, String>>;
/// One path of a (maybe grouped) mention: absolute segments, as written, line, and whether its last segment is
/// surely a module (`self`, `*`) rather than maybe an item.
type Leaf = (Module, String, usize, bool);
/// The depth-first search's path and the modules it has entered.
type Seen<'a> = (Vec<&'a Module>, BTreeSet<&'a Module>);

fn rank(stage: &str) -> Option<usize> {
    STAGES
        .split('|')
        .position(|group| group.split_whitespace().any(|s| s == stage))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines that are neither comments nor test code, numbered from 1. A stage's unit tests may drive it
/// through later stages (the parser's tests read through the reader), so `#[cfg(test)] mod … { … }` blocks, as
/// rustfmt lays them out, are left out.
fn code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let (mut in_test, mut after_attr) = (false, false);
    text.lines().enumerate().filter_map(move |(n, l)| {
        let keep = if in_test {
            in_test = l != "}";
            false
        } else if after_attr && l.starts_with("mod ") && l.ends_with('{') {
            in_test = true;
            false
        } else {
            !l.trim_start().starts_with("//")
        };
        after_attr = l == "#[cfg(test)]";
        keep.then_some((n + 1, l))
    })
}

/// Identifiers, `::` and single punctuation, with their line numbers.
fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for (n, line) in code(text) {
        let (b, mut i) = (line.as_bytes(), 0);
        while i < b.len() {
            let start = i;
            while i < b.len() && word(b[i]) {
                i += 1;
            }
            if i == start {
                i += if b[i..].starts_with(b"::") { 2 } else { 1 };
            }
            if b[start].is_ascii() && !b[start].is_ascii_whitespace() {
                out.push((line[start..i].to_string(), n));
            }
        }
    }
    out
}

fn is(toks: &[Token], j: usize, s: &str) -> bool {
    toks.get(j).is_some_and(|t| t.0 == s)
}

/// Parses a use tree or an inline path from `toks[*j]` on, relative to `segs`, into its leaves.
fn tree(toks: &[Token], j: &mut usize, mut segs: Module, mut written: String, out: &mut Vec<Leaf>) {
    while let Some((t, line)) = toks.get(*j) {
        *j += 1;
        if t == "{" {
            while toks.get(*j).is_some_and(|t| t.0 != "}") {
                tree(toks, j, segs.clone(), written.clone(), out);
                *j += usize::from(is(toks, *j, ","));
            }
            *j += 1;
            return;
        }
        let ident = t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
        if ident {
            match t.as_str() {
                "crate" => segs.clear(),
                "super" => drop(segs.pop()),
                "self" => {}
                _ => segs.push(t.clone()),
            }
            if is(toks, *j, "::") {
                *j += 1;
                written += &format!("{t}::");
                continue;
            }
            *j += 2 * usize::from(is(toks, *j, "as"));
            written += if t == "self" { "" } else { t };
        } else if t == "*" {
            written += "*";
        }
        let written = written.trim_end_matches("::").to_string();
        return out.push((segs, written, *line, t == "self" || !ident));
    }
}

/// A top-level (column 0, as rustfmt leaves it) inline `mod NAME {`, which the lines up to `}` belong to.
fn inline_mod(line: &str) -> Option<&str> {
    let rest = line
        .trim_start_matches("pub(crate) ")
        .trim_start_matches("pub ");
    rest.strip_prefix("mod ")?.strip_suffix(" {")
}

/// Depth-first search from `node`, recording each cycle a back edge closes, with the mention behind each edge.
fn cycles<'a>(g: &'a Graph, node: &'a Module, seen: &mut Seen<'a>) -> Vec<String> {
    let mut out = Vec::new();
    if !seen.1.insert(node) {
        return out;
    }
    seen.0.push(node);
    for next in g.get(node).into_iter().flat_map(BTreeMap::keys) {
        if let Some(k) = seen.0.iter().position(|s| *s == next) {
            let ring: Vec<&Module> = seen.0[k..].iter().copied().chain([next]).collect();
            let mut s = ring[0].join("::");
            for w in ring.windows(2) {
                s += &format!(" -> {} ({})", w[1].join("::"), g[w[0]][w[1]]);
            }
            out.push(s);
        } else {
            out.extend(cycles(g, next, seen));
        }
    }
    seen.0.pop();
    out
}

#[test]
fn library_stages_import_only_earlier_stages_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    walk(&src, &mut paths);
    let shown = |p: &PathBuf| format!("src/{}", p.strip_prefix(&src).unwrap().display());
    let binary = |p: &String| p == "src/main.rs" || p.starts_with("src/app/");
    let library: BTreeSet<String> = paths.iter().map(shown).filter(|p| !binary(p)).collect();
    let (mut files, mut known) = (Vec::new(), BTreeSet::new());
    for path in paths.iter().filter(|p| library.contains(&shown(p))) {
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut module: Module = rel.iter().map(|c| c.to_string_lossy().into()).collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        let text = fs::read_to_string(path).expect("a source file");
        for name in text.lines().filter_map(inline_mod) {
            known.insert([&module[..], &[name.to_string()]].concat());
        }
        known.insert(module.clone());
        files.push((shown(path), module, text));
    }
    let (mut bad, mut graph, mut scanned) = (Vec::new(), Graph::new(), BTreeSet::new());
    for (shown, module, text) in &files {
        let (mut of_line, mut inside) = (vec![module.clone()], None::<&str>);
        for line in text.lines() {
            inside = inside.or(inline_mod(line));
            let mut of = module.clone();
            of.extend(inside.map(String::from));
            of_line.push(of);
            inside = inside.filter(|_| line != "}");
        }
        for (n, line) in code(text) {
            if line.contains("crate::app") || line.contains("chatport::") {
                bad.push(format!(
                    "{shown}:{n}: reaches into the binary: {}",
                    line.trim()
                ));
            }
        }
        let toks = tokenize(text);
        // Names used as path prefixes (`detect::x`): an imported leaf of that name is a module, else maybe an item.
        let prefix = |name: &str| toks.windows(2).any(|w| w[0].0 == name && w[1].0 == "::");
        let mut i = 0;
        while i < toks.len() {
            let (t, line) = &toks[i];
            let prev = if i > 0 { &*toks[i - 1].0 } else { "" };
            let mut j = i;
            i += 1;
            if !matches!(&**t, "crate" | "super" | "self") || prev == "::" || !is(&toks, i, "::") {
                continue;
            }
            let (from, mut leaves) = (&of_line[*line], Vec::new());
            tree(&toks, &mut j, from.clone(), String::new(), &mut leaves);
            i = i.max(j);
            for (segs, written, line, whole) in leaves {
                let at = format!("{shown}:{line}: `{written}`");
                let (Some(stage), Some(own)) = (segs.first(), module.first()) else {
                    continue;
                };
                match (rank(own), rank(stage)) {
                    (Some(a), Some(b)) if b <= a => {}
                    (Some(_), Some(_)) => {
                        bad.push(format!("{at}: {own} imports the later {stage}"))
                    }
                    _ => bad.push(format!("{at}: `{own}` or `{stage}` is not in STAGES")),
                }
                // The module named: the longest known prefix, the last segment only where it can be a module.
                let may = whole || (prev == "use" && prefix(&segs[segs.len() - 1]));
                let most = segs.len() - usize::from(!may);
                let k = (0..=most)
                    .rfind(|&k| known.contains(&segs[..k]))
                    .unwrap_or(0);
                let (a, b) = (&from[..from.len().min(2)], segs[..k.min(2)].to_vec());
                // Not the crate root, the module itself, nor a parent (`mod.rs`) down to its own children.
                let skip = b == a || (a.len() == 1 && b.starts_with(a));
                if !b.is_empty() && !skip {
                    graph.entry(a.to_vec()).or_default().entry(b).or_insert(at);
                }
            }
        }
        scanned.insert(shown.clone());
    }
    let (mut found, mut seen) = (Vec::new(), Seen::default());
    for node in graph.keys() {
        found.extend(cycles(&graph, node, &mut seen));
    }
    let (n, bad, found) = (scanned.len(), bad.join("\n"), found.join("\n"));
    assert!(n > 30, "only {n} library files found in {}", src.display());
    assert_eq!(scanned, library, "every library file under src/ is scanned");
    let both =
        format!("imports against the stage order:\n{bad}\nimport cycles between modules:\n{found}");
    assert!(bad.is_empty() && found.is_empty(), "{both}");
}
