//! The library's import graph, read from the text of `src/`: each stage imports only itself and earlier stages
//! (the order `lib.rs` describes), no modules import each other in a cycle, and nothing in the library reaches
//! into the binary (`crate::app`, `chatport::`). The compiler checks none of this, so it would erode unseen.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The stages and their ranks: a stage may import a stage of lower or equal rank, never a higher one.
const STAGES: &[(&str, u8)] = &[
    ("text", 0),
    ("error", 0),
    ("model", 1),
    ("locale", 1),
    ("input", 2),
    ("decode", 3),
    ("read", 4),
    ("write", 5),
    ("output", 6),
    ("fuzzing", 7),
];

type Module = Vec<String>;
type Token = (String, usize);

/// One path of a (possibly grouped) `crate::`/`super::`/`self::` mention, resolved to absolute segments.
struct Leaf {
    segs: Module,
    written: String,
    line: usize,
    /// The last segment is a module too (`self` or `*`), not possibly an item.
    whole: bool,
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

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with("//")
}

/// Identifiers, `::` and single punctuation, with their line numbers, from the lines that are not comments.
fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !is_comment(l)) {
        let (b, mut i) = (line.as_bytes(), 0);
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        while i < b.len() {
            let start = i;
            if word(b[i]) {
                while i < b.len() && word(b[i]) {
                    i += 1;
                }
            } else {
                i += if b[i..].starts_with(b"::") { 2 } else { 1 };
            }
            if b[start].is_ascii() && !b[start].is_ascii_whitespace() {
                out.push((line[start..i].to_string(), n + 1));
            }
        }
    }
    out
}

/// Parses a use tree or inline path from `toks[*j]` on, under `segs`, into its leaves.
fn tree(toks: &[Token], j: &mut usize, mut segs: Module, mut written: String, out: &mut Vec<Leaf>) {
    while let Some((t, line)) = toks.get(*j) {
        *j += 1;
        let next_is = |s: &str| toks.get(*j).is_some_and(|t| t.0 == s);
        if t == "{" {
            while toks.get(*j).is_some_and(|t| t.0 != "}") {
                tree(toks, j, segs.clone(), written.clone(), out);
                *j += usize::from(next_is(","));
            }
            *j += 1;
            return;
        }
        let ident = t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
        if ident {
            match t.as_str() {
                "super" => drop(segs.pop()),
                "self" => {}
                _ => segs.push(t.clone()),
            }
            written += t;
            if next_is("::") {
                *j += 1;
                written += "::";
                continue;
            }
            *j += 2 * usize::from(next_is("as"));
        }
        let whole = t == "self" || t == "*" || !ident;
        let written = written.trim_end_matches("::").to_string();
        out.push(Leaf { segs, written, line: *line, whole });
        return;
    }
}

/// A top-level (column 0, as rustfmt leaves it) inline `mod NAME {`, which the lines up to `}` belong to.
fn inline_mod(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("pub(crate) ").or(line.strip_prefix("pub ")).unwrap_or(line);
    rest.strip_prefix("mod ")?.strip_suffix(" {")
}

