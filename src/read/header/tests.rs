//! Tables of header lines and what the grammar, the scanner, the author split and the layouts make of them.

use super::*;
use crate::model::layout::render;

/// (line, date parts, [h, m, s], AM/PM token, separator, body)
type Case = (
    &'static str,
    [u32; 3],
    [u32; 3],
    &'static str,
    Sep,
    &'static str,
);

#[test]
fn layouts_are_learned_and_write_headers_back() {
    // (header as written, date order, template)
    let cases = [
        (
            "05/01/2025, 21:03 - ",
            DateOrder::Dmy,
            "{dd}/{mm}/{yyyy}, {HH}:{MM} - ",
        ),
        (
            "1/5/25, 9:03\u{202F}PM - ",
            DateOrder::Mdy,
            "{m}/{d}/{yy}, {h}:{MM}\u{202F}{p} - ",
        ),
        (
            "[14:56:01, 3/18/22] ",
            DateOrder::Mdy,
            "[{HH}:{MM}:{SS}, {m}/{dd}/{yy}] ",
        ),
        (
            "2024. 5. 3. 오후 3:07 - ",
            DateOrder::Ymd,
            "{yyyy}. {m}. {d}. {p} {h}:{MM} - ",
        ),
        (
            "16. 11. 23. 18:44 - ",
            DateOrder::Dmy,
            "{dd}. {mm}. {yy}. {HH}:{MM} - ",
        ),
        // Older Android: the month as a word, the year left out for the current one.
        (
            "19:23, 28 Aug 2013 - ",
            DateOrder::Dmy,
            "{HH}:{MM}, {dd} {MMM} {yyyy} - ",
        ),
        ("00:01, 1 Jan - ", DateOrder::Dmy, "{HH}:{MM}, {d} {MMM} - "),
        (
            "Mar 5, 8:11 PM - ",
            DateOrder::Mdy,
            "{MMM} {d}, {h}:{MM} {p} - ",
        ),
        ("18 Mar 12:14 - ", DateOrder::Dmy, "{dd} {MMM} {HH}:{MM} - "),
        (
            "28. Aug. 2013, 19:23 - ",
            DateOrder::Dmy,
            "{dd}. {MMM} {yyyy}, {HH}:{MM} - ",
        ),
    ];
    for (text, order, want) in cases {
        let h = scan(text, Mode::Token).expect("a header");
        let seen = Seen {
            am: Some("오전".into()),
            pm: Some(h.ampm.to_string()),
            ..Seen::default()
        };
        let layout = learn_layout(text, &h, order, seen).expect("a layout");
        assert_eq!(layout.template, want, "{text}");
    }
    let layout = Layout::new(
        "[{dd}\u{200F}/{m}/{yyyy}، {h}:{MM}:{SS}\u{A0}{p}] ".into(),
        Some("ص".into()),
        Some("م".into()),
        "arabic",
    );
    let t = chrono::NaiveDate::from_ymd_opt(2022, 4, 3)
        .and_then(|d| d.and_hms_opt(13, 5, 9))
        .unwrap();
    let mut out = String::new();
    assert!(render(&layout, &t, &mut out));
    assert_eq!(out, "[٠٣\u{200F}/٤/٢٠٢٢، ١:٠٥:٠٩\u{A0}م] ");
    assert_eq!(
        match_rendered(&layout, &t, &format!("{out}Ana: hi")),
        Some(out.len())
    );
    assert_eq!(match_rendered(&layout, &t, "[٠٤"), None);
    let ascii = Layout::new(
        "{d}/{mm}/{yy}, {h}:{MM} {p} - ".into(),
        Some("AM".into()),
        Some("PM".into()),
        "ascii",
    );
    let mut written = String::new();
    assert!(render(&ascii, &t, &mut written));
    assert_eq!(written, "3/04/22, 1:05 PM - ");
    for (text, want) in [
        ("3/04/22, 1:05 PM - Ana: hi", Some(written.len())),
        ("03/04/22, 1:05 PM - Ana: hi", None),
        ("3/4/22, 1:05 PM - Ana: hi", None),
        ("3/04/22, 1:05 AM - Ana: hi", None),
        ("3/04/22, 1:05 PM", None),
    ] {
        assert_eq!(match_rendered(&ascii, &t, text), want, "{text}");
    }
    // A month word is written as the file spells it; a month it never showed cannot be.
    let mut months: [Option<String>; 12] = Default::default();
    months[3] = Some("Apr".into());
    let named = Layout::new("{d} {MMM} {yyyy}, {HH}:{MM} - ".into(), None, None, "ascii")
        .with_months(Some(Box::new(months)));
    let mut out = String::new();
    assert!(render(&named, &t, &mut out));
    assert_eq!(out, "3 Apr 2022, 13:05 - ");
    assert_eq!(
        match_rendered(&named, &t, "3 Apr 2022, 13:05 - A: b"),
        Some(out.len())
    );
    assert_eq!(
        match_rendered(&named, &t, "3 Apr. 2022, 13:05 - A: b"),
        None
    );
    let may = t + chrono::Duration::days(30);
    assert!(!render(&named, &may, &mut String::new()));
    let no_am = Layout::new(layout.template.clone(), None, layout.pm.clone(), "arabic");
    let morning = t - chrono::Duration::hours(6);
    assert!(
        !render(&no_am, &morning, &mut String::new()),
        "an AM/PM word never seen cannot be written"
    );
}

