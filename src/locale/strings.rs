//! The strings table (`strings.tsv`) as a matcher.
//!
//! Takes one line of a message body; gives the table row it is an instance of (its key) and the values of the
//! row's slots (`{actor}`, `{file}` …). Matching is on whole lines, never substrings, after the normalization the
//! table's header describes. It knows nothing about messages: `classify.rs` decides what a key means.

use std::cmp::Reverse;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::text::bytes::Chunk;
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// `key<TAB>language<TAB>platform<TAB>text` lines.
const STRINGS: &str = include_str!("strings.tsv");

/// A named hole in a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Actor,
    Subject,
    Old,
    File,
    Title,
    Url,
    Duration,
    /// Anything else the template holds (a name, a duration, a further sentence).
    X,
}

/// A line recognised as an instance of a table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub key: &'static str,
    pub slots: Vec<(Slot, String)>,
}

impl Hit {
    /// The value of `slot`, when the row has it and it is not empty.
    pub fn get(&self, slot: Slot) -> Option<&str> {
        self.slots
            .iter()
            .find(|(s, v)| *s == slot && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
}

/// How well a row fits: its literal length, then (reversed) its position in the table.
type Rank = (usize, Reverse<usize>);

/// One row, normalized and cut at its slots: `pieces` has one more element than `slots`.
struct Template {
    key: &'static str,
    pieces: Vec<String>,
    slots: Vec<Slot>,
    /// Bytes of literal text: how specific the row is.
    literal: usize,
}

/// The rows of some keys, indexed for whole-line lookups.
pub struct Matcher {
    templates: Vec<Template>,
    /// Rows without slots, by their normalized text.
    exact: HashMap<String, usize>,
    /// Rows with slots that start with text, by that text; a line walks it in one pass over its first bytes.
    prefixes: Trie,
    /// Rows that start with a slot and end with text, by that text read backwards.
    suffixes: Trie,
    /// Rows that start and end with a slot (only in the system table), found by their longest piece of text:
    /// `open_pieces` searches a line for all of them at once.
    open: Vec<usize>,
    open_pieces: Option<AhoCorasick>,
    /// The first and last bytes a row can begin and end with, to pass over most lines without normalizing them.
    ends: Ends,
    /// The first bytes a row's text can begin with, and whether a row begins with a slot (then any byte can).
    first_bytes: [bool; 256],
    slot_first: bool,
}

/// Which first and last bytes, and (first, last) pairs, the rows without slots have, and whether a row starts and
/// ends with a slot (then any line may match).
struct Ends {
    pairs: Box<[u64; 1024]>,
    first: [bool; 256],
    last: [bool; 256],
    any: bool,
}

impl Ends {
    /// Notes a row's ends: its first and last bytes when it has no slot; that it is open at both ends when it
    /// starts and ends with one (rows with text at one end are judged by the tries).
    fn add(&mut self, pieces: &[String]) {
        let first = pieces[0].as_bytes().first();
        let last = pieces[pieces.len() - 1].as_bytes().last();
        match (first, last) {
            (Some(&f), Some(&l)) if pieces.len() == 1 => {
                let bit = usize::from(f) << 8 | usize::from(l);
                self.pairs[bit / 64] |= 1 << (bit % 64);
                self.first[usize::from(f)] = true;
                self.last[usize::from(l)] = true;
            }
            (None, None) => self.any = true,
            _ => {}
        }
    }

    /// False when no row without slots can be `line` (not yet normalized). Only a first or last byte that survives
    /// normalization as it is (ASCII, not a space or tab; for the last, not a final full stop, which it drops) is
    /// judged; a line with neither may match.
    fn may_match(&self, line: &str) -> bool {
        let b = line.as_bytes();
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
            return true;
        };
        let kept = |c: u8| c.is_ascii() && c != b' ' && c != b'\t';
        match (kept(f), kept(l) && l != b'.') {
            (true, true) => {
                let bit = usize::from(f) << 8 | usize::from(l);
                self.pairs[bit / 64] & (1 << (bit % 64)) != 0
            }
            (true, false) => self.first[usize::from(f)],
            (false, true) => self.last[usize::from(l)],
            (false, false) => true,
        }
    }
}

/// The matchers built from the table, once per process.
pub struct Strings {
    /// What a person's message body can be: placeholders, attachments, deletions, calls, locations.
    pub body: Matcher,
    /// Notices and events WhatsApp writes.
    pub system: Matcher,
    /// The notices WhatsApp may file under an author with no mark before them (rows `notice`): every authored line
    /// is checked against these, so the list stays short.
    pub authored: Matcher,
    /// Markers appended to edited messages, normalized.
    pub edited: Vec<String>,
}

/// The table, parsed on first use.
pub fn strings() -> &'static Strings {
    static STRINGS_CELL: OnceLock<Strings> = OnceLock::new();
    STRINGS_CELL.get_or_init(|| {
        let rows: Vec<(&'static str, &'static str)> = STRINGS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let key = cols.next()?;
                let text = cols.nth(2)?;
                Some((key, text))
            })
            .collect();
        let mut edited = Vec::new();
        for (key, text) in &rows {
            if *key == "edited" {
                let mut n = String::new();
                normalize(text, &mut n);
                edited.push(n);
            }
        }
        Strings {
            body: Matcher::new(rows.iter().copied().filter(|(k, _)| {
                !matches!(*k, "system" | "notice" | "edited" | "poll" | "poll.option")
            })),
            system: Matcher::new(
                rows.iter()
                    .copied()
                    .filter(|(k, _)| matches!(*k, "system" | "notice"))
                    .map(|(_, text)| ("system", text)),
            ),
            authored: Matcher::new(
                rows.iter()
                    .copied()
                    .filter(|(k, _)| *k == "notice")
                    .map(|(_, text)| ("system", text)),
            ),
            edited,
        }
    })
}