#[test]
fn library_stages_import_only_earlier_stages_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    walk(&src, &mut paths);
    let mut files = Vec::new(); // (shown path, module, text)
    let mut known = BTreeSet::new();
    for path in &paths {
        let rel: Vec<String> = path.strip_prefix(&src).unwrap().iter().map(|c| c.to_string_lossy().into()).collect();
        if rel == ["main.rs"] || rel[0] == "app" {
            continue;
        }
        let mut module: Module = rel.iter().map(|c| c.trim_end_matches(".rs").to_string()).collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        let text = fs::read_to_string(path).expect("a source file");
        for name in text.lines().filter_map(inline_mod) {
            known.insert([module.clone(), vec![name.to_string()]].concat());
        }
        known.insert(module.clone());
        files.push((format!("src/{}", rel.join("/")), module, text));
    }
    let rank = |stage: &str| STAGES.iter().find(|s| s.0 == stage).map(|s| s.1);
    let (mut bad, mut scanned) = (Vec::new(), BTreeSet::new());
    let mut graph: BTreeMap<Module, BTreeMap<Module, String>> = BTreeMap::new();
    for (shown, module, text) in &files {
        // The module of each line: the file's, or the inline module around it.
        let (mut of_line, mut inside) = (vec![module.clone()], None::<String>);
        for line in text.lines() {
            if inside.is_none() {
                inside = inline_mod(line).map(str::to_string);
            }
            of_line.push([module.clone(), inside.clone().into_iter().collect()].concat());
            if line == "}" {
                inside = None;
            }
        }
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !is_comment(l)) {
            if line.contains("crate::app") || line.contains("chatport::") {
                bad.push(format!("{shown}:{}: the library reaches into the binary: {}", n + 1, line.trim()));
            }
        }
        let toks = tokenize(text);
        // Names used as path prefixes (`detect::x`): an imported leaf with that name is a module.
        let prefixes: BTreeSet<&str> = toks.windows(2).filter(|w| w[1].0 == "::").map(|w| w[0].0.as_str()).collect();
        let mut i = 0;
        while i < toks.len() {
            let (t, line) = &toks[i];
            let prev = if i > 0 { toks[i - 1].0.as_str() } else { "" };
            let starts = matches!(t.as_str(), "crate" | "super" | "self")
                && prev != "::"
                && toks.get(i + 1).is_some_and(|n| n.0 == "::");
            if !starts {
                i += 1;
                continue;
            }
            let from = &of_line[*line];
            let mut leaves = Vec::new();
            let mut j = i;
            if t == "crate" {
                j += 2;
                tree(&toks, &mut j, vec![], "crate::".into(), &mut leaves);
            } else {
                tree(&toks, &mut j, from.clone(), String::new(), &mut leaves);
            }
            i = j.max(i + 1);
            for leaf in leaves {
                let at = format!("{shown}:{}: `{}`", leaf.line, leaf.written);
                let (Some(stage), Some(own)) = (leaf.segs.first(), module.first()) else { continue };
                match (rank(own), rank(stage)) {
                    (Some(a), Some(b)) if b > a => bad.push(format!("{at}: {own} (rank {a}) imports {stage} (rank {b})")),
                    (Some(_), Some(_)) => {}
                    _ => bad.push(format!("{at}: `{own}` or `{stage}` is not a stage in STAGES")),
                }
                // The module named: the longest known prefix; the last segment counts only where it can be one.
                let last = leaf.segs.last().map(String::as_str).unwrap_or_default();
                let may = leaf.whole || (prev == "use" && prefixes.contains(last));
                let most = leaf.segs.len() - usize::from(!may);
                let to = (0..=most).rev().map(|k| &leaf.segs[..k]).find(|p| known.contains(*p)).unwrap_or_default();
                let (from, to) = (&from[..from.len().min(2)], to[..to.len().min(2)].to_vec());
                let parent = from.len() == 1 && to.starts_with(from);
                if !from.is_empty() && !to.is_empty() && to != from && !parent {
                    graph.entry(from.to_vec()).or_default().entry(to).or_insert(at);
                }
            }
        }
        scanned.insert(shown.clone());
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        cycles_from(&graph, node, &mut Vec::new(), &mut done, &mut cycles);
    }
    let all: BTreeSet<String> = paths.iter().map(|p| format!("src/{}", p.strip_prefix(&src).unwrap().display())).collect();
    let library: BTreeSet<String> = all.into_iter().filter(|p| p != "src/main.rs" && !p.starts_with("src/app/")).collect();
    assert!(scanned.len() > 30, "only {} library files scanned under {}", scanned.len(), src.display());
    assert_eq!(scanned, library, "every library file under src/ is scanned");
    assert!(bad.is_empty(), "imports against the stage order:\n{}", bad.join("\n"));
    assert!(cycles.is_empty(), "import cycles between modules:\n{}", cycles.join("\n"));
}

/// Depth-first search from `node`, recording each cycle a back edge closes, with the mention behind each edge.
fn cycles_from<'a>(
    graph: &'a BTreeMap<Module, BTreeMap<Module, String>>,
    node: &'a Module,
    stack: &mut Vec<&'a Module>,
    done: &mut BTreeSet<&'a Module>,
    cycles: &mut Vec<String>,
) {
    if done.contains(node) {
        return;
    }
    stack.push(node);
    for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
        if let Some(k) = stack.iter().position(|s| *s == next) {
            let ring: Vec<&Module> = stack[k..].iter().copied().chain([next]).collect();
            let edges = ring.windows(2).map(|w| format!("{} -> {} ({})", w[0].join("::"), w[1].join("::"), graph[w[0]][w[1]]));
            cycles.push(edges.collect::<Vec<_>>().join("; "));
        } else {
            cycles_from(graph, next, stack, done, cycles);
        }
    }
    stack.pop();
    done.insert(node);
}