#[test]
fn scans_real_header_shapes() {
    let cases: &[Case] = &[
        (
            "23/03/2022, 13:31 - Dmitry S: Hello",
            [23, 3, 2022],
            [13, 31, 0],
            "",
            Sep::Dash,
            "Dmitry S: Hello",
        ),
        (
            "1/29/18, 12:24 PM - A: b",
            [1, 29, 18],
            [12, 24, 0],
            "PM",
            Sep::Dash,
            "A: b",
        ),
        (
            "2/2/23, 2:51\u{202f}AM - A: b",
            [2, 2, 23],
            [2, 51, 0],
            "AM",
            Sep::Dash,
            "A: b",
        ),
        (
            "2023-12-20, 5:46 p.m. - A: b",
            [2023, 12, 20],
            [5, 46, 0],
            "p.m.",
            Sep::Dash,
            "A: b",
        ),
        (
            "20/6/2017 8:28 p.\u{a0}m. - M: t",
            [20, 6, 2017],
            [8, 28, 0],
            "p.\u{a0}m.",
            Sep::Dash,
            "M: t",
        ),
        (
            "[3/27/22, 21:41:35] E: x",
            [3, 27, 22],
            [21, 41, 35],
            "",
            Sep::Bracket,
            "E: x",
        ),
        (
            "\u{200e}[3/27/22, 21:41:55] D: \u{200e}image omitted",
            [3, 27, 22],
            [21, 41, 55],
            "",
            Sep::Bracket,
            "D: \u{200e}image omitted",
        ),
        (
            "[14:56:01, 3/18/22] A: b",
            [3, 18, 22],
            [14, 56, 1],
            "",
            Sep::Bracket,
            "A: b",
        ),
        (
            "9/10/16, 8:37:21 PM: N: hi",
            [9, 10, 16],
            [8, 37, 21],
            "PM",
            Sep::Colon,
            "N: hi",
        ),
        (
            "13.6.2018 klo 21.25.15 - a: m",
            [13, 6, 2018],
            [21, 25, 15],
            "",
            Sep::Dash,
            "a: m",
        ),
        (
            "12/07/2017 à 22:35 - a: m",
            [12, 7, 2017],
            [22, 35, 0],
            "",
            Sep::Dash,
            "a: m",
        ),
        (
            "[3/18/2565 BE, 14:56:01] E: x",
            [3, 18, 2565],
            [14, 56, 1],
            "",
            Sep::Bracket,
            "E: x",
        ),
        (
            "[3/18/R4, 14:56:01] E: x",
            [3, 18, 4],
            [14, 56, 1],
            "",
            Sep::Bracket,
            "E: x",
        ),
        (
            "16. 11. 23. 18:44 - a: b",
            [16, 11, 23],
            [18, 44, 0],
            "",
            Sep::Dash,
            "a: b",
        ),
        (
            "2022/12/24, 13:01. - J: L",
            [2022, 12, 24],
            [13, 1, 0],
            "",
            Sep::Dash,
            "J: L",
        ),
        (
            "۲۰۲۱/۵/۳۰، ۱۸:۴۴ - a: b",
            [2021, 5, 30],
            [18, 44, 0],
            "",
            Sep::Dash,
            "a: b",
        ),
        (
            "03/01/2021, 9:15 in the morning - a: b",
            [3, 1, 2021],
            [9, 15, 0],
            "in the morning",
            Sep::Dash,
            "a: b",
        ),
        (
            "2024. 5. 3. 오후 3:07 - a: b",
            [2024, 5, 3],
            [3, 7, 0],
            "오후",
            Sep::Dash,
            "a: b",
        ),
        (
            "06/03/2017, 00:45 - You created group \"Test\"",
            [6, 3, 2017],
            [0, 45, 0],
            "",
            Sep::Dash,
            "You created group \"Test\"",
        ),
        (
            "03/02/17, 18:42 - Luke: ",
            [3, 2, 17],
            [18, 42, 0],
            "",
            Sep::Dash,
            "Luke: ",
        ),
        // Older Android: the month as a word (rows 21-23), in English and other languages; a year left out is 0.
        (
            "19:23, 28 Aug 2013 - Ann: hi",
            [28, 8, 2013],
            [19, 23, 0],
            "",
            Sep::Dash,
            "Ann: hi",
        ),
        (
            "00:01, 1 Jan - Ann: hi",
            [1, 1, 0],
            [0, 1, 0],
            "",
            Sep::Dash,
            "Ann: hi",
        ),
        (
            "Mar 5, 8:11 PM - Ann: hi",
            [3, 5, 0],
            [8, 11, 0],
            "PM",
            Sep::Dash,
            "Ann: hi",
        ),
        (
            "Mar 5, 2013, 8:11 PM - Ann: hi",
            [3, 5, 2013],
            [8, 11, 0],
            "PM",
            Sep::Dash,
            "Ann: hi",
        ),
        (
            "18 Mar 12:14 - Ann changed the subject to \"Trip\"",
            [18, 3, 0],
            [12, 14, 0],
            "",
            Sep::Dash,
            "Ann changed the subject to \"Trip\"",
        ),
        (
            "18 Mar 2013 12:14 - Ann: hi",
            [18, 3, 2013],
            [12, 14, 0],
            "",
            Sep::Dash,
            "Ann: hi",
        ),
        (
            "28. Aug. 2013, 19:23 - Jan: hallo",
            [28, 8, 2013],
            [19, 23, 0],
            "",
            Sep::Dash,
            "Jan: hallo",
        ),
        (
            "19:23, 28 août 2013 - Léa: salut",
            [28, 8, 2013],
            [19, 23, 0],
            "",
            Sep::Dash,
            "Léa: salut",
        ),
        (
            "28 ago 2013 19:23 - Ana: hola",
            [28, 8, 2013],
            [19, 23, 0],
            "",
            Sep::Dash,
            "Ana: hola",
        ),
        (
            "5 sierpnia 2013, 19:23 - Ola: cześć",
            [5, 8, 2013],
            [19, 23, 0],
            "",
            Sep::Dash,
            "Ola: cześć",
        ),
    ];
    for (line, parts, hms, ampm, sep, body) in cases {
        let h = scan(line, Mode::Token).unwrap_or_else(|| panic!("no header in {line:?}"));
        assert_eq!(
            (h.parts, [h.hour, h.minute, h.second], h.ampm, h.shape.sep),
            (*parts, *hms, *ampm, *sep),
            "{line:?}"
        );
        assert_eq!(&line[h.body..], *body, "{line:?}");
    }
}