impl Matcher {
    fn new(rows: impl Iterator<Item = (&'static str, &'static str)>) -> Matcher {
        let mut m = Matcher {
            templates: Vec::new(),
            exact: HashMap::default(),
            prefixes: Trie::default(),
            suffixes: Trie::default(),
            open: Vec::new(),
            open_pieces: None,
            ends: Ends {
                pairs: Box::new([0; 1024]),
                first: [false; 256],
                last: [false; 256],
                any: false,
            },
            first_bytes: [false; 256],
            slot_first: false,
        };
        let mut n = String::new();
        for (key, text) in rows {
            let mut variants = Vec::new();
            normalize(text, &mut n);
            variants.push(n.clone());
            // why: the iOS 2016-2019 placeholders are wrapped in < > (`<‎image omitted>`).
            if key.starts_with("omitted.") && !n.contains('{') && !n.starts_with('<') {
                variants.push(format!("<{n}>"));
            }
            // why: iOS writes `document omitted` alone when the document has no title.
            if let Some(rest) = n.strip_prefix("{file} ") {
                variants.push(rest.to_string());
                // why: legacy iOS wraps it as the others: `X.pdf • 1 page <document omitted>` (issue 16).
                if key.starts_with("omitted.") && !rest.contains('{') && !rest.starts_with('<') {
                    variants.push(format!("<{rest}>"));
                    variants.push(format!("{{file}} <{rest}>"));
                }
            }
            // why: system notices gain a further sentence (`Tap to learn more.`) that varies by era.
            if key == "system" && !n.ends_with('}') {
                let mut full = String::new();
                normalize_keep_stop(text, &mut full);
                variants.push(format!("{full} {{x}}"));
            }
            // why: the same placeholder is capitalized in some builds and not in others.
            for v in variants.clone() {
                if let Some(flipped) = flip_first(&v) {
                    variants.push(flipped);
                }
                // why: inside `< >` too, and some builds and tools write placeholders all in lower case
                // (`<media omitted>`, issue 16).
                if key != "system" {
                    if let Some((open, rest)) = v.split_at_checked(1).filter(|(o, _)| *o == "<")
                        && let Some(flipped) = flip_first(rest)
                    {
                        variants.push(format!("{open}{flipped}"));
                    }
                    let lower = v.to_lowercase();
                    if lower != v && !variants.contains(&lower) {
                        variants.push(lower);
                    }
                }
            }
            // why: German iOS writes single guillemets where others write angle brackets (`‹angehängt: …›`).
            if key != "system" {
                for v in variants.clone() {
                    if v.contains('<') && v.contains('>') {
                        variants.push(v.replace('<', "‹").replace('>', "›"));
                    }
                }
            }
            for v in variants {
                m.add(key, &v);
            }
        }
        let pieces = m.open.iter().map(|&i| {
            let t = &m.templates[i];
            t.pieces
                .iter()
                .max_by_key(|p| p.len())
                .cloned()
                .unwrap_or_default()
        });
        // The table is ours and small; a build failure would only lose the open rows.
        if !m.open.is_empty() {
            // why: built at every start and searched only on system notices: the quick-to-build kind, not a DFA.
            m.open_pieces = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(pieces)
                .ok();
        }
        m
    }

