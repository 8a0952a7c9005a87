//! Rules about text that every stage shares: which characters are invisible marks, byte masks 16 at a time, how
//! untrusted text is shown on a terminal, and how near two names are.
//!
//! Takes bytes or characters; gives answers about them. It knows nothing of WhatsApp's formats.

use std::borrow::Cow;

pub mod bytes;
pub mod marks;
pub mod near;

/// Pushes `c` as a terminal may safely show it: a control character escaped (`\u{1b}`), anything else itself.
// why: names from a zip or a chat (issue 15) can hold `ESC]0;…BEL` or `ESC[2J`, which a terminal would obey.
pub fn push_shown(out: &mut String, c: char) {
    if c.is_control() {
        out.extend(c.escape_default());
    } else {
        out.push(c);
    }
}

/// `s` with every control character but the line break escaped (`\u{1b}`), as a terminal may safely show it.
pub fn shown(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_shown(&mut out, c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_shown_escaped() {
        let cases = [
            ("plain name.jpg", "plain name.jpg"),
            ("a\nb", "a\nb"),
            ("\u{1b}]0;pwned\u{7}x", "\\u{1b}]0;pwned\\u{7}x"),
            ("\u{1b}[2J", "\\u{1b}[2J"),
            ("tab\there", "tab\\there"),
            ("\u{9b}31m", "\\u{9b}31m"),
        ];
        for (input, want) in cases {
            assert_eq!(super::shown(input), want, "{input:?}");
        }
    }
}