#[test]
fn rejects_lines_that_are_not_headers() {
    for line in [
        "",
        "hello",
        "What did you do yesterday 16:45.",
        "84.24.95.50:60123",
        "12:30",
        "1/2/3",
        "23/03/2022, 13:31 no separator",
        "[3/27/22, 21:41:35 unclosed",
        "12345/1/1, 10:00 - a: b",
        "5 apples 2013, 10:00 - a: b",
        "28 Aug",
        "28 Aug 2013",
        "Mar 5",
        "March 5th, 10:00 - a: b",
        "mar 5, 8:11 PM - a: b",
        "Hello 5, 8:11 PM - a: b",
        "28 jui 2013, 10:00 - a: b",
    ] {
        assert_eq!(scan(line, Mode::Token), None, "{line:?}");
    }
}

#[test]
fn reads_the_hand_edited_shapes_a_layout_may_be_one_place_from() {
    // (line, separator, AM/PM token, body)
    let cases: &[(&str, Sep, &str, &str)] = &[
        ("2/13/19, 3:00 PM Name: b", Sep::Space, "PM", "Name: b"),
        (
            "2/13/19, 3:00 p. m. Name: b",
            Sep::Space,
            "p. m.",
            "Name: b",
        ),
        (
            "02-12-18 10:55:45 PM Ewout: hi",
            Sep::Space,
            "PM",
            "Ewout: hi",
        ),
        ("5/19/20, 6:52 PM 5 apples", Sep::Space, "PM", "5 apples"),
        ("5/19/20, 6:49 PM", Sep::End, "PM", ""),
        ("23/03/2022, 13:31", Sep::End, "", ""),
        ("2016-04-29 10:30:00", Sep::End, "", ""),
        ("9/10/16, 8:37:21 PM: N: hi", Sep::Colon, "PM", "N: hi"),
        ("02-12-18 22:55:45 Ewout: hi", Sep::Colon, "Ewout", "hi"),
        ("5/19/20, 6:49 PM - ", Sep::Dash, "PM", ""),
    ];
    for (line, sep, ampm, body) in cases {
        let h = scan(line, Mode::Token).unwrap_or_else(|| panic!("no header in {line:?}"));
        assert_eq!(
            (h.shape.sep, h.ampm, &line[h.body..]),
            (*sep, *ampm, *body),
            "{line:?}"
        );
    }
}