    fn add(&mut self, key: &'static str, text: &str) {
        let (pieces, slots) = cut(text);
        self.ends.add(&pieces);
        match pieces[0].bytes().next() {
            Some(b) => self.first_bytes[usize::from(b)] = true,
            None => self.slot_first = true,
        }
        let i = self.templates.len();
        if slots.is_empty() {
            self.exact.entry(pieces[0].clone()).or_insert(i);
        } else if !pieces[0].is_empty() {
            self.prefixes.insert(pieces[0].bytes(), i);
        } else if !pieces[pieces.len() - 1].is_empty() {
            self.suffixes
                .insert(pieces[pieces.len() - 1].bytes().rev(), i);
        } else {
            self.open.push(i);
        }
        let literal = pieces.iter().map(String::len).sum();
        self.templates.push(Template {
            key,
            pieces,
            slots,
            literal,
        });
    }

    /// False when a line whose first byte is `b` (no invisible mark before it) cannot be an instance of any row: a
    /// check of one byte, for a matcher asked about every message.
    pub fn may_begin_with(&self, b: u8) -> bool {
        self.slot_first || self.first_bytes[usize::from(b)]
    }

    /// False when `line` (as written, before [`normalize`]) cannot be an instance of any row; true when it may.
    // why: most message bodies are no row; judging them on the bytes normalizing would keep saves normalizing them
    // and the lookup. A row that starts with text must have it at the start of the line (walked in `prefixes` over
    // the kept first bytes), one that starts with a slot must end with its text (walked in `suffixes` over the
    // kept last bytes), and a row without slots must have the line's first and last bytes.
    pub fn may_match(&self, line: &str) -> bool {
        let b = line.as_bytes();
        if self.ends.any || self.ends.may_match(line) {
            return true;
        }
        let lead = (0..b.len()).map(|i| (b[i], kept(b, i)));
        if self.prefixes.may_begin(lead) {
            return true;
        }
        // Normalizing drops a final full stop (and the spaces before it); other stops are not judged here.
        let end = match b.last() {
            Some(b'.') => b.len() - 1,
            Some(&c) if c >= 0x80 => return true,
            _ => b.len(),
        };
        // A space just before the end (or before a final full stop) is trimmed.
        let tail = (0..end)
            .rev()
            .map(|i| (b[i], kept(b, i) && !(i + 1 == end && b[i] == b' ')));
        self.suffixes.may_begin(tail)
    }

