//! Golden tests: convert each fixture with the real binary and compare with the committed expected output.
//! `UPDATE_GOLDEN=1 cargo test --test it golden::` rewrites the expected files (review the diff by eye).

use std::fs;

use crate::common::{assert_same, fixtures, run};

/// `golden!(test_name, "fixture-dir", "chat file")`: `convert` must give `expected.json`, and `-f jsonl`
/// must give exactly the `messages` of it, one per line. Flags after the file are passed to both.
macro_rules! golden {
    ($name:ident, $dir:literal, $file:literal $(, $flag:literal)*) => {
        #[test]
        fn $name() {
            check($dir, $file, &[$($flag),*]);
        }
    };
}

fn check(dir: &str, file: &str, flags: &[&str]) {
    let dir = fixtures().join(dir);
    let input = dir.join(file);
    // The document on two threads (read beside write), JSON Lines below on one: both paths are held to the same bytes.
    let out = run(&[
        &["convert", "--quiet", "--jobs", "2"],
        flags,
        &[input.to_str().expect("utf-8 path")],
    ]
    .concat());
    assert!(
        out.status.success(),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).expect("utf-8 output");
    let expected = dir.join("expected.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&expected, &got).expect("write expected.json");
    }
    let want =
        fs::read_to_string(&expected).expect("expected.json exists (UPDATE_GOLDEN=1 creates it)");
    assert_same(&got, &want, &expected.display().to_string());

    // The document parses, and JSON Lines holds the same messages.
    let doc: serde_json::Value = serde_json::from_str(&got).expect("valid JSON");
    let out = run(&[
        &["convert", "--quiet", "-f", "jsonl", "--jobs", "1"],
        flags,
        &[input.to_str().expect("utf-8 path")],
    ]
    .concat());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(doc["messages"].as_array().expect("messages"), &lines);
}

golden!(demo_copilot, "demo", "WhatsApp Chat with Copilot.txt");
golden!(
    android_en_us_12h_nnbsp,
    "android-en_US-12h-nnbsp",
    "WhatsApp Chat with Jordan.txt"
);
golden!(
    android_es_co_12h_nbsp,
    "android-es_CO-12h-nbsp",
    "WhatsApp Chat with Michelle.txt"
);
golden!(
    android_en_ca_ymd_dots_ampm,
    "android-en_CA-ymd-dots-ampm",
    "chat.txt"
);
golden!(
    android_fa_persian_digits,
    "android-fa-persian-digits",
    "chat.txt"
);
golden!(android_fi_klo_dots, "android-fi-klo-dots", "chat.txt");
golden!(
    android_hr_trailing_dot,
    "android-hr-trailing-dot",
    "chat.txt"
);
golden!(
    android_ko_ampm_before_time,
    "android-ko-ampm-before-time",
    "chat.txt"
);
golden!(
    android_en_gb_utf16le_bom,
    "android-en_GB-utf16le-bom",
    "chat.txt"
);
golden!(android_en_gb_oddities, "android-en_GB-oddities", "chat.txt");
golden!(
    ios_en_us_24h_lrm_crlf,
    "ios-en_US-24h-lrm-crlf",
    "_chat.txt"
);
golden!(ios_de_de_12h_bom, "ios-de_DE-12h-bom", "_chat.txt");
golden!(ios_ar_arabic_digits, "ios-ar-arabic-digits", "_chat.txt");
golden!(ios_vi_time_first, "ios-vi-time-first", "_chat.txt");
golden!(ios_th_buddhist_year, "ios-th-buddhist-year", "_chat.txt");
golden!(ios_ja_era_year, "ios-ja-era-year", "_chat.txt");
golden!(legacy_en_us_colon, "legacy-en_US-colon", "chat.txt");
golden!(ios_en_group_kinds, "ios-en-group-kinds", "_chat.txt");
golden!(
    android_en_notices,
    "android-en-notices",
    "WhatsApp Chat with Family.txt"
);
golden!(ios_en_legacy_notices, "ios-en-legacy-notices", "_chat.txt");
golden!(
    android_en_month_names,
    "android-en-month-names",
    "WhatsApp Chat with Hill Walkers.txt"
);
golden!(
    android_en_us_month_first_no_year,
    "android-en_US-month-first-no-year",
    "WhatsApp Chat with Dana.zip"
);
golden!(
    android_en_gb_day_month_no_year,
    "android-en_GB-day-month-no-year",
    "chat.txt",
    "--year",
    "2013"
);
golden!(android_fr_month_names, "android-fr-month-names", "chat.txt");
golden!(
    android_en_us_mixed_clock,
    "android-en_US-mixed-clock",
    "WhatsApp Chat with Kai.txt"
);
golden!(
    android_en_us_near_miss_headers,
    "android-en_US-near-miss-headers",
    "WhatsApp Chat with Support Desk.txt"
);
golden!(
    android_en_links_code,
    "android-en-links-code",
    "WhatsApp Chat with Copilot.txt"
);
