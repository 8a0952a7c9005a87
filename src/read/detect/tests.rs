//! Tables of small exports and what detection learns from them.

use super::*;

fn detect(text: &str) -> Detection {
    let mut d = Detector::new();
    for (i, line) in text.lines().enumerate() {
        d.feed(i as u64 + 1, line);
    }
    d.finish(None, None)
        .unwrap_or_else(|e| panic!("no dialect: {e:?}"))
}

#[test]
fn decides_the_order_and_says_how() {
    // (export, order, confidence)
    let cases: &[(&str, DateOrder, Confidence)] = &[
        (
            "23/03/2022, 13:31 - a: x\n18/03/2022, 14:56 - b: y",
            DateOrder::Dmy,
            Confidence::Certain,
        ),
        (
            "1/29/18, 12:24 PM - a: x\n2/1/18, 1:00 PM - b: y",
            DateOrder::Mdy,
            Confidence::Certain,
        ),
        (
            "[2019/11/21, 13:58:48] a: x",
            DateOrder::Ymd,
            Confidence::Certain,
        ),
        (
            "2023-12-20, 5:46 p.m. - a: x",
            DateOrder::Ymd,
            Confidence::Certain,
        ),
        // Soft evidence: month/day reading keeps dates in order; day/month would jump back.
        (
            "1/5/23, 10:00 - a: x\n1/2/23, 10:00 - a: x\n1/5/23, 10:00 - a: x\n1/9/23, 10:00 - a: x\n2/1/23, 10:00 - a: x\n2/3/23, 10:00 - a: x",
            DateOrder::Mdy,
            Confidence::Inferred,
        ),
        (
            "5/1/2023, 10:00 - a: x\n2/1/2023, 10:00 - a: x\n5/1/2023, 10:00 - a: x\n9/1/2023, 10:00 - a: x\n1/2/2023, 10:00 - a: x",
            DateOrder::Dmy,
            Confidence::Inferred,
        ),
        ("1/2/23, 10:00 - a: x", DateOrder::Mdy, Confidence::Assumed),
        (
            "01.02.23, 10:00 - a: x",
            DateOrder::Dmy,
            Confidence::Assumed,
        ),
        (
            "[3/18/2565 BE, 14:56:01] a: x\n[3/27/2565 BE, 14:56:01] a: x",
            DateOrder::Mdy,
            Confidence::Certain,
        ),
    ];
    for (text, order, confidence) in cases {
        let d = detect(text);
        assert_eq!(
            (d.grammar.order, d.dialect.confidence),
            (*order, *confidence),
            "{text}: {}",
            d.dialect.reason
        );
    }
}

#[test]
fn the_dominant_shape_wins_and_others_stay_text() {
    let d =
        detect("23/03/2022, 13:31 - a: x\n2016-04-29 10:30 - meeting\n24/03/2022, 13:31 - b: y");
    assert_eq!((d.headers, d.dialect.platform), (2, Platform::Android));
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert_eq!(
        d.participants
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
}

#[test]
fn twelve_and_twenty_four_hour_headers_of_one_template_are_one_layout() {
    let d = detect(
        "12/20/18 7:26 PM - Ann: hi\n12/20/18 8:00 PM - Bob: x\n12/21/18 15:15 - Bob: yo\n12/21/18 15:16 - Cy: yo\n12/21/18 16:00 - Ann: z",
    );
    assert_eq!(
        (d.headers, d.grammar.both_clocks, d.dialect.clock),
        (5, true, Clock::H24)
    );
    assert_eq!(d.grammar.ampm, vec![("pm".to_string(), true)]);
    assert_eq!(
        d.participants
            .iter()
            .map(|p| (p.name.as_str(), p.messages))
            .collect::<Vec<_>>(),
        [("Ann", 2), ("Bob", 2), ("Cy", 1)]
    );
    assert_eq!(d.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [1]);
    // A word after the time that is no AM/PM word this table knows is no other clock: that line stays text.
    let d = detect(
        "23/03/2022, 13:31 - a: x\n24/03/2022, 10:00 meeting - room\n24/03/2022, 13:31 - b: y",
    );
    assert_eq!((d.headers, d.grammar.both_clocks), (2, false));
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
}

#[test]
fn headers_one_place_from_the_layout_count_when_dated_within_the_chat() {
    let d = detect(
        "5/19/20, 6:49 PM - Ann: hi\n5/19/20. 6:50 PM - Bob: dot\n5/19/20, 6.51 PM - Cy: x\n5/19/20, 6:52 PM Dee: x\n\
         5/19/20,6:53 PM - Eve: x\n5/19/20, 6:54 PM\nalone\n1/2/15. 1:00 PM - Log: out of the chat's dates\n\
         5/19/20, 6:55 PM - Ann: end",
    );
    assert_eq!(d.headers, 7);
    assert_eq!(
        d.participants
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Ann", "Bob", "Cy", "Dee", "Eve"]
    );
    let kinds: Vec<header::NearMiss> = d.grammar.near.iter().map(|n| n.2).collect();
    use header::NearMiss::*;
    for kind in [YearDot, TimeSep, NoDash, Glue, Alone] {
        assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
    // Detection leaves the warnings about such lines to the parser, which decides each again.
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn learns_unknown_ampm_words_from_their_order_within_a_day() {
    let d = detect(
        "1/2/23, 9:00 xa - a: x\n1/2/23, 3:00 yb - a: x\n1/3/23, 8:00 xa - a: x\n1/3/23, 4:00 yb - a: x",
    );
    assert_eq!(
        d.grammar.ampm,
        vec![("xa".to_string(), false), ("yb".to_string(), true)]
    );
    assert_eq!(d.dialect.clock, Clock::H12);
}

#[test]
fn author_words_after_the_time_are_not_ampm() {
    let d = detect(
        "02-12-18 22:55:45 Ewout: hi\n03-12-18 09:55:45 Anna: ho\n04-12-18 12:00:00 Bert: x",
    );
    assert_eq!(
        (d.grammar.shape.sep, d.dialect.clock),
        (Sep::Space, Clock::H24)
    );
    assert_eq!(d.participants.len(), 3);
}

#[test]
fn no_header_is_an_error_with_the_first_line() {
    let mut d = Detector::new();
    d.feed(1, "");
    d.feed(2, "# README");
    assert_eq!(
        d.finish(None, None),
        Err(NoHeader {
            first_line: Some("# README".into()),
            binary: false
        })
    );
}

proptest::proptest! {
    /// Leaving out the date counters for a date written as the one before gives the same detection as
    /// counting every date.
    #[test]
    fn a_repeated_date_changes_no_counter(headers in proptest::collection::vec(
        (0usize..4, proptest::bool::ANY, proptest::bool::ANY, 0u32..24),
        1..40,
    )) {
        let dates = [(3, 4, 2023), (3, 4, 23), (13, 4, 2023), (1, 12, 2022)];
        let mut text = String::new();
        for (d, pad, year2, hour) in headers {
            let (day, month, year) = dates[d];
            let year = if year2 { year % 100 } else { year };
            if pad {
                text.push_str(&format!("{day:02}/{month:02}/{year}, {hour:02}:00 - Ana: x\n"));
            } else {
                text.push_str(&format!("{day}/{month}/{year}, {hour}:00 - Ana: x\n"));
            }
        }
        let run = |every_date: bool| {
            let mut d = Detector::new();
            d.every_date = every_date;
            for (k, line) in text.lines().enumerate() {
                d.feed(k as u64 + 1, line);
            }
            d.finish(None, None)
        };
        proptest::prop_assert_eq!(run(false), run(true));
    }
}