    /// The row `line` is an instance of, if any. `line` must already be [`normalize`]d. A row without slots wins;
    /// among the others, the most specific (the most literal text: `You added {x}` over `{actor} added {x}`),
    /// then the one listed first.
    pub fn find(&self, line: &str) -> Option<Hit> {
        if let Some(&i) = self.exact.get(line) {
            return Some(Hit {
                key: self.templates[i].key,
                slots: Vec::new(),
            });
        }
        // Ranked by literal length, then by earliest row: `(literal, Reverse(row))` is larger when better.
        let mut best: Option<(Rank, Vec<(Slot, String)>)> = None;
        let mut consider = |i: usize| {
            let t = &self.templates[i];
            let rank = (t.literal, Reverse(i));
            if best.as_ref().is_some_and(|(b, _)| *b > rank) {
                return;
            }
            if let Some(slots) = t.matches(line) {
                best = Some((rank, slots));
            }
        };
        self.prefixes.walk(line.bytes(), &mut consider);
        self.suffixes.walk(line.bytes().rev(), &mut consider);
        if let Some(ac) = &self.open_pieces {
            for found in ac.find_overlapping_iter(line) {
                consider(self.open[found.pattern().as_usize()]);
            }
        }
        best.map(|((_, Reverse(i)), slots)| Hit {
            key: self.templates[i].key,
            slots,
        })
    }
}

/// Byte strings to the rows they start (or, read backwards, end); walking a line visits every row whose key it
/// begins with, and stops at the first byte no key continues with.
#[derive(Default)]
struct Trie {
    /// Node 0 is the root. Children and rows are linked lists through `nodes` and `rows`: the table is built at
    /// every start, and one allocation per node cost more than the whole lookup work of a small file.
    nodes: Vec<TrieNode>,
    /// (row, next entry of the same node or [`NONE`]).
    rows: Vec<(usize, u32)>,
    /// The root's children by byte: most lines stop at their first byte, and the root has the most children.
    root: Vec<u32>,
}

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct TrieNode {
    byte: u8,
    first_child: u32,
    next_sibling: u32,
    first_row: u32,
}

impl Trie {
    fn insert(&mut self, key: impl Iterator<Item = u8>, row: usize) {
        let node = |byte, next_sibling| TrieNode {
            byte,
            first_child: NONE,
            next_sibling,
            first_row: NONE,
        };
        if self.nodes.is_empty() {
            self.nodes.push(node(0, NONE));
            self.root = vec![NONE; 256];
        }
        let mut at = 0;
        for b in key {
            at = match self.child(at, b) {
                Some(next) => next,
                None => {
                    let next = self.nodes.len();
                    self.nodes.push(node(b, self.nodes[at].first_child));
                    self.nodes[at].first_child = next as u32;
                    if at == 0 {
                        self.root[usize::from(b)] = next as u32;
                    }
                    next
                }
            };
        }
        self.rows.push((row, self.nodes[at].first_row));
        self.nodes[at].first_row = (self.rows.len() - 1) as u32;
    }

    fn child(&self, at: usize, b: u8) -> Option<usize> {
        if at == 0 {
            let c = self.root[usize::from(b)];
            return (c != NONE).then_some(c as usize);
        }
        let mut c = self.nodes[at].first_child;
        while c != NONE {
            let n = &self.nodes[c as usize];
            if n.byte == b {
                return Some(c as usize);
            }
            c = n.next_sibling;
        }
        None
    }

    /// Whether some key may begin `bytes`, given with whether normalizing keeps each where it is: false only when
    /// the kept bytes rule every key out (the walk leaves the trie, or `bytes` end, before any key is whole).
    fn may_begin(&self, bytes: impl Iterator<Item = (u8, bool)>) -> bool {
        if self.nodes.is_empty() {
            return false;
        }
        let mut at = 0;
        for (b, kept) in bytes {
            if !kept {
                return true;
            }
            match self.child(at, b) {
                Some(next) => at = next,
                None => return false,
            }
            if self.nodes[at].first_row != NONE {
                return true;
            }
        }
        false
    }

    fn walk(&self, bytes: impl Iterator<Item = u8>, visit: &mut impl FnMut(usize)) {
        if self.nodes.is_empty() {
            return;
        }
        let mut at = 0;
        for b in bytes {
            match self.child(at, b) {
                Some(next) => at = next,
                None => return,
            }
            let mut r = self.nodes[at].first_row;
            while r != NONE {
                let (row, next) = self.rows[r as usize];
                visit(row);
                r = next;
            }
        }
    }
}