#[test]
fn near_misses_differ_from_the_layout_in_one_place() {
    use NearMiss::*;
    // (a header of the file, a line, how it differs)
    let cases: &[(&str, &str, Option<NearMiss>)] = &[
        (
            "5/19/20, 6:49 PM - A: b",
            "5/19/20. 6:49 PM - A: b",
            Some(YearDot),
        ),
        (
            "16.11.23. 18:44 - A: b",
            "16.11.23 18:44 - A: b",
            Some(YearDot),
        ),
        (
            "5/19/20, 6:49 PM - A: b",
            "5/19/20, 6.49 PM - A: b",
            Some(TimeSep),
        ),
        (
            "1/30/19, 9:30 AM - A: b",
            "1/30/19,9:30 AM - A: b",
            Some(Glue),
        ),
        (
            "2/13/19, 3:00 PM - A: b",
            "2/13/19, 3:00 PM Name: b",
            Some(NoDash),
        ),
        (
            "2/13/19, 15:00 - A: b",
            "2/13/19, 15:00 Name: b",
            Some(NoDash),
        ),
        ("5/19/20, 6:49 PM - A: b", "5/19/20, 6:49 PM", Some(Alone)),
        ("23/03/2022, 13:31 - A: b", "23/03/2022, 13:31", Some(Alone)),
        (
            "19:23, 28 Aug 2013 - A: b",
            "19:23, 28 Aug 2013",
            Some(Alone),
        ),
        (
            "28 Aug 2013, 19:23 - A: b",
            "28 Aug 2013, 19.23 - A: b",
            Some(TimeSep),
        ),
        // Differences in no place, or in two or more.
        ("5/19/20, 6:49 PM - A: b", "5/19/20, 6:49 PM - B: c", None),
        ("5/19/20, 6:49 PM - A: b", "5/19/20. 6.49 PM - A: b", None),
        (
            "19/12/2019, 08:00 - A: b",
            "[19/12/2019, 08:00] X: pasted",
            None,
        ),
        (
            "20/11/15, 14:16 - A: b",
            "20/11/15 14:16:22 WARN disk full",
            None,
        ),
        ("20/11/15, 14:16 - A: b", "2015-11-20 14:16 - A: b", None),
        ("5/19/20, 6:49 PM - A: b", "5/19/20, 18:49 - A: b", None),
        ("[5/19/20, 6:49:00 PM] A: b", "[5/19/20, 6:49:00 PM]", None),
    ];
    for (file, line, want) in cases {
        let f = scan(file, Mode::Token).expect("a header");
        let got = [Mode::Token, Mode::NoToken].into_iter().find_map(|m| {
            scan(line, m).and_then(|h| near_miss(&f.shape, Mode::Token, &h.shape, m, false))
        });
        assert_eq!(got, *want, "{file} / {line}");
    }
    // The other clock is no difference when the file has both.
    let f = scan("5/19/20, 6:49 PM - A: b", Mode::Token).expect("a header");
    let l = scan("5/19/20. 18:49 - A: b", Mode::Token).expect("a header");
    assert_eq!(
        near_miss(&f.shape, Mode::Token, &l.shape, Mode::Token, true),
        Some(YearDot)
    );
}

