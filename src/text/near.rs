//! How near one name is to another, for "did you mean" hints.
//!
//! Takes a name a user typed and the names it could have meant; gives the edit distance between two names and the
//! nearest candidates within a bound that grows with the name's length. It compares characters as given: callers
//! fold case when case does not matter.

/// The edit distance between two names (insertions, deletions, substitutions).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The most distance a candidate for `wanted` may be from it: 2, or a fifth of its length when longer, and
/// less than half its length (a name of two letters is near every other).
pub fn bound(wanted: &str) -> usize {
    let n = wanted.chars().count();
    2.max(n / 5).min(n.saturating_sub(1) / 2)
}

/// The candidates within [`bound`] of `wanted`, nearest first (ties in the order given), at most `n`; only the
/// exact ones when some are.
pub fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
    n: usize,
) -> Vec<&'a str> {
    let limit = bound(wanted);
    let mut near: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, (key, shown))| (distance(key, wanted), i, shown))
        .filter(|(d, _, _)| *d <= limit)
        .collect();
    near.sort();
    if near.first().is_some_and(|(d, _, _)| *d == 0) {
        near.retain(|(d, _, _)| *d == 0);
    }
    near.into_iter().take(n).map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_the_nearest_names() {
        let cases = [
            ("chat", "chat", 0),
            ("chat", "chats", 1),
            ("kitten", "sitting", 3),
            ("", "ab", 2),
        ];
        for (a, b, want) in cases {
            assert_eq!(distance(a, b), want, "{a} {b}");
        }
        let names = [
            ("paris", "Europe/Paris"),
            ("parma", "Parma"),
            ("oslo", "Europe/Oslo"),
        ];
        assert_eq!(nearest("parix", names, 3), ["Europe/Paris", "Parma"]);
        assert!(nearest("tokyo", names, 3).is_empty());
        assert_eq!(nearest("paris", names, 3), ["Europe/Paris"]);
        for short in ["", "a", "ab"] {
            assert!(
                nearest(short, [("ab", "AB"), ("gb", "GB")], 3).len() <= 1,
                "{short}"
            );
        }
    }
}