impl Template {
    /// The slot values when `line` is an instance of this template: literal pieces in order, the first at the
    /// start, the last at the end, each slot taking the text between.
    fn matches(&self, line: &str) -> Option<Vec<(Slot, String)>> {
        let first = &self.pieces[0];
        let last = &self.pieces[self.pieces.len() - 1];
        if line.len() < first.len() + last.len() || !line.starts_with(first.as_str()) {
            return None;
        }
        let end = line.len() - last.len();
        if !line.ends_with(last.as_str()) || !line.is_char_boundary(end) {
            return None;
        }
        let mut pos = first.len();
        let mut values = Vec::with_capacity(self.slots.len());
        for (k, slot) in self.slots.iter().enumerate() {
            let next = &self.pieces[k + 1];
            let stop = if k + 1 == self.slots.len() {
                end
            } else {
                pos + line.get(pos..end)?.find(next.as_str())?
            };
            if stop < pos {
                return None;
            }
            values.push((*slot, line[pos..stop].trim().to_string()));
            pos = stop
                + if k + 1 == self.slots.len() {
                    0
                } else {
                    next.len()
                };
        }
        (pos <= end).then_some(values)
    }
}

/// Splits a normalized template at its `{slot}` markers.
fn cut(text: &str) -> (Vec<String>, Vec<Slot>) {
    let mut pieces = Vec::new();
    let mut slots = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let slot = match &rest[open + 1..close] {
            "actor" => Slot::Actor,
            "subject" => Slot::Subject,
            "old" => Slot::Old,
            "file" => Slot::File,
            "title" => Slot::Title,
            "url" => Slot::Url,
            "duration" => Slot::Duration,
            _ => Slot::X,
        };
        pieces.push(rest[..open].to_string());
        slots.push(slot);
        rest = &rest[close + 1..];
    }
    pieces.push(rest.to_string());
    (pieces, slots)
}

/// `text` with its first letter in the other case, if it has one.
fn flip_first(text: &str) -> Option<String> {
    let c = text.chars().next()?;
    let flipped: String = if c.is_uppercase() {
        c.to_lowercase().collect()
    } else if c.is_lowercase() {
        c.to_uppercase().collect()
    } else {
        return None;
    };
    (flipped.chars().count() == 1 && !flipped.starts_with(c))
        .then(|| format!("{flipped}{}", &text[c.len_utf8()..]))
}

use crate::text::marks::is_mark;

/// Writes the form of `line` that the table is matched against into `out` (see the table's header).
pub fn normalize(line: &str, out: &mut String) {
    let mut scratch = String::new();
    let n = normalized(line, &mut scratch);
    out.clear();
    out.push_str(n);
}

/// The form of `line` that the table is matched against: `line` itself (or a piece of it) when normalizing
/// changes nothing but a final full stop, as for most lines, else the normalized text written into `scratch`.
pub fn normalized<'a>(line: &'a str, scratch: &'a mut String) -> &'a str {
    let kept = if is_normal(line.as_bytes()) {
        line
    } else {
        scratch.clear();
        normalize_chars(line, scratch);
        scratch.as_str()
    };
    match kept.chars().next_back() {
        Some(c) if matches!(c, '.' | '。' | '।' | '۔') => {
            kept[..kept.len() - c.len_utf8()].trim_end_matches(' ')
        }
        _ => kept,
    }
}