#[test]
fn splits_author_and_cleans_marks() {
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        ("Dmitry S: Hello", Some(("Dmitry S", "Hello"))),
        (
            "John-John Doe: Lorem ipsum : dolor",
            Some(("John-John Doe", "Lorem ipsum : dolor")),
        ),
        ("Luke: ", Some(("Luke", ""))),
        ("Carol:", Some(("Carol", ""))),
        ("You created group \"Test\"", None),
        ("John Doe:.", None),
        (
            "\u{202a}+40 521\u{a0}028\u{202c}: hi",
            Some(("+40 521 028", "hi")),
        ),
        (
            "+44\u{202f}7700\u{a0}900123: hi",
            Some(("+44 7700 900123", "hi")),
        ),
        ("\u{200e}Name\u{200e}: x", Some(("Name", "x"))),
    ];
    for (body, want) in cases {
        let got = split_author(body).map(|(a, t)| (clean_author(a).into_owned(), t));
        assert_eq!(got, want.map(|(a, t)| (a.to_string(), t)), "{body:?}");
    }
}

#[test]
fn no_token_mode_reads_the_author_after_a_bare_space() {
    let line = "02-12-18 22:55:45 Ewout: hi";
    let h = scan(line, Mode::NoToken).unwrap();
    assert_eq!((h.shape.sep, &line[h.body..]), (Sep::Space, "Ewout: hi"));
    let h = scan(line, Mode::Token).unwrap();
    assert_eq!((h.shape.sep, h.ampm), (Sep::Colon, "Ewout"));
}

mod scanner {
    use super::*;
    use proptest::prelude::*;

    /// Header shapes of real exports, and bodies chosen to sit on the edges of what `scan` looks at.
    const HEADS: &[&str] = &[
        "01/01/2023, 08:10 - ",
        "1/2/23, 9:41 PM - ",
        "1/2/23, 9:41\u{202F}p. m. - ",
        "[01/01/2023, 08:10:00] ",
        "\u{200E}[1/2/23, 9:41:35 PM] ",
        "[2023. 1. 2. 오후 3:07:01] ",
        "2016-04-29 10:30 - ",
        "16.11.23. 18:44 - ",
        "02-12-18 22:55:45 ",
        "12/25/15, 21:41: ",
        "3/18/R4 9:41 - ",
        "3/18/2565 BE 9:41 - ",
        "08:10, 01/01/2023 - ",
        "٠١/٠١/٢٠٢٣، ٩:٤١ م - ",
        "25/12/2023 à 14:30 - ",
        "1.2.23 klo 9.41 - ",
        "2022/12/24, 13:01. - ",
        "3/4/23, 3:45PM - ",
        "19:23, 28 Aug 2013 - ",
        "00:01, 1 Jan - ",
        "Mar 5, 8:11 PM - ",
        "Sept. 12, 2013, 8:11 PM - ",
        "18 Mar 12:14 - ",
        "28. Aug. 2013, 19:23 - ",
        "28 août 2013 19:23 - ",
        "2/13/19, 3:00 PM ",
        "2/13/19, 3:00 p. m. ",
        "5/19/20, 6:49 PM",
        "1/30/19,9:30 AM - ",
        "5/19/20. 6:49 PM - ",
        "5/19/20, 6.19 PM - ",
    ];
    const BODIES: &[&str] = &[
        "Sam: hi",
        "- x",
        ": y",
        " z",
        "\u{200E}image omitted",
        "",
        ".",
        "]",
        "Ewout: hi",
        "5 apples",
        "PM - Sam: x",
        "BE x",
        "\u{A0}x",
        "-",
        ":",
        "\u{202F}x",
        "a.m. - x",
    ];
    const PALETTE: &[char] = &[
        '0', '7', '1', ' ', '-', ':', '.', '/', ',', '[', ']', 'P', 'M', 'a', '\u{200E}',
        '\u{202F}', '٣',
    ];