/// Whether normalizing keeps byte `i` of `b` as it is, when the bytes walked before it (from the start, or from the
/// end up to a final full stop) are kept: not a tab or quote, not a space it could drop (first, doubled, next to
/// `<` or `>`, last), not part of a character it changes. Conservative: false when unsure.
fn kept(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\t' | b'"' => false,
        b' ' => {
            i > 0
                && !matches!(b[i - 1], b' ' | b'<' | b'\t')
                && matches!(b.get(i + 1), Some(&n) if !matches!(n, b' ' | b'>' | b'\t'))
        }
        c if c >= 0x80 => {
            // The character's first byte decides.
            let lead = (i.saturating_sub(3)..=i)
                .rev()
                .find(|&k| b[k] >= 0xC0 || b[k] < 0x80);
            lead.is_some_and(|k| {
                b[k] >= 0xC0 && !changed_pair(b[k], b.get(k + 1).copied().unwrap_or(0))
            })
        }
        _ => true,
    }
}

/// Whether a character starting with bytes `c`, `next` is one normalizing changes or drops (NBSP, guillemets, ALM,
/// the `E2 80`/`E2 81` marks, spaces and quotes, CJK brackets, BOM).
fn changed_pair(c: u8, next: u8) -> bool {
    matches!(
        (c, next),
        (0xC2, 0xA0 | 0xAB | 0xBB)
            | (0xD8, 0x9C)
            | (0xE2, 0x80 | 0x81)
            | (0xE3, 0x80)
            | (0xEF, 0xBB)
    )
}

/// Whether normalizing leaves `b` as it is: no space at either end or twice in a row, no `<`, `>`, tab or `"`, and
/// none of the two-byte starts every mark, special space and curly quote that normalizing changes begins with
/// (`C2 A0` NBSP, `C2 AB`/`C2 BB` guillemets, `D8 9C` ALM, `E2 80`/`E2 81` marks, spaces and quotes, `E3 80` CJK
/// brackets, `EF BB` BOM). Other characters (`¿`, Cyrillic, emoji) stay as they are.
fn is_normal(b: &[u8]) -> bool {
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // why: most first lines are plain text; 16 bytes are judged at once, and only a chunk with a space pair, one
    // of `<>\t"`, or a non-ASCII byte is looked at byte by byte.
    let mut at = 0;
    while let Some(chunk) = Chunk::load(&b[at..]) {
        let spaces = chunk.eq(b' ');
        let odd = chunk.eq(b'<') | chunk.eq(b'>') | chunk.eq(b'\t') | chunk.eq(b'"') | chunk.high();
        // A space pair inside the chunk, or across its end (its last byte and the next one).
        let pair =
            spaces & (spaces >> 1) != 0 || (spaces >> 15 != 0 && b.get(at + 16) == Some(&b' '));
        if (odd != 0 || pair) && !is_normal_from(b, at, at + 16) {
            return false;
        }
        at += 16;
    }
    is_normal_from(b, at, b.len())
}

/// [`is_normal`] byte by byte on `b[from..to]` (the bytes after `to` are looked at only as the next byte).
fn is_normal_from(b: &[u8], from: usize, to: usize) -> bool {
    // 0: plain; 1: a space; 2: changed at once; 3: a lead byte whose next byte decides.
    static CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        t[b' ' as usize] = 1;
        t[b'<' as usize] = 2;
        t[b'>' as usize] = 2;
        t[b'\t' as usize] = 2;
        t[b'"' as usize] = 2;
        t[0xC2] = 3;
        t[0xD8] = 3;
        t[0xE2] = 3;
        t[0xE3] = 3;
        t[0xEF] = 3;
        t
    };
    let to = to.min(b.len());
    for (i, &c) in b[..to].iter().enumerate().skip(from) {
        match CLASS[usize::from(c)] {
            0 => {}
            1 => {
                if b.get(i + 1) == Some(&b' ') {
                    return false;
                }
            }
            2 => return false,
            _ => {
                if changed_pair(c, b.get(i + 1).copied().unwrap_or(0)) {
                    return false;
                }
            }
        }
    }
    true
}

/// [`normalize`] without dropping the final full stop.
fn normalize_keep_stop(line: &str, out: &mut String) {
    out.clear();
    // Most lines have nothing to change: copy them whole.
    if is_normal(line.as_bytes()) {
        out.push_str(line);
        return;
    }
    normalize_chars(line, out);
}