    /// A head with its digits redrawn (sometimes one more or one fewer), maybe one character changed, and a
    /// body.
    fn line() -> impl Strategy<Value = String> {
        (
            0..HEADS.len(),
            prop::collection::vec((0u8..10, 0u8..8), 12),
            prop::option::of((0usize..40, 0..PALETTE.len(), any::<bool>())),
            0..BODIES.len(),
        )
            .prop_map(|(h, digits, edit, body)| {
                let mut chars = Vec::new();
                let mut d = digits.iter();
                for c in HEADS[h].chars() {
                    if !c.is_ascii_digit() {
                        chars.push(c);
                        continue;
                    }
                    let &(v, how) = d.next().unwrap_or(&(0, 0));
                    match how {
                        0 => {}
                        1 => chars.extend([c, char::from(b'0' + v)]),
                        _ => chars.push(char::from(b'0' + v)),
                    }
                }
                if let Some((at, c, replace)) = edit {
                    let at = at.min(chars.len());
                    if replace && at < chars.len() {
                        chars[at] = PALETTE[c];
                    } else {
                        chars.insert(at, PALETTE[c]);
                    }
                }
                let mut line: String = chars.into_iter().collect();
                line.push_str(BODIES[body]);
                line
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever lines came before, the scanner reads each line as `scan` does, in both modes.
        #[test]
        fn the_scanner_reads_every_line_as_scan_does(lines in prop::collection::vec(line(), 1..24)) {
            for mode in [Mode::Token, Mode::NoToken] {
                let mut scanner = Scanner::new(mode);
                for l in &lines {
                    prop_assert_eq!(scanner.scan_telling(l), scan_telling(l, mode), "{:?}", l);
                }
                // A scanner for one shape (that of the last line with a header) reads only headers of it, or of it
                // on either clock.
                if let Some(shape) = lines.iter().rev().find_map(|l| scan(l, mode)).map(|h| h.shape) {
                    let mut shaped = Scanner::for_layout(mode, shape, false);
                    let mut clocks = Scanner::for_layout(mode, shape, true);
                    for l in &lines {
                        prop_assert_eq!(shaped.scan(l), scan(l, mode).filter(|h| h.shape == shape), "{:?}", l);
                        let same = |h: &Header<'_>| h.shape.clockless() == shape.clockless();
                        prop_assert_eq!(clocks.scan(l), scan(l, mode).filter(same), "{:?}", l);
                    }
                }
            }
        }

        /// What `Token` says has no header in either mode has none without AM/PM words.
        #[test]
        fn a_miss_in_both_modes_is_one(l in line()) {
            if scan_telling(&l, Mode::Token) == Err(Miss::Neither) {
                prop_assert_eq!(scan(&l, Mode::NoToken), None, "{:?}", l);
            }
        }
    }

    proptest! {

        #[test]
        fn trim_is_str_trim(s in "[ \t\x0b\r\na~é\u{A0}\u{3000}\u{85}\u{200E}]{0,8}") {
            prop_assert_eq!(trim(&s), s.trim());
        }
    }

    #[test]
    fn a_skeleton_is_made_only_from_ascii_digits_and_reused() {
        let mut s = Scanner::new(Mode::Token);
        assert!(s.scan("٠١/٠١/٢٠٢٣، ٩:٤١ م - Sam: x").is_some());
        assert!(s.skeletons.is_empty());
        let h = s.scan("01/01/2023, 08:10 - Sam: x");
        assert_eq!(s.skeletons.len(), 1);
        let h2 = s
            .scan("31/12/1999, 23:59 - Kim: y")
            .map(|h| (h.parts, h.hour, h.minute, h.body));
        assert_eq!(h2, Some(([31, 12, 1999], 23, 59, 20)));
        assert_eq!(s.skeletons.len(), 1);
        assert_eq!(
            h.map(|h| h.shape),
            s.scan("02/02/2024, 10:00 - A: b").map(|h| h.shape)
        );
    }
}

/// The header scanner's shortcut (reusing the byte skeleton of recent headers) reads every line of every corpus
/// file exactly as the general grammar does, in both modes; and a line said to have no header in either mode has
/// none in the other.
#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn the_scanner_shortcut_agrees_with_the_grammar_on_every_corpus_line() {
    // The folder is named once, by build.rs, which also sets `corpus` (see tests/it/common.rs).
    let root = std::path::Path::new(env!("CHATPORT_CORPUS_PEERS"));
    assert!(
        root.join("MANIFEST.tsv").is_file(),
        "no {}/MANIFEST.tsv: this test needs the peers' sample exports",
        root.display()
    );
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).expect("read MANIFEST.tsv");
    let mut lines_checked = 0;
    for row in manifest.lines().skip(1) {
        let path = row.split('\t').next().unwrap_or_default();
        if path.contains('!') || !path.ends_with(".txt") {
            continue;
        }
        let Ok(bytes) = std::fs::read(root.join(path)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for mode in [Mode::Token, Mode::NoToken] {
            let mut scanner = Scanner::new(mode);
            for line in text.lines() {
                assert_eq!(
                    scanner.scan_telling(line),
                    scan_telling(line, mode),
                    "{path}: {line:?}"
                );
                if scan_telling(line, Mode::Token) == Err(Miss::Neither) {
                    assert_eq!(scan(line, Mode::NoToken), None, "{path}: {line:?}");
                }
                lines_checked += 1;
            }
            // A scanner for the shape of the file's first header reads only headers of that shape.
            if let Some(shape) = text.lines().find_map(|l| scan(l, mode)).map(|h| h.shape) {
                let mut shaped = Scanner::for_layout(mode, shape, false);
                for line in text.lines() {
                    assert_eq!(
                        shaped.scan(line),
                        scan(line, mode).filter(|h| h.shape == shape),
                        "{path}: {line:?}"
                    );
                }
            }
        }
    }
    assert!(lines_checked > 10_000, "only {lines_checked} lines checked");
}