/// The character-by-character normalization.
fn normalize_chars(line: &str, out: &mut String) {
    for c in line.chars() {
        let c = match c {
            c if is_mark(c) => continue,
            '\u{A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\t' => ' ',
            '“' | '”' | '„' | '‟' | '«' | '»' | '「' | '」' | '『' | '』' => '"',
            '’' => '\'',
            c => c,
        };
        match c {
            ' ' if out.is_empty() || out.ends_with(' ') || out.ends_with('<') => {}
            '>' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push('>');
            }
            c => out.push(c),
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(m: &Matcher, line: &str) -> Option<(&'static str, Vec<(Slot, String)>)> {
        let mut n = String::new();
        normalize(line, &mut n);
        m.find(&n).map(|h| (h.key, h.slots))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn lines_taken_as_normal_are_left_as_they_are(
            line in "[ a-zA-Z<>\"\t.]{0,40}|\\PC{0,40}|[ a\u{A0}\u{200E}\u{202F}\u{2009}\u{2007}\u{201C}\u{201F}\u{2019}\u{300C}\u{300F}\u{FEFF}\u{61C}\u{2066}\u{2060}\u{202A}\u{AB}\u{BB}¿¡°–…€「éЖ😂]{0,40}"
        ) {
            let mut slow = String::new();
            normalize_chars(&line, &mut slow);
            let b = line.as_bytes();
            let normal = is_normal(b);
            if normal {
                proptest::prop_assert_eq!(slow, line.clone());
            }
            // The 16-byte chunks say what the byte-by-byte loop says.
            let edges = b.first() == Some(&b' ') || b.last() == Some(&b' ');
            proptest::prop_assert_eq!(normal, !edges && is_normal_from(b, 0, b.len()), "{:?}", line);
        }
    }

    /// Whatever byte of a 16-byte chunk it falls on, and across chunks, a change is seen.
    #[test]
    fn a_change_is_seen_wherever_it_stands() {
        for at in 1..40 {
            let pad = "a".repeat(at);
            for (odd, normal) in [
                ("  ", false),
                (" ", true),
                ("<", false),
                ("\t", false),
                ("\u{A0}", false),
                ("\u{200E}", false),
                ("é", true),
                ("😂", true),
            ] {
                let line = format!("{pad}{odd}b{pad}");
                assert_eq!(is_normal(line.as_bytes()), normal, "{line:?}");
            }
        }
    }

    /// Every row, its slots filled, with or without a full stop, as the filter sees it: never passed over.
    #[test]
    fn no_row_is_passed_over_by_the_end_filter() {
        let s = strings();
        for m in [&s.body, &s.system] {
            for t in &m.templates {
                let line = t.pieces.join("x");
                assert!(m.may_match(&line), "{line:?}");
                assert!(m.may_match(&format!("{line}.")), "{line:?}");
            }
        }
    }

    /// Every row, its slots filled with a few kinds of values, and written with the changes normalizing undoes
    /// (spaces at the ends or doubled, a tab, a mark, NBSP, a final full stop): each instance that matches its
    /// table is let through by the filter.
    #[test]
    fn no_instance_of_a_row_is_passed_over() {
        let s = strings();
        let edits: [fn(&str) -> String; 10] = [
            |l| l.to_string(),
            |l| format!(" {l}"),
            |l| format!("  {l}"),
            |l| format!("{l} "),
            |l| format!("{l}."),
            |l| format!("{l} ."),
            |l| format!("\u{200E}{l}\u{200E}"),
            |l| l.replacen(' ', "  ", 1),
            |l| l.replacen(' ', "\t", 1),
            |l| l.replacen(' ', "\u{A0}", 1),
        ];
        let mut checked = 0;
        for m in [&s.body, &s.system] {
            for t in &m.templates {
                for fill in [
                    "a",
                    "x y",
                    "https://maps.google.com/?q=1,2",
                    "IMG-20240101-WA0001.jpg",
                    "3:15",
                ] {
                    for edit in edits {
                        let line = edit(&t.pieces.join(fill));
                        if find(m, &line).is_some() {
                            assert!(m.may_match(&line), "{line:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} instances");
    }

    /// A row of the body table, its slots filled, maybe cut short at either end, between bits of text that
    /// normalizing changes, drops or keeps.
    fn row_instance() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let rows = strings().body.templates.len();
        let ends = prop::sample::select(vec![
            "", " ", "  ", "x", ".", " .", ")", "\u{200E}", "A", "\t", "> ", "< ", "<", "é",
            "\u{A0}", "\"", "“", "。", "?", "😂",
        ]);
        let fill = prop::sample::select(vec![
            "", "a", " ", "  ", "x y", "\u{200E}", "\u{A0}", ".", "é",
        ]);
        (0..rows, ends.clone(), ends, fill, 0usize..4, 0usize..4).prop_map(
            |(i, pre, post, fill, cut_a, cut_b)| {
                let t = &strings().body.templates[i];
                let mut row = t.pieces.join(fill);
                // Cut a few characters off either end, to come close to a row without being one.
                for _ in 0..cut_a {
                    row.pop();
                }
                let row: String = row.chars().skip(cut_b).collect();
                format!("{pre}{row}{post}")
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// A line the filter passes over is no row's instance.
        #[test]
        fn the_end_filter_passes_over_only_lines_no_row_matches(line in row_instance()) {
            let s = strings();
            if !s.body.may_match(&line) {
                proptest::prop_assert_eq!(find(&s.body, &line), None, "{:?}", line);
            }
        }
    }

    #[test]
    fn normalization() {
        let cases = [
            ("\u{200E}image omitted", "image omitted"),
            ("< Média vynechána >", "<Média vynechána>"),
            ("This message was deleted.", "This message was deleted"),
            ("a\u{A0}\u{202F} b  c. ", "a b c"),
            ("You created group “X”", "You created group \"X\""),
            (
                "このメッセージは削除されました。",
                "このメッセージは削除されました",
            ),
        ];
        for (line, want) in cases {
            let mut n = String::new();
            normalize(line, &mut n);
            assert_eq!(n, want, "{line}");
        }
    }

    #[test]
    fn whole_lines_with_slots() {
        let s = strings();
        assert_eq!(
            find(
                &s.body,
                "\u{200E}<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>"
            ),
            Some((
                "attached",
                vec![
                    (Slot::Title, String::new()),
                    (Slot::File, "00000035-PHOTO-2022-03-27-21-41-55.jpg".into())
                ]
            ))
        );
        assert_eq!(
            find(
                &s.body,
                "Resume.pdf • \u{200E}2 pages \u{200E}document omitted"
            )
            .map(|h| h.0),
            Some("omitted.document")
        );
        assert_eq!(
            find(&s.body, "Document omitted").map(|h| h.0),
            Some("omitted.document")
        );
        assert_eq!(
            find(&s.body, "<\u{200E}image omitted>").map(|h| h.0),
            Some("omitted.image")
        );
        assert_eq!(find(&s.body, "the image omitted"), None);
        assert_eq!(
            find(
                &s.system,
                "\u{200E}\u{200E}Your security code with Elon changed. \u{200E}Tap to learn more."
            )
            .map(|h| h.0),
            Some("system")
        );
        let (_, slots) = find(&s.system, "Dmitry S created group \"Group Chat\"").unwrap();
        assert_eq!(
            slots,
            vec![
                (Slot::Actor, "Dmitry S".into()),
                (Slot::Subject, "Group Chat".into())
            ]
        );
        // The more specific row wins over `{actor} added {x}`.
        let (_, slots) = find(&s.system, "Dmitry S added you").unwrap();
        assert_eq!(slots, vec![(Slot::Actor, "Dmitry S".into())]);
        let (_, slots) = find(&s.system, "You added Alice").unwrap();
        assert_eq!(slots, vec![(Slot::X, "Alice".into())]);
    }
}
